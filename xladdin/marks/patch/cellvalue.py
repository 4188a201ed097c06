"""What a cell holds, read from its XML as openpyxl would see it: empty, plain text, or something else.

The marks only need to know whether a verdict box is free (empty or our own
verdict) and what a list sheet's header says; shared strings are looked up
one by one, never parsed whole.
"""

from __future__ import annotations

import re

from xladdin.marks.patch.xmltext import TAG_BODY, unescape

_START = re.compile(rb"<c" + TAG_BODY + rb"/?>")
_T_ATTR = re.compile(rb"""\st\s*=\s*["'](\w+)["']""")
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t\s*/>", re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)


class Rich:
    """A cell value that is neither empty nor plain text (a number, a formula, rich text…)."""


OTHER = Rich()


def _texts(raw: bytes) -> str:
    return "".join(unescape(m[1]) for m in _TEXT.finditer(raw) if m[1] is not None)


def _kind(raw: bytes) -> str:
    t = _T_ATTR.search(_START.match(raw)[0])
    return t[1].decode() if t else "n"


class SharedStrings:
    """The shared string table, read only as far as a lookup needs (a big workbook has tens of thousands)."""

    def __init__(self, data: bytes | None) -> None:
        self.data = data or b""
        self._spans: list[tuple[int, int]] | None = None

    def _raw(self, index: int) -> bytes | None:
        if self._spans is None:
            self._spans = [m.span() for m in re.finditer(rb"<si>.*?</si>|<si/>", self.data, re.S)]
        return self.data[slice(*self._spans[index])] if 0 <= index < len(self._spans) else None

    def text(self, index: int) -> str | Rich | None:
        """Plain text, None when empty, OTHER for rich text (openpyxl reads it as CellRichText)."""
        raw = self._raw(index)
        if raw is None or b"<r>" in raw or b"<r " in raw:
            return OTHER
        return _texts(_PHONETIC.sub(b"", raw)) or None

    def joined(self, index: int) -> str | None:
        raw = self._raw(index)
        return (_texts(_PHONETIC.sub(b"", raw)) or None) if raw else None


def value(raw: bytes | None, shared: SharedStrings) -> str | Rich | None:
    """None (empty), the plain text, or OTHER, as openpyxl would see the cell (rich text is not plain)."""
    if raw is None:
        return None
    kind = _kind(raw)
    if b"<f>" in raw or b"<f " in raw:
        return OTHER
    if kind == "inlineStr":
        return OTHER if b"<r>" in raw or b"<r " in raw else _texts(raw) or None
    v = _VALUE.search(raw)
    if v is None:
        return None
    if kind == "s":
        return shared.text(int(v[1])) if v[1].strip().isdigit() else OTHER
    return OTHER


def display(raw: bytes | None, shared: SharedStrings) -> str | None:
    """What the cell shows as text (rich text joined, numbers as written): for telling our sheets apart."""
    if raw is None:
        return None
    kind = _kind(raw)
    if kind == "inlineStr":
        return _texts(raw) or None
    v = _VALUE.search(raw)
    if v is None:
        return None
    if kind == "s":
        return shared.joined(int(v[1])) if v[1].strip().isdigit() else None
    return unescape(v[1])
