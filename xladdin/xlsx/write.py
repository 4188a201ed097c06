"""Atomic output: write a temp file beside the target, reopen it to check it, then move it into place.

A half-written workbook must never replace a good one, a failed write leaves
no temp file behind, and a file open in Excel gets a message instead of a crash.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath

from xladdin.errors import UserError
from xladdin.xlsx.stamp import stamp


def lock_files(path: Path) -> list[Path]:
    """The owner files Excel, WPS and LibreOffice may keep beside a workbook while it is open.

    Excel, and WPS on Windows, write "~$" + the full name, however long the name.
    Only Word shortens its owner file's name (one character off a 7-character
    stem, two off longer ones); Excel never does. LibreOffice reproduces both
    rules to interoperate with Microsoft Office: LibreOffice/core,
    svl/source/misc/msodocumentlockfile.cxx (GenerateMSOLockFileURL) and its
    test svl/qa/unit/lockfiles/test_lockfiles.cxx (testExcelLockFileURL:
    "~$testExcelLockFileURL.xlsx", "~$12345678.xlsx"). So "~$" + a shortened
    name would be the owner file of another workbook, and is not looked for.
    LibreOffice writes ".~lock.<name>#". WPS on Linux writes ".~" + the name,
    dropping its first one or two characters when the name is long (Seafile's
    lock detection, haiwen/seafile daemon/repo-mgr.c, WPS_LOCK_PATTERN).
    """
    name = path.name
    names = ["~$" + name, f".~lock.{name}#", ".~" + name]
    if len(path.stem) > 6:
        names += [".~" + name[1:], ".~" + name[2:]]
    if path.suffix.lower() == ".docx" and len(path.stem) >= 7:  # a Word document (run's 情况报告): Word's rule
        names.append("~$" + name[1 if len(path.stem) == 7 else 2:])
    return [path.with_name(n) for n in names]


def open_elsewhere(path: Path) -> Path | None:
    """The owner file that says path is open in Excel, WPS or LibreOffice, if there is one."""
    return next((lock for lock in lock_files(path) if lock.exists()), None)


def lock_prefix(name: str) -> str | None:
    """The prefix that makes name an owner file ("~$", ".~lock." or WPS's ".~"), or None for anything else."""
    if name.startswith("~$"):
        return "~$"
    if name.startswith(".~lock.") and name.endswith("#"):
        return ".~lock."
    return ".~" if name.startswith(".~") else None


def is_lock_file(path: Path) -> bool:
    """Whether path is itself an owner file of an open workbook, not a workbook."""
    return lock_prefix(path.name) is not None


def same_file(source: Path, target: Path) -> bool:
    return target.exists() and source.exists() and os.path.samefile(source, target)


IN_PLACE_HINT = "；确需直接改写原文件，请加 --in-place（会先备份原文件）"


def refuse_same_file(source: Path, target: Path, in_place_hint: bool = False) -> None:
    """in_place_hint: the command has --in-place, so say so."""
    if same_file(source, target):
        raise UserError("output-is-input", name=target.name, hint=IN_PLACE_HINT if in_place_hint else "")


BACKUP_FOLDER = "备份"  # where the backups of files the office sends out go, apart from the files themselves
BACKUP_STAMP = "%Y%m%d-%H%M%S"  # the time in a backup's name
BACKUP_NAME = re.compile(r"\.bak-\d{8}-\d{6}(-\d+)?$")  # the end of a backup's stem, as backup_name() names it


def is_backup_name(name: str) -> bool:
    """Whether name is one of our backups' (<stem>.bak-<date>-<time>[-n]<suffix>)."""
    return BACKUP_NAME.search(PurePath(name).stem) is not None


def backup_name(path: Path, folder: Path, now: datetime | None = None) -> Path:
    """A name in folder not yet taken for a backup of path: <stem>.bak-<date>-<time><suffix>, then -2, -3 ….

    The one way our backups are named (backup(), and the 退回修改 files a round moves aside), so that
    collect, which leaves files so named alone (is_backup_name), knows every one of them.
    """
    stamp = (now or datetime.now()).strftime(BACKUP_STAMP)
    target = Path(folder) / f"{path.stem}.bak-{stamp}{path.suffix}"
    n = 1
    while target.exists():  # two runs within a second must not overwrite the first backup
        n += 1
        target = target.with_name(f"{path.stem}.bak-{stamp}-{n}{path.suffix}")
    return target


def backup(path: Path, now: datetime | None = None, folder: Path | None = None) -> Path:
    """Copy path to <stem>.bak-<timestamp><suffix> beside it (or in folder), before it is rewritten or replaced.

    folder: for files that leave the office (split's, feedback's), a subfolder, so the backup is not
    mailed out in their place; made if missing. The copy is written under a temp name and then moved,
    so an interrupted backup is never taken for a whole one.
    """
    where = Path(folder) if folder is not None else path.parent
    target = backup_name(path, where, now)
    tmp = where / f".{target.stem}.{os.getpid()}.tmp{path.suffix}"
    try:
        where.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, tmp)
        os.rename(tmp, target)  # a new name: nothing is replaced
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError("backup-failed", name=path.name, why=exc.strerror or exc) from exc
    return target


