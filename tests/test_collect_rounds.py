"""The inbox over several rounds (clerk report items 5 and 6), on real .xlsx files.

5. A correction sent with the same 填表日期 is a conflict; the office resolves it by moving the
   old file into a 作废 (旧版, 备份 …) subfolder, which is listed and not collected.
6. collect --into a master: a branch that sent nothing this round keeps its earlier answers and
   is 保留上轮, not 未报送.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import valid_values
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import collect_files, split_file
from xladdin.spec import form
from xladdin.spec.loop_text import KEPT, STATUS_LABELS
from xladdin.xlsx.read import read_workbook


def raw(path: Path, sheet: str) -> dict:
    return next(sd.raw for sd in read_workbook(path).sheets if sd.sheet == sheet)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def branch_file(make_book, tmp_path: Path, name: str, values: dict) -> Path:
    """What split sends 运一, filled with values, saved as name."""
    out = tmp_path / f"split-{name}"
    split_file(make_book({"运一": values, "电气": {}}, branches=("运一", "电气")), out)
    path = tmp_path / name
    shutil.copy(out / "运一_book1.xlsx" if (out / "运一_book1.xlsx").exists() else next(out.glob("运一_*.xlsx")), path)
    return path


def test_a_correction_with_the_same_fill_date_is_resolved_by_moving_the_old_file_to_a_retired_folder(
        make_book, tmp_path):
    first, corrected = valid_values(), valid_values()
    corrected["secretary"] = "更正后的书记"
    assert first["fill_date"] == corrected["fill_date"] == date(2010, 8, 25)
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", first), inbox / "运一_回头看填报表.xlsx")
    shutil.copy(branch_file(make_book, tmp_path, "b.xlsx", corrected), inbox / "运一_回头看填报表 - 更正.xlsx")

    result = collect_files([inbox], tmp_path / "合并1.xlsx")
    row = next(r for r in result.rows if r.branch.short == "运一")
    assert row.status == "conflict"
    (conflict,) = [n for n in result.notices if n.code == "conflict-undecided"]
    # The message says how to resolve it, and that other subfolders are read.
    assert "作废" in conflict.message and "子文件夹" in conflict.message

    (inbox / "作废").mkdir()
    shutil.move(inbox / "运一_回头看填报表.xlsx", inbox / "作废" / "运一_回头看填报表.xlsx")
    merged = tmp_path / "合并2.xlsx"
    result = collect_files([inbox], merged)
    row = next(r for r in result.rows if r.branch.short == "运一")
    assert (row.status, row.file) == ("received", "收件/运一_回头看填报表 - 更正.xlsx")
    assert not [n for n in result.notices if n.code.startswith("conflict")]
    retired = {s.file: s for s in result.skipped}["收件/作废/运一_回头看填报表.xlsx"]
    assert retired.code == "retired-folder" and "作废" in retired.reason and not retired.workbook
    assert raw(merged, "运一")["secretary"] == "更正后的书记"


def test_other_subfolders_are_still_read(make_book, tmp_path):
    inbox = tmp_path / "收件" / "第二批"
    inbox.mkdir(parents=True)
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", valid_values()), inbox / "运一_回头看填报表.xlsx")
    result = collect_files([tmp_path / "收件"], tmp_path / "合并.xlsx")
    assert next(r for r in result.rows if r.branch.short == "运一").status == "received"


def test_into_keeps_last_round_s_answers_of_a_branch_that_sent_nothing_and_says_so(make_book, tmp_path):
    early = valid_values("电气")
    early["fill_date"] = date(2010, 8, 28)
    master = make_book({"运一": valid_values(), "电气": early, "化学": {}}, branches=("运一", "电气", "化学"))
    inbox = tmp_path / "收件"
    inbox.mkdir()
    split_file(master, tmp_path / "下发")
    again = valid_values()
    again["secretary"], again["fill_date"] = "第二轮书记", date(2010, 9, 15)
    path = branch_file(make_book, tmp_path, "yy.xlsx", again)
    shutil.copy(path, inbox / "运一_回头看填报表.xlsx")

    result = run("collect", inbox, "--into", master, "--json")
    out = json.loads(result.output)
    rows = {b["sheet"]: b for b in out["branches"]}
    assert {k: v["status"] for k, v in rows.items()} == {"运一": "received", "电气": KEPT, "化学": "missing"}
    assert rows["电气"]["fill_date"] == "2010-08-28"
    assert out["summary"][KEPT] == 1 and out["summary"]["missing"] == 1
    kept = [w for w in out["warnings"] if w["code"] == "kept-last-round"]
    assert [(w["branch"], w["message"]) for w in kept] == [("电气", "电气党支部本轮未报回，保留上轮内容（填表日期 2010-08-28）。")]
    assert raw(master, "电气")["secretary"] == early["secretary"]
    assert raw(master, "运一")["secretary"] == "第二轮书记"

    # The 回收情况 sheet says the same: 保留上轮 with the old fill date, not 未报送.
    ws = load_workbook(master)[form.COLLECTION_SHEET]
    col = {ws.cell(3, c).value: c for c in range(1, 8)}
    table = {ws.cell(r, 2).value: (ws.cell(r, col["状态"]).value, ws.cell(r, col["填表日期"]).value,
                                   ws.cell(r, col["说明"]).value) for r in range(4, 7)}
    assert table["电气党支部"][:2] == (STATUS_LABELS[KEPT], "2010-08-28")
    assert "保留上轮内容" in table["电气党支部"][2]
    assert table["化学党支部"][0] == "未报送"
    assert "保留上轮内容 1 个" in ws["A2"].value

    # And the screen.
    screen = run("collect", inbox, "--into", master).output
    assert "保留上轮内容 1 个" in screen
    line = next(x for x in screen.splitlines() if x.startswith("电气党支部"))
    assert line.split()[:3] == ["电气党支部", "保留上轮", "2010-08-28"]
    assert "说明：电气党支部本轮未报回" in screen and "警告：电气党支部本轮未报回" not in screen


# ---- item 22: what is in the inbox besides the answers ---------------------------------------


def test_a_file_still_open_is_said_and_an_empty_own_file_is_listed(make_book, tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    filled = branch_file(make_book, tmp_path, "a.xlsx", valid_values())
    blank = branch_file(make_book, tmp_path, "b.xlsx", {})
    shutil.copy(filled, inbox / "运一_回头看填报表.xlsx")
    shutil.copy(blank, inbox / "运一_附件1.xlsx")  # the empty first attachment
    (inbox / "~$运一_回头看填报表.xlsx").write_bytes(b"\0" * 165)  # Excel still has it open

    result = collect_files([inbox], tmp_path / "合并.xlsx")
    row = next(r for r in result.rows if r.branch.short == "运一")
    assert (row.status, row.file) == ("received", "收件/运一_回头看填报表.xlsx")
    (opened,) = [n for n in result.notices if n.code == "file-open"]
    assert opened.branch == "运一" and opened.file == "收件/运一_回头看填报表.xlsx"
    assert "~$运一_回头看填报表.xlsx" in opened.message and "关闭后重新收集" in opened.message
    skipped = {s.file: s for s in result.skipped}
    assert skipped["收件/运一_附件1.xlsx"].code == "own-file-empty"
    assert "运一党支部的文件，但没有填写内容" in skipped["收件/运一_附件1.xlsx"].reason
    assert skipped["收件/~$运一_回头看填报表.xlsx"].code == "lock-file"


def test_run_refuses_to_write_its_outputs_into_the_inbox(make_book, tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", valid_values()), inbox / "运一_回头看填报表.xlsx")
    for out in (inbox, inbox / "输出"):
        result = run("run", inbox, "-o", out)
        assert result.exit_code == 2 and "在收件文件夹" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in inbox.iterdir()) == ["运一_回头看填报表.xlsx"]  # nothing written


def test_our_backup_copies_in_the_inbox_are_listed_not_collected(make_book, tmp_path):
    """A backup beside a branch's file (check --in-place, feedback --force before backups went to 备份/) holds its
    older answers: read as a reply it made a false 冲突 with the branch's correction."""
    from xladdin.xlsx.write import backup

    first, corrected = valid_values(), valid_values()
    corrected["secretary"] = "更正后的书记"
    assert first["fill_date"] == corrected["fill_date"]  # the dates cannot decide: a conflict if both were read
    inbox = tmp_path / "收件"
    inbox.mkdir()
    reply = inbox / "运一_回头看填报表.xlsx"
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", first), reply)
    saved = backup(reply)  # the project's own backup of the first answer, by its own name
    assert saved.parent == inbox and ".bak-" in saved.name
    shutil.copy(branch_file(make_book, tmp_path, "b.xlsx", corrected), reply)
    (inbox / "电气_回头看填报表.bak-20100901-093000-2.xlsx").write_bytes(saved.read_bytes())  # a second one

    result = run("collect", inbox, "-o", tmp_path / "合并.xlsx", "--json")
    out = json.loads(result.output)
    rows = {b["sheet"]: b for b in out["branches"]}
    assert (rows["运一"]["status"], rows["运一"]["file"]) == ("received", "收件/运一_回头看填报表.xlsx")
    assert rows["电气"]["status"] == "missing"  # a backup named after 电气 is not 电气's reply either
    assert not [w for w in out["warnings"] if w["code"].startswith("conflict")]
    skipped = {s["file"]: s["code"] for s in out["skipped"]}
    assert skipped == {f"收件/{saved.name}": "backup-copy",
                       "收件/电气_回头看填报表.bak-20100901-093000-2.xlsx": "backup-copy"}
    assert raw(tmp_path / "合并.xlsx", "运一")["secretary"] == "更正后的书记"
    # Listed under 未采用的文件 on the screen, like any other file not used.
    screen = run("collect", inbox, "-o", tmp_path / "合并.xlsx", "--force").output
    assert f"收件/{saved.name}：这是回头看在改写或覆盖文件前留下的备份" in screen


