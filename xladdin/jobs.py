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
    from xladdin.marks.patch.writer import MarkResult
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
    return mark_copy(source, target, data, report, parts, replace).path


def mark_copy(source: Path, target: Path, data: WorkbookData, report: Report, parts: SummaryParts | None = None,
              replace: bool = False) -> MarkResult:
    """mark_file, telling also which writer wrote the copy (MarkResult.writer, .describe())."""
    from xladdin.marks.xlsx import write_marked

    also = None
    if parts is not None:
        from reports.files import add_summary_sheet

        def also(wb):
            return add_summary_sheet(wb, parts)

    return write_marked(source, target, plan_for(Checked(data, report)), also=also, replace=replace)


def mark_in_place(source: Path, data: WorkbookData, report: Report) -> MarkResult:
    """Mark the source workbook itself (--in-place); MarkResult.backup is the copy made first."""
    from xladdin.marks.xlsx import mark_in_place as mark

    return mark(source, plan_for(Checked(data, report)))


def summary_parts(report: Report, source_name: str, digest: str, now: datetime | None = None,
                  digest_label: str = "SHA-256", generated_at: datetime | None = None,
                  data: WorkbookData | None = None) -> SummaryParts:
    """The summary's tables and charts, built once for every workbook they go into.

    data: the workbook as read, so the office's copy can link each figure to its cell.
    """
    from reports.charts import render_charts
    from reports.summary import build_summary

    cells = {s.sheet: s.cells for s in data.sheets} if data else None
    summary = build_summary(report, source_name, digest, now or datetime.now(), digest_label, generated_at, cells)
    return summary, render_charts(summary)


def file_summary_parts(source: Path, checked: Checked, now: datetime | None = None,
                       generated_at: datetime | None = None) -> SummaryParts:
    from reports.files import file_digest

    return summary_parts(checked.report, source.name, file_digest(source), now, generated_at=generated_at,
                         data=checked.data)


def report_date_notes(report: Report, now: datetime | None) -> list[str]:
    """A 提示 when the report date given is earlier than the forms were filled: deadlines are judged by it."""
    from xladdin.core.normalize import chinese_date

    fills = [b.values.get("fill_date") for b in report.branches if b.reported]
    fills = [d for d in fills if isinstance(d, date)]
    if now is None or not fills or now.date() >= max(fills):
        return []
    return [f"提示：报告日期{chinese_date(now.date())}早于支部的填表日期（最晚为{chinese_date(max(fills))}），"
            "补课是否逾期按报告日期判断。请核对 --date 是否写错。"]


def summarize_file(source: Path, target: Path, now: datetime | None = None,
                   generated_at: datetime | None = None, replace: bool = False,
                   notice: Progress = _quiet) -> Path:
    """Check source and write the standalone summary workbook to target; the source is only read.

    replace: target may exist (the caller made room for it: xlsx.write.make_room).
    """
    from reports.files import write_summary_workbook
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    checked = check_file(source)
    for note in report_date_notes(checked.report, now):
        notice(note)
    return write_summary_workbook(target, file_summary_parts(source, checked, now, generated_at), replace=replace)


def report_file(source: Path, target: Path, now: datetime | None = None, replace: bool = False,
                notice: Progress = _quiet) -> Path:
    """Check source and write the Word 情况报告 to target; the source is only read.

    now is the report date: it judges deadlines and is the 成文日期 and 印发日期.
    """
    from reports.word_report import write_report
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    checked = check_file(source)
    for note in report_date_notes(checked.report, now):
        notice(note)
    summary, charts = file_summary_parts(source, checked, now)
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
    parts = summary_parts(checked.report, name, digest, now, label, generated_at, checked.data)
    notes = report_date_notes(checked.report, now) + target.mark(checked, parts, progress)
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
    marked: MarkResult | None = field(default=None, init=False)  # which writer wrote the marked copy
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
        self.marked = mark_copy(self.source, self.marked_path, checked.data, checked.report, parts)
        return warnings + [f"警告：{w}" for w in self.marked.warnings]

    def export(self, parts: SummaryParts, now: datetime) -> Path:
        from reports.files import write_summary_workbook
        from xladdin.xlsx.write import refuse_same_file

        refuse_same_file(self.source, self.summary_path)
        return write_summary_workbook(self.summary_path, parts)

    def report(self, checked: Checked, parts: SummaryParts) -> Path:
        from reports.word_report import write_report

        summary, charts = parts
        return write_report(self.report_path, summary, checked.report, charts[0] if charts else None)


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
                   force: bool = False, checked: Checked | None = None) -> list:
    """A 退回修改意见 file for each branch with an error (everyone: every branch) in output_dir.

    An existing file of that name is refused unless force, and then backed up first.
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
    written = []
    for sheet, target in targets.items():
        make_room(target, force)
        written.append(write_feedback(source, target, checked.data, checked.report, sheet, by, replace=True))
    return written
