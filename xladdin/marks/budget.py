"""Before openpyxl loads a whole workbook to rewrite it: will it fit, and what would it drop?

openpyxl builds one object per merged cell and per filled cell, and silently
leaves out parts it cannot read (shapes, VBA unless asked, sheet extensions,
slicers, threaded comments, form controls). We refuse what would exhaust memory
and warn about the rest, so the office knows before the marked copy is used.
"""

from __future__ import annotations

import re
import zipfile

from xladdin.core.a1 import column_index, split_cell
from xladdin.errors import UserError
from xladdin.xlsx.package import ZIP_ERRORS, read_part
from xladdin.xlsx.parts import WorkbookInfo, scan_merges

# A branch form's sheet XML is ~15 KB and has a few dozen small merges.
MAX_SHEET_XML_TOTAL = 40 * 1024 * 1024
MAX_MERGED_CELLS = 200_000
_DRAWING_PART = re.compile(r"^xl/drawings/drawing\d+\.xml$")
_SHAPE = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)[\s>]")
_EXT_LIST = re.compile(rb"<(?:\w+:)?extLst[\s>]")


def check_rewritable(archive: zipfile.ZipFile, info: WorkbookInfo, name: str) -> None:
    """Raise a UserError if loading the whole workbook with openpyxl could exhaust memory."""
    sheets = [s for s in info.sheets if s.kind == "worksheet"]
    sizes = {i.filename: i.file_size for i in archive.infolist()}
    total = sum(sizes.get(s.part, 0) for s in sheets)
    if total > MAX_SHEET_XML_TOTAL:
        raise UserError("marked-copy-too-big", name=name, mb=total // 1048576, limit=MAX_SHEET_XML_TOTAL // 1048576)
    for s in sheets:
        area = 0
        for ref in scan_merges(archive, s.part):
            area += _area(ref)
            if area > MAX_MERGED_CELLS:
                raise UserError("merge-too-big", sheet=s.name, ref=ref)


def _area(ref: str) -> int:
    try:
        first, _, last = ref.replace("$", "").partition(":")
        (c0, r0), (c1, r1) = split_cell(first), split_cell(last or first)
        return (abs(column_index(c1) - column_index(c0)) + 1) * (abs(r1 - r0) + 1)
    except ValueError:
        return 0


def rewrite_losses(archive: zipfile.ZipFile, keep_vba: bool) -> list[str]:
    """What openpyxl would leave out of a rewritten copy, in the office's words."""
    names = archive.namelist()
    lost = []
    if not keep_vba and any(n.lower().endswith("vbaproject.bin") for n in names):
        lost.append("宏（VBA 代码）")
    if any(_DRAWING_PART.match(n) and _SHAPE.search(read_part(archive, n, MAX_SHEET_XML_TOTAL)) for n in names):
        lost.append("形状、文本框等绘图对象（图片会保留）")
    if any(n.startswith("xl/worksheets/") and n.endswith(".xml") and _has_ext(archive, n) for n in names):
        lost.append("工作表的扩展功能（如新版数据验证、迷你图、扩展条件格式）")
    for prefix, what in (
        ("xl/slicers/", "切片器"),
        ("xl/timelines/", "日程表"),
        ("xl/threadedComments/", "新版批注（会话），旧版批注会保留"),
        ("xl/ctrlProps/", "表单控件"),
        ("xl/activeX/", "ActiveX 控件"),
    ):
        if any(n.startswith(prefix) for n in names):
            lost.append(what)
    return lost


def _has_ext(archive: zipfile.ZipFile, part: str) -> bool:
    # Streamed in chunks with an overlap, so a big sheet is searched without being held whole.
    tail = b""
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(1 << 20):
                if _EXT_LIST.search(tail + chunk):
                    return True
                tail = chunk[-16:]
    except ZIP_ERRORS:
        return False  # a damaged part is reported when the workbook is loaded
    return False
