"""The legacy VML drawing that shows a sheet's notes, written the way Excel writes it.

Excel draws a note from its VML shape, not from the comments part: every
note needs a shape (ClientData ObjectType="Note", its Row and Column, an
Anchor), shape ids fall in the blocks named by o:idmap (1024 ids per block,
each block claimed by one drawing only), and the shape type _x0000_t202
comes first. Compare /work/shared/excel-made/comment*.xlsx, saved by Excel.

A drawing that holds anything but notes (form controls, buttons) is not ours
to rewrite: NotUnderstood sends the workbook to the openpyxl writer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from defusedxml import ElementTree as SafeET

from xladdin.marks.patch.xmltext import NotUnderstood, esc_attr, esc_xml

V = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
X = "urn:schemas-microsoft-com:office:excel"
PREFIXES = {V: "v", OFFICE: "o", X: "x"}
BLOCK = 1024
_SHAPE_ID = re.compile(r"_x0000_s(\d+)$")
_IDMAP = re.compile(rb"""<(?:\w+:)?idmap\b[^>]*?\bdata\s*=\s*["']([\d,\s]*)["']""")
_Z = "\x00z\x00"  # where a new shape's z-index goes; NUL cannot occur in a kept shape

HEAD = (f'<xml xmlns:v="{V}"\n xmlns:o="{OFFICE}"\n xmlns:x="{X}">\n'
        ' <o:shapelayout v:ext="edit">\n  <o:idmap v:ext="edit" data="{data}"/>\n </o:shapelayout>')
SHAPETYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"\n'
             '  path="m,l,21600r21600,l21600,xe">\n  <v:stroke joinstyle="miter"/>\n'
             '  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>')


def idmap_blocks(data: bytes) -> set[int]:
    """The id blocks a VML drawing claims (its o:idmap data, e.g. "1" or "2,3")."""
    m = _IDMAP.search(data)
    return {int(x) for x in re.split(rb"[,\s]+", m[1]) if x} if m else set()


class Grid(Protocol):
    """Column widths and row heights in pixels, 0-based (a SheetXml)."""

    def column_px(self, col0: int) -> float: ...

    def row_px(self, row0: int) -> float: ...

    def left_px(self, col0: int) -> float: ...

    def top_px(self, row0: int) -> float: ...


@dataclass
class Shape:
    row: int  # 0-based, as VML counts
    col: int
    number: int  # the n of _x0000_sn
    kept: ET.Element | None = None  # a shape read from the drawing
    new: str = ""  # a shape of ours, already written


