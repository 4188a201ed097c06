"""The fast cell source: python-calamine (Rust) for values, openpyxl only where calamine must not go.

calamine builds a dense grid over a sheet's value cells, so a single value at
XFD1048576 aborts the process. Before a sheet reaches it, a byte scan of the
sheet XML (xladdin.xlsx.calamine_safety) checks where its value cells lie; a
sheet that is too big, stretched, or holds formulas (calamine gives cached
values but not formula text) is read by the openpyxl source instead, which
streams only up to the farthest named cell.
"""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from xladdin.xlsx.calamine_safety import MAX_CELLS, MAX_ROWS, MAX_SHEET_XML, sheet_is_safe
from xladdin.xlsx.cells import CellSource, plain, positions
from xladdin.xlsx.parts import WorkbookInfo

__all__ = ["MAX_CELLS", "MAX_ROWS", "MAX_SHEET_XML", "CalamineSource", "calamine_available", "sheet_is_safe"]


def calamine_available() -> bool:
    return importlib.util.find_spec("python_calamine") is not None


class CalamineSource:
    def __init__(
        self, path: Path, info: WorkbookInfo, fallback: Callable[[], CellSource], known_safe: set[str] | None = None
    ) -> None:
        from python_calamine import CalamineWorkbook

        self._wb = CalamineWorkbook.from_path(str(path))
        self._zip = zipfile.ZipFile(path)
        self._parts = {s.name: s.part for s in info.sheets}
        self._make_fallback = fallback
        self._fallback: CellSource | None = None
        self._fallback_sheets: set[str] = set()
        # Sheets the reader already scanned; anything else is scanned on demand.
        self._known_safe = known_safe if known_safe is not None else set()

    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]:
        pos = positions(cells)
        if not pos:
            return {}
        if not self._safe(sheet):
            self._fallback_sheets.add(sheet)
            return self._other().read(sheet, cells)
        from python_calamine import CalamineError

        try:
            rows = self._wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=max(r for r, _ in pos))
        except CalamineError:
            # A part calamine cannot parse: openpyxl decides, with its own messages.
            self._fallback_sheets.add(sheet)
            return self._other().read(sheet, cells)
        out = {}
        height = len(rows)
        for (r, c), cell in pos.items():
            if r <= height and c <= len(row := rows[r - 1]):
                value = row[c - 1]
                # Text is most of a form: plain() of a str is the str, or None if empty.
                out[cell] = (value or None) if value.__class__ is str else plain(value)
        return out

    def formula(self, sheet: str, cell: str) -> str | None:
        # Sheets with formulas never reach calamine; their formulas come from openpyxl.
        if sheet in self._fallback_sheets and self._fallback is not None:
            return self._fallback.formula(sheet, cell)
        return None

    def _safe(self, sheet: str) -> bool:
        if sheet in self._known_safe:
            return True
        part = self._parts.get(sheet)
        try:
            member = self._zip.getinfo(part) if part else None
        except KeyError:
            member = None
        if member is None or member.file_size > MAX_SHEET_XML:
            return False
        return sheet_is_safe(self._zip.read(member))

    def _other(self) -> CellSource:
        if self._fallback is None:
            self._fallback = self._make_fallback()
        return self._fallback

    def close(self) -> None:
        self._wb.close()
        self._zip.close()
        if self._fallback is not None:
            self._fallback.close()
