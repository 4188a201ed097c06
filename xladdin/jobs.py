"""The one orchestration: what each job does, and in which order, for every entry point.

The command line, the Excel button and the web page call these functions;
they differ only in where a workbook comes from and where marks go, which a
RunTarget hides (a file on disk here, an open book in xladdin.excel.jobs).
Heavy libraries are imported inside the jobs that need them, so `check`
stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from xladdin.core.checks import check_workbook
from xladdin.core.findings import Report
from xladdin.core.model import WorkbookData
from xladdin.xlsx.read import read_workbook

if TYPE_CHECKING:  # only for annotations: importing them here would load pandas and matplotlib
    from reports.files import SummaryParts
    from xladdin.ledger.files import LedgerResult
    from xladdin.ledger.items import Ledger
    from xladdin.marks.plan import MarkPlan

Progress = Callable[[str], None]


def _quiet(_text: str) -> None:
    pass


class Checked(NamedTuple):
    data: WorkbookData
    report: Report


def check_file(path: Path, engine: str = "auto") -> Checked:
    data = read_workbook(path, engine)
    return Checked(data, check_workbook(data))


def plan_for(checked: Checked) -> MarkPlan:
    from xladdin.marks.plan import plan_marks

    return plan_marks(checked.report, {s.sheet: s.cells for s in checked.data.sheets})


def mark_file(source: Path, target: Path, data: WorkbookData, report: Report, parts: SummaryParts | None = None,
              replace: bool = False) -> Path:
    """Write the marked copy; with summary parts, also the 汇总 sheet, as the Excel button does.

    replace: target may exist (the caller made room for it: xlsx.write.make_room).
    """
    from xladdin.marks.xlsx import write_marked_copy

    also = None
    if parts is not None:
        from reports.files import add_summary_sheet

        def also(wb):
            return add_summary_sheet(wb, parts)

    return write_marked_copy(source, target, plan_for(Checked(data, report)), also=also, replace=replace)


def mark_in_place(source: Path, data: WorkbookData, report: Report) -> Path:
    """Mark the source workbook itself (--in-place); returns the backup made first."""
    from xladdin.marks.xlsx import write_in_place

    return write_in_place(source, plan_for(Checked(data, report)))


def summary_parts(report: Report, source_name: str, digest: str, now: datetime | None = None,
                  digest_label: str = "SHA-256", generated_at: datetime | None = None,
                  ledger: Ledger | None = None) -> SummaryParts:
    """The summary's tables and charts, built once for every workbook they go into.

    ledger: the 整改台账 carried forward with this round (ledger_view): adds the 整改进展.
    """
    from reports.charts import render_charts
    from reports.summary import build_summary

    summary = build_summary(report, source_name, digest, now or datetime.now(), digest_label, generated_at, ledger)
    return summary, render_charts(summary)


def file_summary_parts(source: Path, checked: Checked, now: datetime | None = None,
                       generated_at: datetime | None = None, ledger: Ledger | None = None) -> SummaryParts:
    from reports.files import file_digest

    return summary_parts(checked.report, source.name, file_digest(source), now, generated_at=generated_at,
                         ledger=ledger)


def summarize_file(source: Path, target: Path, now: datetime | None = None,
                   generated_at: datetime | None = None, replace: bool = False,
                   ledger_path: Path | None = None) -> Path:
    """Check source and write the standalone summary workbook to target; the source is only read.

    replace: target may exist (the caller made room for it: xlsx.write.make_room).
    ledger_path: a 整改台账 to report the 整改进展 from; it is only read.
    """
    from reports.files import write_summary_workbook
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    checked = check_file(source)
    ledger = ledger_view(ledger_path, checked, source, now)
    parts = file_summary_parts(source, checked, now, generated_at, ledger)
    return write_summary_workbook(target, parts, replace=replace)


def report_file(source: Path, target: Path, now: datetime | None = None, replace: bool = False,
                ledger_path: Path | None = None) -> Path:
    """Check source and write the Word 情况报告 to target; the source is only read.

    now is the report date: it judges deadlines and is the 成文日期 and 印发日期.
    ledger_path: a 整改台账 whose items not yet signed off the report lists; it is only read.
    """
    from reports.word_report import write_report
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    checked = check_file(source)
    summary, charts = file_summary_parts(source, checked, now, ledger=ledger_view(ledger_path, checked, source, now))
    return write_report(target, summary, checked.report, charts[0] if charts else None, replace=replace)


# ---- run: check, mark and summarise in one go ------------------------------


class RunTarget(Protocol):
    """Where a run reads the workbook from and writes its results to."""

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

    def report(self, checked: Checked, parts: SummaryParts) -> Path:
        """The Word 情况报告 beside the summary workbook; returns where it went."""
        ...

    def ledger(self, checked: Checked, now: datetime) -> Ledger | None:
        """The 整改台账 beside the workbook (LEDGER_FILE), carried forward in memory; None when there is none."""
        ...


@dataclass
class RunResult:
    checked: Checked
    exported: Path
    report: Path
    notes: list[str] = field(default_factory=list)


def run(target: RunTarget, now: datetime | None = None, generated_at: datetime | None = None,
        progress: Progress = _quiet) -> RunResult:
    """Check once, build the summary and its charts once, then write both workbooks.

    The charts are drawn before anything is written: a missing font changes nothing.
    """
    checked = target.check(progress)
    progress("回头看：正在绘制图表…")
    name, digest, label = target.trace(checked)
    now = now or datetime.now()
    parts = summary_parts(checked.report, name, digest, now, label, generated_at, target.ledger(checked, now))
    notes = target.mark(checked, parts, progress)
    progress("回头看：正在写出汇总工作簿…")
    exported = target.export(parts, now)
    progress("回头看：正在写出情况报告…")
    report = target.report(checked, parts)
    return RunResult(checked, exported, report, notes)


@dataclass
class FileRun:
    """A run over a workbook file: the marked copy and the summary workbook go into a folder."""

    source: Path
    output_dir: Path
    engine: str = "auto"
    marked_path: Path = field(init=False)
    summary_path: Path = field(init=False)
    report_path: Path = field(init=False)

    def __post_init__(self) -> None:
        # Results already in the folder are kept: new names get the date and time added.
        from xladdin.xlsx.write import free_name

        self.marked_path = free_name(self.output_dir / f"{self.source.stem}_标记{self.source.suffix}")
        self.summary_path = free_name(self.output_dir / f"{self.source.stem}_回头看汇总.xlsx")
        self.report_path = free_name(self.output_dir / f"{self.source.stem}_回头看情况报告.docx")

    def check(self, progress: Progress) -> Checked:
        progress("回头看：正在校验…")
        return check_file(self.source, self.engine)

    def trace(self, checked: Checked) -> tuple[str, str, str]:
        from reports.files import file_digest

        return self.source.name, file_digest(self.source), "SHA-256"

    def mark(self, checked: Checked, parts: SummaryParts, progress: Progress) -> list[str]:
        from xladdin.marks.xlsx import marked_copy_warnings

        warnings = [f"警告：{w}" for w in marked_copy_warnings(self.source, self.marked_path)]
        progress("回头看：正在写出标记副本…")
        mark_file(self.source, self.marked_path, checked.data, checked.report, parts)
        return warnings

    def export(self, parts: SummaryParts, now: datetime) -> Path:
        from reports.files import write_summary_workbook
        from xladdin.xlsx.write import refuse_same_file

        refuse_same_file(self.source, self.summary_path)
        return write_summary_workbook(self.summary_path, parts)

    def report(self, checked: Checked, parts: SummaryParts) -> Path:
        from reports.word_report import write_report

        summary, charts = parts
        return write_report(self.report_path, summary, checked.report, charts[0] if charts else None)

    def ledger(self, checked: Checked, now: datetime) -> Ledger | None:
        return ledger_view(ledger_beside(self.source), checked, self.source, now)


# ---- the forms ---------------------------------------------------------------


def make_template(output: Path, branches: str | None = None, replace: bool = False) -> Path:
    from xladdin.forms.template import build_template, parse_branches
    from xladdin.xlsx.write import atomic_write

    wb = build_template(parse_branches(branches))
    return atomic_write(Path(output), wb.save, replace=replace)


def make_sample(output: Path, replace: bool = False) -> Path:
    from xladdin.forms.sample import build_sample
    from xladdin.xlsx.write import atomic_write

    return atomic_write(Path(output), build_sample().save, replace=replace)


# ---- 退回修改: one file per branch ------------------------------------------------


def feedback_files(source: Path, output_dir: Path, by: date | None = None, everyone: bool = False,
                   force: bool = False, checked: Checked | None = None, ledger_path: Path | None = None) -> list:
    """A 退回修改意见 file for each branch with an error (everyone: every branch) in output_dir.

    An existing file of that name is refused unless force, and then backed up first.
    ledger_path: a 整改台账 (only read); each file then lists the branch's items not yet signed off.
    Returns the FeedbackFile records, in the workbook's order.
    """
    from xladdin.marks.feedback import branches_to_return, feedback_name, write_feedback
    from xladdin.xlsx.write import make_room

    source, output_dir = Path(source), Path(output_dir)
    checked = checked or check_file(source)
    sheets = branches_to_return(checked.report, everyone)
    targets = {sheet: output_dir / feedback_name(sheet) for sheet in sheets}
    for target in targets.values():  # all refusals before the first file is written
        if target.exists() and not force:
            make_room(target, force)
    from xladdin.spec.ledger import CLOSED

    ledger = ledger_view(ledger_path, checked, source, None)
    written = []
    for sheet, target in targets.items():
        make_room(target, force)
        items = None if ledger is None else [i for i in ledger.items if i.sheet == sheet and i.status != CLOSED]
        written.append(write_feedback(source, target, checked.data, checked.report, sheet, by, replace=True,
                                      items=items))
    return written


# ---- 整改台账: the ledger ---------------------------------------------------------------


def ledger_beside(workbook: Path) -> Path | None:
    """The 整改台账 that `run` and the Excel button use: LEDGER_FILE in the workbook's folder."""
    from xladdin.spec.ledger import LEDGER_FILE

    path = Path(workbook).parent / LEDGER_FILE
    return path if path.is_file() and path.name != Path(workbook).name else None


