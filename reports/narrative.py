"""A few paragraphs in the office's own wording, every clause derived from the summary tables."""

from __future__ import annotations

from reports.progress import progress_sentence
from reports.tables import (
    CLOSED,
    CRITERION_SHORT,
    NO_DEADLINE,
    OVERDUE,
    PENDING,
    REPORTED_DONE,
    SETTLED,
    Summary,
    all_done_sentence,
    reported_verdicts,
    still_open,
    unfilled_sentence,
)
from reports.wording import chinese_date, joined, pct
from xladdin.core.findings import Report
from xladdin.spec import form
from xladdin.spec.messages import ERROR


def narrate(summary: Summary, report: Report) -> list[str]:
    if summary.verdicts.empty:
        return ["工作簿中没有可汇总的支部填报表，请核对设置表中的支部名单。"]
    paragraphs = [_overview(summary), _criteria(summary), _remedies(summary), _progress(summary)]
    return [p for p in paragraphs if p]


def _overview(s: Summary) -> str:
    v = reported_verdicts(s.verdicts)
    total = v.size
    done = int((v == form.COMPLETE).sum().sum())
    partial = int((v == form.REMEDIATING).sum().sum())
    # Counted, not derived: the named categories must add up to the total on their own,
    # so a verdict the sentence does not name shows up as a gap instead of hiding in 不合格.
    failed = int((v == form.INCOMPLETE).sum().sum())
    items = f"五个方面共{total}项，合格{done}项、补课中{partial}项、不合格{failed}项，总体完成率{pct(done / total)}。"
    if s.pending_sheets:
        # 待核实 is not 未报送: the branch sent its file, the office has still to look at it.
        pending = joined([s.branch_names.get(sheet, sheet) for sheet in s.pending_sheets])
        text = f"本次应报{len(s.verdicts)}个党支部，已汇总{len(v)}个；{pending}报回的文件待核实，暂未计入汇总"
        if s.unreported:
            text += f"；{joined(s.unreported)}尚未报送"
        text += f"。已汇总的{len(v)}个党支部{items}"
    elif s.unreported:
        text = (f"本次应报{len(s.verdicts)}个党支部，已报送{len(v)}个，{joined(s.unreported)}尚未报送。"
                f"已报送的{len(v)}个党支部{items}")
    else:
        text = f"本次共汇总{len(v)}个党支部的“回头看”填报情况，{items}"
    all_done = [s.branch_names.get(sheet, sheet) for sheet, row in v.iterrows() if (row == form.COMPLETE).all()]
    if len(all_done) == len(v):
        return all_done_sentence(all_done, s.text_doubts, text + "各支部五个方面均已合格。")
    if len(all_done) == 1:
        return all_done_sentence(all_done, s.text_doubts, text + f"五个方面全部合格的只有{all_done[0]}。")
    if all_done:
        return all_done_sentence(all_done, s.text_doubts,
                                 text + f"五个方面全部合格的有{joined(all_done)}，共{len(all_done)}个。")
    return text + "目前还没有一个支部五个方面全部合格。"


def _label(row) -> str:
    cid = form.CRITERIA[int(row.name)].id
    return f"{row['项目']}“{CRITERION_SHORT[cid]}”"


def _criteria(s: Summary) -> str:
    c = s.criteria
    branches = len(reported_verdicts(s.verdicts))
    lowest = c["完成率"].min()
    if lowest >= 1:
        return ""
    weakest = [_label(row) for _, row in c.iterrows() if row["完成率"] == lowest]
    first = c[c["完成率"] == lowest].iloc[0]
    if len(weakest) == len(c) and lowest == 0:
        return "从五个方面看，各方面都还没有支部合格，请各支部抓紧按要求填报。"
    which = joined(weakest) + ("最为薄弱" if len(weakest) == 1 else "并列最为薄弱")
    passed = int(first["合格"])
    count = f"只有{passed}个合格" if passed else "还没有支部合格"
    text = f"从五个方面看，{which}，{branches}个支部中{count}（完成率{pct(lowest)}）"
    failed = int(first["不合格"])
    text += f"，{failed}个支部不合格。" if failed and len(weakest) == 1 else "。"
    solid = [_label(row) for _, row in c.iterrows() if row["完成率"] >= 1]
    if solid:
        text += f"{joined(solid)}各支部均已合格。"
    return text


