"""Lay out a Gongwen as a .docx in the GB/T 9704-2012 format, with python-docx.

Page: A4, 天头 37 mm, 订口 28 mm, type area 156 × 225 mm, 22 lines of 28
characters. Title 方正小标宋简体 二号; body 仿宋_GB2312 三号; headings 黑体 and
楷体_GB2312 三号; page numbers "— 1 —" in 宋体 四号 on the outer side.

Where those fonts are missing (Linux, 信创 machines) the document still names
them, so a Windows office prints them; LibreOffice substitutes Noto CJK.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.gongwen import ooxml
from reports.gongwen.alignment import body_alignment
from reports.gongwen.model import Figure, Gongwen, Table
from reports.gongwen.properties import set_document_properties
from reports.gongwen.verify import reopens
from reports.wording import chinese_date
from xladdin.core.textwidth import display_width
from xladdin.xlsx.text import xml_safe

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

# Where a font is missing: the Windows font to use instead, and its class (serif "roman", sans "swiss").
FONT_TABLE = {
    TITLE_FONT: ("宋体", "roman"),
    BODY_FONT: ("仿宋", "roman"),
    HEADING1_FONT: ("SimHei", "swiss"),
    HEADING2_FONT: ("楷体", "roman"),
    PAGE_NUMBER_FONT: ("SimSun", "roman"),
}

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
SMALL_PT = 14  # 四号: page numbers and the 版记

PAGE_MM = (210, 297)
TOP_MM, LEFT_MM = 37, 28
TYPE_MM = (156, 225)
TYPE_WIDTH_PT = TYPE_MM[0] / 25.4 * 72
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 225 mm / 22 lines is 28.99 pt; a hair less, so the 22nd line still fits in Word's page.
LINE_PT = 28.9
# The page number's rule sits 7 mm below the type area; the footer is measured from the page's bottom edge.
FOOTER_MM = 25
THICK_MM, THIN_MM = 0.35, 0.25  # 版记 separator lines
TABLE_RULE_MM = 0.25
TABLE_SIZES_PT = (16, 15, 14, 12, 10.5)  # 三号, 小三, 四号, 小四, 五号: the largest that fits is used
TABLE_PADDING_PT = 2.8
TITLE_CHARS = int(TYPE_WIDTH_PT // TITLE_PT)  # 20 characters of 二号 a line
# 28 characters of 三号 need a pitch of 15.79 pt, a little under the font's 16 pt: the runs are condensed by
# the difference. (Word's character grid does the same, but LibreOffice lays a character grid out far wider.)
CHAR_PT = int(TYPE_WIDTH_PT / CHARS_PER_LINE * 20) / 20


def write_gongwen(doc: Gongwen, path: Path) -> None:
    build_document(doc).save(str(path))


def render_docx(doc: Gongwen) -> bytes:
    """The .docx file's bytes, checked to reopen in python-docx (verify.verify_docx, on bytes)."""
    buffer = io.BytesIO()
    build_document(doc).save(buffer)
    data = buffer.getvalue()
    reopens(data)
    return data


