"""The marked copy: fills, notes, verdicts, 问题清单; typed values untouched; re-runs replace."""

from __future__ import annotations

import hashlib

from conftest import remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.jobs import check_file, mark_file
from xladdin.marks.plan import NOTE_AUTHOR, NOTE_SEPARATOR
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADER_ROW, ISSUE_HEADERS, VERDICT_FILLS, VERDICT_LABELS
from xladdin.spec.labels import SEVERITY_FILLS as FILLS


def _mark(src, out):
    data, report = check_file(src)
    mark_file(src, out, data, report)
    return report


def _values(path):
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        if ws.title != form.ISSUES_SHEET
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def _broken_values():
    values = valid_values()
    values["c1_evidence"] = None
    remediating_values(values, 4)
    values["c4_owner"] = "无"
    values["highlights"] = '=HYPERLINK("http://x","点我")'
    return values


def test_marks_problem_cells_and_verdicts(make_book, tmp_path):
    src = make_book({"运一": _broken_values()})
    out = tmp_path / "marked.xlsx"
    report = _mark(src, out)
    wb = load_workbook(out)
    ws = wb["运一"]
    evidence = ws[form.cfield(1, "evidence").cell]
    assert evidence.fill.fgColor.rgb.endswith(FILLS["error"])
    assert evidence.comment.author == NOTE_AUTHOR and "佐证材料" in evidence.comment.text
    assert ws[form.verdict_cell(1)].value.endswith(VERDICT_LABELS[form.INCOMPLETE])
    assert ws[form.verdict_cell(2)].value.endswith(VERDICT_LABELS[form.COMPLETE])
    assert ws[form.verdict_cell(2)].fill.fgColor.rgb.endswith(VERDICT_FILLS[form.COMPLETE])
    issues = wb[form.ISSUES_SHEET]
    assert wb.sheetnames[0] == form.ISSUES_SHEET
    assert issues.max_row == ISSUE_HEADER_ROW + len(report.findings)
    assert issues["A1"].value == "问题清单（错误2条，提示1条）"  # the hint: 工作亮点 starts with "="
    assert [c.value for c in issues[ISSUE_HEADER_ROW]] == list(ISSUE_HEADERS)
    assert issues.column_dimensions["G"].hidden  # the code column: for programs, not for the office
    link = issues.cell(ISSUE_HEADER_ROW + 1, 3)
    assert link.hyperlink.location or link.hyperlink.target
    # Keeps what the template had.
    assert ws.protection.sheet
    assert "c1_status" in ws.defined_names
    assert any("已完成" in str(dv.formula1) for dv in ws.data_validations.dataValidation)


def test_typed_values_and_input_unchanged(make_book, tmp_path):
    src = make_book({"运一": _broken_values()})
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "marked.xlsx"
    _mark(src, out)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    original, marked = _values(src), _values(out)
    verdicts = {(s, form.verdict_cell(c.id)) for s in ["运一"] for c in form.CRITERIA}
    assert {k: v for k, v in marked.items() if k not in verdicts} == original
    cell = load_workbook(out)["运一"][form.FIELDS_BY_NAME["highlights"].cell]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_rerun_replaces_old_marks(make_book, tmp_path):
    src = make_book({"运一": _broken_values()})
    first = tmp_path / "first.xlsx"
    _mark(src, first)
    # The branch fixes everything, then the office checks the marked file again.
    wb = load_workbook(first)
    fixed = valid_values()
    for name, value in fixed.items():
        wb["运一"][form.FIELDS_BY_NAME[name].cell] = value
    fixed_path = tmp_path / "fixed.xlsx"
    wb.save(fixed_path)
    second = tmp_path / "second.xlsx"
    report = _mark(fixed_path, second)
    assert report.findings == []
    ws = load_workbook(second)["运一"]
    for f in form.FIELDS:
        cell = ws[f.cell]
        assert cell.comment is None, f.name
        assert not cell.fill.fgColor.rgb.endswith(FILLS["error"]), f.name
    assert all(ws[form.verdict_cell(c.id)].value.startswith("✓") for c in form.CRITERIA)
    assert load_workbook(second).sheetnames.count(form.ISSUES_SHEET) == 1


def test_a_persons_own_note_survives(make_book, tmp_path):
    from openpyxl.comments import Comment

    def note(wb):
        wb["运一"][form.cfield(1, "evidence").cell].comment = Comment("材料在档案室", "王梅保")

    values = valid_values()
    values["c1_evidence"] = None
    src = make_book({"运一": values}, edit=note)
    first = tmp_path / "m1.xlsx"
    _mark(src, first)
    text = load_workbook(first)["运一"][form.cfield(1, "evidence").cell].comment.text
    assert text.startswith("材料在档案室") and NOTE_SEPARATOR in text
    second = tmp_path / "m2.xlsx"
    _mark(first, second)
    text2 = load_workbook(second)["运一"][form.cfield(1, "evidence").cell].comment.text
    assert text2.count(NOTE_SEPARATOR) == 1 and text2.startswith("材料在档案室")


