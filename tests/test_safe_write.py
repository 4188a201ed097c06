"""Writing safely: literal text, no overwriting the input, locked targets, failed writes, nothing lost silently."""

from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import remediating_values, valid_values
from openpyxl import Workbook, load_workbook
from test_hostile import digest, rezip, run, sheet_part

from xladdin.cli.commands import main
from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.xlsx import write as safe_write

INJECTIONS = {
    "highlights": '=HYPERLINK("http://x","点我")',
    "c1_shortcomings": "+cmd|' /C calc'!A0",
    "c1_remedy": "-2+3",
    "c1_owner": "@SUM(A1)",
    "honors": "#N/A",
    "problems": "=1+1",
}


@pytest.fixture
def injected(make_book) -> Path:
    values = valid_values()
    remediating_values(values, 1)
    values.update(INJECTIONS)
    values["c2_status"] = "=1+1"  # also quoted back inside messages
    return make_book({"运一": values})


def _no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml and 't="e"' not in xml, name


# ---- 9. injection stays text --------------------------------------------------------------


def test_fill_writes_strings_as_text(injected):
    ws = load_workbook(injected)["运一"]
    for name, text in INJECTIONS.items():
        cell = ws[form.FIELDS_BY_NAME[name].cell]
        assert (cell.value, cell.data_type) == (text, "s")
    _no_formulas(injected)


def test_injection_stays_literal_in_marked_copy_and_messages(injected, tmp_path):
    out = tmp_path / "标记.xlsx"
    result = run("check", injected, "--mark", out, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert any('“=1+1”' in f["message"] for f in data["findings"])
    wb = load_workbook(out)
    for name, text in INJECTIONS.items():
        cell = wb["运一"][form.FIELDS_BY_NAME[name].cell]
        assert (cell.value, cell.data_type) == (text, "s")
    for row in wb[form.ISSUES_SHEET].iter_rows():
        for cell in row:
            assert cell.data_type not in ("f", "e")
    _no_formulas(out)


def test_injection_stays_literal_in_the_summary(injected, tmp_path):
    assert "summary" in main.commands
    out = tmp_path / "汇总.xlsx"
    result = run("summary", injected, "-o", out)
    # The summary reports the branches' errors; writing it succeeded, so 0 (test_summary_command: the sample too).
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    seen = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert '=HYPERLINK("http://x","点我")' in seen
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)


# ---- 15. output = input -------------------------------------------------------------------


def test_mark_onto_input_refused_without_in_place(injected):
    before = digest(injected)
    result = run("check", injected, "--mark", injected)
    assert result.exit_code == 2 and "--in-place" in result.output
    assert digest(injected) == before


def test_in_place_keeps_a_backup_first(injected):
    before = digest(injected)
    result = run("check", injected, "--in-place")
    assert result.exit_code == 1, result.output
    (backup,) = injected.parent.glob(f"{injected.stem}.bak-*.xlsx")
    assert digest(backup) == before
    assert form.ISSUES_SHEET in load_workbook(injected).sheetnames
    assert not list(injected.parent.glob(".*.tmp*"))


# ---- 16. locked or unwritable target --------------------------------------------------------


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".tmp" in p.name]


def test_target_open_in_excel(injected, tmp_path):
    out = tmp_path / "标记.xlsx"
    out.write_bytes(b"old")
    (tmp_path / "~$标记.xlsx").write_bytes(b"\x05owner")
    result = run("check", injected, "--mark", out)
    assert result.exit_code == 2 and "正在 Excel" in result.output
    assert out.read_bytes() == b"old" and not _leftovers(tmp_path)


def test_in_place_on_an_open_workbook_changes_nothing(injected):
    before = digest(injected)
    (injected.parent / f"~${injected.name}").write_bytes(b"\x05owner")
    result = run("check", injected, "--in-place")
    assert result.exit_code == 2 and "正在 Excel" in result.output
    assert digest(injected) == before and not list(injected.parent.glob("*.bak-*"))


def test_replace_refused_by_the_system(injected, tmp_path, monkeypatch):
    # Tests run as root, so a read-only folder is simulated where the OS would refuse.
    out = tmp_path / "标记.xlsx"
    out.write_bytes(b"old")

    def refuse(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_write.os, "replace", refuse)
    result = run("check", injected, "--mark", out, "--force")
    assert result.exit_code == 2 and "被占用" in result.output
    assert out.read_bytes() == b"old" and not _leftovers(tmp_path)


def test_read_only_folder(tmp_path):
    def write(_tmp):
        raise PermissionError(errno.EROFS, "Read-only file system")

    with pytest.raises(UserError, match="没有写入权限"):
        safe_write.atomic_write(tmp_path / "x.xlsx", write)
    assert not list(tmp_path.iterdir())


# ---- 17. the write fails half way ------------------------------------------------------------


