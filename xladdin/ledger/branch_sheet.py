"""One branch's items not yet signed off, as a sheet of the file returned to it (退回修改).

The branch sees each item's 编号 and can report against it in the next round.
"""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from xladdin.core.textwidth import lines_needed
from xladdin.ledger.items import Item, criterion_label
from xladdin.spec import ledger as spec
from xladdin.xlsx.text import set_text

SHEET = "整改事项"
HEADERS = (spec.ID, spec.CRITERION, spec.SHORTCOMINGS, spec.REMEDY, spec.OWNER, spec.DEADLINE, spec.STATUS,
           spec.PROGRESS)
WIDTHS = (10, 11, 30, 34, 8, 11, 8, 22)
WRAPPED = {spec.SHORTCOMINGS, spec.REMEDY, spec.PROGRESS}
HEADER_ROW = 3
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HOW_TO_REPORT = (
    "以下是整改台账中本支部尚未销号的补课事项。已完成的，请在本支部填报表对应方面把完成情况改为“已完成”，"
    "并填写开展时间和佐证材料（或在补课措施中写明“已整改”等）；报回后由办公室核实销号。"
)


# Notes in 本轮情况 that speak to the office about its own ledger; the branch's copy leaves them out.
OFFICE_ONLY = (spec.OFFICE_TEXT_REPLACED.split("{", 1)[0],)


def for_branch(progress: str) -> str:
    """本轮情况 as the branch sees it: without the notes meant for the office."""
    kept = "；".join(part for part in progress.split("；") if not part.startswith(OFFICE_ONLY))
    return kept.replace(f"，{spec.HISTORY_KEPT}", "")  # the 历次内容 column is the office's, not in this sheet


def write_branch_items(wb, branch: str, items: list[Item], index: int | None = None):
    """Add the 整改事项 sheet for one branch's open items (at index, default last)."""
    ws = wb.create_sheet(SHEET, index)
    set_text(ws.cell(1, 1), f"{branch}整改事项（据整改台账）")
    ws.cell(1, 1).font = Font(name="黑体", size=14, bold=True)
    ws.row_dimensions[1].height = 26
    line = ws.cell(2, 1)
    set_text(line, HOW_TO_REPORT)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    line.font = Font(name="宋体", size=10.5)
    line.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 14 * lines_needed(HOW_TO_REPORT, sum(WIDTHS) - 2) + 6
    for c, (text, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, c)
        set_text(cell, text)
        cell.font = Font(name="宋体", size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = BOX
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, item in enumerate(items, start=HEADER_ROW + 1):
        values = (item.id, criterion_label(item.criterion), item.shortcomings, item.remedy, item.owner,
                  item.deadline, item.status, for_branch(item.progress))
        lines = 1
        for c, (name, value) in enumerate(zip(HEADERS, values, strict=True), start=1):
            cell = ws.cell(r, c)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                set_text(cell, value)
            cell.font = Font(name="宋体", size=10, bold=name == spec.STATUS and value == spec.OVERDUE)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center",
                                       horizontal="left" if name in WRAPPED else "center")
            if name in WRAPPED and value:
                lines = max(lines, lines_needed(str(value), WIDTHS[c - 1] - 1))
        ws.row_dimensions[r].height = 13.5 * lines + 4
    if not items:
        set_text(ws.cell(HEADER_ROW + 1, 1), "本支部没有尚未销号的整改事项。")
    last = get_column_letter(len(HEADERS))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_area = f"A1:{last}{max(ws.max_row, HEADER_ROW + 1)}"
    return ws