def collection_table(path: Path) -> dict[str, dict[str, object]]:
    """The 回收情况 sheet's rows by branch, each as {header: value}: by the header's names, as collect reads it."""
    ws = load_workbook(path)[form.COLLECTION_SHEET]
    header = [c.value for c in ws[3]]
    return {r[1]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=4, values_only=True)
            if r[1] and str(r[1]).endswith("党支部")}


def test_the_collection_sheet_says_when_each_file_was_taken_in_and_into_keeps_it_for_a_branch_not_in_the_batch(
        make_book, tmp_path):
    from datetime import datetime

    first_run, second_run = datetime(2010, 9, 1, 9, 30, 5), datetime(2010, 9, 16, 14, 0, 0)
    blank = make_book({"运一": {}, "电气": {}}, branches=("运一", "电气"))
    split_file(blank, tmp_path / "下发")
    inbox1, inbox2 = tmp_path / "收件1", tmp_path / "收件2"
    inbox1.mkdir()
    inbox2.mkdir()
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", valid_values()), inbox1 / "运一_回头看填报表.xlsx")
    wb = load_workbook(next((tmp_path / "下发").glob("电气_*.xlsx")))
    from xladdin.forms.fill import fill_by_names

    fill_by_names(wb, "电气", valid_values("电气"))
    wb.save(inbox1 / "电气_回头看填报表.xlsx")
    master = tmp_path / "汇总.xlsx"
    collect_files([inbox1], master, now=first_run)
    table = collection_table(master)
    assert table["运一党支部"]["收集时间"] == table["电气党支部"]["收集时间"] == "2010-09-01 09:30:05"
    assert table["电气党支部"]["来源文件"] == "收件1/电气_回头看填报表.xlsx"

    # The office moves the columns about (收集时间 first after 序号): read by the names, it reads the same.
    wb = load_workbook(master)
    ws = wb[form.COLLECTION_SHEET]
    names = [c.value for c in ws[3]]
    at, file = names.index("收集时间") + 1, names.index("来源文件") + 1
    for r in range(3, 6):
        a, b = ws.cell(r, at), ws.cell(r, file)
        a.value, b.value = b.value, a.value
    wb.save(master)

    again = valid_values()
    again["secretary"], again["fill_date"] = "第二轮书记", date(2010, 9, 15)
    shutil.copy(branch_file(make_book, tmp_path, "b.xlsx", again), inbox2 / "运一_回头看填报表.xlsx")
    result = run("collect", inbox2, "--into", master, "--json")
    rows = {b["sheet"]: b for b in json.loads(result.output)["branches"]}
    assert rows["电气"]["status"] == KEPT
    # 电气 sent nothing: its earlier file and when it was taken in, not this run's.
    assert (rows["电气"]["file"], rows["电气"]["collected_at"]) == ("收件1/电气_回头看填报表.xlsx", "2010-09-01 09:30:05")
    assert rows["运一"]["file"] == "收件2/运一_回头看填报表.xlsx"
    taken = datetime.strptime(rows["运一"]["collected_at"], "%Y-%m-%d %H:%M:%S")
    assert abs((taken - datetime.now()).total_seconds()) < 120
    table = collection_table(master)
    assert (table["电气党支部"]["来源文件"], table["电气党支部"]["收集时间"]) == (
        "收件1/电气_回头看填报表.xlsx", "2010-09-01 09:30:05")
    assert table["运一党支部"]["收集时间"] == rows["运一"]["collected_at"]

    # A master written before 收集时间 was a column: the subtitle's time is when its 已收到 rows were taken in.
    wb = load_workbook(master)
    ws = wb[form.COLLECTION_SHEET]
    at = [c.value for c in ws[3]].index("收集时间") + 1
    for r in range(3, 6):
        ws.cell(r, at).value = None
    ws["A2"] = "收集时间：2010-09-16 14:00。应报 2 个党支部：已收到 1 个，保留上轮内容 1 个，未报送 0 个，冲突 0 个。"
    wb.save(master)
    result = collect_files([inbox2], into=master, now=second_run)
    kept = {r.branch.short: r for r in result.rows}
    assert kept["运一"].collected_at == "2010-09-16 14:00:00"  # received again in this run
    assert kept["电气"].status == KEPT and kept["电气"].collected_at is None  # 保留上轮 in an old sheet: unknown
    assert kept["电气"].file == "收件1/电气_回头看填报表.xlsx"


