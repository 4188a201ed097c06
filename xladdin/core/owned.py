"""Which sheets this tool wrote, and so may replace: 问题清单, 汇总 and 回收情况.

The office may keep a 汇总 of its own, or rename a branch sheet to it; such
a sheet is never replaced. Each writer (openpyxl, xlwings) reads the sheet's
top corner its own way and asks here.
"""

from __future__ import annotations

from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADERS
from xladdin.spec.loop_text import COLLECTION_HEADER_SETS

# The first line of every 汇总 sheet this tool writes starts with it.
TRACE_PREFIX = "数据来源："


def generated_by_us(name: str, top_rows: list[list[object]]) -> bool:
    """Whether the sheet `name` is one this tool wrote, from its first rows."""
    cells = [str(v) for row in top_rows for v in row if v is not None]
    if name in (form.ISSUES_SHEET, form.FEEDBACK_SHEET):
        # A branch's 修改意见 has no code column: the headers before it are ours either way.
        shown = list(ISSUE_HEADERS[:-1])
        rows = [[None if v is None else str(v) for v in row] for row in top_rows]
        return any(row[: len(shown)] == shown for row in rows)
    if name == form.SUMMARY_SHEET:
        return any(c.startswith(TRACE_PREFIX) for c in cells)
    if name == form.COLLECTION_SHEET:
        # Its header row's names, in any order (the office may move the columns, or add one of its own:
        # collect reads ours by name and carries the office's into the new sheet).
        return any(any(ours <= {str(v).strip() for v in row if v is not None and str(v).strip()}
                       for ours in COLLECTION_HEADER_SETS)
                   for row in top_rows)
    return False


def not_ours_error(name: str) -> UserError:
    return UserError("sheet-not-ours", name=name)
