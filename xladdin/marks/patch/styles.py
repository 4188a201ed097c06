"""styles.xml: new cell formats cloned from a cell's own, so only its fill (or font, alignment) changes.

Fonts, fills, borders and cell formats are appended to their lists and their
counts updated; everything else in the part is kept byte for byte. An entry
equal to one already there is reused, so re-running on a marked copy does not
grow the list.
"""

from __future__ import annotations

import re

from xladdin.marks.patch.xmltext import TAG_BODY, NotUnderstood, attrs, esc_attr, refuse_markup_we_cannot_skip, set_attr

_ALIGNMENT = re.compile(rb"<alignment" + TAG_BODY + rb"(?:/>|>\s*</alignment>)")
_RGB = re.compile(rb"""<fgColor\b[^>]*?\brgb\s*=\s*["']([0-9A-Fa-f]{6,8})["']""")
_SPACE = re.compile(rb">\s+<")


def _elements(section: bytes, tag: bytes) -> list[bytes]:
    """The child elements `tag` of one list (<fonts>, <cellXfs>…), raw."""
    pattern = re.compile(rb"<" + tag + TAG_BODY + rb"(?:/>|>.*?</" + tag + rb">)", re.S)
    found = pattern.findall(section)
    if len(found) != len(re.findall(rb"<" + tag + rb"[\s/>]", section)):
        raise NotUnderstood(f"styles.xml: <{tag.decode()}> entries not read")
    return found


class _List:
    """One list of styles.xml (fonts, fills, borders, cellXfs): its raw entries and where it sits."""

    def __init__(self, data: bytes, name: bytes, child: bytes) -> None:
        self.name, self.child = name, child
        m = re.search(rb"<" + name + TAG_BODY + rb"(/?)>", data)
        if m is None:
            raise NotUnderstood(f"styles.xml: no <{name.decode()}>")
        self.start = m.start()
        if m[1]:
            self.end, self.open_tag, body = m.end(), m[0][:-2] + b">", b""
        else:
            close = data.find(b"</" + name + b">", m.end())
            if close < 0:
                raise NotUnderstood(f"styles.xml: <{name.decode()}> not closed")
            self.end, self.open_tag, body = close + len(name) + 3, m[0], data[m.end():close]
        self.entries = _elements(body, child)
        self.original = len(self.entries)
        self._index = {}
        for i, raw in enumerate(self.entries):
            self._index.setdefault(self.key(raw), i)

    def key(self, raw: bytes) -> object:
        return _SPACE.sub(b"><", raw.strip())

    def add(self, raw: bytes) -> int:
        """The index of an entry equal to raw, appending it if there is none."""
        k = self.key(raw)
        if k not in self._index:
            self.entries.append(raw)
            self._index[k] = len(self.entries) - 1
        return self._index[k]

    def xml(self) -> bytes:
        return set_attr(self.open_tag, "count", str(len(self.entries))) + b"".join(self.entries) + b"</" + \
            self.name + b">"


class _Xfs(_List):
    def key(self, raw: bytes) -> object:
        # Equal formats may list their attributes in another order.
        head = re.match(rb"<xf" + TAG_BODY, raw)
        inner = raw[head.end():].lstrip(b"/>").removesuffix(b"</xf>") if head else raw
        return tuple(sorted(attrs(head[0]).items())) if head else (), _SPACE.sub(b"><", inner.strip())


class _NumFmts:
    """Custom number formats (ids from 164): a list that may be missing and is then made."""

    def __init__(self, data: bytes, root_end: int) -> None:
        m = re.search(rb"<numFmts" + TAG_BODY + rb"(/?)>", data)
        self.codes: dict[str, int] = {}
        self.new: list[bytes] = []
        if m is None:
            self.span, self.body = (root_end, root_end), b""
        else:
            close = m.end() if m[1] else data.find(b"</numFmts>", m.end())
            if close < 0:
                raise NotUnderstood("styles.xml: <numFmts> not closed")
            self.span = (m.start(), close + (0 if m[1] else len(b"</numFmts>")))
            self.body = b"" if m[1] else data[m.end():close]
            for raw in _elements(self.body, b"numFmt"):
                a = attrs(raw)
                if a.get("numFmtId", "").isdigit():
                    self.codes.setdefault(a.get("formatCode", ""), int(a["numFmtId"]))
        self.start = self.span[0]

    def add(self, code: str) -> int:
        if code not in self.codes:
            self.codes[code] = max([163, *self.codes.values()]) + 1
            self.new.append(f'<numFmt numFmtId="{self.codes[code]}" formatCode="{esc_attr(code)}"/>'.encode())
        return self.codes[code]

    def xml(self) -> bytes:
        entries = self.body + b"".join(self.new)
        count = len(_elements(entries, b"numFmt"))
        return b'<numFmts count="%d">' % count + entries + b"</numFmts>" if count else b""


