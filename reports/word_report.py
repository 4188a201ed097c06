"""The Word 情况报告: word it from the summary and write the .docx safely.

python-docx is imported only in reports.gongwen's writer and check, never on the `check` path;
`run` renders the document in its drawing child (xladdin.jobs.charts), so the wording here and the
rendering there are two steps: report_content(), then render_docx() and save_report().
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reports.gongwen.model import Gongwen
from reports.report_content import build_report_content
from reports.tables import Summary
from xladdin.core.findings import Report
from xladdin.xlsx.stamp import stamp
from xladdin.xlsx.write import atomic_write

if TYPE_CHECKING:
    import pandas as pd

    from reports.chart_model import Chart

DOCX_SUFFIXES = (".docx",)


def report_content(summary: Summary, report: Report, chart: Chart | None = None,
                   ledger: pd.DataFrame | None = None) -> Gongwen:
    """The 情况报告's wording; ledger: the 整改台账 items to list (default: the summary's, when it has a ledger)."""
    if ledger is None:
        ledger = summary.ledger_items  # every 整改台账 item of these branches, when the summary has a ledger
    return build_report_content(summary, report, chart, ledger)


def write_report(target: Path, summary: Summary, report: Report, chart: Chart | None = None,
                 ledger: pd.DataFrame | None = None, replace: bool = False) -> Path:
    """Word the 情况报告 from the summary and write it to target atomically, verified as a .docx.

    replace: target may exist (the caller backed it up: xlsx.write.make_room).
    """
    from reports.gongwen import render_docx

    return save_report(target, render_docx(report_content(summary, report, chart, ledger)), replace)


def save_report(target: Path, docx: bytes, replace: bool = False) -> Path:
    """render_docx's bytes (reopened there by python-docx) to target, atomically; the file checked as a package."""
    from reports.gongwen.verify import verify_rendered

    def save(tmp: Path) -> None:
        tmp.write_bytes(docx)
        stamp(tmp, "report")  # so a later run can tell it from one the office saved since

    return atomic_write(Path(target), save, verify_rendered, DOCX_SUFFIXES, replace)
