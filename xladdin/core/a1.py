"""A1 cell addresses, in pure Python.

The check path must not import openpyxl (its package __init__ pulls numpy and
costs more than half a second), so the readers use these instead of
openpyxl.utils.cell. Same results for valid addresses.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_COL = 16384  # XFD, Excel's last column
# openpyxl accepts up to ZZZ and any row >= 1; so do we, so both readers agree.
_LAST_COL = 18278
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=4096)
def column_index(letters: str) -> int:
    """"A" -> 1, "XFD" -> 16384."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"bad column {letters!r}")
        n = n * 26 + ord(ch) - 64
    if not 1 <= n <= _LAST_COL:
        raise ValueError(f"column out of range: {letters!r}")
    return n


def column_letter(index: int) -> str:
    """1 -> "A", 16384 -> "XFD"."""
    if not 1 <= index <= _LAST_COL:
        raise ValueError(f"column out of range: {index}")
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


@lru_cache(maxsize=8192)  # every branch sheet names the same few dozen cells
def split_cell(cell: str) -> tuple[str, int]:
    """"$B$8" -> ("B", 8)."""
    m = _CELL.match(cell.strip())
    if not m or int(m[2]) < 1:
        raise ValueError(f"bad cell address {cell!r}")
    return m[1].upper(), int(m[2])


@lru_cache(maxsize=8192)
def row_col(cell: str) -> tuple[int, int]:
    """"B8" -> (8, 2), 1-based."""
    letters, row = split_cell(cell)
    return row, column_index(letters)


def offset(cell: str, rows: int, cols: int) -> str:
    """The address `rows` down and `cols` right of cell: offset("B8", -1, 2) == "D7"."""
    row, col = row_col(cell)
    return f"{column_letter(col + cols)}{row + rows}"
