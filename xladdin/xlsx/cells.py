"""Cell value sources: one small interface, one implementation per engine.

A source reads only the cells asked for, and never more rows or columns
than the farthest of them, so a stretched sheet cannot exhaust memory.
Every source hands back *plain* values (see plain()), so the engines agree
cell for cell and the checks never see which one read the file.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from xladdin.core.a1 import row_col

ENGINES = ("auto", "calamine", "openpyxl")
# Chinese-locale built-in date/time formats. They have no format code in the
# file, so openpyxl reads them as plain numbers while Excel, WPS and calamine
# show dates; we side with Excel.
CJK_DATE_FORMAT_IDS = frozenset((*range(27, 37), *range(50, 59)))
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class CellSource(Protocol):
    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]: ...

    def formula(self, sheet: str, cell: str) -> str | None: ...

    def close(self) -> None: ...


def positions(cells: Iterable[str]) -> dict[tuple[int, int], str]:
    """(row, col) -> "B8", 1-based."""
    return {row_col(cell): cell for cell in cells}


def plain(value: object) -> object:
    """The one form of a cell value that every engine returns.

    Empty text is no value; whole floats are ints (Excel stores 34 and 34.0
    alike); a date is a datetime at midnight; times keep millisecond precision,
    as openpyxl rounds them.
    """
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime):
        return _round_ms(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time):
        return _round_ms(value)
    return value


def _round_ms(value):
    ms = round(value.microsecond, -3)
    return value.replace(microsecond=ms) if ms < 1_000_000 else value


def unescape_xml_text(text: str) -> str:
    """Excel's _xHHHH_ escapes (e.g. _x000D_ for a carriage return), as calamine decodes them."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


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

    def _scan(self, ws, pos: dict[tuple[int, int], str]) -> dict[str, tuple[object, str]]:
        max_row = max(r for r, _ in pos)
        max_col = max(c for _, c in pos)
        out = {}
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
            for c, cell in enumerate(row, start=1):
                if (r, c) in pos and cell is not None:
                    data_type = getattr(cell, "data_type", "n")
                    out[pos[(r, c)]] = (self._plain(ws, cell, data_type), data_type)
        return out

    @staticmethod
    def _plain(ws, cell, data_type: str) -> object:
        value = cell.value
        if data_type == "f":
            return value  # the formula object; its cached value is read separately
        if isinstance(value, str):
            return plain(unescape_xml_text(value))
        if data_type == "n" and isinstance(value, int | float) and not isinstance(value, bool):
            style = getattr(cell, "style_array", None)
            if style is not None and style.numFmtId in CJK_DATE_FORMAT_IDS:
                from openpyxl.utils.datetime import from_excel

                with contextlib.suppress(ValueError, OverflowError):
                    value = from_excel(value, ws.parent.epoch)
        return plain(value)

    def close(self) -> None:
        for wb in (self._wb, self._cached_wb):
            if wb is not None:
                wb.close()
