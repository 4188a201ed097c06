"""Is this sheet XML exactly the plain, well-formed kind that plain_read may read without calamine?

calamine reads a whole sheet and refuses a damaged one (a bad end tag, an
unquoted attribute, a truncated part, a control character); the check then
goes to openpyxl, which says what is wrong. A reader that only looks up the
~50 cells it needs must not read past such damage. Parsing every sheet with
expat would cost what calamine costs, so the test is one regular expression
for the grammar of <sheetData> as Excel, WPS, LibreOffice and openpyxl write
it (rows of cells, each with a <v> value or inline text, no formula), plus
expat over what surrounds it, which sheets from one template share and so is
parsed once. Anything outside that grammar (a formula, a comment, spaces
between tags, an unknown element, bad UTF-8) is not plain: calamine reads the
sheet as before.
"""

from __future__ import annotations

import functools
import re
from xml.parsers import expat

_TEXT = rb"[^<&]*(?:&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});[^<&]*)*"
_ATTRS = rb'(?: [a-zA-Z:]+="[^"<&]*")*'
_T = rb'(?:<t(?: xml:space="preserve")?>' + _TEXT + rb"</t>|<t/>)"
_RUN = rb"<r>(?:<rPr>(?:<[a-zA-Z]+" + _ATTRS + rb" ?/>)*</rPr>)?" + _T + rb"</r>"
_CELL = (
    rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"' + _ATTRS
    + rb" ?(?:/>|>(?:<v>" + _TEXT + rb"</v>|<is>(?:" + _T + rb"|(?:" + _RUN + rb")*)</is>)?</c>)"
)
_ROW = rb"<row" + _ATTRS + rb" ?(?:/>|>(?:" + _CELL + rb")*</row>)"
_SHEET_DATA = re.compile(rb"<sheetData>(?:" + _ROW + rb")*</sheetData>|<sheetData/>")
# Control characters other than tab, line feed and carriage return: no XML 1.0 text may hold them.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13))


def is_plain_sheet(xml: bytes) -> bool:
    start = xml.find(b"<sheetData")
    if start < 0 or b"<!" in xml or xml.find(b"<?", 5 if xml.startswith(b"<?xml") else 0) >= 0:
        return False  # a comment, CDATA, DTD or instruction could hide what looks like a cell
    body = _SHEET_DATA.match(xml, start)
    if body is None:
        return False
    head, tail = xml[:start], xml[body.end():]
    if b"<c " in head or b"<c " in tail or b"<sheetData" in tail:
        return False
    if len(xml.translate(None, _CONTROL)) != len(xml):
        return False
    try:
        xml.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _well_formed_around(head, tail)


@functools.lru_cache(maxsize=64)  # branch sheets from one template share what surrounds their cells
def _well_formed_around(head: bytes, tail: bytes) -> bool:
    parser = expat.ParserCreate()
    try:
        parser.Parse(head + b"<sheetData/>" + tail, True)
    except (expat.ExpatError, ValueError):  # ValueError: an encoding expat cannot read (GBK, Shift_JIS)
        return False
    return True
