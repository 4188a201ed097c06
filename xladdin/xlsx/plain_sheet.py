"""Is this sheet XML exactly the plain, well-formed kind that plain_read may read without calamine?

calamine reads a whole sheet and refuses a damaged one (a bad end tag, an
unquoted attribute, a truncated part, a control character); the check then
goes to openpyxl, which says what is wrong. The same happens for damage in a
cell the check never asks for: a number cell holding text, a shared-string
index past the table, a character reference to U+0000, a row numbered 0, a
<dimension> without its range. A reader that only looks up the ~50 cells it
needs must not read past such damage, and must not read a sheet calamine
would not be given at all (calamine_safety: formulas, error cells, far cells).

Parsing every sheet with expat would cost what calamine costs, so the test is
one regular expression for the grammar of <sheetData> as Excel, WPS,
LibreOffice and openpyxl write it (rows of cells, each with a value calamine
reads without error, no formula, every cell within Z9999 with the usual
attributes), plus expat over what surrounds it, which sheets from one
template share and so is parsed once. Anything outside that grammar is not
plain: calamine reads the sheet as before. Every plain sheet is one that
calamine_safety.sheet_is_safe lets calamine load (tests/test_plain_read.py).
"""

from __future__ import annotations

import functools
import re
from xml.parsers import expat

from xladdin.xlsx.calamine_safety import plain_cells

# A character reference calamine decodes: not U+0000, no surrogate (D800-DFFF), at most 10FFFF;
# conservatively a little narrower (no leading zeros, no 55000-59999, no D000-DFFF).
_DEC = rb"[1-9][0-9]{0,3}|[1-4][0-9]{4}|5[0-4][0-9]{3}|[6-9][0-9]{4}|[1-9][0-9]{5}|10[0-9]{5}"
_HEX = rb"[1-9a-fA-F][0-9a-fA-F]{0,2}|[1-9a-cA-CeEfF][0-9a-fA-F]{3}|[1-9a-fA-F][0-9a-fA-F]{4}|10[0-9a-fA-F]{4}"
# Text with no ":c "/":f>" (calamine_safety reads those as a prefixed cell or formula) and no
# '="e"' (as t="e", an error cell): either sends the sheet to openpyxl, so it is not plain.
# Every repeat in this grammar is possessive (*+): nothing it repeats can also begin what follows
# it, so backtracking would never succeed, and without it the regex engine keeps no per-repeat
# state (a hostile 8 MB run of ":" cost 1.4 GB and 5 s with plain repeats).
_TEXT = (
    rb"[^<&:=]*+(?:(?::(?![cf][\s>/])|=(?![\"']e[\"'])"
    rb"|&(?:lt|gt|amp|quot|apos|#(?:" + _DEC + rb")|#x(?:" + _HEX + rb"));)[^<&:=]*+)*+"
)
# An attribute value: no quote or markup, and no ":c " or ":f>" (calamine_safety would read a
# prefixed cell or formula there and keep calamine away; spans="1:4" is fine).
_VALUE = rb"""(?:[^"'<&:]++|:(?![cf][\s>/]))*+"""
# Attributes other than r on a row: any name (x14ac:dyDescent), a value without quotes or markup.
_ROW_ATTRS = rb'(?: (?:[a-qs-zA-Z][a-zA-Z0-9:]*|r[a-zA-Z0-9:]+)="' + _VALUE + rb'")*+'
_T = rb'(?:<t(?: xml:space="preserve")?>' + _TEXT + rb"</t>|<t/>)"
# Run properties: <b/>, <sz val="11"/>, <rFont val="宋体"/> (never a one-letter c or f).
_RUN = (
    rb"<r>(?:<rPr>(?:<(?:[a-zA-Z]{2,}|[abdeg-zA-Z])(?: [a-zA-Z]+=\"" + _VALUE + rb"\")*+ ?/>)*+</rPr>)?" + _T + rb"</r>"
)
_NUMBER = rb"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
_EXTRA = rb'(?: (?:cm|vm|ph)="[0-9]{1,9}")*+'


