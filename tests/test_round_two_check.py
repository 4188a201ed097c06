"""A later round: a criterion the branch has since completed is judged complete, its old deadline is history."""

from __future__ import annotations

from datetime import date

from conftest import remediating_values, valid_values

from xladdin.jobs import check_file
from xladdin.spec import form


def _round_two(status: str) -> dict[str, object]:
    """运一 a month later: criterion 4 keeps its 补课 plan (deadline 2010-09-10) and is now `status`."""
    values = valid_values()
    values["fill_date"] = date(2010, 10, 8)
    remediating_values(values, 4)
    values["c4_deadline"] = date(2010, 9, 10)
    values["c4_status"] = status
    return values


def test_a_criterion_now_complete_keeps_its_old_deadline_without_an_error(make_book):
    values = _round_two(form.STATUS_DONE)
    values["c4_date"] = date(2010, 8, 30)  # held inside the stage window, before this round's fill date
    _, report = check_file(make_book({"运一": values}))
    assert [f for f in report.findings if f.criterion == 4] == []
    assert report.branches[0].verdicts[4] == form.COMPLETE


def test_an_open_criterion_past_its_deadline_is_still_an_error(make_book):
    for status in (form.STATUS_PARTIAL, form.STATUS_NOT_STARTED):
        _, report = check_file(make_book({"运一": _round_two(status)}))
        assert report.flatten(["field", "code"]) == [["c4_deadline", "deadline-before-fill"]], status
        assert report.branches[0].verdicts[4] == form.INCOMPLETE
