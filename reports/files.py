"""The summary as files: its parts built once, then written as a 汇总 sheet or a standalone workbook."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.chart_data import render_charts
from reports.chart_model import Chart
from reports.outward import app_properties
from reports.summary import build_summary
from reports.tables import Summary
from reports.xlsx import write_summary
from xladdin.core.findings import Report
from xladdin.spec import form
from xladdin.xlsx.owned import refuse_foreign_sheet
from xladdin.xlsx.stamp import stamp
from xladdin.xlsx.write import atomic_write

SummaryParts = tuple[Summary, list[Chart]]
APP_PART = "docProps/app.xml"


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
                  fonts: Sequence[str] | None = None, generated_at: datetime | None = None) -> SummaryParts:
    """The summary tables and the chart images: built once, written into any number of workbooks."""
    summary = summarize(report, Path(source_path), now, generated_at)
    return summary, render_charts(summary, fonts)


def add_summary_sheet(wb: Workbook, parts: SummaryParts) -> Worksheet:
    """Add the office's 汇总 sheet to wb (with its trace and links), replacing an old one in place; first if new.

    The parts are built before wb is touched, so a missing font leaves it as it was.
    """
    summary, charts = parts
    refuse_foreign_sheet(wb, form.SUMMARY_SHEET)
    index = 0
    if form.SUMMARY_SHEET in wb.sheetnames:
        index = wb.sheetnames.index(form.SUMMARY_SHEET)
        wb.remove(wb[form.SUMMARY_SHEET])
    ws = wb.create_sheet(form.SUMMARY_SHEET, index)
    write_summary(ws, summary, charts, office=True)
    wb.active = index
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    return ws


def write_summary_workbook(target: Path, parts: SummaryParts, replace: bool = False) -> Path:
    """The standalone summary workbook that goes up the line: one 汇总 sheet, values only.

    replace: target may exist (the caller backed it up: xlsx.write.make_room).
    """
    summary, charts = parts
    wb = Workbook()
    ws = wb.active
    ws.title = form.SUMMARY_SHEET
    write_summary(ws, summary, charts)
    # The office's title and name, and where the figures came from (file name and time, no hash):
    # in the document's properties, not on the page.
    wb.properties.title = summary.title
    wb.properties.subject = summary.subtitle.strip("（）")
    wb.properties.creator = wb.properties.lastModifiedBy = summary.org
    wb.properties.description = summary.outward_trace
    def save(tmp: Path) -> None:
        _save_outward(wb, tmp, summary.org)
        stamp(tmp, "summary")  # so a later run can tell it from one the office saved since

    return atomic_write(Path(target), save, replace=replace)


def _save_outward(wb: Workbook, path: Path, org: str) -> None:
    """Save wb with docProps/app.xml naming the office instead of "Openpyxl"; every other entry as saved."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = app_properties(org) if info.filename == APP_PART else source.read(info)
            out.writestr(info, data)
