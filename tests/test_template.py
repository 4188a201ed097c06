"""The template and the sample: committed files match the builders; names, locks and rules hold."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from wbcompare import diff_workbooks, roundtrip

from xladdin.forms.fill import fill_by_names, fill_sheet
from xladdin.forms.sample import SAMPLE_VALUES, build_sample
from xladdin.forms.sheet_style import abs_ref, label_cell
from xladdin.forms.template import build_template
from xladdin.spec import form, rules_text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook" / "template.xlsx"
SAMPLE = ROOT / "workbook" / "sample.xlsx"
REGENERATE = (
    'python -c "from xladdin.forms.template import save_template; from xladdin.forms.sample import save_sample; '
    "save_template('workbook/template.xlsx'); save_sample('workbook/sample.xlsx')\""
)
BRANCH_SHORTS = [b.short for b in form.DEFAULT_BRANCHES]


@pytest.fixture(scope="module")
def template():
    return load_workbook(TEMPLATE)


@pytest.mark.parametrize(("path", "build"), [(TEMPLATE, build_template), (SAMPLE, build_sample)])
def test_committed_workbook_matches_builder(path, build):
    diffs = diff_workbooks(load_workbook(path), roundtrip(build()))
    assert not diffs, f"{path.name} is stale; regenerate with:\n{REGENERATE}\n" + "\n".join(diffs)


def test_sheet_order(template):
    assert template.sheetnames == [form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, *BRANCH_SHORTS]


@pytest.mark.parametrize("short", BRANCH_SHORTS)
def test_every_field_has_its_sheet_scoped_name(template, short):
    ws = template[short]
    assert set(ws.defined_names) == {f.name for f in form.FIELDS}
    for f in form.FIELDS:
        dn = ws.defined_names[f.name]
        assert dn.attr_text == abs_ref(short, f.cell)
        assert list(dn.destinations) == [(short, "$" + "$".join(_split(f.cell)))]
    assert not set(template.defined_names) & {f.name for f in form.FIELDS}


def _split(addr: str) -> tuple[str, str]:
    col = addr.rstrip("0123456789")
    return col, addr[len(col):]


@pytest.mark.parametrize("short", BRANCH_SHORTS)
def test_inputs_unlocked_labels_locked_protection_on(template, short):
    ws = template[short]
    assert ws.protection.sheet and not ws.protection.password
    for f in form.FIELDS:
        cell = ws[f.cell]
        assert cell.protection.locked is False, f.name
        assert cell.fill.fgColor.rgb.endswith(form.INPUT_FILL), f.name
        label = ws[label_cell(f)]
        assert label.protection.locked is True and label.value == f.label, f.name
        if f.kind == form.DATE:
            assert cell.number_format == "yyyy-mm-dd", f.name
    for c in form.CRITERIA:
        verdict = ws[form.verdict_cell(c.id)]
        assert verdict.value is None and verdict.protection.locked is True
        assert c.title in ws[f"A{form.block_top(c.id)}"].value
    assert ws[form.FIELDS_BY_NAME["branch_name"].cell].value == f"{short}党支部"
    wide = {str(r) for r in ws.merged_cells.ranges}
    for f in form.FIELDS:
        if f.kind in form.WIDE_KINDS:
            assert f"{f.cell}:{form.LAST_COL}{f.cell[1:]}" in wide, f.name


def test_status_and_count_validations(template):
    ws = template["运一"]
    by_cell = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_cell[rng.coord] = dv
    for c in form.CRITERIA:
        dv = by_cell[form.cfield(c.id, "status").cell]
        assert dv.type == "list" and dv.formula1 == '"' + ",".join(form.STATUSES) + '"'
        assert dv.error and dv.prompt
    count = by_cell[form.FIELDS_BY_NAME["member_count"].cell]
    assert (count.type, count.operator, count.formula1, count.errorStyle) == ("whole", "greaterThanOrEqual", "1",
                                                                              "warning")


def test_settings_names_and_defaults(template):
    names = template.defined_names
    values = {}
    for s in form.SETTING_FIELDS:
        ((sheet, coord),) = names[s.name].destinations
        assert (sheet, coord.replace("$", "")) == (form.SETTINGS_SHEET, s.cell)
        values[s.name] = template[sheet][s.cell].value
    start, end = form.DEFAULT_WINDOW
    assert values["hk_window_start"] == datetime(start.year, start.month, start.day)
    assert values["hk_window_end"] == datetime(end.year, end.month, end.day)
    assert values["hk_recipients"] == "，".join(form.DEFAULT_RECIPIENTS)
    assert values["hk_campaign"] == form.DEFAULT_CAMPAIGN and values["hk_round"] == form.DEFAULT_ROUND
    ((sheet, rng),) = names[form.BRANCHES_NAME].destinations
    assert (sheet, rng.replace("$", "")) == (form.SETTINGS_SHEET, form.BRANCHES_RANGE)
    ws = template[form.SETTINGS_SHEET]
    rows = [(ws[f"A{r}"].value, ws[f"B{r}"].value) for r in range(form.BRANCH_TABLE_FIRST_ROW,
                                                                  form.BRANCH_TABLE_FIRST_ROW + 6)]
    assert rows == [(b.short, b.full) for b in form.DEFAULT_BRANCHES]


def test_instructions_carry_criteria_and_rules(template):
    text = "".join(str(c.value) for row in template[form.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    for c in form.CRITERIA:
        assert c.title in text
    rows = rules_text.rules_rows()
    assert len(rows) >= 10
    for rule, requirement, severity in rows:
        assert rule in text and requirement in text
        assert severity in (rules_text.SEVERITY_ERROR, rules_text.SEVERITY_WARNING)


def test_custom_branch_list():
    wb = build_template([form.Branch("检修", "检修党支部")])
    assert wb.sheetnames[-1] == "检修"
    assert wb["检修"]["A1"].value == form.sheet_title("检修党支部")
    assert wb[form.SETTINGS_SHEET][f"A{form.BRANCH_TABLE_FIRST_ROW}"].value == "检修"


def test_fill_by_names_and_fill_sheet_agree():
    values = {"secretary": "杨洪鑫", "fill_date": date(2010, 8, 25), "c4_actions": "专题讨论", "honors": "方伟"}
    a, b = build_template(), build_template()
    fill_by_names(a, "电气", values)
    fill_sheet(b["电气"], values)
    for name, value in values.items():
        cell = form.FIELDS_BY_NAME[name].cell
        assert a["电气"][cell].value == b["电气"][cell].value
        assert a["电气"][cell].value == value
    with pytest.raises(KeyError):
        fill_by_names(a, "电气", {"no_such_field": 1})


def test_sample_values_land_on_spec_cells():
    wb = load_workbook(SAMPLE)
    for sheet, values in SAMPLE_VALUES.items():
        assert set(values) <= set(form.FIELDS_BY_NAME), sheet
        ws = wb[sheet]
        for name, value in values.items():
            got = ws[form.FIELDS_BY_NAME[name].cell].value
            if isinstance(value, date):
                assert got == datetime(value.year, value.month, value.day), (sheet, name)
            else:
                assert got == (value or None), (sheet, name)
