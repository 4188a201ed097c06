"""The patching writer's own promises: what falls back to openpyxl, what survives, and the safety rules.

- Anything it does not understand goes to openpyxl, and the result says so.
- VBA, shapes and sheet extensions survive; LibreOffice opens and re-saves the
  result keeping every note.
- The hostile-file checks, atomic writes, no silent overwrite, lock files, the
  in-place backup and the office's own lists hold as on the openpyxl path.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.errors import UserError
from xladdin.jobs import check_file, mark_copy, mark_in_place, plan_for, summary_parts
from xladdin.marks.patch import writer as patch
from xladdin.marks.patch.writer import OPENPYXL, PATCH
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.plan import NOTE_SEPARATOR, issues_sheet
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADER_ROW

SHEET = "xl/worksheets/sheet3.xml"  # the template's first branch sheet (运一)
VBA_TYPE = "application/vnd.ms-office.vbaProject"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rezip(src: Path, dst: Path, edit=lambda _name, data: data, extra: dict | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit(info.filename, zin.read(info)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


@pytest.fixture
def book(make_book) -> Path:
    values = valid_values()
    values["c1_evidence"] = None
    remediating_values(values, 4)
    values["c4_owner"] = "无"
    return make_book({"运一": values})


# ---- what goes to openpyxl, and says so ---------------------------------------------------------

ALTERNATE = (b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
             b'<mc:Choice Requires="x14"><controls/></mc:Choice></mc:AlternateContent></worksheet>')
FALLBACKS = {
    "threaded comments": (lambda n, d: d, {"xl/threadedComments/threadedComment1.xml": b"<x/>"}, "新版批注"),
    "form controls": (lambda n, d: d, {"xl/ctrlProps/ctrlProp1.xml": b"<x/>"}, "表单控件"),
    "mc:AlternateContent": (lambda n, d: d.replace(b"</worksheet>", ALTERNATE) if n == SHEET else d, None, "控件"),
    "unusual namespaces": (lambda n, d: d.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(
        b"</worksheet>", b"</x:worksheet>") if n == SHEET else d, None, "无法逐部件改写"),
}


@pytest.mark.parametrize("case", list(FALLBACKS))
def test_what_it_does_not_understand_goes_to_openpyxl(book, tmp_path, case):
    edit, extra, words = FALLBACKS[case]
    src = rezip(book, tmp_path / "src.xlsx", edit, extra)
    checked = check_file(src)
    result = mark_copy(src, tmp_path / "marked.xlsx", *checked)
    assert result.writer == OPENPYXL and result.reason and words in result.describe()
    ws = load_workbook(result.path)["运一"]
    assert ws[form.cfield(1, "evidence").cell].comment is not None  # and openpyxl marked it


def test_strict_open_xml_is_not_patched(book, tmp_path):
    strict = rezip(book, tmp_path / "strict.xlsx", lambda n, d: d.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main")
        if n == "xl/workbook.xml" else d)
    plan = plan_for(check_file(book))
    with pytest.raises(NotUnderstood) as info:
        patch.build_marked(strict, tmp_path / "out.xlsx", plan, issues_sheet(plan))
    assert "严格" in info.value.what


# ---- what survives ---------------------------------------------------------------------------


def _with_vba_and_a_shape(book: Path, tmp_path: Path) -> Path:
    """The book as an .xlsm with a real VBA project (xlwings' add-in template) and a drawn arrow."""
    with zipfile.ZipFile(ROOT / "workbook" / "xladdin.xlam") as z:
        vba = z.read("xl/vbaProject.bin")
    arrow = (b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
             b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:from><xdr:col>5'
             b"</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
             b"<xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
             b'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Arrow 1"/><xdr:cNvSpPr/></xdr:nvSpPr>'
             b'<xdr:spPr><a:prstGeom prst="rightArrow"><a:avLst/></a:prstGeom></xdr:spPr></xdr:sp><xdr:clientData/>'
             b"</xdr:twoCellAnchor></xdr:wsDr>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
           b"</ext></extLst>")

    def edit(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                MACRO_MAIN.encode())
            return data.replace(b"</Types>", (
                f'<Default Extension="bin" ContentType="{VBA_TYPE}"/><Override PartName="/xl/drawings/drawing1.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>').encode())
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                                b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
        if name == SHEET:
            if b"xmlns:r=" not in data[:300]:
                data = data.replace(b"<worksheet ", f'<worksheet xmlns:r="{rel}" '.encode(), 1)
            return data.replace(b"</worksheet>", b'<drawing r:id="rIdArrow"/>' + ext + b"</worksheet>")
        return data

    sheet_rels = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  f'<Relationship Id="rIdArrow" Type="{rel}/drawing" Target="../drawings/drawing1.xml"/>'
                  "</Relationships>").encode()
    return rezip(book, tmp_path / "宏.xlsm", edit, {"xl/vbaProject.bin": vba, "xl/drawings/drawing1.xml": arrow,
                                                    "xl/worksheets/_rels/sheet3.xml.rels": sheet_rels})


