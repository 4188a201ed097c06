"""What the 回收情况 sheet of a merged workbook says about branches whose file came back unused.

collect writes the sheet (forms.collection_sheet). A branch marked 冲突 or 未能读取 there has an
empty sheet in the merged workbook, yet it did report: a later check, summary or report of that
workbook reads the sheet back, so the branch is 待核实 there too, not 未报送 (core.checks.pending).
"""

from __future__ import annotations

from xladdin.core.model import Settings
from xladdin.core.normalize import clean_text
from xladdin.spec import form
from xladdin.spec.loop_text import COLLECTION_HEADERS, CONFLICT, STATUS_LABELS, UNREADABLE
from xladdin.xlsx.cells import CellSource

_UNUSED = {STATUS_LABELS[CONFLICT]: "回收情况中为“冲突”，文件未采用", STATUS_LABELS[UNREADABLE]: "回收情况中为“未能读取”"}
_SLACK = 12  # rows above the header (title, tally) and below the branches (the office's own notes)


def pending_from_collection(source: CellSource, settings: Settings) -> dict[str, str]:
    """sheet -> why, for the branches the 回收情况 sheet calls 冲突 or 未能读取; {} when it says nothing usable."""
    rows = len(settings.branches) + _SLACK
    cells = [f"{col}{r}" for r in range(1, rows + 1) for col in "BC"]
    values = source.read(form.COLLECTION_SHEET, cells)
    text = {cell: clean_text(v) for cell, v in values.items() if v is not None}
    header = next((r for r in range(1, rows + 1)
                   if (text.get(f"B{r}"), text.get(f"C{r}")) == COLLECTION_HEADERS[1:3]), None)
    if header is None:
        return {}
    by_full = {b.full: b.short for b in settings.branches}
    out = {}
    for r in range(header + 1, rows + 1):
        short = by_full.get(text.get(f"B{r}", ""))
        why = _UNUSED.get(text.get(f"C{r}", ""))
        if short is not None and why is not None:
            out[short] = why
    return out
