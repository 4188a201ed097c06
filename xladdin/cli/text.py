"""The human-readable Chinese report: a verdict matrix, then findings by branch."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from xladdin.core.findings import Report, is_pending
from xladdin.core.textwidth import display_width
from xladdin.spec import form
from xladdin.spec.labels import PENDING_LABEL, SEVERITY_LABELS, VERDICT_LABELS, VERDICT_SYMBOLS
from xladdin.spec.messages import ERROR, WARNING


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _shown(report: Report) -> tuple[str, ...]:
    """The verdicts the legend explains: 未报送 only when a branch has not reported."""
    return form.ALL_VERDICTS if any(not b.reported for b in report.branches) else form.VERDICTS


def render_text(report: Report) -> str:
    lines = [
        f"回头看校验：{Path(report.file).name}",
        f"支部 {len(report.branches)} 个；错误 {report.errors} 条，提示 {report.warnings} 条。",
        "",
        "完成情况（" + "  ".join(f"{VERDICT_SYMBOLS[v]} {VERDICT_LABELS[v]}" for v in _shown(report)) + "）",
    ]
    name_w = max([display_width(b.branch) for b in report.branches] + [8]) + 2
    head = _pad("支部", name_w) + "  ".join(c.ordinal for c in form.CRITERIA) + "   错误  提示"
    lines.append(head)
    for b in report.branches:
        # A symbol and a space fill the column of a two-column numeral: terminals draw △ narrow
        # or wide depending on their locale, so it is not padded by measured width.
        marks = "  ".join(VERDICT_SYMBOLS[b.verdicts[c.id]] + " " for c in form.CRITERIA)
        # Its file came back but could not be used: the dashes are not 未报送 (xladdin.core.checks.pending).
        pending = f"  （已报回，{PENDING_LABEL}）" if is_pending(b) else ""
        lines.append(f"{_pad(b.branch, name_w)}{marks}  {b.errors:>4}  {b.warnings:>4}{pending}")
    by_sheet = defaultdict(list)
    for f in report.findings:
        by_sheet[f.sheet].append(f)
    for sheet, found in by_sheet.items():
        lines += ["", f"【{sheet}】错误 {sum(f.severity == ERROR for f in found)} 条，提示 {sum(f.severity == WARNING for f in found)} 条"]
        for f in found:
            lines.append(f"  {SEVERITY_LABELS[f.severity]}  {f.message}")
    if not report.findings:
        lines += ["", "未发现问题。"]
    return "\n".join(lines)
