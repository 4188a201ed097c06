"""The 整改台账 over three rounds on real files: ids, statuses, the office's columns kept, nothing deleted."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from ledger_rounds import (
    CLOSED_BY,
    CLOSED_ON,
    DATES,
    NOTE,
    OWN_COLUMN,
    OWN_ROW,
    OWN_SHEET,
    OWN_VALUE,
    ROUND_FILES,
    header_columns,
    office_signs_off,
    row_of,
    write_round,
)
from openpyxl import load_workbook
from wbcompare import cell_signature

from xladdin.cli import main
from xladdin.spec import ledger as spec

LEDGER = spec.LEDGER_FILE
ALL_CLEARED = f"{spec.NO_NEWS}（{spec.CLEARED.format(fields='存在不足、补课措施、责任人、完成时限')}）"
ROUND_1 = ["运一-4-1", "电气-3-1", "电气-4-1", "化学-3-1", "化学-5-1", "除灰-3-1", "汽机-3-1", "汽机-5-1"]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def ledger_json(folder, n, *extra):
    result = run("ledger", folder / ROUND_FILES[n], "-o", folder / LEDGER, "--date", DATES[n], "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Play the three rounds in one folder; keep a copy of the ledger after each step."""
    folder = tmp_path_factory.mktemp("回头看")
    snaps = tmp_path_factory.mktemp("snapshots")
    out = {}
    for n in (1, 2, 3):
        write_round(folder, n)
        if n == 3:
            office_signs_off(folder / LEDGER)
            shutil.copy(folder / LEDGER, snaps / "signed.xlsx")
        out[n] = ledger_json(folder, n)
        shutil.copy(folder / LEDGER, snaps / f"after{n}.xlsx")
    return folder, snaps, out


def statuses(result) -> dict[str, str]:
    return {i["id"]: i["status"] for i in result["items"]}


def progress(result) -> dict[str, str]:
    return {i["id"]: i["progress"] for i in result["items"]}


def test_round_one_builds_the_ledger_from_the_checked_round(rounds):
    _, _, out = rounds
    first = out[1]
    assert [i["id"] for i in first["items"]] == ROUND_1
    assert statuses(first) == {**dict.fromkeys(ROUND_1, spec.NOT_DUE), "运一-4-1": spec.OVERDUE, "汽机-3-1": spec.OVERDUE}
    yunyi = first["items"][0]
    assert (yunyi["sheet"], yunyi["criterion"], yunyi["deadline"], yunyi["first_round"], yunyi["owner"]) == (
        "运一", 4, "2010-09-10", "第1轮", "史泽沛")
    assert first["summary"] == {spec.NOT_DUE: 6, spec.OVERDUE: 2, spec.NO_DEADLINE: 0, spec.PENDING: 0, spec.CLOSED: 0}
    assert set(progress(first).values()) == {spec.NEW}


def test_round_two_reports_done_misses_a_deadline_and_flags_cleared_fields(rounds):
    _, _, out = rounds
    second = out[2]
    assert [i["id"] for i in second["items"]] == [*ROUND_1, "运二-3-1"]
    assert statuses(second) == {
        "运一-4-1": spec.PENDING,  # criterion 4 now 已完成 with 开展时间 and 佐证材料
        "电气-3-1": spec.OVERDUE,  # 2010-09-20 passed without a completion
        "电气-4-1": spec.NOT_DUE,  # a new deadline, 2010-10-15
        "化学-3-1": spec.NOT_DUE,
        "化学-5-1": spec.NOT_DUE,  # fields cleared: flagged, last text kept
        "除灰-3-1": spec.PENDING,  # "已完成，已销号" under 补课措施
        "汽机-3-1": spec.OVERDUE,
        "汽机-5-1": spec.NOT_DUE,
        "运二-3-1": spec.NOT_DUE,  # new this round
    }
    p = progress(second)
    assert p["运一-4-1"].startswith(spec.DONE_BY_STATUS) and p["除灰-3-1"].startswith(spec.DONE_BY_WORDS)
    assert p["化学-5-1"] == ALL_CLEARED and p["运二-3-1"] == spec.NEW
    moved = spec.DEADLINE_MOVED.format(old="2010-09-15", new="2010-10-15") + spec.WAS_OVERDUE
    assert p["电气-4-1"] == f"{spec.UPDATED}，{spec.HISTORY_KEPT}；{moved}" and p["电气-3-1"] == spec.UNCHANGED
    dianqi4 = next(i for i in second["items"] if i["id"] == "电气-4-1")
    assert (dianqi4["owner"], dianqi4["deadline"], dianqi4["first_round"]) == ("陶煜", "2010-10-15", "第1轮")
    assert second["summary"] == {spec.NOT_DUE: 5, spec.OVERDUE: 2, spec.NO_DEADLINE: 0, spec.PENDING: 2, spec.CLOSED: 0}


