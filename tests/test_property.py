"""A valid fill passes; breaking exactly one required field gives exactly that finding.

The check runs on plain data here (model.SheetData), so hypothesis can try
many combinations quickly; the file path is covered by test_checks.py.
"""

from __future__ import annotations

from datetime import date, timedelta

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


@settings(max_examples=120, deadline=None)
@given(valid_sheets(), st.data())
def test_breaking_one_required_field_gives_that_finding(values, data):
    cid = data.draw(st.sampled_from(form.CRITERION_IDS))
    status = values[f"c{cid}_status"]
    parts = form.DONE_REQUIRES if status == form.STATUS_DONE else form.REMEDY_REQUIRES
    part = data.draw(st.sampled_from(parts))
    values[f"c{cid}_{part}"] = data.draw(BLANKS)
    code = "done-field-missing" if status == form.STATUS_DONE else "remedy-field-missing"
    assert findings(values) == [(f"c{cid}_{part}", code)]


@settings(max_examples=40, deadline=None)
@given(valid_sheets(), st.sampled_from(form.REQUIRED_HEADER[1:]), BLANKS)
def test_blanking_a_header_field_gives_that_finding(values, field, blank):
    values[field] = blank
    assert findings(values) == [(field, "header-missing")]
