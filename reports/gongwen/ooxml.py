"""Low-level WordprocessingML the python-docx API does not reach: East Asian fonts, exact
spacing, character-based indents, the document grid, borders and the PAGE field.

Units: OOXML sizes are twentieths of a point (twips) for spacing and indents, half-points
for font sizes and eighths of a point for borders.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LATIN_FONT = "Times New Roman"


def twips(points: float) -> str:
    return str(round(points * 20))


# Child order that the schema prescribes; Word calls a file with children out of order unreadable.
_ORDER = {
    "w:rPr": ("w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
              "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
              "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
              "w:lang w:eastAsianLayout w:specVanish w:oMath"),
    "w:pPr": ("w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
              "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
              "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid "
              "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection "
              "w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"),
    "w:tblPr": ("w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
                "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook"),
    "w:tcPr": ("w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar w:textDirection "
               "w:tcFitText w:vAlign w:hideMark"),
    "w:tblBorders": "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV",
    "w:tcBorders": "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV w:tl2br w:tr2bl",
    "w:tblCellMar": "w:top w:left w:start w:bottom w:right w:end",
}
_ORDER = {parent: tuple(children.split()) for parent, children in _ORDER.items()}


def _tag(element) -> str:
    ns, _, local = element.tag.partition("}")
    return f"w:{local}" if ns else local


def _child(parent, tag: str):
    """The child tag of parent, created in its schema place if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    order = _ORDER.get(_tag(parent))
    if order and tag in order:
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        successor = next((el for el in parent if el.tag in later), None)
        if successor is not None:
            successor.addprevious(found)
            return found
    parent.append(found)
    return found


def set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT, size_pt: float | None = None, bold: bool = False) -> None:
    """Name the fonts explicitly on an rPr element (a run's or a style's).

    python-docx's font.name writes only w:ascii/w:hAnsi, which leaves Chinese in the
    default East Asian font; w:eastAsia names the Chinese font. Theme attributes would
    override the explicit names, so they are removed. w:hint="eastAsia" makes Word draw
    ambiguous characters such as “ ” and — in the Chinese font, at full width.
    """
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if bold:
        _child(rpr, "w:b")
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        _child(rpr, "w:sz").set(qn("w:val"), half_points)
        _child(rpr, "w:szCs").set(qn("w:val"), half_points)


def set_chinese_language(rpr) -> None:
    # Word applies Chinese line-breaking rules (no 。at a line start) by the eastAsia language.
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_spacing(ppr, line_pt: float, before_pt: float = 0, after_pt: float = 0) -> None:
    """Exact line spacing: every line takes line_pt whatever its font, so pages keep their 22 lines."""
    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:before"), twips(before_pt))
    spacing.set(qn("w:after"), twips(after_pt))
    spacing.set(qn("w:line"), twips(line_pt))
    spacing.set(qn("w:lineRule"), "exact")


def set_indent(ppr, char_pt: float, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
               left_pt: float | None = None) -> None:
    """Indent in characters (w:*Chars, in hundredths of a character, which Word follows) and in points
    (which LibreOffice follows); char_pt is the width of one character of the paragraph's font."""
    ind = _child(ppr, "w:ind")
    left = left_pt if left_pt is not None else left_chars * char_pt
    ind.set(qn("w:left"), twips(left))
    ind.set(qn("w:right"), twips(right_chars * char_pt))
    ind.set(qn("w:firstLine"), twips(first_chars * char_pt))
    if left_pt is None:
        ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
    ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
    ind.set(qn("w:firstLineChars"), str(round(first_chars * 100)))


def set_outline_level(ppr, level: int) -> None:
    # Headings show in Word's navigation pane without the built-in (coloured, themed) heading styles.
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def set_line_grid(sectpr, line_pitch_pt: float) -> None:
    """The standard's 22 lines a page, as Word's 文档网格 (lines only) stores it."""
    grid = _child(sectpr, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), twips(line_pitch_pt))
    grid.attrib.pop(qn("w:charSpace"), None)


def set_character_spacing(rpr, delta_pt: float) -> None:
    """Condense (negative) or expand the pitch of every character in a run."""
    _child(rpr, "w:spacing").set(qn("w:val"), twips(delta_pt))


def add_page_field(paragraph) -> None:
    """A PAGE field run (begin / instruction / separate / cached 1 / end), so Word and LibreOffice number pages."""
    parts = [("w:fldChar", "begin"), ("w:instrText", " PAGE "), ("w:fldChar", "separate"), ("w:t", "1"),
             ("w:fldChar", "end")]
    for tag, value in parts:
        run = paragraph.add_run()
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), value)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = value
        run._r.append(el)


def border(parent, edge: str, width_mm: float | None) -> None:
    """A single line on one edge of a tblBorders/tcBorders element; None draws no line."""
    el = _child(parent, f"w:{edge}")
    if width_mm is None:
        el.set(qn("w:val"), "nil")
        return
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(round(width_mm / 25.4 * 72 * 8)))  # eighths of a point
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000")


def table_borders(table, edges: dict[str, float | None]) -> None:
    tblpr = table._tbl.tblPr
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border(borders, edge, edges.get(edge))


def table_width(table, width_pt: float, col_widths_pt: list[float]) -> None:
    """A fixed layout at exact widths: Word and LibreOffice otherwise autofit to content."""
    tblpr = table._tbl.tblPr
    width = _child(tblpr, "w:tblW")
    width.set(qn("w:w"), twips(width_pt))
    width.set(qn("w:type"), "dxa")
    _child(tblpr, "w:tblLayout").set(qn("w:type"), "fixed")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), col_widths_pt, strict=True):
        col.set(qn("w:w"), twips(w))
    for row in table.rows:
        for cell, w in zip(row.cells, col_widths_pt, strict=False):
            tcw = _child(cell._tc.get_or_add_tcPr(), "w:tcW")
            tcw.set(qn("w:w"), twips(w))
            tcw.set(qn("w:type"), "dxa")


def table_cell_margins(table, left_pt: float, right_pt: float, top_pt: float = 0, bottom_pt: float = 0) -> None:
    margins = _child(table._tbl.tblPr, "w:tblCellMar")
    for edge, value in (("top", top_pt), ("left", left_pt), ("bottom", bottom_pt), ("right", right_pt)):
        el = _child(margins, f"w:{edge}")
        el.set(qn("w:w"), twips(value))
        el.set(qn("w:type"), "dxa")


def repeat_header_row(row) -> None:
    # A table that runs onto the next page repeats its head there.
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader")


def keep_row_together(row) -> None:
    _child(row._tr.get_or_add_trPr(), "w:cantSplit")


def vertical_centre(cell) -> None:
    _child(cell._tc.get_or_add_tcPr(), "w:vAlign").set(qn("w:val"), "center")


def declare_fonts(document, fonts: dict[str, tuple[str, str]]) -> None:
    """Describe the Chinese fonts in word/fontTable.xml: name -> (altName, family class).

    Where a font is missing, Word substitutes the altName (Windows 10 has 仿宋 and 楷体, not
    the _GB2312 versions) and LibreOffice picks a serif or sans face by the family class.
    """
    from docx.oxml import parse_xml

    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    for name, (alt, family) in fonts.items():
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", family), ("w:pitch", "variable")):
            if value:
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                font.append(el)
        table.append(font)
    from lxml import etree

    # The font table is a plain part in python-docx: its bytes are replaced whole.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