def test_a_cleared_item_keeps_its_last_known_text(rounds):
    _, snaps, _ = rounds
    ws = load_workbook(snaps / "after2.xlsx")[spec.LEDGER_SHEET]
    cols, row = header_columns(ws), row_of(ws, "化学-5-1")
    assert ws.cell(row, cols[spec.SHORTCOMINGS]).value.startswith("全局意识不够强")
    assert ws.cell(row, cols[spec.OWNER]).value == "卜新方"
    assert ws.cell(row, cols[spec.LAST_ROUND]).value == "第1轮 2010-09-12"  # the branch last reported it in round 1
    assert ws.cell(row, cols[spec.PROGRESS]).value == ALL_CLEARED


def test_round_three_after_the_office_signs_one_item_off(rounds):
    _, _, out = rounds
    third = out[3]
    ids = [i["id"] for i in third["items"]]
    assert ids == [*ROUND_1, "运二-3-1", "运一-4-2"]  # 运一-4-1 is closed: a new shortcoming is a new number
    assert statuses(third) == {
        "运一-4-1": spec.CLOSED, "电气-3-1": spec.PENDING, "电气-4-1": spec.OVERDUE, "化学-3-1": spec.OVERDUE,
        "化学-5-1": spec.OVERDUE, "除灰-3-1": spec.PENDING, "汽机-3-1": spec.OVERDUE, "汽机-5-1": spec.OVERDUE,
        "运二-3-1": spec.OVERDUE, "运一-4-2": spec.NOT_DUE,
    }
    closed = third["items"][0]
    assert (closed["closed_by"], closed["closed_on"]) == (CLOSED_BY, CLOSED_ON.date().isoformat())
    assert progress(third)["化学-5-1"] == ALL_CLEARED  # still silent, still kept
    assert third["summary"] == {spec.NOT_DUE: 1, spec.OVERDUE: 6, spec.NO_DEADLINE: 0, spec.PENDING: 2, spec.CLOSED: 1}


def test_what_the_office_typed_is_kept_exactly(rounds):
    _, snaps, _ = rounds
    signed = load_workbook(snaps / "signed.xlsx")[spec.LEDGER_SHEET]
    after = load_workbook(snaps / "after3.xlsx")[spec.LEDGER_SHEET]
    before_cols, after_cols = header_columns(signed), header_columns(after)
    office = [spec.CLOSED_BY, spec.CLOSED_ON, spec.NOTE, OWN_COLUMN]
    for item in [*ROUND_1, "运二-3-1"]:
        for name in office:
            old = signed.cell(row_of(signed, item), before_cols[name])
            new = after.cell(row_of(after, item), after_cols[name])
            assert cell_signature(new) == cell_signature(old), (item, name)
    row = row_of(after, "运一-4-1")
    assert after.cell(row, after_cols[spec.CLOSED_BY]).value == CLOSED_BY
    assert after.cell(row, after_cols[spec.CLOSED_ON]).value == CLOSED_ON
    note = after.cell(row_of(after, "除灰-3-1"), after_cols[spec.NOTE])
    assert (note.value, note.data_type, note.font.b, note.font.color.rgb) == (NOTE, "s", True, "FFC00000")
    assert after.cell(row_of(after, "电气-3-1"), after_cols[OWN_COLUMN]).value == OWN_VALUE
    own_rows = [r for r in after.iter_rows(values_only=True) if OWN_ROW in r]
    assert len(own_rows) == 1  # the office's own row, untouched
    assert load_workbook(snaps / "after3.xlsx")[OWN_SHEET]["B2"].value == OWN_ROW  # and its own sheet


