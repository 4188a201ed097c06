"""Refuse, before anything changes, to replace a 问题清单 or 汇总 sheet the office made itself."""

from __future__ import annotations

from xladdin.core.owned import generated_by_us, not_ours_error


def refuse_foreign_sheet(wb, name: str) -> None:
    """Raise if the openpyxl workbook wb has a sheet `name` that this tool did not write."""
    if name in wb.sheetnames:
        rows = [list(r) for r in wb[name].iter_rows(min_row=1, max_row=5, max_col=8, values_only=True)]
        if not generated_by_us(name, rows):
            raise not_ours_error(name)
