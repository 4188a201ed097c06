"""The bundled sample: the notice's six branches, with the gaps the notice shows."""

from __future__ import annotations

from conftest import SAMPLE

from xladdin.jobs import check_file
from xladdin.spec import form

OK, FIX, BAD = form.COMPLETE, form.REMEDIATING, form.INCOMPLETE


def test_sample_findings_are_pinned():
    _, report = check_file(SAMPLE)
    assert report.flatten(["sheet", "field", "code"]) == [
        ["运一", "c4_actions", "c4-off-topic"],
        ["电气", "c4_owner", "remedy-field-missing"],
        ["电气", "c4_actions", "c4-off-topic"],
        ["除灰", "c2_date", "done-field-missing"],
        ["除灰", "c4_status", "status-missing"],
        ["运二", "c3_evidence", "done-field-missing"],
        ["运二", "c5_evidence", "done-field-missing"],
        ["运二", "problems", "no-shortcomings"],
        ["汽机", "c1_date", "date-outside-window"],
        ["汽机", "c3_deadline", "deadline-before-fill"],
        # 运二's and 汽机's answers, as the notice printed them, are stock phrases without a fact.
        ["运二", "c1_actions", "text-vague"],
        ["运二", "c3_actions", "text-vague"],
        ["汽机", "c1_actions", "text-vague"],
        ["汽机", "c2_actions", "text-vague"],
    ]
    assert (report.errors, report.warnings) == (6, 8)


def test_sample_verdicts_are_pinned():
    _, report = check_file(SAMPLE)
    assert {b.sheet: [b.verdicts[c.id] for c in form.CRITERIA] for b in report.branches} == {
        "运一": [OK, OK, OK, FIX, OK],
        "电气": [OK, OK, FIX, BAD, OK],
        "化学": [OK, OK, OK, OK, OK],
        "除灰": [OK, BAD, FIX, BAD, OK],
        "运二": [OK, OK, BAD, OK, BAD],
        "汽机": [OK, OK, BAD, OK, OK],
    }


def test_sample_carries_the_notices_people_and_dates():
    _, report = check_file(SAMPLE)
    values = {b.sheet: b.values for b in report.branches}
    assert [b.branch for b in report.branches] == [b.full for b in form.DEFAULT_BRANCHES]
    text = repr(values)
    for person in ("张本立", "史泽沛", "杨洪鑫", "王梅保", "卜新方", "方伟"):
        assert person in text
    assert "2010, 8, 16" in text and "2010, 8, 23" in text
    assert report.settings.recipients == form.DEFAULT_RECIPIENTS
