"""Choose the cell source for a workbook: calamine where it is safe, openpyxl for the rest."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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


@contextlib.contextmanager
def open_cell_source(
    path: Path, info: WorkbookInfo, engine: str = "auto", calamine_ok: set[str] | None = None
) -> Iterator[CellSource]:
    """engine: "auto" (calamine where safe, openpyxl for the rest), "calamine" or "openpyxl".

    calamine_ok: sheets already scanned and found safe for calamine (None: scan here).
    """
    source = make_source(path, info, engine, calamine_ok)
    try:
        yield source
    finally:
        source.close()
