"""The list of findings (问题清单 / 修改意见) as a new worksheet part, without openpyxl.

The same sheet xladdin.marks.issue_sheet draws with openpyxl, cell for cell:
a title, one line, the header at row 3, the table with its 单元格 links, the
code column hidden (none in a branch's 修改意见), printed on A4 landscape with the header repeated. The
parity test (tests/test_patch_parity.py) holds the two to the same values,
fills, fonts and links. Links jump inside the workbook through `location`,
as Excel writes them, so the sheet needs no relationships.
"""

from __future__ import annotations

from dataclasses import dataclass

from xladdin.core.a1 import column_letter
from xladdin.core.textwidth import lines_needed
from xladdin.marks.issue_sheet import (
    CELL_COLUMN,
    FONT,
    LAST_SHOWN,
    LINE_POINTS,
    MESSAGE_COLUMN,
    SEVERITY_COLUMN,
    columns,
    shown,
)
from xladdin.marks.patch.styles import Styles
from xladdin.marks.patch.xmltext import esc_attr, esc_xml, t_element, xml_safe
from xladdin.marks.plan import IssueSheet
from xladdin.spec.labels import (
    ISSUE_HEADER_FILL,
    ISSUE_HEADER_ROW,
    ISSUE_HIDDEN_COLUMN,
    ISSUE_WIDTHS,
    SEVERITY_FILLS,
    SEVERITY_LABELS,
)
from xladdin.spec.messages import ERROR
from xladdin.xlsx.text import needs_guard

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
TOP_WRAP = '<alignment vertical="top" wrapText="1"/>'
CENTRE_WRAP = '<alignment vertical="center" wrapText="1"/>'


def _font(name: str, size: float, bold: bool = False, colour: str | None = None, underline: bool = False) -> str:
    # Excel's own order; family 3 and charset 134 tell it the face is a Chinese (GB2312) one.
    b = "<b/>" if bold else ""
    u = "<u/>" if underline else ""
    c = f'<color rgb="FF{colour}"/>' if colour else ""
    return f'<font>{b}{u}<sz val="{size:g}"/>{c}<name val="{name}"/><family val="3"/><charset val="134"/></font>'


BOX = ('<border><left style="thin"><color rgb="FF999999"/></left><right style="thin"><color rgb="FF999999"/></right>'
       '<top style="thin"><color rgb="FF999999"/></top><bottom style="thin"><color rgb="FF999999"/></bottom>'
       "<diagonal/></border>")
NO_BORDER = "<border><left/><right/><top/><bottom/><diagonal/></border>"


@dataclass
class _Looks:
    """The issue sheet's cell formats in one workbook's styles.xml: (plain, with Excel's quote prefix)."""

    title: tuple[int, int]
    line: tuple[int, int]
    head: tuple[int, int]
    body: tuple[int, int]
    link: tuple[int, int]
    error: tuple[int, int]

    @classmethod
    def add_to(cls, styles: Styles) -> _Looks:
        none, box, plain = styles.no_fill(), styles.border(BOX), styles.border(NO_BORDER)

        def both(font: str, fill: int, border: int, alignment: str) -> tuple[int, int]:
            f = styles.font(font)
            return styles.new_xf(f, fill, border, alignment), styles.new_xf(f, fill, border, alignment, quote=True)

        body_font = _font(FONT, 10)
        return cls(
            title=both(_font("黑体", 16, bold=True), none, plain, CENTRE_WRAP),
            line=both(_font(FONT, 10.5), none, plain, CENTRE_WRAP),
            head=both(_font(FONT, 11, bold=True, colour="FFFFFF"), styles.solid_fill(ISSUE_HEADER_FILL), box,
                      '<alignment horizontal="center" vertical="center"/>'),
            body=both(body_font, none, box, TOP_WRAP),
            link=both(_font(FONT, 10, colour="0563C1", underline=True), none, box, TOP_WRAP),
            error=both(body_font, styles.solid_fill(SEVERITY_FILLS[ERROR]), box, TOP_WRAP),
        )


