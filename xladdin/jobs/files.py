"""The jobs over one workbook file: check, mark, summarise, report; and the forms.

Heavy libraries are imported inside the jobs that need them, so `check` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from xladdin.core.checks import check_workbook
from xladdin.core.cycles import no_cycle_collection
from xladdin.core.findings import Report
from xladdin.core.model import WorkbookData
from xladdin.jobs.ahead import Ahead
from xladdin.jobs.charts import charts_ahead
from xladdin.spec.messages import NOTE_DEFAULT_ORG, NOTE_FORMULA_TEXT, note_report_before_fill
from xladdin.xlsx.read import read_workbook

if TYPE_CHECKING:  # only for annotations: importing them here would load pandas and matplotlib
    from reports.files import SummaryParts
    from xladdin.ledger.items import Ledger
    from xladdin.marks.patch.writer import MarkResult
    from xladdin.marks.plan import MarkPlan

Progress = Callable[[str], None]


def _quiet(_text: str) -> None:
    pass


class Checked(NamedTuple):
    data: WorkbookData
    report: Report


def check_file(path: Path, engine: str = "auto", text_checks: bool = True) -> Checked:
    """text_checks: off only for the benchmark's same-run baseline."""
    with no_cycle_collection():
        data = read_workbook(path, engine)
        return Checked(data, check_workbook(data, text_checks))


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
                  data: WorkbookData | None = None, ledger: Ledger | None = None,
                  ahead: Ahead | None = None) -> SummaryParts:
    """The summary's tables and charts, built once for every workbook they go into.

    data: the workbook as read, so the office's copy can link each figure to its cell.
    ledger: the 整改台账 carried forward with this round (ledger_view): adds the 整改进展.
    ahead: a drawing child started at the job's start (jobs.charts.charts_ahead); the charts are then drawn
    while the caller writes, which must happen before ahead is closed.
    """
    from reports.chart_data import chart_data
    from reports.summary import build_summary
    from xladdin.jobs.charts import draw

    cells = {s.sheet: s.cells for s in data.sheets} if data else None
    summary = build_summary(report, source_name, digest, now or datetime.now(), digest_label, generated_at, cells,
                            ledger)
    return summary, draw(chart_data(summary), ahead)


def file_summary_parts(source: Path, checked: Checked, now: datetime | None = None,
                       generated_at: datetime | None = None, ledger: Ledger | None = None,
                       ahead: Ahead | None = None) -> SummaryParts:
    from reports.files import file_digest

    return summary_parts(checked.report, source.name, file_digest(source), now, generated_at=generated_at,
                         data=checked.data, ledger=ledger, ahead=ahead)


def outward_notes(report: Report, now: datetime | None) -> list[str]:
    """The 提示 lines for the office before the summary and the report go up the line."""
    return default_org_notes(report) + report_date_notes(report, now) + formula_text_notes(report)


def default_org_notes(report: Report) -> list[str]:
    """A 提示 when what goes up the line is signed with the default 落款: the office never set its own."""
    from xladdin.spec import form

    if report.settings.org != form.DEFAULT_ORG:
        return []
    field = form.SETTINGS_BY_NAME["hk_org"]
    return [NOTE_DEFAULT_ORG.format(org=form.DEFAULT_ORG, sheet=form.SETTINGS_SHEET, label=field.label, cell=field.cell)]


def report_date_notes(report: Report, now: datetime | None) -> list[str]:
    """A 提示 when the report date given is earlier than the forms were filled: deadlines are judged by it."""
    from xladdin.core.normalize import chinese_date

    fills = [b.values.get("fill_date") for b in report.branches if b.reported]
    fills = [d for d in fills if isinstance(d, date)]
    if now is None or not fills or now.date() >= max(fills):
        return []
    return [note_report_before_fill().format(date=chinese_date(now.date()), latest=chinese_date(max(fills)))]


def formula_text_notes(report: Report) -> list[str]:
    """Text that starts like a formula is printed as typed in what goes up the line: the office should know first."""
    from xladdin.core.normalize import preview
    from xladdin.spec import form

    out = []
    for f in report.findings:
        if f.code == "text-like-formula" and f.field:
            value = next((b.values.get(f.field) for b in report.branches if b.sheet == f.sheet), None)
            text = str(value or "")
            out.append(NOTE_FORMULA_TEXT.format(branch=report.settings.full_name(f.sheet), label=form.field_title(f.field),
                                                start=text[:1], preview=preview(text)))
    return out


def summarize_file(source: Path, target: Path, now: datetime | None = None,
                   generated_at: datetime | None = None, replace: bool = False,
                   notice: Progress = _quiet, ledger_path: Path | None = None) -> Path:
    """Check source and write the standalone summary workbook to target; the source is only read.

    replace: target may exist (the caller made room for it: xlsx.write.make_room).
    ledger_path: a 整改台账 to report the 整改进展 from; it is only read.
    """
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    with charts_ahead() as ahead:  # first: the child's matplotlib loads while this process loads the rest
        from reports.files import write_summary_workbook

        checked = check_file(source)
        for note in outward_notes(checked.report, now):
            notice(note)
        ledger = ledger_view(ledger_path, checked, source, now)
        parts = file_summary_parts(source, checked, now, generated_at, ledger, ahead)
        return write_summary_workbook(target, parts, replace=replace)


def report_file(source: Path, target: Path, now: datetime | None = None, replace: bool = False,
                notice: Progress = _quiet, ledger_path: Path | None = None) -> Path:
    """Check source and write the Word 情况报告 to target; the source is only read.

    now is the report date: it judges deadlines and is the 成文日期 and 印发日期.
    ledger_path: a 整改台账 whose items not yet signed off the report lists; it is only read.
    """
    from xladdin.xlsx.write import refuse_same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    with charts_ahead() as ahead:  # first: the child's matplotlib loads while this process loads the rest
        from reports.word_report import write_report

        checked = check_file(source)
        for note in outward_notes(checked.report, now):
            notice(note)
        ledger = ledger_view(ledger_path, checked, source, now)
        summary, charts = file_summary_parts(source, checked, now, ledger=ledger, ahead=ahead)
        return write_report(target, summary, checked.report, charts[0] if charts else None, replace=replace)


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
