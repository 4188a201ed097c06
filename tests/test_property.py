"""A valid fill passes; breaking exactly one required field gives exactly that finding.

The check runs on plain data here (model.SheetData), so hypothesis can try
many combinations quickly; the file path is covered by test_checks.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import remediating_values, valid_values
from hypothesis import given, settings
from hypothesis import strategies as st

from xladdin.core.checks.sheet import check_sheet
from xladdin.core.model import Settings, SheetData
from xladdin.spec import form

BLANKS = st.sampled_from([None, "", "  ", "无", "/", "暂无", "略", "-", "\u3000", "\u200b"])
TEXT_DATES = st.dates(date(2010, 5, 1), date(2010, 8, 20)).flatmap(
    lambda d: st.sampled_from(
        [d, f"{d.year}年{d.month}月{d.day}日", f"{d.year}.{d.month}.{d.day}", f"{d.year}-{d.month}-{d.day}",
         f"{d.year}/{d.month}/{d.day}", f"{d.month}月{d.day}日"]
    )
)


@st.composite
def valid_sheets(draw):
    values = valid_values()
    for c in form.CRITERIA:
        values[f"c{c.id}_date"] = draw(TEXT_DATES)
        if draw(st.booleans()):
            remediating_values(values, c.id, draw(st.sampled_from([form.STATUS_PARTIAL, form.STATUS_NOT_STARTED])))
            values[f"c{c.id}_deadline"] = date(2010, 8, 25) + timedelta(days=draw(st.integers(0, 120)))
    values["member_count"] = draw(st.one_of(st.integers(1, 500), st.integers(1, 500).map(str)))
    return values


def sheet(values):
    data = SheetData("运一")
    for f in form.FIELDS:
        data.cells[f.name] = f.cell
        data.raw[f.name] = values.get(f.name)
    return data


def findings(values):
    _, found = check_sheet(sheet(values), Settings())
    return [(f.field, f.code) for f in found]


@settings(max_examples=60, deadline=None)
@given(valid_sheets())
def test_valid_fill_passes(values):
    assert findings(values) == []


# The notice's rules as the brief words them, written out here and not read from the spec, so
# dropping a field from form.DONE_REQUIRES or form.REMEDY_REQUIRES (or adding one) fails this test.
NEEDS = {
    form.STATUS_DONE: ("开展时间", "主要做法及成效", "佐证材料"),
    form.STATUS_PARTIAL: ("存在不足", "补课措施", "责任人", "完成时限"),  # 缺什么补什么
    form.STATUS_NOT_STARTED: ("存在不足", "补课措施", "责任人", "完成时限"),
}
MISSING_CODE = {form.STATUS_DONE: "done-field-missing", form.STATUS_PARTIAL: "remedy-field-missing",
                form.STATUS_NOT_STARTED: "remedy-field-missing"}
MISSING_CODES = set(MISSING_CODE.values())


def field_called(cid: int, label: str) -> str:
    """The defined name of criterion cid's field with this label on the form."""
    (name,) = [f.name for f in form.CRITERION_FIELDS[cid] if f.label == label]
    return name


def with_status(values, cid, status):
    """Criterion cid filled validly for status; the other criteria stay as drawn."""
    if status == form.STATUS_DONE:
        # Its date, 主要做法 and 佐证 are always filled; a 补课 left over would be judged on its own text.
        values[form.cname(cid, "status")] = status
        values.update({form.cname(cid, part): None for part in ("shortcomings", "remedy", "owner", "deadline")})
    else:
        remediating_values(values, cid, status)


REQUIRED = [(status, label) for status, labels in NEEDS.items() for label in labels]


@pytest.mark.parametrize(("status", "label"), REQUIRED)
@settings(max_examples=15, deadline=None)
@given(values=valid_sheets(), cid=st.sampled_from(form.CRITERION_IDS), blank=BLANKS)
def test_breaking_one_required_field_gives_that_finding(status, label, values, cid, blank):
    with_status(values, cid, status)
    name = field_called(cid, label)
    values[name] = blank
    assert findings(values) == [(name, MISSING_CODE[status])]


@pytest.mark.parametrize("status", form.STATUSES)
@settings(max_examples=25, deadline=None)
@given(values=valid_sheets(), cid=st.sampled_from(form.CRITERION_IDS), data=st.data())
def test_a_field_the_notice_does_not_require_may_stay_blank(status, values, cid, data):
    with_status(values, cid, status)
    optional = [f.label for f in form.CRITERION_FIELDS[cid] if f.label not in (*NEEDS[status], "完成情况")]
    name = field_called(cid, data.draw(st.sampled_from(optional)))
    values[name] = data.draw(BLANKS)
    assert [f for f in findings(values) if f[1] in MISSING_CODES] == []


@settings(max_examples=40, deadline=None)
@given(valid_sheets(), st.sampled_from(form.REQUIRED_HEADER[1:]), BLANKS)
def test_blanking_a_header_field_gives_that_finding(values, field, blank):
    values[field] = blank
    assert findings(values) == [(field, "header-missing")]
