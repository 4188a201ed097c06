"""Apply a MarkPlan to a copy of the workbook with openpyxl, and save it atomically.

Only fills, notes, verdict cells and the 问题清单 sheet change; what a person
typed is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.core.textwidth import lines_needed
from xladdin.errors import UserError
from xladdin.marks.budget import check_rewritable, rewrite_losses
from xladdin.marks.plan import (
    NOTE_AUTHOR,
    NOTE_SEPARATOR,
    MarkPlan,
    merge_note,
    own_note_text,
    verdict_cell_for,
    verdict_cell_free,
)
from xladdin.spec import form
from xladdin.spec.labels import (
    ISSUE_HEADER_FILL,
    ISSUE_HEADERS,
    ISSUE_WIDTHS,
    MARK_COLOURS,
    SEVERITY_FILLS,
    SEVERITY_LABELS,
    VERDICT_FILLS,
    is_verdict_text,
)
from xladdin.spec.messages import ERROR
from xladdin.xlsx.owned import refuse_foreign_sheet
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.text import set_text, xml_safe
from xladdin.xlsx.write import atomic_write, backup, check_target, refuse_same_file

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "宋体"


def keeps_vba(source: Path, target: Path) -> bool:
    # Macros survive only into an .xlsm: Excel refuses an .xlsx that carries them.
    return source.suffix.lower() == ".xlsm" and Path(target).suffix.lower() == ".xlsm"


def marked_copy_warnings(source: Path, target: Path) -> list[str]:
    """Chinese warnings about what the marked copy will not contain; the original keeps all of it."""
    with open_package(source) as archive:
        lost = rewrite_losses(archive, keeps_vba(source, target))
    if not lost:
        return []
    hint = "如需保留宏，请把输出文件名的扩展名改为 .xlsm。" if any("VBA" in w for w in lost) else ""
    return [f"标记副本将不包含：{'、'.join(lost)}。原文件不受影响，这些内容仍在原文件中。{hint}"]


def write_marked_copy(
    source: Path, target: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None,
    replace: bool = False,
) -> Path:
    """A marked copy at target (never the source itself).

    also: a further change to the loaded copy (the 汇总 sheet), made before the one save.
    replace: target may exist (the caller backed it up: xlsx.write.make_room).
    """
    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    return atomic_write(target, _marked_workbook(source, target, plan, also).save, replace=replace)


def write_in_place(source: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None) -> Path:
    """Mark the source itself, after copying it aside; returns the backup's path."""
    source = Path(source)
    wb = _marked_workbook(source, source, plan, also)
    check_target(source)  # an open workbook must be closed before it is backed up and replaced
    saved = backup(source)
    atomic_write(source, wb.save, replace=True)
    return saved


def _marked_workbook(source: Path, target: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None):
    with open_package(source) as archive:
        check_rewritable(archive, read_workbook_info(archive), source.name)
    try:
        wb = load_workbook(source, keep_vba=keeps_vba(source, target), keep_links=True, rich_text=True)
    except Exception as exc:  # any parse failure means a damaged file
        raise UserError("mark-open-failed", name=source.name, why=type(exc).__name__) from exc
    apply_plan(wb, plan)
    if also is not None:
        also(wb)
    return wb