class Vml:
    """One sheet's note shapes, keyed by (row, column).

    claims: every id block any drawing of the workbook claims, with how many
    claim it (openpyxl gives every drawing block 1); shared by all Vml objects
    of one run, so two drawings never end up in the same block.
    """

    def __init__(self, data: bytes | None, part: str, claims: dict[int, int]) -> None:
        self.part = part
        self.shapes: dict[tuple[int, int], Shape] = {}
        self.claims = claims
        self.blocks: list[int] = []
        if data is not None:
            self._read(data)

    def _read(self, data: bytes) -> None:
        try:
            root = SafeET.fromstring(data, forbid_dtd=True)
        except Exception as exc:  # older VML from Excel is not always well-formed XML
            raise NotUnderstood(f"{self.part}: VML not readable ({type(exc).__name__})") from exc
        for el in root:
            if el.tag == f"{{{OFFICE}}}shapelayout" or (el.tag == f"{{{V}}}shapetype" and el.get("id") == "_x0000_t202"):
                continue
            client = el.find(f"{{{X}}}ClientData")
            if el.tag != f"{{{V}}}shape" or client is None or client.get("ObjectType") != "Note":
                raise NotUnderstood(f"{self.part}: shapes other than notes (form controls)", "表单控件或按钮")
            row, col = ((client.findtext(f"{{{X}}}{k}") or "").strip() for k in ("Row", "Column"))
            if not row.isdigit() or not col.isdigit():
                raise NotUnderstood(f"{self.part}: a note shape without its cell")
            m = _SHAPE_ID.match(el.get("id", ""))
            self.shapes[(int(row), int(col))] = Shape(int(row), int(col), int(m[1]) if m else 0, kept=el)
        own = idmap_blocks(data)
        if any(self.claims.get(b, 0) > 1 for b in own) or any(not self._in_blocks(s.number, own)
                                                              for s in self.shapes.values()):
            # Shared with another drawing (or ids outside its own blocks): renumber into a block of its own.
            for b in own:
                self.claims[b] -= 1
            for shape in self.shapes.values():
                shape.number = 0
        else:
            self.blocks = sorted(own)
        for shape in self.shapes.values():
            if not shape.number:
                shape.number = self._free_number()

    @staticmethod
    def _in_blocks(number: int, blocks: set[int]) -> bool:
        return number // BLOCK in blocks

    def _new_block(self) -> int:
        block = max([b for b, n in self.claims.items() if n > 0] or [0]) + 1
        self.claims[block] = 1
        self.blocks.append(block)
        return block

    def _free_number(self) -> int:
        used = {s.number for s in self.shapes.values()}
        for block in self.blocks:
            for n in range(max(block * BLOCK, 1) + 1, (block + 1) * BLOCK):
                if n not in used:
                    return n
        return self._new_block() * BLOCK + 1

    def has(self, row: int, col: int) -> bool:
        return (row, col) in self.shapes

    def remove(self, row: int, col: int) -> None:
        self.shapes.pop((row, col), None)

    def note(self, row: int, col: int, size_px: tuple[float, float], anchor: str,
             margins: tuple[float, float]) -> None:
        """A hidden note shape for the cell (row, col), 0-based, replacing any shape it had."""
        self.shapes.pop((row, col), None)
        number = self._free_number()
        (left, top), (width, height) = margins, size_px
        self.shapes[(row, col)] = Shape(row, col, number, new=(
            f'<v:shape id="_x0000_s{number}" type="#_x0000_t202" style=\'position:absolute;\n'
            f"  margin-left:{left:.2f}pt;margin-top:{top:.2f}pt;width:{width * 0.75:.2f}pt;"
            f"height:{height * 0.75:.2f}pt;z-index:{_Z};\n"
            "  visibility:hidden' fillcolor=\"#ffffe1\" o:insetmode=\"auto\">\n"
            '  <v:fill color2="#ffffe1"/>\n  <v:shadow on="t" color="black" obscured="t"/>\n'
            '  <v:path o:connecttype="none"/>\n  <v:textbox style=\'mso-direction-alt:auto\'>\n'
            "   <div style='text-align:left'></div>\n  </v:textbox>\n"
            '  <x:ClientData ObjectType="Note">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n'
            f"   <x:Anchor>\n    {anchor}</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n"
            f"   <x:Row>{row}</x:Row>\n   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>"))

    def to_bytes(self) -> bytes:
        if not self.blocks:
            self._new_block()
        body = [HEAD.replace("{data}", ",".join(map(str, sorted(self.blocks)))), SHAPETYPE]
        for z, shape in enumerate(sorted(self.shapes.values(), key=lambda s: (s.row, s.col)), start=1):
            if shape.kept is not None:
                shape.kept.set("id", f"_x0000_s{shape.number}")
                if shape.kept.get(f"{{{OFFICE}}}spid"):
                    shape.kept.set(f"{{{OFFICE}}}spid", f"_x0000_s{shape.number}")
                body.append(_serialise(shape.kept))
            else:
                body.append(shape.new.replace(_Z, str(z)))
        return ("".join(body) + "</xml>").encode("utf-8")


def anchor(row: int, col: int, size_px: tuple[float, float], sheet: Grid) -> tuple[str, tuple[float, float]]:
    """Excel's x:Anchor for a note beside (row, col), 0-based, and its margins in points.

    Like Excel: one column to the right of the cell, starting a row above it
    (on the first row, on that row), then as many columns and rows as the size takes.
    """
    width, height = size_px
    start_col, x_off = col + 1, 15
    start_row, y_off = (row - 1, 10) if row > 0 else (0, 2)
    end_col, x_end = _walk(start_col, x_off + width, sheet.column_px)
    end_row, y_end = _walk(start_row, y_off + height, sheet.row_px)
    left = (sheet.left_px(start_col) + x_off) * 0.75
    top = (sheet.top_px(start_row) + y_off) * 0.75
    return f"{start_col}, {x_off}, {start_row}, {y_off}, {end_col}, {x_end}, {end_row}, {y_end}", (left, top)


def _walk(start: int, span: float, size: Callable[[int], float]) -> tuple[int, int]:
    index = start
    for _ in range(1000):  # a note spans a handful of cells; hidden columns must not loop forever
        width = size(index)
        if span < width:
            break
        span -= width
        index += 1
    return index, int(span)


def _name(tag: str) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        if uri not in PREFIXES:
            raise NotUnderstood(f"VML namespace {uri}")
        return f"{PREFIXES[uri]}:{local}"
    return tag


def _serialise(el: ET.Element) -> str:
    """A kept shape, written back with Excel's v/o/x prefixes (openpyxl writes ns0, ns1…)."""
    name = _name(el.tag)
    out = [f"<{name}" + "".join(f' {_name(k)}="{esc_attr(v)}"' for k, v in el.attrib.items())]
    if len(el) == 0 and not el.text:
        out.append("/>")
        return "".join(out)
    out.append(">" + esc_xml(el.text or ""))
    for child in el:
        out.append(_serialise(child) + esc_xml(child.tail or ""))
    out.append(f"</{name}>")
    return "".join(out)
