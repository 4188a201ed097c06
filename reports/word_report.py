"""The Word 情况报告 from a filled workbook: check it, summarise it, word it, write the .docx safely.

python-docx is imported only here and in reports.gongwen, never on the `check` path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from xladdin.errors import UserError
from xladdin.model import WorkbookData
from xladdin.report import Report
from xladdin.safe_write import atomic_write, backup, check_target, same_file

if TYPE_CHECKING:
    import pandas as pd

    from .tables import Summary

DOCX_SUFFIXES = (".docx",)


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    backup: Path | None  # the earlier file of that name, kept when --force replaced it


def write_report_file(source: Path, target: Path, now: datetime | None = None, force: bool = False,
                      checked: tuple[WorkbookData, Report] | None = None, parts: tuple[Summary, list] | None = None,
                      ledger: pd.DataFrame | None = None, generated_at: datetime | None = None) -> WrittenReport:
    """Check source (unless checked is given) and write the 情况报告 to target. The source is only read.

    now: the report date: it judges deadlines and is the 成文日期 and 印发日期.
    parts: reports.api.summary_parts() already built for this check (the chart is its first image).
    force: replace an existing target, after copying it to a backup beside it.
    """
    from reports.api import summary_parts
    from xladdin.service import check_file

    from .gongwen import verify_docx, write_gongwen
    from .report_content import build_report_content

    source, target = Path(source), Path(target)
    refuse_target(source, target, force)
    _, report = checked or check_file(source)
    summary, charts = parts or summary_parts(report, source, now, generated_at=generated_at)
    content = build_report_content(summary, report, charts[0] if charts else None, ledger)
    saved = backup(target) if target.exists() else None
    atomic_write(target, lambda tmp: write_gongwen(content, tmp), verify_docx, DOCX_SUFFIXES)
    return WrittenReport(target, saved)


def refuse_target(source: Path, target: Path, force: bool) -> None:
    """The user-mistake checks, before any work: a .docx name, not the source, not open, not there unless forced."""
    if target.suffix.lower() not in DOCX_SUFFIXES:
        raise UserError(f"输出文件“{target.name}”须以 .docx 结尾（写出的是 Word 文档）。请改用如 {target.stem}.docx 的文件名。")
    if same_file(source, target):
        raise UserError(f"输出文件与输入文件相同（{target.name}）。请另选输出文件名。")
    # Word and WPS leave ~$name beside an open document (checked again when writing); LibreOffice .~lock.name#.
    lock = target.with_name(f".~lock.{target.name}#")
    if lock.exists():
        raise UserError(f"“{target.name}”正在 LibreOffice 或 WPS 中打开（发现锁定文件 {lock.name}）。请先关闭它再试。")
    check_target(target, DOCX_SUFFIXES)  # a folder, a missing folder, Word's ~$ lock file
    if target.exists() and not force:
        raise UserError(f"“{target.name}”已存在。为防止覆盖，请另选文件名；确需覆盖，请加 --force（会先备份原文件）。")