class Styles:
    def __init__(self, data: bytes) -> None:
        refuse_markup_we_cannot_skip(data, "styles.xml")
        root = re.search(rb"<styleSheet" + TAG_BODY + rb">", data)
        if root is None:
            raise NotUnderstood("styles.xml: unusual namespaces")
        self.data = data
        self.num_fmts = _NumFmts(data, root.end())
        self.fonts = _List(data, b"fonts", b"font")
        self.fills = _List(data, b"fills", b"fill")
        self.borders = _List(data, b"borders", b"border")
        self.xfs = _Xfs(data, b"cellXfs", b"xf")
        if not self.xfs.entries:
            raise NotUnderstood("styles.xml: no cell formats")
        self.changed = False
        self._colours: dict[int, str] = {}
        self._derived: dict[tuple, int] = {}

    # ---- reading ---------------------------------------------------------------

    def _xf_attrs(self, xf: int) -> dict[str, str]:
        raw = self.xfs.entries[xf] if 0 <= xf < len(self.xfs.entries) else self.xfs.entries[0]
        return attrs(re.match(rb"<xf" + TAG_BODY, raw)[0])

    def fill_colour(self, xf: int) -> str:
        """The RGB of a format's fill foreground ("" for none, theme or indexed colours), as openpyxl reads it."""
        if xf not in self._colours:
            fill = self._xf_attrs(xf).get("fillId", "0")
            fill = int(fill) if fill.isdigit() else 0
            m = _RGB.search(self.fills.entries[fill]) if fill < len(self.fills.entries) else None
            self._colours[xf] = m[1].decode()[-6:].upper() if m else ""
        return self._colours[xf]

    # ---- adding ----------------------------------------------------------------

    def solid_fill(self, rgb: str) -> int:
        """A solid fill of rgb: one already in the list if it is exactly that, else a new one."""
        rgb = rgb.upper()
        for i, raw in enumerate(self.fills.entries):
            m = _RGB.search(raw)
            if m and m[1].decode()[-6:].upper() == rgb and b'patternType="solid"' in raw and b"gradient" not in raw:
                return i
        return self._add(self.fills, f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                     f'<bgColor indexed="64"/></patternFill></fill>')

    def no_fill(self) -> int:
        for i, raw in enumerate(self.fills.entries):
            if b"<patternFill/>" in raw or b"<patternFill />" in raw or b'patternType="none"' in raw:
                return i
        return self._add(self.fills, '<fill><patternFill patternType="none"/></fill>')

    def font(self, raw: str) -> int:
        return self._add(self.fonts, raw)

    def fill(self, raw: str) -> int:
        return self._add(self.fills, raw)

    def xf(self, raw: bytes) -> int:
        """A cell format given whole (one copied from another workbook, its ids already ours)."""
        return self._add(self.xfs, raw.decode("utf-8"))

    def border(self, raw: str) -> int:
        return self._add(self.borders, raw)

    def _add(self, lst: _List, raw: str) -> int:
        before = len(lst.entries)
        index = lst.add(raw.encode())
        self.changed |= len(lst.entries) != before
        return index

    def derive(self, base: int, fill: int | None = None, font: int | None = None, alignment: str | None = None,
               quote: bool = False) -> int:
        """A format like base with another fill, font or alignment (an <alignment/> element), or the quote prefix."""
        key = (base, fill, font, alignment, quote)
        if key not in self._derived:
            self._derived[key] = self._derive(base, fill, font, alignment, quote)
        return self._derived[key]

    def _derive(self, base: int, fill: int | None, font: int | None, alignment: str | None, quote: bool) -> int:
        raw = self.xfs.entries[base] if 0 <= base < len(self.xfs.entries) else self.xfs.entries[0]
        head = re.match(rb"<xf" + TAG_BODY + rb"/?>", raw)
        tag, inner = head[0], raw[head.end():].removesuffix(b"</xf>")
        empty = tag.endswith(b"/>")
        if empty:
            tag = tag[:-2].rstrip() + b">"
        for name, value, apply in (("fillId", fill, "applyFill"), ("fontId", font, "applyFont")):
            if value is not None:
                tag = set_attr(set_attr(tag, name, str(value)), apply, "1")
        if quote:
            tag = set_attr(tag, "quotePrefix", "1")
        if alignment is not None:
            tag = set_attr(tag, "applyAlignment", "1")
            inner = _ALIGNMENT.sub(b"", inner)
            inner = alignment.encode() + inner  # alignment comes first among an xf's children
        new = tag + inner + b"</xf>" if inner else tag[:-1].rstrip() + b"/>"
        before = len(self.xfs.entries)
        index = self.xfs.add(new)
        self.changed |= len(self.xfs.entries) != before
        return index

    def new_xf(self, font: int, fill: int, border: int, alignment: str, quote: bool = False) -> int:
        """A format of our own (the issue sheet's), on the default cell style."""
        quote_attr = ' quotePrefix="1"' if quote else ""
        raw = (f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"{quote_attr}'
               f' applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">{alignment}</xf>')
        return self._add(self.xfs, raw)

    def num_fmt(self, code: str) -> int:
        before = len(self.num_fmts.new)
        index = self.num_fmts.add(code)
        self.changed |= len(self.num_fmts.new) != before
        return index

    def to_bytes(self) -> bytes:
        """styles.xml with the lists' new entries; untouched bytes elsewhere."""
        out, pos = [], 0
        spans = [(lst.start, lst.end, lst.xml()) for lst in (self.fonts, self.fills, self.borders, self.xfs)]
        if self.num_fmts.new:
            spans.append((*self.num_fmts.span, self.num_fmts.xml()))
        for start, end, xml in sorted(spans):
            out += [self.data[pos:start], xml]
            pos = end
        out.append(self.data[pos:])
        return b"".join(out)
