"""Where the summary sheet's printed pages break, decided by the writer as it lays the rows out.

Left to itself a spreadsheet breaks pages wherever a page is full: a table goes on
without its header, and the last page can hold only the 报 line. The writer knows
every row's height (it sets them all), so it places the breaks itself: a heading
stays with what follows it, a table that runs on repeats its header on the new
page, and the sign-off comes with the last rows of the table above it.

The page is measured as Excel prints it at 100%: fit-to-width only ever shrinks a
sheet, so a renderer whose columns come out wider (LibreOffice without Calibri
shrinks this sheet to about 80%) fits more on a page, and reaches each of these
breaks before a page of its own would end.
"""

from __future__ import annotations

import math

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

A4_SHORT_PT = 595.28  # the page's height in landscape
MARGIN_IN = 0.7  # top and bottom; the header and footer sit inside them
TITLE_ROWS_PT = 34 + 22  # the print titles (rows 1 and 2) repeat on every page
# Excel draws each row a whole number of pixels tall (rounding up at 96 dpi): allowed for row by row,
# plus a little for the borders.
SLACK_PT = 12
PAGE_PT = A4_SHORT_PT - 2 * MARGIN_IN * 72 - TITLE_ROWS_PT - SLACK_PT
GAP_PT = 15  # the empty row between sections


def printed(height_pt: float) -> float:
    """A row's height as Excel prints it: whole pixels at 96 dpi."""
    return math.ceil(height_pt * 4 / 3 - 1e-9) * 0.75


class Pager:
    """Tracks how full the current page is and puts manual page breaks into ws.row_breaks."""

    def __init__(self, ws: Worksheet, capacity: float = PAGE_PT) -> None:
        self.ws, self.capacity = ws, capacity
        self.used = 0.0
        self.next_row: int | None = None  # the first row not yet accounted for
        self.held: tuple[int, float] | None = None  # (first row, height) of rows kept with what follows
        self.breaks: list[int] = []  # the first row of every page after the first

    def _gaps(self, row: int) -> None:
        """Rows skipped since the last unit are gaps between sections: give them a fixed height."""
        if self.next_row is None:
            self.next_row = row
        for gap in range(self.next_row, row):
            self.ws.row_dimensions[gap].height = GAP_PT
            self.used += printed(GAP_PT)
        self.next_row = max(self.next_row, row)

    def fits(self, row: int, need: float) -> bool:
        """Whether `need` points more, starting at row, still fit on the current page."""
        self._gaps(row)
        return self.used + need <= self.capacity

    def place(self, row: int, height: float, need: float | None = None, keep_with_next: bool = False,
              rows: int = 1) -> None:
        """Account for `rows` rows from row, `height` points in all, about to be written.

        need: what must fit on this page with them (a header with the first row under it; the last
        row with the sign-off); at least their own height. Rows held by keep_with_next move with
        them to a new page.
        """
        self._gaps(row)
        height = printed(height) if rows == 1 else height
        need = max(need or 0.0, height)
        start, before = self.held if self.held else (row, 0.0)
        if self.used > before and self.used + need > self.capacity:
            self.new_page(start)
            self.used = before
        self.used += height
        self.held = (start, before + height) if keep_with_next else None
        self.next_row = row + rows

    def new_page(self, row: int) -> None:
        """Start a new page at row (nothing happens at the top of a page)."""
        self._gaps(row)
        if self.used == 0 or (self.breaks and self.breaks[-1] == row):
            return
        self.ws.row_breaks.append(Break(id=row - 1))
        self.breaks.append(row)
        self.used = 0.0
