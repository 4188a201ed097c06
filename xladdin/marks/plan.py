"""What to mark, independent of how: the file writer and the Excel add-in share it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xladdin.core.a1 import offset
from xladdin.core.findings import Report
from xladdin.spec import form
from xladdin.spec.labels import SEVERITY_LABELS, is_verdict_text, verdict_text
from xladdin.spec.messages import ERROR, WARNING

NOTE_AUTHOR = "回头看校验"
# A person's own note is kept above this line; everything below is ours.
NOTE_SEPARATOR = "——回头看校验——"


@dataclass(frozen=True)
class CellMark:
    sheet: str
    cell: str
    severity: str  # the worst of the findings in the cell
    note: str


@dataclass(frozen=True)
class VerdictMark:
    sheet: str
    cell: str
    verdict: str

    @property
    def text(self) -> str:
        return verdict_text(self.verdict)


@dataclass
class MarkPlan:
    cells: list[CellMark] = field(default_factory=list)
    verdicts: list[VerdictMark] = field(default_factory=list)
    # One row per finding in ISSUE_HEADERS order, with the (sheet, cell) link target last.
    issue_rows: list[tuple] = field(default_factory=list)
    input_cells: dict[str, list[str]] = field(default_factory=dict)  # sheet -> cells to clear


@dataclass(frozen=True)
class IssueSheet:
    """The list of findings as a sheet: 问题清单 in a marked copy, 修改意见 in a file returned to a branch."""

    name: str
    title: str
    line: str  # under the title: how to use the list, or the date to answer by
    # The finding codes in a hidden last column: the office's 问题清单 only. A branch's 修改意见 has
    # no such column at all (internal codes never leave the office).
    codes: bool = True


def issues_sheet(plan: MarkPlan) -> IssueSheet:
    """The 问题清单 of a marked copy: the findings of every sheet, with how to use the list."""
    errors = sum(row[4] == SEVERITY_LABELS[ERROR] for row in plan.issue_rows)
    counts = f"（错误{errors}条，提示{len(plan.issue_rows) - errors}条）" if plan.issue_rows else ""
    return IssueSheet(
        form.ISSUES_SHEET, f"问题清单{counts}",
        "点击“单元格”一栏可跳到该单元格；问题单元格已涂色，批注写明如何修改。改正后重新校验，本表和标记会随之更新。",
    )



def verdict_cell_for(status_cell: str) -> str:
    return offset(status_cell, *form.VERDICT_OFFSET)


def plan_marks(report: Report, sheet_cells: dict[str, dict[str, str]]) -> MarkPlan:
    """sheet_cells: sheet -> field name -> A1, as the reader resolved the names."""
    plan = MarkPlan()
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for f in report.findings:
        if f.cell and f.sheet in sheet_cells:
            grouped[(f.sheet, f.cell)].append(f)
    for (sheet, cell), found in grouped.items():
        worst = ERROR if any(f.severity == ERROR for f in found) else WARNING
        # The note sits on the cell itself, so the message's "【运一】B9：" would only repeat it.
        note = "\n".join(f"{SEVERITY_LABELS[f.severity]}：{f.detail}" for f in found)
        plan.cells.append(CellMark(sheet, cell, worst, note))
    for b in report.branches:
        if not b.reported:
            continue  # nothing to judge on an empty sheet: its verdict boxes stay empty
        cells = sheet_cells.get(b.sheet, {})
        for cid, verdict in b.verdicts.items():
            if status_cell := cells.get(form.cname(cid, "status")):
                plan.verdicts.append(VerdictMark(b.sheet, verdict_cell_for(status_cell), verdict))
    for n, f in enumerate(report.findings, start=1):
        ordinal = f"第{form.criterion(f.criterion).ordinal}项" if f.criterion else ""
        # The sheet and cell have columns of their own, so the message goes without its "【运一】B9：".
        plan.issue_rows.append(
            (n, f.sheet, f.cell or "", ordinal, SEVERITY_LABELS[f.severity], f.detail, f.code, (f.sheet, f.cell))
        )
    plan.input_cells = {sheet: sorted(set(cells.values())) for sheet, cells in sheet_cells.items()}
    return plan


def merge_note(existing: str | None, ours: str) -> str:
    # Our part always follows the separator, so a later run can tell it apart
    # even where the note's author cannot be read (the xlwings path).
    base = own_note_text(existing)
    return f"{base}\n{NOTE_SEPARATOR}\n{ours}" if base else f"{NOTE_SEPARATOR}\n{ours}"


def own_note_text(existing: str | None) -> str:
    """The part of a note that a person wrote (empty if it is all ours)."""
    if not existing:
        return ""
    if NOTE_SEPARATOR in existing:
        return existing.split(NOTE_SEPARATOR, 1)[0].rstrip("\n")
    return existing


def verdict_cell_free(value: object) -> bool:
    """Empty or holding our own verdict: anything else a person typed there stays."""
    return value is None or value == "" or is_verdict_text(value)
