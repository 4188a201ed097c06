"""A branch empties an item's 补课 fields in a later round without reporting it done (the clerk's item 8).

化学 leaves criterion 5 at 部分完成 and clears 存在不足 and 补课措施 (owner and deadline stay), in a
file that went through LibreOffice, as a branch without Excel sends it. The ledger must not call
that 本轮无变化: it flags the item, says which fields are empty, and keeps the last known text.
"""

from __future__ import annotations

import shutil
from copy import deepcopy

from click.testing import CliRunner
from ledger_rounds import header_columns, row_of
from lo import resave_xlsx
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.spec import form
from xladdin.spec import ledger as spec

SHORTCOMING = "全局意识不够强，有本位主义思想。"
REMEDY = "对不是自己责任范围内的事也主动过问，开展一次交流。"


def round_book(folder, name: str, cleared: tuple[str, ...], status: str = form.STATUS_PARTIAL):
    values = deepcopy(SAMPLE_VALUES)
    huaxue = values["化学"]
    huaxue.update({"c5_status": status, "c5_shortcomings": SHORTCOMING, "c5_remedy": REMEDY})
    for part in cleared:
        huaxue.pop(f"c5_{part}")
    wb = build_template(form.DEFAULT_BRANCHES)
    for sheet, v in values.items():
        fill_by_names(wb, sheet, {k: x for k, x in v.items() if x not in ("", None)})
    path = folder / name
    wb.save(path)
    return path


def ledger(book, out, day):
    result = CliRunner().invoke(main, ["ledger", str(book), "-o", str(out), "--date", day])
    assert result.exit_code == 0, result.output
    return result.output


def progress_of(path, item_id="化学-5-1"):
    ws = load_workbook(path)[spec.LEDGER_SHEET]
    cols, row = header_columns(ws), row_of(ws, item_id)
    return {name: ws.cell(row, cols[name]).value for name in (spec.PROGRESS, spec.SHORTCOMINGS, spec.REMEDY,
                                                               spec.OWNER, spec.STATUS)}


def play(tmp_path, cleared):
    out = tmp_path / spec.LEDGER_FILE
    ledger(round_book(tmp_path, "第1轮.xlsx", ()), out, "2010-09-12")
    (tmp_path / "in").mkdir()
    second = round_book(tmp_path / "in", "第2轮.xlsx", cleared)
    resaved = resave_xlsx(second, tmp_path / "lo")  # the branch's file went through LibreOffice
    shutil.copy(resaved, tmp_path / "第2轮.xlsx")
    screen = ledger(tmp_path / "第2轮.xlsx", out, "2010-09-20")
    return progress_of(out), screen


def test_a_partly_done_item_whose_shortcoming_and_measure_were_cleared_is_flagged(tmp_path, soffice_required):
    row, screen = play(tmp_path, ("shortcomings", "remedy"))
    assert row[spec.PROGRESS] == (f"{spec.NO_NEWS}（"
                                  + spec.CLEARED.format(fields="存在不足、补课措施") + "）")
    assert (row[spec.SHORTCOMINGS], row[spec.REMEDY], row[spec.OWNER]) == (SHORTCOMING, REMEDY, "卜新方")
    assert row[spec.STATUS] == spec.NOT_DUE
    assert "化学-5-1" in screen.split("本轮未报告进展（保留上次内容）")[1].splitlines()[0]


def test_every_field_cleared_names_all_four(tmp_path, soffice_required):
    row, _ = play(tmp_path, ("shortcomings", "remedy", "owner", "deadline"))
    assert row[spec.PROGRESS] == (f"{spec.NO_NEWS}（"
                                  + spec.CLEARED.format(fields="存在不足、补课措施、责任人、完成时限") + "）")
    assert row[spec.OWNER] == "卜新方"


def test_a_cleared_owner_alone_is_said_and_kept(tmp_path, soffice_required):
    row, _ = play(tmp_path, ("owner",))
    assert row[spec.PROGRESS] == f"{spec.UNCHANGED}；" + spec.PART_CLEARED.format(fields="责任人")
    assert row[spec.OWNER] == "卜新方"


def test_the_flag_stays_while_the_fields_stay_empty(tmp_path):
    out = tmp_path / spec.LEDGER_FILE
    ledger(round_book(tmp_path, "第1轮.xlsx", ()), out, "2010-09-12")
    ledger(round_book(tmp_path, "第2轮.xlsx", ("shortcomings", "remedy")), out, "2010-09-20")
    ledger(round_book(tmp_path, "第3轮.xlsx", ("shortcomings", "remedy")), out, "2010-10-08")
    row = progress_of(out)
    assert row[spec.PROGRESS] == f"{spec.NO_NEWS}（" + spec.CLEARED.format(fields="存在不足、补课措施") + "）"
    ws = load_workbook(out)[spec.LEDGER_SHEET]
    assert ws.cell(row_of(ws, "化学-5-1"), header_columns(ws)[spec.LAST_ROUND]).value == "第1轮 2010-09-12"
