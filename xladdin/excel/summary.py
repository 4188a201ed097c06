"""Write the 汇总 sheet into an open workbook through its xlwings Book.

The tables and charts are the summary's own (reports.tables / reports.charts),
the same ones the standalone workbook prints; only the writing differs: one
value call per block, one colour call per table, pictures by name. No merged
cells or page setup here: the print-ready copy is the standalone workbook.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reports.progress import later_titles
from reports.tables import FORMATS, closed_but_failing_note
from reports.wording import chinese_date
from xladdin.excel.marks import as_text, hex_colour, new_first_sheet
from xladdin.spec import form
from xladdin.spec.labels import VERDICT_FILLS, verdict_text

WIDTHS = (16, 12, 12, 12, 12, 12, 10, 10, 8, 8, 8, 8)  # Excel's character units
HEADER_FILL = "#DDE4EE"
ROW_PT = 15  # Excel's default row height; the pictures reserve rows by it
SECTIONS = (
    ("二、各支部完成情况", "matrix", "无。"),
    ("三、五个方面完成情况", "criteria", "无。"),
    ("五、补课清单（缺什么补什么）", "remedies", "各支部没有需要补课的事项。"),
    ("六、问题清单", "findings", "未发现问题。"),
    ("七、工作亮点和先进典型", "highlights", "各支部未填写工作亮点和先进典型。"),
)


def cell_value(value: object) -> object:
    """A DataFrame cell as a plain value Excel takes: no numpy, no NaN, text kept literal."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str | date | datetime):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return as_text(value)


def table_rows(frame) -> list[list[object]]:
    return [[as_text(str(c)) for c in frame.columns]] + [[cell_value(v) for v in row] for row in frame.itertuples(index=False)]


def write_summary_sheet(book, summary, charts: Sequence) -> object:
    sheet = new_first_sheet(book, form.SUMMARY_SHEET)
    for col, width in enumerate(WIDTHS, start=1):
        sheet.range((1, col)).column_width = width
    sheet.range((1, 1)).value = [[as_text(summary.title)], [as_text(summary.subtitle)], [as_text(summary.trace)]]
    sheet.range((1, 1)).font.bold = True
    sheet.range((1, 1)).font.size = 16
    row = 5
    paragraphs = [*summary.narrative, *([summary.office_errors] if summary.office_errors else [])]
    lines = [["一、总体情况"], *([as_text("　　" + p)] for p in paragraphs)]
    sheet.range((row, 1)).value = lines
    row += len(lines) + 1
    tables = {key: (title, empty) for title, key, empty in SECTIONS}
    later = ["remedies", "findings", "highlights"]
    if summary.progress is not None:  # with a 整改台账: its section follows the 补课清单, the rest shift by one
        tables["progress"] = (None, "整改台账中没有这些支部的补课事项。")
        tables["overdue"] = ("逾期事项", "逾期事项：无。")
        later[1:1] = ["progress", "overdue"]
    for key, title in later_titles(summary.progress is not None).items():
        tables[key] = (title, tables[key][1])
    for key in ("matrix", "criteria"):
        row = _table(sheet, row, *tables[key], getattr(summary, key))
    row = _charts(sheet, row, charts)
    for key in later:
        row = _table(sheet, row, *tables[key], getattr(summary, key))
        if key == "remedies" and (note := closed_but_failing_note(summary)):
            sheet.range((row - 1, 1)).value = as_text(note)  # the blank row under the table
            row += 1
    sign_off = [[as_text(summary.org)], [chinese_date(summary.report_date)]]
    if summary.recipients:
        sign_off += [[None], [as_text(summary.recipients)]]
    sheet.range((row, 1)).value = sign_off
    return sheet


def _table(sheet, row: int, title: str, empty: str, frame) -> int:
    heading = sheet.range((row, 1))
    if frame.empty:
        heading.value = [[title], [empty]]
        heading.font.bold = True
        return row + 3
    rows = table_rows(frame)
    width = len(rows[0])
    sheet.range((row, 1)).value = [[title] + [None] * (width - 1), *rows]  # one write per table
    heading.font.bold = True
    head = sheet.range((row + 1, 1), (row + 1, width))
    head.color = HEADER_FILL
    head.font.bold = True
    _verdict_colours(sheet, row + 2, rows[1:])
    for col, name in enumerate(frame.columns, start=1):
        if name in FORMATS:
            sheet.range((row + 2, col), (row + len(rows), col)).number_format = FORMATS[name]
    return row + len(rows) + 2


def _verdict_colours(sheet, top: int, body: list[list[object]]) -> None:
    fills = {verdict_text(v): hex_colour(VERDICT_FILLS[v]) for v in form.ALL_VERDICTS}
    matrix = [[fills.get(v, ...) if isinstance(v, str) else ... for v in row] for row in body]
    if any(c is not ... for line in matrix for c in line):
        sheet.range((top, 1), (top + len(body) - 1, len(body[0]))).set_colors(matrix)


def _charts(sheet, row: int, charts: Sequence) -> int:
    """Charts side by side under a heading; rows below them are left free."""
    sheet.range((row, 1)).value = "四、统计图"
    sheet.range((row, 1)).font.bold = True
    row += 1
    if not charts:
        return row + 1
    left_cols = (1, 1 + len(WIDTHS) // 2)
    band_rows = math.ceil(max(c.height_in for c in charts) * 72 / ROW_PT) + 1
    with tempfile.TemporaryDirectory(prefix="huitoukan-") as folder:
        for i, chart in enumerate(charts):
            path = Path(folder) / f"chart{i}.png"
            path.write_bytes(chart.png)
            # Width only: the picture keeps its aspect ratio (width and height
            # together are ignored by the remote engine; scale= breaks it).
            sheet.pictures.add(
                str(path), name=chart.name, update=True, anchor=sheet.range((row + (i // 2) * band_rows, left_cols[i % 2])),
                width=chart.width_in * 72,
            )
    return row + math.ceil(len(charts) / 2) * band_rows + 1
