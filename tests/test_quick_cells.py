"""The quick reader (xlsx.quick_cells) gives python-calamine's value for every cell it reads, or declines.

Each cell of real workbooks (written by openpyxl, and hand-edited XML for what
openpyxl does not write) is read alone by quick_cells.extract and compared with
calamine's value through cells.plain. A decline is always allowed (calamine then
reads the sheet); a different value never is. The tests also insist that the
common cells are read, not declined, or the fast path would be silently lost.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from python_calamine import CalamineWorkbook

from xladdin.core.a1 import split_cell
from xladdin.xlsx.cells import plain
from xladdin.xlsx.number_formats import BUILTIN_DATE_IDS, DATE, NUMBER, format_kind, style_kinds
from xladdin.xlsx.quick_cells import Workbook, extract
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.shared_strings import string_item

CUSTOM_FORMATS = [
    "General", "0", "0.00", "#,##0", "@", 'yyyy"年"m"月"d"日"', "[$-804]yyyy年m月d日", "yyyy-mm-dd", "d-mmm",
    "mm:ss", "[h]:mm", "h:mm AM/PM", "[Red]0.00", "0.00;[Red]-0.00", '"日期"0', "[DBNum1]0", "\\d0", '0"天"',
    "[$¥-804]#,##0.00", "[<100]0;0.00", "yyyy/m/d h:mm", "0%", "0.00E+00", "# ?/?", "_(* #,##0_)",
]
NUMBERS = [40415, 40415.5, 12, 0, -3.25, 1e-7, 61, 60, 2958465]
TEXTS = [
    "史泽沛", "  前后空格 ", "a & b <c> \"d\" 'e'", "含 _x000D_ 转义", "张\r\n晓宁", "第一行\n第二行", "=不是公式",
    "\u3000全角空格\u3000", "#N/A", "", "x" * 300,
]


def _sheet_xml(path: Path, index: int = 0) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index + 1}.xml")


def _loader(path: Path):
    def load(part: str) -> bytes | None:
        with zipfile.ZipFile(path) as z:
            return z.read(part) if part in z.NameToInfo else None

    return load


def compare_every_cell(path: Path, sheet_index: int = 0) -> tuple[int, int]:
    """(cells read, cells declined); fails on any cell the quick reader reads otherwise than calamine."""
    xml = _sheet_xml(path, sheet_index)
    book = Workbook(_loader(path), epoch1904=False)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet_index).to_python()
    read = declined = 0
    for ref in re.findall(rb'<c r="([A-Z]+\d+)"', xml):
        cell = ref.decode()
        col, row = split_cell(cell)
        c = openpyxl.utils.column_index_from_string(col)
        expected = plain(rows[row - 1][c - 1]) if row <= len(rows) and c <= len(rows[row - 1]) else None
        got = extract(xml, [cell], book)
        if got is None:
            declined += 1
            continue
        read += 1
        assert got.get(cell) == expected, (cell, got.get(cell), expected)
        assert type(got.get(cell)) is type(expected), cell
    return read, declined


def test_numbers_in_every_style_read_as_calamine_reads_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    formats = [openpyxl.styles.numbers.BUILTIN_FORMATS[i] for i in range(50) if i in openpyxl.styles.numbers.BUILTIN_FORMATS]
    for col, fmt in enumerate(formats + CUSTOM_FORMATS, start=1):
        for row, number in enumerate(NUMBERS, start=1):
            cell = ws.cell(row, col, number)
            cell.number_format = fmt
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    read, declined = compare_every_cell(path)
    assert read > 0.6 * (read + declined)  # most are plain numbers or dates: read, not declined


def test_texts_shared_and_rich_read_as_calamine_reads_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, text in enumerate(TEXTS, start=1):
        ws.cell(row, 1, text)
    ws.cell(2, 2, True)
    ws.cell(3, 2, False)
    ws.cell(4, 2, datetime(2010, 8, 25))
    ws.cell(5, 2, datetime(2010, 8, 25, 10, 30))
    path = tmp_path / "texts.xlsx"
    wb.save(path)
    read, _ = compare_every_cell(path)
    assert read >= 5  # plain texts, booleans and dates at least
    # Rich text makes openpyxl write every string inline, non-ASCII as character references.
    ws.cell(1, 2, CellRichText(["互看", TextBlock(InlineFont(b=True), " 互查 ")]))
    wb.save(path)
    compare_every_cell(path)


def _inline_book(tmp_path: Path, snippets: list[bytes]) -> Path:
    """The sample with its first branch sheet's cells replaced by hand-written inline-string cells."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr">%s</c></row>' % (i, i, s) for i, s in enumerate(snippets, 1))
    dst = tmp_path / "inline.xlsx"
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows + b"</sheetData>", data, flags=re.S)
            zout.writestr(item.filename, data)
    return dst


def test_inline_strings_read_as_calamine_reads_them(tmp_path):
    snippets = [
        b"<is><t>plain</t></is>", b'<is><t xml:space="preserve">  kept  </t></is>', b"<is><t>  trimmed  </t></is>",
        b"<is><t/></is>", b"<is><t></t></is>", b"<is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t></is>",
        b"<is><t>&#20013;</t></is>", b"<is><t>_x000A_</t></is>", b"<is><r><t>a</t></r><r><rPr><b/></rPr><t> b</t></r></is>",
        b'<is><r><t>a</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is>', b"<is><t>\xe5\x85\x9a\xe6\x94\xaf\xe9\x83\xa8</t></is>",
    ]
    path = _inline_book(tmp_path, snippets)
    read, _ = compare_every_cell(path)
    assert read >= 6


def test_string_items():
    assert string_item(b"<t>abc</t>") == "abc"
    assert string_item(b"<t/>") == ""
    assert string_item(b"<r><t>a</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> b</t></r>") == "a b"
    assert string_item(b"<t>&#20013;</t>") is None  # a character reference: calamine decides
    assert string_item(b"<t> x</t>") is None  # trimmed by calamine: left to it


def test_format_kinds():
    assert format_kind('yyyy"年"m"月"d"日"') == DATE
    assert format_kind('0"天"') == NUMBER
    assert format_kind("General") == NUMBER
    assert format_kind("[<100]0;0.00") is None  # a condition: left to calamine
    assert format_kind("[h]:mm") is None
    assert format_kind("[Red]0.00") == NUMBER
    assert {14, 22, 31, 57} <= BUILTIN_DATE_IDS
    assert style_kinds(None) == []


def test_sample_branch_sheets_are_read_quickly_and_alike():
    """The product path reads the sample's branch sheets without calamine, with the same data."""
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info
    from xladdin.xlsx.quick_cells import Workbook as Book
    from xladdin.xlsx.sheet_scan import scan_sheets
    from xladdin.xlsx.targets import resolve_targets

    with open_package(SAMPLE) as archive:
        info = read_workbook_info(archive)
        targets = resolve_targets(info)
        scan = scan_sheets(archive, info, targets, Book(lambda _p: None, info.epoch1904))
    branch_sheets = set(targets.field_refs)
    assert branch_sheets <= set(scan.values)  # every branch sheet read from its XML
    assert read_workbook(SAMPLE, "auto") == read_workbook(SAMPLE, "calamine")


@pytest.mark.parametrize("epoch1904", [True])
def test_1904_workbooks_are_left_to_calamine(epoch1904):
    xml = _sheet_xml(SAMPLE, 2)
    assert extract(xml, ["B3"], Workbook(lambda _p: None, epoch1904)) is None
