"""四、下一步工作 of the 情况报告: what is still to make up, chase or settle, each item said once.

The 补课清单 (this round's forms) and the 整改台账 (the office's record across rounds) name
the same items. An item the ledger shows reported done (待销号) or signed off (已销号) is
not work to do: it is said to be done, once, in the ledger's paragraph. An open item
is listed once, under the first heading it belongs to; the ledger's paragraph only
counts it and names those not listed above.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from reports.gongwen.model import Subsection
from reports.phrasing import clause, filled, item_name, sentence, where
from reports.tables import CLOSED, NO_DEADLINE, OVERDUE, PENDING, Summary, still_open, unfilled_sentence
from reports.wording import chinese_date, joined
from xladdin.core.findings import Report
from xladdin.spec import form
from xladdin.spec import ledger as ledger_spec

# What a 补课 item needs before it can be chased: (column, what the sentence says is missing).
TO_FILL = (("存在不足", "存在不足"), ("补课措施", "补课措施"))
TO_SETTLE = (("完成时限", "完成时限"), ("责任人", "责任人"))


def next_steps(s: Summary, report: Report, missing: list[str], ledger: pd.DataFrame | None) -> tuple[Subsection, ...]:
    """missing: the branches that sent no file (a branch whose file awaits checking is s.pending_sheets); ledger: every 整改台账 item of these branches
    with its 状态 (reports.progress.items_frame), or None without a ledger."""
    r = where(s.remedies, still_open(s.remedies))
    with_measure = r["补课措施"].map(filled)
    dated = r["完成时限"].map(lambda d: isinstance(d, date))
    due = where(r, with_measure & dated & (r["状态"] != OVERDUE))
    due = due.sort_values("完成时限", key=lambda col: col.map(date.toordinal), kind="stable")
    overdue = where(r, r["状态"] == OVERDUE)
    gaps = where(r, r.apply(lambda row: any(_gaps(row)), axis=1)) if len(r) else r
    today = chinese_date(s.report_date)
    out = []
    if missing:
        out.append(Subsection("督促未报送的党支部", (f"{joined(missing)}截至{today}尚未报送填报表，督促尽快报送。",)))
    if s.pending_sheets:
        pending = joined([s.branch_names.get(sheet, sheet) for sheet in s.pending_sheets])
        out.append(Subsection("核实报回的文件", (
            f"{pending}已报回填报表，但文件暂未能汇总，由办公室逐一核实，必要时请支部重新报送，核实后补充汇总。",)))
    if len(due):
        out.append(Subsection("按期完成补课", tuple(
            f"{item_name(row)}：{clause(row['补课措施'])}，{_owner(row)}，{chinese_date(row['完成时限'])}前完成。"
            for _, row in due.iterrows()
        )))
    if len(overdue):
        out.append(Subsection("督促逾期事项", tuple(_overdue_line(row, today) for _, row in overdue.iterrows())))
    if len(gaps) or s.unfilled:
        unwritten = s.unfilled or any(_gaps(row)[0] for _, row in gaps.iterrows())
        lines = [unfilled_sentence(s)] if s.unfilled else []  # no 补课 item yet: said once, plainly
        lines += [_gap_line(s, label, row) for label, row in gaps.iterrows()]
        out.append(Subsection("补齐补课内容" if unwritten else "明确时限和责任人", tuple(lines)))
    if ledger is not None and len(ledger):
        listed = {item_name(row) for frame in (due, overdue, gaps) for _, row in frame.iterrows()}
        listed |= {f"{s.branch_names.get(sheet, sheet)}第{form.criterion(cid).ordinal}项" for sheet, cid, _ in s.unfilled}
        failing = {f"{s.branch_names.get(sheet, sheet)}第{form.criterion(cid).ordinal}项"
                   for sheet, row in s.verdicts.iterrows() for cid, verdict in row.items() if verdict == form.INCOMPLETE}
        out.append(Subsection("整改台账事项", (_ledger_paragraph(ledger, listed, failing),)))
    if not out:
        # Nothing left to make up or chase: the next steps are the branches' own plans.
        plans = [f"{b.branch}：{sentence(b.values['next_steps'])}" for b in report.branches
                 if filled(b.values.get("next_steps"))]
        if plans:
            out.append(Subsection("各党支部下步打算", tuple(plans)))
    return tuple(out)


def _owner(row) -> str:
    return f"责任人{row['责任人']}" if filled(row["责任人"]) else "责任人未明确"


def _overdue_line(row, today: str) -> str:
    measure = f"：{clause(row['补课措施'])}，" if filled(row["补课措施"]) else "补课措施未填写，"
    return (f"{item_name(row)}{measure}完成时限为{chinese_date(row['完成时限'])}，"
            f"截至{today}已逾期，{_owner(row)}，督促尽快完成。")


def _gaps(row) -> tuple[list[str], list[str]]:
    """(what is not written, what is not settled) of one 补课 item."""
    unwritten = [label for column, label in TO_FILL if not filled(row[column])]
    settled = {"完成时限": row["状态"] != NO_DEADLINE, "责任人": filled(row["责任人"])}
    unsettled = [label for column, label in TO_SETTLE if not settled[column]]
    return unwritten, unsettled


def _gap_line(s: Summary, label: int, row) -> str:
    unwritten, unsettled = _gaps(row)
    parts = ([f"未填写{'和'.join(unwritten)}"] if unwritten else []) + (
        [f"未明确{'和'.join(unsettled)}"] if unsettled else [])
    # A 部分完成 or 未开展 item with a part missing is a filling error: the branch's form went back to it.
    sheet, cid = s.remedy_keys[label]
    returned = s.verdicts.loc[sheet, cid] == form.INCOMPLETE
    return f"{item_name(row)}补课{'、'.join(parts)}，{'已退回支部补填' if returned else '由支部补填'}。"


def _ledger_paragraph(ledger: pd.DataFrame, listed: set[str], failing: set[str] = frozenset()) -> str:
    """The ledger's items in one paragraph: the counts, what is done, and what is open but not listed above.

    failing: the aspects this round's forms still fail (仍为不合格 above); one the office signed off is said
    to be so, not left to read as both done and failing."""
    closed = [item_name(row) for _, row in ledger.iterrows() if row["状态"] == CLOSED]
    pending = [item_name(row) for _, row in ledger.iterrows() if row["状态"] == PENDING]
    still = where(ledger, ~ledger["状态"].isin((CLOSED, PENDING)))
    parts = []
    if closed:
        still_failing = [name for name in closed if name in failing]
        parts.append(f"已销号{len(closed)}项（{joined(closed)}）" + (
            ledger_spec.CLOSED_BUT_FAILING.format(items=joined(still_failing)) if still_failing else ""))
    if pending:
        parts.append(f"支部报告已完成、待办公室核实后销号{len(pending)}项（{joined(pending)}）")
    if len(still):
        others = [row for _, row in still.iterrows() if item_name(row) not in listed]
        text = f"尚未完成{len(still)}项"
        if not others:
            text += "，均已列入上述事项"
        else:
            if len(others) < len(still):
                text += f"，其中{len(still) - len(others)}项已列入上述事项，另{len(others)}项为"
            text += "：" + "；".join(_ledger_item(row) for row in others)
        parts.append(text)
    return f"整改台账共登记补课事项{len(ledger)}项：" + "；".join(parts) + "。"


def _ledger_item(row) -> str:
    deadline = row["完成时限"]
    if isinstance(deadline, date):
        when = f"{chinese_date(deadline)}前完成"
    else:  # the ledger keeps a deadline that is not a date as it was typed
        when = f"完成时限为{clause(deadline)}" if filled(deadline) else "完成时限未明确"
    measure = clause(row["补课措施"]) if filled(row["补课措施"]) else "补课措施未填写"
    return f"{item_name(row)}，{measure}，{_owner(row)}，{when}（{row['状态']}）"
