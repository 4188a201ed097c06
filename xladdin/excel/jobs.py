"""What each ribbon entry point does to an open book, over the one orchestration in xladdin.jobs.

Each job returns the plain Chinese text of the closing alert. Nothing here
imports xlwings: the book is used through its API, so tests drive the jobs
with xlwings' remote engine and Excel drives them through COM.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from xladdin import jobs
from xladdin.core.checks import check_workbook
from xladdin.core.findings import Report, json_default
from xladdin.core.model import WorkbookData
from xladdin.excel.marks import MarkStats, apply_plan, clear_plan, delete_sheet, refuse_foreign_sheet
from xladdin.excel.protect import refuse_protected_structure, writable
from xladdin.excel.read import BookSource, read_book
from xladdin.jobs import Checked, Progress
from xladdin.marks.plan import verdict_cell_for, verdict_cell_free
from xladdin.spec import form
from xladdin.spec.labels import is_verdict_text

EXPORT_SUFFIX = "_回头看汇总_"
REPORT_SUFFIX = "_回头看情况报告_"
UNSAVED = "本工作簿的改动尚未保存，请核对后自行保存。"


def content_digest(data: WorkbookData) -> str:
    """SHA-256 of the values read, the open book's state: its file on disk may be older or absent."""
    payload = {s.sheet: sorted((k, v) for k, v in s.raw.items()) for s in data.sheets}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def output_folder(book) -> Path:
    """Next to the workbook; a never-saved book has no folder, so the user's Documents (or home)."""
    full = Path(book.fullname)
    if full.is_absolute() and full.parent.is_dir():
        return full.parent
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def export_path(book, now: datetime, suffix: str = ".xlsx", what: str = EXPORT_SUFFIX) -> Path:
    """Beside the workbook, dated; a file already there is kept and the new one gets the time added."""
    from xladdin.xlsx.write import free_name

    stem = Path(book.fullname).stem or "工作簿"
    return free_name(output_folder(book) / f"{stem}{what}{now:%Y%m%d}{suffix}")


@dataclass
class BookRun:
    """A run over an open book: marks and sheets go into the book, the summary workbook beside it."""

    book: object
    source: BookSource | None = None
    stats: MarkStats = field(default_factory=MarkStats)
    marked_path: Path | None = None  # the marks go into the open book itself

    def check(self, progress: Progress) -> Checked:
        # Before any change: a 汇总 or 问题清单 the office made itself is never replaced.
        for name in (form.ISSUES_SHEET, form.SUMMARY_SHEET):
            refuse_foreign_sheet(self.book, name)
        progress("回头看：正在读取工作簿…")
        data, self.source = read_book(self.book)
        progress("回头看：正在校验…")
        return Checked(data, check_workbook(data))

    def trace(self, checked: Checked) -> tuple[str, str, str]:
        # The open book may differ from its file on disk, so the trace hashes what was read.
        return Path(self.book.fullname).name, content_digest(checked.data), "内容摘要 SHA-256"

    def mark_only(self, checked: Checked, progress: Progress) -> MarkStats:
        plan = jobs.plan_for(checked)
        # A verdict box a person wrote in keeps their text (the values were read already).
        plan.verdicts = [v for v in plan.verdicts if verdict_cell_free(self.source.value(v.sheet, v.cell))]
        with writable(self.book, plan.input_cells):  # a password or a protected structure stops us before any change
            self.stats = apply_plan(self.book, plan, progress)
        return self.stats

    def write_summary_sheet(self, parts, progress: Progress) -> None:
        from xladdin.excel.summary import write_summary_sheet

        refuse_protected_structure(self.book)
        progress("回头看：正在生成汇总…")
        write_summary_sheet(self.book, *parts)

    def mark(self, checked: Checked, parts, progress: Progress) -> list[str]:
        self.mark_only(checked, progress)
        self.write_summary_sheet(parts, progress)
        return kept_notes(self.stats)

    def export(self, parts, now: datetime) -> Path:
        """The standalone summary workbook, from the plain data read through Excel; never the user's file."""
        from reports.files import write_summary_workbook
        from xladdin.xlsx.write import refuse_same_file

        target = export_path(self.book, now)
        refuse_same_file(Path(self.book.fullname), target)
        return write_summary_workbook(target, parts)

    def report(self, checked: Checked, parts, ahead=None) -> Callable[[], Path]:
        """The Word 情况报告 beside the workbook, from the same summary, written when the result is called."""
        from reports.word_report import write_report

        def write() -> Path:
            summary, charts = parts
            target = export_path(self.book, datetime.now(), ".docx", REPORT_SUFFIX)
            return write_report(target, summary, checked.report, charts[0] if charts else None)

        return write

    def ledger(self, checked: Checked, now: datetime):
        """The 整改台账 saved beside the workbook (jobs.ledger_beside), carried forward in memory; only read."""
        full = Path(self.book.fullname)
        if not full.is_absolute():
            return None  # a book never saved has no folder to look in
        return jobs.ledger_view(jobs.ledger_beside(full), checked, full, now)


