"""A GB/T 9704-2012 official document (公文) as a .docx: plain content in, a formatted file out."""

from reports.gongwen.model import Figure, Gongwen, Section, Subsection, Table
from reports.gongwen.verify import verify_docx
from reports.gongwen.writer import build_document, write_gongwen

__all__ = ["Figure", "Gongwen", "Section", "Subsection", "Table", "build_document", "verify_docx", "write_gongwen"]
