"""What the office typed on the 回收情况 sheet, carried into the one collect --into writes in its place.

The sheet is rewritten each round from this run's rows, but what a person typed is never lost:
the 说明 lines of a branch's row that are not ours (no notice of spec.loop_text says them), and
every cell outside our table (an office column to the right, memo rows below, a note beside the
title) go into the new sheet unchanged: by branch for the rows of the table, keeping their place
right of the table and below it. Our cells are found by the header row's names, as collected.py
reads them, so a sheet whose columns the office moved is read the same.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.core.normalize import clean_text
from xladdin.spec.loop_text import (
    COLLECTION_HEADERS,
    COLLECTION_SECTIONS,
    COLLECTION_SHEET_HEADER,
    NOTICES,
    STATUS_LABELS,
    WEB_NOTICES,
)

_HEADER_ROWS = 20  # the header row is looked for in the first rows
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _pattern(line: str) -> re.Pattern[str] | None:
    parts = _PLACEHOLDER.split(line)
    if sum(len(p.strip()) for p in parts) < 2:
        return None  # all placeholder ("{note}"): says nothing about whose line it is
    return re.compile(".*?".join(re.escape(p) for p in parts) + r"\Z", re.S)


_OURS = [p for book in (NOTICES, WEB_NOTICES) for text in book.values()
         for line in text.split("\n") if (p := _pattern(line)) is not None]


def ours(line: str) -> bool:
    """Whether a 说明 line is one of the notices collect writes."""
    return any(p.match(line) for p in _OURS)


@dataclass
class _Cell:
    value: object
    style: object
    where: str  # "top", "branch", "mid", "below"
    row: int  # top: the row; branch: -; mid: rows after the last branch row; below: rows after our table
    col: int  # top/branch: columns right of our table; mid/below: the column
    branch: str = ""


@dataclass
class OfficeSheet:
    notes: dict[str, list[str]] = field(default_factory=dict)  # branch (sheet name, else full name) -> office lines
    cells: list[_Cell] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)  # columns right of our table, by offset

    def __bool__(self) -> bool:
        return bool(self.cells or any(self.notes.values()))


def read_office(ws: Worksheet) -> OfficeSheet:
    """What the office added to an old 回收情况 sheet of ours."""
    out = OfficeSheet()
    text = {(c.row, c.column): clean_text(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    header = next((r for r in range(1, _HEADER_ROWS + 1)
                   if {"党支部", "状态"} <= {text.get((r, c)) for c in range(1, ws.max_column + 1)}), None)
    if header is None:
        return out
    known = (*COLLECTION_HEADERS, COLLECTION_SHEET_HEADER)
    cols = {text[(header, c)]: c for c in range(1, ws.max_column + 1) if text.get((header, c)) in known}
    last = max(cols.values())
    labels = set(STATUS_LABELS.values())
    branches: dict[int, str] = {}
    r = header + 1
    while text.get((r, cols["状态"])) in labels and text.get((r, cols["党支部"])):
        # By its sheet name when the row has one: the office may correct a full name between rounds.
        branches[r] = text.get((r, cols.get(COLLECTION_SHEET_HEADER, 0))) or text[(r, cols["党支部"])]
        r += 1
    last_branch = r - 1
    blocks: set[int] = set()  # our rows below the branches: 未采用的文件, 其他说明
    for r in range(last_branch + 1, ws.max_row + 1):
        if text.get((r, 1)) in COLLECTION_SECTIONS:
            while any(text.get((r, c)) for c in range(1, last + 1)):
                blocks.add(r)
                r += 1
    end = max(blocks, default=last_branch)
    extra = sorted({c for (r, c) in text if c <= last and c not in cols.values()})  # office columns inside our range
    right = max((c for (_, c) in text), default=last)

    def offset(c: int) -> int:
        return c - last if c > last else right - last + 1 + extra.index(c)

    for row in ws.iter_rows():
        for c in row:
            if c.value is None or (isinstance(c.value, str) and not c.value.strip()):
                continue
            r, col, ours_col = c.row, c.column, c.column in cols.values()
            keep = _Cell(c.value, copy(c._style), "", r, col)
            if r <= header:
                if ours_col or (col <= last and r < header):
                    continue  # title, subtitle (merged over our columns), our header
                keep.where, keep.col = "top", offset(col)
            elif r in branches:
                if col == cols.get("说明"):
                    lines = [ln for ln in str(c.value).split("\n") if ln.strip() and not ours(ln.strip())]
                    out.notes.setdefault(branches[r], []).extend(lines)
                    continue
                if ours_col:
                    continue
                keep.where, keep.col, keep.branch = "branch", offset(col), branches[r]
            elif r in blocks and col <= last:
                continue
            elif r > end:
                keep.where, keep.row = "below", r - end
            else:
                keep.where, keep.row = "mid", r - last_branch
            out.cells.append(keep)
    for c in range(last + 1, right + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        if dim is not None and dim.width:
            out.widths[c - last] = dim.width
    return out


def write_office(ws: Worksheet, kept: OfficeSheet, rows: dict[str, int], last: int, last_branch: int) -> None:
    """Put what the office added back into the new sheet (rows: branch -> its row; last: our last column)."""
    end = ws.max_row
    lost = 0
    for k in kept.cells:
        if k.where == "top":
            r, c = k.row, last + k.col
        elif k.where == "branch" and k.branch in rows:
            r, c = rows[k.branch], last + k.col
        elif k.where == "branch":  # its branch left the list: under our table, not dropped
            lost += 1
            r, c = end + 1 + lost, last + k.col
        else:
            r, c = (end + k.row, k.col) if k.where == "below" else (last_branch + k.row, k.col)
            if k.where == "mid" and (r <= end and c <= last):
                r = end + k.row  # beside our sections no more: under them
        cell = ws.cell(row=r, column=c)
        cell.value = k.value
        cell._style = copy(k.style)  # type: ignore[assignment]
    for off, width in kept.widths.items():
        ws.column_dimensions[get_column_letter(last + off)].width = width
