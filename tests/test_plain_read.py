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

from xladdin.xlsx.calamine import CalamineSource
from xladdin.xlsx.cells import OpenpyxlSource
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.sheet_scan import scan_sheets

_REF = re.compile(rb'<c r="([A-Z]+[0-9]+)"')
REFERENCE_BOOKS = sorted(
    [*(p for p in (ROOT / "tests" / "regressions").glob("*.xlsx") if not p.name.startswith("zlib-")), *(ROOT / "tests" / "data" / "clerk").glob("*.xlsx"),
     *(ROOT.parent / "shared" / "excel-made").glob("*.xlsx")]
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
    source = CalamineSource(path, info, fallback=lambda: OpenpyxlSource(path))
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
