"""The summary's data model: one pandas DataFrame per section, all computed from the check report.

Nothing here knows about openpyxl or matplotlib, so the Excel add-in can
write the same tables through xlwings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from xladdin import spec
from xladdin.marks import SEVERITY_LABELS
from xladdin.report import Report

# Short names of the five criteria, for column heads and chart axes where the
# notice's full wording does not fit; the full wording is in the criteria table.
CRITERION_SHORT = {c.id: c.short for c in spec.CRITERIA}
OVERDUE = "已逾期"
NOT_DUE = "未到期"
NO_DEADLINE = "未定时限"

MATRIX_COLUMNS = ["支部", *(f"{c.ordinal}\n{CRITERION_SHORT[c.id]}" for c in spec.CRITERIA), "合格项数", "完成率", "错误", "提示"]
CRITERIA_COLUMNS = ["项目", "内容", "合格", "补课中", "不合格", "完成率"]
REMEDY_COLUMNS = ["支部", "项目", "存在不足", "补课措施", "责任人", "完成时限", "状态"]
FINDING_COLUMNS = ["支部", "单元格", "级别", "问题及修改方法"]
HIGHLIGHT_COLUMNS = ["支部", "工作亮点", "先进典型"]


@dataclass
class Summary:
    title: str
    subtitle: str
    trace: str
    source_tag: str  # file name and hash prefix, printed in every page's footer
    report_date: date
    verdicts: pd.DataFrame  # index: branch full name; columns: criterion id; values: verdict codes
    matrix: pd.DataFrame
    criteria: pd.DataFrame
    remedies: pd.DataFrame
    findings: pd.DataFrame
    highlights: pd.DataFrame
    narrative: list[str]
    recipients: str
    org: str


def verdict_text(verdict: str) -> str:
    return f"{spec.VERDICT_SYMBOLS[verdict]} {spec.VERDICT_LABELS[verdict]}"


def verdict_frame(report: Report) -> pd.DataFrame:
    rows = {b.branch: [b.verdicts.get(c.id, spec.INCOMPLETE) for c in spec.CRITERIA] for b in report.branches}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(spec.CRITERION_IDS), dtype=object)


def matrix_frame(report: Report, verdicts: pd.DataFrame) -> pd.DataFrame:
    complete = (verdicts == spec.COMPLETE).sum(axis=1)
    rows = [
        [b.branch, *(verdict_text(v) for v in verdicts.loc[b.branch]), int(complete[b.branch]),
         complete[b.branch] / len(spec.CRITERIA), b.errors, b.warnings]
        for b in report.branches
    ]
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


def criteria_frame(verdicts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for c in spec.CRITERIA:
        counts = verdicts[c.id].value_counts()
        done = int(counts.get(spec.COMPLETE, 0))
        rows.append([
            f"第{c.ordinal}项", c.title, done, int(counts.get(spec.REMEDIATING, 0)),
            int(counts.get(spec.INCOMPLETE, 0)), done / len(verdicts) if len(verdicts) else 0.0,
        ])
    return pd.DataFrame(rows, columns=CRITERIA_COLUMNS)


def remedy_frame(report: Report, report_date: date) -> pd.DataFrame:
    """Every criterion a branch still has to make up, or where it named a shortcoming and a measure."""
    rows = []
    for b in report.branches:
        v = b.values
        for c in spec.CRITERIA:
            part = {p: v.get(f"c{c.id}_{p}") for p in ("status", "shortcomings", "remedy", "owner", "deadline")}
            open_status = part["status"] in (spec.STATUS_PARTIAL, spec.STATUS_NOT_STARTED)
            if not (open_status or part["shortcomings"] or part["remedy"]):
                continue
            rows.append([
                b.branch, f"第{c.ordinal}项", part["shortcomings"], part["remedy"], part["owner"],
                part["deadline"], deadline_state(part["deadline"], report_date),
            ])
    return pd.DataFrame(rows, columns=REMEDY_COLUMNS, dtype=object)


def deadline_state(deadline: object, report_date: date) -> str:
    if not isinstance(deadline, date):
        return NO_DEADLINE
    return OVERDUE if deadline < report_date else NOT_DUE


def finding_frame(report: Report) -> pd.DataFrame:
    names = {b.sheet: b.branch for b in report.branches}
    rows = [
        [names.get(f.sheet, f.sheet), f.cell or "", SEVERITY_LABELS[f.severity], _without_where(f.message)]
        for f in report.findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS, dtype=object)


def _without_where(message: str) -> str:
    # Messages open with "【运一】B30：", which the branch and cell columns already show.
    if message.startswith("【") and "：" in message:
        return message.split("：", 1)[1]
    return message


def highlight_frame(report: Report) -> pd.DataFrame:
    rows = [
        [b.branch, b.values.get("highlights"), b.values.get("honors")]
        for b in report.branches
        if b.values.get("highlights") or b.values.get("honors")
    ]
    return pd.DataFrame(rows, columns=HIGHLIGHT_COLUMNS, dtype=object)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def recipients_line(recipients: tuple[str, ...]) -> str:
    return "报：" + "，".join(recipients) if recipients else ""


def build_summary(
    report: Report, source_name: str, digest: str, now: datetime, digest_label: str = "SHA-256",
    generated_at: datetime | None = None,
) -> Summary:
    """digest_label says what was hashed: the file's bytes (SHA-256) or, in Excel, the values read."""
    from .narrative import narrate

    settings = report.settings
    report_date = now.date()
    verdicts = verdict_frame(report)
    summary = Summary(
        title=f"{settings.campaign}{settings.round_name}情况汇总",
        subtitle=f"（截至{chinese_date(report_date)}，共{len(report.branches)}个党支部）",
        trace=f"数据来源：{source_name}（{digest_label} {digest[:12]}）；汇总生成于 {generated_at or now:%Y-%m-%d %H:%M}；本表只含数值，不含公式和外部链接。",
        source_tag=f"{source_name}（{digest_label} {digest[:12]}）",
        report_date=report_date,
        verdicts=verdicts,
        matrix=matrix_frame(report, verdicts),
        criteria=criteria_frame(verdicts),
        remedies=remedy_frame(report, report_date),
        findings=finding_frame(report),
        highlights=highlight_frame(report),
        narrative=[],
        recipients=recipients_line(settings.recipients),
        org=settings.org,
    )
    summary.narrative = narrate(summary, report)
    return summary
