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


def last_saved(path: Path) -> datetime | None:
    """Local time, without a zone; None when neither the file nor the file system says."""
    return saved_inside(path) or _file_time(path)


def saved_inside(path: Path) -> datetime | None:
    """dcterms:modified of the package, as local time; None when it is missing or unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CORE_PART)
            if info.file_size > _MAX_CORE:
                return None
            text = archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    m = _MODIFIED.search(text)
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