def retire(path: Path, folder: Path, now: datetime | None = None) -> Path:
    """Move path into folder (made if missing) under its backup's name: nothing replaced, nothing deleted.

    For files the office would otherwise send out by mistake (an earlier round's); returns where it went.
    now: when it is moved (default: now), which names it.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a file named 备份 there: one line, not a traceback
        target = backup_name(path, folder, now)
        os.rename(path, target)  # a new name on the same disk: nothing is replaced
    except OSError as exc:
        raise UserError("backup-failed", name=path.name, why=exc.strerror or exc) from exc
    return target


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
KINDS = {".xlsx": " Excel 工作簿", ".docx": " Word 文档", ".zip": " zip 压缩包"}


def check_target(target: Path, suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES) -> None:
    if target.is_dir():
        raise UserError("output-is-folder", path=target, example=target / f"输出{suffixes[0]}")
    if target.suffix.lower() not in suffixes:
        # The content is what it is whatever the name says; a wrong suffix only confuses.
        raise UserError("output-suffix", name=target.name, suffix=suffixes[0], kind=KINDS.get(suffixes[0], "文件"),
                        stem=target.stem)
    if not target.parent.exists():
        raise UserError("output-folder-missing", folder=target.parent)
    if lock := open_elsewhere(target):
        raise UserError("file-open-elsewhere", name=target.name, lock=lock.name)


def make_room(target: Path, force: bool, suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES,
              backup_folder: Path | None = None) -> Path | None:
    """Check target before any work: a file already there is refused, or with force backed up first.

    backup_folder: where the backup goes (see backup); beside target by default.
    Returns the backup's path when one was made.
    """
    target = Path(target)
    check_target(target, suffixes)
    if not target.exists():
        return None
    if not force:
        raise UserError("output-exists", name=target)  # the path as given: where, not only what
    return backup(target, folder=backup_folder)


def free_name(target: Path) -> Path:
    """target, or beside it a name with the date and time added when target is taken: nothing is replaced."""
    if not target.exists() and not open_elsewhere(target):
        return target
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.stem}_{stamp}{target.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}_{stamp}-{n}{target.suffix}")
    return candidate


def save_outgoing(wb, tmp: Path, kind: str) -> None:
    """wb.save(tmp) for a file that goes out to a branch, stamped as kind's (xladdin.xlsx.stamp)."""
    wb.save(tmp)
    stamp(tmp, kind)


def atomic_write(target: Path, write: Callable[[Path], None], verify: Callable[[Path], None] | None = None,
                 suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES, replace: bool = False) -> Path:
    """Call write(tmp) for a temp path, verify it, and move it over target.

    suffixes: the output names allowed; other kinds of file (.docx) pass theirs and their own verify.
    replace: target may already exist (its owner backed it up, see make_room); otherwise an
    existing file is refused, so no path through here overwrites silently.
    """
    target = Path(target)
    check_target(target, suffixes)
    if target.exists() and not replace:
        raise UserError("output-exists", name=target)  # the path as given: where, not only what
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        try:
            write(tmp)
        except PermissionError as exc:
            raise UserError("write-permission", folder=target.parent) from exc
        except OSError as exc:
            why = "磁盘空间不足" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
            raise UserError("write-failed", name=target.name, why=why) from exc
        (verify or verify_xlsx)(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise UserError("replace-busy", name=target.name) from exc
        except OSError as exc:
            raise UserError("replace-failed", name=target.name, why=exc.strerror or exc) from exc
    finally:
        # Also on KeyboardInterrupt: no half-written temp file is left behind.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return target


def verify_package(path: Path, required: set[str]) -> None:
    """The written file is a zip whose parts all inflate and that holds the `required` parts."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UserError("verify-failed", why=type(exc).__name__) from exc
    missing = required - names
    if bad is not None or missing:
        raise UserError("verify-failed", why=f"部件 {bad or sorted(missing)[0]} 缺失或损坏")


def verify_xlsx(path: Path) -> None:
    """The written file reopens as a workbook: a zip whose parts all inflate, with its main parts."""
    verify_package(path, {"[Content_Types].xml", "xl/workbook.xml"})
