"""Write text so that it stays text: no formula, no error value, no DDE.

Branch text like "=HYPERLINK(...)", "+cmd|' /C calc'!A0", "@SUM(A1)" or "#N/A"
must reach every workbook we write as the literal characters typed.
"""

from __future__ import annotations

from openpyxl.cell.cell import ERROR_CODES

# Characters that make Excel re-read a cell as a formula when it is edited.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def needs_guard(value: object) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES)


def set_text(cell, value: object) -> None:
    """Assign a value to an openpyxl cell; strings are forced to the string type."""
    cell.value = value
    if isinstance(value, str):
        # openpyxl infers "f" for "=..." and "e" for "#N/A"; both would execute or break.
        cell.data_type = "s"
        if needs_guard(value):
            # The quote prefix keeps it text when someone later edits the cell in
            # Excel. openpyxl has no public setter for it, only the style array.
            cell._style.quotePrefix = 1
