"""Files that are not what they claim, and hostile files: each gets a result or one clear Chinese line.

Every case builds its file in tmp_path, runs `check` in-process, expects exit 2
(or a correct result) with no traceback, and proves the input bytes unchanged.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import valid_values

from xladdin.cli.commands import main
from xladdin.errors import UserError
from xladdin.jobs import check_file
from xladdin.marks.plan import MarkPlan
from xladdin.marks.xlsx import write_marked_copy
from xladdin.spec import form
from xladdin.xlsx.package import MAX_RATIO
from xladdin.xlsx.parts import MAX_SHEETS, read_workbook_info

# ---- helpers shared by the other hostile/damaged test files ------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def rezip(src: Path, dst: Path, edits: dict | None = None, extra: dict | None = None) -> Path:
    """Copy a package, replacing parts: edits maps name -> bytes, a bytes -> bytes function, or None to drop."""
    edits, extra = edits or {}, extra or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                edit = edits[info.filename]
                if edit is None:
                    continue
                data = edit(data) if callable(edit) else edit
            zout.writestr(info.filename, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as z:
        return next(s.part for s in read_workbook_info(z).sheets if s.name == sheet)


def expect_refusal(path: Path, *words: str) -> str:
    """check exits 2 with one Chinese line naming the problem; the file is untouched."""
    before = digest(path)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    for word in words:
        assert word in result.output, result.output
    assert digest(path) == before
    return result.output


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding the given streams, as old .xls and encrypted files are."""
    sector = 512
    body, fat, entries = b"", [0xFFFFFFFD, 0xFFFFFFFE], []  # sector 0: FAT, sector 1: directory
    for name, data in streams.items():
        data = data.ljust(4096, b"\0")  # at the mini-stream cutoff, so regular sectors hold it
        start, count = len(fat), -(-len(data) // sector)
        fat += [*range(start + 1, start + count), 0xFFFFFFFE]
        body += data.ljust(count * sector, b"\0")
        entries.append((name, 2, start, len(data)))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, 0xFFFFFFFF, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, 1 if entries else 0xFFFFFFFF, 0xFFFFFFFF)
    for i, (name, kind, start, size) in enumerate(entries, start=1):
        directory += entry(name, kind, start, size, 0xFFFFFFFF, i + 1 if i < len(entries) else 0xFFFFFFFF)
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    return header + fat_sector + directory + body


@pytest.fixture
def good_book(make_book) -> Path:
    return make_book({"运一": valid_values()})


# ---- 1. not a workbook -------------------------------------------------------------


def test_random_bytes(tmp_path):
    path = tmp_path / "随机.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    expect_refusal(path, "不是有效的 .xlsx")


def test_csv_renamed_xlsx(tmp_path):
    path = tmp_path / "报表.xlsx"
    path.write_text("序号,支部\n1,运一\n", encoding="gbk")
    expect_refusal(path, "CSV")


def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    expect_refusal(path, "空文件")


