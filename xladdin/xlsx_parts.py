"""A light, bounded look at an .xlsx package: sheets, their states, defined names.

Every reader shares this, so the fast and the openpyxl paths agree on which
cell a name points at. defusedxml refuses entity tricks in the XML.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

from .errors import UserError

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?$")


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible / hidden / veryHidden
    part: str  # zip path of the worksheet XML
    kind: str = "worksheet"  # or chartsheet


@dataclass(frozen=True)
class DefinedNameInfo:
    name: str
    local_sheet: str | None  # None for workbook scope
    refers_to: str


@dataclass
class WorkbookInfo:
    sheets: list[SheetInfo] = field(default_factory=list)
    names: list[DefinedNameInfo] = field(default_factory=list)
    epoch1904: bool = False

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
    root = ElementTree.fromstring(archive.read(wb_part))
    rels = _rels(archive, wb_part)
    info = WorkbookInfo()
    pr = root.find(f"{NS_MAIN}workbookPr")
    if pr is not None and pr.get("date1904") in ("1", "true"):
        info.epoch1904 = True
    sheets_el = root.find(f"{NS_MAIN}sheets")
    for el in sheets_el if sheets_el is not None else ():
        target, rel_type = rels.get(el.get(f"{NS_REL}id"), ("", ""))
        kind = "chartsheet" if rel_type.endswith("/chartsheet") else "worksheet"
        info.sheets.append(SheetInfo(el.get("name", ""), el.get("state", "visible"), target, kind))
    names_el = root.find(f"{NS_MAIN}definedNames")
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


def _main_part(archive: zipfile.ZipFile) -> str:
    for target, rel_type in _rels(archive, "").values():
        if rel_type.endswith("/officeDocument"):
            return target
    if "xl/workbook.xml" in archive.namelist():
        return "xl/workbook.xml"
    raise UserError("文件不是有效的 Excel 工作簿（缺少 workbook 部件）。请在 Excel 中打开后另存为 .xlsx 再试。")


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        data = archive.read(rels_path)
    except KeyError:
        return {}
    out = {}
    for el in ElementTree.fromstring(data):
        target = el.get("Target", "")
        if el.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (full, el.get("Type", ""))
    return out