def ledger_view(ledger_path: Path | None, checked: Checked, source: Path, now: datetime | date | None) -> Ledger | None:
    """The ledger at ledger_path carried forward with this round, in memory (the file is only read); None without one."""
    if ledger_path is None:
        return None
    from xladdin.ledger.files import ledger_view as view

    day = now.date() if isinstance(now, datetime) else (now or date.today())
    return view(Path(ledger_path), checked.data, checked.report, Path(source), day)


def ledger_file(source: Path, target: Path, old: Path | None = None, as_of: date | None = None,
                force: bool = False) -> LedgerResult:
    """Check the round's workbook at source and write the 整改台账 to target, built new or carried on from old.

    Without old, an existing ledger at target is the old one: it is updated in place. Updating in
    place always backs the old file up first; any other existing file at target needs force (and is
    backed up too). A new ledger is never written over an old one.
    """
    from xladdin.ledger.files import is_ledger, open_ledger, write_ledger_file
    from xladdin.xlsx.write import backup, check_target, make_room, refuse_same_file, same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    check_target(target)
    if old is None and target.exists() and is_ledger(target):
        old = target
    in_place = old is not None and same_file(Path(old), target)
    saved = None if in_place else make_room(target, force)
    if old is not None:
        open_ledger(Path(old))  # a file that is no ledger is refused before anything is written
    checked = check_file(source)
    if in_place:
        saved = backup(target)
    result = write_ledger_file(checked.data, checked.report, source, target, old, as_of or date.today())
    result.backup = saved
    return result
