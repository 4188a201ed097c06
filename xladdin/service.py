"""The jobs the command line and the add-in share, over files."""

from __future__ import annotations

from pathlib import Path

from . import spec
from .checks import check_workbook
from .errors import UserError
from .model import WorkbookData
from .reader import read_workbook
from .report import Report


def check_file(path: Path, engine: str = "auto", text_checks: bool = True) -> tuple[WorkbookData, Report]:
    data = read_workbook(path, engine)
    return data, check_workbook(data, text_checks)


def mark_file(source: Path, target: Path, data: WorkbookData, report: Report, summary: tuple | None = None) -> Path:
    """Write the marked copy; summary (reports.api.summary_parts) also adds the 汇总 sheet, as the Excel button does."""
    from .mark_xlsx import write_marked_copy

    return write_marked_copy(source, target, _plan(data, report), also=_summary_adder(source, data, report, summary))


def mark_in_place(source: Path, data: WorkbookData, report: Report) -> Path:
    """Mark the source workbook itself (--in-place); returns the backup made first."""
    from .mark_xlsx import write_in_place

    return write_in_place(source, _plan(data, report))


def _plan(data: WorkbookData, report: Report):
    from .marks import plan_marks

    return plan_marks(report, {s.sheet: s.cells for s in data.sheets})


def _summary_adder(source: Path, data: WorkbookData, report: Report, summary: tuple | None):
    if summary is None:
        return None
    from reports.api import add_summary_sheet

    return lambda wb: add_summary_sheet(wb, report, data, Path(source), parts=summary)


def parse_branches(text: str | None) -> tuple[spec.Branch, ...]:
    if not text:
        return spec.DEFAULT_BRANCHES
    names = [n.strip() for n in text.replace("，", ",").replace("、", ",").split(",")]
    names = [n for n in names if n]
    bad = [n for n in names if n in spec.RESERVED_SHEETS or any(ch in n for ch in "[]:*?/\\'") or len(n) > 31]
    if bad:
        raise UserError(f"支部简称“{bad[0]}”不能用作工作表名（不能与保留表名重名，不能含 []:*?/\\' ，不超过 31 个字符）。请换一个简称。")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UserError(f"支部简称“{dupes[0]}”重复。请每个支部只写一次。")
    if not names:
        raise UserError("--branches 没有给出任何支部。请写成 运一,电气,化学 的形式。")
    return tuple(spec.Branch(n, n if n.endswith("支部") else f"{n}党支部") for n in names)


def make_template(output: Path, branches: str | None = None) -> Path:
    from .safe_write import atomic_write
    from .template import build_template

    wb = build_template(parse_branches(branches))
    return atomic_write(Path(output), wb.save)


def make_sample(output: Path) -> Path:
    from .safe_write import atomic_write
    from .sample import build_sample

    return atomic_write(Path(output), build_sample().save)