def test_truncated_zip(good_book, tmp_path):
    path = tmp_path / "截断.xlsx"
    path.write_bytes(good_book.read_bytes()[: good_book.stat().st_size // 2])
    expect_refusal(path, "不完整")


# ---- 2. other formats ----------------------------------------------------------------


def test_old_xls_says_save_as_xlsx(tmp_path):
    path = tmp_path / "旧表.xls"
    path.write_bytes(cfb({"Workbook": b"\x09\x08" + b"\0" * 100}))
    expect_refusal(path, ".xls", "另存为")


def test_xls_renamed_xlsx_is_recognised_by_content(tmp_path):
    path = tmp_path / "旧表.xlsx"
    path.write_bytes(cfb({"Workbook": b"\x09\x08"}))
    expect_refusal(path, "97-2003")


def test_xlsb_and_ods_say_save_as(tmp_path):
    xlsb = tmp_path / "表.xlsb"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    expect_refusal(xlsb, ".xlsb", "定义名称", "另存为")
    ods = tmp_path / "表.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    expect_refusal(ods, ".ods", "另存为")


def test_a_zip_of_attachments_says_unzip_first(good_book, tmp_path):
    attachments = tmp_path / "邮件附件.zip"
    with zipfile.ZipFile(attachments, "w") as z:
        z.write(good_book, "运一_回头看填报表.xlsx")
        z.write(good_book, "电气_回头看填报表.xlsx")
    said = expect_refusal(attachments, "“邮件附件.zip”是压缩包，不是工作簿", "请先解压", ".xlsx 文件")
    assert "内容类型清单" not in said and "另存为" not in said
    renamed = tmp_path / "附件.xlsx"  # the same archive under a workbook's name: still an archive
    renamed.write_bytes(attachments.read_bytes())
    expect_refusal(renamed, "是压缩包", "请先解压")


def test_a_workbook_that_lost_its_content_types_is_still_called_damaged(good_book, tmp_path):
    damaged = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(good_book) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for item in zin.infolist():
            if item.filename != "[Content_Types].xml":
                zout.writestr(item, zin.read(item))
    said = expect_refusal(damaged, "不是有效的 .xlsx 工作簿")
    assert "压缩包" not in said


def _with_vba(src: Path, dst: Path) -> Path:
    def content_types(data: bytes) -> bytes:
        data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        return data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')

    def rels(data: bytes) -> bytes:
        return data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
                            b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>')

    return rezip(src, dst, {"[Content_Types].xml": content_types, "xl/_rels/workbook.xml.rels": rels},
                 {"xl/vbaProject.bin": cfb({"VBA": b"Attribute VB_Name"})})


def test_xlsm_checks_and_marks_like_xlsx_keeping_vba(make_book, tmp_path):
    values = valid_values()
    values["c2_status"] = None
    src = _with_vba(make_book({"运一": values}), tmp_path / "宏.xlsm")
    before = digest(src)
    out = tmp_path / "宏-标记.xlsm"
    result = run("check", src, "--mark", out)
    assert result.exit_code == 1 and "status-missing" not in result.output
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    assert digest(src) == before


def test_xlsm_marked_as_xlsx_warns_that_vba_is_left_out(make_book, tmp_path):
    src = _with_vba(make_book({"运一": valid_values()}), tmp_path / "宏.xlsm")
    out = tmp_path / "标记.xlsx"
    result = CliRunner().invoke(main, ["check", str(src), "--mark", str(out)])
    assert result.exit_code == 0, result.output
    assert "标记副本将不包含" in result.stderr and "VBA" in result.stderr
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" not in z.namelist()


# ---- 3. password-protected ---------------------------------------------------------


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": os.urandom(64)}))
    out = expect_refusal(path, "工作簿设有打开密码")
    assert "旧版" not in out


# ---- 4. not a file ------------------------------------------------------------------


def test_lock_file_directory_and_missing_path(good_book, tmp_path):
    lock = tmp_path / "~$工作簿.xlsx"
    lock.write_bytes(b"\x0bsomeone" + b"\0" * 150)
    expect_refusal(lock, "锁定文件")
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    assert run("check", folder).exit_code == 2 and "文件夹" in run("check", folder).output
    missing = run("check", tmp_path / "没有.xlsx")
    assert missing.exit_code == 2 and "找不到文件" in missing.output


# ---- 5. zip bombs --------------------------------------------------------------------


def test_zip_bomb_refused_before_inflating(good_book, tmp_path):
    path = rezip(good_book, tmp_path / "炸弹.xlsx", extra={"xl/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/media/zeros.bin")
        assert info.file_size / info.compress_size > MAX_RATIO
    tracemalloc.start()
    expect_refusal(path, "压缩炸弹")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # the 20 MB part was never inflated


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    """Rewrite the central directory so member claims to inflate to `declared` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at + 1)) != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, declared)
            break
    path.write_bytes(bytes(data))


def test_declared_size_that_lies_is_bounded(good_book, tmp_path):
    path = rezip(good_book, tmp_path / "谎报.xlsx")
    _lie_about_size(path, "xl/workbook.xml", 200)
    expect_refusal(path, "损坏")


# ---- 6. XML attacks -------------------------------------------------------------------

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>')
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_prolog(prolog: bytes, entity_use: bytes = b""):
    def edit(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        if entity_use:
            body = body.replace(b"</sheetData>", b'<row r="60"><c r="A60" t="inlineStr"><is><t>' + entity_use
                                + b"</t></is></c></row></sheetData>", 1)
        return prolog + body
    return edit


@pytest.mark.parametrize("prolog", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_in_workbook_xml_refused(good_book, tmp_path, prolog):
    path = rezip(good_book, tmp_path / "实体.xlsx", {"xl/workbook.xml": _with_prolog(prolog)})
    expect_refusal(path, "实体")


@pytest.mark.parametrize("prolog", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_in_sheet_xml_refused_on_every_path(good_book, tmp_path, prolog):
    part = sheet_part(good_book, "运一")
    path = rezip(good_book, tmp_path / "实体.xlsx", {part: _with_prolog(prolog, b"&lol3;&xxe;")})
    expect_refusal(path, "实体")
    for engine in ("openpyxl", "auto"):
        with pytest.raises(UserError, match="实体"):
            check_file(path, engine)
    with pytest.raises(UserError, match="实体"):
        write_marked_copy(path, tmp_path / "out.xlsx", MarkPlan())
    assert not (tmp_path / "out.xlsx").exists()


def test_entity_hidden_after_a_long_comment_still_refused_by_the_parsers(good_book, tmp_path):
    # A DOCTYPE may follow any amount of comment; calamine would skip it silently, so the pre-scan must not stop early.
    comment = b"<!--" + os.urandom(700_000).hex().encode() + b"-->"
    part = sheet_part(good_book, "运一")
    path = rezip(good_book, tmp_path / "长注释.xlsx", {part: _with_prolog(b'<?xml version="1.0"?>' + comment + XXE[21:])})
    for engine in ("openpyxl", "auto"):
        with pytest.raises(UserError, match="实体"):
            check_file(path, engine)
    with pytest.raises(UserError, match="实体"):
        write_marked_copy(path, tmp_path / "out.xlsx", MarkPlan())


def test_openpyxl_parser_error_names_the_entity(good_book, tmp_path):
    from xladdin.xlsx.read import library_errors

    with pytest.raises(UserError, match="实体"), library_errors(good_book):
        from openpyxl import load_workbook

        part = sheet_part(good_book, "运一")
        path = rezip(good_book, tmp_path / "x.xlsx", {part: _with_prolog(XXE)})
        load_workbook(path)  # bypassing the pre-scan: defusedxml inside openpyxl refuses


# ---- 7. huge dimensions ----------------------------------------------------------------


def _far_cell(data: bytes) -> bytes:
    data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>', 1)
    start = data.find(b"<dimension ref=")
    end = data.find(b"/>", start)
    return data[:start] + b'<dimension ref="A1:XFD1048576"' + data[end:]


# A guard against hangs and runaway work (a quadratic scan takes minutes), not a speed
# measurement: speed is measured in bench/ as same-run ratios, never in tests.
HANG_SECONDS = 90.0


def _bounded(call, mb: int = 60, seconds: float = HANG_SECONDS):
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        result = call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    elapsed = time.perf_counter() - t0
    assert peak < mb * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"
    assert elapsed < seconds, f"{elapsed:.1f} s"
    return result


def test_far_cell_and_stretched_dimension_read_bounded(good_book, tmp_path):
    part = sheet_part(good_book, "运一")
    path = rezip(good_book, tmp_path / "远.xlsx", {part: _far_cell})
    assert path.stat().st_size < 40_000
    before = digest(path)
    for engine in ("openpyxl", "auto"):
        _, report = _bounded(lambda e=engine: check_file(path, e))
        assert report.valid and [b.sheet for b in report.branches] == ["运一"]
    out = tmp_path / "远-标记.xlsx"
    _bounded(lambda: run("check", path, "--mark", out))
    assert out.exists() and digest(path) == before


def test_tiny_file_with_only_a_far_cell(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["XFD1048576"] = 1
    wb.save(tmp_path / "a.xlsx")
    path = rezip(tmp_path / "a.xlsx", tmp_path / "只有远处.xlsx")
    assert path.stat().st_size < 10_000
    _bounded(lambda: expect_refusal(path, "没有找到任何支部填报表"))


def test_name_pointing_far_away_is_not_followed(make_book, tmp_path):
    def throw_far(wb):
        wb["运一"].defined_names["secretary"].attr_text = "'运一'!$XFD$1048576"

    path = make_book({"运一": valid_values()}, edit=throw_far)
    _, report = _bounded(lambda: check_file(path, "openpyxl"))
    assert ("运一", "names-missing") in {(f.sheet, f.code) for f in report.findings}


def test_huge_merge_refused_on_the_mark_path(good_book, tmp_path):
    part = sheet_part(good_book, "运一")
    # A threaded comment sends the workbook to the openpyxl writer, which would build every merged cell.
    path = rezip(good_book, tmp_path / "合并.xlsx", {part: lambda d: d.replace(
        b"</mergeCells>", b'<mergeCell ref="F1:XFD1048576"/></mergeCells>', 1)},
        {"xl/threadedComments/threadedComment1.xml": b"<x/>"})
    _bounded(lambda: check_file(path))  # reading is unaffected
    out = tmp_path / "合并-标记.xlsx"
    result = _bounded(lambda: run("check", path, "--mark", out))
    assert result.exit_code == 2 and "合并单元格过大" in result.output
    assert not out.exists()


def test_huge_merge_costs_the_patching_writer_nothing(good_book, tmp_path):
    part = sheet_part(good_book, "运一")
    path = rezip(good_book, tmp_path / "合并.xlsx", {part: lambda d: d.replace(
        b"</mergeCells>", b'<mergeCell ref="F1:XFD1048576"/></mergeCells>', 1)})
    out = tmp_path / "合并-标记.xlsx"
    result = _bounded(lambda: run("check", path, "--mark", out))
    assert result.exit_code == 0 and "只改写标记涉及的部分" in result.output
    assert out.exists()


# ---- 8. many sheets, rows, long cells --------------------------------------------------


def test_too_many_sheets_is_a_clear_limit(good_book, tmp_path):
    def many(data: bytes) -> bytes:
        extra = b"".join(b'<sheet name="s%d" sheetId="%d" r:id="rId1"/>' % (i, 1000 + i) for i in range(MAX_SHEETS))
        return data.replace(b"</sheets>", extra + b"</sheets>", 1)

    path = rezip(good_book, tmp_path / "多表.xlsx", {"xl/workbook.xml": many})
    _bounded(lambda: expect_refusal(path, "工作表", str(MAX_SHEETS)))


def test_many_rows_after_the_form_cost_nothing(good_book, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(100, 150_100))
    part = sheet_part(good_book, "运一")
    path = rezip(good_book, tmp_path / "多行.xlsx", {part: lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>", 1)})
    _, report = _bounded(lambda: check_file(path, "openpyxl"))
    assert report.valid


def test_cells_of_32767_characters(make_book, tmp_path):
    values = valid_values()
    values["highlights"] = "长" * 32_767
    values["member_count"] = "二十八" * 10_000
    path = make_book({"运一": values})
    _, report = _bounded(lambda: check_file(path))
    (finding,) = [f for f in report.findings if f.code == "member-count-invalid"]
    assert len(finding.message) < 300
    out = tmp_path / "长-标记.xlsx"
    assert run("check", path, "--mark", out).exit_code == 1 and out.exists()


# ---- 10. control characters in what we write -------------------------------------------


def test_control_characters_in_branch_text_do_not_corrupt_the_marked_copy(make_book, tmp_path):
    values = valid_values()
    values["member_count"] = "CTRLMARK"
    src = make_book({"运一": values})
    # Excel stores control characters as _xHHHH_ escapes; openpyxl refuses to write them raw.
    path = rezip(src, tmp_path / "控制符.xlsx", {"xl/sharedStrings.xml": lambda d: d.replace(
        b"CTRLMARK", b"28_x0001__x001B_[31m\xe4\xba\xba\n=1+1")})
    before = digest(path)
    out = tmp_path / "控制符-标记.xlsx"
    result = run("check", path, "--mark", out)
    assert result.exit_code == 1, result.output
    from openpyxl import load_workbook

    wb = load_workbook(out)
    note = wb["运一"][form.FIELDS_BY_NAME["member_count"].cell].comment.text
    assert "\x01" not in note and "\x1b" not in note and "28" in note
    assert digest(path) == before
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None


@pytest.mark.parametrize("prolog", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_a_doctype_in_a_part_no_reader_parses_is_refused_at_the_door(good_book, tmp_path, prolog):
    """The package check is the one layer that sees every XML part, parsed later or not (docProps/app.xml is not)."""
    path = rezip(good_book, tmp_path / "属性.xlsx", {"docProps/app.xml": _with_prolog(prolog)})
    with zipfile.ZipFile(path) as z:
        assert "docProps/app.xml" in z.namelist()
    expect_refusal(path, "实体")
