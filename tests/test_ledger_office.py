"""The ledger after the office's own hands on it: a LibreOffice re-save, text typed into grey columns,
rows of its own under the table. Real files, a real LibreOffice."""

from __future__ import annotations

import shutil
from copy import deepcopy
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from ledger_rounds import header_columns, row_of
from lo import resave_xlsx, soffice
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.spec import form
from xladdin.spec import ledger as spec


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def ledger(folder, day: str, *extra):
    result = run("ledger", SAMPLE, "-o", folder / spec.LEDGER_FILE, "--date", day, *extra)
    assert result.exit_code == 0, result.output
    return result


def sheet(folder):
    return load_workbook(folder / spec.LEDGER_FILE, rich_text=True)[spec.LEDGER_SHEET]


def test_a_ledger_resaved_by_libreoffice_gets_its_new_status_line_and_frozen_header(tmp_path):
    """LibreOffice writes the status line as rich text (one run per script), and its headless save drops the
    frozen pane: the update finds the line by its characters and freezes the header again."""
    if soffice() is None:
        pytest.fail("soffice (LibreOffice) is required: run `bash scripts/system-packages.sh --tests`")
    ledger(tmp_path, "2010-09-12")
    shutil.copy(resave_xlsx(tmp_path / spec.LEDGER_FILE, tmp_path / "lo"), tmp_path / spec.LEDGER_FILE)
    resaved = sheet(tmp_path)
    assert type(resaved["A2"].value).__name__ == "CellRichText"  # the cause: runs, not a plain string
    assert resaved.freeze_panes is None  # LibreOffice's headless save, not the tool, drops the pane
    ledger(tmp_path, "2010-09-13")  # the same workbook again: round 1 refreshed, its line rewritten
    ws = sheet(tmp_path)
    assert ws["A2"].value.startswith("截至2010年9月13日（第1轮，依据“sample.xlsx”）：共8项")
    assert ws.freeze_panes == "B4"


def round_book(path, changes):
    """The sample's round with branch sheets changed as given: {sheet: {field name: value}}."""
    values = deepcopy(SAMPLE_VALUES)
    for name, fields in changes.items():
        values[name].update(fields)
    wb = build_template(form.DEFAULT_BRANCHES)
    for name, v in values.items():
        fill_by_names(wb, name, {k: x for k, x in v.items() if x not in ("", None)})
    wb.save(path)
    return path


def office_types(ledger_path, item_id, column, text):
    """A clerk types into a grey column, then the file goes through LibreOffice (an office without Excel)."""
    wb = load_workbook(ledger_path)
    ws = wb[spec.LEDGER_SHEET]
    ws.cell(row_of(ws, item_id), header_columns(ws)[column]).value = text
    wb.save(ledger_path)
    shutil.copy(resave_xlsx(ledger_path, ledger_path.parent / "lo"), ledger_path)
    return row_of(ws, item_id)


def cell_of(folder, item_id, column):
    ws = sheet(folder)
    return ws.cell(row_of(ws, item_id), header_columns(ws)[column]).value


OWNER_TYPED = "卜新方（分场主任）"


def test_office_text_in_a_grey_column_stays_while_the_branch_keeps_its_own(tmp_path, soffice_required):
    """The clerk's item 9: the office's 卜新方（分场主任） was silently turned back into 卜新方. It now stays
    as long as the branch's 责任人 is what the tool last took from it."""
    ledger(tmp_path, "2010-09-12")
    office_types(tmp_path / spec.LEDGER_FILE, "化学-5-1", spec.OWNER, OWNER_TYPED)
    result = ledger(tmp_path, "2010-09-20", "--new-round")
    assert cell_of(tmp_path, "化学-5-1", spec.OWNER) == OWNER_TYPED
    assert cell_of(tmp_path, "化学-5-1", spec.PROGRESS) == spec.UNCHANGED
    assert "警告" not in result.output
    ledger(tmp_path, "2010-09-27", "--new-round")  # and the round after: the record still knows the branch's own text
    assert cell_of(tmp_path, "化学-5-1", spec.OWNER) == OWNER_TYPED


