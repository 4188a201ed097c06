"""Both cell readers give identical plain data (WorkbookData), whatever the file holds.

The fast path (python-calamine, with openpyxl for sheets it must not load)
and the openpyxl path read the sample, the benchmark books, odd cell
contents, and every regression file a colleague adds under tests/regressions.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from conftest import SAMPLE, valid_values

from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.xlsx.calamine import CalamineSource, sheet_is_safe
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.sources import make_source

REGRESSIONS = Path(__file__).parent / "regressions"


def both(path: Path) -> tuple[dict, dict]:
    return dataclasses.asdict(read_workbook(path, "calamine")), dataclasses.asdict(read_workbook(path, "openpyxl"))


def assert_parity(path: Path) -> None:
    fast, slow = both(path)
    # "auto", the product path, reads through its own sheet scan (xlsx.sheet_scan): the same data again.
    assert dataclasses.asdict(read_workbook(path, "auto")) == fast
    for a, b in zip(fast["sheets"], slow["sheets"], strict=False):
        for name in form.FIELDS_BY_NAME:
            assert a["raw"].get(name) == b["raw"].get(name), (a["sheet"], name)
    assert fast == slow


def rezip(src: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, edit(item.filename, zin.read(item.filename)))
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    with open_package(path) as archive:
        return next(s.part for s in read_workbook_info(archive).sheets if s.name == sheet)


def test_sample():
    assert_parity(SAMPLE)


def test_sample_is_read_by_calamine_alone():
    with open_package(SAMPLE) as archive:
        info = read_workbook_info(archive)
    source = make_source(SAMPLE, info, "auto")
    try:
        assert isinstance(source, CalamineSource)
        source.read("运一", ["B3", "D4"])
        assert source._fallback is None  # no openpyxl on the fast path
    finally:
        source.close()


def test_bench_book(tmp_path):
    from bench.make_books import make_book

    assert_parity(make_book(12, tmp_path / "b12.xlsx"))


ODD_VALUES = {
    "secretary": "  史泽沛 ",
    "filled_by": "张\r\n晓宁",
    "member_count": 28.0,
    "fill_date": datetime(2010, 8, 25, 10, 30, 15),
    "c1_date": date(2010, 8, 16),
    "c2_date": time(9, 30),
    "c3_date": 40406,
    "c4_date": "2010年8月16日",
    "c1_actions": "=不是公式",
    "c2_actions": True,
    "c3_actions": 1e-7,
    "c4_actions": 12345678901234567,
    "c5_actions": "含 _x000D_ 转义",
    "c1_evidence": "",
    "honors": "#N/A",
}


def test_odd_cell_values(make_book):
    values = valid_values()
    values.update(ODD_VALUES)
    assert_parity(make_book({"运一": values}))


def test_formulas_go_to_openpyxl_and_agree(make_book):
    def formulas(wb):  # typed straight into cells, as Excel stores them (fill_by_names would keep them text)
        ws = wb["运一"]
        ws[form.cfield(1, "actions").cell] = '=HYPERLINK("http://x","点我")'
        ws[form.FIELDS_BY_NAME["member_count"].cell] = "=20+8"

    path = make_book({"运一": valid_values(), "电气": valid_values("电气")}, edit=formulas)
    assert_parity(path)
    data = read_workbook(path, "calamine")
    assert set(data.sheets[0].formulas) == {"c1_actions", "member_count"}


def _patch_sheet(path: Path, tmp_path: Path, sheet: str, edit, name: str) -> Path:
    part = sheet_part(path, sheet)
    return rezip(path, tmp_path / name, lambda n, d: edit(d) if n == part else d)


def test_cjk_builtin_date_format_and_1904(make_book, tmp_path):
    # WPS and Chinese Excel store 2010年8月16日 as built-in numFmtId 31 with no format code.
    src = make_book({"运一": valid_values()})

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/styles.xml":
            data = re.sub(rb"<numFmts[^>]*>.*?</numFmts>", b"", data, flags=re.S)
            return re.sub(rb'numFmtId="1\d\d"', b'numFmtId="31"', data)
        if name == "xl/workbook.xml":
            return data.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
        return data

    path = rezip(src, tmp_path / "cjk1904.xlsx", edit)
    assert_parity(path)
    data = read_workbook(path, "calamine")
    assert data.epoch1904 and isinstance(data.sheets[0].raw["fill_date"], datetime)


def test_escapes_inline_and_rich_text(make_book, tmp_path):
    src = make_book({"运一": valid_values()})
    cell = form.FIELDS_BY_NAME["highlights"].cell
    rich = (f'<c r="{cell}" t="inlineStr"><is><r><t>互看</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 互查_x000A_</t></r>'
            f'<rPh sb="0" eb="1"><t>フリ</t></rPh></is></c>').encode()

    def edit(data: bytes) -> bytes:
        return re.sub(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)'.encode(), rich, data, count=1, flags=re.S)

    assert_parity(_patch_sheet(src, tmp_path, "运一", edit, "rich.xlsx"))


# Each edit, and whether calamine may then load the sheet (tests/test_calamine_safety.py shows why).
SUSPICIOUS = {
    "far-cell": (lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'), False),
    "far-empty-string": (
        lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row></sheetData>'),
        False,
    ),
    "stretched-dimension": (lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d), True),
    "far-empty-styled-cell": (lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'), True),
    "cell-without-r": (lambda d: d.replace(b"</sheetData>", b'<row r="60"><c><v>1</v></c></row></sheetData>'), False),
}


@pytest.mark.parametrize("kind", sorted(SUSPICIOUS))
def test_suspicious_sheets_bypass_calamine_and_agree(make_book, tmp_path, kind):
    src = make_book({"运一": valid_values()})
    edit, safe = SUSPICIOUS[kind]
    path = _patch_sheet(src, tmp_path, "运一", edit, f"{kind}.xlsx")
    with zipfile.ZipFile(path) as z:
        assert sheet_is_safe(z.read(sheet_part(path, "运一"))) is safe
    assert_parity(path)


def test_unknown_engine_refused(tmp_path):
    with pytest.raises(ValueError, match="engine"):
        read_workbook(SAMPLE, "xlrd")


REGRESSION_FILES = sorted(REGRESSIONS.glob("*.xlsx")) if REGRESSIONS.is_dir() else []


def test_the_regression_files_are_there():
    """Losing the corpus must fail, not quietly run no case."""
    assert len(REGRESSION_FILES) >= 2, REGRESSIONS


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=lambda p: p.name)
def test_regression_files(path):
    outcomes = []
    for engine in ("calamine", "openpyxl"):
        try:
            outcomes.append(dataclasses.asdict(read_workbook(path, engine)))
        except UserError as exc:
            outcomes.append(("UserError", type(exc).__name__))
    assert outcomes[0] == outcomes[1]
