"""A sheet drawn by openpyxl in a workbook of its own, moved into the package being patched.

The 汇总 sheet (tables, links, two chart pictures) is drawn by
reports.files.add_summary_sheet, the same code the openpyxl writer runs; it
is drawn into an empty workbook, saved to memory, and its sheet, drawing and
pictures are copied across with every cell format re-numbered into the
target's styles.xml. So the copy keeps its pictures without openpyxl loading
the whole workbook, and the 汇总 sheet is the same in both writers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from xladdin.marks.patch.opc import CT_SHEET, Package, rels_name, resolve
from xladdin.marks.patch.styles import Styles
from xladdin.marks.patch.workbook import WorkbookXml
from xladdin.marks.patch.xmltext import TAG_BODY, NotUnderstood, attrs, set_attr, unescape

_NAME = re.compile(rb"<definedName(" + TAG_BODY + rb")>([^<]*)</definedName>")
_CELL_STYLE = re.compile(rb'(<(?:c|row)\s[^>]*?\bs=")(\d+)(")')
_COL_STYLE = re.compile(rb'(<col\s[^>]*?\bstyle=")(\d+)(")')
_XF_HEAD = re.compile(rb"<xf" + TAG_BODY)


def drawn_sheet(draw: Callable[[object], object]) -> bytes:
    """The package of a new workbook holding only what draw(wb) added."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    draw(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class Donor:
    """The small workbook a sheet comes from."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.pkg = Package(self.zip, None)
        self.main = "xl/workbook.xml"
        self.wbx = WorkbookXml(self.pkg.read(self.main))
        self.styles = Styles(self.pkg.read("xl/styles.xml"))

    def sheet(self, name: str) -> tuple[str, list[tuple[str, str, bool]]]:
        """(part, names scoped to it) of the sheet called name."""
        index = self.wbx.index(name)
        if index is None:
            raise NotUnderstood(f"the drawn workbook has no sheet {name}")
        rel = self.pkg.rels(self.main).by_id(self.wbx.sheets[index].rid)
        names = []
        for m in _NAME.finditer(self.pkg.read(self.main)):
            a = attrs(m[1])
            if a.get("localSheetId") == str(index):
                names.append((a.get("name", ""), unescape(m[2]), a.get("hidden") in ("1", "true")))
        return resolve(self.main, rel["Target"]), names


class Transplant:
    """Copies a donor's sheet (and the parts it uses) into target, with styles and part names re-numbered."""

    def __init__(self, target: Package, styles: Styles, donor: Donor) -> None:
        self.target, self.styles, self.donor = target, styles, donor
        self._xf: dict[int, int] = {}

    def sheet(self, part: str) -> str:
        """Copy the donor's sheet part; returns its new name in the target."""
        data = self.donor.pkg.read(part)
        if b"<conditionalFormatting" in data or b"<legacyDrawing" in data or b"<tableParts" in data:
            raise NotUnderstood("the drawn sheet has parts the transplant does not carry")
        data = _CELL_STYLE.sub(lambda m: m[1] + str(self._style(int(m[2]))).encode() + m[3], data)
        data = _COL_STYLE.sub(lambda m: m[1] + str(self._style(int(m[2]))).encode() + m[3], data)
        new = self.target.free_name("xl/worksheets/sheet{}.xml")
        self._copy(part, new, data, CT_SHEET)
        return new

    def _copy(self, part: str, new: str, data: bytes, content_type: str | None) -> None:
        self.target.write(new, data)
        if content_type:
            self.target.set_override(new, content_type)
        elif self.donor.pkg.has_override(part):
            self.target.set_override(new, self.donor.pkg.content_type(part))
        elif kind := self.donor.pkg.content_type(part):
            self.target.ensure_default(new.rsplit(".", 1)[-1].lower(), kind)
        if not self.donor.pkg.exists(rels_name(part)):
            return
        rels = self.donor.pkg.rels(part)
        entries = []
        for e in rels.entries:
            e = dict(e)
            if e.get("TargetMode") != "External":
                source = resolve(part, e["Target"])
                copied = self.target.free_name(_numbered(source))
                self._copy(source, copied, self.donor.pkg.read_binary(source), None)
                e["Target"] = "/" + copied
            entries.append(e)
        target_rels = self.target.rels(new)
        target_rels.entries = entries
        target_rels.dirty = True

    def _style(self, xf: int) -> int:
        """The target format equal to the donor's format xf (the donor's defaults are the target's)."""
        if xf == 0:
            return 0
        if xf not in self._xf:
            donor = self.donor.styles
            raw = donor.xfs.entries[xf]
            head = _XF_HEAD.match(raw)[0]
            a = attrs(head)
            tag = head
            for key, lst, add in (("fontId", donor.fonts, self.styles.font), ("fillId", donor.fills, None),
                                  ("borderId", donor.borders, self.styles.border)):
                i = int(a.get(key, "0") or 0)
                if i == 0 or (key == "fillId" and i == 1):
                    continue  # the defaults (and the gray125 fill) sit at the same places in every workbook
                entry = lst.entries[i].decode("utf-8")
                new = add(entry) if add else self.styles.fill(entry)
                tag = _set(tag, key, new)
            fmt = int(a.get("numFmtId", "0") or 0)
            if fmt >= 164:
                code = next(c for c, i in donor.num_fmts.codes.items() if i == fmt)
                tag = _set(tag, "numFmtId", self.styles.num_fmt(code))
            tag = _set(tag, "xfId", 0)
            self._xf[xf] = self.styles.xf(tag + raw[len(head):])
        return self._xf[xf]


def _numbered(part: str) -> str:
    """"xl/media/image1.png" -> "xl/media/image{}.png", for a free name in the target."""
    folder, _, name = part.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    return f"{folder}/{re.sub(r'[0-9]+$', '', stem)}{{}}{dot}{ext}"


def _set(tag: bytes, key: str, value: int) -> bytes:
    """An attribute set on an xf's head (its start tag without the closing bracket)."""
    return set_attr(tag + b">", key, str(value))[:-1]