def test_nothing_is_ever_deleted(rounds):
    _, snaps, out = rounds
    for earlier, later in ((1, 2), (2, 3)):
        assert {i["id"] for i in out[earlier]["items"]} <= {i["id"] for i in out[later]["items"]}
        a = load_workbook(snaps / f"after{earlier}.xlsx")[spec.LEDGER_SHEET]
        b = load_workbook(snaps / f"after{later}.xlsx")[spec.LEDGER_SHEET]
        cols_a, cols_b = header_columns(a), header_columns(b)
        for item in out[earlier]["items"]:
            for name in (spec.SHORTCOMINGS, spec.REMEDY, spec.OWNER, spec.DEADLINE):
                was = a.cell(row_of(a, item["id"]), cols_a[name]).value
                assert was is None or b.cell(row_of(b, item["id"]), cols_b[name]).value is not None, (item["id"], name)
    # 除灰 wrote its completion over the measure: the measure stays, the claim is quoted in 本轮情况.
    b = load_workbook(snaps / "after2.xlsx")[spec.LEDGER_SHEET]
    cols, row = header_columns(b), row_of(b, "除灰-3-1")
    assert b.cell(row, cols[spec.REMEDY]).value == "每月向厂内刊物和网站报送活动动态不少于两篇。"
    assert "已完成，已销号。" in b.cell(row, cols[spec.PROGRESS]).value


def test_the_table_grows_with_the_office_column_and_prints_its_header_on_every_page(rounds):
    _, snaps, _ = rounds
    ws = load_workbook(snaps / "after3.xlsx")[spec.LEDGER_SHEET]
    (table,) = ws.tables.values()
    names = [c.name for c in table.tableColumns]
    assert names[: len(spec.COLUMNS)] == [c.name for c in spec.COLUMNS] and names[-1] == OWN_COLUMN
    last_row = max(row_of(ws, i) for i in [*ROUND_1, "运二-3-1", "运一-4-2"])
    assert table.ref.endswith(str(last_row)) and table.ref.startswith("A3:")
    assert ws.freeze_panes == "B4"
    assert ws.print_title_rows == "$3:$3"
    assert (int(ws.page_setup.paperSize), ws.page_setup.orientation) == (int(ws.PAPERSIZE_A4), "landscape")


def test_each_item_links_to_its_cell_in_the_rounds_workbook(rounds):
    _, snaps, _ = rounds
    ws = load_workbook(snaps / "after3.xlsx")[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    link = ws.cell(row_of(ws, "电气-3-1"), cols[spec.SOURCE]).hyperlink
    # Beside the ledger in the same folder: a relative link, to the round that last reported the item.
    assert (link.target, link.location) == (ROUND_FILES[3], "'电气'!B25")
    silent = ws.cell(row_of(ws, "化学-5-1"), cols[spec.SOURCE]).hyperlink
    assert (silent.target, silent.location) == (ROUND_FILES[1], "'化学'!B39")


def test_updating_in_place_keeps_a_backup_of_each_old_ledger(rounds):
    folder, snaps, _ = rounds
    backups = sorted(folder.glob("整改台账.bak-*.xlsx"))
    assert len(backups) == 2  # before round 2 and before round 3

    def signatures(path):
        ws = load_workbook(path)[spec.LEDGER_SHEET]
        return [[cell_signature(c) for c in row] for row in ws.iter_rows()]

    # Two backups taken within one second sort by their "-2" suffix, so compare them as a set.
    found = sorted(repr(signatures(b)) for b in backups)
    assert found == sorted(repr(signatures(snaps / name)) for name in ("after1.xlsx", "signed.xlsx"))
