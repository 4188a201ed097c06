"""A date keeps the year that was written, in every form people type it (issue 18).

Every year-bearing date in the older tests was 2010, the stage's own year and
the default for "8月16日", so a parser that dropped the written year passed
them all. These tests use other years on purpose.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from conftest import remediating_values, valid_values

from xladdin.cli import main
from xladdin.core.checks.sheet import check_sheet
from xladdin.core.model import Settings, SheetData
from xladdin.core.normalize import date_trouble, parse_date
from xladdin.jobs import check_file
from xladdin.spec import form, messages

STAGE_YEAR = 2010  # the default year; never the expected one below
DAYS = [date(2009, 8, 16), date(2011, 3, 5), date(1998, 12, 31), date(2024, 2, 29)]
FULL_WIDTH = str.maketrans("0123456789.-/", "０１２３４５６７８９．－／")


def written_forms(d: date) -> dict[str, str]:
    """Every way the brief (and people) write a date with its year."""
    y, m, dd = d.year, d.month, d.day
    return {
        "年月日": f"{y}年{m}月{dd}日",
        "年月日, spaced": f"{y} 年 {m} 月 {dd} 日",
        "年月日, padded": f"{y}年{m:02d}月{dd:02d}日",
        "年月, no 日": f"{y}年{m}月{dd}",
        "dots": f"{y}.{m}.{dd}",
        "dashes": f"{y}-{m}-{dd}",
        "slashes": f"{y}/{m}/{dd}",
        "ISO": d.isoformat(),
        "eight digits": f"{y}{m:02d}{dd:02d}",
        "full-width 年月日": f"{y}年{m}月{dd}日".translate(FULL_WIDTH),
        "full-width dots": f"{y}.{m}.{dd}".translate(FULL_WIDTH),
        "full-width dashes": f"{y}-{m}-{dd}".translate(FULL_WIDTH),
        "full-width slashes": f"{y}/{m}/{dd}".translate(FULL_WIDTH),
        "with a time": f"{d.isoformat()} 09:30:00",
        "ISO with T": f"{d.isoformat()}T09:30",
        "padded by spaces": f"\u3000{y}年{m}月{dd}日 ",
    }


def excel_serial(d: date, epoch1904: bool = False) -> int:
    """Days since Excel's epoch, counted here independently of the parser."""
    if epoch1904:
        return (d - date(1904, 1, 1)).days
    # The 1900 system counts a 1900-02-29 that never was, so from March 1900 on it is one day ahead.
    return (d - date(1900, 1, 1)).days + 2


CASES = [(d, kind, text) for d in DAYS for kind, text in written_forms(d).items()]


@pytest.mark.parametrize(("expected", "kind", "text"), CASES, ids=[f"{d.year}-{k}" for d, k, _ in CASES])
def test_a_written_year_is_kept(expected, kind, text):
    assert parse_date(text, default_year=STAGE_YEAR) == expected


@pytest.mark.parametrize("expected", DAYS, ids=str)
def test_serials_give_their_own_year(expected):
    serial = excel_serial(expected)
    assert parse_date(serial, STAGE_YEAR) == expected
    assert parse_date(float(serial), STAGE_YEAR) == expected
    assert parse_date(str(serial), STAGE_YEAR) == expected  # a serial stored as text
    assert parse_date(f"{serial}.5", STAGE_YEAR) == expected  # with a time of day
    assert parse_date(excel_serial(expected, epoch1904=True), STAGE_YEAR, epoch1904=True) == expected


@pytest.mark.parametrize("expected", DAYS, ids=str)
def test_date_and_datetime_cells_keep_their_year(expected):
    assert parse_date(expected, STAGE_YEAR) == expected
    assert parse_date(datetime(expected.year, expected.month, expected.day, 14, 5), STAGE_YEAR) == expected


@pytest.mark.parametrize("year", [2009, 2011])
def test_month_and_day_alone_take_the_default_year(year):
    assert parse_date("8月16日", default_year=year) == date(year, 8, 16)
    assert parse_date("８月１６日", default_year=year) == date(year, 8, 16)
    assert parse_date("8月16日", default_year=None) is None


