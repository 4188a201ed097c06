"""A GB/T 9704-2012 official document (公文) as a .docx: plain content in, a formatted file out.

The content (model) loads nothing heavy; the writer and the check load python-docx, so they are
imported on first use: `run` builds the content in one process and renders it in another.
"""

from typing import Any

from reports.gongwen.model import Figure, Gongwen, Section, Subsection, Table

__all__ = ["Figure", "Gongwen", "Section", "Subsection", "Table", "build_document", "render_docx", "verify_docx",
           "write_gongwen"]

_LAZY = {"build_document": "writer", "write_gongwen": "writer", "render_docx": "writer", "verify_docx": "verify"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"reports.gongwen.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
