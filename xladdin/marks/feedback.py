"""退回修改: one file per branch with only its own sheet, marked, and its own 修改意见.

The file keeps 填写说明 and 设置, with 设置's scope set to the branch, so the branch can
fix it and send it back: `check` then looks at that one branch, and `collect` takes it
as the branch's own file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook

from xladdin.core.findings import BranchResult, Report, is_pending
from xladdin.core.model import WorkbookData
from xladdin.core.normalize import chinese_date
from xladdin.errors import UserError
from xladdin.marks.patch import writer as patch
from xladdin.marks.patch.writer import OPENPYXL, PATCH
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.plan import IssueSheet, plan_marks
from xladdin.marks.xlsx import apply_plan
from xladdin.spec import form
from xladdin.spec.messages import ERROR
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.write import atomic_write, save_outgoing

FILE_SUFFIX = "_退回修改意见.xlsx"


@dataclass(frozen=True)
class FeedbackFile:
    sheet: str
    branch: str
    path: Path
    errors: int
    warnings: int
    writer: str = OPENPYXL  # which writer made it: the patching one, or openpyxl (see xladdin.marks.patch)
    replaced_reply: Path | None = None  # --force replaced a file saved since we wrote it: its backup


def feedback_name(sheet: str) -> str:
    return f"{sheet}{FILE_SUFFIX}"


def branches_to_return(report: Report, everyone: bool = False) -> list[str]:
    """The sheets that get a file: each with at least one error, or every branch sheet.

    Never a branch whose file came back but could not be used (待核实): its sheet is empty only
    because of us, and a blank form would tell it that it has not reported (held_back lists them).
    """
    with_errors = {f.sheet for f in report.findings if f.severity == ERROR}
    return [b.sheet for b in report.branches if (everyone or b.sheet in with_errors) and not is_pending(b)]


def held_back(report: Report) -> list[BranchResult]:
    """The branches that get no file because their returned file awaits the office's checking (待核实)."""
    return [b for b in report.branches if is_pending(b)]


def feedback_sheet(report: Report, sheet: str, by: date | None) -> IssueSheet:
    branch = next(b for b in report.branches if b.sheet == sheet)
    found = [f for f in report.findings if f.sheet == sheet]
    errors = sum(f.severity == ERROR for f in found)
    if not branch.reported:
        what = "本表尚未填写（未报送）。请按填写说明填写"
    elif errors:
        what = f"本表有{errors}处需要修改、{len(found) - errors}条提示，请按下表和批注逐条修改"
    elif found:
        what = f"本表没有错误，有{len(found)}条提示，请核实"
    else:
        # Nothing to fix: no request to send it back, only how to add something if the branch wants to.
        when = f"于{chinese_date(by)}前" if by else ""
        line = (f"本表没有发现问题，无需修改。如需补充，直接在本文件中修改后保存，{when}发回即可，"
                "请不要改动工作表名称和“设置”表。")
        return IssueSheet(form.FEEDBACK_SHEET, f"{branch.branch}回头看填报表修改意见", line, codes=False)
    when = f"，并于{chinese_date(by)}前报回" if by else "，并尽快报回"
    line = (f"{what}{when}。点击“单元格”一栏可跳到该单元格。修改后直接保存本文件发回即可，"
            "请不要改动工作表名称和“设置”表。")
    return IssueSheet(form.FEEDBACK_SHEET, f"{branch.branch}回头看填报表修改意见", line, codes=False)


def write_feedback(source: Path, target: Path, data: WorkbookData, report: Report, sheet: str,
                   by: date | None = None, replace: bool = False, items: list | None = None) -> FeedbackFile:
    """One branch's file, from the checked master at source; the master is only read.

    items: the branch's 整改台账 items not yet signed off (xladdin.ledger), listed with their ids
    on a 整改事项 sheet after 修改意见; None when there is no ledger.
    """
    cells = {s.sheet: s.cells for s in data.sheets if s.sheet == sheet}
    own = Report(report.file, [b for b in report.branches if b.sheet == sheet],
                 [f for f in report.findings if f.sheet == sheet], report.settings)
    plan, issue = plan_marks(own, cells), feedback_sheet(report, sheet, by)
    keep = {sheet, form.FEEDBACK_SHEET, form.SETTINGS_SHEET, form.INSTRUCTIONS_SHEET}
    extra = None
    if items is not None:
        from xladdin.ledger.branch_sheet import SHEET, write_branch_items

        def draw_items(wb, index=None):
            return write_branch_items(wb, report.settings.full_name(sheet), items, index)

        extra = (SHEET, draw_items)
    # The branch gets the 填写说明 that split sent it, not the office's (which tells the office how
    # to run the tool and edit 设置, beside "do not change 设置").
    branch_info = form.Branch(sheet, report.settings.full_name(sheet))
    has_instructions = form.INSTRUCTIONS_SHEET in data.sheet_names

    def draw_instructions(wb, index=0):
        from xladdin.forms.instructions import build_instructions_sheet

        ws = build_instructions_sheet(wb, branch=branch_info)
        wb.move_sheet(ws, index - wb.sheetnames.index(ws.title))
        return ws

    redraw = (form.INSTRUCTIONS_SHEET, draw_instructions) if has_instructions else None
    try:
        patch.feedback_copy(Path(source), Path(target), plan, issue, keep, sheet, replace=replace, extra=extra,
                            redraw=redraw)
        writer = PATCH
    except NotUnderstood:
        wb = _load(source)
        apply_plan(wb, plan, issue)
        for name in [n for n in wb.sheetnames if n not in keep]:
            del wb[name]
        if has_instructions and form.INSTRUCTIONS_SHEET in wb.sheetnames:
            index = wb.sheetnames.index(form.INSTRUCTIONS_SHEET)
            del wb[form.INSTRUCTIONS_SHEET]
            draw_instructions(wb, index)
        _set_scope(wb, sheet)
        if extra is not None:
            draw_items(wb, wb.sheetnames.index(form.FEEDBACK_SHEET) + 1)
        wb.active = wb.sheetnames.index(form.FEEDBACK_SHEET)
        for ws in wb.worksheets:
            ws.sheet_view.tabSelected = ws.title == form.FEEDBACK_SHEET
        wb.properties.created = datetime.now(UTC).replace(tzinfo=None)  # when generated (openpyxl writes UTC)
        atomic_write(target, lambda tmp: save_outgoing(wb, tmp, "feedback"), replace=replace)
        writer = OPENPYXL
    branch = own.branches[0]
    return FeedbackFile(sheet, branch.branch, target, sum(f.severity == ERROR for f in own.findings),
                        sum(f.severity != ERROR for f in own.findings), writer)


def _load(source: Path):
    with open_package(source) as archive:
        read_workbook_info(archive)  # the hostile-file checks, before openpyxl parses anything
    try:
        return load_workbook(source, keep_links=False, rich_text=True)
    except Exception as exc:  # any parse failure means a damaged file
        raise UserError("mark-open-failed", name=source.name, why=type(exc).__name__) from exc


def _set_scope(wb, sheet: str) -> None:
    """设置's scope cell names the one branch this file is for (templates before it had none)."""
    name = wb.defined_names.get(form.SCOPE_NAME)
    if name is None:
        return
    for title, ref in name.destinations:
        if title in wb.sheetnames:
            wb[title][ref.replace("$", "")].value = sheet
