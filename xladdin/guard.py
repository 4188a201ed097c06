"""Open an .xlsx package only after checking that it is one and is safe to inflate.

Workbooks arrive by e-mail from many hands; everything here fails with a
Chinese message that says what the file is and what to save it as.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import UserError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # the file on disk
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all parts, inflated
MAX_RATIO = 200  # inflated / compressed, per part; real sheets stay well below
MAX_MEMBERS = 10_000


def check_path(path: Path) -> None:
    name = path.name
    if name.startswith("~$"):
        raise UserError(f"“{name}”是 Excel 打开工作簿时生成的临时锁定文件，不是工作簿。请选择不带 ~$ 前缀的原文件。")
    if not path.exists():
        raise UserError(f"找不到文件“{path}”。请检查路径和文件名。")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，不是工作簿。请指定 .xlsx 文件。")
    suffix = path.suffix.lower()
    if suffix in (".xlsb", ".ods", ".xls", ".et", ".csv"):
        raise UserError(f"“{name}”是 {suffix} 格式，本工具只读取 .xlsx。请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后再试。")


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[zipfile.ZipFile]:
    check_path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise UserError(f"无法读取“{path.name}”：没有访问权限或文件被占用。请关闭占用它的程序后再试。") from exc
    if size == 0:
        raise UserError(f"“{path.name}”是空文件（0 字节）。请重新保存或重新获取该工作簿。")
    if head == OLE_MAGIC:
        raise UserError(
            f"“{path.name}”设有打开密码，或是旧版 .xls 格式，无法读取。"
            "工作簿设有打开密码的，请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空）；"
            "是 .xls 的，请另存为 .xlsx 后再试。"
        )
    if size > MAX_PACKAGE_BYTES:
        raise UserError(f"“{path.name}”有 {size // 1048576} MB，超过 {MAX_PACKAGE_BYTES // 1048576} MB 的上限。请删除图片等大附件后再试。")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(f"“{path.name}”不是有效的 .xlsx 工作簿（文件已损坏或不是 Excel 文件）。请在 Excel 中打开后另存为 .xlsx 再试。") from exc
    with archive:
        _check_members(path, archive)
        yield archive


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UserError(f"“{path.name}”包含 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}，疑似异常文件，已拒绝读取。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UserError(f"“{path.name}”的内容被加密，无法读取。请取消密码后另存为 .xlsx 再试。")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (ratio > MAX_RATIO and info.file_size > 10 * 1024 * 1024):
            raise UserError(
                f"“{path.name}”解压后体积异常（部件 {info.filename} 约 {info.file_size // 1048576} MB，压缩比 {ratio:.0f}:1），"
                "疑似压缩炸弹，已拒绝读取。"
            )
    if "[Content_Types].xml" not in archive.namelist():
        raise UserError(f"“{path.name}”不是有效的 .xlsx 工作簿（缺少内容类型清单）。请在 Excel 中打开后另存为 .xlsx 再试。")
