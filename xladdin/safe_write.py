"""Atomic output: write a temp file beside the target, check it, then move it into place.

A half-written workbook must never replace a good one, and a file open in
Excel gets a message instead of a crash.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from .errors import UserError


def lock_file(path: Path) -> Path:
    # Excel keeps "~$name.xlsx" beside a workbook while it is open; for long
    # names it drops the first characters.
    return path.with_name("~$" + path.name[2:] if len(path.stem) > 6 else "~$" + path.name)


def refuse_same_file(source: Path, target: Path) -> None:
    if target.exists() and source.exists() and os.path.samefile(source, target):
        raise UserError(f"输出文件与输入文件相同（{target.name}）。为防止覆盖原始填报内容，请另选输出文件名。")


def check_target(target: Path) -> None:
    if target.is_dir():
        raise UserError(f"输出路径“{target}”是文件夹。请指定文件名，如 {target / '标记.xlsx'}。")
    if not target.parent.exists():
        raise UserError(f"输出文件夹“{target.parent}”不存在。请先创建该文件夹或换一个路径。")
    for lock in {lock_file(target), target.with_name("~$" + target.name)}:
        if lock.exists():
            raise UserError(f"“{target.name}”正在 Excel 或 WPS 中打开（发现锁定文件 {lock.name}）。请先关闭它再试。")


def atomic_write(target: Path, write: Callable[[Path], None], verify: Callable[[Path], None] | None = None) -> Path:
    """Call write(tmp) for a temp path, verify it, and move it over target."""
    target = Path(target)
    check_target(target)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        try:
            write(tmp)
        except PermissionError as exc:
            raise UserError(f"无法在“{target.parent}”中写入文件：没有写入权限。请换一个可写的文件夹。") from exc
        except OSError as exc:
            raise UserError(f"写入“{target.name}”失败（{exc.strerror or exc}）。请检查磁盘空间和权限后重试；原文件未被改动。") from exc
        (verify or verify_xlsx)(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise UserError(f"无法覆盖“{target.name}”：文件被占用（可能正在 Excel 中打开）或为只读。请关闭它后重试。") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def verify_xlsx(path: Path) -> None:
    """The written file opens as a workbook: a zip whose parts all inflate."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except zipfile.BadZipFile as exc:
        raise RuntimeError(f"written file {path} is not a valid zip") from exc
    if bad is not None:
        raise RuntimeError(f"written file {path} has a corrupt part {bad}")
