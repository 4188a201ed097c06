"""The summary's tables: one pandas DataFrame per section, each computed from the check report.

Nothing here knows about openpyxl or matplotlib, so every writer (the
summary workbook, the Excel add-in's 汇总 sheet) prints the same tables.
Branches are keyed by their sheet, which is unique; a branch's full name is
only what a table shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from reports.wording import joined
from xladdin.core.findings import Report, is_pending
from xladdin.core.remedy import done_in_words, is_remedy_item, unfilled_remedy
from xladdin.spec import form
from xladdin.spec import ledger as ledger_spec
from xladdin.spec.labels import PENDING_TEXT, SEVERITY_LABELS, verdict_text
from xladdin.spec.messages import UNFILLED_REMEDY

# Short names of the five criteria, for column heads and chart axes where the
# notice's full wording does not fit; the full wording is in the criteria table.
CRITERION_SHORT = {c.id: c.short for c in form.CRITERIA}
OVERDUE = "已逾期"
NOT_DUE = "未到期"
NO_DEADLINE = "未定时限"
# A criterion the branch reported 已完成 after its make-up's deadline: done by its own account, not
# overdue (done_by_then). With a 整改台账, its words: reported done (待销号), signed off by the office (已销号).
REPORTED_DONE = "已完成"
PENDING, CLOSED = ledger_spec.PENDING, ledger_spec.CLOSED
SETTLED = (REPORTED_DONE, PENDING, CLOSED)

MATRIX_COLUMNS = ["支部", *(f"{c.ordinal}\n{CRITERION_SHORT[c.id]}" for c in form.CRITERIA), "合格项数", "完成率", "错误", "提示"]
CRITERIA_COLUMNS = ["项目", "内容", "合格", "补课中", "不合格", "完成率"]
REMEDY_COLUMNS = ["支部", "项目", "存在不足", "补课措施", "责任人", "完成时限", "状态"]
FINDING_COLUMNS = ["支部", "单元格", "级别", "问题及修改方法"]
HIGHLIGHT_COLUMNS = ["支部", "工作亮点", "先进典型"]
# Number formats of the columns that hold numbers or dates, for every workbook writer.
# Dates as official documents write them (2010年9月10日), yet still real dates that sort.
FORMATS = {"完成率": "0.0%", "完成时限": 'yyyy"年"m"月"d"日"', "销号率": "0.0%"}
REMEDY_PARTS = ("status", "shortcomings", "remedy", "owner", "deadline")


@dataclass
class Summary:
    title: str
    subtitle: str
    trace: str
    source_tag: str  # file name and hash prefix, printed in every page's footer
    outward_trace: str  # file name and time without a hash: the properties of what goes up the line
    report_date: date
    verdicts: pd.DataFrame  # index: sheet; columns: criterion id; values: verdict codes
    matrix: pd.DataFrame
    criteria: pd.DataFrame
    remedies: pd.DataFrame
    findings: pd.DataFrame
    highlights: pd.DataFrame
    recipients: str
    org: str
    branch_names: dict[str, str] = field(default_factory=dict)  # sheet -> the branch's full name
    unreported: list[str] = field(default_factory=list)  # full names of the branches that sent no file
    # Sheets of the branches whose file came back but could not be used (xladdin.core.checks.pending): 待核实, not 未报送.
    pending_sheets: list[str] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    # Sheets with a 实事求是 warning (copied, echoing the notice, repeated, vague): a branch the documents
    # call fully 合格 is then said to need a closer look, not held up as the model.
    text_doubts: list[str] = field(default_factory=list)
    returned: str = ""  # outward: how many branches are sent back to correct their forms
    office_errors: str = ""  # the office's copy: the errors and warnings, pointing to the 问题清单
    # Where each row came from, for the office's copy to link to: (sheet, criterion) per 补课 row,
    # (sheet, cell) per finding, and sheet -> field -> cell as the reader found them.
    remedy_keys: list[tuple[str, int]] = field(default_factory=list)
    # (sheet, criterion, 完成情况) left open with no 存在不足 and no 补课措施: not in the 补课清单, said once (unfilled_sentence).
    unfilled: list[tuple[str, int, str]] = field(default_factory=list)
    finding_keys: list[tuple[str, str | None]] = field(default_factory=list)
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    # With a 整改台账 (reports.progress): per-branch counts, the overdue items, every item with its status.
    progress: pd.DataFrame | None = None
    overdue: pd.DataFrame | None = None
    ledger_items: pd.DataFrame | None = None


def verdict_frame(report: Report) -> pd.DataFrame:
    """Index: sheet name; columns: criterion id; values: verdict codes."""
    rows = {b.sheet: [b.verdicts.get(c.id, form.INCOMPLETE) for c in form.CRITERIA] for b in report.branches}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(form.CRITERION_IDS), dtype=object)


def reported_verdicts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """The rows of the branches that reported: every rate is over these."""
    return verdicts[~(verdicts == form.UNREPORTED).all(axis=1)]


def matrix_frame(report: Report, verdicts: pd.DataFrame) -> pd.DataFrame:
    complete = (verdicts == form.COMPLETE).sum(axis=1)
    rows = []
    for b in report.branches:
        done = int(complete[b.sheet]) if b.reported else None
        rate = done / len(form.CRITERIA) if b.reported else None
        cells = [PENDING_TEXT] * len(form.CRITERIA) if is_pending(b) else [verdict_text(v) for v in verdicts.loc[b.sheet]]
        rows.append([b.branch, *cells, done, rate, b.errors, b.warnings])
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


def criteria_frame(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Per criterion, how many of the branches that reported passed it; 未报送 branches are not counted."""
    reported = reported_verdicts(verdicts)
    rows = []
    for c in form.CRITERIA:
        counts = reported[c.id].value_counts()
        done = int(counts.get(form.COMPLETE, 0))
        rows.append([
            f"第{c.ordinal}项", c.title, done, int(counts.get(form.REMEDIATING, 0)),
            int(counts.get(form.INCOMPLETE, 0)), done / len(reported) if len(reported) else 0.0,
        ])
    return pd.DataFrame(rows, columns=CRITERIA_COLUMNS)


