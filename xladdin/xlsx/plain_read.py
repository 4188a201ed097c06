"""The named cells of a plain sheet, read straight from the XML the scan inflated already.

calamine reads every cell of a sheet, and the check needs ~50 of ~180. The
scan (sheet_scan) holds each sheet's XML anyway; when it finds a sheet plain
(plain_sheet: well-formed, rows of cells with values or inline text, no
formula), the cells asked for are looked up by their tag here and given
exactly as calamine and plain() give them (tests/test_plain_read.py compares
the two).

Whatever this reader is not sure of answers None for the whole sheet, and
calamine reads it as before: cells out of order, an error cell, a value type
or number format it does not know, text it cannot decode the way calamine does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from xladdin.xlsx.cells import plain, positions
from xladdin.xlsx.number_kinds import DATE, NUMBER
from xladdin.xlsx.xml_text import TRIM as _TRIM
from xladdin.xlsx.xml_text import entities, rich_text

# The shapes Excel, WPS, LibreOffice and openpyxl write for a plain value, in one match:
# style, type, then a <v> value or one inline <t>. Anything else takes the general path.
# Matched just after the cell's `<c r="B5"`: its bytes from there on are the memo's key.
_COMMON_CELL_REST = re.compile(
    rb'(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")? ?'
    rb'(?:/>|></c>|><v>([^<]*)</v></c>|><is><t( xml:space="preserve")?>([^<]*)</t></is></c>)'
)
_CELL_TAG = re.compile(rb'<c r="[A-Z]+[0-9]+"((?: [a-z]+="[^"]*")*) ?(/?)>')
_ATTR = re.compile(rb' ([a-z]+)="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_EPOCH = datetime(1899, 12, 30)
_FIRST_TRUE_DAY = 61  # 1900-03-01: below it Excel's phantom 29 February shifts the days
_LAST_DAY = 2_958_465  # 9999-12-31
_UNSURE = object()


class BookParts:
    """What the cells of every sheet share: the style kinds and the shared strings, each read on first use."""

    def __init__(self, load_kinds: Callable[[], list[str] | None], load_strings: Callable[[], list[bytes] | None],
                 epoch1904: bool) -> None:
        self._load_kinds, self._load_strings = load_kinds, load_strings
        self._kinds: list[str] | object | None = _UNSURE
        self._raw_strings: list[bytes] | object | None = _UNSURE
        self._strings: dict[int, str | None] = {}
        self.epoch1904 = epoch1904
        # A cell's bytes after its reference -> its value: sheets from one template repeat
        # their empty cells, styles and common answers ("已完成") thousands of times.
        self.memo: dict[bytes, object] = {}

    def kind(self, style: bytes | None) -> str | None:
        if style is None:
            return NUMBER
        if self._kinds is _UNSURE:
            self._kinds = self._load_kinds()
        kinds = self._kinds
        if kinds is None or not style.isdigit() or int(style) >= len(kinds):
            return None
        return kinds[int(style)]

    def string_count(self) -> int:
        """How many shared strings calamine holds; 0 when this reader is not sure (no t="s" value is then plain)."""
        raw = self._shared()
        return len(raw) if raw is not None else 0

    def string(self, index: bytes) -> str | None:
        raw = self._shared()
        if raw is None or not index.isdigit() or (i := int(index)) >= len(raw):
            return None
        if i not in self._strings:
            self._strings[i] = rich_text(raw[i])
        return self._strings[i]

    def _shared(self) -> list[bytes] | None:
        if self._raw_strings is _UNSURE:
            self._raw_strings = self._load_strings()
        return self._raw_strings


def read_named(xml: bytes, cells: Iterable[str], book: BookParts) -> dict[str, object] | None:
    """cell -> value for the cells asked for (None where empty); None if calamine must read this sheet.

    xml: a sheet plain_sheet.is_plain_sheet accepts, so that every `<c r="B5"` in it is a cell.
    """
    out: dict[str, object] = {}
    at = 0
    memo = book.memo
    common_rest = _COMMON_CELL_REST.match
    order, any_wanted = _in_order(frozenset(cells))
    # Where each wanted cell's tag stands, in one pass over the sheet.
    starts: dict[bytes, int] = {}
    for m in any_wanted.finditer(xml):
        if m[1] in starts:
            return None  # a cell written twice: calamine keeps the last one with a value
        starts[m[1]] = m.start()
    for cell, ref, width in order:
        start = starts.get(ref)
        if start is None:
            out[cell] = None
            continue
        if start < at:
            return None  # cells out of row order: calamine decides which one counts
        if common := common_rest(xml, start + width):
            key = common[0]
            value = memo.get(key, _UNSURE)
            if value is _UNSURE and (value := _common(common, book)) is not _UNSURE:
                memo[key] = value
            if value is not _UNSURE:
                out[cell], at = value, common.end()
                continue
        tag = _CELL_TAG.match(xml, start)
        if tag is None:
            return None
        if tag[2]:
            out[cell], at = None, tag.end()
            continue
        end = xml.find(b"</c>", tag.end())
        if end < 0:
            return None
        value = _value(dict(_ATTR.findall(tag[1])), xml[tag.end():end], book)
        if value is _UNSURE:
            return None
        out[cell], at = value, end
    return out


@functools.lru_cache(maxsize=64)  # branch sheets from one template ask for the same cells
def _in_order(cells: frozenset[str]) -> tuple[tuple[tuple[str, bytes, int], ...], re.Pattern[bytes]]:
    """The cells in row order, each with its reference as bytes and the length of its opening tag
    (`<c r="B5"`); a pattern for any of their tags, the reference its group."""
    order = tuple((cell, cell.encode(), len(b'<c r=""') + len(cell)) for _pos, cell in sorted(positions(cells).items()))
    by_column: dict[bytes, list[bytes]] = {}
    for cell, _ref, _width in order:
        column = cell.rstrip("0123456789")
        by_column.setdefault(re.escape(column).encode(), []).append(re.escape(cell[len(column):]).encode())
    alternatives = b"|".join(col + b"(?:" + b"|".join(rows) + b")" for col, rows in by_column.items())
    return order, re.compile(b'<c r="(' + (alternatives or b"(?!)") + b')"')


def _common(m: re.Match[bytes], book: BookParts) -> object:
    style, kind, v, preserve, text = m.groups()
    if text is not None:
        if kind != b"inlineStr" or b"&" in text or b"_x" in text or b"\r" in text:
            return _UNSURE
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError:
            return _UNSURE
        return (decoded if preserve else decoded.strip(_TRIM)) or None
    if v is None:
        return None  # no value, whatever its type says
    if kind is None or kind == b"n":
        return _number(v, book.kind(style), book.epoch1904)
    if kind == b"s":
        decoded = book.string(v)
        return _UNSURE if decoded is None else (decoded or None)
    return _UNSURE


def _value(attrs: dict[bytes, bytes], body: bytes, book: BookParts) -> object:
    kind = attrs.get(b"t", b"n")
    if not body:
        return None
    if kind == b"inlineStr":
        if not (body.startswith(b"<is>") and body.endswith(b"</is>")):
            return _UNSURE
        text = rich_text(body[4:-5])
        return _UNSURE if text is None else (text or None)
    v = _VALUE.fullmatch(body)
    if v is None:
        return _UNSURE
    raw = v[1]
    if kind == b"n":
        return _number(raw, book.kind(attrs.get(b"s")), book.epoch1904)
    if kind == b"s":
        text = book.string(raw)
        return _UNSURE if text is None else (text or None)
    if kind == b"str":
        text = entities(raw)
        return _UNSURE if text is None or "_x" in text or "\r" in text else (text or None)
    if kind == b"b" and raw in (b"0", b"1"):
        return raw == b"1"
    return _UNSURE


def _number(raw: bytes, kind: str | None, epoch1904: bool) -> object:
    if not _NUMBER.fullmatch(raw):
        return _UNSURE
    number = float(raw)
    if kind == NUMBER:
        return plain(number)
    if kind == DATE and not epoch1904 and number.is_integer() and _FIRST_TRUE_DAY <= number <= _LAST_DAY:
        return _EPOCH + timedelta(days=int(number))
    return _UNSURE
