"""What to mark, independent of how: the file writer and the Excel add-in share it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from . import spec
from .catalogue import ERROR
from .report import Report

NOTE_AUTHOR = "回头看校验"
# A person's own note is kept above this line; everything below is ours.
NOTE_SEPARATOR = "——回头看校验——"
FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
VERDICT_FILLS = {spec.COMPLETE: "C6EFCE", spec.REMEDIATING: "FFEB9C", spec.INCOMPLETE: "FFC7CE"}
MARK_COLOURS = frozenset(FILLS.values())
SEVERITY_LABELS = {"error": "错误", "warning": "提示"}
ISSUE_HEADERS = ("序号", "支部", "单元格", "项目", "级别", "代码", "问题及修改方法")


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
        return f"{spec.VERDICT_SYMBOLS[self.verdict]} {spec.VERDICT_LABELS[self.verdict]}"


@dataclass
class MarkPlan:
    cells: list[CellMark] = field(default_factory=list)
    verdicts: list[VerdictMark] = field(default_factory=list)
    issue_rows: list[tuple] = field(default_factory=list)  # with (sheet, cell) link targets last
    input_cells: dict[str, list[str]] = field(default_factory=dict)  # sheet -> cells to clear


def offset(cell: str, rows: int, cols: int) -> str:
    col, row = coordinate_from_string(cell)
    return f"{get_column_letter(column_index_from_string(col) + cols)}{row + rows}"


def verdict_cell_for(status_cell: str) -> str:
    return offset(status_cell, *spec.VERDICT_OFFSET)


def plan_marks(report: Report, sheet_cells: dict[str, dict[str, str]]) -> MarkPlan:
    """sheet_cells: sheet -> field name -> A1, as the reader resolved the names."""
    plan = MarkPlan()
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for f in report.findings:
        if f.cell and f.sheet in sheet_cells:
            grouped[(f.sheet, f.cell)].append(f)
    for (sheet, cell), found in grouped.items():
        worst = ERROR if any(f.severity == ERROR for f in found) else "warning"
        note = "\n".join(f"{SEVERITY_LABELS[f.severity]}：{_strip_where(f.message)}" for f in found)
        plan.cells.append(CellMark(sheet, cell, worst, note))
    for b in report.branches:
        cells = sheet_cells.get(b.sheet, {})
        for cid, verdict in b.verdicts.items():
            if status_cell := cells.get(f"c{cid}_status"):
                plan.verdicts.append(VerdictMark(b.sheet, verdict_cell_for(status_cell), verdict))
    for n, f in enumerate(report.findings, start=1):
        ordinal = spec.criterion(f.criterion).ordinal if f.criterion else ""
        plan.issue_rows.append(
            (n, f.sheet, f.cell or "", ordinal, SEVERITY_LABELS[f.severity], f.code, f.message, (f.sheet, f.cell))
        )
    plan.input_cells = {sheet: sorted(set(cells.values())) for sheet, cells in sheet_cells.items()}
    return plan


def _strip_where(message: str) -> str:
    # The note sits on the cell itself, so "【运一】B9：" would only repeat it.
    return message.split("：", 1)[1] if message.startswith("【") and "：" in message else message


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


TRACE_PREFIX = "数据来源："


def generated_by_us(name: str, top_rows: list[list[object]]) -> bool:
    """Whether a 问题清单 / 汇总 sheet is one this tool wrote, from its first rows.

    Only such a sheet may be replaced: the office may have a 汇总 of its own,
    or a branch sheet may have been renamed to it.
    """
    cells = [str(v) for row in top_rows for v in row if v is not None]
    if name == spec.ISSUES_SHEET:
        first = [None if v is None else str(v) for v in (top_rows[0] if top_rows else [])]
        return first[: len(ISSUE_HEADERS)] == list(ISSUE_HEADERS)
    if name == spec.SUMMARY_SHEET:
        return any(c.startswith(TRACE_PREFIX) for c in cells)
    return False


def not_ours_error(name: str):
    from .errors import UserError

    return UserError(
        f"工作簿中已有名为“{name}”的工作表，但它不是本工具生成的，为免覆盖其中的内容，本次未作任何改动。"
        f"请把该工作表改名（如“{name}（原）”）后再运行。"
    )


def is_verdict_text(value: object) -> bool:
    return isinstance(value, str) and value[:1] in "✓△✗"


def verdict_cell_free(value: object) -> bool:
    """Empty or holding our own verdict: anything else a person typed there stays."""
    return value is None or value == "" or is_verdict_text(value)

