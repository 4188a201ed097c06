"""Make room for new ledger rows under the table by moving the office's own rows below it down.

New items belong directly under the last item, inside the table, so that sorting and
filtering take them along; a note row the office typed under the table moves down with
everything it carries. openpyxl's insert_rows moves only the cells, so the row heights,
merged ranges and hyperlinks of the moved rows are carried along here.
"""

from __future__ import annotations

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
    for coord in below:
        moved = CellRange(coord)
        moved.shift(row_shift=count)
        ws.merge_cells(moved.coord)
    for row in ws.iter_rows(min_row=at + count):
        for cell in row:
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate  # the link is written at the cell it names
