"""The list of findings as a sheet: 问题清单 in a marked copy, 修改意见 in a file returned to a branch.

A title, one line under it, then a table whose 单元格 column links to each cell.
It prints on A4 landscape with the header row repeated; in the office's 问题清单 the
stable code sits in a hidden last column for programs, the office reads Chinese only.
A branch's 修改意见 has no code column (IssueSheet.codes).
"""

from __future__ import annotations

from copy import copy

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xladdin.core.textwidth import lines_needed
from xladdin.marks.plan import IssueSheet
from xladdin.spec.labels import (
    ISSUE_HEADER_FILL,
    ISSUE_HEADER_ROW,
    ISSUE_HEADERS,
    ISSUE_HIDDEN_COLUMN,
    ISSUE_WIDTHS,
    SEVERITY_FILLS,
    SEVERITY_LABELS,
)
from xladdin.spec.messages import ERROR
from xladdin.xlsx.text import set_text

FONT = "宋体"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_POINTS = 14  # one line of 10-pt 宋体, with leading
MESSAGE_COLUMN = ISSUE_HEADERS.index("问题及修改方法") + 1
SEVERITY_COLUMN = ISSUE_HEADERS.index("级别") + 1
CELL_COLUMN = ISSUE_HEADERS.index("单元格") + 1
LAST = chr(ord("A") + len(ISSUE_HEADERS) - 1)
LAST_SHOWN = chr(ord(LAST) - 1)


def columns(sheet: IssueSheet) -> tuple[tuple[str, ...], tuple[int, ...], str]:
    """The sheet's headers, widths and last column: without the code column in a branch's 修改意见."""
    if sheet.codes:
        return ISSUE_HEADERS, ISSUE_WIDTHS, LAST
    return ISSUE_HEADERS[:-1], ISSUE_WIDTHS[:-1], LAST_SHOWN


def shown(sheet: IssueSheet, values: list) -> list:
    """A row's values as the sheet shows them (rows hold the code last)."""
    return values if sheet.codes else values[: len(ISSUE_HEADERS) - 1]


def write_issue_sheet(wb, sheet: IssueSheet, rows: list[tuple], index: int = 0):
    """rows: plan.issue_rows, in ISSUE_HEADERS order with the (sheet, cell) link target last."""
    ws = wb.create_sheet(sheet.name, index)
    ws.sheet_properties.tabColor = ISSUE_HEADER_FILL
    width = sum(ISSUE_WIDTHS[:-1])
    _banner(ws, 1, sheet.title, Font(name="黑体", bold=True, size=16), 30)
    _banner(ws, 2, sheet.line, Font(name=FONT, size=10.5), LINE_POINTS * lines_needed(sheet.line, width) + 6)
    head = Font(name=FONT, bold=True, size=11, color="FFFFFF")
    headers, widths, last = columns(sheet)
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(ISSUE_HEADER_ROW, c, text)
        cell.font, cell.border = head, BOX
        cell.fill = PatternFill("solid", fgColor=ISSUE_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    _body(ws, [(*shown(sheet, list(row[:-1])), row[-1]) for row in rows])
    for col, w in zip("ABCDEFG", widths, strict=False):
        ws.column_dimensions[col].width = w
    if sheet.codes:
        ws.column_dimensions[ISSUE_HIDDEN_COLUMN].hidden = True
    _print_setup(ws, last)
    wb.active = index
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    return ws


def _banner(ws, row: int, text: str, font: Font, height: float) -> None:
    ws.merge_cells(f"A{row}:{LAST_SHOWN}{row}")
    cell = ws.cell(row, 1)
    set_text(cell, text)
    cell.font = font
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = height


def _body(ws, rows: list[tuple]) -> None:
    first = ISSUE_HEADER_ROW + 1
    if not rows:
        set_text(ws.cell(first, MESSAGE_COLUMN), "未发现问题。")
        return
    # Style one cell of each kind, then stamp its style onto the rest: setting font,
    # border and alignment object by object re-hashes them for every cell and was
    # most of the cost of marking a large workbook.
    body = ws.cell(first, 1)
    body.font, body.border = Font(name=FONT, size=10), BOX
    body.alignment = Alignment(vertical="top", wrap_text=True)
    link = ws.cell(first, CELL_COLUMN)
    link._style = copy(body._style)
    link.font = Font(name=FONT, size=10, color="0563C1", underline="single")
    error = ws.cell(first, SEVERITY_COLUMN)
    error._style = copy(body._style)
    error.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[ERROR])
    body_style, link_style, error_style = copy(body._style), copy(link._style), copy(error._style)
    message_chars = ISSUE_WIDTHS[MESSAGE_COLUMN - 1] - 2
    for r, row in enumerate(rows, start=first):
        *values, (sheet, ref) = row
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            is_error = c == SEVERITY_COLUMN and value == SEVERITY_LABELS[ERROR]
            cell._style = copy(error_style if is_error else body_style)
            set_text(cell, value)  # after the stamp: it may add Excel's quote prefix
        if ref:
            cell = ws.cell(r, CELL_COLUMN)
            cell._style = copy(link_style)
            cell.hyperlink = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{ref}"
        # Rows do not grow by themselves in every viewer: size them for the wrapped message.
        ws.row_dimensions[r].height = LINE_POINTS * lines_needed(str(values[MESSAGE_COLUMN - 1]), message_chars) + 4


def _print_setup(ws, last: str) -> None:
    ws.freeze_panes = f"A{ISSUE_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{ISSUE_HEADER_ROW}:{last}{max(ws.max_row, ISSUE_HEADER_ROW + 1)}"
    ws.print_title_rows = f"{ISSUE_HEADER_ROW}:{ISSUE_HEADER_ROW}"
    ws.print_area = f"A1:{LAST_SHOWN}{max(ws.max_row, ISSUE_HEADER_ROW + 1)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