def test_a_sheet_of_the_offices_own_named_like_ours_is_never_replaced(make_book, tmp_path):
    import pytest

    from xladdin.errors import UserError

    def own_sheet(wb):
        wb.create_sheet(form.ISSUES_SHEET)["A1"] = "办公室手工统计"

    src = make_book({"运一": _broken_values()}, edit=own_sheet)
    out = tmp_path / "marked.xlsx"
    with pytest.raises(UserError, match="不是本工具生成的"):
        _mark(src, out)
    assert not out.exists()


def test_text_a_person_put_in_a_verdict_box_is_kept(make_book, tmp_path):
    def note(wb):
        wb["运一"][form.verdict_cell(1)] = "已于8月补开动员会"

    src = make_book({"运一": _broken_values()}, edit=note)
    out = tmp_path / "marked.xlsx"
    _mark(src, out)
    ws = load_workbook(out)["运一"]
    assert ws[form.verdict_cell(1)].value == "已于8月补开动员会"
    assert ws[form.verdict_cell(2)].value.startswith("✓")


# ---- fills on the file writer's own output (issue 18: warnings were checked only via xlwings) ----

# Excel's "Bad" and "Neutral" cell styles, written out here rather than read from the spec,
# so a change of colour (or the two severities sharing one) is a decision a test records.
ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"


def _mixed_values():
    from datetime import date

    values = valid_values()
    values["c1_evidence"] = None  # error only
    values["c2_date"] = date(2010, 4, 20)  # warning only: before the stage window
    values["c3_date"] = date(2010, 9, 5)  # error and warning in one cell: after the fill date and the window
    # warning only: a concrete activity, but none of criterion 4's three questions
    values["c4_actions"] = "8月10日组织全体党员学习《中国共产党章程》第三章，28人参加"
    return values


EXPECTED_FINDINGS = [
    ["c1_evidence", "error", "done-field-missing"],
    ["c2_date", "warning", "date-outside-window"],
    ["c3_date", "error", "date-after-fill"],
    ["c3_date", "warning", "date-outside-window"],
    ["c4_actions", "warning", "c4-off-topic"],
]
MARKED = {"c1_evidence": ERROR_FILL, "c2_date": WARNING_FILL, "c3_date": ERROR_FILL, "c4_actions": WARNING_FILL}


def _fill(cell) -> tuple[str | None, str]:
    return cell.fill.fill_type, str(cell.fill.fgColor.rgb)[-6:]


def test_error_and_warning_fills_in_the_marked_copy(make_book, tmp_path):
    src = make_book({"运一": _mixed_values()})
    out = tmp_path / "marked.xlsx"
    report = _mark(src, out)
    assert sorted(report.flatten(["field", "severity", "code"])) == EXPECTED_FINDINGS
    ws = load_workbook(out)["运一"]
    for name, colour in MARKED.items():
        assert _fill(ws[form.FIELDS_BY_NAME[name].cell]) == ("solid", colour), name
    for f in form.FIELDS:
        if f.name not in MARKED:
            assert _fill(ws[f.cell]) == ("solid", form.INPUT_FILL), f.name
    # The note lists each finding under its own severity, the worst first in the fill only.
    assert ws[form.FIELDS_BY_NAME["c2_date"].cell].comment.text.splitlines()[1].startswith("提示：")
    mixed = ws[form.FIELDS_BY_NAME["c3_date"].cell].comment.text.splitlines()
    assert [line[:3] for line in mixed[1:]] == ["错误：", "提示："]
    assert ERROR_FILL != WARNING_FILL


# What each verdict looks like beside its criterion (Excel's Good / Neutral / Bad styles).
VERDICT_LOOK = {form.COMPLETE: ("✓ 合格", "C6EFCE"), form.REMEDIATING: ("△ 补课中", "FFEB9C"),
                form.INCOMPLETE: ("✗ 不合格", "FFC7CE")}


def test_verdict_text_and_fill_for_each_verdict(make_book, tmp_path):
    values = _mixed_values()
    remediating_values(values, 5)
    out = tmp_path / "marked.xlsx"
    _mark(make_book({"运一": values}), out)
    ws = load_workbook(out)["运一"]
    expected = {1: form.INCOMPLETE, 2: form.COMPLETE, 3: form.INCOMPLETE, 4: form.COMPLETE, 5: form.REMEDIATING}
    for cid, verdict in expected.items():
        text, colour = VERDICT_LOOK[verdict]
        cell = ws[form.verdict_cell(cid)]
        assert (cell.value, _fill(cell)) == (text, ("solid", colour)), cid


def test_a_rerun_clears_warning_fills_too(make_book, tmp_path):
    first = tmp_path / "first.xlsx"
    _mark(make_book({"运一": _mixed_values()}), first)
    wb = load_workbook(first)
    for name, value in valid_values().items():
        wb["运一"][form.FIELDS_BY_NAME[name].cell] = value
    fixed = tmp_path / "fixed.xlsx"
    wb.save(fixed)
    second = tmp_path / "second.xlsx"
    assert _mark(fixed, second).findings == []
    ws = load_workbook(second)["运一"]
    for name in MARKED:
        cell = ws[form.FIELDS_BY_NAME[name].cell]
        assert _fill(cell) == ("solid", form.INPUT_FILL) and cell.comment is None, name