@pytest.mark.parametrize("text", ["2009年2月30日", "2009.13.1", "20090230", "2009年8月", "09年8月16日"])
def test_impossible_or_partial_dates_are_not_dates(text):
    assert parse_date(text, default_year=STAGE_YEAR) is None


# ---- through the rules: the year decides the finding --------------------------------------


def _sheet(values: dict[str, object]) -> SheetData:
    data = SheetData("运一")
    for f in form.FIELDS:
        data.cells[f.name] = f.cell
        data.raw[f.name] = values.get(f.name)
    return data


def _codes(values: dict[str, object]) -> list[tuple[str, str]]:
    _, found = check_sheet(_sheet(values), Settings())
    return [(f.field, f.code) for f in found]


@pytest.mark.parametrize("kind", list(written_forms(date(2009, 9, 30))))
def test_a_deadline_in_an_earlier_year_is_before_the_fill_date(kind):
    """2009年9月30日 is before the 2010-08-25 fill date; read as 2010-09-30 it would pass unnoticed."""
    values = valid_values()
    remediating_values(values, 2)
    values["c2_deadline"] = written_forms(date(2009, 9, 30))[kind]
    assert _codes(values) == [("c2_deadline", "deadline-before-fill")]


@pytest.mark.parametrize("kind", list(written_forms(date(2011, 8, 16))))
def test_a_date_held_in_a_later_year_is_after_the_fill_date(kind):
    values = valid_values()
    values["c3_date"] = written_forms(date(2011, 8, 16))[kind]
    assert _codes(values) == [("c3_date", "date-after-fill"), ("c3_date", "date-outside-window")]


def test_the_fill_date_and_its_edges():
    """Held on the fill date and due on it are both fine; one day over is not."""
    values = valid_values()  # filled 2010-08-25
    remediating_values(values, 2)
    values["c1_date"], values["c2_deadline"] = "2010年8月25日", "2010-8-25"
    assert _codes(values) == []
    values["c1_date"], values["c2_deadline"] = "2010年8月26日", "2010-8-24"
    assert _codes(values) == [("c1_date", "date-after-fill"), ("c2_deadline", "deadline-before-fill")]


def test_a_date_without_a_year_takes_the_fill_dates_year(make_book):
    """8月30日 on a sheet filled in 2011 is 2011-08-30, due after the fill date; the stage's 2010 would put it before."""
    values = valid_values()
    values["fill_date"] = "2011年8月25日"
    remediating_values(values, 2)
    values["c2_deadline"] = "8月30日"
    _, report = check_file(make_book({"运一": values}))
    branch = report.branches[0]
    assert branch.values["fill_date"] == date(2011, 8, 25)
    assert branch.values["c2_deadline"] == date(2011, 8, 30)
    assert ["c2_deadline", "deadline-before-fill"] not in report.flatten(["field", "code"])


def test_text_dates_in_a_real_workbook_keep_their_year(make_book):
    """Typed as text into the cells (as WPS and pasted text leave them), read back through the file readers."""
    values = valid_values()
    values["fill_date"] = "２００９年８月２５日"
    values["c1_date"] = "2009.8.16"
    remediating_values(values, 2)
    values["c2_deadline"] = "2009/9/30"
    _, report = check_file(make_book({"运一": values}))
    normalised = report.branches[0].values
    assert (normalised["fill_date"], normalised["c1_date"], normalised["c2_deadline"]) == (
        date(2009, 8, 25), date(2009, 8, 16), date(2009, 9, 30),
    )


# ---- the everyday ways of writing a day (clerk review 2, item 2) ------------------------

