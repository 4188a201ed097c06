"""The Word 情况报告: word it from the summary and write the .docx safely.

python-docx is imported only here and in reports.gongwen, never on the `check` path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reports.gongwen import verify_docx, write_gongwen
from reports.report_content import build_report_content
from reports.tables import Summary
from xladdin.core.findings import Report
from xladdin.xlsx.write import atomic_write

if TYPE_CHECKING:
    import pandas as pd

    from reports.chart_model import Chart

DOCX_SUFFIXES = (".docx",)


def write_report(target: Path, summary: Summary, report: Report, chart: Chart | None = None,
                 ledger: pd.DataFrame | None = None, replace: bool = False) -> Path:
    """Word the 情况报告 from the summary and write it to target atomically, verified as a .docx.

    replace: target may exist (the caller backed it up: xlsx.write.make_room).
    """
    if ledger is None:
        ledger = summary.ledger_items  # every 整改台账 item of these branches, when the summary has a ledger
    content = build_report_content(summary, report, chart, ledger)
    return atomic_write(Path(target), lambda tmp: write_gongwen(content, tmp), verify_docx, DOCX_SUFFIXES, replace)
