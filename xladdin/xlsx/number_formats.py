"""Which cell styles make python-calamine read a number as a date, decided only where it is certain.

calamine (0.9.1) reads a number as a date when its style's number format is
one of the built-in date formats or a custom format with a date or time
letter outside quotes and brackets, and as a duration for [h]-style
formats. The fast cell reader (xladdin.xlsx.quick_cells) must agree with it
cell for cell, so this module answers only when it is sure: "number",
"date", or None (anything else: AM/PM markers, conditions, durations, odd
brackets). A None sends the sheet to calamine itself.
tests/test_quick_cells.py checks every built-in id and a list of real
formats against calamine.
"""

from __future__ import annotations

from xladdin.xlsx.parts import NS_MAIN, parse_xml

NUMBER, DATE = "number", "date"
# Built-in formats calamine reads as dates (measured: ids 0-199 on python-calamine 0.9.1).
BUILTIN_DATE_IDS = frozenset((*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)))
BUILTIN_DURATION_IDS = frozenset((46,))
_DATE_LETTERS = frozenset("dmyhsDMYHS")
_AMBIGUOUS_LETTERS = frozenset("aApP")  # AM/PM, A/P: calamine has its own rules for these
_COLOURS = frozenset(("black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"))


def format_kind(code: str) -> str | None:
    """NUMBER or DATE for a custom format code, as calamine reads it; None when not certain."""
    quoted = escaped = False
    i = 0
    while i < len(code):
        ch = code[i]
        if escaped:
            escaped = False
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch in "\\_":
            escaped = True  # the next character is shown as is (or as its width)
        elif ch == ";":
            return NUMBER  # only the first section decides
        elif ch == "[":
            end = code.find("]", i)
            if end < 0 or not _harmless_bracket(code[i + 1 : end]):
                return None
            i = end
        elif code.startswith(("General", "general", "GENERAL"), i):
            i += 6  # the word, not letters: no date
        elif ch in _DATE_LETTERS:
            return DATE
        elif ch in _AMBIGUOUS_LETTERS:
            return None
        i += 1
    return NUMBER


def _harmless_bracket(inside: str) -> bool:
    """A locale or currency ([$-804], [$¥-804]), a colour, or DBNum: neither date nor duration."""
    low = inside.lower()
    return inside.startswith("$") or low in _COLOURS or (low.startswith("color") and low[5:].isdigit()) or (
        low.startswith("dbnum") and low[5:].isdigit()
    )


def style_kinds(styles_xml: bytes | None) -> list[str | None]:
    """The kind of each cellXfs entry (index = a cell's s attribute); [] without a styles part."""
    if not styles_xml:
        return []
    root = parse_xml(styles_xml, "xl/styles.xml")
    custom: dict[str, str | None] = {}
    for el in root.iterfind(f"{NS_MAIN}numFmts/{NS_MAIN}numFmt"):
        fmt_id = el.get("numFmtId", "")
        if not _canonical(fmt_id):
            return []  # calamine reads the number; "0164" or "+14" we leave to it: no cell is certain
        # A repeated definition: which one calamine keeps is not worth guessing.
        custom[fmt_id] = None if fmt_id in custom else format_kind(el.get("formatCode", ""))
    kinds: list[str | None] = []
    for xf in root.iterfind(f"{NS_MAIN}cellXfs/{NS_MAIN}xf"):
        fmt_id = xf.get("numFmtId", "0")
        if not _canonical(fmt_id):
            kinds.append(None)
        elif fmt_id in custom:  # a definition wins over the built-in table, even for a built-in id
            kinds.append(custom[fmt_id])
        elif int(fmt_id) in BUILTIN_DURATION_IDS:
            kinds.append(None)
        else:
            kinds.append(DATE if int(fmt_id) in BUILTIN_DATE_IDS else NUMBER)
    return kinds


def _canonical(number: str) -> bool:
    return number.isascii() and number.isdigit() and number == str(int(number))
