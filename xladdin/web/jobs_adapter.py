"""The one place where the page calls the file jobs; it runs inside a worker process.

Today it wraps xladdin.service (check_file, mark_file) and the reports package,
doing per file what `huitoukan run` does. When the office's loop lands
(xladdin.jobs: run, collect, feedback, report, ledger), this module is what
changes; the page only reads the FileOutcome values it returns.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from ..errors import UserError
from .outcome import MARKED, SUMMARY, BranchRow, FileOutcome, FindingRow

OFFICE = "office"  # check, marked copy with the 汇总 sheet, summary workbook
SELF_CHECK = "self"  # one branch checks its own file: check and marked copy only
MODES = (OFFICE, SELF_CHECK)


def run_file(source: Path, outdir: Path, index: int, display_name: str, mode: str = OFFICE,
             report_date: datetime | None = None) -> FileOutcome:
    """Check source (our generated name) and write its outputs into outdir; never raises.

    A user's mistake comes back as the same Chinese refusal the command line prints, naming
    the file as the user knows it; a bug is logged with its traceback, as the command line does.
    """
    started = time.perf_counter()
    outcome = FileOutcome(index, display_name)
    try:
        refuse_lock_file(display_name)
        _run(Path(source), Path(outdir), outcome, mode, report_date)
    except UserError as exc:
        outcome.refused = str(exc).replace(Path(source).name, display_name)
    except Exception:  # the page's last line of defence, like the command line's
        from ..logs import log_exception

        log = log_exception()
        outcome.refused = f"内部错误：处理“{display_name}”时程序出现异常，详细信息已记录到 {log}。请把该文件发给维护人员。"
    if outcome.refused:
        outcome.branches, outcome.findings, outcome.outputs = [], [], {}
    outcome.seconds = time.perf_counter() - started
    return outcome


def refuse_lock_file(name: str) -> None:
    # The stored copy has our own name, so the reader cannot see the user's lock-file prefix.
    if name.startswith("~$") or name.startswith(".~lock."):
        raise UserError(f"“{name}”是 Excel 或 WPS 打开工作簿时生成的临时锁定文件，不是工作簿。请选择不带 ~$ 前缀的原文件。")


def _run(source: Path, outdir: Path, outcome: FileOutcome, mode: str, report_date: datetime | None) -> None:
    from ..mark_xlsx import marked_copy_warnings
    from ..service import check_file, mark_file

    data, report = check_file(source)
    outcome.branches = [BranchRow(b.sheet, b.branch, dict(b.verdicts), b.errors, b.warnings) for b in report.branches]
    outcome.findings = [FindingRow(f.sheet, f.cell, f.field, f.criterion, f.severity, f.code, f.message)
                        for f in report.findings]
    marked = outdir / f"{MARKED}-{outcome.index:03d}{source.suffix}"
    outcome.notes = [note.replace(source.name, outcome.display_name)
                     for note in (*data.notes, *marked_copy_warnings(source, marked))]
    if mode == SELF_CHECK:
        mark_file(source, marked, data, report)
        outcome.outputs = {MARKED: marked.name}
        return
    from reports.api import summarize_file

    # One summary (tables and charts) for both workbooks, as `huitoukan run` does.
    parts = _summary_parts(report, source, outcome.display_name, report_date)
    mark_file(source, marked, data, report, summary=parts)
    summary = summarize_file(source, outdir / f"{SUMMARY}-{outcome.index:03d}.xlsx", checked=(data, report),
                             parts=parts)
    outcome.outputs = {MARKED: marked.name, SUMMARY: summary.name}


def _summary_parts(report, source: Path, display_name: str, report_date: datetime | None) -> tuple:
    """reports.api.summary_parts, but its trace line names the file as the user knows it, not our stored name."""
    from reports.api import file_digest
    from reports.charts import render_charts
    from reports.tables import build_summary

    now = datetime.now()
    summary = build_summary(report, display_name, file_digest(source), report_date or now, generated_at=now)
    return summary, render_charts(summary)


def warm_up() -> None:
    """Start a worker: leave Ctrl+C to the server, and import the heavy libraries once, not on the first upload."""
    import signal

    # Ctrl+C reaches the whole process group; the server stops its workers itself, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import reports.api
    import reports.charts  # noqa: F401

    from .. import mark_xlsx, service  # noqa: F401