def _half_then(exc: BaseException):
    def save(_wb, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise exc

    return save


@pytest.mark.parametrize("exc,expect", [(OSError(errno.ENOSPC, "No space left on device"), UserError),
                                        (KeyboardInterrupt(), KeyboardInterrupt)])
def test_half_written_file_never_replaces_the_target(injected, tmp_path, monkeypatch, exc, expect):
    out = tmp_path / "标记.xlsx"
    Workbook().save(out)
    before = digest(out)
    monkeypatch.setattr(Workbook, "save", _half_then(exc))
    # The patching writer, tried first, fails the same way half way through its zip.
    monkeypatch.setattr("xladdin.marks.patch.opc.write_zip", lambda _src, target, _parts: _half_then(exc)(None, target))
    from xladdin.jobs import check_file, mark_file

    data, report = check_file(injected)
    with pytest.raises(expect) as info:
        mark_file(injected, out, data, report, replace=True)
    if expect is UserError:
        assert "磁盘空间不足" in str(info.value)
    assert digest(out) == before and not _leftovers(tmp_path)


def test_a_written_file_that_does_not_reopen_is_not_moved(tmp_path):
    out = tmp_path / "x.xlsx"
    with pytest.raises(UserError, match="校验失败"):
        safe_write.atomic_write(out, lambda p: p.write_bytes(b"PK\x03\x04 not a zip"))
    assert not out.exists() and not list(tmp_path.iterdir())


# ---- 18. what openpyxl would drop -------------------------------------------------------------


def test_marked_copy_keeps_validations_names_styles_protection_print_setup_and_images(make_book, tmp_path):
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    png = tmp_path / "章.png"
    PILImage.new("RGB", (20, 20), "red").save(png)

    def add_image(wb):
        wb["运一"].add_image(Image(str(png)), "F3")

    values = valid_values()
    values["c1_status"] = None
    src = make_book({"运一": values}, edit=add_image)
    out = tmp_path / "标记.xlsx"
    assert run("check", src, "--mark", out).exit_code == 1
    a, b = load_workbook(src), load_workbook(out)
    wa, wb_ = a["运一"], b["运一"]
    assert len(wb_._images) == 1
    assert [dv.sqref for dv in wa.data_validations.dataValidation] == [dv.sqref for dv in wb_.data_validations.dataValidation]
    assert {n: d.attr_text for n, d in wa.defined_names.items()} == {n: d.attr_text for n, d in wb_.defined_names.items()}
    assert set(a.defined_names) == set(b.defined_names)
    assert wb_.protection.sheet and wb_.page_setup.paperSize == wa.page_setup.paperSize
    assert (wb_.page_setup.orientation, wb_.print_title_rows) == (wa.page_setup.orientation, wa.print_title_rows)
    secretary = form.FIELDS_BY_NAME["secretary"].cell
    style = [(c.font.name, c.font.sz, c.fill.fgColor.rgb, c.protection.locked, c.number_format)
             for c in (wa[secretary], wb_[secretary])]
    assert style[0] == style[1]
    assert sorted(map(str, wb_.merged_cells.ranges)) == sorted(map(str, wa.merged_cells.ranges))


SHAPE = (b'<xdr:twoCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row>'
         b'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row>'
         b'<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="9" name="Arrow 1"/>'
         b'<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>')
EXT = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
       b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
       b"</ext></extLst></worksheet>")


def _shapes_and_extensions(make_book, tmp_path, extra: dict | None = None):
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    png = tmp_path / "章.png"
    PILImage.new("RGB", (20, 20), "red").save(png)
    src = make_book({"运一": valid_values()}, edit=lambda wb: wb["运一"].add_image(Image(str(png)), "F3"))
    with zipfile.ZipFile(src) as z:
        drawing = next(n for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    part = sheet_part(src, "运一")
    return rezip(src, tmp_path / "形状.xlsx", {
        drawing: lambda d: d.replace(b"</wsDr>", SHAPE.replace(b"xdr:", b"") + b"</wsDr>"),  # openpyxl's default namespace
        part: lambda d: d.replace(b"</worksheet>", EXT),
    }, extra), drawing, part


def test_warns_before_dropping_shapes_and_extensions(make_book, tmp_path):
    # A threaded comment sends the workbook to the openpyxl writer, which drops shapes and extensions.
    path, _, _ = _shapes_and_extensions(make_book, tmp_path, {"xl/threadedComments/threadedComment1.xml": b"<x/>"})
    before = digest(path)
    out = tmp_path / "标记.xlsx"
    result = run("check", path, "--mark", out)
    assert result.exit_code == 0, result.output
    assert "标记副本将不包含" in result.stderr and "形状" in result.stderr and "扩展功能" in result.stderr
    assert "整本重写" in result.stdout
    assert digest(path) == before and out.exists()


def test_the_patching_writer_keeps_shapes_and_extensions_and_says_so(make_book, tmp_path):
    path, drawing, part = _shapes_and_extensions(make_book, tmp_path)
    out = tmp_path / "标记.xlsx"
    result = run("check", path, "--mark", out)
    assert result.exit_code == 0, result.output
    assert "标记副本将不包含" not in result.stderr and "只改写标记涉及的部分" in result.stdout
    with zipfile.ZipFile(out) as z:
        assert b'name="Arrow 1"' in z.read(drawing)
        assert b"<x14:dataValidations" in z.read(part)


def test_no_warning_for_a_plain_template(make_book, tmp_path):
    result = run("check", make_book({"运一": valid_values()}), "--mark", tmp_path / "o.xlsx")
    assert result.exit_code == 0 and "标记副本将不包含" not in result.stderr
    assert os.path.exists(tmp_path / "o.xlsx")


def test_two_backups_within_one_second_are_both_kept(tmp_path):
    from datetime import datetime

    book = tmp_path / "填报表.xlsx"
    now = datetime(2010, 9, 12, 9, 30, 5)
    book.write_bytes(b"first")
    first = safe_write.backup(book, now)
    book.write_bytes(b"second")
    second = safe_write.backup(book, now)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
    assert first.name == "填报表.bak-20100912-093005.xlsx"
