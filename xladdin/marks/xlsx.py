"""Apply a MarkPlan to a copy of the workbook with openpyxl, and save it atomically.

Only fills, notes, verdict cells and the 问题清单 sheet change; what a person
typed is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.errors import UserError
from xladdin.marks.budget import check_rewritable, rewrite_losses
from xladdin.marks.issue_sheet import FONT, write_issue_sheet
from xladdin.marks.patch import writer as patch
from xladdin.marks.patch.writer import OPENPYXL, PATCH, MarkResult
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.plan import (
    NOTE_AUTHOR,
    NOTE_SEPARATOR,
    IssueSheet,
    MarkPlan,
    issues_sheet,
    merge_note,
    own_note_text,
    verdict_cell_for,
    verdict_cell_free,
)
from xladdin.spec import form, messages
from xladdin.spec.labels import (
    MARK_COLOURS,
    SEVERITY_FILLS,
    VERDICT_FILLS,
    is_verdict_text,
)
from xladdin.xlsx.owned import refuse_foreign_sheet
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.text import xml_safe
from xladdin.xlsx.write import atomic_write, backup, check_target, refuse_same_file, save_outgoing


def keeps_vba(source: Path, target: Path) -> bool:
    # Macros survive only into an .xlsm: Excel refuses an .xlsx that carries them.
    return source.suffix.lower() == ".xlsm" and Path(target).suffix.lower() == ".xlsm"


def marked_copy_warnings(source: Path, target: Path) -> list[str]:
    """Chinese warnings about what the marked copy will not contain; the original keeps all of it.

    None when the patching writer will write it (it keeps every part); a later fallback
    for a reason found only while marking carries its own warnings (MarkResult.warnings).
    """
    if patch.will_patch(Path(source), Path(target)):
        return []
    return _losses(source, target)


def _losses(source: Path, target: Path) -> list[str]:
    with open_package(source) as archive:
        lost = rewrite_losses(archive, keeps_vba(source, target))
    if not lost:
        return []
    hint = messages.marked_vba_hint() if any("VBA" in w for w in lost) else ""
    return [messages.MARKED_LOSSES.format(lost="、".join(lost), hint=hint)]


def write_marked_copy(
    source: Path, target: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None,
    replace: bool = False,
) -> Path:
    """A marked copy at target (never the source itself); see write_marked."""
    return write_marked(source, target, plan, also, replace).path


def write_marked(source: Path, target: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None,
                 replace: bool = False) -> MarkResult:
    """A marked copy at target, by the patching writer when it understands the workbook, else by openpyxl.

    also: a further change to the copy (the 汇总 sheet), given an openpyxl workbook.
    replace: target may exist (the caller backed it up: xlsx.write.make_room).
    """
    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    try:
        return MarkResult(patch.mark_copy(source, target, plan, issues_sheet(plan), also, replace=replace), PATCH)
    except NotUnderstood as exc:
        late = _late_warnings(source, target)
        wb = _marked_workbook(source, target, plan, also)
        path = atomic_write(target, lambda tmp: save_outgoing(wb, tmp, "marked"), replace=replace)
        return MarkResult(path, OPENPYXL, exc.why, exc.what, warnings=late)


def write_in_place(source: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None) -> Path:
    """Mark the source itself, after copying it aside; returns the backup's path."""
    return mark_in_place(source, plan, also).backup


def mark_in_place(source: Path, plan: MarkPlan, also: Callable[[Workbook], object] | None = None) -> MarkResult:
    """Mark the source itself, after copying it aside (MarkResult.backup)."""
    source = Path(source)
    saved = None
    try:
        pkg = patch.build_marked(source, source, plan, issues_sheet(plan), also)
        check_target(source)  # an open workbook must be closed before it is backed up and replaced
        saved = backup(source)
        patch.save(pkg, source, replace=True)
        return MarkResult(source, PATCH, backup=saved)
    except NotUnderstood as exc:
        late = _late_warnings(source, source)
        wb = _marked_workbook(source, source, plan, also)
        check_target(source)
        saved = saved or backup(source)
        atomic_write(source, wb.save, replace=True)
        return MarkResult(source, OPENPYXL, exc.why, exc.what, backup=saved, warnings=late)


def _late_warnings(source: Path, target: Path) -> tuple[str, ...]:
    """What openpyxl leaves out, when marked_copy_warnings expected the patching writer and so said nothing."""
    return tuple(_losses(source, target)) if patch.will_patch(source, target) else ()


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


def apply_plan(wb, plan: MarkPlan, sheet: IssueSheet | None = None) -> None:
    """Marks, verdicts and the list of findings (the 问题清单 unless another sheet is given)."""
    sheet = sheet or issues_sheet(plan)
    for name in (form.ISSUES_SHEET, form.FEEDBACK_SHEET):
        refuse_foreign_sheet(wb, name)  # before any change: clear_marks removes both kinds of list
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
    for name in {m.sheet for m in plan.cells}:
        # The notes say how to fix each cell: print them after the sheet, so they reach paper.
        wb[name].page_setup.cellComments = "atEnd"
    write_issue_sheet(wb, sheet, plan.issue_rows)


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
    for name in (form.ISSUES_SHEET, form.FEEDBACK_SHEET):
        if name in wb.sheetnames:
            del wb[name]  # apply_plan checked it is ours


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
