"""How the template's sheets look: fonts, fills, borders, protection and page setup, shared by every sheet."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.core.a1 import column_index, column_letter, split_cell
from xladdin.core.textwidth import lines_needed
from xladdin.spec import form

FONT_NAME = "宋体"
BODY_SIZE = 11
LABEL_FILL = "F2F2F2"
BLOCK_FILL = "DDEBF7"
VERDICT_FILL = "F7F7F7"
HEADER_FILL = "D9D9D9"
BORDER_COLOR = "808080"
NOTE_COLOR = "595959"
DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "0"

# Row heights in points.
TITLE_HEIGHT = 36
NOTE_HEIGHT = 30
SHORT_HEIGHT = 26
SPACER_HEIGHT = 8
BLOCK_TITLE_HEIGHT = 30
LONG_HEIGHT = 44  # three lines of 11-pt text
_thin = Side(style="thin", color=BORDER_COLOR)
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def cell_font(size: float = BODY_SIZE, bold: bool = False, color: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, color=color)


def solid_fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def split_addr(addr: str) -> tuple[str, int]:
    return split_cell(addr)


def shift_col(col: str, by: int) -> str:
    return column_letter(column_index(col) + by)


def beside(addr: str, by: int) -> str:
    col, row = split_addr(addr)
    return f"{shift_col(col, by)}{row}"


def label_cell(field: form.Field) -> str:
    """The label sits in the column left of the field's value cell."""
    return beside(field.cell, -1)


def abs_ref(sheet: str, addr: str) -> str:
    col, row = split_addr(addr)
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!${col}${row}"


def cells_in(ws: Worksheet, rng: str) -> list:
    if ":" not in rng:
        return [ws[rng]]
    return [cell for row in ws[rng] for cell in row]


def style_range(ws: Worksheet, rng: str, *, font: Font, fill: str | None, locked: bool,
           align: Alignment, border: bool = True, number_format: str | None = None) -> None:
    for cell in cells_in(ws, rng):
        cell.font = font
        if fill:
            cell.fill = solid_fill(fill)
        cell.protection = LOCKED if locked else UNLOCKED
        cell.alignment = align
        if border:
            cell.border = BORDER
        if number_format:
            cell.number_format = number_format


def put_merged(ws: Worksheet, rng: str, value: object, **style: object) -> None:
    first = rng.split(":")[0]
    ws[first] = value
    style_range(ws, rng, **style)  # type: ignore[arg-type]
    if ":" in rng:
        ws.merge_cells(rng)


LABEL_STYLE = dict(font=cell_font(bold=True), fill=LABEL_FILL, locked=True,
              align=Alignment(horizontal="center", vertical="center", wrap_text=True))
BLANK_STYLE = dict(font=cell_font(), fill=None, locked=True, align=Alignment(vertical="center", wrap_text=True))


def input_style(kind: str) -> dict[str, object]:
    vertical = "top" if kind in form.WIDE_KINDS else "center"
    fmt = {form.DATE: DATE_FORMAT, form.INT: INT_FORMAT}.get(kind)
    centred = kind in (form.STATUS, form.DATE, form.INT)
    align = Alignment(horizontal="center" if centred else "left", vertical=vertical, wrap_text=True,
                      indent=0 if centred else 1)
    return dict(font=cell_font(), fill=form.INPUT_FILL, locked=False, number_format=fmt, align=align)


def value_range(field: form.Field) -> str:
    if field.kind not in form.WIDE_KINDS:
        return field.cell
    _, row = split_addr(field.cell)
    return f"{field.cell}:{form.LAST_COL}{row}"


def page_setup(ws: Worksheet, last_row: int, title_rows: str | None = "1:1", pages_tall: int = 0) -> None:
    """A4 portrait, one page wide; pages_tall=0 lets the form run on as long as it needs."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.4, footer=0.4)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{last_row}"
    ws.oddHeader.right.text = "&A"
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False


def protect(ws: Worksheet) -> None:
    """Protection on, no password; people may still resize and format."""
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def est_height(text: str, width: float, size: float = BODY_SIZE) -> float:
    """Row height in points for text wrapped in a box `width` characters wide."""
    lines = lines_needed(text, (width - 1) * 11 / size)
    return max(SHORT_HEIGHT - 6, lines * size * 1.45 + 8)


def abs_range(sheet: str, rng: str) -> str:
    a, b = rng.split(":")
    return abs_ref(sheet, a) + ":" + abs_ref(sheet, b).split("!")[1]
