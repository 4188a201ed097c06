"""One worksheet's XML, edited in place: a cell's format, a cell's value, and a few elements after the cells.

Rows and cells are found with byte scans (a branch sheet is ~15 KB; a
1,000-branch workbook has a thousand of them), and only the rows that change
are rebuilt. Everything else, including what a person typed, stays byte for
byte. A sheet these scans cannot read safely raises NotUnderstood.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
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
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"')
# The attributes read in the hot loops, without parsing the whole tag.
_CELL_REF = re.compile(rb"""<c\b[^>]*?\sr\s*=\s*["']\$?([A-Z]{1,3})\$?(\d+)["']""")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_T_ATTR = re.compile(rb"""\st\s*=\s*["'](\w+)["']""")
COL = re.compile(rb"<col" + TAG_BODY + rb"/?>")
_MERGE = re.compile(rb"""<mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_XMLNS = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']""")


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
        self._by_number: dict[int, _Row] = {}
        self._cells: dict[bytes, int] | None = None
        self._merged: tuple[set[tuple[int, int]], list[tuple[int, int, int, int]]] | None = None
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
            rows = []
            for m in _ROW.finditer(self.data, self.sd_open.end(), self.sd_end):
                number = _R_ATTR.search(m[0])
                if number is None:
                    raise NotUnderstood(f"{self.part}: a row without its number")
                end = m.end() if m[1] else self.data.find(b"</row>", m.end()) + len(b"</row>")
                if end < m.end():
                    raise NotUnderstood(f"{self.part}: row not closed")
                if rows and int(number[1]) <= rows[-1].number:
                    raise NotUnderstood(f"{self.part}: rows out of order")
                rows.append(_Row(int(number[1]), m.start(), end, m[0]))
            self._rows = rows
            self._by_number = {r.number: r for r in rows}
        return self._rows

    def _row(self, number: int) -> _Row | None:
        self.rows()
        return self._by_number.get(number)

    def _index(self) -> dict[bytes, int]:
        """Where each cell starts: A1 (bytes) -> offset. One C-speed scan when cells are written as every
        writer we know writes them (`<c r="A1"`), a full tag-by-tag scan otherwise."""
        if self._cells is None:
            start, end = self.sd_open.end(), self.sd_end
            fast = {m[1]: m.start() for m in _PLAIN_CELL.finditer(self.data, start, end)}
            tags = self.data.count(b"<c ", start, end) + self.data.count(b"<c>", start, end) + \
                self.data.count(b"<c/", start, end)
            if len(fast) != tags:
                fast = {}
                for m in _CELL.finditer(self.data, start, end):
                    ref = _CELL_REF.match(m[0])
                    if ref is None:
                        raise NotUnderstood(f"{self.part}: a cell without its address")
                    fast[ref[1] + ref[2]] = m.start()
                if len(fast) != tags:
                    raise NotUnderstood(f"{self.part}: cells not read")
            self._cells = fast
        return self._cells

    def _span(self, ref: str) -> tuple[int, int] | None:
        start = self._index().get(ref.encode())
        if start is None:
            return None
        m = _CELL.match(self.data, start)
        if m is None:
            raise NotUnderstood(f"{self.part}: cell {ref} not read")
        return m.span()

    def cell_xml(self, ref: str) -> bytes | None:
        """The cell's current XML (after this run's edits), or None if the sheet has no such cell."""
        if ref in self.cells:
            return self.cells[ref]
        span = self._span(ref)
        return None if span is None else self.data[span[0]:span[1]]

    def _row_cell_starts(self, row: _Row) -> list[tuple[int, int]]:
        """(column, start) of the cells in a row, for placing a new one."""
        out = []
        for m in _CELL_START.finditer(self.data, row.start + len(row.tag), row.end):
            ref = _CELL_REF.match(m[0])
            if ref is not None:
                out.append((column_index(ref[1].decode()), m.start()))
        return out

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
            for m in COL.finditer(self.data, cols[0], cols[1]):
                a = attrs(m[0])
                if a.get("min", "0").isdigit() and int(a.get("min", 0)) <= c <= int(a.get("max", 0) or 0):
                    return int(a["style"]) if a.get("style", "").isdigit() else 0
        return 0

    def style_of(self, ref: str) -> int:
        raw = self.cell_xml(ref)
        if raw is None:
            return self.default_style(ref)
        s = _S_ATTR.search(_CELL_START.match(raw)[0])
        return int(s[1]) if s else 0

    def merged_away(self, ref: str) -> bool:
        """Covered by a merge but not its top-left corner: such a cell takes a fill, never a note or a value."""
        if self._merged is None:
            small: set[tuple[int, int]] = set()
            big: list[tuple[int, int, int, int]] = []
            found = self.element("mergeCells")
            for m in _MERGE.finditer(self.data, *(found or (0, 0))):
                first, _, last = m[1].decode().replace("$", "").partition(":")
                try:
                    (c0, r0), (c1, r1) = split_cell(first), split_cell(last or first)
                    x0, x1 = sorted((column_index(c0), column_index(c1)))
                except ValueError:
                    continue
                y0, y1 = min(r0, r1), max(r0, r1)
                if (x1 - x0 + 1) * (y1 - y0 + 1) > 4096:
                    big.append((x0, y0, x1, y1))
                    continue
                small.update((x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1) if (x, y) != (x0, y0))
            self._merged = (small, big)
        small, big = self._merged
        r, c = row_col(ref)
        return (c, r) in small or any(x0 <= c <= x1 and y0 <= r <= y1 and (c, r) != (x0, y0)
                                      for x0, y0, x1, y1 in big)

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
        edits.sort(key=lambda e: (e[0], e[1]))  # stable: cells inserted at one place keep their column order
        out, pos = [], 0
        for start, end, new in edits:
            if start < pos:
                raise NotUnderstood(f"{self.part}: overlapping edits")
            out += [self.data[pos:start], new]
            pos = end
        out.append(self.data[pos:])
        return b"".join(out)

    def _row_edits(self) -> list[tuple[int, int, bytes]]:
        """Changed cells replace their own bytes; new cells go in their row by column; new rows by number."""
        edits: list[tuple[int, int, bytes]] = []
        added: dict[int, dict[int, bytes]] = defaultdict(dict)
        for ref, raw in self.cells.items():
            span = self._span(ref)
            if span is not None:
                edits.append((*span, raw))
            else:
                r, c = row_col(ref)
                added[r][c] = raw
        new_rows = []
        for number, cells in sorted(added.items()):
            row = self._row(number)
            if row is None:
                new_rows.append((number, b'<row r="%d">' % number + b"".join(v for _, v in sorted(cells.items()))
                                 + b"</row>"))
                continue
            tag = set_attr(row.tag, "spans", None)  # only a hint, and now a wrong one
            if row.tag.endswith(b"/>"):
                tag = tag[:-2].rstrip() + b">"
                edits.append((row.start, row.end, tag + b"".join(v for _, v in sorted(cells.items())) + b"</row>"))
                continue
            edits.append((row.start, row.start + len(row.tag), tag))
            present = self._row_cell_starts(row)
            for c, raw in sorted(cells.items()):
                at = next((start for col, start in present if col > c), row.end - len(b"</row>"))
                edits.append((at, at, raw))
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


_SHEET_VIEW = re.compile(rb"<sheetView" + TAG_BODY + rb"/?>")


def untab(data: bytes) -> bytes:
    """A sheet's XML with its tab no longer selected (any sheet type: worksheet, chartsheet)."""
    if b"tabSelected" not in data:
        return data
    return _SHEET_VIEW.sub(lambda m: set_attr(m[0], "tabSelected", None), data)