def apply_plan(wb, plan: MarkPlan) -> None:
    refuse_foreign_sheet(wb, form.ISSUES_SHEET)
    clear_marks(wb, plan.input_cells)
    for mark in plan.cells:
        cell = wb[mark.sheet][mark.cell]
        cell.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[mark.severity])
        if isinstance(cell, MergedCell):
            continue  # a cell swallowed by a merge takes no note; 问题清单 still lists the finding
        existing = cell.comment.text if cell.comment else None
        # Messages quote branch text, which may hold characters XML cannot carry.
        text = xml_safe(merge_note(existing, mark.note))
        note = Comment(text, cell.comment.author if cell.comment and own_note_text(existing) else NOTE_AUTHOR)
        note.width, note.height = 320, min(60 + 18 * mark.note.count("\n") + len(mark.note) // 2, 400)
        cell.comment = note
    for v in plan.verdicts:
        cell = wb[v.sheet][v.cell]
        if isinstance(cell, MergedCell) or not verdict_cell_free(cell.value):
            # Merged over, or a person wrote there: the verdict is in 问题清单 and the summary.
            continue
        cell.value = v.text
        cell.fill = PatternFill("solid", fgColor=VERDICT_FILLS[v.verdict])
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    _write_issues_sheet(wb, plan)


def clear_marks(wb, input_cells: dict[str, list[str]]) -> None:
    """Undo an earlier run: our fills, our notes, our verdicts, our 问题清单."""
    for sheet, cells in input_cells.items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        for ref in cells:
            cell = ws[ref]
            if _colour(cell.fill) in MARK_COLOURS:
                cell.fill = PatternFill("solid", fgColor=form.INPUT_FILL)
            if cell.comment and (cell.comment.author == NOTE_AUTHOR or NOTE_SEPARATOR in cell.comment.text):
                own = own_note_text(cell.comment.text)
                cell.comment = Comment(own, cell.comment.author) if own else None
        for status in _status_cells(ws, cells):
            verdict = ws[verdict_cell_for(status)]
            if is_verdict_text(verdict.value):
                verdict.value = None
                verdict.fill = PatternFill(fill_type=None)
    if form.ISSUES_SHEET in wb.sheetnames:
        del wb[form.ISSUES_SHEET]  # apply_plan checked it is ours


def _status_cells(ws: Worksheet, cells: list[str]) -> list[str]:
    names = ws.defined_names
    out = []
    for cid in form.CRITERION_IDS:
        dn = names.get(form.cname(cid, "status"))
        if dn is not None:
            out.extend(ref.replace("$", "") for _, ref in dn.destinations)
    return [c for c in out if c in cells]


def _colour(fill: PatternFill) -> str:
    rgb = getattr(fill.fgColor, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else ""


LINE_POINTS = 14  # one line of 10-pt 宋体, with leading


def _write_issues_sheet(wb, plan: MarkPlan) -> None:
    ws = wb.create_sheet(form.ISSUES_SHEET, 0)
    ws.sheet_properties.tabColor = ISSUE_HEADER_FILL
    head = Font(name=FONT, bold=True, size=11, color="FFFFFF")
    ws.append(list(ISSUE_HEADERS))
    for cell in ws[1]:
        cell.font, cell.border = head, BOX
        cell.fill = PatternFill("solid", fgColor=ISSUE_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    # Style one cell of each kind, then stamp its style onto the rest: setting
    # font, border and alignment object by object re-hashes them for every cell
    # and was most of the cost of marking a large workbook.
    body = ws.cell(2, 1)
    body.font, body.border = Font(name=FONT, size=10), BOX
    body.alignment = Alignment(vertical="top", wrap_text=True)
    link = ws.cell(2, 3)
    link._style = copy(body._style)
    link.font = Font(name=FONT, size=10, color="0563C1", underline="single")
    error = ws.cell(2, 5)
    error._style = copy(body._style)
    error.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[ERROR])
    body_style, link_style, error_style = copy(body._style), copy(link._style), copy(error._style)
    message_chars = ISSUE_WIDTHS[-1] - 2
    for r, row in enumerate(plan.issue_rows, start=2):
        *values, (sheet, ref) = row
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            cell._style = copy(error_style if c == 5 and row[4] == SEVERITY_LABELS[ERROR] else body_style)
            set_text(cell, value)  # after the stamp: it may add Excel's quote prefix
        if ref:
            cell = ws.cell(r, 3)
            cell._style = copy(link_style)
            cell.hyperlink = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{ref}"
        # Rows do not grow by themselves in every viewer: size them for the wrapped message.
        lines = lines_needed(str(values[-1]), message_chars)
        ws.row_dimensions[r].height = LINE_POINTS * lines + 4
    if not plan.issue_rows:
        set_text(ws.cell(2, len(ISSUE_HEADERS)), "未发现问题。")
    for col, width in zip("ABCDEFG", ISSUE_WIDTHS, strict=True):
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
