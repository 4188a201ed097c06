"""Write text so that it stays text: no formula, no error value, no DDE, no broken XML.

Branch text like "=HYPERLINK(...)", "+cmd|' /C calc'!A0", "@SUM(A1)" or "#N/A"
must reach every workbook we write as the literal characters typed.
"""

from __future__ import annotations

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.exceptions import IllegalCharacterError  # noqa: F401 - re-exported for callers' except clauses

# Characters that make Excel re-read a cell as a formula when it is edited.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Excel's own limit for one cell; longer text is refused by Excel on open.
MAX_CELL_CHARS = 32_767
# XML 1.0 forbids these control characters; openpyxl raises on them, Excel
# calls the file corrupt. Tab, LF and CR are legal and kept.
_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF], None)
_SURROGATES = range(0xD800, 0xE000)


def xml_safe(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Text that any XML writer accepts: illegal controls and lone surrogates dropped, length capped."""
    text = text.translate(_ILLEGAL)
    if any(ord(ch) in _SURROGATES for ch in text):
        text = "".join(ch for ch in text if ord(ch) not in _SURROGATES)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def needs_guard(value: object) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES)


def set_text(cell, value: object) -> None:
    """Assign a value to an openpyxl cell; strings are forced to the string type."""
    if isinstance(value, str):
        value = xml_safe(value)
        # Assigning through .value would let openpyxl infer "f" for "=..." and
        # "e" for "#N/A"; set the raw value and the type together instead.
        cell._value = value
        cell.data_type = "s"
        if needs_guard(value):
            # The quote prefix keeps it text when someone later edits the cell in Excel.
            cell.quotePrefix = True
        return
    cell.value = value