def _cell(ref: str, value: object, look: tuple[int, int] | None) -> str:
    """One cell; text is always a literal string, with the quote prefix where Excel would read a formula."""
    if isinstance(value, str):
        value = xml_safe(value)
    style = "" if look is None else f' s="{look[1] if needs_guard(value) else look[0]}"'
    if value is None or value == "":
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f'<c r="{ref}"{style} t="inlineStr"><is>{t_element(str(value))}</is></c>'
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def issue_sheet_xml(sheet: IssueSheet, rows: list[tuple], styles: Styles) -> tuple[bytes, list[tuple[str, str, bool]]]:
    """The sheet's XML and its defined names (name, formula, hidden), scoped to it by the caller."""
    looks = _Looks.add_to(styles)
    headers, widths, last_column = columns(sheet)
    width = sum(ISSUE_WIDTHS[:-1])
    first = ISSUE_HEADER_ROW + 1
    last = max(ISSUE_HEADER_ROW + len(rows), first)
    data = [
        f'<row r="1" ht="30" customHeight="1">{_cell("A1", sheet.title, looks.title)}</row>',
        f'<row r="2" ht="{LINE_POINTS * lines_needed(sheet.line, width) + 6:g}" customHeight="1">'
        f'{_cell("A2", sheet.line, looks.line)}</row>',
        f'<row r="{ISSUE_HEADER_ROW}">' + "".join(
            _cell(f"{column_letter(c)}{ISSUE_HEADER_ROW}", text, looks.head)
            for c, text in enumerate(headers, start=1)) + "</row>",
    ]
    links = []
    if not rows:
        data.append(f'<row r="{first}">{_cell(f"{column_letter(MESSAGE_COLUMN)}{first}", "未发现问题。", None)}</row>')
    message_chars = ISSUE_WIDTHS[MESSAGE_COLUMN - 1] - 2
    for r, row in enumerate(rows, start=first):
        *values, (target_sheet, ref) = row
        values = shown(sheet, values)
        cells = []
        for c, value in enumerate(values, start=1):
            look = looks.body
            if c == SEVERITY_COLUMN and value == SEVERITY_LABELS[ERROR]:
                look = looks.error
            elif c == CELL_COLUMN and ref:
                look = looks.link
            cells.append(_cell(f"{column_letter(c)}{r}", value, look))
        if ref:
            where = f"'{target_sheet.replace(chr(39), chr(39) * 2)}'!{ref}"
            links.append(f'<hyperlink ref="{column_letter(CELL_COLUMN)}{r}" location="{esc_attr(where)}" '
                         f'display="{esc_attr(str(values[CELL_COLUMN - 1]))}"/>')
        height = LINE_POINTS * lines_needed(str(values[MESSAGE_COLUMN - 1]), message_chars) + 4
        data.append(f'<row r="{r}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>')
    hidden = ' hidden="1"'
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"'
                   f'{hidden if column_letter(i) == ISSUE_HIDDEN_COLUMN else ""}/>'
                   for i, w in enumerate(widths, start=1))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
        f'<sheetPr><tabColor rgb="FF{ISSUE_HEADER_FILL}"/><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last_column}{last}"/>'
        f'<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{ISSUE_HEADER_ROW}" '
        f'topLeftCell="A{first}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{first}" sqref="A{first}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f'<sheetData>{"".join(data)}</sheetData>'
        f'<autoFilter ref="A{ISSUE_HEADER_ROW}:{last_column}{last}"/>'
        f'<mergeCells count="2"><mergeCell ref="A1:{LAST_SHOWN}1"/><mergeCell ref="A2:{LAST_SHOWN}2"/></mergeCells>'
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<printOptions horizontalCentered="1"/>'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f"<headerFooter><oddFooter>{esc_xml('&C第 &P 页，共 &N 页')}</oddFooter></headerFooter>"
        "</worksheet>"
    )
    quoted = f"'{sheet.name}'"
    names = [
        ("_xlnm._FilterDatabase", f"{quoted}!$A${ISSUE_HEADER_ROW}:${last_column}${last}", True),
        ("_xlnm.Print_Titles", f"{quoted}!${ISSUE_HEADER_ROW}:${ISSUE_HEADER_ROW}", False),
        ("_xlnm.Print_Area", f"{quoted}!$A$1:${LAST_SHOWN}${last}", False),
    ]
    return xml.encode("utf-8"), names
