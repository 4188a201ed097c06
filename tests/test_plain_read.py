"""The scan's own cell reader (plain_sheet, plain_read) gives what calamine gives, cell for cell, or stands aside.

Every cell of every sheet the reader accepts is compared with python-calamine's
value for it (through CalamineSource, as the product read before), value and
type: on the sample, the benchmark book, the regression and reference files,
a workbook LibreOffice saved, and hand-written cells with the awkward shapes
(whitespace, entities, rich text, phonetic runs, escapes, dates, booleans).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from xladdin.xlsx.calamine import CalamineSource, sheet_is_safe
from xladdin.xlsx.cells import OpenpyxlSource
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.sheet_scan import scan_sheets

_REF = re.compile(rb'<c r="([A-Z]+[0-9]+)"')
REFERENCE_BOOKS = sorted(
    [*(p for p in (ROOT / "tests" / "regressions").glob("*.xlsx") if not p.name.startswith("zlib-")), *(ROOT / "tests" / "data" / "clerk").glob("*.xlsx"),
     *(ROOT / "tests" / "data" / "excel-made").glob("*.xlsx")]  # saved by Excel (XlsxWriter's BSD test files)
)


def compare(path: Path) -> set[str]:
    """Assert the scan's values equal calamine's for every cell it read; the sheets it read."""
    with open_package(path) as archive:
        info = read_workbook_info(archive)
        wanted = {}
        for s in info.sheets:
            if s.kind == "worksheet" and s.part in archive.NameToInfo:
                refs = {m.decode() for m in _REF.findall(archive.read(s.part))}
                wanted[s.name] = refs | {"ZZ1", "A4999"}  # and two cells no sheet has
        scan = scan_sheets(archive, info, wanted)
        for sheet in scan.values:  # what the reader takes, calamine would be given whole (not openpyxl)
            part = next(s.part for s in info.sheets if s.name == sheet)
            assert sheet_is_safe(archive.read(part)), (path.name, sheet)
    from python_calamine import CalamineError

    try:
        source = CalamineSource(path, info, fallback=lambda: OpenpyxlSource(path))
    except CalamineError:
        return set()  # calamine refuses the workbook as it opens: so does the product (check_json compares)
    try:
        for sheet, values in scan.values.items():
            theirs = source.read(sheet, wanted[sheet])
            for cell in wanted[sheet]:
                ours, expected = values[cell], theirs.get(cell)
                assert (type(ours), ours) == (type(expected), expected), (path.name, sheet, cell)
    finally:
        source.close()
    return set(scan.values)


def test_the_sample_is_read_by_the_scan_and_agrees():
    branches = _branch_sheets(SAMPLE)
    assert branches and branches <= compare(SAMPLE)  # the fast path is taken, not silently skipped


def test_the_benchmark_book_agrees(tmp_path):
    from bench.make_books import make_book

    book = make_book(6, tmp_path / "b6.xlsx")
    assert _branch_sheets(book) <= compare(book)


@pytest.mark.parametrize("path", REFERENCE_BOOKS, ids=lambda p: p.name)
def test_reference_books_agree(path):
    compare(path)


def test_a_workbook_libreoffice_saved_agrees(tmp_path, soffice_required):
    from lo import resave_xlsx

    saved = resave_xlsx(shutil.copy(SAMPLE, tmp_path / "in.xlsx"), tmp_path / "out")
    assert _branch_sheets(saved) <= compare(saved)  # shared strings, LibreOffice's styles


# Cells written by hand into the sample's first branch sheet (运一), B3 onwards.
AWKWARD = {
    "trimmed": '<c r="B3" t="inlineStr"><is><t>  甲 乙\t</t></is></c>',
    "kept": '<c r="B3" t="inlineStr"><is><t xml:space="preserve">  甲 乙\n</t></is></c>',
    "entities": '<c r="B3" t="inlineStr"><is><t>a&amp;b&lt;c&gt;&quot;&apos;&#20013;&#x6587;</t></is></c>',
    "entity-spaces": '<c r="B3" t="inlineStr"><is><t>&#32;x&#32;</t></is></c>',
    "nbsp": '<c r="B3" t="inlineStr"><is><t>\u00a0x\u3000</t></is></c>',
    "escape": '<c r="B3" t="inlineStr"><is><t>a_x000D_b_x005F_x000D_</t></is></c>',
    "rich": '<c r="B3" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>加粗</t></r>'
            '<r><t xml:space="preserve"> 普通 </t></r></is></c>',
    "empty-t": '<c r="B3" t="inlineStr"><is><t/></is></c>',
    "empty-is": '<c r="B3" t="inlineStr"><is></is></c>',
    "str": '<c r="B3" t="str"><v> 公式 &amp; 结果 </v></c>',
    "true": '<c r="B3" t="b"><v>1</v></c>',
    "false": '<c r="B3" t="b"><v>0</v></c>',
    "number": '<c r="B3"><v>1E3</v></c>',
    "fraction": '<c r="B3" t="n"><v>-0.125</v></c>',
    "big": '<c r="B3"><v>123456789012345678901234</v></c>',
    "zeros": '<c r="B3"><v>007</v></c>',
    "text-in-number": '<c r="B3"><v>abc</v></c>',
    "error": '<c r="B3" t="e"><v>#N/A</v></c>',
    "date-style": '<c r="B3" s="{date}"><v>40415</v></c>',
    "date-style-fraction": '<c r="B3" s="{date}"><v>40415.75</v></c>',
    "date-style-early": '<c r="B3" s="{date}"><v>59</v></c>',
    "style-out-of-range": '<c r="B3" s="999"><v>5</v></c>',
    "inline-with-v": '<c r="B3" t="inlineStr"><v>x</v></c>',
    "empty-v": '<c r="B3"><v></v></c>',
}


@pytest.mark.parametrize("case", sorted(AWKWARD))
def test_awkward_cells_agree(tmp_path, case):
    path = _with_cell(tmp_path, AWKWARD[case])
    compare(path)


def test_plain_sheets_with_awkward_cells_are_still_read_here(tmp_path):
    for case in ("trimmed", "kept", "entities", "rich", "str", "true", "number", "date-style", "empty-t"):
        assert "运一" in compare(_with_cell(tmp_path, AWKWARD[case], case)), case


def test_what_the_reader_is_unsure_of_goes_to_calamine(tmp_path):
    for case in ("escape", "error", "date-style-fraction", "date-style-early", "style-out-of-range", "inline-with-v"):
        assert "运一" not in compare(_with_cell(tmp_path, AWKWARD[case], case)), case


def test_shared_strings_with_runs_and_phonetics_agree(tmp_path):
    """Excel's and WPS's strings live in the shared table, often as runs and with phonetic guides."""
    book = tmp_path / "sst.xlsx"
    parts = _parts(SAMPLE)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
        '<si><r><t>党</t></r><r><rPr><b/><sz val="11"/><rFont val="宋体"/></rPr><t xml:space="preserve">支部 </t></r></si>'
        '<si><t>书记</t><rPh sb="0" eb="2"><t>シュキ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>'
        '<si><t xml:space="preserve">  前后有空格  </t></si>'
        "<si><t>=1+1 不是公式</t></si>"
        "</sst>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = _sheet_part(SAMPLE, "运一")
    for i, cell in enumerate((b"B3", b"D3", b"B9", b"B10")):
        parts[sheet], n = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell, b'<c r="%s" t="s"><v>%d</v></c>' % (cell, i),
                                  parts[sheet], count=1)
        assert n == 1
    _write(book, parts)
    assert "运一" in compare(book)
    with open_package(book) as archive:
        info = read_workbook_info(archive)
        values = scan_sheets(archive, info, {"运一": {"B3", "D3", "B9", "B10"}}).values["运一"]
    assert values == {"B3": "党支部 ", "D3": "书记", "B9": "  前后有空格  ", "B10": "=1+1 不是公式"}


def _branch_sheets(path: Path) -> set[str]:
    from xladdin.xlsx.targets import resolve_targets

    with open_package(path) as archive:
        return set(resolve_targets(read_workbook_info(archive)).field_refs)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _sheet_part(path: Path, name: str) -> str:
    with open_package(path) as archive:
        return next(s.part for s in read_workbook_info(archive).sheets if s.name == name)


def _with_cell(tmp_path: Path, cell_xml: str, tag: str = "book") -> Path:
    """The sample with its 运一!B3 replaced by cell_xml ({date}: a style index whose format is a date)."""
    path = tmp_path / f"{tag}.xlsx"
    parts = _parts(SAMPLE)
    sheet = _sheet_part(SAMPLE, "运一")
    date_style = _date_style(parts["xl/styles.xml"])
    new = cell_xml.replace("{date}", str(date_style)).encode()
    parts[sheet], n = re.subn(rb'<c r="B3"[^>]*?(?:/>|>.*?</c>)', new.replace(b"\\", b"\\\\"), parts[sheet], count=1)
    assert n == 1
    _write(path, parts)
    return path


def _date_style(styles: bytes) -> int:
    xfs = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)[1]
    dates = {m[1] for m in re.finditer(rb'<numFmt numFmtId="(\d+)" formatCode="[^"]*y[^"]*"', styles)}
    for i, xf in enumerate(re.findall(rb"<xf\b[^>]*>", xfs)):
        if (m := re.search(rb'numFmtId="(\d+)"', xf)) and (m[1] in dates or m[1] == b"14"):
            return i
    raise AssertionError("the sample has no date style")


# Whole-sheet shapes, real and damaged, on the sample's first branch sheet (运一): the product path
# ("auto") prints what the calamine engine prints, byte for byte, and compare() holds. Whatever
# calamine (or, after it, openpyxl) refuses anywhere in the sheet must keep the own reader away,
# not only damage in the ~50 cells the check asks for.
_BRANCH = "xl/worksheets/sheet3.xml"


def _sheet_edit(old: bytes, new: bytes):
    def edit(parts):
        assert old in parts[_BRANCH], old
        parts[_BRANCH] = parts[_BRANCH].replace(old, new, 1)

    return edit


def _cell_edit(ref: str, new: str):
    def edit(parts):
        parts[_BRANCH], n = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), new.encode(), parts[_BRANCH], count=1)
        assert n == 1

    return edit


def _styles_edit(edit_xml):
    def edit(parts):
        parts["xl/styles.xml"] = edit_xml(parts["xl/styles.xml"])

    return edit


def _xf(index: int, old: bytes, new: bytes):
    """Edit the index-th <xf> of <cellXfs> (18: the sample's date style, 运一!D4 and D8)."""

    def edit_xml(styles: bytes) -> bytes:
        at = styles.index(b"<cellXfs")
        for _ in range(index + 1):
            at = styles.index(b"<xf ", at + 1)
        end = styles.index(b">", at)
        assert old in styles[at:end]
        return styles[:at] + styles[at:end].replace(old, new) + styles[end:]

    return _styles_edit(edit_xml)


def _move_b3_after_d3(parts):
    sheet = parts[_BRANCH]
    b3 = re.search(rb'<c r="B3".*?</c>', sheet)[0]
    sheet = sheet.replace(b3, b"", 1)
    d3_end = re.search(rb'<c r="D3".*?</c>', sheet).end()
    parts[_BRANCH] = sheet[:d3_end] + b3 + sheet[d3_end:]


def _add_part(name: str, data: bytes):
    """A shared-strings part the workbook's relationships point at (calamine reads it by its place)."""

    def edit(parts):
        parts[name] = data
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>' % name.encode())

    return edit


def _prolog(decl: bytes):
    def edit(parts):
        parts[_BRANCH] = decl + parts[_BRANCH]

    return edit


SHEETS = {
    # An encoding expat cannot read: the scan must not crash (it did: exit 3, a traceback in the log).
    "prolog-gbk": _prolog(b'<?xml version="1.0" encoding="GBK"?>\n'),
    "prolog-utf16-on-utf8": _prolog(b'<?xml version="1.0" encoding="UTF-16"?>\n'),
    "prolog-latin1": _prolog(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'),
    "bom": _prolog(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'),
    # Damage in a cell the check never asks for (A3 is a label): calamine refuses the sheet, openpyxl
    # then says what is wrong. The own reader read the named cells as if all were well.
    "number-cell-with-text": _cell_edit("A3", '<c r="A3" t="n"><v>abc</v></c>'),
    "shared-index-past-the-table": _cell_edit("A3", '<c r="A3" t="s"><v>5</v></c>'),
    "char-ref-zero": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t>a&#0;b</t></is></c>'),
    "char-ref-past-unicode": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t>a&#9999999;b</t></is></c>'),
    "char-ref-surrogate": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t>a&#xD800;b</t></is></c>'),
    "row-number-not-a-number": _sheet_edit(b'<row r="3" ', b'<row r="x" '),
    "row-number-zero": _sheet_edit(b'<row r="3" ', b'<row r="0" '),
    "dimension-without-range": _sheet_edit(b'<dimension ref="A1:D46" />', b"<dimension />"),
    "duplicate-r-attribute": _cell_edit("B5", '<c r="B5" r="B6" s="19" t="n"><v>34</v></c>'),
    # Read otherwise by calamine than by the own reader.
    "cell-written-twice": _cell_edit(
        "B3", '<c r="B3" s="12" t="inlineStr"><is><t>甲支部</t></is></c><c r="B3" s="12" t="inlineStr"><is><t>乙支部</t></is></c>'
    ),
    "cell-written-twice-in-two-rows": _sheet_edit(
        b'<row r="6" ht="8" customHeight="1"></row>',
        b'<row r="6" ht="8" customHeight="1"><c r="B3" t="inlineStr"><is><t>\xe4\xb9\x99</t></is></c></row>',
    ),
    "prefixed-sheetData-in-the-head": _sheet_edit(
        b'<dimension ref="A1:D46" />', b'<dimension ref="A1:D46" /><x:sheetData xmlns:x="urn:x"/>'
    ),
    # Text that makes calamine_safety send the sheet to openpyxl, which does not trim: not plain.
    "text-like-an-error-cell": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t> t="e" </t></is></c>'),
    "text-like-a-prefixed-cell": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t>x:c y</t></is></c>'),
    "far-cell": _sheet_edit(b"</sheetData>", b'<row r="9999"><c r="AA9999"><v>1</v></c></row></sheetData>'),
    "header-text-like-an-error-cell": _sheet_edit(b"<oddHeader>", b'<oddHeader>t="e"'),
    # Styles calamine reads otherwise than a loose reading would: the date style of 运一!D4, D8.
    "styles-single-quotes": _xf(18, b'numFmtId="164"', b"numFmtId='164'"),
    "styles-spaces-around-equals": _xf(18, b'numFmtId="164"', b'numFmtId = "164"'),
    "styles-attribute-twice": _xf(18, b'numFmtId="164"', b'numFmtId="0" numFmtId="164"'),
    "styles-prefixed-xf": _xf(3, b"<xf ", b'<x:xf xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '),
    "styles-dxf-number-format": _styles_edit(
        lambda d: d.replace(b"</cellXfs>", b'</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs>')
    ),
    # Shapes that hold (the guarantee, documented).
    "styles-number-format-twice": _styles_edit(
        lambda d: d.replace(b'formatCode="yyyy-mm-dd" />', b'formatCode="yyyy-mm-dd" /><numFmt numFmtId="164" formatCode="0.0" />')
    ),
    "style-index-leading-zeros": _cell_edit("D4", '<c r="D4" s="000018" t="n"><v>40415</v></c>'),
    "dimension-reversed": _sheet_edit(b'<dimension ref="A1:D46" />', b'<dimension ref="D46:A1" />'),
    "row-attributes-of-excel": _sheet_edit(b'<row r="3" ', b'<row r="3" spans="1:4" x14ac:dyDescent="0.25" '),
    "char-refs-fine": _cell_edit("A3", '<c r="A3" t="inlineStr"><is><t>&#1;&#xFFFE;&#x1F600;&#20013;</t></is></c>'),
    "non-bmp-and-tabs": _cell_edit("B9", '<c r="B9" s="24" t="inlineStr"><is><t>\t\U0001F600 \u4e2d\t</t></is></c>'),
    "huge-exponent": _cell_edit("B5", '<c r="B5" s="19" t="n"><v>1E400</v></c>'),
    "minus-zero": _cell_edit("B5", '<c r="B5" s="19" t="n"><v>-0</v></c>'),
    "small-exponent": _cell_edit("B5", '<c r="B5" s="19"><v>1.0E-3</v></c>'),
    "leading-dot": _cell_edit("B5", '<c r="B5" s="19"><v>.5</v></c>'),
    "leading-plus": _cell_edit("B5", '<c r="B5" s="19"><v>+5</v></c>'),
    "spaces-in-v": _cell_edit("B5", '<c r="B5" s="19"><v> 5 </v></c>'),
    "boolean-true-word": _cell_edit("B5", '<c r="B5" t="b"><v>true</v></c>'),
    "date-type": _cell_edit("D4", '<c r="D4" s="18" t="d"><v>2010-08-16T00:00:00</v></c>'),
    "last-day": _cell_edit("D4", '<c r="D4" s="18"><v>2958465</v></c>'),
    "past-the-last-day": _cell_edit("D4", '<c r="D4" s="18"><v>2958466</v></c>'),
    "cells-out-of-order": _move_b3_after_d3,
    # From the review of the reader. Each hostile part below made the scan's lazy regexes scan to the
    # end of the part from every unclosed tag (quadratic: a 37 KB file held a web worker for minutes).
    "shared-strings-unclosed-items": _add_part(
        "xl/sharedStrings.xml",
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si>" * 20000 + b"</sst>",
    ),
    "styles-unclosed-cell-xfs": _styles_edit(lambda d: d.replace(b"</styleSheet>", b"<cellXfs>" * 20000 + b"</styleSheet>")),
    "phonetic-runs-unclosed": _add_part(
        "xl/sharedStrings.xml",
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t>'
        + b"<rPh>" * 20000 + b"</si></sst>",
    ),
    # A style index of 5,000 digits: int() refuses it (exit 3 before), calamine reads style 19.
    "style-index-of-5000-digits": _cell_edit("D4", '<c r="D4" s="' + "0" * 5000 + '18" t="n"><v>40415</v></c>'),
    # An attribute value that calamine_safety reads as a prefixed cell keeps calamine away: so the reader too.
    "row-attribute-like-a-prefixed-cell": _sheet_edit(b'<row r="3" ', b'<row r="3" x14ac:note=":c x" '),
    "run-property-like-a-prefixed-formula": _cell_edit(
        "A3", '<c r="A3" t="inlineStr"><is><r><rPr><rFont val="a:f b"/></rPr><t>党支部</t></r></is></c>'
    ),
}


@pytest.mark.parametrize("case", sorted(SHEETS))
def test_whole_sheet_shapes_give_what_calamine_gives(tmp_path, case):
    from test_check_identity import check_json

    parts = _parts(SAMPLE)
    SHEETS[case](parts)
    path = tmp_path / f"{case}.xlsx"
    _write(path, parts)
    assert check_json(path) == check_json(path, "calamine")
    compare(path)
