"""Open an .xlsx package only after checking that it is one and is safe to inflate.

Workbooks arrive by e-mail from many hands; everything here fails with a
Chinese message that says what the file is and what to save it as. The file
is only ever read, never changed.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .errors import UserError

# What inflating a damaged part can raise; zlib.error is not an OSError.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK"
# Limits sized for a form of a few dozen rows per branch; a real one is far below
# each of them, so hitting one means a damaged or hostile file.
MAX_PACKAGE_BYTES = 100 * 1024 * 1024  # the file on disk
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts, inflated
MAX_RATIO = 100  # inflated / compressed, per part; Excel's XML stays near 10:1
RATIO_FLOOR = 1024 * 1024  # tiny parts may compress extremely well, harmlessly
MAX_MEMBERS = 10_000

SAVE_AS = "请在 Excel 或 WPS 中打开它，“另存为”Excel 工作簿（*.xlsx）后再试。"
# Formats a well-kept reader (python-calamine) could read, but that carry no
# sheet-scoped defined names we can read, and the names are how we find fields.
OTHER_FORMATS = {
    ".xls": "旧版 Excel 97-2003 工作簿（.xls）",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
    ".ods": "OpenDocument 电子表格（.ods）",
    ".et": "WPS 表格文件（.et）",
    ".ett": "WPS 表格模板（.ett）",
    ".csv": "CSV 文本文件",
    ".txt": "文本文件",
}


def check_path(path: Path) -> None:
    name = path.name
    if name.startswith("~$"):
        raise UserError(f"“{name}”是 Excel 打开工作簿时生成的临时锁定文件，不是工作簿。请选择不带 ~$ 前缀的原文件。")
    if not path.exists():
        raise UserError(f"找不到文件“{path}”。请检查路径和文件名。")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，不是工作簿。请指定 .xlsx 文件。")
    if not path.is_file():
        raise UserError(f"“{path}”不是普通文件。请指定 .xlsx 文件。")


def _other_format(name: str, what: str) -> UserError:
    return UserError(
        f"“{name}”是{what}，本工具只读取 .xlsx / .xlsm：模板靠工作表内的“定义名称”找到每个填写单元格，"
        f"这种格式里读不到它们。{SAVE_AS}"
    )


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[zipfile.ZipFile]:
    check_path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise UserError(f"无法读取“{path.name}”：没有访问权限或文件被占用。请关闭占用它的程序后再试。") from exc
    except OSError as exc:
        raise UserError(f"无法读取“{path.name}”（{exc.strerror or exc}）。请检查文件后再试。") from exc
    if size == 0:
        raise UserError(f"“{path.name}”是空文件（0 字节）。请重新保存或重新获取该工作簿。")
    if head == OLE_MAGIC:
        raise _ole_error(path)
    if size > MAX_PACKAGE_BYTES:
        raise UserError(f"“{path.name}”有 {size // 1048576} MB，超过 {MAX_PACKAGE_BYTES // 1048576} MB 的上限。请删除图片等大附件后再试。")
    if not head.startswith(ZIP_MAGIC):
        raise _not_zip_error(path, head)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UserError(
            f"“{path.name}”不是有效的 .xlsx 工作簿：文件不完整或已损坏（可能下载、复制时中断）。"
            "请重新获取原文件，或在 Excel 中打开后另存为 .xlsx 再试。"
        ) from exc
    with archive:
        _check_members(path, archive)
        _check_kind(path, archive)
        check_xml_prologs(archive)
        yield archive


def _ole_error(path: Path) -> UserError:
    """An OLE compound file is either an encrypted OOXML workbook or a legacy binary file."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises many types on a damaged header
        streams = set()
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        return UserError(
            f"工作簿设有打开密码，无法读取：“{path.name}”。请在 Excel 中打开它，"
            "在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清空密码并保存，再校验。"
        )
    if {"Workbook", "Book"} & streams:
        return _other_format(path.name, OTHER_FORMATS[".xls"])
    return UserError(f"“{path.name}”不是 Excel 工作簿（可能是 Word 等其他 Office 文件或已损坏）。{SAVE_AS}")


