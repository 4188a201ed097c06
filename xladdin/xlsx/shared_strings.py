"""Cell text as python-calamine reads it, for the plain ways Excel, WPS and openpyxl write it.

Shared by the shared-strings table and inline strings. Each function answers
None for anything it does not read exactly as calamine does (an entity other
than the five XML ones, a _xHHHH_ escape, a carriage return, a phonetic run,
a nested element it does not know); the caller then lets calamine read the
sheet. Measured on python-calamine 0.9.1 (tests/test_quick_cells.py):
runs of rich text are joined, phonetic runs left out, the five entities
decoded, and the text of a <t> without xml:space="preserve" loses its
leading and trailing ASCII whitespace (an ideographic space stays).
"""

from __future__ import annotations

import re

_PRESERVE = b' xml:space="preserve"'
_ASCII_SPACE = " \t\n"
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))
_OTHER_AMPERSAND = re.compile(r"&(?!(?:lt|gt|quot|apos|amp);)")
_PLAIN = re.compile(rb'<t( xml:space="preserve")?>([^<]*)</t>|<t/>')
_RUN = re.compile(rb'<r>(?:<rPr>(?:<[^<>]*/>)*</rPr>)?<t( xml:space="preserve")?>([^<]*)</t></r>')
_RUNS = re.compile(rb'(?:<r>(?:<rPr>(?:<[^<>]*/>)*</rPr>)?<t(?: xml:space="preserve")?>[^<]*</t></r>)+')


def text_node(raw: bytes, preserve: bool) -> str | None:
    """The text of one <t> element's content, or None if calamine might read it otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text or "_x" in text:
        return None  # calamine folds CR LF and decodes _xHHHH_: leave those to it
    if "&" in text:
        if _OTHER_AMPERSAND.search(text):
            return None
        for entity, char in _ENTITIES:
            text = text.replace(entity, char)
    if not preserve and text and (text[0] in _ASCII_SPACE or text[-1] in _ASCII_SPACE):
        return None  # trimmed by calamine: rare enough to leave to it
    return text


def string_item(raw: bytes) -> str | None:
    """The text of a <si> or <is> element's content: one <t>, or rich-text runs."""
    if m := _PLAIN.fullmatch(raw):
        return "" if m[0] == b"<t/>" else text_node(m[2], m[1] is not None)
    if not _RUNS.fullmatch(raw):
        return None
    parts = [text_node(body, preserve == _PRESERVE) for preserve, body in _RUN.findall(raw)]
    return None if None in parts else "".join(parts)  # type: ignore[arg-type]


class SharedStrings:
    """xl/sharedStrings.xml, each item read when first asked for."""

    _ITEM = re.compile(rb"<si>(.*?)</si>", re.S)

    def __init__(self, data: bytes | None) -> None:
        items = self._ITEM.findall(data) if data else []
        # Every item must be a plain <si>...</si>, or the indices would not be calamine's.
        usable = data is not None and b"<!" not in data and data.count(b"<si") == len(items)
        self._items: list[bytes] = items if usable else []
        self._usable = usable
        self._read: dict[int, str | None] = {}

    def get(self, index: int) -> str | None:
        """The text of item index; None when it is missing or not plain."""
        if not self._usable or not 0 <= index < len(self._items):
            return None
        if index not in self._read:
            self._read[index] = string_item(self._items[index])
        return self._read[index]
