"""When a workbook was last saved: the time Excel, WPS or LibreOffice write into the file, else the file system's.

The time inside the package (docProps/core.xml, dcterms:modified, in UTC) travels with the
file: an attachment saved from an e-mail, or a file uploaded to the web page, gets a new file
system time, but keeps the time its author last saved it. collect --into compares it with
when the master took a branch's answers in (forms.into_master).
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

CORE_PART = "docProps/core.xml"
_MAX_CORE = 64 * 1024  # document properties are a few hundred bytes; a bigger part is not read
_MODIFIED = re.compile(rb"<dcterms:modified\b[^>]*>\s*([0-9T:.\-+Z ]{10,40})\s*</dcterms:modified>")
_CREATED = re.compile(rb"<dcterms:created\b[^>]*>\s*([0-9T:.\-+Z ]{10,40})\s*</dcterms:created>")


def last_saved(path: Path) -> datetime | None:
    """Local time, without a zone; None when neither the file nor the file system says."""
    return saved_inside(path) or _file_time(path)


def saved_inside(path: Path) -> datetime | None:
    """dcterms:modified of the package, as local time; None when it is missing or unreadable."""
    return _core_time(path, _MODIFIED)


def created_inside(path: Path) -> datetime | None:
    """dcterms:created of the package, as local time: the spreadsheet programs keep it when they save.

    feedback sets it when it writes a 退回修改 file (marks.feedback), so a branch's corrected file
    still says when the office generated it, whatever the clock of the PC that saved it says.
    """
    return _core_time(path, _CREATED)


def _core_time(path: Path, pattern: re.Pattern[bytes]) -> datetime | None:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CORE_PART)
            if info.file_size > _MAX_CORE:
                return None
            text = archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    m = pattern.search(text)
    if m is None:
        return None
    try:
        when = datetime.fromisoformat(m[1].decode("ascii").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:  # W3CDTF without a zone: read as UTC, as Excel writes it
        when = when.replace(tzinfo=UTC)
    if when.year < 1990:  # 1899/1900 placeholders some writers leave: says nothing
        return None
    return when.astimezone().replace(tzinfo=None, microsecond=0)


def _file_time(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(Path(path).stat().st_mtime).replace(microsecond=0)
    except (OSError, ValueError, OverflowError):
        return None


def with_made(core: bytes, when: datetime) -> bytes:
    """core.xml's bytes with dcterms:created and dcterms:modified set to when (local time; written in UTC as
    Excel writes them): a file we generate now, as openpyxl's save would date it."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    for pattern in (_CREATED, _MODIFIED):
        if m := pattern.search(core):
            core = core[:m.start(1)] + stamp + core[m.end(1):]
    return core