def _not_zip_error(path: Path, head: bytes) -> UserError:
    with open(path, "rb") as fh:
        sample = fh.read(4096)
    if b"\x00" not in sample:
        for encoding in ("utf-8", "gb18030"):
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            what = "CSV 或文本文件" if b"," in sample or b"\t" in sample else "文本文件"
            return UserError(f"“{path.name}”不是有效的 .xlsx 工作簿：它是{what}，不是 Excel 工作簿。{SAVE_AS}")
    return UserError(f"“{path.name}”不是有效的 .xlsx 工作簿（文件已损坏或不是 Excel 文件）。{SAVE_AS}")


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    # Declared sizes come from the central directory and are checked before
    # anything is inflated; read_part() bounds what inflating really yields.
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UserError(f"“{path.name}”包含 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}，疑似异常文件，已拒绝读取。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UserError(f"工作簿设有打开密码或部件被加密，无法读取：“{path.name}”。请取消密码后另存为 .xlsx 再试。")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        if too_big or (ratio > MAX_RATIO and info.file_size > RATIO_FLOOR):
            raise UserError(
                f"“{path.name}”解压后体积异常（部件 {info.filename[:80]} 约 {info.file_size // 1048576} MB，"
                f"压缩比 {ratio:.0f}:1；上限为单个部件 {MAX_MEMBER_BYTES // 1048576} MB、合计 "
                f"{MAX_TOTAL_BYTES // 1048576} MB、压缩比 {MAX_RATIO}:1），疑似压缩炸弹，已拒绝读取。"
            )


def _check_kind(path: Path, archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "mimetype" in names:
        kind = read_part(archive, "mimetype", 200)
        if b"opendocument.spreadsheet" in kind:
            raise _other_format(path.name, OTHER_FORMATS[".ods"])
        raise UserError(f"“{path.name}”是 OpenDocument 文档，不是 Excel 工作簿。{SAVE_AS}")
    if "xl/workbook.bin" in names:
        raise _other_format(path.name, OTHER_FORMATS[".xlsb"])
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise UserError(f"“{path.name}”是 Word 或 PowerPoint 文档，不是 Excel 工作簿。请选择填报用的 .xlsx 工作簿。")
    if "[Content_Types].xml" not in names:
        raise UserError(f"“{path.name}”不是有效的 .xlsx 工作簿（缺少内容类型清单）。{SAVE_AS}")


class _RootReached(Exception):
    pass


def check_xml_prologs(archive: zipfile.ZipFile) -> None:
    """Refuse any XML part that declares a DOCTYPE or entities, before any parser sees it.

    Excel never writes a DOCTYPE; it is how billion-laughs and external-entity
    attacks start. Only the prolog (up to the root element) is read, so this is
    cheap, and it covers the parts openpyxl parses as well as ours.
    """
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")) and info.file_size:
            _check_prolog(archive, info.filename)


def _check_prolog(archive: zipfile.ZipFile, name: str) -> None:
    import xml.parsers.expat

    def refuse(*_args: object) -> None:
        raise UserError(
            f"工作簿的部件 {name[:80]} 含有 XML 实体或文档类型声明（DOCTYPE/ENTITY），"
            "Excel 从不写入这种内容，可能是恶意构造的文件，已拒绝读取。请向发送人索取原始文件。"
        )

    def root(*_args: object) -> None:
        raise _RootReached

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = root
    try:
        with archive.open(name) as fh:
            # Until the root element, however long the comments before it: a DOCTYPE
            # may hide behind them. The member limits bound how far that can be.
            while chunk := fh.read(65536):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _RootReached:
        return
    except (xml.parsers.expat.ExpatError, *ZIP_ERRORS):
        return  # damage is reported by the parser that needs the part


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """Inflate one part, never more than limit bytes, whatever its header declares."""
    try:
        with archive.open(name) as fh:
            data = fh.read(limit + 1)
    except KeyError:
        raise
    except ZIP_ERRORS as exc:
        raise UserError(f"工作簿的部件 {name[:80]} 已损坏，无法解压（{type(exc).__name__}）。{SAVE_AS}") from exc
    if len(data) > limit:
        raise UserError(f"工作簿的部件 {name[:80]} 解压后超过 {limit // 1048576} MB，疑似压缩炸弹，已拒绝读取。")
    return data
