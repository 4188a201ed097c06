"""run: check once, build the summary and its charts once, then write every output.

A RunTarget hides where the workbook lives: FileRun here (a file on disk, results in a
folder), BookRun in xladdin.excel.jobs (an open book in Excel).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only for annotations: importing them here would load pandas and matplotlib
    from reports.files import SummaryParts
    from xladdin.jobs.earlier import Earlier, Retired
    from xladdin.ledger.items import Ledger
    from xladdin.marks.patch.writer import MarkResult

from xladdin.jobs.ahead import Ahead
from xladdin.jobs.charts import charts_ahead
from xladdin.jobs.files import (
    Checked,
    Progress,
    _quiet,
    check_file,
    ledger_beside,
    ledger_view,
    mark_copy,
    outward_notes,
    summary_parts,
)

# ---- run: check, mark and summarise in one go ------------------------------


class RunTarget(Protocol):
    """Where a run reads the workbook from and writes its results to."""

    marked_path: Path | None  # the marked copy written, or None when the marks go into an open book

    def check(self, progress: Progress) -> Checked: ...

    def trace(self, checked: Checked) -> tuple[str, str, str]:
        """(source name, digest, what the digest covers), for the summary's trace line."""
        ...

    def mark(self, checked: Checked, parts: SummaryParts, progress: Progress) -> list[str]:
        """Marks, 问题清单 and 汇总 sheet; returns lines worth telling the user."""
        ...

    def export(self, parts: SummaryParts, now: datetime) -> Path:
        """The standalone summary workbook; returns where it went."""
        ...

    def report(self, checked: Checked, parts: SummaryParts, ahead: Ahead | None) -> Callable[[], Path]:
        """The Word 情况报告 beside the summary workbook: started now (ahead's child may render it while
        the workbooks are written), written when the returned function is called, which returns where it went."""
        ...

    def ledger(self, checked: Checked, now: datetime) -> Ledger | None:
        """The 整改台账 beside the workbook (LEDGER_FILE), carried forward in memory; None when there is none."""
        ...


@dataclass
class RunResult:
    checked: Checked
    marked: Path | None
    exported: Path
    report: Path
    notes: list[str] = field(default_factory=list)
    marked_by: MarkResult | None = None  # which writer wrote the marked copy (a file run only)
    ledger: Ledger | None = None  # the 整改台账 as the summary and report saw it, carried forward in memory
    retired: list[Retired] = field(default_factory=list)  # an earlier run's results, moved into 备份/ (a file run)


def run(target: RunTarget, now: datetime | None = None, generated_at: datetime | None = None,
        progress: Progress = _quiet) -> RunResult:
    """Check once, build the summary and its charts once, then write both workbooks.

    The charts are drawn before anything is written: a missing font changes nothing. Where it can, a child
    process draws them (jobs.charts): it loads matplotlib while this one checks, and draws while this one
    builds the marked copy, whose saving is the first thing that needs the pictures; then it renders the
    Word report, which this process only saves, in its turn.
    """
    with charts_ahead() as ahead:
        checked = target.check(progress)
        progress("回头看：正在绘制图表…")
        name, digest, label = target.trace(checked)
        now = now or datetime.now()
        ledger = target.ledger(checked, now)
        parts = summary_parts(checked.report, name, digest, now, label, generated_at, checked.data, ledger, ahead)
        report_written = target.report(checked, parts, ahead)
        notes = outward_notes(checked.report, now) + target.mark(checked, parts, progress)
        progress("回头看：正在写出汇总工作簿…")
        exported = target.export(parts, now)
        progress("回头看：正在写出情况报告…")
        report = report_written()
    return RunResult(checked, target.marked_path, exported, report, notes, getattr(target, "marked", None), ledger,
                     list(getattr(target, "retired", [])))


@dataclass
class FileRun:
    """A run over a workbook file: the marked copy and the summary workbook go into a folder."""

    source: Path
    output_dir: Path
    engine: str = "auto"
    ledger_path: Path | None = None  # the 整改台账 to read (never written); None: the one beside the workbook
    # Branches whose returned file collect could not use (sheet -> why): 待核实, not 未报送.
    pending: dict[str, str] = field(default_factory=dict)
    marked: MarkResult | None = field(default=None, init=False)  # which writer wrote the marked copy
    earlier: list[Earlier] = field(default_factory=list, init=False)  # an earlier run's results, to move aside
    retired: list[Retired] = field(default_factory=list, init=False)  # and where they went
    marked_path: Path = field(init=False)
    summary_path: Path = field(init=False)
    report_path: Path = field(init=False)

    def __post_init__(self) -> None:
        # An earlier run's results in the folder move into its 备份/ just before this run writes (mark):
        # the plain names are always this run's, so the office cannot mail out last round's figures.
        from xladdin.jobs.earlier import earlier_results, refuse_open, result_names

        names = result_names(self.source.stem, self.source.suffix)
        self.marked_path = self.output_dir / names["marked"]
        self.summary_path = self.output_dir / names["summary"]
        self.report_path = self.output_dir / names["report"]
        self.earlier = earlier_results(self.output_dir, self.source.stem, self.source.suffix,
                                       keep=(self.source, self.ledger_path))
        refuse_open(self.earlier)  # before any work: one of them open elsewhere stops the run

    def check(self, progress: Progress) -> Checked:
        progress("回头看：正在校验…")
        checked = check_file(self.source, self.engine)
        if self.pending:
            from xladdin.core.checks.pending import apply_pending

            apply_pending(checked.report, self.pending)
        return checked

    def trace(self, checked: Checked) -> tuple[str, str, str]:
        from reports.files import file_digest

        return self.source.name, file_digest(self.source), "SHA-256"

    def mark(self, checked: Checked, parts: SummaryParts, progress: Progress) -> list[str]:
        from xladdin.jobs.earlier import retire_results
        from xladdin.marks.xlsx import marked_copy_warnings

        warnings = [f"警告：{w}" for w in marked_copy_warnings(self.source, self.marked_path)]
        self.retired, self.earlier = retire_results(self.earlier, self.output_dir), []
        progress("回头看：正在写出标记副本…")
        self.marked = mark_copy(self.source, self.marked_path, checked.data, checked.report, parts)
        return warnings + [f"警告：{w}" for w in self.marked.warnings]

    def export(self, parts: SummaryParts, now: datetime) -> Path:
        from reports.files import write_summary_workbook
        from xladdin.xlsx.write import refuse_same_file

        refuse_same_file(self.source, self.summary_path)
        return write_summary_workbook(self.summary_path, parts)

    def report(self, checked: Checked, parts: SummaryParts, ahead: Ahead | None = None) -> Callable[[], Path]:
        from reports.word_report import save_report
        from xladdin.jobs.charts import report_docx

        summary, charts = parts
        docx = report_docx(summary, checked.report, charts[0] if charts else None, ahead)
        return lambda: save_report(self.report_path, docx())

    def ledger(self, checked: Checked, now: datetime) -> Ledger | None:
        return ledger_view(self.ledger_path or ledger_beside(self.source), checked, self.source, now)
