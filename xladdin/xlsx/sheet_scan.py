"""One look at every sheet of a workbook before its cells are read: each is inflated once, for everything.

For a sheet that holds field names: its merged ranges (a merge can swallow an
input cell), whether calamine may load it whole (calamine_safety), and, when
its cells are plain, the named cells themselves (quick_cells), so that
calamine need not parse it at all. Every other sheet must be well-formed XML
(Excel would ask to repair it, and the marked copy could not be written from
it); the settings sheet's named cells are read on the way.

Inflating each sheet once, from its compressed bytes (package.member_reader),
matters at thousands of branches.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from xladdin.errors import UserError
from xladdin.xlsx.calamine_safety import MAX_SHEET_XML, plain_cells, sheet_is_safe
from xladdin.xlsx.package import MAX_MEMBER_BYTES, member_reader
from xladdin.xlsx.parts import WorkbookInfo, merges_in, scan_merges
from xladdin.xlsx.quick_cells import Workbook, extract
from xladdin.xlsx.targets import FIELD_NAMES, Targets


@dataclass
class Scan:
    merges: dict[str, list[str]] = field(default_factory=dict)
    calamine_ok: set[str] = field(default_factory=set)  # sheets calamine may load whole
    # Named cells read from the XML, by sheet, with the cells they answer; a scanned
    # sheet without an entry here goes to calamine or openpyxl.
    values: dict[str, tuple[frozenset[str], dict[str, object]]] = field(default_factory=dict)
    scanned: set[str] = field(default_factory=set)


def scan_sheets(archive: zipfile.ZipFile, info: WorkbookInfo, targets: Targets | None = None,
                book: Workbook | None = None) -> Scan:
    """targets and book: read the named cells of plain sheets too (the fast source); without them, only scan."""
    local = {n.local_sheet for n in info.names if n.local_sheet and n.name in FIELD_NAMES}
    out = Scan()
    with member_reader(archive) as read:
        if book is not None:
            book.load = _optional_part(read)

        def quick(name: str, xml: bytes) -> None:
            cells = targets.wanted.get(name) if targets is not None and book is not None else None
            # Only well-formed XML: calamine refuses some broken sheets (an unquoted attribute,
            # a bad end tag) and reads others its own way; those stay with it, as before.
            if cells and quick_readable(xml) and _parses(xml) and (got := extract(xml, cells, book)) is not None:
                out.values[name] = (frozenset(cells), got)

        for s in info.sheets:
            if s.kind != "worksheet" or s.name not in local:
                continue
            out.scanned.add(s.name)
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
            if plain_cells(xml):
                out.calamine_ok.add(s.name)
                quick(s.name, xml)
            elif sheet_is_safe(xml):
                out.calamine_ok.add(s.name)
        for s in info.sheets:
            if s.name in local or s.part not in archive.NameToInfo:
                continue
            xml = read(s.part, MAX_SHEET_XML)
            _well_formed(xml, s.part)
            out.scanned.add(s.name)
            if s.kind == "worksheet" and plain_cells(xml):
                quick(s.name, xml)
        if out.values and not _shared_parts_parse(read):
            out.values.clear()  # calamine reads these when it opens the file, and may refuse it: let it
        if book is not None:
            book.load = _no_part  # the package closes here; every read is done
    return out


def _no_part(_part: str) -> None:
    return None


def quick_readable(xml: bytes) -> bool:
    """No comment, CDATA or processing instruction that could hide a cell from the pattern."""
    return not (b"!" in xml and b"<!" in xml) and xml.find(b"<?", 6) < 0


# The parts python-calamine parses when it opens a workbook, whichever sheet is read (its fixed paths).
CALAMINE_OPENS = ("xl/styles.xml", "xl/sharedStrings.xml")


def _shared_parts_parse(read: Callable[[str, int], bytes]) -> bool:
    """True if each part calamine parses on opening is missing or well-formed XML, so skipping calamine changes nothing."""
    for part in CALAMINE_OPENS:
        try:
            data = read(part, MAX_MEMBER_BYTES)
        except KeyError:
            continue
        except UserError:
            return False
        if not _parses(data):
            return False
    return True


def _parses(data: bytes) -> bool:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return False
    return True


def _well_formed(data: bytes, part: str) -> None:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UserError("part-broken", part=part[:80], why=f"XML 格式错误：{exc}") from exc


def _optional_part(read: Callable[[str, int], bytes]) -> Callable[[str], bytes | None]:
    """A workbook-wide part for the fast reader; None if it is missing or cannot be read
    (calamine, which then reads the sheet, reports such a part in its own way)."""

    def load(part: str) -> bytes | None:
        try:
            return read(part, MAX_MEMBER_BYTES)
        except (KeyError, UserError):
            return None

    return load
