"""A branch rewords a 补课 item between rounds: the ledger keeps the same item and id, and never loses the
wording it tracked before (历次内容, with the round), nor what the office typed. Real files, the real CLI."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from ledger_rounds import header_columns, row_of
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from test_ledger_office import OWNER_TYPED, round_book

from xladdin.cli import main
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.spec import ledger as spec

FIRST = SAMPLE_VALUES["电气"]
REWORDED = {"c3_shortcomings": "对活动文件精神学习领会不深，学习形式单一。",
            "c3_remedy": "9月下旬再组织两次集中学习，并开展交流发言。", "c3_deadline": date(2010, 10, 10)}
THIRD = {**REWORDED, "c3_remedy": "10月再组织一次集中学习。"}
NOTE = "9月22日电话督办"


def ledger(folder, book, day, *options):
    result = CliRunner().invoke(main, ["ledger", str(book), "-o", str(folder / spec.LEDGER_FILE), "--date", day,
                                       *options])
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


def test_a_ledger_made_before_the_history_column_keeps_every_cell_the_office_typed_beside_its_table(tmp_path):
    """Review finding 1: the 历次内容 column added to an older ledger used to land on the column right of the
    table, where the office keeps notes under no heading, and blanked them in every item row."""
    round_one, round_two = tmp_path / "第一轮.xlsx", round_book(tmp_path / "第二轮.xlsx", {"电气": REWORDED})
    ledger(tmp_path, round_book(round_one, {}), "2010-09-12")
    wb = load_workbook(tmp_path / spec.LEDGER_FILE)
    ws = wb[spec.LEDGER_SHEET]
    history = header_columns(ws)[spec.HISTORY]
    ws.delete_cols(history)  # the ledger as the version before 历次内容 wrote it
    for link in (c for row in ws.iter_rows() for c in row if c.hyperlink is not None):
        link.hyperlink.ref = link.coordinate
    table = next(iter(ws.tables.values()))
    table.tableColumns = [c for c in table.tableColumns if c.name != spec.HISTORY]
    last = len(table.tableColumns)
    table.ref = table.autoFilter.ref = f"A3:{get_column_letter(last)}{ws.max_row}"
    ids = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value}
    ws.cell(3, last + 1).value = "督办人"  # a column of the office's own, with its heading
    for n, r in enumerate(ids.values()):
        ws.cell(r, last + 1).value = f"王主任{n}"
        ws.cell(r, last + 2).value = f"办公室手记{n}"  # notes under no heading, right beside
    ws.cell(1, last + 4).value = "办公室：本表每周一更新"  # and a remark above the table, further right
    wb.save(tmp_path / spec.LEDGER_FILE)

    result = ledger(tmp_path, round_two, "2010-09-25")

    assert f"已在“{spec.LEDGER_SHEET}”表右侧新增“{spec.HISTORY}”列" in result.output
    ws = load_workbook(tmp_path / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    assert cols["督办人"] == last + 1 and cols[spec.HISTORY] == last + 2  # right of every heading
    for n, r in enumerate(ids.values()):
        assert ws.cell(r, last + 1).value == f"王主任{n}"
        assert ws.cell(r, last + 3).value == f"办公室手记{n}"  # moved right with its content, not overwritten
    assert ws.cell(1, last + 5).value == "办公室：本表每周一更新"
    assert rows(tmp_path)["电气-3-1"][spec.HISTORY].startswith("第1轮 2010-09-12的内容：")  # read back by its name
    assert next(iter(ws.tables.values())).ref == f"A3:{get_column_letter(last + 2)}{ws.max_row}"


def test_ledger_json_lists_each_item_s_earlier_wordings_as_the_history_column_shows_them(tmp_path):
    """`ledger --json`: each item's `history` is the 历次内容 cell, one entry per change, [] when none.
    A line break inside a branch's 补课措施 stays inside its entry."""
    two_lines = "9月中旬组织一次集中学习；\n9月底前开展交流发言。"
    first = json.loads(ledger(tmp_path, round_book(tmp_path / "第1轮.xlsx", {"电气": {"c3_remedy": two_lines}}),
                              "2010-09-12", "--json").output)
    assert all(i["history"] == [] for i in first["items"])  # nothing reworded yet

    second = round_book(tmp_path / "第2轮.xlsx", {"电气": {"c3_remedy": REWORDED["c3_remedy"],
                                                          "fill_date": date(2010, 9, 24)}})
    ledger(tmp_path, second, "2010-09-25")
    third = round_book(tmp_path / "第3轮.xlsx", {"电气": {"c3_remedy": THIRD["c3_remedy"], "fill_date": date(2010, 10, 8)}})
    data = json.loads(ledger(tmp_path, third, "2010-10-09", "--json").output)
    items = {i["id"]: i for i in data["items"]}
    cell = rows(tmp_path)["电气-3-1"][spec.HISTORY]
    expected = [spec.HISTORY_LINE.format(round="第1轮 2010-09-12", parts=f"补课措施“{two_lines}”"),
                spec.HISTORY_LINE.format(round="第2轮 2010-09-25", parts=f"补课措施“{REWORDED['c3_remedy']}”")]
    assert items["电气-3-1"]["history"] == expected and "\n".join(expected) == cell  # the column, entry by entry
    assert {i for i, item in items.items() if item["history"]} == {"电气-3-1"}  # the others: []
