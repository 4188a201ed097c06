"""What each ribbon entry point does to an open book, over the pure core.

Each job returns the plain Chinese text of the closing alert. Nothing here
imports xlwings: the book is used through its API, so tests drive the jobs
with xlwings' remote engine and Excel drives them through COM.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import spec
from .checks import check_workbook
from .marks import is_verdict_text, plan_marks, verdict_cell_for, verdict_cell_free
from .model import WorkbookData
from .report import Report, json_default
from .safe_write import atomic_write, refuse_same_file
from .xw_marks import MarkStats, apply_plan, clear_plan, delete_sheet, refuse_foreign_sheet
from .xw_protect import refuse_protected_structure, writable
from .xw_read import BookSource, read_book

Progress = Callable[[str], None]
EXPORT_SUFFIX = "_回头看汇总_"
UNSAVED = "本工作簿的改动尚未保存，请核对后自行保存。"


@dataclass
class Checked:
    data: WorkbookData
    report: Report
    source: BookSource


def check_book(book, progress: Progress) -> Checked:
    # Before any change: a 汇总 or 问题清单 the office made itself is never replaced.
    for name in (spec.ISSUES_SHEET, spec.SUMMARY_SHEET):
        refuse_foreign_sheet(book, name)
    progress("回头看：正在读取工作簿…")
    data, source = read_book(book)
    progress("回头看：正在校验…")
    return Checked(data, check_workbook(data), source)


def mark(book, checked: Checked, progress: Progress) -> MarkStats:
    plan = plan_marks(checked.report, {s.sheet: s.cells for s in checked.data.sheets})
    # A verdict box a person wrote in keeps their text (the values were read already).
    plan.verdicts = [v for v in plan.verdicts if verdict_cell_free(checked.source.value(v.sheet, v.cell))]
    with writable(book, plan.input_cells):  # a password or a protected structure stops us before any change
        return apply_plan(book, plan, progress)


def build_summary_parts(book, checked: Checked, now: datetime | None = None):
    """The summary tables and chart images; drawn before the book is touched, so a missing font changes nothing."""
    from reports.charts import render_charts
    from reports.tables import build_summary

    # The open book may differ from its file on disk, so the trace hashes what was read.
    summary = build_summary(
        checked.report, Path(book.fullname).name, content_digest(checked.data), now or datetime.now(),
        digest_label="内容摘要 SHA-256",
    )
    return summary, render_charts(summary)


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


def export_path(book, now: datetime) -> Path:
    stem = Path(book.fullname).stem or "工作簿"
    return output_folder(book) / f"{stem}{EXPORT_SUFFIX}{now:%Y%m%d}.xlsx"


def write_export(book, summary, charts, now: datetime) -> Path:
    """The standalone summary workbook, from the plain data read through Excel; never the user's file."""
    from openpyxl import Workbook

    from reports.xlsx_writer import write_summary

    target = export_path(book, now)
    refuse_same_file(Path(book.fullname), target)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.SUMMARY_SHEET
    write_summary(ws, summary, charts)
    return atomic_write(target, wb.save)


def counts(report: Report) -> str:
    return f"{len(report.branches)} 个支部、{report.errors} 条错误、{report.warnings} 条提示"


def _kept_notes(stats: MarkStats) -> list[str]:
    if not stats.notes_kept:
        return []
    return [f"有 {stats.notes_kept} 个问题单元格原有批注无法读取，已保留原批注，说明见“问题清单”。"]


# ---- the jobs -------------------------------------------------------------


def validate_job(book, progress: Progress) -> str:
    checked = check_book(book, progress)
    stats = mark(book, checked, progress)
    lines = [f"校验完成：{counts(checked.report)}。", f"已标出问题单元格，并生成“{spec.ISSUES_SHEET}”工作表。"]
    return "\n".join([*lines, *_kept_notes(stats), UNSAVED])


def summarize_job(book, progress: Progress) -> str:
    checked = check_book(book, progress)
    progress("回头看：正在生成汇总…")
    summary, charts = build_summary_parts(book, checked)
    refuse_protected_structure(book)
    from .xw_summary import write_summary_sheet

    write_summary_sheet(book, summary, charts)
    return "\n".join([f"汇总完成：{counts(checked.report)}。", f"已生成“{spec.SUMMARY_SHEET}”工作表。", UNSAVED])


def export_job(book, progress: Progress) -> str:
    checked = check_book(book, progress)
    progress("回头看：正在写出汇总工作簿…")
    now = datetime.now()
    summary, charts = build_summary_parts(book, checked, now)
    path = write_export(book, summary, charts, now)
    return f"汇总工作簿已写入：{path}\n（{counts(checked.report)}）"


def main_job(book, progress: Progress) -> str:
    checked = check_book(book, progress)
    now = datetime.now()
    progress("回头看：正在绘制图表…")
    summary, charts = build_summary_parts(book, checked, now)
    stats = mark(book, checked, progress)
    progress("回头看：正在生成汇总…")
    from .xw_summary import write_summary_sheet

    write_summary_sheet(book, summary, charts)
    progress("回头看：正在写出汇总工作簿…")
    path = write_export(book, summary, charts, now)
    lines = [
        f"校验并汇总完成：{counts(checked.report)}。",
        f"已标出问题单元格，并生成“{spec.ISSUES_SHEET}”“{spec.SUMMARY_SHEET}”工作表。",
        f"汇总工作簿已写入：{path}",
    ]
    return "\n".join([*lines, *_kept_notes(stats), UNSAVED])


def clear_job(book, progress: Progress) -> str:
    checked = check_book(book, progress)
    progress("回头看：正在清除标记…")
    inputs = {s.sheet: sorted(set(s.cells.values())) for s in checked.data.sheets}
    verdicts = {s.sheet: _our_verdicts(checked, s.sheet, s.cells) for s in checked.data.sheets}
    with writable(book, inputs):
        clear_plan(book, inputs, verdicts)
        delete_sheet(book, spec.SUMMARY_SHEET)
    done = f"已清除 {len(inputs)} 个支部表上的标记，并删除“{spec.ISSUES_SHEET}”“{spec.SUMMARY_SHEET}”工作表。"
    return "\n".join([done, UNSAVED])


def _our_verdicts(checked: Checked, sheet: str, cells: dict[str, str]) -> list[str]:
    """Verdict cells that hold our verdict text; anything else a person put there stays."""
    out = []
    for c in spec.CRITERIA:
        if status := cells.get(f"c{c.id}_status"):
            cell = verdict_cell_for(status)
            value = checked.source.value(sheet, cell)
            if is_verdict_text(value):
                out.append(cell)
    return out
