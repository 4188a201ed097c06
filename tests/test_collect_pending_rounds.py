"""A branch 待核实 in round one that sends nothing in round two stays 待核实, not 未报送.

Round one (tests/pending_round.py): 化学 sent two files that disagree (冲突), 运二 an old .xls
(未能读取). Round two: `collect 收件2/ --into 合并.xlsx` with only 运一's corrected file. 化学 and
运二 did report; the master's 回收情况 must keep saying so, with their files, 收集时间 and 说明, and a
later `run` on the master must send neither a blank form nor call them 未报送.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import sent_back
from openpyxl import load_workbook
from pending_round import NAME, pending_inbox, run
from test_collect_rounds import collection_table
from test_hostile import cfb

from xladdin.forms.fill import fill_by_names
from xladdin.jobs import check_file, collect_files
from xladdin.spec import form
from xladdin.spec.loop_text import CONFLICT, KEPT, MISSING, RECEIVED, UNREADABLE

FIRST = datetime(2010, 9, 1, 9, 30, 5)
SECOND = datetime(2010, 9, 16, 14, 0, 0)
CHEM = (f"收件/化学_{NAME} - 更正.xlsx", f"收件/化学_{NAME}.xlsx")
XLS = f"收件/运二_{NAME}.xls"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    root = tmp_path_factory.mktemp("pending-rounds")
    inbox = pending_inbox(root)
    master = root / "合并.xlsx"
    first = collect_files([inbox], master, now=FIRST)
    inbox2 = root / "收件2"
    inbox2.mkdir()
    wb = load_workbook(next((root / "下发").glob("运一_*.xlsx")))
    fill_by_names(wb, "运一", {"secretary": "第二轮书记"})
    wb.save(inbox2 / f"运一_{NAME}.xlsx")
    second = collect_files([inbox2], into=master, now=SECOND)
    return root, master, first, second


def test_round_one_says_when_the_pending_files_came_in(rounds):
    _, _, first, _ = rounds
    rows = {r.branch.short: r for r in first.rows}
    assert (rows["化学"].status, rows["运二"].status) == (CONFLICT, UNREADABLE)
    assert rows["化学"].collected_at == rows["运二"].collected_at == "2010-09-01 09:30:05"


def test_a_pending_branch_not_in_the_batch_keeps_its_state_files_time_and_notes(rounds):
    _, master, _, second = rounds
    rows = {r.branch.short: r for r in second.rows}
    assert rows["运一"].status == RECEIVED and rows["电气"].status == KEPT
    assert rows["化学"].status == CONFLICT and sorted(rows["化学"].files) == sorted(CHEM)
    assert rows["运二"].status == UNREADABLE and rows["运二"].file == XLS
    assert rows["化学"].collected_at == rows["运二"].collected_at == "2010-09-01 09:30:05"
    assert MISSING not in [r.status for r in second.rows]
    assert second.count(MISSING) == 0 and not second.complete
    assert second.pending() == {"化学": "2 个文件填写不同，均未采用", "运二": f"“{XLS}”未能读取，见回收情况"}
    codes = [(n.code, n.branch) for n in second.notices]
    assert ("pending-last-round", "化学") in codes and ("pending-last-round", "运二") in codes
    # The 未能读取 file is listed again with the reason round one gave, so the 说明 “原因见未采用的文件” holds.
    (again,) = [s for s in second.skipped if s.file == XLS]
    assert again.code == "pending-last-round" and "旧版 Excel 97-2003 工作簿（.xls）" in again.reason

    table = collection_table(master)
    assert table["化学党支部"]["状态"] == "冲突" and table["运二党支部"]["状态"] == "未能读取"
    assert sorted(table["化学党支部"]["来源文件"].split("\n")) == sorted(CHEM)
    assert table["运二党支部"]["来源文件"] == XLS
    assert table["化学党支部"]["收集时间"] == table["运二党支部"]["收集时间"] == "2010-09-01 09:30:05"
    chem_note = table["化学党支部"]["说明"].split("\n")
    assert chem_note[0].startswith("化学党支部本轮没有报回新的文件，上轮报回的文件（收集时间 2010-09-01 09:30:05）")
    assert any(line.startswith("化学党支部有 2 个文件填写不同") for line in chem_note[1:])
    assert f"运二党支部报回了“{XLS}”，但该文件未能读取" in table["运二党支部"]["说明"]
    ws = load_workbook(master)["回收情况"]
    assert "应报 6 个党支部：已收到 1 个，保留上轮内容 3 个，未报送 0 个，未能读取 1 个，冲突 1 个。" in ws["A2"].value


def test_a_third_round_still_keeps_it_and_says_so_once(rounds, tmp_path):
    root, master, _, _ = rounds
    third = tmp_path / "第三轮.xlsx"
    third.write_bytes(master.read_bytes())
    result = collect_files([root / "收件2"], into=third, now=datetime(2010, 9, 20, 8, 0, 0))
    rows = {r.branch.short: r for r in result.rows}
    assert (rows["化学"].status, rows["运二"].status) == (CONFLICT, UNREADABLE)
    assert rows["运二"].collected_at == "2010-09-01 09:30:05"
    note = collection_table(third)["化学党支部"]["说明"].split("\n")
    assert sum("本轮没有报回新的文件" in line for line in note) == 1
    assert sum(line.startswith("化学党支部有 2 个文件填写不同") for line in note) == 1
    assert [s.file for s in result.skipped if s.code == "pending-last-round"] == [XLS]
    # Review 9: the carried reason reads "上轮收到，未能读取：" once, however many rounds carry it.
    fourth = tmp_path / "第四轮.xlsx"
    fourth.write_bytes(third.read_bytes())
    again = collect_files([root / "收件2"], into=fourth, now=datetime(2010, 9, 25, 8, 0, 0))
    for done, book in ((result, third), (again, fourth)):
        (reason,) = [s.reason for s in done.skipped if s.code == "pending-last-round"]
        assert reason.startswith("上轮收到，未能读取：“运二_") and reason.count("上轮收到") == 1
        cells = [c.value for row in load_workbook(book)[form.COLLECTION_SHEET].iter_rows() for c in row
                 if isinstance(c.value, str) and "未能读取：“运二_" in c.value]
        assert cells and all(c.count("上轮收到，未能读取") == 1 for c in cells)


def test_run_on_the_master_sends_no_blank_form_and_calls_them_pending(rounds, tmp_path):
    _, master, _, _ = rounds
    report = check_file(master).report
    assert [f.code for f in report.findings if f.sheet in ("化学", "运二")] == ["branch-pending"] * 2
    result = run("run", master, "-o", tmp_path / "输出", "--date", "2010-09-16")
    assert result.exit_code == 1, result.output
    sent = {p.name.split("_")[0] for p in (tmp_path / "输出" / "退回修改").glob("*.xlsx")}
    assert "化学" not in sent and "运二" not in sent
    assert "【化学】尚未填写" not in result.output and "【运二】尚未填写" not in result.output


def test_a_branch_that_now_sends_a_blank_file_of_its_own_is_unreported(rounds, tmp_path):
    """Its latest reply is an empty form: that, not round one's file, is what the office now has."""
    root, master, _, _ = rounds
    into = tmp_path / "合并.xlsx"
    into.write_bytes(master.read_bytes())
    inbox = tmp_path / "收件3"
    inbox.mkdir()
    sent_back(next((root / "下发").glob("运一_*.xlsx")), inbox / f"运一_{NAME}.xlsx")
    blank = load_workbook(next((root / "下发").glob("化学_*.xlsx")))
    fill_by_names(blank, "化学", {f.name: None for f in form.FIELDS if f.name != "branch_name"})
    blank.save(inbox / f"化学_{NAME}.xlsx")  # opened and saved, nothing typed
    out = json.loads(run("collect", inbox, "--into", into, "--json").output)
    rows = {b["sheet"]: b for b in out["branches"]}
    assert rows["化学"]["status"] == MISSING and rows["运二"]["status"] == UNREADABLE
    assert {(w["code"], w["branch"]) for w in out["warnings"]} >= {("own-file-empty", "化学"), ("pending-last-round", "运二")}


