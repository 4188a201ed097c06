"""Make room for new ledger rows (or columns) by moving the office's own rows below (columns beside) the table.

New items belong directly under the last item, inside the table, so that sorting and
filtering take them along; a note row the office typed under the table moves down with
everything it carries. openpyxl's insert_rows moves only the cells, so the row heights,
merged ranges and hyperlinks of the moved rows are carried along here.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet


def make_room(ws: Worksheet, at: int, count: int) -> None:
    """Insert count empty rows before row `at`; every row from `at` down moves down by count."""
    last = ws.max_row
    heights = {r: ws.row_dimensions[r].height for r in range(at, last + 1) if ws.row_dimensions[r].height}
    below = [m.coord for m in ws.merged_cells.ranges if m.min_row >= at]
    for coord in below:
        ws.unmerge_cells(coord)
    ws.insert_rows(at, count)
    for r in range(at, at + count):
        ws.row_dimensions[r].height = None
    for r in range(at + count, last + count + 1):
        ws.row_dimensions[r].height = heights.get(r - count)
    _merge_again(ws, below, row_shift=count)
    _relink(ws.iter_rows(min_row=at + count))


def used_from(ws: Worksheet, col: int) -> bool:
    """Whether any cell at or right of column col holds something (the office's notes beside the table)."""
    return any(cell.value is not None for row in ws.iter_rows(min_col=col) for cell in row if cell.column >= col)


def make_column_room(ws: Worksheet, at: int, count: int) -> None:
    """Insert count empty columns before column `at`; every cell from `at` rightwards moves right, its content,
    look, width, merged range and hyperlink intact (formulas pointing at moved cells are not rewritten)."""
    last = ws.max_column
    widths = {c: ws.column_dimensions[get_column_letter(c)].width for c in range(at, last + 1)
              if get_column_letter(c) in ws.column_dimensions}
    right = [m.coord for m in ws.merged_cells.ranges if m.min_col >= at]
    for coord in right:
        ws.unmerge_cells(coord)
    ws.insert_cols(at, count)
    for c in range(at, last + count + 1):
        ws.column_dimensions.pop(get_column_letter(c), None)
        if widths.get(c - count):
            ws.column_dimensions[get_column_letter(c)].width = widths[c - count]
    _merge_again(ws, right, col_shift=count)
    _relink(ws.iter_rows(min_col=at + count))


def _merge_again(ws: Worksheet, coords: list[str], row_shift: int = 0, col_shift: int = 0) -> None:
    """Merge again, where their cells now stand, the ranges unmerged before the insert."""
    for coord in coords:
        moved = CellRange(coord)
        moved.shift(row_shift=row_shift, col_shift=col_shift)
        ws.merge_cells(moved.coord)


def _relink(rows) -> None:
    for row in rows:
        for cell in row:
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate  # the link is written at the cell it names