def test_vba_shapes_and_extensions_survive_into_an_xlsm(book, tmp_path):
    src = _with_vba_and_a_shape(book, tmp_path)
    checked = check_file(src)
    result = mark_copy(src, tmp_path / "标记.xlsm", *checked)
    assert result.writer == PATCH, result.reason
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(result.path) as b:
        assert b.read("xl/vbaProject.bin") == a.read("xl/vbaProject.bin")
        assert b.read("xl/drawings/drawing1.xml") == a.read("xl/drawings/drawing1.xml")
        sheet = b.read(SHEET)
        assert b"<x14:dataValidations" in sheet and b'<drawing r:id="rIdArrow"/>' in sheet
        assert MACRO_MAIN.encode() in b.read("[Content_Types].xml")
        assert b"vbaProject" in b.read("xl/_rels/workbook.xml.rels")
    wb = load_workbook(result.path, keep_vba=True)
    assert wb["运一"][form.cfield(1, "evidence").cell].comment is not None
    # Into an .xlsx the macros cannot go: openpyxl writes it, warned about before it starts.
    from xladdin.marks.xlsx import marked_copy_warnings

    assert marked_copy_warnings(src, tmp_path / "标记.xlsm") == []
    assert any("宏" in w for w in marked_copy_warnings(src, tmp_path / "标记.xlsx"))
    plain = mark_copy(src, tmp_path / "标记.xlsx", *checked)
    assert plain.writer == OPENPYXL and "宏" in plain.describe() and plain.warnings == ()


def _soffice_resave(path: Path, outdir: Path) -> Path:
    from lo import TIMEOUT, soffice

    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(outdir), str(path)], capture_output=True, timeout=TIMEOUT, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / path.name


def _notes(path: Path) -> list[tuple]:
    wb = load_workbook(path)
    return sorted((ws.title, c.coordinate, c.comment.text) for ws in wb.worksheets for row in ws.iter_rows()
                  for c in row if c.comment)


@pytest.mark.usefixtures("soffice_required")
def test_libreoffice_reopens_and_resaves_keeping_every_note(tmp_path):
    from openpyxl.comments import Comment

    wb = load_workbook(SAMPLE)
    wb["电气"]["B30"].comment = Comment("讨论记录另附", "王梅保")  # a person's note on a cell that gets ours too
    src = tmp_path / "样表.xlsx"
    wb.save(src)
    checked = check_file(src)
    parts = summary_parts(checked.report, src.name, "0" * 64, data=checked.data)
    result = mark_copy(src, tmp_path / "标记.xlsx", *checked, parts=parts)
    assert result.writer == PATCH
    ours = _notes(result.path)
    assert {(s, c) for s, c, _ in ours} == {(m.sheet, m.cell) for m in plan_for(checked).cells}
    assert next(t for s, c, t in ours if (s, c) == ("电气", "B30")).startswith(f"讨论记录另附\n{NOTE_SEPARATOR}")
    resaved = _soffice_resave(result.path, tmp_path / "lo")
    assert _notes(resaved) == ours
    assert len(load_workbook(resaved)[form.SUMMARY_SHEET]._images) == 2  # the charts came through too


# ---- safety ------------------------------------------------------------------------------------


def test_an_existing_file_is_never_replaced_silently(book, tmp_path):
    out = tmp_path / "标记.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(UserError, match="已存在"):
        mark_copy(book, out, *check_file(book))
    assert out.read_bytes() == b"old"


def test_a_target_open_in_excel_is_refused(book, tmp_path):
    out = tmp_path / "标记.xlsx"
    (tmp_path / "~$标记.xlsx").write_bytes(b"lock")
    with pytest.raises(UserError):
        mark_copy(book, out, *check_file(book))
    assert not out.exists()


def test_in_place_backs_up_first_and_writes_by_patching(book, tmp_path):
    before = book.read_bytes()
    result = mark_in_place(book, *check_file(book))
    assert result.writer == PATCH and result.backup.read_bytes() == before
    assert load_workbook(book)["运一"][form.cfield(1, "evidence").cell].comment is not None
    assert NOTE_SEPARATOR in load_workbook(book)["运一"][form.cfield(1, "evidence").cell].comment.text


def test_a_hostile_part_is_refused_before_anything_is_written(book, tmp_path):
    bomb = rezip(book, tmp_path / "实体.xlsx", extra={
        "docProps/custom.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'})
    plan = plan_for(check_file(book))
    with pytest.raises(UserError) as info:
        patch.mark_copy(bomb, tmp_path / "out.xlsx", plan, issues_sheet(plan))
    assert info.value.code == "xml-entities" and not (tmp_path / "out.xlsx").exists()


def test_the_offices_own_summary_sheet_is_never_replaced(book, tmp_path):
    wb = load_workbook(book)
    wb.create_sheet(form.SUMMARY_SHEET)["A1"] = "办公室自己的汇总"
    src = tmp_path / "自有汇总.xlsx"
    wb.save(src)
    checked = check_file(src)
    parts = summary_parts(checked.report, src.name, "0" * 64, data=checked.data)
    with pytest.raises(UserError, match="不是本工具生成的"):
        mark_copy(src, tmp_path / "out.xlsx", *checked, parts=parts)
    assert not (tmp_path / "out.xlsx").exists()


def test_text_that_looks_like_a_formula_stays_text(make_book, tmp_path):
    values = valid_values("=SUM")
    values["c1_evidence"] = None
    src = make_book({"=SUM": values})
    result = mark_copy(src, tmp_path / "标记.xlsx", *check_file(src))
    assert result.writer == PATCH
    cell = load_workbook(result.path)[form.ISSUES_SHEET].cell(ISSUE_HEADER_ROW + 1, 2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM", "s", True)
