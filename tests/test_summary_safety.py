"""The summary workbook holds values only: branch text never becomes a formula, an error value or a link."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from conftest import remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.jobs import check_file, summarize_file
from xladdin.spec import form
from xladdin.xlsx.text import needs_guard, set_text

# What a branch might type, by accident or not; each must reach the summary as these exact characters.
# (A bare error value such as "#N/A" is no one's text: it counts as empty, tests/test_error_values.py.)
INJECTIONS = {
    "highlights": '=HYPERLINK("http://example.com","点我")',
    "honors": "#N/A（待补）",
    "c1_shortcomings": "+cmd|' /C calc'!A0",
    "c1_remedy": "-2+3",
    "c1_owner": "@SUM(A1)",
    "c2_shortcomings": "=1+1",
    "c2_remedy": "＝SUM(1,2)",
    "c2_owner": "#REF!A1",
}


@pytest.fixture
def injected_book(make_book):
    values = valid_values("运一")
    remediating_values(values, 1)
    remediating_values(values, 2, form.STATUS_NOT_STARTED)
    values.update(INJECTIONS)

    def as_text(wb):
        # fill_by_names assigns like a person typing in openpyxl: "=..." would become a formula,
        # so write the strings the way Excel stores typed text.
        ws = wb["运一"]
        for name, text in INJECTIONS.items():
            for title, coord in ws.defined_names[name].destinations:
                set_text(wb[title][coord.replace("$", "")], text)

    return make_book({"运一": values}, edit=as_text)


def test_branch_text_reaches_the_check_as_text(injected_book):
    _, report = check_file(injected_book)
    values = report.branches[0].values
    assert {name: values[name] for name in INJECTIONS} == INJECTIONS


def test_injections_stay_literal_text(injected_book, tmp_path):
    out = summarize_file(injected_book, tmp_path / "summary.xlsx", now=datetime(2010, 9, 1))
    ws = load_workbook(out)[form.SUMMARY_SHEET]
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type not in ("f", "e"), (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                cells.setdefault(cell.value, cell)
    for text in INJECTIONS.values():
        assert text in cells, text
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix == needs_guard(text), text  # Excel's own mark for "this is text"


def test_no_formula_link_or_error_anywhere_in_the_package(injected_book, tmp_path):
    out = summarize_file(injected_book, tmp_path / "summary.xlsx", now=datetime(2010, 9, 1))
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        sheets = [package.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/sheet")]
    assert not [n for n in names if "externalLink" in n or n.endswith(".bin")]
    assert sheets
    for xml in sheets:
        assert "<f>" not in xml and "<f " not in xml
        assert 't="e"' not in xml
        assert "<hyperlink" not in xml


def test_summary_sheet_of_the_offices_own_is_never_replaced(tmp_path):
    from pathlib import Path

    import pytest
    from openpyxl import Workbook

    from reports.files import add_summary_sheet
    from xladdin.errors import UserError
    from xladdin.jobs import check_file, summary_parts
    from xladdin.spec import form as xform

    sample = Path(__file__).resolve().parent.parent / "workbook" / "sample.xlsx"
    _, report = check_file(sample)
    wb = Workbook()
    wb.active.title = xform.SUMMARY_SHEET
    wb.active["A1"] = "办公室手工统计"
    with pytest.raises(UserError) as refused:
        add_summary_sheet(wb, summary_parts(report, sample.name, "0" * 64))
    assert refused.value.code == "sheet-not-ours"
    assert wb[xform.SUMMARY_SHEET]["A1"].value == "办公室手工统计"
