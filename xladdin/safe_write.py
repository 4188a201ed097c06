"""Atomic output: write a temp file beside the target, reopen it to check it, then move it into place.

A half-written workbook must never replace a good one, a failed write leaves
no temp file behind, and a file open in Excel gets a message instead of a crash.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from .errors import UserError


def lock_file(path: Path) -> Path:
    # Excel keeps "~$name.xlsx" beside a workbook while it is open; for long
    # names it drops the first characters.
    return path.with_name("~$" + path.name[2:] if len(path.stem) > 6 else "~$" + path.name)


def same_file(source: Path, target: Path) -> bool:
    return target.exists() and source.exists() and os.path.samefile(source, target)


def refuse_same_file(source: Path, target: Path) -> None:
    if same_file(source, target):
        raise UserError(
            f"输出文件与输入文件相同（{target.name}）。为防止覆盖原始填报内容，请另选输出文件名；"
            "确需直接改写原文件，请加 --in-place（会先备份原文件）。"
        )


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy path to <stem>.bak-<timestamp><suffix> beside it, before it is rewritten in place."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    n = 1
    while target.exists():  # two runs within a second must not overwrite the first backup
        n += 1
        target = path.with_name(f"{path.stem}.bak-{stamp}-{n}{path.suffix}")
    try:
        shutil.copy2(path, target)
    except OSError as exc:
        raise UserError(f"无法备份“{path.name}”（{exc.strerror or exc}），未改动原文件。请检查磁盘空间和权限后重试。") from exc
    return target


OUTPUT_SUFFIXES = (".xlsx", ".xlsm")


def check_target(target: Path, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES) -> None:
    if target.is_dir():
        raise UserError(f"输出路径“{target}”是文件夹。请指定文件名，如 {target / '标记.xlsx'}。")
    if target.suffix.lower() not in suffixes:
        # The content is a workbook whatever the name says; a wrong suffix only confuses.
        raise UserError(f"输出文件“{target.name}”须以 .xlsx 结尾（写出的是 Excel 工作簿）。请改用如 {target.stem}.xlsx 的文件名。")
    if not target.parent.exists():
        raise UserError(f"输出文件夹“{target.parent}”不存在。请先创建该文件夹或换一个路径。")
    for lock in {lock_file(target), target.with_name("~$" + target.name)}:
        if lock.exists():
            raise UserError(f"“{target.name}”正在 Excel 或 WPS 中打开（发现锁定文件 {lock.name}）。请先关闭它再试。")


def atomic_write(target: Path, write: Callable[[Path], None], verify: Callable[[Path], None] | None = None,
                 suffixes: tuple[str, ...] = OUTPUT_SUFFIXES) -> Path:
    """Call write(tmp) for a temp path, verify it, and move it over target.

    suffixes: the output names allowed; other kinds of file (.docx) pass theirs and their own verify.
    """
    target = Path(target)
    check_target(target, suffixes)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        try:
            write(tmp)
        except PermissionError as exc:
            raise UserError(f"无法在“{target.parent}”中写入文件：没有写入权限（或文件夹只读）。请换一个可写的文件夹。") from exc
        except OSError as exc:
            why = "磁盘空间不足" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
            raise UserError(f"写入“{target.name}”失败（{why}）。请检查磁盘空间和权限后重试；原文件未被改动。") from exc
        (verify or verify_xlsx)(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise UserError(f"无法写入“{target.name}”：文件被占用（可能正在 Excel 中打开）或文件夹只读。请关闭它后重试；原文件未被改动。") from exc
        except OSError as exc:
            raise UserError(f"无法写入“{target.name}”（{exc.strerror or exc}）。请重试；原文件未被改动。") from exc
    finally:
        # Also on KeyboardInterrupt: no half-written temp file is left behind.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return target


def verify_xlsx(path: Path) -> None:
    """The written file reopens as a workbook: a zip whose parts all inflate, with its main parts."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UserError(f"写出的文件校验失败（{type(exc).__name__}），已放弃写入，原文件未被改动。请检查磁盘后重试。") from exc
    if bad is not None or not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise UserError(f"写出的文件校验失败（部件 {bad or 'xl/workbook.xml'} 缺失或损坏），已放弃写入，原文件未被改动。请检查磁盘后重试。")
