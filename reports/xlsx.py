"""The one openpyxl adapter: writes a Summary (DataFrames) and its charts onto a worksheet.

Every string goes through set_text, so branch text such as "=HYPERLINK(...)"
or "#N/A" stays literal. Only values are written: no formulas, no links.
The sheet uses one column grid; a table column may span several grid columns,
so narrow and wide tables share the page without fighting over widths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.chart_model import Chart
from reports.pages import GAP_PT, Pager
from reports.phrasing import filled
from reports.progress import PROGRESS_TITLE
from reports.tables import FORMATS, OVERDUE, Summary, closed_but_failing_note
from reports.wording import chinese_date
from xladdin.core.textwidth import display_width, wrap_lines
from xladdin.spec import form
from xladdin.spec.labels import PENDING_TEXT, SEVERITY_LABELS, VERDICT_FILLS, VERDICT_TEXT_COLOURS, verdict_text
from xladdin.spec.messages import ERROR
from xladdin.xlsx.text import set_text

GRID = (14, *(11,) * 11)  # column widths in Excel's character units
WIDTH = len(GRID)
BODY = "宋体"
HEAD = "黑体"
BODY_SIZE = 10.5  # 五号, the usual size of an office's tables
LINE_PT = 15  # one wrapped line of BODY_SIZE, with CJK line spacing
PX_PER_ROW = 20  # a 15 pt row at 96 dpi
LINK_COLOUR = "0563C1"
HEADING_PT = 22
LEGEND_PT = 15
TRACE_PT = 15
SIGN_PT = 18  # the office and the date, in 12 pt

SPANS = {
    "matrix": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "criteria": (1, 7, 1, 1, 1, 1),
    "remedies": (1, 1, 3, 3, 1, 2, 1),
    "findings": (1, 1, 1, 9),
    "highlights": (1, 7, 4),
    "progress": (1, 1, 1, 1, 1, 1, 1, 1),  # one grid column each: the counts sit centred
    "overdue": (1, 1, 7, 1, 2),  # 完成时限 as wide as in the 补课清单: 2010年9月10日 never breaks
}
# What a blank cell of these tables reads: the reader sees that nothing was filled, not a gap in the table.
# The branch's 无 or / counts as blank here as in the checks.
NOT_FILLED = "未填写"
BLANKS = {
    "remedies": dict.fromkeys(("存在不足", "补课措施", "责任人", "完成时限"), NOT_FILLED),
    "overdue": dict.fromkeys(("补课措施", "责任人", "完成时限"), NOT_FILLED),
}
# Columns centred whatever their cells hold: a 完成时限 the branch wrote as text (“9月底”) sits where the dates do.
CENTRED_COLUMNS = frozenset({"完成时限"})
PLACEHOLDER_COLOUR = "808080"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
# Cell text that carries a state gets the state's colour (the matrix symbols, overdue, errors).
FLAGS = {
    **{verdict_text(v): (VERDICT_FILLS[v], VERDICT_TEXT_COLOURS[v]) for v in form.ALL_VERDICTS},
    PENDING_TEXT: (VERDICT_FILLS[form.UNREPORTED], VERDICT_TEXT_COLOURS[form.UNREPORTED]),
    OVERDUE: (VERDICT_FILLS[form.INCOMPLETE], VERDICT_TEXT_COLOURS[form.INCOMPLETE]),
    SEVERITY_LABELS[ERROR]: (None, VERDICT_TEXT_COLOURS[form.INCOMPLETE]),
}


def write_summary(ws: Worksheet, summary: Summary, charts: Sequence[Chart], office: bool = False) -> None:
    """Lay the whole summary out on ws, top to bottom, and set it up for A4 printing.

    office=False is the workbook that goes up the line: no cell addresses, codes or hashes,
    one sentence on the forms sent back for correction. office=True is the 汇总 sheet in the
    office's marked copy: the trace line, the 问题清单, and links from each verdict, 补课 item
    and finding to its cell on the branch sheet.
    """
    for i, width in enumerate(GRID, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    pages = Pager(ws)
    row = _title(ws, summary, office, pages)
    number = iter("一二三四五六七八九")
    row = _heading(ws, row, f"{next(number)}、总体情况", pages)
    closing = summary.office_errors if office else summary.returned
    for paragraph in [*summary.narrative, *([closing] if closing else [])]:
        row = _line(ws, row, "　　" + paragraph, pages)
    row = _heading(ws, row + 1, f"{next(number)}、各支部完成情况", pages)
    row = _table(ws, row, summary.matrix, SPANS["matrix"], pages, links=_matrix_links(summary) if office else None,
                 tail=LEGEND_PT)
    row = _legend(ws, row, pages)
    # Charts open page 2: an image cannot split across pages, a table can.
    pages.new_page(row + 1)
    row = _heading(ws, row + 1, f"{next(number)}、统计图", pages)
    row = _images(ws, row, charts, pages)
    row = _heading(ws, row, f"{next(number)}、五个方面完成情况", pages)
    row = _table(ws, row, summary.criteria, SPANS["criteria"], pages)
    row = _heading(ws, row + 1, f"{next(number)}、补课清单（缺什么补什么）", pages)
    row = _table(ws, row, summary.remedies, SPANS["remedies"], pages, empty="各支部没有需要补课的事项。",
                 links=_remedy_links(summary) if office else None, blanks=BLANKS["remedies"])
    if note := closed_but_failing_note(summary):
        row = _line(ws, row, note, pages)
    if summary.progress is not None:
        row = _heading(ws, row + 1, f"{next(number)}、{PROGRESS_TITLE}", pages)
        row = _table(ws, row, summary.progress, SPANS["progress"], pages, empty="整改台账中没有这些支部的补课事项。")
        overdue = len(summary.overdue)
        row = _line(ws, row, "逾期事项：" if overdue else "逾期事项：无。", pages, keep_with_next=bool(overdue))
        if overdue:
            row = _table(ws, row, summary.overdue, SPANS["overdue"], pages, blanks=BLANKS["overdue"])
    if office:
        row = _heading(ws, row + 1, f"{next(number)}、问题清单", pages)
        row = _table(ws, row, summary.findings, SPANS["findings"], pages, empty="未发现问题。",
                     links=_finding_links(summary))
    row = _heading(ws, row + 1, f"{next(number)}、工作亮点和先进典型", pages)
    # The sign-off and the 报 line come with the last rows above them, never on a page of their own.
    row = _table(ws, row, summary.highlights, SPANS["highlights"], pages, empty="各支部未填写工作亮点和先进典型。",
                 tail=GAP_PT + _sign_off_height(summary))
    row = _sign_off(ws, row + 1, summary, pages)
    _print_setup(ws, summary, row - 1, office)
    # Charts drawn elsewhere (LateChart) are waited for here, when the sheet is laid out: a failure to
    # draw them (no Chinese font) is raised by us, before the workbook is saved.
    for chart in charts:
        chart.png  # noqa: B018 - the access is the wait


def _link(summary: Summary, sheet: str, field: str) -> str | None:
    cell = summary.cells.get(sheet, {}).get(field)
    return f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}" if cell else None


def _matrix_links(summary: Summary) -> list[list[str | None]]:
    """Each verdict links to the criterion's 完成情况 cell on the branch sheet."""
    return [[None, *(_link(summary, sheet, form.cname(c.id, "status")) for c in form.CRITERIA), None, None, None, None]
            for sheet in summary.verdicts.index]


