"""Excel error values (#N/A, #VALUE! …) in an input cell: empty for the rules, and one error of their own.

The clerk's case: 汽机 typed “=召开支部大会进行动员，党员27人参加”; Excel made it a formula whose
result is #N/A. Read as an error cell (with or without the formula) or, after collect, as that
literal text, the cell counts as empty, and the branch is told what happened and how to fix it.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import valid_values
from test_hostile import rezip, sheet_part

from xladdin.core.normalize import excel_error, is_blank
from xladdin.jobs import check_file, collect_files, feedback_files, split_file
from xladdin.spec import form

CELL = form.FIELDS_BY_NAME["c1_actions"].cell  # B9
TYPED = "召开支部大会进行动员，党员27人参加"


def error_cell(formula: str | None, value: str = "#N/A"):
    """The sheet XML edit that turns B9 into what Excel or LibreOffice saves for an error result."""
    ref = CELL.encode()

    def edit(data: bytes) -> bytes:
        start = data.find(b'<c r="' + ref + b'"')
        end = data.find(b"</c>", start) + 4
        style = data[start:end].split(b' s="')[1].split(b'"')[0]
        f = f"<f>{formula}</f>".encode() if formula else b""
        cell = b'<c r="' + ref + b'" s="' + style + b'" t="e">' + f + b"<v>" + value.encode() + b"</v></c>"
        return data[:start] + cell + data[end:]

    return edit


def book_with_error(make_book, tmp_path, formula: str | None, value: str = "#N/A", name: str = "错误值.xlsx"):
    src = make_book({"运一": valid_values()}, branches=("运一",))
    return rezip(src, tmp_path / name, {sheet_part(src, "运一"): error_cell(formula, value)})


def rows(report):
    return [(f.sheet, f.cell, f.code) for f in report.findings]


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
@pytest.mark.parametrize("formula", [TYPED, None], ids=["formula", "error-only"])
def test_an_error_cell_is_empty_and_one_error_naming_the_cell(make_book, tmp_path, engine, formula):
    path = book_with_error(make_book, tmp_path, formula)
    _, report = check_file(path, engine)
    # One finding for the cell: not also "formula-input" (whose result would be #N/A) or "done-field-missing".
    assert rows(report) == [("运一", CELL, "cell-error-value")]
    (finding,) = report.findings
    assert finding.severity == "error" and finding.criterion == 1 and "#N/A" in finding.message
    assert (TYPED in finding.message) == (formula is not None)  # the words typed, when the file still has them
    (branch,) = report.branches
    assert branch.values["c1_actions"] is None
    assert branch.verdicts[1] == form.INCOMPLETE


@pytest.mark.parametrize("value", ["#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!",
                                   "#CALC!", "#GETTING_DATA"])
def test_every_error_literal_typed_as_text_counts_as_empty(make_book, value):
    values = valid_values()
    values["c3_evidence"] = value
    _, report = check_file(make_book({"运一": values}))
    assert rows(report) == [("运一", form.FIELDS_BY_NAME["c3_evidence"].cell, "cell-error-value")]
    assert report.branches[0].verdicts[3] == form.INCOMPLETE


def test_error_values_are_blank_but_text_that_mentions_one_is_not():
    assert is_blank("#N/A") and is_blank(" #n/a ") and excel_error("#DIV/0!") == "#DIV/0!"
    assert not is_blank("#1 号机组") and excel_error("报表里的 #N/A 已改正") is None
    assert excel_error(None) is None and excel_error(28) is None


def test_a_sheet_holding_only_an_error_value_is_not_unreported(make_book):
    values = {"c1_actions": "#N/A"}
    _, report = check_file(make_book({"运一": values}))
    assert report.branches[0].reported
    assert ("运一", CELL, "cell-error-value") in rows(report)


def test_collect_warns_per_cell_and_the_merged_book_is_checked_the_same(make_book, tmp_path):
    path = book_with_error(make_book, tmp_path, TYPED)
    split_file(make_book({"运一": valid_values()}, branches=("运一", "电气")), tmp_path / "下发")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(path, inbox / "运一_回头看填报表.xlsx")
    shutil.copy(tmp_path / "下发" / "电气_book1.xlsx", inbox / "电气_回头看填报表.xlsx")
    merged = tmp_path / "合并.xlsx"
    result = collect_files([inbox], merged)
    notices = [(n.code, n.branch) for n in result.notices]
    assert ("error-value", "运一") in notices
    # The error cell is not also counted among the formulas "collected as values".
    assert ("formula-value", "运一") not in notices
    message = next(n.message for n in result.notices if n.code == "error-value")
    assert CELL in message and TYPED in message and "#N/A" in message
    _, report = check_file(merged)
    assert ("运一", CELL, "cell-error-value") in rows(report)
    assert report.branches[0].verdicts[1] == form.INCOMPLETE
    # The branch is sent its file, with the cell marked, instead of being told "no problem".
    (tmp_path / "退回").mkdir()
    sent = {f.sheet: f for f in feedback_files(merged, tmp_path / "退回")}
    assert sent["运一"].errors == 1
