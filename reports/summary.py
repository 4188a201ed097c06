"""Build a Summary: every table, the narrative and the titles, once from a check report."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from reports.narrative import narrate, office_errors, returned_for_correction
from reports.progress import branch_items, items_frame, overdue_frame, progress_frame, settled_statuses
from reports.tables import (
    REMEDY_COLUMNS,
    Summary,
    criteria_frame,
    finding_frame,
    highlight_frame,
    matrix_frame,
    remedy_rows,
    unfilled_items,
    verdict_frame,
)
from reports.wording import chinese_date, recipients_line
from xladdin.core.findings import Report, is_pending
from xladdin.core.owned import TRACE_PREFIX
from xladdin.core.textcheck.model import CODES as TEXT_CODES
from xladdin.errors import UserError

if TYPE_CHECKING:
    from xladdin.ledger.items import Ledger


def build_summary(
    report: Report, source_name: str, digest: str, now: datetime, digest_label: str = "SHA-256",
    generated_at: datetime | None = None, cells: dict[str, dict[str, str]] | None = None,
    ledger: Ledger | None = None,
) -> Summary:
    """digest_label says what was hashed: the file's bytes (SHA-256) or, in Excel, the values read.

    cells: sheet -> field name -> cell, as the reader found them; the office's copy links to them.
    ledger: the 整改台账 carried forward with this round (xladdin.ledger): adds the 整改进展.
    """
    settings = report.settings
    if report.branches and not any(b.reported for b in report.branches):
        raise UserError("nothing-to-report", name=source_name)
    report_date = now.date()
    verdicts = verdict_frame(report)
    remedies = remedy_rows(report, report_date, settled_statuses(ledger) if ledger else None)
    pending = [b.sheet for b in report.branches if is_pending(b)]
    unreported = [b.branch for b in report.branches if not b.reported and not is_pending(b)]
    count = f"共{len(report.branches)}个党支部"
    if unreported or pending:
        count = f"应报{len(report.branches)}个党支部，已报{len(report.branches) - len(unreported)}个"
    if pending:  # reported, but not in the counts: its file awaits the office's check
        count += f"，其中{len(pending)}个待核实"
    summary = Summary(
        title=f"{settings.campaign}{settings.round_name}情况汇总",
        subtitle=f"（截至{chinese_date(report_date)}，{count}）",
        trace=f"{TRACE_PREFIX}{source_name}（{digest_label} {digest[:12]}）；汇总生成于 {generated_at or now:%Y-%m-%d %H:%M}；"
              "本表只含数值，不含公式和外部链接。",
        source_tag=f"{source_name}（{digest_label} {digest[:12]}）",
        # For the office to find the source of a file it sent: not a hash, which means nothing to the reader.
        outward_trace=f"{TRACE_PREFIX}{source_name}；生成于 {generated_at or datetime.now():%Y-%m-%d %H:%M}",
        report_date=report_date,
        verdicts=verdicts,
        matrix=matrix_frame(report, verdicts),
        criteria=criteria_frame(verdicts),
        remedies=pd.DataFrame([row for _, row in remedies], columns=REMEDY_COLUMNS, dtype=object),
        findings=finding_frame(report),
        highlights=highlight_frame(report),
        recipients=recipients_line(settings.recipients),
        org=settings.org,
        branch_names={b.sheet: b.branch for b in report.branches},
        unreported=unreported,
        pending_sheets=pending,
        returned=returned_for_correction(report),
        office_errors=office_errors(report),
        remedy_keys=[key for key, _ in remedies],
        unfilled=unfilled_items(report),
        finding_keys=[(f.sheet, f.cell) for f in report.findings],
        cells=cells or {},
        text_doubts=sorted({b.branch for b in report.branches for f in report.findings
                            if f.sheet == b.sheet and f.code in TEXT_CODES}),
    )
    if ledger is not None:
        items, names = branch_items(ledger, report), summary.branch_names
        summary.progress, summary.overdue = progress_frame(items, names), overdue_frame(items, names)
        summary.ledger_items = items_frame(items, names)
    summary.narrative = narrate(summary, report)
    return summary