def test_a_branch_whose_new_file_cannot_be_read_is_pending_not_kept_from_last_round(rounds, tmp_path):
    """电气 was received in round one; in round three its file is an old .xls: 未能读取 (待核实), its answers kept."""
    _, master, _, _ = rounds
    copy = tmp_path / "合并.xlsx"
    copy.write_bytes(master.read_bytes())
    inbox = tmp_path / "收件3"
    inbox.mkdir()
    (inbox / f"电气_{NAME}.xls").write_bytes(cfb({"Workbook": b"\x09\x08" + b"\0" * 100}))
    (inbox / f"运一_{NAME}.xlsx").write_bytes((master.parent / "收件2" / f"运一_{NAME}.xlsx").read_bytes())
    third = collect_files([inbox], into=copy, now=datetime(2010, 9, 20, 8, 0, 0))
    rows = {r.branch.short: r for r in third.rows}
    assert rows["电气"].status == UNREADABLE and rows["电气"].file == f"收件3/电气_{NAME}.xls"
    assert "电气" in third.pending()
    codes = [(n.code, n.branch) for n in third.notices]
    assert ("own-file-unreadable", "电气") in codes and ("kept-last-round", "电气") not in codes
    assert collection_table(copy)["电气党支部"]["状态"] == "未能读取"
    def answers(path):
        return next(s for s in check_file(path).data.sheets if s.sheet == "电气").raw

    assert answers(copy) == answers(master)  # last round's answers stay in the master


def test_a_branch_whose_full_name_the_office_corrected_in_settings_keeps_its_row(rounds, tmp_path):
    """Review 6: 回收情况 rows find their branch by its sheet name first, then by its full name."""
    root, master, _, _ = rounds
    renamed = tmp_path / "改名.xlsx"
    wb = load_workbook(master)
    ws = wb[form.SETTINGS_SHEET]
    for name, new in (("化学党支部", "化学车间党支部"), ("电气党支部", "电气车间党支部")):
        (cell,) = [c for row in ws.iter_rows() for c in row if c.value == name]
        cell.value = new
    wb.save(renamed)
    earlier = collection_table(master)["电气党支部"]
    result = collect_files([root / "收件2"], into=renamed, now=datetime(2010, 9, 20, 8, 0, 0))
    rows = {r.branch.short: r for r in result.rows}
    assert rows["化学"].branch.full == "化学车间党支部"
    assert rows["化学"].status == CONFLICT and sorted(rows["化学"].files) == sorted(CHEM)
    assert rows["化学"].collected_at == "2010-09-01 09:30:05"
    assert rows["电气"].status == KEPT
    assert (rows["电气"].file, rows["电气"].collected_at) == (earlier["来源文件"], earlier["收集时间"])
    out = tmp_path / "输出"
    assert run("run", renamed, "-o", out, "--date", "2010-09-20").exit_code == 1
    assert not list((out / "退回修改").glob("化学_*.xlsx"))  # no blank form for a branch that did report