def _remedy_links(summary: Summary) -> list[list[str | None]]:
    """Each 补课 item links its 项目 to the 完成情况 cell and its text to the 存在不足 and 补课措施 cells."""
    return [[None, _link(summary, sheet, form.cname(cid, "status")),
             _link(summary, sheet, form.cname(cid, "shortcomings")), _link(summary, sheet, form.cname(cid, "remedy")),
             _link(summary, sheet, form.cname(cid, "owner")), _link(summary, sheet, form.cname(cid, "deadline")), None]
            for sheet, cid in summary.remedy_keys]


def _finding_links(summary: Summary) -> list[list[str | None]]:
    out = []
    for sheet, cell in summary.finding_keys:
        target = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}" if cell else None
        out.append([None, target, None, None])
    return out


# ---- building blocks -------------------------------------------------------


def _put(cell, value: object) -> None:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars -> int / float
    if value is None or (isinstance(value, float) and math.isnan(value)):
        cell.value = None
    elif isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


def _font(size: float = BODY_SIZE, bold: bool = False, colour: str | None = None, name: str = BODY,
          underline: bool = False) -> Font:
    return Font(name=name, size=size, bold=bold, color=colour, underline="single" if underline else None)


def _block(ws: Worksheet, row: int, col: int, span: int, value: object, *, font: Font, align: Alignment,
           fill: PatternFill | None = None, border: Border | None = None) -> None:
    """One value over `span` grid columns, styled as a whole."""
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
    _put(ws.cell(row, col), value)
    for c in range(col, col + span):
        cell = ws.cell(row, c)
        cell.font, cell.alignment = font, align
        if fill:
            cell.fill = fill
        if border:
            cell.border = border