def counts(report: Report) -> str:
    return f"{len(report.branches)} 个支部、{report.errors} 条错误、{report.warnings} 条提示"


def kept_notes(stats: MarkStats) -> list[str]:
    if not stats.notes_kept:
        return []
    return [f"有 {stats.notes_kept} 个问题单元格原有批注无法读取，已保留原批注，说明见“问题清单”。"]


def _parts(target: BookRun, checked: Checked, now: datetime):
    """The summary tables and chart images; drawn before the book is touched, so a missing font changes nothing."""
    name, digest, label = target.trace(checked)
    return jobs.summary_parts(checked.report, name, digest, now, label, data=checked.data,
                              ledger=target.ledger(checked, now))


# ---- the jobs -------------------------------------------------------------


def validate_job(book, progress: Progress) -> str:
    target = BookRun(book)
    checked = target.check(progress)
    stats = target.mark_only(checked, progress)
    lines = [f"校验完成：{counts(checked.report)}。", f"已标出问题单元格，并生成“{form.ISSUES_SHEET}”工作表。"]
    return "\n".join([*lines, *kept_notes(stats), UNSAVED])


def summarize_job(book, progress: Progress) -> str:
    target = BookRun(book)
    checked = target.check(progress)
    target.write_summary_sheet(_parts(target, checked, datetime.now()), progress)
    return "\n".join([f"汇总完成：{counts(checked.report)}。", f"已生成“{form.SUMMARY_SHEET}”工作表。", UNSAVED])


def export_job(book, progress: Progress) -> str:
    target = BookRun(book)
    checked = target.check(progress)
    progress("回头看：正在写出汇总工作簿…")
    now = datetime.now()
    path = target.export(_parts(target, checked, now), now)
    return f"汇总工作簿已写入：{path}\n（{counts(checked.report)}）"


def main_job(book, progress: Progress) -> str:
    result = jobs.run(BookRun(book), progress=progress)
    lines = [
        f"校验并汇总完成：{counts(result.checked.report)}。",
        f"已标出问题单元格，并生成“{form.ISSUES_SHEET}”“{form.SUMMARY_SHEET}”工作表。",
        f"汇总工作簿已写入：{result.exported}",
        f"情况报告已写入：{result.report}",
    ]
    return "\n".join([*lines, *result.notes, UNSAVED])


def clear_job(book, progress: Progress) -> str:
    target = BookRun(book)
    checked = target.check(progress)
    progress("回头看：正在清除标记…")
    inputs = {s.sheet: sorted(set(s.cells.values())) for s in checked.data.sheets}
    verdicts = {s.sheet: _our_verdicts(target.source, s.sheet, s.cells) for s in checked.data.sheets}
    with writable(book, inputs):
        clear_plan(book, inputs, verdicts)
        delete_sheet(book, form.SUMMARY_SHEET)
    done = f"已清除 {len(inputs)} 个支部表上的标记，并删除“{form.ISSUES_SHEET}”“{form.SUMMARY_SHEET}”工作表。"
    return "\n".join([done, UNSAVED])


def _our_verdicts(source: BookSource, sheet: str, cells: dict[str, str]) -> list[str]:
    """Verdict cells that hold our verdict text; anything else a person put there stays."""
    out = []
    for c in form.CRITERIA:
        if status := cells.get(form.cname(c.id, "status")):
            cell = verdict_cell_for(status)
            if is_verdict_text(source.value(sheet, cell)):
                out.append(cell)
    return out