def test_office_text_replaced_by_a_branch_change_is_quoted_on_screen_and_in_the_row(tmp_path, soffice_required):
    ledger(tmp_path, "2010-09-12")
    row = office_types(tmp_path / spec.LEDGER_FILE, "化学-5-1", spec.OWNER, OWNER_TYPED)
    second = round_book(tmp_path / "第2轮.xlsx", {"化学": {"c5_owner": "王梅保"}})
    result = run("ledger", second, "-o", tmp_path / spec.LEDGER_FILE, "--date", "2010-09-20")
    assert result.exit_code == 0, result.output
    note = spec.OFFICE_TEXT_REPLACED.format(field="责任人", text=OWNER_TYPED)
    assert cell_of(tmp_path, "化学-5-1", spec.OWNER) == "王梅保"
    assert cell_of(tmp_path, "化学-5-1", spec.PROGRESS) == f"{spec.UPDATED}，{spec.HISTORY_KEPT}；{note}"
    assert f"警告：化学-5-1（{spec.LEDGER_SHEET}表第{row}行）：{note}" in result.stderr
    # The branch's own copy of its items (退回修改意见, 整改事项) shows its new owner, not the office's note.
    back = run("feedback", second, "-o", tmp_path / "退回", "--all", "--ledger", tmp_path / spec.LEDGER_FILE,
               "--date", "2010-09-20")
    assert back.exit_code == 0, back.output
    items = load_workbook(next((tmp_path / "退回").glob("化学_*.xlsx")))["整改事项"]
    row5 = next(r for r in items.iter_rows(values_only=True) if r[0] == "化学-5-1")
    assert row5[4] == "王梅保" and row5[7] == spec.UPDATED


def test_a_ledger_written_before_the_record_kept_the_branch_text_takes_its_cells_as_they_stand(tmp_path):
    """Old ledgers have no taken texts in 台账记录: nothing is called an office edit; the next write records them."""
    ledger(tmp_path, "2010-09-12")
    path = tmp_path / spec.LEDGER_FILE
    wb = load_workbook(path)
    record = wb[spec.RECORD_SHEET]
    record.delete_cols(5, 4)
    ws = wb[spec.LEDGER_SHEET]
    ws.cell(row_of(ws, "化学-5-1"), header_columns(ws)[spec.OWNER]).value = OWNER_TYPED
    wb.save(path)
    result = ledger(tmp_path, "2010-09-20")
    assert "警告" not in result.output
    assert cell_of(tmp_path, "化学-5-1", spec.OWNER) == "卜新方"  # no record: the branch's text, as before
    assert load_workbook(path)[spec.RECORD_SHEET].cell(3, 7).value == "支部填报的责任人"


NOTE_ROW = "注：9月19日党办碰头会确定督办人。"
YUNER_NEW = {"运二": {"c3_status": "部分完成", "c3_shortcomings": "学习记录不全，佐证材料缺失。",
                      "c3_remedy": "补齐学习记录并归档。", "c3_owner": "孙晓燕", "c3_deadline": date(2010, 10, 20)}}


def office_note_under_table(ledger_path, gap: int):
    """The office types a note `gap` rows under the last item (merged across the table, a taller row)."""
    wb = load_workbook(ledger_path)
    ws = wb[spec.LEDGER_SHEET]
    row = ws.max_row + gap
    ws.cell(row, 1).value = NOTE_ROW
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
    ws.row_dimensions[row].height = 30
    wb.save(ledger_path)
    return row


def table_ref(folder):
    return next(iter(sheet(folder).tables.values())).ref


@pytest.mark.parametrize("gap", [1, 2])
def test_new_items_go_under_the_last_item_not_under_the_office_note(tmp_path, gap, soffice_required):
    """The clerk's item 10: a new item landed below the office's note row, and the table grew over the note."""
    ledger(tmp_path, "2010-09-12")
    path = tmp_path / spec.LEDGER_FILE
    assert table_ref(tmp_path) == "A3:R11"  # eight items, rows 4 to 11
    note = office_note_under_table(path, gap)
    shutil.copy(resave_xlsx(path, tmp_path / "lo"), path)
    result = run("ledger", round_book(tmp_path / "第2轮.xlsx", YUNER_NEW), "-o", path, "--date", "2010-09-20")
    assert result.exit_code == 0, result.output
    ws = sheet(tmp_path)
    assert row_of(ws, "运二-3-1") == 12
    assert table_ref(tmp_path) == "A3:R12"  # the new item is in the table; the note is not
    moved = 13 if gap == 1 else note  # right under the table it moves down; one row lower it stays
    assert str(ws.cell(moved, 1).value) == NOTE_ROW  # LibreOffice keeps it as rich text
    assert f"A{moved}:H{moved}" in {m.coord for m in ws.merged_cells.ranges}
    assert ws.row_dimensions[moved].height == 30
    assert ws.print_area == f"'{spec.LEDGER_SHEET}'!$A$1:$R${moved}"  # the note is printed with the table
