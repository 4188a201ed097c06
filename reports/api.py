"""Entry points for the summary: a standalone workbook from a file, or a 汇总 sheet in an open workbook."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xladdin import spec
from xladdin.mark_xlsx import refuse_foreign_sheet
from xladdin.model import WorkbookData
from xladdin.report import Report
from xladdin.safe_write import atomic_write, refuse_same_file
from xladdin.service import check_file

from .charts import render_charts
from .tables import Summary, build_summary
from .xlsx_writer import write_summary


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def summarize(report: Report, source_path: Path, now: datetime | None = None,
              generated_at: datetime | None = None) -> Summary:
    """now: the report date (deadlines are judged against it); generated_at: when this ran, for the trace line."""
    return build_summary(report, Path(source_path).name, file_digest(Path(source_path)), now or datetime.now(),
                         generated_at=generated_at)


def summary_parts(report: Report, source_path: Path, now: datetime | None = None,
                  fonts: Sequence[str] | None = None, generated_at: datetime | None = None) -> tuple[Summary, list]:
    """The summary tables and the chart images: built once, written into any number of workbooks."""
    summary = summarize(report, Path(source_path), now, generated_at)
    return summary, render_charts(summary, fonts)


def add_summary_sheet(wb: Workbook, report: Report, data: WorkbookData | None, source_path: Path,
                      now: datetime | None = None, fonts: Sequence[str] | None = None,
                      generated_at: datetime | None = None, parts: tuple[Summary, list] | None = None) -> Worksheet:
    """Add the 汇总 sheet to wb, replacing an old one in place; the first sheet if new.

    parts: summary_parts() already built for this report (then the other arguments are not used to build them).
    """
    source = Path(source_path or (data.path if data else ""))
    # Charts are drawn before wb is touched: a missing font must leave it as it was.
    summary, charts = parts or summary_parts(report, source, now, fonts, generated_at)
    refuse_foreign_sheet(wb, spec.SUMMARY_SHEET)
    index = 0
    if spec.SUMMARY_SHEET in wb.sheetnames:
        index = wb.sheetnames.index(spec.SUMMARY_SHEET)
        wb.remove(wb[spec.SUMMARY_SHEET])
    ws = wb.create_sheet(spec.SUMMARY_SHEET, index)
    write_summary(ws, summary, charts)
    wb.active = index
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    return ws


def summarize_file(source: Path, target: Path, now: datetime | None = None, generated_at: datetime | None = None,
                   fonts: Sequence[str] | None = None, checked: tuple[WorkbookData, Report] | None = None,
                   parts: tuple[Summary, list] | None = None) -> Path:
    """Check source (unless checked is given) and write a standalone summary workbook to target.

    The source is only read.
    """
    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    data, report = checked or check_file(source)
    wb = Workbook()
    placeholder = wb.active
    add_summary_sheet(wb, report, data, source, now, fonts, generated_at, parts)
    wb.remove(placeholder)
    return atomic_write(target, wb.save)
