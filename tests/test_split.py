"""huitoukan split: one file per branch, each the template's own form for that branch, on real files."""

from __future__ import annotations

import re
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, valid_values
from openpyxl import load_workbook
from wbcompare import _sheet_props, cell_signature

from xladdin.cli import main
from xladdin.errors import UserError
from xladdin.forms.template import build_template
from xladdin.jobs import check_file, split_file
from xladdin.spec import form

SIX = form.DEFAULT_BRANCHES


def finding_rows(path, sheet=None):
    _, report = check_file(path)
    return [(f.sheet, f.cell, f.code) for f in report.findings if sheet is None or f.sheet == sheet]


@pytest.fixture
def blank(tmp_path):
    path = tmp_path / "回头看填报表.xlsx"
    build_template().save(path)
    return path


def test_one_file_per_listed_branch_named_after_it(blank, tmp_path):
    result = split_file(blank, tmp_path / "下发")
    assert result.version == "回头看填报模板 v2"
    assert [(f.branch.short, f.path.name, f.filled) for f in result.files] == [
        (b.short, f"{b.short}_回头看填报表.xlsx", False) for b in SIX]  # a blank template: nothing filled
    assert sorted(p.name for p in (tmp_path / "下发").iterdir()) == sorted(f"{b.short}_回头看填报表.xlsx" for b in SIX)


def test_each_file_holds_instructions_locked_settings_and_its_own_sheet_as_the_template_has_it(blank, tmp_path):
    split_file(blank, tmp_path / "下发")
    template = load_workbook(blank)
    for b in SIX:
        wb = load_workbook(tmp_path / "下发" / f"{b.short}_回头看填报表.xlsx")
        assert wb.sheetnames == [form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, b.short]
        ours, theirs = wb[b.short], template[b.short]
        # Drop-downs, names, merges, protection, widths, print setup and every cell's look: the template's.
        assert _sheet_props(ours) == _sheet_props(theirs)
        for coord in set(ours._cells) | set(theirs._cells):
            assert cell_signature(ours.cell(*coord)) == cell_signature(theirs.cell(*coord)), coord
        settings = wb[form.SETTINGS_SHEET]
        assert settings[form.SETTINGS_BY_NAME[form.SCOPE_NAME].cell].value == b.short
        assert settings[form.SETTINGS_BY_NAME[form.TEMPLATE_NAME].cell].value == form.template_label()
        assert settings.protection.sheet
        assert all(c.protection.locked for row in settings.iter_rows() for c in row)  # nothing the branch can change
        assert not any((c.fill.fgColor.rgb or "").endswith(form.INPUT_FILL) for row in settings.iter_rows() for c in row)
        assert set(wb.defined_names) >= {s.name for s in form.SETTING_FIELDS} | {form.BRANCHES_NAME}
        intro = wb[form.INSTRUCTIONS_SHEET]
        text = "".join(str(c.value) for row in intro.iter_rows() for c in row if c.value)
        assert b.full in text and f"“{b.short}”" in text and "报回" in text
        assert intro.protection.sheet and str(intro.page_setup.paperSize) == intro.PAPERSIZE_A4


def test_the_full_branch_list_travels_so_check_reads_one_branch_and_misses_no_other(blank, tmp_path):
    split_file(blank, tmp_path / "下发")
    data, report = check_file(tmp_path / "下发" / "化学_回头看填报表.xlsx")
    assert [b.short for b in data.settings.branches] == [b.short for b in SIX]
    assert data.settings.scope == "化学" and data.settings.template_version == form.TEMPLATE_VERSION
    assert [(f.sheet, f.code) for f in report.findings] == [("化学", "branch-empty")]


def test_a_filled_master_gives_each_branch_its_own_answers_and_findings(tmp_path):
    result = split_file(SAMPLE, tmp_path / "第二轮")
    for f in result.files:
        assert finding_rows(f.path) == finding_rows(SAMPLE, f.branch.short)


