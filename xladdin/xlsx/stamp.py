"""The files we send out, recognised if they come back into the inbox untouched.

split (下发) and feedback (退回修改) write files the office mails to the branches. Saved
into the folder that collect reads (feedback -o 收件/退回), an untouched one would be
collected as that branch's reply: its old answers, beside the branch's real one.
Each such file carries a zip comment naming the command that wrote it. Excel, WPS and
LibreOffice write a new package when they save, without our comment, so a file a
branch has opened and saved is a reply like any other.

run's results (marked copy, summary workbook, 情况报告) carry a stamp too, so that a
later run into the same folder, moving them into 备份/, can tell one saved since.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_PREFIX = b"huitoukan:"
KINDS = ("split", "feedback")  # sent to a branch: collect recognises them (untouched_output)
RESULT_KINDS = ("marked", "summary", "report")  # run's results: recognised only when run moves them aside


def stamp(path: Path, kind: str) -> None:
    """Mark a file we just wrote (before it is moved into place) as kind's untouched output."""
    if kind not in KINDS + RESULT_KINDS:
        raise ValueError(kind)
    # Append mode rewrites only the central directory, where the comment lives.
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = _PREFIX + kind.encode("ascii")


def untouched_output(path: Path) -> str | None:
    """The command whose output this file is, unchanged since it was written; None for anything else."""
    kind = stamped(path)
    return kind if kind in KINDS else None


def stamped(path: Path) -> str | None:
    """untouched_output, for run's results too (RESULT_KINDS)."""
    try:
        with zipfile.ZipFile(path) as archive:
            comment = archive.comment
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # the reader refuses a broken file with its own message
    kind = comment.removeprefix(_PREFIX).decode("ascii", "replace") if comment.startswith(_PREFIX) else None
    return kind if kind in KINDS + RESULT_KINDS else None
