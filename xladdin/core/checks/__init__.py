"""The completeness rules of the notice, run over plain data."""

from xladdin.core.checks.sheet import check_sheet
from xladdin.core.checks.workbook import check_workbook

__all__ = ["check_sheet", "check_workbook"]