def test_the_round_s_settings_go_out_with_every_file(make_book, tmp_path):
    def office_settings(wb):
        ws = wb[form.SETTINGS_SHEET]
        ws["B3"], ws["B5"], ws["B6"] = "创先争优活动（第二批）", date(2010, 6, 1), "2010年9月31日"  # the end is a typo
        ws["B7"] = "甲办公室；乙办公室"

    master = make_book({"运一": valid_values()}, branches=("运一", "电气"), edit=office_settings)
    split_file(master, tmp_path / "out")
    wb = load_workbook(tmp_path / "out" / f"电气_{master.stem}.xlsx")
    ws = wb[form.SETTINGS_SHEET]
    assert ws["B3"].value == "创先争优活动（第二批）"
    assert ws["B5"].value.date() == date(2010, 6, 1)
    assert ws["B6"].value == "2010年9月31日"  # what the office typed stays, even when it cannot be read
    assert ws["B7"].value == "甲办公室，乙办公室"


def refused(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_a_file_that_is_not_a_template_is_refused(tmp_path):
    from openpyxl import Workbook

    plain = tmp_path / "随便.xlsx"
    wb = Workbook()
    wb.active["A1"] = "党支部"
    wb.save(plain)
    assert "没有找到任何支部填报表" in refused(["split", str(plain), "-o", str(tmp_path / "out")])

    no_settings = tmp_path / "没有设置.xlsx"
    wb = build_template()
    del wb[form.SETTINGS_SHEET]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.save(no_settings)
    with pytest.raises(UserError) as err:
        split_file(no_settings, tmp_path / "out")
    assert err.value.code == "split-not-template"
    assert not (tmp_path / "out").exists()


def test_other_versions_and_single_branch_files_are_refused_with_what_to_do(make_book, blank, tmp_path):
    def first_template(wb):
        del wb.defined_names[form.TEMPLATE_NAME]

    old = make_book({"运一": valid_values()}, branches=("运一",), edit=first_template)
    assert "repair" in refused(["split", str(old), "-o", str(tmp_path / "o1")])

    def newer(wb):
        wb[form.SETTINGS_SHEET][form.SETTINGS_BY_NAME[form.TEMPLATE_NAME].cell] = form.template_label(9)

    with pytest.raises(UserError) as err:
        split_file(make_book({}, branches=("运一",), edit=newer), tmp_path / "o2")
    assert err.value.code == "split-version-newer"

    split_file(blank, tmp_path / "下发")
    with pytest.raises(UserError) as err:
        split_file(tmp_path / "下发" / "运一_回头看填报表.xlsx", tmp_path / "o3")
    assert err.value.code == "split-scoped"


def test_existing_files_are_refused_without_force_and_backed_up_with_it(blank, tmp_path):
    out = tmp_path / "下发"
    split_file(blank, out)
    before = sorted(p.name for p in out.iterdir())
    sent = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "已存在" in refused(["split", str(blank), "-o", str(out)])
    assert sorted(p.name for p in out.iterdir()) == before  # nothing written, nothing half-done
    result = CliRunner().invoke(main, ["split", str(blank), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert "回头看填报模板 v2" in result.output
    # The backups go into 下发/备份/, not beside the files the office mails out.
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == before
    backups = sorted((out / "备份").iterdir())
    assert len(backups) == len(SIX) and all(re.fullmatch(r".+_回头看填报表\.bak-\d{8}-\d{6}\.xlsx", p.name)
                                            for p in backups)
    assert {p.name.split(".bak-")[0] + ".xlsx": p.read_bytes() for p in backups} == sent
    assert not [p for p in (out / "备份").iterdir() if ".tmp" in p.name]
    # A third run keeps both earlier generations.
    assert CliRunner().invoke(main, ["split", str(blank), "-o", str(out), "--force"]).exit_code == 0
    assert len(list((out / "备份").iterdir())) == 2 * len(SIX)


def test_branch_names_that_cannot_be_file_names_are_made_safe(make_book, tmp_path):
    def odd_names(wb):
        ws = wb[form.SETTINGS_SHEET]
        ws[f"A{form.BRANCH_TABLE_FIRST_ROW}"] = "运|一"
        ws[f"A{form.BRANCH_TABLE_FIRST_ROW + 1}"] = "电气 ."

    master = make_book({}, branches=("运一", "电气"), edit=odd_names)
    result = split_file(master, tmp_path / "out")
    assert [f.path.name for f in result.files] == [f"运_一_{master.stem}.xlsx", f"电气_{master.stem}.xlsx"]
    assert all(f.path.parent == tmp_path / "out" for f in result.files)
