"""The fast cell source: python-calamine (Rust) for values, openpyxl only where calamine must not go.

calamine builds a dense grid of a whole sheet, so a single cell at XFD1048576
aborts the process. Before a sheet reaches it, a bounded byte scan of the
sheet XML checks its extents; a sheet that is too big, stretched, or holds
formulas (calamine gives cached values but not formula text) is read by the
openpyxl source instead, which streams only up to the farthest named cell.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from xladdin.core.a1 import column_index
from xladdin.xlsx.cells import CellSource, plain, positions
from xladdin.xlsx.parts import WorkbookInfo

# A branch form's sheet XML is ~15 KB; anything far bigger is not a form
# calamine should hold whole in memory.
MAX_SHEET_XML = 8 * 1024 * 1024
MAX_CELLS = 1_000_000  # rows x columns of the grid calamine would build
MAX_ROWS = 100_000

# <f> in a cell, with or without a namespace prefix (not <formula1> or <filterColumn>).
_FORMULA_TAG = re.compile(rb"<f[>\s/]")
_PREFIXED_FORMULA_TAG = re.compile(rb":f[>\s/]")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
# r="B12" on a cell, r="12" on a row; r:id= and ref= do not match.
# A literal leading space keeps these scans fast; an r= after a newline or tab
# only makes the cell count disagree, and the sheet goes to openpyxl.
_CELL_COLS = re.compile(rb' r="([A-Z]{1,3})\d')
_ANY_ROW = re.compile(rb' r="[A-Z]{0,3}(\d{1,9})"')
_BIG_REF = re.compile(rb' r="\$?(?:[A-Z]{2}|[A-Z]{0,3}\$?\d{5})')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_DIM_CORNER = re.compile(rb"\$?([A-Z]{1,3})\$?(\d{1,9})")


def calamine_available() -> bool:
    return importlib.util.find_spec("python_calamine") is not None


def _has_formula(xml: bytes) -> bool:
    # Two patterns that each open with a literal, so the regex engine can skip
    # ahead in C; one pattern opening with a character class ([<:]f) was ten
    # times slower over thousands of sheets.
    return _FORMULA_TAG.search(xml) is not None or _PREFIXED_FORMULA_TAG.search(xml) is not None


def sheet_is_safe(xml: bytes) -> bool:
    """True if calamine may load this sheet: small, no formulas, cells within bounds."""
    if len(xml) > MAX_SHEET_XML or _has_formula(xml):
        return False
    if b't="e"' in xml or b"t='e'" in xml:
        return False  # calamine reads an error cell (#N/A) as empty text; openpyxl gives its value
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return False  # calamine would skip a DTD silently; openpyxl's defusedxml refuses it, with our message
    if b"<c\n" in xml or b"<c\t" in xml or b"<c\r" in xml or b"\nr=" in xml or b"\tr=" in xml or b"\rr=" in xml:
        return False  # unusual whitespace would slip past the byte scans below
    # Fast path, C-level only: every cell starts <c r="..." (as Excel and openpyxl
    # write it), no column beyond Z, no row beyond 9999: at most 260,000 cells.
    dim = _DIMENSION.search(xml, 0, 4096)
    if (
        xml.count(b"<c ") == xml.count(b'<c r="')
        and b"<c>" not in xml
        and b"<c/>" not in xml
        and b":c " not in xml
        and not _BIG_REF.search(xml)
        and not (dim and _BIG_REF.search(b" r=\"" + dim[1].replace(b":", b"\" r=\"")))
    ):
        return True
    cols = _CELL_COLS.findall(xml)
    if b":c" in xml:  # a prefixed namespace: count cells the slow way
        n_cells = len(_CELL_OPEN.findall(xml))
    else:
        n_cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    if len(cols) != n_cells:
        return False  # a cell without r= sits wherever its order puts it: let openpyxl stream it
    rows = _ANY_ROW.findall(xml)
    if dim:
        corners = _DIM_CORNER.findall(dim[1])  # a stretched <dimension> is a warning sign too
        cols += [c for c, _ in corners]
        rows += [r for _, r in corners]
    try:
        max_col = max((column_index(c.decode()) for c in set(cols)), default=0)
    except ValueError:
        return False
    max_row = max(map(int, rows), default=0)
    return max_row <= MAX_ROWS and max_row * max_col <= MAX_CELLS


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
        for (r, c), cell in pos.items():
            if r <= len(rows) and c <= len(rows[r - 1]):
                out[cell] = plain(rows[r - 1][c - 1])
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
