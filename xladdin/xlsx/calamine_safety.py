"""May python-calamine load this sheet? A byte scan of the sheet XML decides, before calamine sees it.

python-calamine (0.9.1) builds a dense grid over the bounding box of the
cells that hold a value, in Rust: one value at XFD1048576 besides one at A1
asks for hundreds of gigabytes and aborts the whole process, with no
exception to catch. Measured on real files, each in its own process
(tests/test_calamine_safety.py keeps these facts checked):

- any cell with content counts: a number, any string (even an empty shared
  or inline string), a boolean, an error, a formula's cached value;
- a cell without content (`<c r=".." s="3"/>`), a stretched `<dimension>`,
  an empty far row and a huge merged range cost nothing;
- calamine reads a lower-case or single-quoted reference (`r="xfd1048576"`,
  `r='XFD1048576'`) as the far cell it names.

So the rule is on the value cells' box, counted from A1 (to_python pads
from A1): rows at most MAX_ROWS and rows x columns at most MAX_CELLS. A
sheet the scan cannot read with certainty (a cell without a plain
reference, a second r attribute, a namespace prefix it cannot follow) is
not loaded by calamine; the openpyxl source streams it instead, only up to
the farthest named cell. Sheets with formulas go there too, because
calamine gives cached values but no formula text.
"""

from __future__ import annotations

import re

from xladdin.core.a1 import column_index

# A branch form's sheet XML is ~15 KB; anything far bigger is not a form
# calamine should hold whole in memory.
MAX_SHEET_XML = 8 * 1024 * 1024
MAX_CELLS = 1_000_000  # rows x columns of the grid calamine would build
MAX_ROWS = 100_000

# <f> in a cell, with or without a namespace prefix (not <formula1> or <filterColumn>).
# Two patterns that each open with a literal: the regex engine then skips ahead in C;
# one pattern opening with a character class ([<:]f) was ten times slower.
_FORMULA_TAG = re.compile(rb"<f[>\s/]")
_PREFIXED_FORMULA_TAG = re.compile(rb":f[>\s/]")

# The fast path, one scan: anything that needs a closer look. A cell start tag that
# is NOT exactly `<c r="A1"` with a plain reference within Z9999 followed only by
# the attributes Excel, WPS, LibreOffice and openpyxl write (s, t, cm, vm, ph,
# values without < > "), a formula, or a DTD. No match, and no prefixed cell or
# formula, means every cell is near A1, whatever it holds: at most 260,000 cells.
_SUSPECT = re.compile(
    rb'<(?:c(?! r="[A-Z][1-9]\d{0,3}"(?: (?:s|t|cm|vm|ph)="[^"<>]*")* ?/?>)[\s>/]|f[>\s/]|!(?:DOCTYPE|ENTITY))'
)
_PREFIXED_CELL_OR_FORMULA = re.compile(rb":[cf][\s>/]")

# The exact path. Any element whose local name is c, under any prefix: a
# stray "<c " or ":c " in text only makes the counts disagree (not safe).
_ANY_CELL_OPEN = re.compile(rb"[<:]c[\s>/]")
_CELL_TAG = re.compile(rb"""<((?:[^\s<>/:=]+:)?c)((?:\s+[^\s<>/=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLAIN_REF = re.compile(rb"([A-Z]{1,3})([1-9]\d{0,6})")


def has_formula(xml: bytes) -> bool:
    return _FORMULA_TAG.search(xml) is not None or _PREFIXED_FORMULA_TAG.search(xml) is not None


def plain_cells(xml: bytes) -> bool:
    """Every cell tag is `<c r="A1"` near A1 with the usual attributes; no formula, no DTD (one scan).

    Every cell of such a sheet lies within Z9999: safe for calamine, with no closer look.
    """
    return _SUSPECT.search(xml) is None and _PREFIXED_CELL_OR_FORMULA.search(xml) is None


def sheet_is_safe(xml: bytes) -> bool:
    """True if calamine may load this sheet: small, no DTD, no formula, value cells within bounds."""
    if len(xml) > MAX_SHEET_XML:
        return False
    if b't="e"' in xml or b"t='e'" in xml:
        return False  # calamine reads an error cell (#N/A) as empty text; openpyxl gives its value
    if plain_cells(xml):
        return True
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return False  # calamine would skip a DTD silently; the other readers refuse it, with our message
    if has_formula(xml):
        return False
    return _value_box_fits(xml)


def _value_box_fits(xml: bytes) -> bool:
    """Read every cell tag; True only if each has one plain reference and the value cells fit the bounds."""
    max_row = max_col = cells = 0
    columns: set[bytes] = set()
    for m in _CELL_TAG.finditer(xml):
        refs = [dq or sq for name, dq, sq in _ATTRIBUTE.findall(m[2]) if name.rpartition(b":")[2] == b"r"]
        if len(refs) != 1 or not (ref := _PLAIN_REF.fullmatch(refs[0])):
            return False  # no reference (placed by order), two of them, or one calamine might read otherwise
        cells += 1
        if m[3] or xml.startswith(b"</" + m[1] + b">", m.end()):
            continue  # no content: calamine keeps no cell for it
        max_row = max(max_row, int(ref[2]))
        columns.add(ref[1])
    if cells != len(_ANY_CELL_OPEN.findall(xml)):
        return False  # a cell tag the pattern could not read
    max_col = max((column_index(c.decode()) for c in columns), default=0)
    return max_row <= MAX_ROWS and max_row * max_col <= MAX_CELLS