def _cell(shared: bytes) -> bytes:
    """A cell within Z9999, its style, and a value calamine reads without error for its type."""
    def typed(t: bytes, content: bytes) -> bytes:
        return t + _EXTRA + rb" ?(?:/>|>(?:" + content + rb")?</c>)"

    return (
        rb'<c r="[A-Z][1-9][0-9]{0,3}"(?: s="[0-9]{1,6}")?(?:'
        + typed(rb'(?: t="n")?', rb"<v>" + _NUMBER + rb"</v>")
        + rb"|" + typed(rb' t="s"', rb"<v>(?:" + shared + rb")</v>")
        + rb"|" + typed(rb' t="b"', rb"<v>[01]</v>")
        + rb"|" + typed(rb' t="str"', rb"<v>" + _TEXT + rb"</v>")
        + rb"|" + typed(rb' t="inlineStr"', rb"<is>(?:" + _T + rb"|(?:" + _RUN + rb")*+)</is>")
        + rb")"
    )


@functools.lru_cache(maxsize=16)
def _grammar(strings: int) -> re.Pattern[bytes]:
    row = rb'<row(?: r="[1-9][0-9]{0,3}")?' + _ROW_ATTRS + rb" ?(?:/>|>(?:" + _cell(_below(strings)) + rb")*+</row>)"
    return re.compile(rb"<sheetData>(?:" + row + rb")*+</sheetData>|<sheetData/>")


def _below(n: int) -> bytes:
    """A pattern for the decimal numbers 0 .. n-1, written without leading zeros (a shared-string index)."""
    if n <= 0:
        return rb"(?!)"
    top = str(n - 1)
    width = len(top)
    alts = [top]
    if width > 1:
        alts.append(f"0|[1-9][0-9]{{0,{width - 2}}}")
    for i, digit in enumerate(top):
        low = 1 if i == 0 and width > 1 else 0
        if int(digit) > low:
            alts.append(f"{top[:i]}[{low}-{int(digit) - 1}][0-9]{{{width - i - 1}}}")
    return "|".join(alts).encode()


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}[1-9][0-9]{0,6}(?::[A-Z]{1,3}[1-9][0-9]{0,6})?" ?/>')
# Control characters other than tab, line feed and carriage return: no XML 1.0 text may hold them.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13))


def is_plain_sheet(xml: bytes, strings: int = 0) -> bool:
    """strings: how many shared strings the workbook has (calamine refuses a sheet whose index is past them)."""
    start = xml.find(b"<sheetData")
    if start < 0 or b"<!" in xml or xml.find(b"<?", 5 if xml.startswith(b"<?xml") else 0) >= 0:
        return False  # a comment, CDATA, DTD or instruction could hide what looks like a cell
    body = _grammar(strings).match(xml, start)
    if body is None:
        return False
    head, tail = xml[:start], xml[body.end() :]
    if len(xml.translate(None, _CONTROL)) != len(xml):
        return False
    try:
        xml.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if len(head) + len(tail) > _CACHED_AROUND:
        return _plain_around.__wrapped__(head, tail)  # not kept: a web worker lives long
    return _plain_around(head, tail)


_CACHED_AROUND = 64 * 1024  # a template's head and tail are a few KB


@functools.lru_cache(maxsize=64)  # branch sheets from one template share what surrounds their cells
def _plain_around(head: bytes, tail: bytes) -> bool:
    """Well-formed, one plain <dimension> or none, and nothing calamine_safety would keep calamine away for."""
    if b"sheetData" in head or b"sheetData" in tail or b"t='e'" in head + tail or b't="e"' in head + tail:
        return False  # a prefixed sheetData would be calamine's; an error cell keeps calamine away
    if b"dimension" in head and (head.count(b"dimension") != 1 or not _DIMENSION.search(head)):
        return False  # calamine refuses a <dimension> without a range it can read
    around = head + b"<sheetData/>" + tail
    if not plain_cells(around) or re.search(rb"[<:]c[\s>/]", around):
        return False  # a cell, a formula or a DTD outside <sheetData>
    parser = expat.ParserCreate()
    try:
        parser.Parse(around, True)
    except (expat.ExpatError, ValueError):  # ValueError: an encoding expat cannot read (GBK, Shift_JIS)
        return False
    return True