def _remedies(s: Summary) -> str:
    r = s.remedies
    # Reported done, or settled in the 整改台账: found this round, but no longer being made up.
    done = {key for key, state in zip(s.remedy_keys, r["状态"], strict=True) if state in SETTLED}
    busy = []
    for sheet, row in s.verdicts.iterrows():
        name = s.branch_names.get(sheet, sheet)
        ordinals = [f"第{form.criterion(cid).ordinal}项" for cid, verdict in row.items()
                    if verdict == form.REMEDIATING and (sheet, cid) not in done]
        if ordinals:
            busy.append(f"{name}（{joined(ordinals)}）")
    parts = []
    if busy:
        parts.append(f"{joined(busy)}仍在补课。")
    if r.empty:
        return "".join(parts) + unfilled_sentence(s)
    parts.append(_remedy_kinds(s))
    today = chinese_date(s.report_date)
    r = r[still_open(r)]
    overdue = r[r["状态"] == OVERDUE]
    if len(overdue):
        items = [f"{row['支部']}{row['项目']}（时限{chinese_date(row['完成时限'])}）" for _, row in overdue.iterrows()]
        parts.append(f"截至{today}，已有{len(overdue)}项超过完成时限：{joined(items)}，请督促尽快补齐。")
    else:
        dated = r[r["状态"] != NO_DEADLINE]
        if len(dated):
            nearest = dated.loc[dated["完成时限"].map(lambda d: d.toordinal()).idxmin()]
            parts.append(
                f"截至{today}均在完成时限内，最近的是{nearest['支部']}{nearest['项目']}，"
                f"须在{chinese_date(nearest['完成时限'])}前完成。"
            )
    undated = r[r["状态"] == NO_DEADLINE]
    if len(undated):
        which = joined(list(undated["支部"] + undated["项目"]))
        many = "均" if len(undated) == len(r) else f"有{len(undated)}项"
        parts.append(f"补课清单中{many}没有明确完成时限（{which}），请支部补填。")
    return "".join(parts) + unfilled_sentence(s)


def _progress(s: Summary) -> str:
    """The 整改台账 in one or two sentences, when the summary has one."""
    if s.progress is None:
        return ""
    return progress_sentence(s.progress, s.overdue, s.report_date)


# How the 补课清单 words an item that is no longer being made up, by its 状态.
DONE_WORDS = {REPORTED_DONE: "支部报告已完成", PENDING: "支部报告已完成、待办公室销号", CLOSED: "已销号"}


def _remedy_kinds(s: Summary) -> str:
    """How long the 补课清单 is, and what its items are: those done by their 状态, the others counted
    by the verdict of their criterion."""
    states = list(s.remedies["状态"])
    kinds = [s.verdicts.loc[key] for key, state in zip(s.remedy_keys, states, strict=True) if state not in SETTLED]
    named = [(n, f"所在方面{what}") for n, what in (
        (kinds.count(form.REMEDIATING), "仍在补课"), (kinds.count(form.INCOMPLETE), "填报尚有错误"),
        (kinds.count(form.COMPLETE), "已合格，为支部自查出的改进事项")) if n]
    named += [(n, DONE_WORDS[state]) for state in (REPORTED_DONE, PENDING, CLOSED) if (n := states.count(state))]
    text = f"补课清单共{len(states)}项（各支部查找出的不足和补课措施）"
    if len(named) == 1:
        what = named[0][1]
        return text + (f"，所在方面均{what[4:]}。" if what.startswith("所在方面") else f"，均{what}。")
    return text + "，其中" + "，".join(f"{n}项{what}" for n, what in named) + "。"


def returned_for_correction(report: Report) -> str:
    """For the document that goes up the line: how many branches are being returned to correct their forms."""
    reported = [b for b in report.branches if b.reported and b.errors]
    if not reported:
        return ""
    errors = sum(b.errors for b in reported)
    return f"{len(reported)}个党支部的填报还有{errors}处需要更正（{joined([b.branch for b in reported])}），已退回修改。"


def office_errors(report: Report) -> str:
    """For the office's own copy: the filling errors and warnings of the branches that reported."""
    reported = {b.sheet for b in report.branches if b.reported}
    branch_sheets = {b.sheet for b in report.branches}
    findings = [f for f in report.findings if f.sheet in reported or f.sheet not in branch_sheets]
    if not findings:
        return "各支部填报内容完整，未发现需要更正的问题。"
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    with_errors = [b.branch for b in report.branches if b.reported and b.errors]
    text = ""
    if errors:
        who = f"，涉及{joined(with_errors)}" if with_errors else ""
        text = f"填报中还有{errors}处错误{who}，已在问题清单中逐条列明，请有关支部更正后重新报送。"
    if warnings:
        text += f"另有{warnings}条提示，请支部核实。"
    return text