def build_document(doc: Gongwen):
    document = Document()
    _page_setup(document)
    _default_style(document)
    ooxml.declare_fonts(document, FONT_TABLE)
    _title(document, doc.title)
    _blank(document)
    _paragraph(document, f"{doc.main_to}：", indent_chars=0)
    for number, section in enumerate(doc.sections, 1):
        _heading(document, f"{chinese_number(number)}、{section.heading}", HEADING1_FONT, 0)
        for text in section.paragraphs:
            _paragraph(document, text)
        for sub_number, sub in enumerate(section.subsections, 1):
            _heading(document, f"（{chinese_number(sub_number)}）{sub.heading}", HEADING2_FONT, 1)
            for text in sub.paragraphs:
                _paragraph(document, text)
    for table in doc.tables:
        _table(document, table)
    for figure in doc.figures:
        _figure(document, figure)
    # From here to the 版记 one block: the signature never stands on a page of its own.
    if doc.attachments:
        _blank(document).paragraph_format.keep_with_next = True
        _attachments(document, doc.attachments)
    _blank(document).paragraph_format.keep_with_next = True
    _signature(document, doc.signature, chinese_date(doc.date))
    _colophon(document, doc.copy_to, doc.printer, chinese_date(doc.print_date))
    set_document_properties(document, doc.title, doc.printer, doc.description)
    return document


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """一 … 九十九, for heading ordinals."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def text_width(text: str) -> float:
    """Width in full-width characters: Chinese is one, Latin letters and digits half."""
    return display_width(text) / 2


def title_lines(title: str, limit: int = TITLE_CHARS) -> list[str]:
    """Break a long title where a phrase ends, into balanced lines (the standard's 梯形 shape).

    Words must not be split, so breaks go only before an opening quote, after 关于, or before 的报告.
    """
    if text_width(title) <= limit:
        return [title]
    cuts = {i for i, ch in enumerate(title) if ch in "“《（" and i > 0}
    if title.startswith("关于"):
        cuts.add(2)
    for tail in ("情况的报告", "的报告"):
        if title.endswith(tail):
            cuts.add(len(title) - len(tail))
    fits = [i for i in cuts if text_width(title[:i]) <= limit and text_width(title[i:]) <= limit]
    if not fits:
        return [title]  # Word wraps it; better than a broken word
    best = min(fits, key=lambda i: abs(text_width(title[:i]) - text_width(title[i:])))
    return [title[:best], title[best:]]


# ---- page and styles -------------------------------------------------------

def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.left_margin = Mm(TOP_MM), Mm(LEFT_MM)
    section.right_margin = Mm(PAGE_MM[0] - LEFT_MM - TYPE_MM[0])
    section.bottom_margin = Mm(PAGE_MM[1] - TOP_MM - TYPE_MM[1])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_MM)
    ooxml.set_line_grid(section._sectPr, LINE_PT)
    document.settings.odd_and_even_pages_header_footer = True
    # Odd pages: right, one character in; even pages: left, one character in.
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, align) -> None:
    paragraph.alignment = align
    ppr = paragraph._p.get_or_add_pPr()
    ooxml.set_indent(ppr, SMALL_PT, left_chars=1 if align == WD_ALIGN_PARAGRAPH.LEFT else 0,
                     right_chars=1 if align == WD_ALIGN_PARAGRAPH.RIGHT else 0)
    ooxml.set_spacing(ppr, SMALL_PT * 1.5)
    _run(paragraph, "— ", PAGE_NUMBER_FONT, SMALL_PT, latin=PAGE_NUMBER_FONT)
    start = len(paragraph.runs)
    ooxml.add_page_field(paragraph)
    for run in paragraph.runs[start:]:
        ooxml.set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, SMALL_PT)
    _run(paragraph, " —", PAGE_NUMBER_FONT, SMALL_PT, latin=PAGE_NUMBER_FONT)


def _default_style(document) -> None:
    """Body font, size and exact spacing for everything, in the document defaults and in Normal."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(rpr, BODY_FONT, size_pt=BODY_PT)
    ooxml.set_chinese_language(rpr)
    normal = document.styles["Normal"]
    ooxml.set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, size_pt=BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False  # the line grid counts 22 lines a page; widow control would leave gaps


# ---- paragraphs ------------------------------------------------------------

def _run(paragraph, text: str, font: str, size_pt: float, bold: bool = False, latin: str = ooxml.LATIN_FONT):
    run = paragraph.add_run(xml_safe(text))
    rpr = run._r.get_or_add_rPr()
    ooxml.set_fonts(rpr, font, latin, size_pt, bold)
    if size_pt == BODY_PT:
        ooxml.set_character_spacing(rpr, CHAR_PT - BODY_PT)
    return run


def _char(size_pt: float) -> float:
    """The width of one character of this size, as laid out."""
    return CHAR_PT if size_pt == BODY_PT else size_pt


def _paragraph(document, text: str, indent_chars: float = 2, font: str = BODY_FONT, size_pt: float = BODY_PT,
               align=None):
    paragraph = document.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    ooxml.set_spacing(ppr, LINE_PT)
    ooxml.set_indent(ppr, _char(size_pt), first_chars=indent_chars)
    align = align if align is not None else body_alignment(text)
    if align is not None:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, font, size_pt)
    return paragraph


def _blank(document):
    return _paragraph(document, "", indent_chars=0)


