"""The 情况报告's words, built from the summary tables: a thin mapping from data to sentences.

Every sentence states something the data holds; a sentence whose data is empty is
left out rather than filled with a stock phrase. Branch text is quoted as typed. No
cell addresses, finding codes or file hashes: those stay in the office's workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from reports.chart_model import Chart
from reports.gongwen.model import Figure, Gongwen, Section, Subsection, Table
from reports.next_steps import next_steps
from reports.phrasing import filled, sentence, unique, where
from reports.tables import CLOSED, CRITERION_SHORT, PENDING, SETTLED, Summary, all_done_sentence, reported_verdicts
from reports.wording import chinese_date, joined, pct
from xladdin.core.findings import Report, is_pending
from xladdin.spec import form
from xladdin.spec.labels import PENDING_LABEL, VERDICT_LABELS

ATTACHMENT = "回头看情况汇总表"
TABLE_CAPTION = "表1　各党支部五个方面完成情况"
FIGURE_CAPTION = "图1　五个方面完成情况"
# What the three verdicts mean, under the table: a definition, not a claim about the data.
VERDICT_NOTE = (
    "注：“合格”指该方面已完成，且开展时间、主要做法及成效、佐证材料齐全；“补课中”指该方面尚未完成，"
    "但存在不足、补课措施、责任人、完成时限齐全；“不合格”指未填写完成情况，或所需内容不全、有误。"
)


def build_report_content(summary: Summary, report: Report, chart: Chart | None = None,
                         ledger: pd.DataFrame | None = None) -> Gongwen:
    """The report for one round.

    chart: the per-criterion chart (reports.chart_data.render_charts(...)[0]).
    ledger: the 整改台账's items of these branches with the summary's remedy columns (支部, 项目, 补课措施,
    责任人, 完成时限, 状态), every status (reports.progress.items_frame); None when there is no ledger.
    """
    settings = report.settings
    day = summary.report_date
    recipients = list(settings.recipients)
    sections = [
        Section("基本情况", _basic(summary, report, chart is not None)),
        Section("主要做法和成效", subsections=_achievements(summary, report)),
        _problems(summary, report, ledger),
        Section("下一步工作", subsections=next_steps(summary, report, unreported_names(report), ledger)),
    ]
    return Gongwen(
        title=f"关于{settings.campaign}{settings.round_name}情况的报告",
        # The first recipient is addressed; the others are copied in the 版记.
        main_to=recipients[0] if recipients else "",
        copy_to=tuple(recipients[1:]),
        sections=tuple(s for s in sections if s.paragraphs or s.subsections),
        tables=(matrix_table(summary),) if not summary.verdicts.empty else (),
        figures=(Figure(chart.png, chart.width_in * 25.4, FIGURE_CAPTION),) if chart else (),
        attachments=(ATTACHMENT,),
        signature=settings.org,
        date=day,
        printer=settings.org,
        print_date=day,
        description=summary.outward_trace,
    )


# ---- 一、基本情况 ---------------------------------------------------------------

def _basic(s: Summary, report: Report, with_figure: bool) -> tuple[str, ...]:
    settings = report.settings
    names = branch_names(report)
    reported = [b for b in report.branches if b.reported]
    first = f"本次{settings.round_name}共涉及{len(names)}个党支部：{joined(names)}。"
    if settings.window_start and settings.window_end:
        first += f"阶段时间为{chinese_date(settings.window_start)}至{chinese_date(settings.window_end)}。"
    missing = unreported_names(report)
    pending = pending_names(s)
    second = f"截至{chinese_date(s.report_date)}，"
    if not missing and not pending:
        second += f"{len(names)}个党支部全部报送了填报表"
    elif not pending:
        second += f"{len(reported)}个党支部报送了填报表，{joined(missing)}未报送"
    else:
        second += f"{len(reported)}个党支部报送了填报表"
    fill_dates = [b.values["fill_date"] for b in reported if isinstance(b.values.get("fill_date"), date)]
    if fill_dates:
        second += f"，填表日期{date_span(fill_dates)}"
    members = [b.values["member_count"] for b in reported if isinstance(b.values.get("member_count"), int)]
    if members:
        second += f"，{len(members)}个党支部共有党员{sum(members)}名"
    if pending:  # its file came back but could not be used: not 未报送 (no reason here, it names files)
        second += f"；{joined(pending)}报回的文件待核实，暂未计入汇总" + (f"；{joined(missing)}未报送" if missing else "")
    paragraphs = [first, second + "。"]
    if not s.verdicts.empty:
        paragraphs.append(_overview(s, with_figure))
    return tuple(paragraphs)


def _overview(s: Summary, with_figure: bool) -> str:
    v = reported_verdicts(s.verdicts)  # rates count the branches that reported
    counts = [(VERDICT_LABELS[verdict], int((v == verdict).sum().sum())) for verdict in form.VERDICTS]
    done = counts[0][1]
    parts = "、".join(f"{label}{n}项" for label, n in counts if n)
    reported = "报送的" if s.unreported or s.pending_sheets else ""
    text = (f"对照通知提出的五个方面逐项核对，{reported}{len(v)}个党支部共{v.size}项，{parts}，"
            f"总体完成率{pct(done / v.size)}。")
    all_done = [s.branch_names[sheet] for sheet, row in v.iterrows() if (row == form.COMPLETE).all()]
    if len(all_done) == len(v):
        text = all_done_sentence(all_done, s.text_doubts, text + "各党支部五个方面均已合格。")
    elif len(all_done) == 1:
        text = all_done_sentence(all_done, s.text_doubts, text + f"五个方面全部合格的是{all_done[0]}。")
    elif all_done:
        text = all_done_sentence(all_done, s.text_doubts,
                                 text + f"五个方面全部合格的有{joined(all_done)}，共{len(all_done)}个。")
    else:
        text += "还没有党支部五个方面全部合格。"
    return text + ("各党支部完成情况见表1，五个方面完成情况见图1。" if with_figure else "各党支部完成情况见表1。")


# ---- 二、主要做法和成效 -----------------------------------------------------------

def _achievements(s: Summary, report: Report) -> tuple[Subsection, ...]:
    out = []
    if not reported_verdicts(s.verdicts).empty:
        out.append(Subsection("五个方面开展情况", tuple(_criterion_line(s, report, c) for c in form.CRITERIA)))
    h = s.highlights
    highlights = [f"{row['支部']}：{sentence(row['工作亮点'])}" for _, row in h.iterrows() if filled(row["工作亮点"])]
    if highlights:
        out.append(Subsection("工作亮点", tuple(highlights)))
    honors = [f"{row['支部']}：{sentence(row['先进典型'])}" for _, row in h.iterrows() if filled(row["先进典型"])]
    if honors:
        out.append(Subsection("先进典型", tuple(honors)))
    return tuple(out)


def _criterion_line(s: Summary, report: Report, c: form.Criterion) -> str:
    row = s.criteria.iloc[c.id - 1]
    column = reported_verdicts(s.verdicts)[c.id]
    n = len(column)
    if int(row["合格"]) == n:
        text = f"{n}个党支部均合格"
    else:
        labels = [VERDICT_LABELS[v] for v in form.VERDICTS]
        parts = [f"{label}{int(row[label])}个" for label in labels if int(row[label])]
        text = f"{n}个党支部中{'、'.join(parts)}，完成率{pct(float(row['完成率']))}"
        # The form still says 补课中 where the branch has since reported the make-up done (or the 整改台账
        # shows it signed off): said here, so that 表1 and 四 do not seem to disagree.
        done = {key for key, state in zip(s.remedy_keys, s.remedies["状态"], strict=True) if state in SETTLED}
        for verdict in (form.REMEDIATING, form.INCOMPLETE):
            who = [s.branch_names[sheet] for sheet in column[column == verdict].index]
            if who:
                text += f"；{VERDICT_LABELS[verdict]}的是{joined(who)}"
            finished = [s.branch_names[sheet] for sheet in column[column == verdict].index if (sheet, c.id) in done]
            if verdict == form.REMEDIATING and finished:
                text += f"（其中{joined(finished)}已报告完成补课）"
    held = [b.values.get(form.cname(c.id, "date")) for b in report.branches if b.verdicts.get(c.id) == form.COMPLETE]
    held = [d for d in held if isinstance(d, date)]
    if held:
        text += f"；合格支部的开展时间{date_span(held)}"
    return f"{c.id}.{c.title}。{text}。"


# ---- 三、存在的问题 ---------------------------------------------------------------

def _problems(s: Summary, report: Report, ledger: pd.DataFrame | None = None) -> Section:
    """The shortcomings behind the 补课 items, and what still fails.

    A branch's overall 存在的主要问题 is quoted only when it named no shortcoming under any
    criterion: otherwise it mostly repeats them. A branch that named none this round is said
    to have found none only when the 整改台账 holds no open item of it either, and only when it
    left no criterion open without its 补课 content (四 says that once).
    """
    r = s.remedies
    found = where(r, r["存在不足"].map(filled))
    overall = [(b.branch, b.values["problems"]) for b in report.branches if filled(b.values.get("problems"))]
    reported = reported_names(report)
    intro = ""
    if len(found):
        intro = f"各党支部对照五个方面共查找出存在不足{len(found)}项，涉及{joined(unique(found['支部']))}。"
    unfilled = {s.branch_names.get(sheet, sheet) for sheet, _, _ in s.unfilled}
    silent = [n for n in reported if n not in set(found["支部"]) and n not in {name for name, _ in overall}
              and n not in unfilled]
    still = _open_in_ledger(ledger, silent)
    silent = [n for n in silent if n not in still]
    if silent and len(silent) == len(reported):
        intro += "报送的党支部均未查找出存在不足。"
    elif silent:
        intro += f"{joined(silent)}未查找出存在不足。"
    for name, ordinals in still.items():
        intro += f"{name}本轮未填写存在不足，但整改台账中该支部{joined(ordinals)}的补课尚未完成，见“下一步工作”。"
    subs = []
    if len(found):
        subs.append(Subsection("对照五个方面查找出的不足", tuple(
            f"{row['支部']}{row['项目']}（{_short(row['项目'])}）：{sentence(row['存在不足'])}" for _, row in found.iterrows()
        )))
    only_overall = [(name, text) for name, text in overall if name not in set(found["支部"])]
    if only_overall:
        subs.append(Subsection("其他党支部反映的主要问题" if len(found) else "各党支部反映的主要问题",
                               tuple(f"{name}：{sentence(text)}" for name, text in only_overall)))
    failing = _failing(s, reported_verdicts(s.verdicts))
    if failing:
        subs.append(Subsection("尚不合格的方面", (f"{failing}仍为不合格，需按照缺什么补什么的原则补齐后重新报送。",)))
    return Section("存在的问题", (intro,) if intro else (), tuple(subs))


def _open_in_ledger(ledger: pd.DataFrame | None, names: list[str]) -> dict[str, list[str]]:
    """branch -> the criteria (第三项) of its 整改台账 items not yet reported done or signed off."""
    if ledger is None or not len(ledger):
        return {}
    still = where(ledger, ~ledger["状态"].isin((CLOSED, PENDING)))
    out: dict[str, list[str]] = {}
    for _, row in still.iterrows():
        if row["支部"] in names and row["项目"] not in out.setdefault(row["支部"], []):
            out[row["支部"]].append(row["项目"])
    return {name: out[name] for name in names if out.get(name)}


def _failing(s: Summary, v: pd.DataFrame) -> str:
    items = []
    for sheet, row in v.iterrows():
        ordinals = [f"第{form.criterion(cid).ordinal}项" for cid, verdict in row.items() if verdict == form.INCOMPLETE]
        if ordinals:
            items.append(f"{s.branch_names[sheet]}{joined(ordinals)}")
    return "；".join(items)


# ---- the matrix ------------------------------------------------------------------

def matrix_table(s: Summary) -> Table:
    """Branch × criterion verdicts in words (no symbols: an official document is printed in black),
    each branch's count and rate, and each criterion's rate in the last row."""
    header = ("党支部", *(f"第{c.ordinal}项\n{CRITERION_SHORT[c.id]}" for c in form.CRITERIA), "合格\n项数", "完成率")
    rows = []
    reported_sheets = set(reported_verdicts(s.verdicts).index)
    for sheet, (_, row) in zip(s.verdicts.index, s.matrix.iterrows(), strict=True):
        verdicts = s.verdicts.loc[sheet]
        reported = sheet in reported_sheets
        counted = (str(int(row["合格项数"])), pct(float(row["完成率"]))) if reported else ("—", "—")
        words = ([PENDING_LABEL] * len(form.CRITERIA) if sheet in s.pending_sheets
                 else [VERDICT_LABELS[verdicts[c.id]] for c in form.CRITERIA])
        rows.append((row["支部"], *words, *counted))
    v = reported_verdicts(s.verdicts)
    done = int((v == form.COMPLETE).sum().sum())
    rows.append(("各项完成率", *(pct(float(rate)) for rate in s.criteria["完成率"]), str(done), pct(done / v.size)))
    return Table(TABLE_CAPTION, header, tuple(rows), VERDICT_NOTE)


# ---- small helpers ---------------------------------------------------------------

def branch_names(report: Report) -> list[str]:
    """Every listed branch, then any sheet the list does not name, in workbook order."""
    names = [b.full for b in report.settings.branches]
    return names + [b.branch for b in report.branches if b.branch not in names]


def reported_names(report: Report) -> list[str]:
    return [b.branch for b in report.branches if b.reported]


def unreported_names(report: Report) -> list[str]:
    """The branches that sent no file: not those whose file awaits the office's check (pending_names)."""
    reported = set(reported_names(report)) | {b.branch for b in report.branches if is_pending(b)}
    return [name for name in branch_names(report) if name not in reported]


def pending_names(s: Summary) -> list[str]:
    """The branches whose file came back but could not be used: 已报回、待核实."""
    return [s.branch_names.get(sheet, sheet) for sheet in s.pending_sheets]


def date_span(days: Iterable[date]) -> str:
    days = sorted(days)
    if days[0] == days[-1]:
        return f"为{chinese_date(days[0])}"
    return f"为{chinese_date(days[0])}至{chinese_date(days[-1])}"


def _short(ordinal_label: str) -> str:
    cid = next(c.id for c in form.CRITERIA if f"第{c.ordinal}项" == ordinal_label)
    return CRITERION_SHORT[cid]
