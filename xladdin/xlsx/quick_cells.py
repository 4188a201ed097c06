"""The named cells of a sheet read straight from its XML, by one regex, exactly as python-calamine reads them.

A branch sheet holds about 170 cells; the checks need the ~50 that the
defined names point at. calamine parses all of them into a grid (it is the
largest share of `check`); here one pattern, built from the wanted
addresses, finds only those cells in the XML the safety scan has already
inflated. It only reads what it is sure of: a number in a plain or date
style, a shared or inline string in one of the plain forms, a boolean.
Anything else in a wanted cell (a formula, an error, a date serial with a
time, an unusual style, a 1904 workbook, a duplicated cell, rich inline
text, ...) makes extract() return None, and calamine reads the sheet as
before. tests/test_quick_cells.py holds this reader to calamine's values.

Only for sheets whose every cell tag is plain (calamine_safety.plain_cells):
then each wanted cell, if present, is found by the pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from xladdin.core.a1 import column_letter
from xladdin.errors import UserError
from xladdin.xlsx.cells import plain, positions
from xladdin.xlsx.number_formats import DATE, NUMBER, style_kinds
from xladdin.xlsx.shared_strings import SharedStrings, string_item, text_node

_NUMBER = re.compile(rb"-?(?:0|[1-9]\d{0,14})(?:\.\d{1,17})?(?:[eE][-+]?\d{1,3})?")
_ATTRIBUTES = re.compile(rb'(?: s="(0|[1-9]\d{0,5})")?(?: t="([a-zA-Z]{1,9})")?(?: ph="[01]")?')
_EPOCH_1900 = datetime(1899, 12, 30)
# calamine reads serials 1..60 by Excel's leap-year quirk and small ones as times: only these are plain dates.
_FIRST_PLAIN_SERIAL, _LAST_SERIAL = 61, 2_958_465  # 1900-03-01 .. 9999-12-31
_DECLINE = object()


class Workbook:
    """What the cells of every sheet share: the styles' kinds and the shared strings, read when first needed.

    load(part) -> the part's bytes or None; it may be replaced once the package is closed.
    """

    def __init__(self, load: Callable[[str], bytes | None], epoch1904: bool) -> None:
        self.load = load
        self.epoch1904 = epoch1904
        self._kinds: list[str | None] | None = None
        self._strings: SharedStrings | None = None

    def kind(self, style: bytes | None) -> str | None:
        if style is None:
            return NUMBER  # no s attribute: calamine reads a plain number, whatever style 0 says
        if self._kinds is None:
            try:
                self._kinds = style_kinds(self.load("xl/styles.xml"))  # calamine's fixed path, as it reads it
            except UserError:
                self._kinds = []  # a broken styles part: calamine decides what it makes of it
        index = int(style)
        return self._kinds[index] if index < len(self._kinds) else None

    def string(self, index: int) -> str | None:
        if self._strings is None:
            self._strings = SharedStrings(self.load("xl/sharedStrings.xml"))  # calamine's fixed path
        return self._strings.get(index)


def extract(xml: bytes, cells: Iterable[str], book: Workbook) -> dict[str, object] | None:
    """{cell: plain value} for the wanted cells found in xml, or None if calamine must read this sheet."""
    if book.epoch1904:
        return None
    pattern, requested = _plan(frozenset(cells))
    out: dict[str, object] = {}
    for ref, attrs, slash, v_tag, v, is_tag, preserve, text, is_empty, close in pattern.findall(xml):
        cell = requested.get(ref)
        if cell is None:
            continue  # not asked for (the pattern for many cells matches every cell)
        if cell in out:
            return None  # a cell written twice
        if slash:
            out[cell] = None
            continue
        if not close:
            return None  # content the pattern does not know
        value = _value(attrs, v_tag, v, is_tag or is_empty, preserve, text, book)
        if value is _DECLINE:
            return None
        out[cell] = value
    return out


def _value(attrs: bytes, v_tag: bytes, v: bytes, is_tag: bytes, preserve: bytes, text: bytes, book: Workbook) -> object:
    m = _ATTRIBUTES.fullmatch(attrs)
    if m is None:
        return _DECLINE  # another order, or attributes (cm, vm) for values calamine reads its own way
    style, kind = m[1], m[2]
    if kind is None or kind == b"n":
        if is_tag:
            return _DECLINE  # calamine would read the inline string anyway
        return _number(v, style, book) if v_tag and v else None
    if kind == b"s":
        if is_tag or not v_tag or not v.isdigit():
            return _DECLINE
        found = book.string(int(v))
        return _DECLINE if found is None else found or None
    if kind == b"inlineStr":
        if v_tag or not is_tag:
            return _DECLINE
        found = text_node(text, bool(preserve)) if is_tag == b"<is><t" else ""  # else <is><t/></is>
        return _DECLINE if found is None else found or None
    if kind == b"b" and v_tag and v in (b"0", b"1") and not is_tag:
        return v == b"1"
    return _DECLINE  # errors, formula strings, ISO dates


def _number(v: bytes, style: bytes | None, book: Workbook) -> object:
    if not _NUMBER.fullmatch(v):
        return _DECLINE
    number = float(v)
    kind = book.kind(style)
    if kind == NUMBER:
        return plain(number)
    if kind == DATE and number.is_integer() and _FIRST_PLAIN_SERIAL <= number <= _LAST_SERIAL:
        return _EPOCH_1900 + timedelta(days=int(number))  # calamine: a date; plain(): midnight
    return _DECLINE


@functools.lru_cache(maxsize=64)  # sheets from one template want the same cells
def _plan(cells: frozenset[str]) -> tuple[re.Pattern[bytes], dict[bytes, str]]:
    """The pattern for these cells, and which requested address each canonical one answers.

    As the calamine source does (cells.positions), "B08" and "B8" name one cell,
    and the last of them in the set is the one that gets the value.
    """
    requested = {f"{column_letter(c)}{r}".encode(): cell for (r, c), cell in positions(cells).items()}
    if len(requested) > _MAX_LISTED:
        return _ANY_CELL, requested  # the branch table: every cell, filtered (a huge alternation is slow to build)
    by_column: dict[bytes, list[bytes]] = {}
    for ref in sorted(requested):
        split = len(ref.rstrip(b"0123456789"))
        by_column.setdefault(ref[:split], []).append(ref[split:])
    # Grouped by column, a trie of sorts: the engine tries a column's rows only after its letters match.
    refs = b"|".join(col + b"(?:" + b"|".join(rows) + b")" for col, rows in by_column.items())
    return re.compile(rb'<c r="(' + (refs or rb"(?!)") + rb')"' + _REST), requested


_MAX_LISTED = 256
# After the reference: the attributes, then an empty tag, or one plain content and </c>.
_REST = (
    rb'((?: [a-z]{1,2}="[^"<>]*")*) ?(?:(/)>|>'
    rb'(?:(<v>)([^<]*)</v>|(<is><t)( xml:space="preserve")?>([^<]*)</t></is>|(<is><t/></is>))?(</c>)?)'
)
_ANY_CELL = re.compile(rb'<c r="([A-Z]{1,3}[1-9]\d{0,6})"' + _REST)


__all__ = ["Workbook", "extract", "string_item"]
