"""Apply a MarkPlan to a copy of the workbook with openpyxl, and save it atomically.

Only fills, notes, verdict cells and the 问题清单 sheet change; what a person
typed is never touched.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from . import spec
from .errors import UserError
from .marks import (
    FILLS,
    ISSUE_HEADERS,
    MARK_COLOURS,
    NOTE_AUTHOR,
    NOTE_SEPARATOR,
    VERDICT_FILLS,
    MarkPlan,
    merge_note,
    own_note_text,
)
from .safe_write import atomic_write, refuse_same_file
from .text_safety import set_text

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "宋体"


def write_marked_copy(source: Path, target: Path, plan: MarkPlan) -> Path:
    refuse_same_file(source, target)
    keep_vba = source.suffix.lower() == ".xlsm"
    try:
        wb = load_workbook(source, keep_vba=keep_vba, keep_links=True, rich_text=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure means a damaged file
        raise UserError(f"无法打开“{source.name}”写入标记：文件已损坏（{type(exc).__name__}）。请在 Excel 中打开后另存为 .xlsx 再试。") from exc
    apply_plan(wb, plan)
    return atomic_write(Path(target), wb.save)


def apply_plan(wb, plan: MarkPlan) -> None:
    clear_marks(wb, plan.input_cells)
    for mark in plan.cells:
        cell = wb[mark.sheet][mark.cell]
        cell.fill = PatternFill("solid", fgColor=FILLS[mark.severity])
        existing = cell.comment.text if cell.comment else None
        note = Comment(merge_note(existing, mark.note), cell.comment.author if cell.comment and own_note_text(existing) else NOTE_AUTHOR)
        note.width, note.height = 320, min(60 + 18 * mark.note.count("\n") + len(mark.note) // 2, 400)
        cell.comment = note
    for v in plan.verdicts:
        cell = wb[v.sheet][v.cell]
        cell.value = v.text
        cell.fill = PatternFill("solid", fgColor=VERDICT_FILLS[v.verdict])
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    _write_issues_sheet(wb, plan)


def clear_marks(wb, input_cells: dict[str, list[str]]) -> None:
    """Undo an earlier run: our fills, our notes, our verdicts, our 问题清单."""
    from .marks import verdict_cell_for

    for sheet, cells in input_cells.items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        for ref in cells:
            cell = ws[ref]
            if _colour(cell.fill) in MARK_COLOURS:
                cell.fill = PatternFill("solid", fgColor=spec.INPUT_FILL)
            if cell.comment and (cell.comment.author == NOTE_AUTHOR or NOTE_SEPARATOR in cell.comment.text):
                own = own_note_text(cell.comment.text)
                cell.comment = Comment(own, cell.comment.author) if own else None
        for status in _status_cells(ws, cells):
            verdict = ws[verdict_cell_for(status)]
            if isinstance(verdict.value, str) and verdict.value[:1] in "✓△✗":
                verdict.value = None
                verdict.fill = PatternFill(fill_type=None)
    if spec.ISSUES_SHEET in wb.sheetnames:
        del wb[spec.ISSUES_SHEET]


def _status_cells(ws: Worksheet, cells: list[str]) -> list[str]:
    names = ws.defined_names
    out = []
    for cid in spec.CRITERION_IDS:
        dn = names.get(f"c{cid}_status")
        if dn is not None:
            out.extend(ref.replace("$", "") for _, ref in dn.destinations)
    return [c for c in out if c in cells]


def _colour(fill: PatternFill) -> str:
    rgb = getattr(fill.fgColor, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else ""


def _write_issues_sheet(wb, plan: MarkPlan) -> None:
    ws = wb.create_sheet(spec.ISSUES_SHEET, 0)
    ws.sheet_properties.tabColor = "C00000"
    head = Font(name=FONT, bold=True, size=11, color="FFFFFF")
    ws.append(list(ISSUE_HEADERS))
    for cell in ws[1]:
        cell.font, cell.border = head, BOX
        cell.fill = PatternFill("solid", fgColor="C00000")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    body = Font(name=FONT, size=10)
    link_font = Font(name=FONT, size=10, color="0563C1", underline="single")
    for row in plan.issue_rows:
        *values, (sheet, ref) = row
        r = ws.max_row + 1
        for c, value in enumerate(values, start=1):
            set_text(ws.cell(r, c), value)
        for cell in ws[r]:
            cell.font, cell.border = body, BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if row[4] == "错误":
                ws.cell(r, 5).fill = PatternFill("solid", fgColor=FILLS["error"])
        if ref:
            link = ws.cell(r, 3)
            link.hyperlink = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{ref}"
            link.font = link_font
    if not plan.issue_rows:
        ws.append(["", "", "", "", "", "", "未发现问题。"])
    for col, width in zip("ABCDEFG", (6, 10, 9, 6, 7, 22, 90), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(ws.max_row, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
