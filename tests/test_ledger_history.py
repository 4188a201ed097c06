"""A branch rewords a 补课 item between rounds: the ledger keeps the same item and id, and never loses the
wording it tracked before (历次内容, with the round), nor what the office typed. Real files, the real CLI."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner
from ledger_rounds import header_columns, row_of
from openpyxl import load_workbook
from test_ledger_office import OWNER_TYPED, round_book

from xladdin.cli import main
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.spec import ledger as spec

FIRST = SAMPLE_VALUES["电气"]
REWORDED = {"c3_shortcomings": "对活动文件精神学习领会不深，学习形式单一。",
            "c3_remedy": "9月下旬再组织两次集中学习，并开展交流发言。", "c3_deadline": date(2010, 10, 10)}
THIRD = {**REWORDED, "c3_remedy": "10月再组织一次集中学习。"}
NOTE = "9月22日电话督办"


def ledger(folder, book, day):
    result = CliRunner().invoke(main, ["ledger", str(book), "-o", str(folder / spec.LEDGER_FILE), "--date", day])
    assert result.exit_code == 0, result.output
    return result


def rows(folder):
    ws = load_workbook(folder / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    out = {}
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, cols[spec.ID]).value:
            out[ws.cell(r, cols[spec.ID]).value] = {name: ws.cell(r, c).value for name, c in cols.items()}
    return out


def test_a_reworded_item_keeps_its_id_and_every_earlier_wording_with_its_round(tmp_path):
    ledger(tmp_path, round_book(tmp_path / "第1轮.xlsx", {}), "2010-09-12")
    path = tmp_path / spec.LEDGER_FILE
    wb = load_workbook(path)  # the office writes a 备注 on the item between rounds
    ws = wb[spec.LEDGER_SHEET]
    ws.cell(row_of(ws, "电气-3-1"), header_columns(ws)[spec.NOTE]).value = NOTE
    wb.save(path)
    before = set(rows(tmp_path))

    second = round_book(tmp_path / "第2轮.xlsx", {"电气": {**REWORDED, "fill_date": date(2010, 9, 24)}})
    ledger(tmp_path, second, "2010-09-25")
    item = rows(tmp_path)["电气-3-1"]
    assert set(rows(tmp_path)) == before  # the same item, no new one
    assert (item[spec.SHORTCOMINGS], item[spec.REMEDY]) == (REWORDED["c3_shortcomings"], REWORDED["c3_remedy"])
    assert item[spec.NOTE] == NOTE  # the office's column is untouched
    moved = spec.DEADLINE_MOVED.format(old="2010-09-20", new="2010-10-10") + spec.WAS_OVERDUE
    assert item[spec.PROGRESS] == f"{spec.UPDATED}，{spec.HISTORY_KEPT}；{moved}"
    first_line = spec.HISTORY_LINE.format(round="第1轮 2010-09-12", parts="；".join([
        f"存在不足“{FIRST['c3_shortcomings']}”", f"补课措施“{FIRST['c3_remedy']}”", "完成时限“2010-09-20”"]))
    assert item[spec.HISTORY] == first_line

    ledger(tmp_path, second, "2010-09-25")  # the same round again adds nothing
    assert rows(tmp_path)["电气-3-1"][spec.HISTORY] == first_line

    third = round_book(tmp_path / "第3轮.xlsx", {"电气": {**THIRD, "fill_date": date(2010, 10, 8)}})
    ledger(tmp_path, third, "2010-10-09")
    item = rows(tmp_path)["电气-3-1"]
    second_line = spec.HISTORY_LINE.format(round="第2轮 2010-09-25", parts=f"补课措施“{REWORDED['c3_remedy']}”")
    assert item[spec.HISTORY] == f"{first_line}\n{second_line}"
    assert item[spec.REMEDY] == THIRD["c3_remedy"] and item[spec.NOTE] == NOTE
    assert rows(tmp_path)["化学-5-1"][spec.HISTORY] is None  # untouched items have no history


def test_office_text_the_branch_replaces_is_kept_in_the_history_as_the_offices(tmp_path):
    ledger(tmp_path, round_book(tmp_path / "第1轮.xlsx", {}), "2010-09-12")
    path = tmp_path / spec.LEDGER_FILE
    wb = load_workbook(path)
    ws = wb[spec.LEDGER_SHEET]
    ws.cell(row_of(ws, "化学-5-1"), header_columns(ws)[spec.OWNER]).value = OWNER_TYPED
    wb.save(path)
    ledger(tmp_path, round_book(tmp_path / "第2轮.xlsx", {"化学": {"c5_owner": "王梅保"}}), "2010-09-20")
    item = rows(tmp_path)["化学-5-1"]
    assert item[spec.OWNER] == "王梅保"
    assert item[spec.HISTORY] == spec.HISTORY_LINE.format(
        round="第1轮 2010-09-12", parts=spec.HISTORY_OFFICE.format(field="责任人", text=OWNER_TYPED))
    # Two rounds on, 本轮情况 has moved on; the office's words are still in the row.
    third = {"c5_owner": "王梅保", "fill_date": date(2010, 10, 18)}  # re-reported, nothing else changed
    ledger(tmp_path, round_book(tmp_path / "第3轮.xlsx", {"化学": third}), "2010-10-20")
    item = rows(tmp_path)["化学-5-1"]
    assert item[spec.PROGRESS] == spec.UNCHANGED and OWNER_TYPED in item[spec.HISTORY]
