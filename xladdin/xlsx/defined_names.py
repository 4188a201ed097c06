"""The defined names of workbook.xml by one strict regex, leaving the rest of the file to ElementTree.

A 1,000-branch workbook carries about 51,000 sheet-scoped names; building an
ElementTree element for each cost more than reading every branch sheet. The
names as Excel, WPS, LibreOffice and openpyxl write them are one plain tag
each, so a strict pattern reads them at C speed. The pattern only accepts
what ElementTree would read the same way: anything unusual anywhere in the
names (an entity or character reference, a CDATA section, a comment, a
namespace prefix, odd quoting or whitespace in a tag, a control character,
a child element, stray text) makes split_names return None, and the caller
parses the whole part with ElementTree as before.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE = b"<definedNames>", b"</definedNames>"
# Stands in for the names when ElementTree reads the rest, so the caller can
# check that the names sat where the format puts them: directly under <workbook>.
PLACEHOLDER = b"<definedNames/>"

# What Excel, WPS and openpyxl write: name, then localSheetId, then hidden; other
# attributes (comment, function, ...) or another order take the slow path. Values and
# text exclude what ElementTree would transform or refuse: & (references), < >
# (markup, "]]>"), tab/CR/LF in an attribute (normalised to spaces), CR in text
# (normalised to LF), and the control characters XML forbids.
_NAME = re.compile(
    r'<definedName name="([^"<>&\x00-\x1f]*)"(?: localSheetId="(\d{1,9})")?(?: hidden="(?:0|1|true|false)")?'
    r">([^<>&\r\x00-\x08\x0b\x0c\x0e-\x1f]*)</definedName>"
)
_BETWEEN = re.compile(r"[ \t\r\n]*")


def split_names(data: bytes) -> tuple[bytes, list[tuple[str, str | None, str]]] | None:
    """(workbook.xml with the names replaced by PLACEHOLDER, [(name, localSheetId or None, refers_to)]).

    None when the names are not written in the one plain way; the caller then
    parses the whole part itself. data must be UTF-8 without a DTD (parts.parse_xml's fast case).
    """
    if b"<!" in data or data.count(b"definedNames") != 2:
        return None  # a comment, CDATA or DTD anywhere; or names written with a prefix or attributes
    start, end = data.find(_OPEN), data.find(_CLOSE)
    if start < 0 or end < start:
        return None
    try:
        section = data[start + len(_OPEN) : end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    # One pass: split() yields the text between names and each name's three groups.
    pieces = _NAME.split(section)
    if _BETWEEN.fullmatch("".join(pieces[0::4])) is None:
        return None  # something besides plain names and whitespace
    names = list(zip(pieces[1::4], pieces[2::4], pieces[3::4], strict=True))
    return data[:start] + PLACEHOLDER + data[end + len(_CLOSE) :], names
