"""One look at every sheet of a workbook before its cells are read: each is inflated once, for everything.

For a sheet that holds field names: its merged ranges (a merge can swallow an
input cell) and whether calamine may load it whole (calamine_safety). Every
other sheet must be well-formed XML (Excel would ask to repair it, and the
marked copy could not be written from it).

Inflating each sheet once, from its compressed bytes (package.member_reader),
matters at thousands of branches.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from xladdin.errors import UserError
from xladdin.xlsx.calamine_safety import MAX_SHEET_XML, sheet_is_safe
from xladdin.xlsx.package import member_reader
from xladdin.xlsx.parts import WorkbookInfo, merges_in, scan_merges
from xladdin.xlsx.targets import FIELD_NAMES


@dataclass
class Scan:
    merges: dict[str, list[str]] = field(default_factory=dict)
    calamine_ok: set[str] = field(default_factory=set)  # sheets calamine may load whole


def scan_sheets(archive: zipfile.ZipFile, info: WorkbookInfo) -> Scan:
    local = {n.local_sheet for n in info.names if n.local_sheet and n.name in FIELD_NAMES}
    out = Scan()
    with member_reader(archive) as read:
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
            if sheet_is_safe(xml):
                out.calamine_ok.add(s.name)
        for s in info.sheets:
            if s.name in local or s.part not in archive.NameToInfo:
                continue
            _well_formed(read(s.part, MAX_SHEET_XML), s.part)
    return out


def _well_formed(data: bytes, part: str) -> None:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UserError("part-broken", part=part[:80], why=f"XML 格式错误：{exc}") from exc
