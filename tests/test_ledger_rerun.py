"""`ledger` run again in the same round (the clerk's finding 1): it refreshes the round instead of adding
one that never happened, keeps what the round did, takes in new 销号 and a late branch, and says so.
A genuinely new round, from the same master workbook, is still added. Real files, the real CLI."""

from __future__ import annotations

from datetime import date, datetime

from click.testing import CliRunner
from ledger_rounds import header_columns, round_values, row_of
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.ledger.book import RECORD_HEADER_ROW
from xladdin.spec import form
from xladdin.spec import ledger as spec

MASTER = "回头看填报表_合并.xlsx"  # collect --into keeps the master's name from round to round


def master(folder, values, left_out=()):
    """The master workbook as collect leaves it: the branches in left_out have not reported."""
    wb = build_template(form.DEFAULT_BRANCHES)
    for sheet, fields in values.items():
        if sheet not in left_out:
            fill_by_names(wb, sheet, {k: v for k, v in fields.items() if v not in ("", None)})
    path = folder / MASTER
    wb.save(path)
    return path


def ledger(folder, day, *extra):
    result = CliRunner().invoke(main, ["ledger", str(folder / MASTER), "-o", str(folder / spec.LEDGER_FILE),
                                       "--date", day, *extra])
    assert result.exit_code == 0, result.output
    return result


