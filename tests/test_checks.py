"""Each completeness rule, on small workbooks built from the template."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import remediating_values, rename_sheet, valid_values

from xladdin.jobs import check_file
from xladdin.spec import form


def codes(path):
    _, report = check_file(path)
    return report.flatten(["sheet", "field", "code"])


def test_valid_branch_passes(make_book):
    _, report = check_file(make_book({"运一": valid_values()}))
    assert report.findings == []
    assert report.branches[0].verdicts == {c.id: form.COMPLETE for c in form.CRITERIA}


@pytest.mark.parametrize("field", ["secretary", "filled_by", "fill_date", "member_count"])
@pytest.mark.parametrize("blank", [None, "无", " / ", "\u3000", "\u200b暂无"])
def test_header_required(make_book, field, blank):
    values = valid_values()
    values[field] = blank
    assert codes(make_book({"运一": values})) == [["运一", field, "header-missing"]]


@pytest.mark.parametrize("count", [0, -3, 2.5, "约30人", "abc"])
def test_member_count_whole_and_positive(make_book, count):
    values = valid_values()
    values["member_count"] = count
    assert codes(make_book({"运一": values})) == [["运一", "member_count", "member-count-invalid"]]


@pytest.mark.parametrize("count", ["28", "２８", "28人", 28.0])
def test_member_count_as_text_is_accepted(make_book, count):
    values = valid_values()
    values["member_count"] = count
    assert codes(make_book({"运一": values})) == []


@pytest.mark.parametrize("text", ["2010年8月25日", "2010.8.25", "2010-8-25", "2010/8/25", "２０１０年８月２５日", 40415])
def test_fill_date_text_forms(make_book, text):
    values = valid_values()
    values["fill_date"] = text
    assert codes(make_book({"运一": values})) == []


def test_fill_date_not_a_date(make_book):
    values = valid_values()
    values["fill_date"] = "八月底"
    assert codes(make_book({"运一": values})) == [["运一", "fill_date", "date-invalid"]]


def test_status_missing_and_invalid(make_book):
    values = valid_values()
    values["c2_status"] = None
    values["c3_status"] = "基本完成"
    assert codes(make_book({"运一": values})) == [
        ["运一", "c2_status", "status-missing"],
        ["运一", "c3_status", "status-invalid"],
    ]


@pytest.mark.parametrize("part", ["date", "actions", "evidence"])
def test_done_needs_date_actions_evidence(make_book, part):
    values = valid_values()
    values[f"c1_{part}"] = "略"
    _, report = check_file(make_book({"运一": values}))
    assert report.flatten(["field", "criterion", "code"]) == [[f"c1_{part}", 1, "done-field-missing"]]
    assert report.branches[0].verdicts[1] == form.INCOMPLETE


@pytest.mark.parametrize("status", [form.STATUS_PARTIAL, form.STATUS_NOT_STARTED])
def test_remediation_complete_gives_remediating(make_book, status):
    values = valid_values()
    remediating_values(values, 4, status)
    _, report = check_file(make_book({"运一": values}))
    assert report.findings == []
    assert report.branches[0].verdicts[4] == form.REMEDIATING


@pytest.mark.parametrize("part", ["shortcomings", "remedy", "owner", "deadline"])
def test_remediation_needs_all_four(make_book, part):
    values = valid_values()
    remediating_values(values, 2, form.STATUS_NOT_STARTED)
    values[f"c2_{part}"] = "-"
    _, report = check_file(make_book({"运一": values}))
    assert report.flatten(["field", "code"]) == [[f"c2_{part}", "remedy-field-missing"]]
    assert report.branches[0].verdicts[2] == form.INCOMPLETE


def test_date_held_after_fill_date(make_book):
    values = valid_values()
    values["c3_date"] = "8月26日"  # year from the fill date
    assert codes(make_book({"运一": values})) == [["运一", "c3_date", "date-after-fill"]]


def test_deadline_before_fill_date(make_book):
    values = valid_values()
    remediating_values(values, 5)
    values["c5_deadline"] = "2010.8.20"
    assert codes(make_book({"运一": values})) == [["运一", "c5_deadline", "deadline-before-fill"]]


def test_unparseable_dates(make_book):
    values = valid_values()
    values["c1_date"] = "2010-2-30"
    assert codes(make_book({"运一": values})) == [["运一", "c1_date", "date-invalid"]]


def test_all_done_without_shortcomings_warns(make_book):
    values = valid_values()
    values["problems"] = "无"
    _, report = check_file(make_book({"运一": values}))
    assert report.flatten(["field", "severity", "code"]) == [["problems", "warning", "no-shortcomings"]]
    assert report.valid


def test_criterion_four_off_topic_warns(make_book):
    values = valid_values()
    values["c4_actions"] = "7月8日组织党员学习厂安全工作规程"
    assert codes(make_book({"运一": values})) == [["运一", "c4_actions", "c4-off-topic"]]


def test_date_outside_stage_window_warns(make_book):
    values = valid_values()
    values["c1_date"] = date(2010, 4, 20)
    assert codes(make_book({"运一": values})) == [["运一", "c1_date", "date-outside-window"]]


def test_window_comes_from_settings_sheet(make_book):
    values = valid_values()
    values["c1_date"] = date(2010, 4, 20)

    def widen(wb):
        wb["设置"][form.SETTINGS_BY_NAME["hk_window_start"].cell] = date(2010, 4, 1)

    assert codes(make_book({"运一": values}, edit=widen)) == []


def test_listed_branch_without_sheet(make_book):
    def drop(wb):
        del wb["电气"]

    path = make_book({"运一": valid_values()}, branches=("运一", "电气"), edit=drop)
    assert codes(path) == [["设置", form.BRANCHES_NAME, "branch-sheet-missing"]]


def test_findings_name_sheet_cell_and_criterion(make_book):
    values = valid_values()
    values["c1_evidence"] = None
    _, report = check_file(make_book({"运一": values}))
    (f,) = report.findings
    assert (f.sheet, f.cell, f.criterion, f.severity) == ("运一", form.cfield(1, "evidence").cell, 1, "error")
    assert f.cell in f.message and "佐证材料" in f.message


def test_check_is_lazy(make_book):
    values = valid_values()
    for c in form.CRITERIA:
        values[f"c{c.id}_status"] = None
    values["secretary"] = None
    _, report = check_file(make_book({"运一": values, "电气": valid_values("电气")}))
    assert len(report.findings) == 6
    assert report.branches[1].errors == 0


def test_messages_quote_control_characters_harmlessly(make_book):
    values = valid_values()
    values["c3_status"] = "完成\x1b[2J"
    _, report = check_file(make_book({"运一": values}))
    (f,) = report.findings
    assert f.code == "status-invalid" and "\x1b" not in f.message


def test_renamed_branch_sheet_is_named_as_such(make_book):
    def rename(wb):
        rename_sheet(wb, "电气", "电气分场")

    _, report = check_file(make_book({"运一": valid_values(), "电气": valid_values("电气")}, edit=rename))
    assert report.flatten(["sheet", "field", "code"]) == [["电气分场", "branch_name", "sheet-renamed"]]
    assert report.branches[1].branch == "电气党支部"


def test_unreadable_stage_window_is_reported(make_book):
    def window(wb):
        wb["设置"][form.SETTINGS_BY_NAME["hk_window_start"].cell] = "5月1日"

    assert codes(make_book({"运一": valid_values()}, edit=window)) == [["设置", "hk_window_start", "setting-invalid"]]


def test_fill_date_without_year_takes_the_stage_year(make_book):
    values = valid_values()
    values["fill_date"] = "8月25日"
    values["c1_date"] = "8月26日"
    assert codes(make_book({"运一": values})) == [["运一", "c1_date", "date-after-fill"]]


def test_formula_without_result_is_one_finding(make_book):
    def formula(wb):
        wb["运一"][form.FIELDS_BY_NAME["member_count"].cell] = "=20+14"

    assert codes(make_book({"运一": valid_values()}, edit=formula)) == [["运一", "member_count", "formula-no-cache"]]
