"""Open an .xlsx package only after checking that it is one and is safe to inflate.

Workbooks arrive by e-mail from many hands; everything here fails with a
Chinese message that says what the file is and what to save it as. The file
is only ever read, never changed.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from xladdin.errors import UserError
from xladdin.xlsx.inflate import inflate_head, member_ends, raw_member
from xladdin.xlsx.write import is_lock_file, lock_prefix

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

# Formats a well-kept reader (python-calamine) could read, but that carry no
# sheet-scoped defined names we can read, and the names are how we find fields.
OTHER_FORMATS = {
    ".xls": "旧版 Excel 97-2003 工作簿（.xls）",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
    ".et": "WPS 表格文件（.et）",
    ".ett": "WPS 表格模板（.ett）",
    ".csv": "CSV 文本文件",
    ".txt": "文本文件",
}


def missing_path(path: Path) -> UserError:
    """A path that does not exist: a folder when it has no suffix (workbooks have one), with the nearest
    existing name of its kind beside it when there is one (收伴 → 收件)."""
    import difflib

    folder = path.suffix == ""
    code = "folder-not-found" if folder else "file-not-found"
    parent = path.parent
    try:
        beside = [p.name for p in parent.iterdir() if p.is_dir() == folder] if parent.is_dir() else []
    except OSError:
        beside = []
    if near := difflib.get_close_matches(path.name, beside, n=1, cutoff=0.5):
        return UserError(f"{code}-near", path=path, near=parent / near[0])
    return UserError(code, path=path)


def check_path(path: Path) -> None:
    name = path.name
    if is_lock_file(path):
        raise UserError("lock-file", name=name, prefix=lock_prefix(name))
    if not path.exists():
        raise missing_path(path)
    if path.is_dir():
        raise UserError("is-folder", path=path)
    if not path.is_file():
        raise UserError("not-a-file", path=path)


def _other_format(name: str, what: str) -> UserError:
    # A space between Chinese and a Latin word: 是 WPS 表格文件, 是旧版 Excel 97-2003 工作簿.
    return UserError("other-format", name=name, what=f" {what}" if what[:1].isascii() else what)


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[zipfile.ZipFile]:
    check_path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise UserError("unreadable-permission", name=path.name) from exc
    except OSError as exc:
        raise UserError("unreadable", name=path.name, why=exc.strerror or exc) from exc
    if size == 0:
        raise UserError("empty-file", name=path.name)
    if head == OLE_MAGIC:
        raise _ole_error(path)
    if size > MAX_PACKAGE_BYTES:
        raise UserError("file-too-big", name=path.name, mb=size // 1048576, limit=MAX_PACKAGE_BYTES // 1048576)
    if not head.startswith(ZIP_MAGIC):
        raise _not_zip_error(path, head)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UserError("zip-truncated", name=path.name) from exc
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
        return UserError("encrypted", name=path.name)
    if {"Workbook", "Book"} & streams:  # WPS saves .et in the same binary format as .xls
        suffix = path.suffix.lower()
        return _other_format(path.name, OTHER_FORMATS[suffix if suffix in (".et", ".ett") else ".xls"])
    return UserError("not-excel", name=path.name, what="可能是 Word 等其他 Office 文件或已损坏")


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
            return UserError("not-xlsx", name=path.name, why=f"它是{what}，不是 Excel 工作簿")
    return UserError("not-xlsx", name=path.name, why="文件已损坏或不是 Excel 文件")


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    # Declared sizes come from the central directory and are checked before
    # anything is inflated; read_part() bounds what inflating really yields.
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UserError("too-many-parts", name=path.name, count=len(infos), limit=MAX_MEMBERS)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UserError("encrypted", name=path.name)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        if too_big or (ratio > MAX_RATIO and info.file_size > RATIO_FLOOR):
            raise UserError(
                "zip-bomb", name=path.name, part=info.filename[:80], mb=info.file_size // 1048576,
                ratio=f"{ratio:.0f}", member_limit=MAX_MEMBER_BYTES // 1048576,
                total_limit=MAX_TOTAL_BYTES // 1048576, ratio_limit=MAX_RATIO,
            )


def _check_kind(path: Path, archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "mimetype" in names:
        kind = read_part(archive, "mimetype", 200)
        if b"opendocument.spreadsheet" in kind:
            raise UserError("ods-format", name=path.name)  # LibreOffice's own format: its words, not Excel's
        raise UserError("not-excel", name=path.name, what="它是 OpenDocument 文档")
    if "xl/workbook.bin" in names:
        raise _other_format(path.name, OTHER_FORMATS[".xlsb"])
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise UserError("word-document", name=path.name)
    if "[Content_Types].xml" not in names:
        # No workbook part either (or named .zip): an archive of files, such as e-mail attachments saved together.
        if path.suffix.lower() == ".zip" or not any(n.startswith("xl/") for n in names):
            raise UserError("zip-archive", name=path.name)
        raise UserError("not-xlsx", name=path.name, why="缺少内容类型清单")


class _RootReached(Exception):
    pass


def check_xml_prologs(archive: zipfile.ZipFile) -> None:
    """Refuse any XML part that declares a DOCTYPE or entities, before any parser sees it.

    Excel never writes a DOCTYPE; it is how billion-laughs and external-entity
    attacks start. Only the prolog (up to the root element) is read, so this is
    cheap, and it covers the parts openpyxl parses as well as ours.
    """
    with _package_file(archive) as fh:
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels", ".vml")) and info.file_size:
                # Almost every part opens with its root element right after the XML
                # declaration, so no DOCTYPE can precede it: seen in its first bytes.
                head = inflate_head(fh, info, _HEAD_BYTES) if fh is not None else None
                if head is None or not _PLAIN_PROLOG.match(head):
                    _check_prolog(archive, info.filename)


_HEAD_BYTES = 1024
# An optional UTF-8 BOM, an optional XML declaration, whitespace, then an element's start tag:
# nothing else (no comment, no processing instruction, no DOCTYPE) may come first.
_PLAIN_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^<>?]*\?>)?[ \t\r\n]*<[A-Za-z_]")


@contextlib.contextmanager
def _package_file(archive: zipfile.ZipFile) -> Iterator[object]:
    """A second handle on the package file, for reading members raw; None if there is none."""
    if not archive.filename:
        yield None
        return
    try:
        fh = open(archive.filename, "rb")  # noqa: SIM115 - closed below, after the caller's loop
    except OSError:
        yield None
        return
    with fh:
        yield fh


@contextlib.contextmanager
def member_reader(archive: zipfile.ZipFile) -> Iterator[Callable[[str, int], bytes]]:
    """read(name, limit): a member's bytes, as read_part gives them (same limits, same errors), faster.

    Plain members are inflated in one call from their compressed bytes
    (xladdin.xlsx.inflate); anything unusual is read by read_part, through zipfile.
    """
    ends = member_ends(archive)
    with _package_file(archive) as fh:

        def read(name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
            info = archive.getinfo(name)  # KeyError for a missing part, as read_part
            data = raw_member(fh, info, limit, ends[id(info)]) if fh is not None else None
            return data if data is not None else read_part(archive, name, limit)

        yield read


def _check_prolog(archive: zipfile.ZipFile, name: str) -> None:
    import xml.parsers.expat

    def refuse(*_args: object) -> None:
        raise UserError("xml-entities", what=f"工作簿的部件 {name[:80]} ")

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
        raise UserError("part-broken", part=name[:80], why=f"无法解压：{type(exc).__name__}") from exc
    if len(data) > limit:
        raise UserError("part-too-big", part=name[:80], mb=limit // 1048576)
    return data