def _wrapped(value: object, width: float, size: float = BODY_SIZE) -> tuple[object, int]:
    """Text broken into lines that fit the cell, as Chinese is set (no orphan punctuation), and their count.

    Breaking the lines here, not in the viewer, keeps them the same in Excel, WPS and
    LibreOffice, and lets the row be exactly as tall as its lines. width is in Excel's
    character units; a character of the body font takes two, less the cell's padding.
    """
    if not isinstance(value, str) or not value:
        return value, 1
    lines = wrap_lines(value, (width - 1.5) * BODY_SIZE / size)
    return "\n".join(lines), len(lines)


def _height(lines: int, size: float = BODY_SIZE) -> float:
    return lines * LINE_PT * size / BODY_SIZE + 5


def _fit_height(ws: Worksheet, row: int, lines: int, size: float = BODY_SIZE) -> None:
    """Excel does not grow merged rows to fit wrapped text, so set the height ourselves."""
    ws.row_dimensions[row].height = _height(lines, size)


def _span_width(col: int, span: int) -> float:
    return sum(GRID[col - 1 : col - 1 + span])


def _title(ws: Worksheet, summary: Summary, office: bool, pages: Pager) -> int:
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _block(ws, 1, 1, WIDTH, summary.title, font=_font(18, True, name=HEAD), align=centre)
    ws.row_dimensions[1].height = 34
    _block(ws, 2, 1, WIDTH, summary.subtitle, font=_font(12, name=BODY), align=centre)
    ws.row_dimensions[2].height = 22
    if not office:
        return 3  # the trace goes into the workbook's properties, not onto the page
    pages.place(3, TRACE_PT)
    _block(ws, 3, 1, WIDTH, summary.trace, font=_font(8.5, colour="595959"), align=Alignment(horizontal="right"))
    ws.row_dimensions[3].height = TRACE_PT
    return 4


def _heading(ws: Worksheet, row: int, text: str, pages: Pager) -> int:
    pages.place(row, HEADING_PT, keep_with_next=True)  # never the last line of a page
    _block(ws, row, 1, WIDTH, text, font=_font(12, True, name=HEAD), align=Alignment(vertical="center"))
    ws.row_dimensions[row].height = HEADING_PT
    return row + 1


def _line(ws: Worksheet, row: int, text: str, pages: Pager, keep_with_next: bool = False, tail: float = 0) -> int:
    text, lines = _wrapped(text, _span_width(1, WIDTH))
    pages.place(row, _height(lines), need=_height(lines) + tail, keep_with_next=keep_with_next)
    _block(ws, row, 1, WIDTH, text, font=_font(), align=Alignment(vertical="top", wrap_text=True))
    _fit_height(ws, row, lines)
    return row + 1