def _heading(document, text: str, font: str, level: int) -> None:
    paragraph = _paragraph(document, text, font=font)
    paragraph.paragraph_format.keep_with_next = True
    ooxml.set_outline_level(paragraph._p.get_or_add_pPr(), level)


def _title(document, title: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ppr = paragraph._p.get_or_add_pPr()
    ooxml.set_spacing(ppr, LINE_PT * 1.25)
    ooxml.set_indent(ppr, TITLE_PT)
    ooxml.set_outline_level(ppr, 0)
    paragraph.paragraph_format.keep_with_next = True
    for i, line in enumerate(title_lines(title)):
        run = _run(paragraph, line, TITLE_FONT, TITLE_PT)
        if i:
            run._r.addprevious(_break_run(paragraph))


def _break_run(paragraph):
    run = paragraph.add_run()
    run.add_break(WD_BREAK.LINE)
    return run._r


def _attachments(document, names: tuple[str, ...]) -> None:
    """附件：name, or numbered names whose wrapped lines align with the first name's first character."""
    if len(names) == 1:
        _paragraph(document, f"附件：{names[0]}").paragraph_format.keep_with_next = True
        return
    for i, name in enumerate(names, 1):
        label = "附件：" if i == 1 else ""
        paragraph = _paragraph(document, "", indent_chars=0)
        hang = text_width(f"{i}.")
        lead = 2 + 3  # two characters in, then 附件：
        ooxml.set_indent(paragraph._p.get_or_add_pPr(), CHAR_PT, left_pt=(lead + hang) * CHAR_PT)
        ind = paragraph._p.pPr.find(qn("w:ind"))
        ind.set(qn("w:hanging"), ooxml.twips((hang + (3 if label else 0)) * CHAR_PT))
        ind.attrib.pop(qn("w:firstLine"), None)
        ind.attrib.pop(qn("w:firstLineChars"), None)
        _run(paragraph, f"{label}{i}.{name}", BODY_FONT, BODY_PT)
        paragraph.paragraph_format.keep_with_next = True


def _signature(document, signature: str, day: str) -> None:
    """署名 and 成文日期 without a seal (GB/T 9704-2012 7.3.5.2).

    The signature ends two characters in from the right; the date starts two characters
    right of the signature's first character. If the date is the longer, it ends two
    characters from the right and the signature moves left instead. The date is placed by
    its start, not its end, because digits and the space Word puts between digits and
    Chinese make its width uncertain.
    """
    sig_w, date_w = text_width(signature), text_width(day)
    sig_start = CHARS_PER_LINE - 2 - sig_w
    if sig_start + 2 + date_w > CHARS_PER_LINE - 2:
        sig_start = CHARS_PER_LINE - 2 - date_w - 2
    sig = _paragraph(document, signature, indent_chars=0)
    ooxml.set_indent(sig._p.get_or_add_pPr(), CHAR_PT, left_chars=max(sig_start, 0))
    date_line = _paragraph(document, day, indent_chars=0)
    ooxml.set_indent(date_line._p.get_or_add_pPr(), CHAR_PT, left_chars=max(sig_start + 2, 0))
    for paragraph in (sig, date_line):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.keep_with_next = True


# ---- table and figure --------------------------------------------------------

def table_layout(table: Table) -> tuple[float, list[float]]:
    """The largest font size at which every cell's longest line fits, and the column widths (pt)."""
    columns = list(zip(table.header, *table.rows, strict=True))
    chars = [max(text_width(line) for cell in col for line in cell.split("\n")) for col in columns]
    for size in TABLE_SIZES_PT:
        needed = [c * size + 2 * TABLE_PADDING_PT for c in chars]
        if sum(needed) <= TYPE_WIDTH_PT:
            break
    spare = TYPE_WIDTH_PT - sum(needed)
    # What is left over (or missing, at the smallest size) is shared in proportion to the need.
    widths = [w + spare * w / sum(needed) for w in needed]
    return size, widths


def _table(document, table: Table) -> None:
    size, widths = table_layout(table)
    caption = _paragraph(document, table.caption, indent_chars=0, font=HEADING1_FONT, size_pt=SMALL_PT,
                         align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(LINE_PT / 2)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.table_width(grid, TYPE_WIDTH_PT, widths)
    ooxml.table_cell_margins(grid, TABLE_PADDING_PT, TABLE_PADDING_PT)
    line = dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), TABLE_RULE_MM)
    ooxml.table_borders(grid, line)
    ooxml.repeat_header_row(grid.rows[0])
    last = len(table.rows)
    # Row by row: Table.cell(r, c) rebuilds the whole grid on every call, quadratic in the table's size.
    for r, (values, row) in enumerate(zip((table.header, *table.rows), grid.rows, strict=True)):
        ooxml.keep_row_together(row)
        for value, cell in zip(values, row.cells, strict=True):
            ooxml.vertical_centre(cell)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            ppr = paragraph._p.get_or_add_pPr()
            ooxml.set_spacing(ppr, round(size * 1.4, 1), before_pt=1, after_pt=1)
            ooxml.set_indent(ppr, size)
            # Every row kept with the next: the table moves to the next page whole rather than split.
            paragraph.paragraph_format.keep_with_next = r < last
            font = HEADING1_FONT if r == 0 else BODY_FONT
            for i, text in enumerate(value.split("\n")):
                run = _run(paragraph, text, font, size)
                if i:
                    run._r.addprevious(_break_run(paragraph))
    if table.note:
        note = _paragraph(document, table.note, indent_chars=2, size_pt=size)
        ooxml.set_spacing(note._p.get_or_add_pPr(), round(size * 1.5, 1), before_pt=3)


