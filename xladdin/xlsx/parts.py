"""A light, bounded look at an .xlsx package: sheets, their states, defined names.

Every reader shares this, so the fast and the openpyxl paths agree on which
cell a name points at. defusedxml refuses entity tricks in the XML.
"""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as _FastET
import zipfile
from dataclasses import dataclass, field
from typing import NamedTuple

from defusedxml import DefusedXmlException, ElementTree

from xladdin.errors import UserError
from xladdin.spec.messages import UNREADABLE_ENCODING
from xladdin.xlsx.defined_names import split_names
from xladdin.xlsx.package import ZIP_ERRORS, read_part

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?$")


# workbook.xml and .rels hold only sheet and name lists; these bound them.
# A city office may combine thousands of branches (the benchmark goes to
# 5,000), each with ~50 sheet-scoped names; the zip member cap (guard) stays
# the outer bound on sheets.
MAX_WORKBOOK_XML = 64 * 1024 * 1024
MAX_SHEETS = 10_000
MAX_NAMES = 60 * MAX_SHEETS


def parse_xml(data: bytes, part: str):
    """defusedxml with DTDs forbidden outright: Excel never writes one.

    defusedxml runs the pure-Python tree builder (0.5 s for the 50,000 names
    of a 1,000-branch workbook). A UTF-8 document with no DTD cannot declare
    an entity, so it goes to the C parser; anything else takes the defused path.
    """
    if _utf8_without_dtd(data):
        try:
            return _FastET.fromstring(data)
        except _FastET.ParseError as exc:
            raise broken_part(part, exc) from exc
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UserError("xml-entities", what=f"工作簿的部件 {part[:80]} ") from exc
    except (ElementTree.ParseError, ValueError) as exc:
        raise broken_part(part, exc) from exc


def broken_part(part: str, exc: Exception) -> UserError:
    """part-broken for what an XML parser raised: the parser's words and position for bad XML; for a
    ValueError, an encoding expat cannot read ("GBK": Excel writes only UTF-8 and UTF-16), said plainly."""
    why = UNREADABLE_ENCODING if isinstance(exc, ValueError) else f"XML 格式错误：{exc}"
    return UserError("part-broken", part=part[:80], why=why)


_XML_DECL_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _utf8_without_dtd(data: bytes) -> bool:
    body = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in body[:256]:
        return False  # UTF-16/32 would hide "<!DOCTYPE" from a byte search
    if (m := _XML_DECL_ENCODING.match(body)) and m[1].lower() not in (b"utf-8", b"utf8"):
        return False
    return b"<!DOCTYPE" not in body and b"<!ENTITY" not in body


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible / hidden / veryHidden
    part: str  # zip path of the worksheet XML
    kind: str = "worksheet"  # or chartsheet


class DefinedNameInfo(NamedTuple):  # a tuple: a workbook has tens of thousands, made 5x faster than a dataclass
    name: str
    local_sheet: str | None  # None for workbook scope
    refers_to: str


@dataclass
class WorkbookInfo:
    sheets: list[SheetInfo] = field(default_factory=list)
    names: list[DefinedNameInfo] = field(default_factory=list)
    epoch1904: bool = False
    main_part: str = "xl/workbook.xml"  # where the sheets' shared parts (styles, strings) sit beside

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]


def split_ref(refers_to: str) -> tuple[str, str] | None:
    """("运一", "B8") from "'运一'!$B$8"; the top-left cell of a range; None if unusable."""
    m = _REF.match(refers_to.strip().lstrip("="))
    if not m:
        return None
    sheet = (m[1] or "").replace("''", "'") or m[2]
    return sheet, f"{m[3]}{m[4]}"


def read_workbook_info(archive: zipfile.ZipFile) -> WorkbookInfo:
    wb_part = _main_part(archive)
    try:
        data = read_part(archive, wb_part, MAX_WORKBOOK_XML)
    except KeyError:
        raise UserError("part-missing", part=wb_part[:80]) from None
    fast = split_names(data) if _utf8_without_dtd(data) else None
    try:
        root = parse_xml(fast[0] if fast else data, wb_part)
    except UserError:
        if not fast:
            raise
        fast, root = None, parse_xml(data, wb_part)  # raises as the whole part does (the error's position)
    names_el = root.find(f"{NS_MAIN}definedNames")
    if fast and (names_el is None or len(names_el) or names_el.text):
        fast, root = None, parse_xml(data, wb_part)  # the names were not where they belong: read it all
        names_el = root.find(f"{NS_MAIN}definedNames")
    rels = _rels(archive, wb_part)
    info = WorkbookInfo(main_part=wb_part)
    pr = root.find(f"{NS_MAIN}workbookPr")
    if pr is not None and pr.get("date1904") in ("1", "true"):
        info.epoch1904 = True
    sheets_el = root.find(f"{NS_MAIN}sheets")
    if sheets_el is not None and len(sheets_el) > MAX_SHEETS:
        raise UserError("too-many-sheets", count=len(sheets_el), limit=MAX_SHEETS)
    for el in sheets_el if sheets_el is not None else ():
        target, rel_type = rels.get(el.get(f"{NS_REL}id"), ("", ""))
        kind = "chartsheet" if rel_type.endswith("/chartsheet") else "worksheet"
        info.sheets.append(SheetInfo(el.get("name", ""), el.get("state", "visible"), target, kind))
    if fast:
        info.names = _plain_names(fast[1], info.sheets)
        return info
    if names_el is not None and len(names_el) > MAX_NAMES:
        raise UserError("too-many-names", count=len(names_el), limit=MAX_NAMES)
    for el in names_el if names_el is not None else ():
        local = el.get("localSheetId")
        local_sheet = None
        if local is not None:
            idx = int(local) if local.isdigit() else -1
            if not 0 <= idx < len(info.sheets):
                continue  # a name scoped to a sheet that is gone
            local_sheet = info.sheets[idx].name
        info.names.append(DefinedNameInfo(el.get("name", ""), local_sheet, el.text or ""))
    return info