def _table(ws: Worksheet, row: int, frame: pd.DataFrame, spans: Sequence[int], pages: Pager, empty: str = "无。",
           links: list[list[str | None]] | None = None, blanks: dict[str, str] | None = None,
           tail: float = 0) -> int:
    """links: per row, per column, an in-book link target ("#'运一'!B9") or None.
    blanks: column -> what its blank cells read, in grey.
    tail: the height of what must follow the last row on its page (the legend, the sign-off).

    A table that runs onto the next page starts it with its header again.
    """
    if frame.empty:
        return _line(ws, row, empty, pages, tail=tail)
    starts = [1 + sum(spans[:i]) for i in range(len(spans))]
    cells = [[_cell(name, value, blanks) for name, value in zip(frame.columns, values, strict=True)]
             for values in frame.itertuples(index=False)]
    shown = [[_wrapped(value, _span_width(col, span)) for col, span, (value, _) in zip(starts, spans, r, strict=True)]
             for r in cells]
    heights = [_height(max(n for _, n in r)) for r in shown]
    head = _height(max(len(str(n).split("\n")) for n in frame.columns))
    pages.place(row, head, need=head + heights[0] + (tail if len(heights) == 1 else 0), keep_with_next=True)
    _header(ws, row, starts, spans, frame.columns)
    for i, r in enumerate(cells):
        row += 1
        need = heights[i] + (tail if i == len(cells) - 1 else 0)
        if not pages.fits(row, need):
            pages.new_page(row)
            pages.place(row, head, need=head + need, keep_with_next=True)
            _header(ws, row, starts, spans, frame.columns)
            row += 1
        pages.place(row, heights[i], need=need)
        for j, (col, span, name, (value, placeholder), (text, _)) in enumerate(
                zip(starts, spans, frame.columns, r, shown[i], strict=True)):
            wide = (isinstance(value, str) and name not in CENTRED_COLUMNS
                    and (span > 1 or display_width(value) > _span_width(col, span)))
            fill, colour = FLAGS.get(value, (None, None)) if isinstance(value, str) else (None, None)
            target = links[i][j] if links else None
            align = Alignment(horizontal="left" if wide else "center", vertical="center", wrap_text=True)
            colour = PLACEHOLDER_COLOUR if placeholder else colour or (LINK_COLOUR if target else None)
            _block(ws, row, col, span, text, font=_font(colour=colour, underline=bool(target)), align=align,
                   fill=PatternFill("solid", fgColor=fill) if fill else None, border=BOX)
            if target:
                ws.cell(row, col).hyperlink = target
            if name in FORMATS:
                ws.cell(row, col).number_format = FORMATS[name]
        ws.row_dimensions[row].height = heights[i]
    return row + 1


def _cell(name: str, value: object, blanks: dict[str, str] | None) -> tuple[object, bool]:
    """(what the cell shows, whether that is the blank's placeholder)."""
    if blanks and name in blanks and not filled(value):
        return blanks[name], True
    return value, False


def _header(ws: Worksheet, row: int, starts: Sequence[int], spans: Sequence[int], columns) -> None:
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, span, name in zip(starts, spans, columns, strict=True):
        _block(ws, row, col, span, name, font=_font(bold=True), align=centre, fill=HEADER_FILL, border=BOX)
    _fit_height(ws, row, max(len(str(n).split("\n")) for n in columns))


LEGEND = (
    (form.COMPLETE, 2, "已完成，材料齐全"),
    (form.REMEDIATING, 3, "部分完成或未开展，已列补课措施"),
    (form.INCOMPLETE, 3, "填报有错误或缺项，需更正"),
)


