"""未报送 instead of noise: an empty branch sheet is one finding, and the summary counts only who reported.
Also the template's version and a file's scope (one branch), which returned files carry."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from conftest import remediating_values, valid_values

from reports.files import summarize
from xladdin.cli import main
from xladdin.errors import UserError
from xladdin.jobs import check_file
from xladdin.spec import form

NOW = datetime(2010, 9, 12)
SIX = tuple(b.short for b in form.DEFAULT_BRANCHES)


def one_branch_copy(make_book, **extra):
    """The full template as one branch sends it back: only 运一 filled."""
    values = valid_values()
    remediating_values(values, 4)
    return make_book({"运一": values, **extra}, branches=SIX)


def test_an_empty_sheet_is_one_finding_and_not_judged(make_book):
    _, report = check_file(one_branch_copy(make_book))
    assert sorted((f.sheet, f.code) for f in report.findings) == sorted((s, "branch-empty") for s in SIX[1:])
    assert all(f.severity == "error" and f.cell is None for f in report.findings)
    assert "【电气】尚未填写（未报送）" in next(f.message for f in report.findings if f.sheet == "电气")
    by_sheet = {b.sheet: b for b in report.branches}
    assert by_sheet["运一"].reported and by_sheet["运一"].verdicts[4] == form.REMEDIATING
    assert not by_sheet["运二"].reported
    assert set(by_sheet["运二"].verdicts.values()) == {form.UNREPORTED}


def test_a_single_typed_value_counts_as_reported(make_book):
    _, report = check_file(make_book({"运一": {"secretary": "史泽沛"}}, branches=("运一",)))
    codes = {f.code for f in report.findings}
    assert "branch-empty" not in codes and "status-missing" in codes


def test_the_summary_counts_only_branches_that_reported(make_book):
    _, report = check_file(one_branch_copy(make_book))
    s = summarize(report, report.file, NOW)
    assert s.unreported == [f"{x}党支部" for x in SIX[1:]]
    assert "应报6个党支部，已报1个" in s.subtitle
    matrix = s.matrix.set_index("支部")
    assert matrix.loc["运二党支部"].iloc[:5].tolist() == ["— 未报送"] * 5
    assert matrix.loc["运一党支部", "完成率"] == pytest.approx(0.8)
    # Rates are over the one branch that reported, not over six.
    assert s.criteria["完成率"].tolist() == [1.0, 1.0, 1.0, 0.0, 1.0]
    overview = s.narrative[0]
    assert "已报送1个" in overview and "尚未报送" in overview and "总体完成率80%" in overview
    assert "五个方面共5项，合格4项、补课中1项、不合格0项" in overview
    # A branch that never replied is not told to correct its errors.
    assert not any("更正后重新报送" in p for p in s.narrative)


def test_summary_refuses_a_workbook_where_nothing_is_filled(make_book, tmp_path):
    path = make_book({}, branches=SIX)
    _, report = check_file(path)
    with pytest.raises(UserError) as refused:
        summarize(report, path, NOW)
    assert refused.value.code == "nothing-to-report"
    result = CliRunner().invoke(main, ["summary", str(path), "-o", str(tmp_path / "汇总.xlsx")])
    assert result.exit_code == 2 and "没有可以汇总的内容" in result.output
    assert not (tmp_path / "汇总.xlsx").exists()


def _set_template_cell(value):
    def edit(wb):
        wb[form.SETTINGS_SHEET][form.SETTINGS_BY_NAME[form.TEMPLATE_NAME].cell] = value
    return edit


def test_every_template_names_its_version(make_book):
    data, report = check_file(make_book({"运一": valid_values()}, branches=("运一",)))
    assert data.settings.template_version == form.TEMPLATE_VERSION
    assert report.valid and not report.findings


def test_an_older_template_is_named_with_the_way_forward(make_book):
    def first_template(wb):
        del wb.defined_names[form.TEMPLATE_NAME]  # templates before versions were written

    _, report = check_file(make_book({"运一": valid_values()}, branches=("运一",), edit=first_template))
    (finding,) = report.findings
    assert finding.code == "template-old" and finding.severity == "warning"
    assert "v1" in finding.message and "repair" in finding.message


def test_a_newer_template_says_to_upgrade(make_book):
    path = make_book({"运一": valid_values()}, branches=("运一",), edit=_set_template_cell(form.template_label(9)))
    _, report = check_file(path)
    assert [f.code for f in report.findings] == ["template-newer"]
    assert "v9" in report.findings[0].message


def test_a_file_scoped_to_one_branch_misses_no_other_sheet(make_book):
    def scope_to_yunyi(wb):
        wb[form.SETTINGS_SHEET][form.SETTINGS_BY_NAME[form.SCOPE_NAME].cell] = "运一"
        for name in SIX[1:]:
            del wb[name]

    data, report = check_file(make_book({"运一": valid_values()}, branches=SIX, edit=scope_to_yunyi))
    assert data.settings.scope == "运一"
    assert report.valid and report.findings == []
    assert [b.sheet for b in report.branches] == ["运一"]
