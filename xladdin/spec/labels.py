"""How verdicts and severities look to a person: the words, the symbols and the colours.

Every writer (the marked copy, the Excel add-in, the summary, the terminal,
the web page) takes them from here, so a symbol or a colour changes in one place.
"""

from __future__ import annotations

from xladdin.spec.form import COMPLETE, INCOMPLETE, REMEDIATING, UNREPORTED, VERDICTS
from xladdin.spec.messages import ERROR, WARNING

VERDICT_LABELS = {COMPLETE: "合格", REMEDIATING: "补课中", INCOMPLETE: "不合格", UNREPORTED: "未报送"}
VERDICT_SYMBOLS = {COMPLETE: "✓", REMEDIATING: "△", INCOMPLETE: "✗", UNREPORTED: "—"}
# Light fills behind a verdict (Excel's "good / neutral / bad" cell styles, grey for not
# reported), and the darker text colour that goes with each.
VERDICT_FILLS = {COMPLETE: "C6EFCE", REMEDIATING: "FFEB9C", INCOMPLETE: "FFC7CE", UNREPORTED: "EDEDED"}
VERDICT_TEXT_COLOURS = {COMPLETE: "006100", REMEDIATING: "7F4F00", INCOMPLETE: "9C0006", UNREPORTED: "595959"}
# Stronger versions of the fills, so chart bars read in print and on screen.
VERDICT_CHART_COLOURS = {COMPLETE: "#4E9A5B", REMEDIATING: "#E8A735", INCOMPLETE: "#C8504A", UNREPORTED: "#BFBFBF"}

# A branch whose file came back but could not be used (xladdin.core.checks.pending): grey like 未报送, in its own words.
PENDING = "pending"
PENDING_LABEL = "待核实"
PENDING_TEXT = f"{VERDICT_SYMBOLS[UNREPORTED]} {PENDING_LABEL}"
PENDING_CHART_COLOUR = "#8C8C8C"  # darker than 未报送's grey, so the two bars tell apart

SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}
# Fills of a marked input cell, by the worst finding in it.
SEVERITY_FILLS = {ERROR: "FFC7CE", WARNING: "FFEB9C"}
MARK_COLOURS = frozenset(SEVERITY_FILLS.values())

# The 问题清单 and 修改意见 sheets: a title, one line under it, then the table. The header row
# is also how a later run knows the sheet is ours. In the office's 问题清单 the stable code stays
# in the last column, hidden: the office reads Chinese, a program can still filter by code. A
# branch's 修改意见 has no code column at all. Widths in Excel's character units.
ISSUE_HEADERS = ("序号", "支部", "单元格", "项目", "级别", "问题及修改方法", "代码")
ISSUE_WIDTHS = (6, 10, 9, 8, 7, 94, 22)
ISSUE_HIDDEN_COLUMN = "G"
ISSUE_HEADER_ROW = 3
ISSUE_HEADER_FILL = "C00000"


def verdict_text(verdict: str) -> str:
    """"✓ 合格": what a verdict cell, the matrix and the terminal show."""
    return f"{VERDICT_SYMBOLS[verdict]} {VERDICT_LABELS[verdict]}"


VERDICT_TEXTS = frozenset(verdict_text(v) for v in VERDICT_LABELS)


JUDGED_SYMBOLS = frozenset(VERDICT_SYMBOLS[v] for v in VERDICTS)


def is_verdict_text(value: object) -> bool:
    """Whether a cell holds a verdict this tool wrote (it starts with one of the judged symbols)."""
    return isinstance(value, str) and value[:1] in JUDGED_SYMBOLS
