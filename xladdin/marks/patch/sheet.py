"""One worksheet's XML, edited in place: a cell's format, a cell's value, and a few elements after the cells.

Rows and cells are found with byte scans (a branch sheet is ~15 KB; a
1,000-branch workbook has a thousand of them), and only the rows that change
are rebuilt. Everything else, including what a person typed, stays byte for
byte. A sheet these scans cannot read safely raises NotUnderstood.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from xladdin.core.a1 import column_index, row_col, split_cell
from xladdin.marks.patch.opc import REL
from xladdin.marks.patch.xmltext import (
    TAG_BODY,
    NotUnderstood,
    attrs,
    esc_attr,
    refuse_markup_we_cannot_skip,
    set_attr,
    t_element,
    unescape,
)

# The children of <worksheet>, in the order the schema requires (ECMA-376 Part 1, CT_Worksheet).
ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
)
_RANK = {name: i for i, name in enumerate(ORDER)}
_TAG = re.compile(rb"<(/?)([\w:.-]+)" + TAG_BODY + rb"(/?)>")
_ROOT = re.compile(rb"<worksheet" + TAG_BODY + rb">")
_SHEET_DATA = re.compile(rb"<sheetData" + TAG_BODY + rb"(/?)>")
_ROW = re.compile(rb"<row" + TAG_BODY + rb"(/?)>")
_CELL = re.compile(rb"<c" + TAG_BODY + rb"(?:/>|>.*?</c>)", re.S)
_CELL_START = re.compile(rb"<c" + TAG_BODY + rb"/?>")
_COL = re.compile(rb"<col" + TAG_BODY + rb"/?>")
_MERGE = re.compile(rb"""<mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t\s*/>", re.S)
_XMLNS = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']""")


class Rich:
    """A cell value that is neither empty nor plain text (a number, a formula, rich text…)."""


OTHER = Rich()


@dataclass
class _Row:
    number: int
    start: int
    end: int
    tag: bytes  # the start tag (self-closing when the row is empty)