def _legend(ws: Worksheet, row: int, pages: Pager) -> int:
    pages.place(row, LEGEND_PT)
    ws.row_dimensions[row].height = LEGEND_PT
    small = _font(9)
    _block(ws, row, 1, 1, "图例", font=small, align=Alignment(horizontal="center", vertical="center"))
    col = 2
    for verdict, span, note in LEGEND:
        label = verdict_text(verdict)
        fill, colour = FLAGS[label]
        _block(ws, row, col, 1, label, font=_font(9, colour=colour), align=Alignment(horizontal="center", vertical="center"),
               fill=PatternFill("solid", fgColor=fill), border=BOX)
        _block(ws, row, col + 1, span, note, font=small, align=Alignment(horizontal="left", vertical="center", indent=1))
        col += 1 + span
    return row + 1


def _images(ws: Worksheet, row: int, charts: Sequence[Chart], pages: Pager) -> int:
    """Charts side by side, two per band; rows under them are reserved at a fixed height."""
    half = WIDTH // 2
    for first in range(0, len(charts), 2):
        band = charts[first : first + 2]
        tallest = max(c.height_in for c in band) * 96
        for i, chart in enumerate(band):
            ws.add_image(ChartImage(chart), f"{get_column_letter(1 + i * half)}{row}")
        rows = math.ceil(tallest / PX_PER_ROW) + 1
        pages.place(row, rows * PX_PER_ROW * 0.75, rows=rows)  # an image cannot split: the band moves whole
        for r in range(row, row + rows):
            ws.row_dimensions[r].height = PX_PER_ROW * 0.75
        row += rows
    return row


class ChartImage(Image):
    """A chart's picture whose PNG bytes are read when the workbook is saved, not when it is placed.

    The chart may still be being drawn in another process (reports.chart_model.LateChart);
    its size is known already, so the sheet is laid out around it meanwhile.
    """

    def __init__(self, chart: Chart) -> None:  # no super(): openpyxl would open the bytes to learn the size
        self.chart, self.ref, self.format = chart, None, "png"
        self.width, self.height = round(chart.width_in * 96), round(chart.height_in * 96)

    def _data(self) -> bytes:
        return self.chart.png


def _recipients(summary: Summary) -> tuple[str, int]:
    return _wrapped(summary.recipients, _span_width(1, WIDTH), 12)


def _sign_off_height(summary: Summary) -> float:
    """The office, the date, and the 报 line under a gap: kept on one page with the rows above."""
    height = 2 * SIGN_PT
    if summary.recipients:
        height += GAP_PT + _height(_recipients(summary)[1], 12)
    return height


def _sign_off(ws: Worksheet, row: int, summary: Summary, pages: Pager) -> int:
    pages.place(row, _sign_off_height(summary), rows=4 if summary.recipients else 2)
    right = Alignment(horizontal="right", vertical="center")
    _block(ws, row, 1, WIDTH, summary.org, font=_font(12), align=right)
    _block(ws, row + 1, 1, WIDTH, chinese_date(summary.report_date), font=_font(12), align=right)
    for r in (row, row + 1):
        ws.row_dimensions[r].height = SIGN_PT
    row += 2
    if summary.recipients:
        ws.row_dimensions[row].height = GAP_PT
        row += 1
        top = Border(top=Side(style="thin", color="000000"), bottom=Side(style="thin", color="000000"))
        text, lines = _recipients(summary)
        _block(ws, row, 1, WIDTH, text, font=_font(12), align=Alignment(vertical="center", wrap_text=True), border=top)
        _fit_height(ws, row, lines, size=12)
        row += 1
    return row


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a control code in headers and footers


def _print_setup(ws: Worksheet, summary: Summary, last_row: int, office: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.print_title_rows = "1:2"
    ws.print_area = f"A1:{get_column_letter(WIDTH)}{last_row}"
    ws.print_options.gridLines = False
    ws.print_options.horizontalCentered = True
    ws.sheet_view.showGridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = _header_text(summary.org)
    ws.oddHeader.right.text = _header_text(f"截至{chinese_date(summary.report_date)}")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if office:
        ws.oddFooter.right.text = _header_text(summary.source_tag)
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center, ws.oddFooter.right):
        part.size = 9
