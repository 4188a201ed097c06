"""The one place where the page calls the jobs; it runs inside a worker process.

Per uploaded file it does what `huitoukan run` does, through xladdin.jobs, with a
RunTarget that writes under our own generated names and names the user's file in
the summary. The page only reads the FileOutcome values returned.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from xladdin.errors import UserError
from xladdin.jobs import FileRun
from xladdin.web.outcome import MARKED, REPORT, SUMMARY, BranchRow, FileOutcome, FindingRow

OFFICE = "office"  # check, marked copy with the 汇总 sheet, summary workbook, 情况报告
SELF_CHECK = "self"  # one branch checks its own file: check and marked copy only
MODES = (OFFICE, SELF_CHECK)


@dataclass
class UploadRun(FileRun):
    """A run over one uploaded file: outputs under generated names, the trace naming the user's file."""

    index: int = 0
    display_name: str = ""
    marked_path: Path = field(init=False)
    summary_path: Path = field(init=False)
    report_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.marked_path = self.output_dir / f"{MARKED}-{self.index:03d}{self.source.suffix}"
        self.summary_path = self.output_dir / f"{SUMMARY}-{self.index:03d}.xlsx"
        self.report_path = self.output_dir / f"{REPORT}-{self.index:03d}.docx"

    def trace(self, checked):
        _, digest, label = super().trace(checked)
        return self.display_name, digest, label


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
        _run(UploadRun(Path(source), Path(outdir), index=index, display_name=display_name), outcome, mode, report_date)
    except UserError as exc:
        outcome.refused = str(exc).replace(Path(source).name, display_name)
    except Exception:  # the page's last line of defence, like the command line's
        from xladdin.logs import log_exception

        log = log_exception()
        outcome.refused = f"内部错误：处理“{display_name}”时程序出现异常，详细信息已记录到 {log}。请把该文件发给维护人员。"
    if outcome.refused:
        outcome.branches, outcome.findings, outcome.outputs = [], [], {}
    outcome.seconds = time.perf_counter() - started
    return outcome


def refuse_lock_file(name: str) -> None:
    # The stored copy has our own name, so the reader cannot see the user's lock-file prefix.
    from xladdin.xlsx.write import lock_prefix

    if prefix := lock_prefix(name):
        raise UserError("lock-file", name=name, prefix=prefix)


def _run(target: UploadRun, outcome: FileOutcome, mode: str, report_date: datetime | None) -> None:
    from xladdin import jobs
    from xladdin.marks.xlsx import marked_copy_warnings

    def record(checked) -> None:
        report = checked.report
        outcome.branches = [BranchRow(b.sheet, b.branch, dict(b.verdicts), b.errors, b.warnings)
                            for b in report.branches]
        outcome.findings = [FindingRow(f.sheet, f.cell, f.field, f.criterion, f.severity, f.code, f.message)
                            for f in report.findings]
        outcome.notes = [note.replace(target.source.name, outcome.display_name)
                         for note in (*checked.data.notes, *marked_copy_warnings(target.source, target.marked_path))]

    if mode == SELF_CHECK:
        checked = jobs.check_file(target.source)
        record(checked)
        jobs.mark_file(target.source, target.marked_path, *checked)
        outcome.outputs = {MARKED: target.marked_path.name}
        return
    result = jobs.run(target, now=report_date)
    record(result.checked)
    outcome.outputs = {MARKED: target.marked_path.name, SUMMARY: result.exported.name, REPORT: result.report.name}


def warm_up() -> None:
    """Start a worker: leave Ctrl+C to the server, and import the heavy libraries once, not on the first upload."""
    import signal

    # Ctrl+C reaches the whole process group; the server stops its workers itself, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import reports.charts
    import reports.files
    import reports.word_report  # noqa: F401
    import xladdin.marks.xlsx  # noqa: F401
