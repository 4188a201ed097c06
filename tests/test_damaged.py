"""Damaged or edited templates, formulas in inputs, odd data, and the repair command."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import remediating_values, rename_sheet, valid_values
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from test_hostile import digest, rezip, run, sheet_part

from xladdin.forms.repair import repair_workbook
from xladdin.jobs import check_file
from xladdin.spec import form


def codes(path) -> set[tuple[str, str | None, str]]:
    _, report = check_file(path)
    return {(f.sheet, f.cell, f.code) for f in report.findings}


def cell(name: str) -> str:
    return form.FIELDS_BY_NAME[name].cell


# ---- 11. damaged templates --------------------------------------------------------


def test_renamed_branch_sheet(make_book):
    def rename(wb):
        rename_sheet(wb, "运一", "运1")

    found = codes(make_book({"运一": valid_values()}, edit=rename))
    # One finding that says what happened and both ways to fix it.
    assert {(s, c) for s, _, c in found} == {("运1", "sheet-renamed")}


def test_deleted_branch_sheet(make_book):
    def delete(wb):
        del wb["电气"]

    found = codes(make_book({"运一": valid_values()}, branches=("运一", "电气"), edit=delete))
    assert found == {(form.SETTINGS_SHEET, f"A{form.BRANCH_TABLE_FIRST_ROW + 1}", "branch-sheet-missing")}


def _duplicate(wb):
    # Excel's "Move or Copy → create a copy" copies the sheet-scoped names with the sheet.
    src = wb["运一"]
    copy = wb.copy_worksheet(src)
    copy.title = "运一 (2)"
    for name, dn in src.defined_names.items():
        copy.defined_names[name] = DefinedName(name, attr_text=dn.attr_text.replace("'运一'", "'运一 (2)'"))


def test_duplicated_branch_sheet(make_book):
    found = codes(make_book({"运一": valid_values()}, edit=_duplicate))
    assert ("运一 (2)", cell("branch_name"), "branch-duplicate") in found
    assert ("运一 (2)", None, "branch-not-listed") in found


def test_missing_defined_names(make_book):
    def drop(wb):
        del wb["运一"].defined_names["secretary"]
        del wb["运一"].defined_names["c3_status"]

    found = codes(make_book({"运一": valid_values()}, edit=drop))
    assert ("运一", None, "names-missing") in found


def _insert_rows_like_excel(wb, sheet: str, at: int, count: int) -> None:
    """Insert rows and move the names with them, as Excel does (openpyxl moves neither names nor merges)."""
    ws = wb[sheet]
    ws.insert_rows(at, count)
    for merged in ws.merged_cells.ranges:
        if merged.min_row >= at:
            merged.shift(row_shift=count)
    for dn in ws.defined_names.values():
        quoted, ref = dn.attr_text.split("!")
        col, row = ref.replace("$", " ").split()
        if int(row) >= at:
            dn.attr_text = f"{quoted}!${col}${int(row) + count}"


def test_rows_inserted_above_the_fields_still_read_through_names(make_book):
    path = make_book({"运一": valid_values()}, edit=lambda wb: _insert_rows_like_excel(wb, "运一", 3, 2))
    _, report = check_file(path)
    assert report.valid, [f.message for f in report.findings]
    assert report.branches[0].values["secretary"] == "史泽沛"
    assert report.branches[0].values["c5_date"] == date(2010, 8, 16)


def test_merged_cells_over_an_input(make_book, tmp_path):
    filled_by = cell("filled_by")  # B4; its label sits in A4

    def merge(wb):
        wb["运一"].merge_cells(f"A{filled_by[1:]}:{filled_by}")

    path = make_book({"运一": valid_values()}, edit=merge)
    found = codes(path)
    assert ("运一", filled_by, "input-merged") in found
    out = tmp_path / "标记.xlsx"
    assert run("check", path, "--mark", out).exit_code == 1 and out.exists()


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_is_checked_and_warned(make_book, state):
    def hide(wb):
        wb["运一"].sheet_state = state

    values = valid_values()
    values["secretary"] = None
    found = codes(make_book({"运一": values}, edit=hide))
    assert found == {("运一", None, "sheet-hidden"), ("运一", cell("secretary"), "header-missing")}


# ---- 11. repair --------------------------------------------------------------------------


def _drop_all_names(wb, sheet="运一"):
    for name in list(wb[sheet].defined_names):
        del wb[sheet].defined_names[name]


def test_repair_moves_values_by_name_and_by_verified_label(make_book, tmp_path):
    values = valid_values()
    remediating_values(values, 2)
    src = make_book({"运一": values, "电气": valid_values("电气")}, edit=lambda wb: _drop_all_names(wb, "电气"))
    assert ("电气", None, "names-missing") in codes(src)
    before = digest(src)
    out = tmp_path / "修复.xlsx"
    result = run("repair", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert "按模板位置迁移" in result.output
    assert digest(src) == before
    _, report = check_file(out)
    assert report.valid
    assert {b.sheet: b.values["c2_owner"] for b in report.branches} == {"运一": "王梅保", "电气": None}


def test_repair_does_not_guess_when_labels_moved(make_book, tmp_path):
    # A whole block inserted above criterion one, names lost: criterion one's labels now sit
    # where criterion two belongs. Moving by address would pour one into the other.
    values = valid_values()
    values["c1_actions"] = "第一项的做法"

    def damage(wb):
        wb["运一"].insert_rows(form.BLOCK_TOP, form.BLOCK_ROWS)
        _drop_all_names(wb)

    src = make_book({"运一": values}, edit=damage)
    result = repair_workbook(src, tmp_path / "修复.xlsx")
    assert result.problems and "未迁移" in result.problems[0]
    ws = load_workbook(tmp_path / "修复.xlsx")["运一"]
    assert ws[cell("secretary")].value == "史泽沛"  # the header did not move
    assert all(ws[cell(f"c{k}_actions")].value is None for k in form.CRITERION_IDS)
    assert run("repair", src, "-o", tmp_path / "又一个.xlsx").exit_code == 1


def test_repair_refuses_same_file_and_nothing_to_move(make_book, tmp_path):
    src = make_book({"运一": valid_values()})
    assert run("repair", src, "-o", src).exit_code == 2
    from openpyxl import Workbook

    Workbook().save(tmp_path / "空白.xlsx")
    result = run("repair", tmp_path / "空白.xlsx", "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 2 and "找不到可迁移" in result.output


# ---- 12. formulas in inputs ----------------------------------------------------------


def test_formula_with_cached_value_warns_and_uses_the_value(make_book, tmp_path):
    values = valid_values()
    values["member_count"] = "FORMULA"
    src = make_book({"运一": values})
    ref = cell("member_count").encode()
    part = sheet_part(src, "运一")

    def cached(data: bytes) -> bytes:
        # What Excel saves: the formula and its last result. openpyxl cannot write a cached value.
        start = data.find(b'<c r="' + ref + b'"')
        end = data.find(b"</c>", start) + 4
        style = data[start:end].split(b' s="')[1].split(b'"')[0]
        return data[:start] + b'<c r="' + ref + b'" s="' + style + b'"><f>20+8</f><v>28</v></c>' + data[end:]

    path = rezip(src, tmp_path / "公式.xlsx", {part: cached})
    _, report = check_file(path)
    assert [(f.code, f.cell) for f in report.findings] == [("formula-input", cell("member_count"))]
    assert report.branches[0].values["member_count"] == 28


def test_formula_without_cached_value(make_book):
    def formula(wb):
        wb["运一"][cell("member_count")].value = "=20+8"  # set explicitly: fill writes text only

    found = codes(make_book({"运一": valid_values()}, edit=formula))
    assert ("运一", cell("member_count"), "formula-no-cache") in found


# ---- 13. odd data -------------------------------------------------------------------------


def test_1904_date_system(make_book):
    serial = (date(2010, 8, 25) - date(1904, 1, 1)).days
    values = valid_values()
    values["fill_date"] = serial  # a bare serial, read in the 1904 system

    def mac(wb):
        wb.epoch = CALENDAR_MAC_1904

    _, report = check_file(make_book({"运一": values}, edit=mac))
    assert report.valid, [f.message for f in report.findings]
    assert report.branches[0].values["fill_date"] == date(2010, 8, 25)
    assert report.branches[0].values["c1_date"] == date(2010, 8, 16)


@pytest.mark.parametrize("text", ["2010年8月16日", "2010.8.16", "2010-8-16", "2010/8/16", "8月16日",
                                  "２０１０－８－１６", "2010年8月16日\u200b", " 2010-08-16 "])
def test_dates_as_text(make_book, text):
    values = valid_values()
    values["c1_date"] = text
    _, report = check_file(make_book({"运一": values}))
    assert report.valid and report.branches[0].values["c1_date"] == date(2010, 8, 16)


@pytest.mark.parametrize("text", ["28", "２８", "28人", "28.0"])
def test_numbers_as_text(make_book, text):
    values = valid_values()
    values["member_count"] = text
    _, report = check_file(make_book({"运一": values}))
    assert report.valid and report.branches[0].values["member_count"] == 28


def test_zero_width_full_width_emoji_and_extension_b(make_book, tmp_path):
    values = valid_values()
    values["secretary"] = "\u200b"  # looks empty, is empty
    values["highlights"] = "𠀀𪚥😀 全角ＡＢＣ　互看互查"
    path = make_book({"运一": values})
    _, report = check_file(path)
    assert {(f.code, f.cell) for f in report.findings} == {("header-missing", cell("secretary"))}
    assert report.branches[0].values["highlights"] == "𠀀𪚥😀 全角ＡＢＣ　互看互查"
    out = tmp_path / "标记.xlsx"
    assert run("check", path, "--mark", out).exit_code == 1
    assert load_workbook(out)["运一"][cell("highlights")].value == values["highlights"]


# ---- 14. duplicate claims and a messy branch list ---------------------------------------------


def test_two_sheets_claim_one_branch(make_book):
    found = codes(make_book({"运一": valid_values(), "电气": valid_values("运一")}))
    assert ("电气", cell("branch_name"), "branch-duplicate") in found


def test_blank_and_duplicate_rows_in_the_branch_list(make_book):
    first = form.BRANCH_TABLE_FIRST_ROW

    def messy(wb):
        ws = wb[form.SETTINGS_SHEET]
        ws[f"A{first + 1}"], ws[f"B{first + 1}"] = " 运一 ", "运一党支部"
        ws[f"A{first + 2}"], ws[f"B{first + 2}"] = None, "化学党支部"
        ws[f"A{first + 3}"], ws[f"B{first + 3}"] = "\u3000", None  # a blank row stays room to grow

    found = codes(make_book({"运一": valid_values()}, edit=messy))
    assert found == {
        (form.SETTINGS_SHEET, f"A{first + 1}", "branch-list-duplicate"),
        (form.SETTINGS_SHEET, f"A{first + 2}", "branch-list-blank"),
    }


def test_repair_reports_a_formula_without_result_instead_of_claiming_it_moved(make_book, tmp_path):
    def formula(wb):
        wb["运一"][cell("member_count")] = "=20+14"

    src = make_book({"运一": valid_values()}, edit=formula)
    result = repair_workbook(src, tmp_path / "修复.xlsx")
    assert any("没有保存计算结果" in p for p in result.problems)
    assert not any("已按其计算结果迁移" in n for n in result.notes)


def test_a_malformed_sheet_we_do_not_read_is_refused_by_check_and_mark_alike(make_book, tmp_path):
    """Excel would ask to repair it and the marked copy cannot be written: check must not pass it."""
    import zipfile

    from click.testing import CliRunner

    from xladdin.cli import main

    good = make_book({"运一": valid_values()}, branches=("运一",))
    bad = tmp_path / "坏了的填写说明.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # 填写说明, the first sheet
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(bad)])
    marked = runner.invoke(main, ["check", str(bad), "--mark", str(tmp_path / "标记.xlsx")])
    assert plain.exit_code == marked.exit_code == 2
    assert plain.output == marked.output and "xl/worksheets/sheet1.xml" in plain.output
    assert "已损坏" in plain.output and not (tmp_path / "标记.xlsx").exists()


@pytest.mark.parametrize("engine", ["auto", "calamine", "openpyxl"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"])
def test_a_part_in_an_encoding_the_parser_cannot_read_is_one_line_not_an_internal_error(make_book, tmp_path, engine, part):
    """Review: a part declaring encoding="GBK" (填写说明, no field on it; workbook.xml; its relationships) made
    expat raise ValueError: exit 3, a traceback in the log."""
    import zipfile

    from click.testing import CliRunner

    from xladdin.cli import main

    good = make_book({"运一": valid_values()}, branches=("运一",))
    bad = tmp_path / "编码.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                data = b'<?xml version="1.0" encoding="GBK"?>\n' + data.split(b"?>", 1)[-1].lstrip()
            dst.writestr(item, data)
    result = CliRunner().invoke(main, ["check", "--engine", engine, str(bad)])
    assert result.exit_code == 2, result.output
    assert part in result.output and "编码" in result.output and "内部错误" not in result.output
