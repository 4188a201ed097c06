"""What the 回收情况 sheet of a merged workbook says about each branch, read back by its header names.

collect writes the sheet (forms.collection_sheet). Its columns are found by the header row's
names (spec.loop_text.COLLECTION_HEADERS), never by position, so a sheet written before a column
was added, or one whose columns the office moved, reads the same. A row finds its branch by the
hidden 工作表 column (the sheet name) first, then by the full name: the office may correct a
branch's full name in 设置 between rounds, and the branch must keep its row (待核实 stays so).

A branch marked 冲突 or 未能读取 there has an empty sheet in the merged workbook, yet it did report:
a later check, summary or report of that workbook reads the sheet back, so the branch is 待核实
there too, not 未报送 (core.checks.pending). collect --into reads each row's 来源文件 and 收集时间,
so a branch kept from the master keeps them, and an older file does not replace newer answers;
a branch 待核实 there that sends nothing keeps that state, with its 说明 and, for 未能读取, the
reason 未采用的文件 gives for its file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from xladdin.core.a1 import column_letter
from xladdin.core.model import CollectedRow, Settings
from xladdin.core.normalize import clean_text
from xladdin.spec import form
from xladdin.spec.loop_text import (
    COLLECTION_HEADERS,
    COLLECTION_SHEET_HEADER,
    CONFLICT,
    RECEIVED,
    STATUS_LABELS,
    UNREADABLE,
)
from xladdin.xlsx.cells import CellSource

_UNUSED = {STATUS_LABELS[CONFLICT]: "回收情况中为“冲突”，文件未采用", STATUS_LABELS[UNREADABLE]: "回收情况中为“未能读取”"}
_SLACK = 12  # rows above the header (title, tally) and below the branches (the office's own notes)
_COLUMNS = 12  # the header is looked for in A..L
_CHUNK = 100  # rows read at a time when looking for 未采用的文件 below the branches
_UNUSED_ROWS = 6_000  # at most this far (returned.MAX_FILES files, and some)
_TIME = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})"
                   r"(?:\s*[:：分]\s*(\d{1,2}))?")


def read_collection(source: CellSource, settings: Settings) -> tuple[dict[str, CollectedRow], dict[str, str]]:
    """(sheet -> its row, sheet -> why for the branches called 冲突 or 未能读取); both {} when the sheet says nothing."""
    rows = collection_rows(source, settings)
    return rows, {short: why for short, row in rows.items() if (why := _UNUSED.get(row.status)) is not None}


def collection_rows(source: CellSource, settings: Settings) -> dict[str, CollectedRow]:
    """Each listed branch's row, by sheet; {} when the sheet has no header row of ours."""
    last = len(settings.branches) + _SLACK
    letters = [column_letter(c) for c in range(1, _COLUMNS + 1)]
    values = source.read(form.COLLECTION_SHEET, [f"{col}{r}" for r in range(1, last + 1) for col in letters])
    text = {cell: clean_text(v) for cell, v in values.items() if v is not None}
    header, columns = None, {}
    for r in range(1, last + 1):
        names = {text.get(f"{col}{r}"): col for col in letters}
        if "党支部" in names and "状态" in names:
            header, columns = r, {name: col for name, col in names.items()
                                  if name in COLLECTION_HEADERS or name == COLLECTION_SHEET_HEADER}
            break
    if header is None:
        return {}
    # A sheet written before 收集时间 was a column: its subtitle's time is when the 已收到 rows were taken in.
    subtitle = _time(next((text[f"A{r}"] for r in range(1, header) if "收集时间" in text.get(f"A{r}", "")), None))
    by_full = {b.full: b.short for b in settings.branches}
    shorts = {b.short for b in settings.branches}

    def cell(r: int, name: str) -> object:
        return values.get(f"{columns[name]}{r}") if name in columns else None

    out = {}
    for r in range(header + 1, last + 1):
        # By the sheet name first (the hidden 工作表 column): the office may correct a full name in 设置 between rounds.
        sheet = clean_text(cell(r, COLLECTION_SHEET_HEADER))
        short = sheet if sheet in shorts else by_full.get(text.get(f"{columns['党支部']}{r}", ""))
        status = clean_text(cell(r, "状态"))
        if short is None or not status:
            continue
        when = _time(cell(r, "收集时间")) if "收集时间" in columns else (
            subtitle if status == STATUS_LABELS[RECEIVED] else None)
        out[short] = CollectedRow(status, clean_text(cell(r, "来源文件")) or None, when,
                                  clean_text(cell(r, "说明")) or None)
    unread = {short: row for short, row in out.items() if row.status == STATUS_LABELS[UNREADABLE] and row.file}
    if unread:
        reasons = unused_files(source, header + 1, letters)
        for short, row in unread.items():
            files = row.file.split("\n") if row.file else []
            out[short] = replace(row, unused=tuple((f, reasons[f]) for f in files if f in reasons))
    return out


def unused_files(source: CellSource, start: int, letters: list[str]) -> dict[str, str]:
    """未采用的文件 below the branches, file -> reason, by its header's names (文件, 原因); {} when there is none."""
    header: dict[str, str] = {}
    out: dict[str, str] = {}
    for first in range(start, start + _UNUSED_ROWS, _CHUNK):
        rows = range(first, first + _CHUNK)
        values = source.read(form.COLLECTION_SHEET, [f"{col}{r}" for r in rows for col in letters])
        text = {cell: clean_text(v) for cell, v in values.items() if v is not None}
        if not header and not any(text.values()):
            return out  # a whole stretch of empty rows: no such section
        for r in rows:
            if not header:
                names = {text.get(f"{col}{r}"): col for col in letters}
                if "文件" in names and "原因" in names:
                    header = {"文件": names["文件"], "原因": names["原因"]}
                continue
            file = text.get(f"{header['文件']}{r}")
            if not file:
                return out  # the list ends at its first empty row
            out[file] = text.get(f"{header['原因']}{r}", "")
    return out


def _time(value: object) -> datetime | None:
    """A 收集时间 as written (2010-09-01 09:30:00), typed over by a person, or a date-time cell."""
    if isinstance(value, datetime):
        return value
    m = _TIME.search(clean_text(value) or "")
    if m is None:
        return None
    try:
        return datetime(*(int(g) for g in m.groups(default="0")))
    except ValueError:
        return None