def _plain_names(found: list[tuple[str, str | None, str]], sheets: list[SheetInfo]) -> list[DefinedNameInfo]:
    """The names split_names read, exactly as the ElementTree loop above makes them."""
    if len(found) > MAX_NAMES:
        raise UserError("too-many-names", count=len(found), limit=MAX_NAMES)
    scope: dict[str | None, str | None] = {str(i): s.name for i, s in enumerate(sheets)}
    scope[None] = None  # workbook scope
    if {local for _, local, _ in found} <= scope.keys():
        # tuple.__new__ is what the NamedTuple's own __new__ calls, without its Python frame: 51,000 names.
        new = tuple.__new__
        return [new(DefinedNameInfo, (name, scope[local], text)) for name, local, text in found]
    out = []
    for name, local, text in found:
        idx = int(local) if local is not None else None
        if idx is None or idx < len(sheets):  # else a name scoped to a sheet that is gone
            out.append(DefinedNameInfo(name, None if idx is None else sheets[idx].name, text))
    return out


def _main_part(archive: zipfile.ZipFile) -> str:
    for target, rel_type in _rels(archive, "").values():
        if rel_type.endswith("/officeDocument"):
            return target
    if "xl/workbook.xml" in archive.namelist():
        return "xl/workbook.xml"
    raise UserError("part-missing", part="workbook")


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        data = read_part(archive, rels_path, MAX_WORKBOOK_XML)
    except KeyError:
        return {}
    out = {}
    for el in parse_xml(data, rels_path):
        target = el.get("Target", "")
        if el.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (full, el.get("Type", ""))
    return out


def scan_merges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The merged ranges of one worksheet, streamed so that a big sheet costs no memory.

    A byte scan, not an XML parse: expat over every branch sheet cost seconds
    at 1,000 branches, and a regex cannot be tricked by entities (any DTD is
    refused, as parse_xml does).
    """
    out: list[str] = []
    try:
        with archive.open(part) as fh:
            carry = b""
            while chunk := fh.read(1 << 20):
                data = carry + chunk
                # Anywhere, not just at the top: a DOCTYPE may follow any amount of comment.
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                    raise _dtd_error(part)
                cut = data.rfind(b"<")  # a tag cut by the chunk edge is scanned with the next chunk
                cut = len(data) if cut < 0 else cut
                for m in _MERGE_CELL.finditer(data, 0, cut):
                    if len(out) < MAX_MERGES:
                        out.append(m[1].decode("utf-8", "replace"))
                carry = data[cut:]
            out.extend(m[1].decode("utf-8", "replace") for m in _MERGE_CELL.finditer(carry) if len(out) < MAX_MERGES)
    except KeyError:
        return []
    except ZIP_ERRORS as exc:
        raise UserError("part-broken", part=part[:80], why=type(exc).__name__) from exc
    return [ref for ref in out if ref]


def merges_in(xml: bytes, part: str) -> list[str]:
    """The merged ranges of a worksheet already in memory (a small one); refuses a DTD anywhere in it."""
    # "!" is rare in a sheet and found by memchr; the two-byte searches are slower.
    if b"!" in xml and (b"<!DOCTYPE" in xml or b"<!ENTITY" in xml):
        raise _dtd_error(part)
    # <mergeCells> follows <sheetData>: start at the first mention of a merge,
    # at the "<" of its tag (a prefix may stand between), and skip the cells.
    first = xml.find(b"mergeCell")
    if first < 0:
        return []
    tail = xml[max(xml.rfind(b"<", 0, first), 0):]
    # Branch sheets made from one template end alike: their tails are read once.
    return list(_merge_refs(tail) if len(tail) <= _CACHED_TAIL else _merge_refs.__wrapped__(tail))


_CACHED_TAIL = 64 * 1024


@functools.lru_cache(maxsize=256)
def _merge_refs(tail: bytes) -> tuple[str, ...]:
    # The plain tag is what Excel, WPS and openpyxl write, and a literal-led
    # pattern is several times faster; a namespace prefix takes the general one.
    pattern = _MERGE_CELL if b":mergeCell" in tail else _PLAIN_MERGE_CELL
    refs = (m[1].decode("utf-8", "replace") for m in pattern.finditer(tail))
    return tuple(ref for ref, _ in zip(refs, range(MAX_MERGES), strict=False) if ref)


def _dtd_error(part: str) -> UserError:
    return UserError("xml-entities", what=f"工作簿的部件 {part[:80]} ")


_MERGE_CELL = re.compile(rb"""<(?:\w+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_PLAIN_MERGE_CELL = re.compile(rb"""<mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
MAX_MERGES = 100_000
