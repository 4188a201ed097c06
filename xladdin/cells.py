"""Cell value sources: one small interface, one implementation per engine.

A source reads only the cells asked for, and never more rows or columns
than the farthest of them, so a stretched sheet cannot exhaust memory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from .xlsx_parts import WorkbookInfo


class CellSource(Protocol):
    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]: ...

    def formula(self, sheet: str, cell: str) -> str | None: ...


def positions(cells: Iterable[str]) -> dict[tuple[int, int], str]:
    """(row, col) -> "B8", 1-based."""
    out = {}
    for cell in cells:
        col, row = coordinate_from_string(cell)
        out[(row, column_index_from_string(col))] = cell
    return out


class OpenpyxlSource:
    """Streams rows in read-only mode; formulas are read, cached values looked up only if needed."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook

        self._path = path
        self._load = load_workbook
        self._wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
        self._cached_wb = None
        self._formulas: dict[tuple[str, str], str] = {}

    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]:
        pos = positions(cells)
        if not pos:
            return {}
        found = self._scan(self._wb[sheet], pos)
        out = {}
        for cell, (value, data_type) in found.items():
            if data_type == "f":
                self._formulas[(sheet, cell)] = str(getattr(value, "text", value))
                value = self._cached(sheet, cell)
            out[cell] = value
        return out

    def formula(self, sheet: str, cell: str) -> str | None:
        return self._formulas.get((sheet, cell))

    def _cached(self, sheet: str, cell: str) -> object:
        if self._cached_wb is None:
            self._cached_wb = self._load(self._path, read_only=True, data_only=True, keep_links=False)
        found = self._scan(self._cached_wb[sheet], positions([cell]))
        return found.get(cell, (None, "n"))[0]

    @staticmethod
    def _scan(ws, pos: dict[tuple[int, int], str]) -> dict[str, tuple[object, str]]:
        max_row = max(r for r, _ in pos)
        max_col = max(c for _, c in pos)
        out = {}
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
            for c, cell in enumerate(row, start=1):
                if (r, c) in pos and cell is not None:
                    out[pos[(r, c)]] = (cell.value, getattr(cell, "data_type", "n"))
        return out

    def close(self) -> None:
        for wb in (self._wb, self._cached_wb):
            if wb is not None:
                wb.close()


@contextlib.contextmanager
def open_cell_source(path: Path, info: WorkbookInfo, engine: str = "auto") -> Iterator[CellSource]:
    # Only one engine for now; "auto" leaves room for a faster one.
    source = OpenpyxlSource(path)
    try:
        yield source
    finally:
        source.close()
