"""A branch moves an item's deadline (the clerk's finding 2): an overdue item must not turn 未到期 with only
“本轮内容有更新”. 本轮情况 says from what to what (and that the old one had passed), 历次内容 keeps the old
one worded alike, and the screen and --json list the item. Real files, the real CLI."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from test_ledger_history import rows
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.spec import ledger as spec

# The sample: 运一-4-1 is due 2010-09-10 (overdue on 09-12), 电气-3-1 is due 2010-09-20.
SECOND = {"运一": {"c4_deadline": date(2010, 10, 20), "fill_date": date(2010, 9, 14)},
          "电气": {"c3_deadline": date(2010, 10, 10), "fill_date": date(2010, 9, 14)}}


def ledger(folder, book, day, *extra):
    result = CliRunner().invoke(main, ["ledger", str(book), "-o", str(folder / spec.LEDGER_FILE), "--date", day,
                                       *extra])
    assert result.exit_code == 0, result.output
    return result


def test_a_moved_deadline_is_said_in_the_row_on_screen_and_in_json(tmp_path):
    ledger(tmp_path, round_book(tmp_path / "第1轮.xlsx", {}), "2010-09-12")
    assert rows(tmp_path)["运一-4-1"][spec.STATUS] == spec.OVERDUE
    second = round_book(tmp_path / "第2轮.xlsx", SECOND)
    screen = ledger(tmp_path, second, "2010-09-15", "--ledger", tmp_path / spec.LEDGER_FILE).output

    yunyi, dianqi = rows(tmp_path)["运一-4-1"], rows(tmp_path)["电气-3-1"]
    moved = spec.DEADLINE_MOVED.format(old="2010-09-10", new="2010-10-20") + spec.WAS_OVERDUE
    assert yunyi[spec.STATUS] == spec.NOT_DUE  # the branch's deadline stands; the move is said, not undone
    assert yunyi[spec.PROGRESS] == f"{spec.UPDATED}，{spec.HISTORY_KEPT}；{moved}"
    assert yunyi[spec.HISTORY] == spec.HISTORY_LINE.format(round="第1轮 2010-09-12", parts="完成时限“2010-09-10”")
    assert dianqi[spec.PROGRESS].endswith(spec.DEADLINE_MOVED.format(old="2010-09-20", new="2010-10-10"))
    assert spec.WAS_OVERDUE not in dianqi[spec.PROGRESS]  # due on 09-20, not yet passed on 09-15
    assert rows(tmp_path)["汽机-5-1"][spec.PROGRESS] == spec.UNCHANGED  # untouched deadlines say nothing

    line = spec.MOVED_LINE.format(n=2, items="、".join([
        spec.MOVED_ITEM.format(id="运一-4-1", old="2010-09-10", new="2010-10-20", overdue=spec.MOVED_OVERDUE),
        spec.MOVED_ITEM.format(id="电气-3-1", old="2010-09-20", new="2010-10-10", overdue="")]))
    assert line in screen

    data = json.loads(ledger(tmp_path, second, "2010-09-15", "--json", "--new-round").output)
    items = {i["id"]: i for i in data["items"]}
    assert all(i["deadline_moved"] is None for i in items.values())  # a round later nothing moved again
    later = {"运一": {"c4_deadline": date(2010, 11, 30), "fill_date": date(2010, 10, 25)}, "电气": SECOND["电气"]}
    third = round_book(tmp_path / "第3轮.xlsx", later)  # overdue again on 10-26, and moved again
    data = json.loads(ledger(tmp_path, third, "2010-10-26", "--json").output)
    assert {i["id"]: i["deadline_moved"] for i in data["items"] if i["deadline_moved"]} == {
        "运一-4-1": {"from": "2010-10-20", "to": "2010-11-30", "was_overdue": True}}
