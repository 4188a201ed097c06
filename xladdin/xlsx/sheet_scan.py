"""One look at every sheet of a workbook before its cells are read: each is inflated once, for everything.

For a sheet that holds field names: its merged ranges (a merge can swallow an
input cell) and whether calamine may load it whole (calamine_safety). Every
other sheet must be well-formed XML (Excel would ask to repair it, and the
marked copy could not be written from it).

Inflating each sheet once, from its compressed bytes (package.member_reader),
matters at thousands of branches. For the same reason, the cells a reader
wants from a plain sheet are taken from that XML here (plain_read), so
calamine need not read the sheet again.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from xladdin.xlsx.calamine_safety import MAX_SHEET_XML, sheet_is_safe
from xladdin.xlsx.number_kinds import style_kinds
from xladdin.xlsx.package import member_reader
from xladdin.xlsx.parts import WorkbookInfo, broken_part, merges_in, scan_merges
from xladdin.xlsx.plain_read import BookParts, read_named
from xladdin.xlsx.plain_sheet import is_plain_sheet
from xladdin.xlsx.shared_strings import string_items
from xladdin.xlsx.targets import FIELD_NAMES


@dataclass
class Scan:
    merges: dict[str, list[str]] = field(default_factory=dict)
    calamine_ok: set[str] = field(default_factory=set)  # sheets calamine may load whole
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # sheet -> the wanted cells, read here


def scan_sheets(archive: zipfile.ZipFile, info: WorkbookInfo, wanted: dict[str, set[str]] | None = None) -> Scan:
    """wanted: sheet -> cells a reader will ask for; those of plain sheets are read here (Scan.values)."""
    local = {n.local_sheet for n in info.names if n.local_sheet and n.name in FIELD_NAMES}
    wanted = wanted or {}
    out = Scan()
    with member_reader(archive) as read:
        book = _book_parts(archive, info, read)

        def take(name: str, xml: bytes) -> bool:
            """Read the wanted cells of a plain sheet here; False if calamine or openpyxl must."""
            cells = wanted.get(name)
            if not cells or not is_plain_sheet(xml, book.string_count()) or (got := read_named(xml, cells, book)) is None:
                return False
            out.values[name] = got
            return True

        for s in info.sheets:
            if s.kind != "worksheet" or s.name not in local:
                continue
            try:
                size = archive.getinfo(s.part).file_size
            except KeyError:
                out.merges[s.name] = []
                continue
            if size > MAX_SHEET_XML:
                out.merges[s.name] = scan_merges(archive, s.part)  # streamed; calamine stays away
                continue
            xml = read(s.part, MAX_SHEET_XML)
            out.merges[s.name] = merges_in(xml, s.part)  # refuses a DTD anywhere in the sheet
            if not take(s.name, xml) and sheet_is_safe(xml):
                out.calamine_ok.add(s.name)
        for s in info.sheets:
            if s.name in local or s.part not in archive.NameToInfo:
                continue
            xml = read(s.part, MAX_SHEET_XML)
            _well_formed(xml, s.part)
            if s.kind == "worksheet":
                take(s.name, xml)
    return out


def _book_parts(archive: zipfile.ZipFile, info: WorkbookInfo, read: Callable[[str, int], bytes]) -> BookParts:
    # Where calamine looks: beside the main part, whatever the relationships say.
    folder = posixpath.dirname(info.main_part)

    def part(name: str) -> bytes | None:
        path = posixpath.join(folder, name)
        member = archive.NameToInfo.get(path)
        if member is None:
            return None
        if member.file_size > _MAX_BOOK_PART:
            raise _Unsure
        try:
            return read(path, _MAX_BOOK_PART)
        except Exception as exc:  # a damaged part: calamine and openpyxl say what is wrong, as before
            raise _Unsure from exc

    def loader(parse: Callable, name: str) -> Callable[[], list | None]:
        def load() -> list | None:
            try:
                return parse(part(name))
            except _Unsure:
                return None

        return load

    return BookParts(loader(style_kinds, "styles.xml"), loader(string_items, "sharedStrings.xml"), info.epoch1904)


class _Unsure(Exception):
    pass


_MAX_BOOK_PART = 32 * 1024 * 1024


def _well_formed(data: bytes, part: str) -> None:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError) as exc:
        raise broken_part(part, exc) from exc
