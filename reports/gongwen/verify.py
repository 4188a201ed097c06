"""Check a freshly written .docx before it replaces anything: the package is whole and reopens."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xladdin.errors import UserError

REQUIRED_PARTS = {"[Content_Types].xml", "word/document.xml", "word/styles.xml"}


def verify_docx(path: Path) -> None:
    """Raise UserError unless path is a zip whose parts all inflate and python-docx reopens it."""
    from docx import Document

    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UserError("verify-failed", why=type(exc).__name__) from exc
    missing = REQUIRED_PARTS - names
    if bad is not None or missing:
        part = bad or sorted(missing)[0]
        raise UserError("verify-failed", why=f"部件 {part} 缺失或损坏")
    try:
        Document(str(path))
    except Exception as exc:  # python-docx raises several kinds on a broken part; any of them means "not written"
        raise UserError("verify-failed", why=f"无法作为 Word 文档打开：{type(exc).__name__}") from exc