class SheetXml:
    def __init__(self, data: bytes, part: str) -> None:
        refuse_markup_we_cannot_skip(data, part)
        self.part = part
        root = _ROOT.search(data)
        if root is None or re.search(rb"<\w+:worksheet[\s>]", data[: root.start() if root else 200]):
            raise NotUnderstood(f"{part}: unusual namespaces")
        self.data = data
        self.root = root
        sd = _SHEET_DATA.search(data, root.end())
        if sd is None:
            raise NotUnderstood(f"{part}: no sheetData")
        self.sd_open = sd
        self.sd_end = sd.end() if sd[1] else data.find(b"</sheetData>", sd.end())
        if self.sd_end < 0:
            raise NotUnderstood(f"{part}: sheetData not closed")
        self.tail = self.sd_end + (0 if sd[1] else len(b"</sheetData>"))
        self.close = data.rfind(b"</worksheet>")
        if self.close < self.tail:
            raise NotUnderstood(f"{part}: worksheet not closed")
        self.top = self._top_level(root.end(), sd.start()) + self._top_level(self.tail, self.close)
        if any(name.endswith(":AlternateContent") or name not in _RANK for name, _, _ in self.top):
            raise NotUnderstood(f"{part}: mc:AlternateContent or unknown elements", "控件等新版对象")
        self._rows: list[_Row] | None = None
        self._merges: list[tuple[int, int, int, int]] | None = None
        self._widths: dict[int, float] | None = None
        self.cells: dict[str, bytes] = {}  # A1 -> the cell's new XML
        self.head_edits: list[tuple[int, int, bytes]] = []

    # ---- structure -----------------------------------------------------------

    def _top_level(self, start: int, end: int) -> list[tuple[str, int, int]]:
        out, depth, opened = [], 0, None
        for m in _TAG.finditer(self.data, start, end):
            closing, name, empty = m[1], m[2].decode(), m[3]
            if closing:
                depth -= 1
                if depth == 0 and opened:
                    out.append((opened[0], opened[1], m.end()))
            elif empty:
                if depth == 0:
                    out.append((name, m.start(), m.end()))
            else:
                if depth == 0:
                    opened = (name, m.start())
                depth += 1
        if depth != 0:
            raise NotUnderstood(f"{self.part}: unbalanced elements")
        return out

    def element(self, name: str) -> tuple[int, int] | None:
        return next(((s, e) for n, s, e in self.top if n == name), None)

    def _insert_at(self, name: str) -> int:
        rank = _RANK[name]
        return next((s for n, s, _ in self.top if _RANK[n] > rank and s >= self.tail), self.close)

    def rows(self) -> list[_Row]:
        if self._rows is None:
            rows, pos = [], self.sd_open.end()
            for m in _ROW.finditer(self.data, self.sd_open.end(), self.sd_end):
                if m.start() < pos:
                    continue  # cannot happen in well-formed XML: rows do not nest
                a = attrs(m[0])
                if "r" not in a or not a["r"].isdigit():
                    raise NotUnderstood(f"{self.part}: a row without its number")
                end = m.end() if m[1] else self.data.find(b"</row>", m.end()) + len(b"</row>")
                if end < m.end():
                    raise NotUnderstood(f"{self.part}: row not closed")
                if rows and int(a["r"]) <= rows[-1].number:
                    raise NotUnderstood(f"{self.part}: rows out of order")
                rows.append(_Row(int(a["r"]), m.start(), end, m[0]))
                pos = end
            self._rows = rows
        return self._rows

    def _row(self, number: int) -> _Row | None:
        rows = self.rows()
        i = bisect.bisect_left(rows, number, key=lambda r: r.number)
        return rows[i] if i < len(rows) and rows[i].number == number else None

    def _row_cells(self, row: _Row) -> list[tuple[int, bytes]]:
        """(column, raw XML) of a row's cells, in order."""
        if row.tag.endswith(b"/>"):
            return []
        inner = self.data[row.start + len(row.tag): row.end - len(b"</row>")]
        found = _CELL.findall(inner)
        if len(found) != len(re.findall(rb"<c[\s/>]", inner)) or _CELL.sub(b"", inner).strip():
            raise NotUnderstood(f"{self.part}: row {row.number} holds more than cells")
        out = []
        for raw in found:
            ref = attrs(_CELL_START.match(raw)[0]).get("r")
            if not ref:
                raise NotUnderstood(f"{self.part}: a cell without its address")
            r, c = row_col(ref)
            if r != row.number:
                raise NotUnderstood(f"{self.part}: cell {ref} in row {row.number}")
            out.append((c, raw))
        return out

    def cell_xml(self, ref: str) -> bytes | None:
        """The cell's current XML (after this run's edits), or None if the sheet has no such cell."""
        if ref in self.cells:
            return self.cells[ref]
        r, c = row_col(ref)
        row = self._row(r)
        if row is None:
            return None
        return next((raw for col, raw in self._row_cells(row) if col == c), None)

    def default_style(self, ref: str) -> int:
        """The format an absent cell shows: its row's, else its column's, else the first."""
        r, c = row_col(ref)
        row = self._row(r)
        if row is not None:
            a = attrs(row.tag)
            if a.get("customFormat") in ("1", "true") and a.get("s", "").isdigit():
                return int(a["s"])
        cols = self.element("cols")
        if cols:
            for m in _COL.finditer(self.data, cols[0], cols[1]):
                a = attrs(m[0])
                if a.get("min", "0").isdigit() and int(a.get("min", 0)) <= c <= int(a.get("max", 0) or 0):
                    return int(a["style"]) if a.get("style", "").isdigit() else 0
        return 0

    def style_of(self, ref: str) -> int:
        raw = self.cell_xml(ref)
        if raw is None:
            return self.default_style(ref)
        s = attrs(_CELL_START.match(raw)[0]).get("s", "0")
        return int(s) if s.isdigit() else 0

    def merged_away(self, ref: str) -> bool:
        """Covered by a merge but not its top-left corner: such a cell takes a fill, never a note or a value."""
        if self._merges is None:
            self._merges = []
            found = self.element("mergeCells")
            for m in _MERGE.finditer(self.data, *(found or (0, 0))):
                first, _, last = m[1].decode().replace("$", "").partition(":")
                try:
                    (c0, r0), (c1, r1) = split_cell(first), split_cell(last or first)
                    x0, x1 = sorted((column_index(c0), column_index(c1)))
                except ValueError:
                    continue
                self._merges.append((x0, min(r0, r1), x1, max(r0, r1)))
        r, c = row_col(ref)
        return any(x0 <= c <= x1 and y0 <= r <= y1 and (c, r) != (x0, y0) for x0, y0, x1, y1 in self._merges)

    def column_px(self, col0: int) -> float:
        """A column's width in pixels (0-based), for placing a note beside a cell."""
        if self._widths is None:
            self._widths = {}
            cols = self.element("cols")
            for m in _COL.finditer(self.data, *(cols or (0, 0))):
                a = attrs(m[0])
                try:
                    lo, hi = int(a.get("min", 0)), int(a.get("max", 0))
                    px = 0.0 if a.get("hidden") in ("1", "true") else float(a.get("width", 8.43)) * 7 + 5
                except ValueError:
                    continue
                for c in range(lo, min(hi, lo + 64) + 1):  # a note spans a few columns; 1:16384 is common
                    self._widths[c] = px
        return self._widths.get(col0 + 1, 64.0)

    def row_px(self, row0: int) -> float:
        """A row's height in pixels (0-based)."""
        row = self._row(row0 + 1)
        if row is not None:
            a = attrs(row.tag)
            if a.get("hidden") in ("1", "true"):
                return 0.0
            try:
                return float(a["ht"]) * 4 / 3 if "ht" in a else 20.0
            except ValueError:
                return 20.0
        return 20.0

    # ---- values --------------------------------------------------------------

    def value(self, ref: str, shared: SharedStrings) -> str | Rich | None:
        """None (empty), the plain text, or OTHER, as openpyxl would see the cell (rich text is not plain)."""
        raw = self.cell_xml(ref)
        if raw is None:
            return None
        a = attrs(_CELL_START.match(raw)[0])
        kind = a.get("t", "n")
        if b"<f>" in raw or b"<f " in raw:
            return OTHER
        if kind == "inlineStr":
            if b"<r>" in raw or b"<r " in raw:
                return OTHER
            return "".join(_texts(raw)) or None
        v = re.search(rb"<v>(.*?)</v>", raw, re.S)
        if v is None:
            return None
        if kind == "s":
            return shared.text(int(v[1])) if v[1].strip().isdigit() else OTHER
        return OTHER

    def display(self, ref: str, shared: SharedStrings) -> str | None:
        """What the cell shows as text (rich text joined, numbers as written): for telling our sheets apart."""
        raw = self.cell_xml(ref)
        if raw is None:
            return None
        kind = attrs(_CELL_START.match(raw)[0]).get("t", "n")
        if kind == "inlineStr":
            return "".join(_texts(raw)) or None
        v = re.search(rb"<v>(.*?)</v>", raw, re.S)
        if v is None:
            return None
        if kind == "s":
            return shared.joined(int(v[1])) if v[1].strip().isdigit() else None
        return unescape(v[1])

    # ---- edits ---------------------------------------------------------------

    def remove_element(self, name: str) -> None:
        found = self.element(name)
        if found:
            self.head_edits.append((found[0], found[1], b""))

    def set_style(self, ref: str, style: int) -> None:
        raw = self.cell_xml(ref)
        if raw is None:
            self.cells[ref] = f'<c r="{ref}" s="{style}"/>'.encode()
            return
        start = _CELL_START.match(raw)[0]
        self.cells[ref] = set_attr(start, "s", str(style)) + raw[len(start):]

    def set_text(self, ref: str, text: str | None, style: int) -> None:
        """The cell's value replaced by literal text (an inline string), or emptied when text is None."""
        if text is None:
            self.cells[ref] = f'<c r="{ref}" s="{style}"/>'.encode()
        else:
            self.cells[ref] = f'<c r="{ref}" s="{style}" t="inlineStr"><is>{t_element(text)}</is></c>'.encode()

    def comments_at_end(self) -> None:
        found = self.element("pageSetup")
        if found:
            tag = self.data[found[0]:found[1]]
            if not tag.endswith(b"/>"):
                head = re.match(rb"<pageSetup" + TAG_BODY + rb">", tag)[0]
                tag = set_attr(head, "cellComments", "atEnd") + tag[len(head):]
            else:
                tag = set_attr(tag, "cellComments", "atEnd")
            self.head_edits.append((found[0], found[1], tag))
        else:
            at = self._insert_at("pageSetup")
            self.head_edits.append((at, at, b'<pageSetup cellComments="atEnd"/>'))

    def add_legacy_drawing(self, rid: str) -> None:
        at = self._insert_at("legacyDrawing")
        prefix = self._rel_prefix()
        self.head_edits.append((at, at, f'<legacyDrawing {prefix}:id="{esc_attr(rid)}"/>'.encode()))

    def legacy_drawing_id(self) -> str | None:
        found = self.element("legacyDrawing")
        if not found:
            return None
        a = attrs(self.data[found[0]:found[1]])
        return next((v for k, v in a.items() if k.endswith(":id")), None)

    def _rel_prefix(self) -> str:
        bound = {m[1].decode(): m[2].decode() for m in _XMLNS.finditer(self.root[0])}
        for prefix, uri in bound.items():
            if uri == REL:
                return prefix
        if "r" in bound:
            raise NotUnderstood(f"{self.part}: the prefix r is bound elsewhere")
        root = self.root
        self.head_edits.append((root.start(), root.end(), set_attr(root[0], "xmlns:r", REL)))
        return "r"

    def to_bytes(self) -> bytes:
        edits = list(self.head_edits) + self._row_edits()
        edits.sort(key=lambda e: (e[0], e[1]))
        out, pos = [], 0
        for start, end, new in edits:
            if start < pos:
                raise NotUnderstood(f"{self.part}: overlapping edits")
            out += [self.data[pos:start], new]
            pos = end
        out.append(self.data[pos:])
        return b"".join(out)

    def _row_edits(self) -> list[tuple[int, int, bytes]]:
        by_row: dict[int, dict[int, bytes]] = {}
        for ref, raw in self.cells.items():
            r, c = row_col(ref)
            by_row.setdefault(r, {})[c] = raw
        edits = []
        new_rows: list[tuple[int, bytes]] = []
        for number, changed in sorted(by_row.items()):
            row = self._row(number)
            if row is None:
                new_rows.append((number, b'<row r="%d">' % number + b"".join(v for _, v in sorted(changed.items()))
                                 + b"</row>"))
                continue
            cells = dict(self._row_cells(row))
            inserted = any(c not in cells for c in changed)
            cells.update(changed)
            tag = row.tag[:-2].rstrip() + b">" if row.tag.endswith(b"/>") else row.tag
            if inserted:
                tag = set_attr(tag, "spans", None)  # only a hint, and now a wrong one
            edits.append((row.start, row.end, tag + b"".join(v for _, v in sorted(cells.items())) + b"</row>"))
        if new_rows:
            edits += self._insert_rows(new_rows)
        return edits

    def _insert_rows(self, new_rows: list[tuple[int, bytes]]) -> list[tuple[int, int, bytes]]:
        rows = self.rows()
        numbers = [r.number for r in rows]
        edits = []
        if self.sd_open[1]:  # <sheetData/>: open it
            sd = self.sd_open
            body = b"".join(raw for _, raw in new_rows)
            return [(sd.start(), sd.end(), sd[0][:-2].rstrip() + b">" + body + b"</sheetData>")]
        for number, raw in new_rows:
            i = bisect.bisect_left(numbers, number)
            at = rows[i].start if i < len(rows) else self.sd_end
            edits.append((at, at, raw))
        return edits


def _texts(raw: bytes) -> list[str]:
    return [unescape(m[1]) for m in _TEXT.finditer(raw) if m[1] is not None]


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
        return "".join(_texts(re.sub(rb"<rPh\b.*?</rPh>", b"", raw, flags=re.S))) or None

    def joined(self, index: int) -> str | None:
        raw = self._raw(index)
        return "".join(_texts(re.sub(rb"<rPh\b.*?</rPh>", b"", raw, flags=re.S))) or None if raw else None


_SHEET_VIEW = re.compile(rb"<sheetView" + TAG_BODY + rb"/?>")


def untab(data: bytes) -> bytes:
    """A sheet's XML with its tab no longer selected (any sheet type: worksheet, chartsheet)."""
    if b"tabSelected" not in data:
        return data
    return _SHEET_VIEW.sub(lambda m: set_attr(m[0], "tabSelected", None), data)