def test_every_file_of_a_conflict_is_named_those_alike_together(make_book, tmp_path):
    """Three files for 运一, two of them alike: the message names all three, not one per version."""
    first, corrected = valid_values(), valid_values()
    corrected["secretary"] = "更正后的书记"
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(branch_file(make_book, tmp_path, "a.xlsx", first), inbox / "运一_回头看填报表.xlsx")
    shutil.copy(inbox / "运一_回头看填报表.xlsx", inbox / "运一_回头看填报表(1).xlsx")  # the same e-mail saved twice
    shutil.copy(branch_file(make_book, tmp_path, "b.xlsx", corrected), inbox / "运一_更正.xlsx")
    result = run("collect", inbox, "-o", tmp_path / "合并.xlsx", "--json")
    out = json.loads(result.output)
    row = {b["sheet"]: b for b in out["branches"]}["运一"]
    assert row["status"] == "conflict" and len(row["files"]) == 3
    (conflict,) = [w for w in out["warnings"] if w["code"] == "conflict-undecided"]
    assert "运一党支部有 3 个文件填写不同：" in conflict["message"]
    assert ("“收件/运一_回头看填报表(1).xlsx”和“收件/运一_回头看填报表.xlsx”（内容相同，填表日期 2010-08-25）"
            in conflict["message"])
    assert "“收件/运一_更正.xlsx”（填表日期 2010-08-25）" in conflict["message"]

    # A later 填表日期 decides: the chosen answers' twin is named too, not left out of the message.
    later = {**corrected, "fill_date": date(2010, 8, 28)}
    shutil.copy(branch_file(make_book, tmp_path, "c.xlsx", later), inbox / "运一_更正.xlsx")
    shutil.copy(inbox / "运一_更正.xlsx", inbox / "运一_更正 - 副本.xlsx")
    out = json.loads(run("collect", inbox, "-o", tmp_path / "合并2.xlsx", "--json").output)
    (chosen,) = [w for w in out["warnings"] if w["code"] == "conflict-later"]
    for name in ("运一_回头看填报表.xlsx", "运一_回头看填报表(1).xlsx", "运一_更正.xlsx", "运一_更正 - 副本.xlsx"):
        assert f"收件/{name}”" in chosen["message"], name
    assert "运一党支部有 4 个文件填写不同：" in chosen["message"]