def _figure(document, figure: Figure) -> None:
    width = min(figure.width_mm, TYPE_MM[0])
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Exact spacing would clip the picture to one line's height: this paragraph sizes to its image.
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    ooxml.set_indent(paragraph._p.get_or_add_pPr(), CHAR_PT)
    paragraph.add_run().add_picture(io.BytesIO(figure.png), width=Mm(width))
    caption = _paragraph(document, figure.caption, indent_chars=0, font=HEADING1_FONT, size_pt=SMALL_PT,
                         align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.keep_with_next = True


# ---- 版记 --------------------------------------------------------------------

def _colophon(document, copy_to: tuple[str, ...], printer: str, day: str) -> None:
    """抄送, then 印发机关 and 印发日期, between lines the width of the type area: thick, thin, thick.

    A table rather than a frame or a floating table: LibreOffice drops frames and lays
    floating tables inline, so the 版记 follows the signature at the end of the last page.
    """
    _blank(document).paragraph_format.keep_with_next = True
    grid = document.add_table(rows=2 if copy_to else 1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.table_width(grid, TYPE_WIDTH_PT, [TYPE_WIDTH_PT / 2, TYPE_WIDTH_PT / 2])
    ooxml.table_cell_margins(grid, SMALL_PT, SMALL_PT)  # one character in from each side
    ooxml.table_borders(grid, {"top": THICK_MM, "bottom": THICK_MM, "insideH": THIN_MM})
    rows = list(grid.rows)
    for row in rows:
        ooxml.keep_row_together(row)
    if copy_to:
        cell = rows[0].cells[0].merge(rows[0].cells[1])
        text = "抄送：" + "，".join(copy_to) + "。"
        paragraph = _colophon_paragraph(cell.paragraphs[0], text, WD_ALIGN_PARAGRAPH.JUSTIFY)
        # Wrapped names align with the first name, after 抄送：
        ind = paragraph._p.pPr.find(qn("w:ind"))
        ind.set(qn("w:left"), ooxml.twips(3 * SMALL_PT))
        ind.set(qn("w:hanging"), ooxml.twips(3 * SMALL_PT))
        for attr in ("w:firstLine", "w:firstLineChars", "w:leftChars"):
            ind.attrib.pop(qn(attr), None)
        paragraph.paragraph_format.keep_with_next = True
    last = rows[-1].cells
    _colophon_paragraph(last[0].paragraphs[0], printer, WD_ALIGN_PARAGRAPH.LEFT)
    _colophon_paragraph(last[1].paragraphs[0], f"{day}印发", WD_ALIGN_PARAGRAPH.RIGHT)


def _colophon_paragraph(paragraph, text: str, align):
    paragraph.alignment = align
    ppr = paragraph._p.get_or_add_pPr()
    ooxml.set_spacing(ppr, LINE_PT)
    ooxml.set_indent(ppr, SMALL_PT)
    _run(paragraph, text, BODY_FONT, SMALL_PT)
    return paragraph