def table(folder):
    ws = load_workbook(folder / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    return {ws.cell(r, cols[spec.ID]).value: {n: ws.cell(r, c).value for n, c in cols.items()}
            for r in range(4, ws.max_row + 1) if ws.cell(r, cols[spec.ID]).value}


def rounds(folder):
    ws = load_workbook(folder / spec.LEDGER_FILE)[spec.RECORD_SHEET]
    return [(r[1], r[2].date(), r[3]) for r in ws.iter_rows(min_row=RECORD_HEADER_ROW + 1, values_only=True)
            if r[0] == "轮次"]


def sign_off(folder, item_id, who="王主任", when=datetime(2010, 9, 21)):
    path = folder / spec.LEDGER_FILE
    wb = load_workbook(path)
    ws = wb[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    ws.cell(row_of(ws, item_id), cols[spec.CLOSED_BY]).value = who
    ws.cell(row_of(ws, item_id), cols[spec.CLOSED_ON]).value = when
    wb.save(path)


def test_the_same_master_again_refreshes_its_round_keeps_what_it_did_and_takes_the_sign_off(tmp_path):
    master(tmp_path, round_values(1))
    ledger(tmp_path, "2010-09-12")
    master(tmp_path, round_values(2))
    ledger(tmp_path, "2010-09-25")
    second = table(tmp_path)
    assert second["电气-4-1"][spec.PROGRESS].startswith(spec.UPDATED)  # what round 2 did: a new owner and deadline
    assert second["运二-3-1"][spec.PROGRESS] == spec.NEW
    sign_off(tmp_path, "电气-3-1")
    sign_off(tmp_path, "运一-4-1")  # reported done in round 2 (待销号)

    again = ledger(tmp_path, "2010-09-27")  # the same workbook, a later day: the 销号 should take effect
    assert spec.RERUN_SAME.format(n=2) in again.output
    assert again.stdout.startswith("整改台账：整改台账.xlsx（第2轮")
    assert rounds(tmp_path) == [(1, date(2010, 9, 12), MASTER), (2, date(2010, 9, 27), MASTER)]
    now = table(tmp_path)
    for item_id in ("电气-3-1", "运一-4-1"):  # closed now, and what round 2 said of them stays, the 销号 after it
        assert (now[item_id][spec.STATUS], now[item_id][spec.PROGRESS]) == (
            spec.CLOSED, f"{second[item_id][spec.PROGRESS]}；{spec.SIGNED_OFF}")
    assert now["运一-4-1"][spec.PROGRESS].startswith(spec.DONE_BY_STATUS)
    for item_id in ("电气-4-1", "运二-3-1", "化学-5-1"):  # round 2's facts stay said
        assert now[item_id][spec.PROGRESS] == second[item_id][spec.PROGRESS], item_id
    assert {i[spec.FIRST_ROUND] for i in now.values()} == {"第1轮", "第2轮"}
    assert not any(str(i[spec.LAST_ROUND]).startswith("第3轮") for i in now.values())
    line = load_workbook(tmp_path / spec.LEDGER_FILE)[spec.LEDGER_SHEET]["A2"].value
    assert line.startswith("截至2010年9月27日（第2轮，依据“回头看填报表_合并.xlsx”）")
    ledger(tmp_path, "2010-09-28")  # once more: the 销号 said once
    assert table(tmp_path)["运一-4-1"][spec.PROGRESS] == now["运一-4-1"][spec.PROGRESS]

    third = round_values(3)  # the real round 3, from the same master file: a new round, said so
    master(tmp_path, third)
    result = ledger(tmp_path, "2010-11-05")
    assert spec.NEW_SAME_NAME.format(source=MASTER, last=2, n=3) in result.output
    assert [r[0] for r in rounds(tmp_path)] == [1, 2, 3]
    assert table(tmp_path)["运一-4-2"][spec.FIRST_ROUND] == "第3轮"


def test_a_branch_that_reports_late_is_taken_into_the_same_round(tmp_path):
    master(tmp_path, round_values(1))
    ledger(tmp_path, "2010-09-12")
    master(tmp_path, round_values(2), left_out=("运二",))  # 运二 has not reported yet
    ledger(tmp_path, "2010-09-25")
    before = table(tmp_path)
    assert "运二-3-1" not in before
    master(tmp_path, round_values(2))  # collect --into takes in 运二's late file
    result = ledger(tmp_path, "2010-09-26")
    assert spec.RERUN_LATE.format(n=2, branches="运二党支部") in result.output
    assert [r[0] for r in rounds(tmp_path)] == [1, 2]
    now = table(tmp_path)
    assert (now["运二-3-1"][spec.FIRST_ROUND], now["运二-3-1"][spec.PROGRESS]) == ("第2轮", spec.NEW)
    assert now["电气-4-1"][spec.PROGRESS] == before["电气-4-1"][spec.PROGRESS]


def test_the_clerk_can_say_which_round_it_is(tmp_path):
    master(tmp_path, round_values(1))
    ledger(tmp_path, "2010-09-12")
    forced = ledger(tmp_path, "2010-10-12", "--new-round")  # nobody re-reported, yet it is round 2
    assert [r[0] for r in rounds(tmp_path)] == [1, 2] and "重新更新" not in forced.output
    assert set(i[spec.PROGRESS] for i in table(tmp_path).values()) == {spec.UNCHANGED}
    values = round_values(1)
    values["电气"]["c3_remedy"] = "9月下旬再组织一次集中学习。"  # a correction within round 2
    master(tmp_path, values)
    same = ledger(tmp_path, "2010-10-13", "--same-round")
    assert spec.RERUN_ASKED.format(n=2) in same.output and [r[0] for r in rounds(tmp_path)] == [1, 2]
    assert table(tmp_path)["电气-3-1"][spec.PROGRESS].startswith(spec.UPDATED)
    both = CliRunner().invoke(main, ["ledger", str(tmp_path / MASTER), "-o", str(tmp_path / spec.LEDGER_FILE),
                                     "--same-round", "--new-round"])
    assert both.exit_code == 2 and "只能选一个" in both.output and "Traceback" not in both.output
    fresh = CliRunner().invoke(main, ["ledger", str(tmp_path / MASTER), "-o", str(tmp_path / "新台账.xlsx"),
                                      "--same-round"])
    assert fresh.exit_code == 2 and "--same-round" in fresh.output and not (tmp_path / "新台账.xlsx").exists()
