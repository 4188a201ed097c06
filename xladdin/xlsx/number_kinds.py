"""Is a number in a cell of style s a date, as calamine would read it? Only the answers we are sure of.

calamine (xlsx/mod.rs read_styles, formats.rs) gives each entry of <cellXfs>
the kind of its numFmtId: a custom <numFmt> code is scanned for date letters,
a built-in id is a date only for 14-22 and 45-47. plain_read needs the same
answer for the few styles a form uses (General, and a date format such as
yyyy-mm-dd or yyyy"年"m"月"d"日"). Every format this module cannot classify with
certainty (times, durations, sections, brackets, other built-in ids) is UNSURE,
and the sheet goes to calamine itself.
"""

from __future__ import annotations

import re
from html import unescape

NUMBER, DATE, UNSURE = "number", "date", "unsure"

# Every attribute double-quoted, no space around "=": what _ATTR reads is all the tag holds.
_PLAIN_ATTRS = re.compile(rb'(?:\s+[A-Za-z][A-Za-z0-9:]*="[^"<]*")*\s*/?')
# [^<>]: an unclosed tag stops at the next "<" instead of scanning on to the end of the part.
_XF = re.compile(rb"<xf\b([^<>]*)>")
_NUM_FMT = re.compile(rb"<numFmt\b([^<>]*)>")
_ATTR = re.compile(rb'\s([A-Za-z][A-Za-z0-9:]*)="([^"]*)"')
_QUOTED = re.compile(r'"[^"]*"|\\.')
_DATE_ONLY = frozenset("yYmMdD-/. 年月日")
_NUMBER_ONLY = frozenset("0#,.% @")
# Built-in ids without a code in the file. calamine's dates are 14-22 and 45-47; the
# date-only ones are taken here, the times and the CJK ids (27-36, 50-58) are not.
_BUILT_IN = {
    **{str(i).encode(): NUMBER for i in (*range(14), *range(37, 45), 48, 49)},
    **{str(i).encode(): DATE for i in (14, 15, 16, 17)},
}


def style_kinds(styles_xml: bytes | None) -> list[str] | None:
    """The kind of each cell style (the cell's s attribute indexes it); None if the part is not plain."""
    if styles_xml is None:
        return []  # calamine: no styles part, every number a number
    if b"<!" in styles_xml or b":cellXfs" in styles_xml or b":numFmt" in styles_xml or b":xf" in styles_xml:
        return None  # comments, CDATA, DTD or prefixed tags: not read here
    # calamine reads the codes of <numFmts> only (not those of <dxfs>, conditional formats).
    formats = _block(styles_xml, b"numFmts")
    if formats is None:
        return None
    codes: dict[bytes, str] = {}
    for m in _NUM_FMT.finditer(formats):
        if (attrs := _attributes(m[1])) is None:
            return None
        if b"numFmtId" in attrs and b"formatCode" in attrs:
            codes[attrs[b"numFmtId"]] = unescape(attrs[b"formatCode"].decode("utf-8", "replace"))
    block = _block(styles_xml, b"cellXfs")
    if not block:
        return None
    kinds = []
    for m in _XF.finditer(block):
        if (attrs := _attributes(m[1])) is None:
            return None
        fmt_id = attrs.get(b"numFmtId")
        if fmt_id is None:
            kinds.append(NUMBER)  # calamine: an xf without numFmtId is Other
        elif fmt_id in codes:
            kinds.append(format_kind(codes[fmt_id]))
        else:
            kinds.append(_BUILT_IN.get(fmt_id, UNSURE))
    return kinds


def _block(data: bytes, name: bytes) -> bytes | None:
    """The content of the one <name …>…</name> in data (b"" when there is none); None when not exactly one.

    By find, not a lazy regex: thousands of unclosed <cellXfs> would make `(.*?)</cellXfs>` scan
    to the end of the part from each of them (a hostile file's minute-long check).
    """
    opening, closing = b"<" + name, b"</" + name + b">"
    count = data.count(opening)
    if count == 0:
        return b""
    start = data.find(opening)
    head_end = data.find(b">", start)
    end = data.find(closing, head_end)
    if count != 1 or head_end < 0 or end < 0 or data[start + len(opening):start + len(opening) + 1] not in b" >\t\r\n":
        return None
    return data[head_end + 1:end]


def _attributes(tag: bytes) -> dict[bytes, bytes] | None:
    """A tag's attributes, or None if it holds any this reader might read otherwise than calamine does
    (single quotes, spaces around "=", a name given twice)."""
    if not _PLAIN_ATTRS.fullmatch(tag):
        return None
    pairs = _ATTR.findall(tag)
    attrs = dict(pairs)
    return attrs if len(attrs) == len(pairs) else None


def format_kind(code: str) -> str:
    """NUMBER, DATE or UNSURE for a custom format code, by a stricter rule than calamine's scan.

    Quoted text and backslash escapes are literals. What is left must be only
    date letters and separators (DATE) or only digit placeholders (NUMBER);
    anything else (times, AM/PM, [..], sections, _ and * fills) is UNSURE.
    """
    if code == "General":
        return NUMBER
    bare = _QUOTED.sub("", code)
    if not bare or '"' in bare or "\\" in bare:
        return UNSURE
    letters = set(bare)
    if letters <= _DATE_ONLY and letters & set("yYdDmM"):
        return DATE
    if letters <= _NUMBER_ONLY:
        return NUMBER
    return UNSURE
