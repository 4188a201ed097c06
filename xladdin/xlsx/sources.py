"""Choose the cell source for a workbook: the scan's own reads where it could, calamine where it is safe, openpyxl for the rest."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from xladdin.xlsx.calamine import CalamineSource, calamine_available
from xladdin.xlsx.cells import ENGINES, CellSource, OpenpyxlSource
from xladdin.xlsx.parts import WorkbookInfo

if TYPE_CHECKING:
    from xladdin.xlsx.sheet_scan import Scan


class QuickSource:
    """The named cells the sheet scan read straight from the XML (quick_cells); any other sheet from
    the next source, made only if needed: calamine (which has the openpyxl source behind it)."""

    def __init__(self, scan: Scan, slower: Callable[[], CellSource]) -> None:
        self._values = dict(scan.values)
        self._make_slower = slower
        self._slower: CellSource | None = None
        self._slow_sheets: set[str] = set()

    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]:
        found = self._values.pop(sheet, None)
        if found is not None and found[0] == frozenset(cells):
            return found[1]
        self._slow_sheets.add(sheet)
        if self._slower is None:
            self._slower = self._make_slower()
        return self._slower.read(sheet, cells)

    def formula(self, sheet: str, cell: str) -> str | None:
        # A sheet with a formula is never read from the XML here; its formulas come from the slower source.
        if sheet in self._slow_sheets and self._slower is not None:
            return self._slower.formula(sheet, cell)
        return None

    def close(self) -> None:
        if self._slower is not None:
            self._slower.close()


def make_source(path: Path, info: WorkbookInfo, engine: str = "auto", calamine_ok: set[str] | None = None,
                scan: Scan | None = None) -> CellSource:
    """scan: the sheet scan, whose reads the "auto" engine uses first (sheet_scan.scan_sheets)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
    if engine == "openpyxl":
        return OpenpyxlSource(path)
    if engine == "auto" and not calamine_available():
        slower: Callable[[], CellSource] = lambda: OpenpyxlSource(path)  # noqa: E731
    else:
        slower = lambda: CalamineSource(path, info, fallback=lambda: OpenpyxlSource(path), known_safe=calamine_ok)  # noqa: E731
    if engine == "auto" and scan is not None and scan.values:
        return QuickSource(scan, slower)
    return slower()


@contextlib.contextmanager
def open_cell_source(
    path: Path, info: WorkbookInfo, engine: str = "auto", calamine_ok: set[str] | None = None,
    scan: Scan | None = None,
) -> Iterator[CellSource]:
    """engine: "auto" (the scan's own reads, then calamine where safe, openpyxl for the rest),
    "calamine" (calamine where safe, openpyxl for the rest) or "openpyxl".

    calamine_ok: sheets already scanned and found safe for calamine (None: scan here).
    """
    source = make_source(path, info, engine, calamine_ok, scan)
    try:
        yield source
    finally:
        source.close()