def remedy_frame(report: Report, report_date: date,
                 ledger_status: Mapping[tuple[str, int], str] | None = None) -> pd.DataFrame:
    """Every criterion a branch still has to make up, or where it named a shortcoming and a measure."""
    rows = remedy_rows(report, report_date, ledger_status)
    return pd.DataFrame([row for _, row in rows], columns=REMEDY_COLUMNS, dtype=object)


def remedy_rows(report: Report, report_date: date,
                ledger_status: Mapping[tuple[str, int], str] | None = None) -> list[tuple[tuple[str, int], list]]:
    """((sheet, criterion), row) for each 补课 item, in workbook order.

    ledger_status: (sheet, criterion) -> 待销号 or 已销号 where the 整改台账 shows the item reported done or
    signed off. Such an item is still listed, since the branch found that shortcoming this round; its
    状态 says what the ledger knows instead of how the deadline stands.
    """
    settled = ledger_status or {}
    rows = []
    for b in report.branches:
        v = b.values
        for c in form.CRITERIA:
            if not is_remedy_item(v, c.id):
                continue  # nothing written to make up: unfilled_items says so once, it is no 补课 item
            part = {p: v.get(form.cname(c.id, p)) for p in REMEDY_PARTS}
            state = settled.get((b.sheet, c.id)) or deadline_state(part["deadline"], report_date)
            if state == OVERDUE and done_by_then(part["status"], part["deadline"], v.get("fill_date")):
                state = REPORTED_DONE
            elif ledger_status is None and done_in_words(v, c.id):
                state = REPORTED_DONE  # "已整改" under a 部分完成: reported done, as the ledger takes it (待销号)
            rows.append(((b.sheet, c.id), [
                b.branch, f"第{c.ordinal}项", part["shortcomings"], part["remedy"], part["owner"],
                part["deadline"], state,
            ]))
    return rows


def closed_but_failing_note(s: Summary) -> str:
    """The 补课清单's footnote for items signed off in the ledger whose aspect this round's form still fails
    (✗ 不合格 in the matrix): said, not left to read as both; "" when there are none."""
    items = [f"{row['支部']}{row['项目']}" for (sheet, cid), (_, row) in zip(s.remedy_keys, s.remedies.iterrows(),
                                                                            strict=True)
             if row["状态"] == CLOSED and s.verdicts.loc[sheet, cid] == form.INCOMPLETE]
    return ledger_spec.CLOSED_BUT_FAILING_NOTE.format(items=joined(items)) if items else ""


def unfilled_items(report: Report) -> list[tuple[str, int, str]]:
    """(sheet, criterion, 完成情况) left 部分完成 or 未开展 with neither 存在不足 nor 补课措施, in workbook order."""
    return [(b.sheet, c.id, b.values[form.cname(c.id, "status")]) for b in report.branches if b.reported
            for c in form.CRITERIA if unfilled_remedy(b.values, c.id)]


def unfilled_sentence(s: Summary) -> str:
    """One plain sentence for the unfilled items (unfilled_items): the branch has not written its 补课 content."""
    items = [f"{s.branch_names.get(sheet, sheet)}第{form.criterion(cid).ordinal}项填报为“{status}”"
             for sheet, cid, status in s.unfilled]
    return UNFILLED_REMEDY.format(items="、".join(items), all="均" if len(items) > 1 else "") if items else ""


def done_by_then(status: object, deadline: object, fill_date: object) -> bool:
    """The branch filled 已完成 after the make-up's deadline: the make-up is done by its own account.

    A deadline still ahead when the branch filled 已完成 is a plan (an improvement it set itself),
    which can fall overdue like any other.
    """
    return (status == form.STATUS_DONE and isinstance(deadline, date) and isinstance(fill_date, date)
            and deadline < fill_date)


def still_open(remedies: pd.DataFrame) -> pd.Series:
    """The 补课清单 rows whose make-up is still to do: not reported done, not settled in the 整改台账."""
    return ~remedies["状态"].isin(SETTLED)


def deadline_state(deadline: object, report_date: date) -> str:
    if not isinstance(deadline, date):
        return NO_DEADLINE
    return OVERDUE if deadline < report_date else NOT_DUE


def finding_frame(report: Report) -> pd.DataFrame:
    names = {b.sheet: b.branch for b in report.branches}
    rows = [
        [names.get(f.sheet, f.sheet), f.cell or "", SEVERITY_LABELS[f.severity], f.detail]
        for f in report.findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS, dtype=object)


def highlight_frame(report: Report) -> pd.DataFrame:
    rows = [
        [b.branch, b.values.get("highlights"), b.values.get("honors")]
        for b in report.branches
        if b.values.get("highlights") or b.values.get("honors")
    ]
    return pd.DataFrame(rows, columns=HIGHLIGHT_COLUMNS, dtype=object)


def all_done_sentence(all_done: list[str], doubtful: list[str], lead: str) -> str:
    """lead names the all-合格 branches; those whose answers drew 实事求是 warnings get a plain caveat."""
    text = lead
    if flagged := [name for name in all_done if name in doubtful]:
        text += f"其中{joined(flagged)}的填报内容有雷同、照抄或空泛之处，是否如实有待进一步核实。"
    return text
