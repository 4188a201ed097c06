"""Check a freshly written .docx before it replaces anything: the package is whole and reopens."""

from __future__ import annotations

from pathlib import Path

from xladdin.errors import UserError
from xladdin.xlsx.write import verify_package

REQUIRED_PARTS = {"[Content_Types].xml", "word/document.xml", "word/styles.xml"}


def verify_docx(path: Path) -> None:
    """Raise UserError unless path is a zip whose parts all inflate and python-docx reopens it."""
    verify_package(path, REQUIRED_PARTS)
    reopens(path.read_bytes())


def verify_rendered(path: Path) -> None:
    """verify_docx for a file written from render_docx's bytes, which python-docx has reopened already."""
    verify_package(path, REQUIRED_PARTS)


def reopens(data: bytes) -> None:
    """Raise UserError unless python-docx opens these .docx bytes."""
    import io

    from docx import Document

    try:
        Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a broken part; any of them means "not written"
        raise UserError("verify-failed", why=f"无法作为 Word 文档打开：{type(exc).__name__}") from exc
