"""A make-up (补课) done after the stage is not "outside the stage" (clerk report item 14), on real .xlsx files.

运一 reported criterion 4 部分完成 in round 1 and made it up on 9月8日, after the stage ended
(8月31日): round 2's 已完成 with that date is what the notice asks for, and the office should not
be told every round to change the stage dates in 设置.
"""

from __future__ import annotations

from datetime import date

from conftest import remediating_values, valid_values

from xladdin.jobs import check_file
from xladdin.spec import form

AFTER_STAGE = date(2010, 9, 8)  # the stage (设置's default) ends 2010-08-31


def codes(path):
    _, report = check_file(path)
    return [(f.sheet, f.field, f.code) for f in report.findings]


def round_two(status: str) -> dict:
    values = valid_values()
    remediating_values(values, 4)
    values["c4_status"] = status
    values["c4_date"] = AFTER_STAGE
    values["fill_date"] = date(2010, 9, 15)
    values["c4_deadline"] = date(2010, 9, 30)
    return values


def test_a_make_up_done_after_the_stage_is_not_outside_the_stage(make_book):
    assert form.DEFAULT_WINDOW[1] < AFTER_STAGE
    for status in (form.STATUS_DONE, form.STATUS_PARTIAL):
        assert codes(make_book({"运一": round_two(status)})) == []


def test_a_criterion_that_was_no_make_up_still_warns_after_the_stage(make_book):
    values = round_two(form.STATUS_DONE)
    for part in ("shortcomings", "remedy", "owner", "deadline"):
        values[f"c4_{part}"] = None
    assert codes(make_book({"运一": values})) == [("运一", "c4_date", "date-outside-window")]


def test_a_make_up_dated_before_the_stage_still_warns(make_book):
    values = round_two(form.STATUS_DONE)
    values["c4_date"] = date(2010, 4, 20)
    assert codes(make_book({"运一": values})) == [("运一", "c4_date", "date-outside-window")]
