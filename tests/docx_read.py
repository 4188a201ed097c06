"""Read a written .docx back for tests: text in document order, and the fonts a run really names."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


def open_docx(path: Path):
    return Document(str(path))


def blocks(document) -> list:
    """Body paragraphs and tables in document order (python-docx lists them separately)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, document))
    return out


def all_text(document) -> str:
    """Every paragraph's and every table cell's text, one per line."""
    lines = []
    for block in blocks(document):
        if hasattr(block, "rows"):
            for row in block.rows:
                lines.extend(cell.text for cell in row.cells)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def run_fonts(run) -> dict[str, str | None]:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    if fonts is None:
        return {}
    return {key: fonts.get(qn(f"w:{key}")) for key in ("eastAsia", "ascii", "hAnsi", "hint")}


def run_size_pt(run) -> float | None:
    return run.font.size.pt if run.font.size is not None else None


def paragraph_by_start(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def indent(paragraph, key: str) -> int | None:
    """A w:ind attribute (twips, or hundredths of a character for the *Chars ones)."""
    ind = paragraph._p.pPr.find(qn("w:ind")) if paragraph._p.pPr is not None else None
    value = ind.get(qn(f"w:{key}")) if ind is not None else None
    return int(value) if value is not None else None


def spacing(paragraph) -> tuple[int | None, str | None]:
    el = paragraph._p.pPr.find(qn("w:spacing"))
    return (int(el.get(qn("w:line"))), el.get(qn("w:lineRule"))) if el is not None else (None, None)