EVERYDAY = {
    "2010年9月30号": date(2010, 9, 30),
    "9月30号": date(STAGE_YEAR, 9, 30),
    "2009年9月30日前": date(2009, 9, 30),
    "9月30日前": date(STAGE_YEAR, 9, 30),
    "2009年9月30日以前": date(2009, 9, 30),
    "9月30日之前": date(STAGE_YEAR, 9, 30),
    "2009-9-30前": date(2009, 9, 30),
    "2009年9月30号前": date(2009, 9, 30),
    "二〇〇九年九月三十日": date(2009, 9, 30),
    "二零零九年九月三十日": date(2009, 9, 30),
    "二〇一一年十二月二十一日": date(2011, 12, 21),
    "二〇一一年一月十日前": date(2011, 1, 10),
    "九月三十日": date(STAGE_YEAR, 9, 30),
    "十月十五号": date(STAGE_YEAR, 10, 15),
    "2009年九月三十日": date(2009, 9, 30),
}


@pytest.mark.parametrize(("text", "expected"), EVERYDAY.items(), ids=list(EVERYDAY))
def test_everyday_forms_name_their_day(text, expected):
    assert parse_date(text, default_year=STAGE_YEAR) == expected


@pytest.mark.parametrize("text", [
    "9.30", "九月底", "2010年9月底", "9月底前", "10月中旬", "2010年9月30日前完成", "前", "一二月一日", "〇月一日",
    "二〇一〇年九月三十一日", "2010，9，30", "9/30/2010",
])
def test_what_names_no_single_day_is_still_not_a_date(text):
    assert parse_date(text, default_year=STAGE_YEAR) is None


@pytest.mark.parametrize(("value", "why"), [
    ("2010年9月30日前完成", messages.DATE_EXTRA.format(extra="前完成")),
    ("9月30日 上午", messages.DATE_EXTRA.format(extra="上午")),
    ("2010年9月底", messages.DATE_ROUGH.format(word="月底")),
    ("九月底", messages.DATE_ROUGH.format(word="月底")),
    ("10月中旬", messages.DATE_ROUGH.format(word="中旬")),
    ("9.30", messages.DATE_NO_YEAR),
    (9.3, messages.DATE_NO_YEAR),  # 9.30 typed into a General cell
    ("9/30/2010", messages.DATE_YEAR_LAST),
    ("2010，9，30", messages.DATE_SEPARATOR.format(sep="，")),
    ("2009年2月29日", messages.DATE_NO_SUCH_DAY.format(year=2009, month=2, day=29)),
    ("2009年2月29日前", messages.DATE_NO_SUCH_DAY.format(year=2009, month=2, day=29)),
    ("长期坚持", ""),  # nothing to tell beyond "not a date"
])
def test_a_rejected_date_says_what_is_wrong_when_it_can(value, why):
    assert parse_date(value, default_year=STAGE_YEAR) is None
    assert date_trouble(value) == why


def test_a_deadline_written_as_people_write_it_is_a_deadline(make_book, tmp_path):
    """电气's 完成时限 "2010年9月30号" was 未定时限 in the ledger and "没有明确完成时限" upward: it is a date."""
    values = valid_values("电气")
    values["fill_date"] = "2010年8月25号"
    remediating_values(values, 3)
    values["c3_deadline"] = "2010年9月30号"
    remediating_values(values, 4)
    values["c4_deadline"] = "9月15日前"
    remediating_values(values, 5)
    values["c5_deadline"] = "2010年9月底"
    book = make_book({"电气": values})
    _, report = check_file(book)
    found = report.flatten(["field", "code", "message"])
    assert [f[:2] for f in found if f[1] == "date-invalid"] == [["c5_deadline", "date-invalid"]]
    assert "“月底”不是确切的某一天" in next(f[2] for f in found if f[1] == "date-invalid")
    normalised = report.branches[0].values
    assert (normalised["fill_date"], normalised["c3_deadline"], normalised["c4_deadline"]) == (
        date(2010, 8, 25), date(2010, 9, 30), date(2010, 9, 15))

    result = CliRunner().invoke(main, ["ledger", str(book), "-o", str(tmp_path / "台账.xlsx"),
                                       "--date", "2010-09-20", "--json"])
    assert result.exit_code == 0, result.output
    items = {i["id"]: (i["status"], i["deadline"]) for i in json.loads(result.output)["items"]}
    assert items == {"电气-3-1": ("未到期", "2010-09-30"), "电气-4-1": ("已逾期", "2010-09-15"),
                     "电气-5-1": ("未定时限", "2010年9月底")}
