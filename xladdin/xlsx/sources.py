"""Choose the cell source for a workbook: cells the scan read already, calamine where it is safe, openpyxl for the rest."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from xladdin.xlsx.calamine import CalamineSource, calamine_available
from xladdin.xlsx.cells import ENGINES, CellSource, OpenpyxlSource
from xladdin.xlsx.parts import WorkbookInfo


def make_source(path: Path, info: WorkbookInfo, engine: str = "auto", calamine_ok: set[str] | None = None) -> CellSource:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
    if engine == "openpyxl":
        return OpenpyxlSource(path)
    if engine == "auto" and not calamine_available():
        return OpenpyxlSource(path)
    return CalamineSource(path, info, fallback=lambda: OpenpyxlSource(path), known_safe=calamine_ok)


class PrereadSource:
    """The cells the scan read from plain sheets (sheet_scan, plain_read); any other cell from the next source.

    The next source is opened at once, even when no cell is left for it: calamine
    reads the shared strings and the styles when it opens, and refuses a workbook
    whose parts are damaged. This reader must refuse the same workbooks.
    """

    def __init__(self, values: dict[str, dict[str, object]], next_source: CellSource) -> None:
        self._values = values
        self._next = next_source

    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]:
        have = self._values.get(sheet)
        if have is not None:
            cells = list(cells)
            if all(cell in have for cell in cells):
                return {cell: have[cell] for cell in cells}
        return self._next.read(sheet, cells)

    def formula(self, sheet: str, cell: str) -> str | None:
        # A plain sheet has no formula; the others are read, formulas and all, by the next source.
        return None if sheet in self._values else self._next.formula(sheet, cell)

    def close(self) -> None:
        self._next.close()


@contextlib.contextmanager
def open_cell_source(
    path: Path, info: WorkbookInfo, engine: str = "auto", calamine_ok: set[str] | None = None,
    preread: dict[str, dict[str, object]] | None = None,
) -> Iterator[CellSource]:
    """engine: "auto" (cells the scan read, calamine where safe, openpyxl for the rest), "calamine" or "openpyxl".

    calamine_ok: sheets already scanned and found safe for calamine (None: scan here).
    preread: sheet -> cell values the scan read (Scan.values); used by "auto" only.
    """
    source = make_source(path, info, engine, calamine_ok)
    if engine == "auto" and preread:
        source = PrereadSource(preread, source)
    try:
        yield source
    finally:
        source.close()
