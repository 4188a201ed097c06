"""The human-readable Chinese report: a verdict matrix, then findings by branch."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

from . import spec
from .marks import SEVERITY_LABELS
from .report import Report


def display_width(text: str) -> int:
    """Columns a string takes in a terminal or a spreadsheet: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def render_text(report: Report) -> str:
    lines = [
        f"回头看校验：{Path(report.file).name}",
        f"支部 {len(report.branches)} 个；错误 {report.errors} 条，提示 {report.warnings} 条。",
        "",
        "完成情况（✓ 合格  △ 补课中  ✗ 不合格）",
    ]
    name_w = max([display_width(b.branch) for b in report.branches] + [8]) + 2
    head = _pad("支部", name_w) + "  ".join(c.ordinal for c in spec.CRITERIA) + "   错误  提示"
    lines.append(head)
    for b in report.branches:
        marks = "  ".join(_pad(spec.VERDICT_SYMBOLS[b.verdicts[c.id]], 2) for c in spec.CRITERIA)
        lines.append(f"{_pad(b.branch, name_w)}{marks}  {b.errors:>4}  {b.warnings:>4}")
    by_sheet = defaultdict(list)
    for f in report.findings:
        by_sheet[f.sheet].append(f)
    for sheet, found in by_sheet.items():
        lines += ["", f"【{sheet}】错误 {sum(f.severity == 'error' for f in found)} 条，提示 {sum(f.severity == 'warning' for f in found)} 条"]
        for f in found:
            lines.append(f"  {SEVERITY_LABELS[f.severity]}  {f.message}")
    if not report.findings:
        lines += ["", "未发现问题。"]
    return "\n".join(lines)
