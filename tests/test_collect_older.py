"""collect --into never lets an old file replace a branch's corrected answers (the clerk's report), on real files.

Round 1 is collected into the master; 运一 corrects its answers (same 填表日期) and they are collected
in; then a batch with 运一's round-1 file comes in again. The master keeps the correction, the office
reads one line saying which file, why, and how to take it anyway (--replace).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import valid_values
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.jobs import collect_files, split_file
from xladdin.spec import form
from xladdin.spec.loop_text import KEPT
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.saved import saved_inside

ROUND_ONE = datetime(2010, 9, 1, 9, 30)  # when round 1 was collected
ROUND_ONE_SAVED = datetime(2010, 8, 31, 17, 5)  # when 运一 saved its round-1 reply


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def secretary(path: Path, sheet: str = "运一") -> object:
    return next(sd.raw for sd in read_workbook(path).sheets if sd.sheet == sheet)["secretary"]


def saved_on(path: Path, when: datetime) -> Path:
    """Set the time the workbook says it was last saved (docProps/core.xml), as Excel writes it: in UTC."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                start = data.index(b"<dcterms:modified")
                end = data.index(b"</dcterms:modified>")
                data = data[:start] + data[start:end].split(b">")[0] + b">" + stamp + data[end:]
            archive.writestr(info, data)
    assert saved_inside(path) == when
    return path


def reply(split_dir: Path, short: str, values: dict, target: Path) -> Path:
    """The file split sent the branch, filled in and saved (now) as the branch's reply."""
    wb = load_workbook(next(split_dir.glob(f"{short}_*.xlsx")))
    fill_by_names(wb, short, values)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def test_an_old_file_in_a_later_batch_does_not_replace_the_corrected_answers(make_book, tmp_path):
    split_dir = tmp_path / "下发"
    split_file(make_book({"运一": {}, "电气": {}}, branches=("运一", "电气")), split_dir)
    first = valid_values()
    corrected = {**first, "secretary": "更正后的书记"}
    assert first["fill_date"] == corrected["fill_date"] == date(2010, 8, 25)  # a correction keeps its 填表日期

    # Round 1, collected into a new master.
    old = saved_on(reply(split_dir, "运一", first, tmp_path / "收件1" / "运一_回头看填报表.xlsx"), ROUND_ONE_SAVED)
    reply(split_dir, "电气", valid_values("电气"), tmp_path / "收件1" / "电气_回头看填报表.xlsx")
    master = tmp_path / "汇总.xlsx"
    collect_files([tmp_path / "收件1"], master, now=ROUND_ONE)
    # The correction, saved after round 1 was collected, goes in.
    reply(split_dir, "运一", corrected, tmp_path / "收件2" / "运一_退回修改意见.xlsx")
    result = run("collect", tmp_path / "收件2", "--into", master, "--json")
    out = json.loads(result.output)
    assert {b["sheet"]: b["status"] for b in out["branches"]} == {"运一": "received", "电气": KEPT}
    assert secretary(master) == "更正后的书记"
    taken = {b["sheet"]: b for b in out["branches"]}["运一"]["collected_at"]

    # The clerk's batch: 运一's round-1 file again. The correction stays.
    batch = tmp_path / "收件3"
    batch.mkdir()
    shutil.copy2(old, batch / "运一_回头看填报表.xlsx")
    before = master.read_bytes()
    result = run("collect", batch, "--into", master, "--json")
    assert result.exit_code == 1, result.output  # something to look at
    out = json.loads(result.output)
    row = {b["sheet"]: b for b in out["branches"]}["运一"]
    # The row says what the master holds: the correction's file and time, not the old file.
    assert (row["status"], row["file"], row["collected_at"]) == (KEPT, "收件2/运一_退回修改意见.xlsx", taken)
    (older,) = [w for w in out["warnings"] if w["code"] == "older-than-master"]
    assert (older["branch"], older["file"]) == ("运一", "收件3/运一_回头看填报表.xlsx")
    for part in ("收件3/运一_回头看填报表.xlsx", "2010-08-25", "2010-08-31 17:05:00", taken, "--replace 运一"):
        assert part in older["message"]
    assert secretary(master) == "更正后的书记"
    assert master.read_bytes() == before  # nothing taken: neither rewritten nor backed up (clerk4 finding 7)
    assert out["unchanged"] is True and out["backup"] is None
    screen = run("collect", batch, "--into", master).output
    assert f"    警告：{older['message']}" in screen.splitlines()

    # Asked for by name, the old file replaces them, and the office is told what it did.
    result = run("collect", batch, "--into", master, "--replace", "运一党支部", "--json")
    out = json.loads(result.output)
    assert {b["sheet"]: b for b in out["branches"]}["运一"]["status"] == "received"
    assert [w["code"] for w in out["warnings"] if w["branch"] == "运一"] == ["replaced-on-request"]
    assert secretary(master) == first["secretary"]


def test_an_earlier_fill_date_is_older_whenever_the_file_was_saved(make_book, tmp_path):
    split_dir = tmp_path / "下发"
    split_file(make_book({"运一": {}}, branches=("运一",)), split_dir)
    master = tmp_path / "汇总.xlsx"
    collect_files([reply(split_dir, "运一", valid_values(), tmp_path / "收件1" / "运一.xlsx")], master, now=ROUND_ONE)
    # Saved today (an attachment saved again, a copy opened and saved): its 填表日期 still says it is older.
    early = {**valid_values(), "secretary": "初稿书记", "fill_date": date(2010, 8, 20)}
    reply(split_dir, "运一", early, tmp_path / "收件2" / "运一_初稿.xlsx")
    result = collect_files([tmp_path / "收件2"], into=master)
    (older,) = [n for n in result.notices if n.code == "older-than-master"]
    assert "填表日期 2010-08-20 早于总表中的 2010-08-25" in older.message
    assert result.rows[0].status == KEPT and secretary(master) == valid_values()["secretary"]
    # A later 填表日期 is newer, whenever the file was saved.
    late = {**valid_values(), "secretary": "九月书记", "fill_date": date(2010, 9, 15)}
    saved_on(reply(split_dir, "运一", late, tmp_path / "收件3" / "运一.xlsx"), ROUND_ONE_SAVED)
    result = collect_files([tmp_path / "收件3"], into=master)
    assert result.rows[0].status == "received" and not result.notices
    assert secretary(master) == "九月书记"


@pytest.fixture
def collected_once(make_book, tmp_path) -> tuple[Path, Path]:
    """(inbox, master): 运一's valid reply, collected into a new master in round one."""
    split_dir = tmp_path / "下发"
    split_file(make_book({"运一": {}}, branches=("运一",)), split_dir)
    inbox = tmp_path / "收件"
    reply(split_dir, "运一", valid_values(), inbox / "运一.xlsx")
    master = tmp_path / "汇总.xlsx"
    collect_files([inbox], master, now=ROUND_ONE)
    return inbox, master


def test_the_same_answers_again_change_nothing_and_keep_when_they_were_taken_in(collected_once):
    inbox, master = collected_once
    # The office runs the same collect again a week later: nothing changes, and it is a fact, not a warning.
    result = run("collect", inbox, "--into", master, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    (row,) = out["branches"]
    assert (row["status"], row["collected_at"]) == ("received", "2010-09-01 09:30:00")
    assert [w["code"] for w in out["warnings"]] == ["same-as-master"]
    screen = run("collect", inbox, "--into", master).output
    assert "说明：运一党支部报回的“收件/运一.xlsx”与总表中现有的内容相同" in screen


def test_the_same_answers_in_another_file_keep_the_masters_file_with_its_time(collected_once, tmp_path):
    """Review 11: the row named this round's file with the master's earlier 收集时间, a time before it came."""
    inbox, master = collected_once
    again = tmp_path / "收件2"
    again.mkdir()
    shutil.copy(inbox / "运一.xlsx", again / "运一_再次报送.xlsx")
    result = run("collect", again, "--into", master, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    (row,) = out["branches"]
    assert (row["status"], row["file"], row["collected_at"]) == ("received", "收件/运一.xlsx", "2010-09-01 09:30:00")
    (warning,) = out["warnings"]
    assert warning["code"] == "same-as-master" and "收件2/运一_再次报送.xlsx" in warning["message"]


def test_replace_names_a_branch_of_the_master_and_needs_into(collected_once, tmp_path):
    inbox, master = collected_once
    before = master.read_bytes()
    result = run("collect", inbox, "--into", master, "--replace", "运三", "--json")
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]["code"] == "collect-replace-unknown"
    assert master.read_bytes() == before
    result = run("collect", inbox, "-o", tmp_path / "新.xlsx", "--replace", "运一", "--json")
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]["code"] == "collect-replace-needs-into"
    assert not (tmp_path / "新.xlsx").exists()


def test_the_collection_sheet_names_the_file_the_master_kept(make_book, tmp_path):
    """What the 回收情况 says after an old file was refused: 保留上轮, from the correction, with the reason;
    the master itself, given nothing to take, keeps the sheet round two wrote."""
    split_dir = tmp_path / "下发"
    split_file(make_book({"运一": {}}, branches=("运一",)), split_dir)
    old = saved_on(reply(split_dir, "运一", valid_values(), tmp_path / "收件1" / "运一.xlsx"), ROUND_ONE_SAVED)
    master = tmp_path / "汇总.xlsx"
    collect_files([tmp_path / "收件1"], master, now=ROUND_ONE)
    reply(split_dir, "运一", {**valid_values(), "secretary": "更正后的书记"}, tmp_path / "收件2" / "运一_改.xlsx")
    collect_files([tmp_path / "收件2"], into=master)
    before = master.read_bytes()
    result = collect_files([old], into=master)
    (row,) = result.rows
    assert (row.status, row.file) == (KEPT, "收件2/运一_改.xlsx")
    (note,) = [n.message for n in result.notices if n.code == "older-than-master"]
    assert "运一.xlsx" in note and "--replace 运一" in note
    assert result.unchanged and result.backup is None and master.read_bytes() == before
    ws = load_workbook(master)[form.COLLECTION_SHEET]
    header = [c.value for c in ws[3]]
    row = dict(zip(header, next(ws.iter_rows(min_row=4, max_row=4, values_only=True)), strict=False))
    assert (row["状态"], row["来源文件"]) == ("已收到", "收件2/运一_改.xlsx")


@pytest.mark.parametrize("writer", ["patch", "openpyxl"])
def test_a_corrected_feedback_file_saved_by_a_pc_with_a_wrong_clock_is_taken_and_the_clock_named(
        collected_once, tmp_path, monkeypatch, writer):
    """Clerk4 6: the 退回修改 file generated after the master took 运一 in cannot be older than the master."""
    from xladdin.marks.patch import writer as patch
    from xladdin.marks.patch.xmltext import NotUnderstood
    from xladdin.xlsx.saved import created_inside, saved_inside

    def refuse(*_args, **_kwargs):
        raise NotUnderstood("openpyxl writes it")

    if writer == "openpyxl":
        monkeypatch.setattr(patch, "feedback_copy", refuse)
    _, master = collected_once
    folder = tmp_path / "退回"
    written = run("feedback", master, "-o", folder, "--all")
    assert written.exit_code == 0, written.output
    assert ("只改写标记涉及的部分" in written.output) == (writer == "patch")
    sent = folder / "运一_退回修改意见.xlsx"
    made = created_inside(sent)
    assert made is not None and made > ROUND_ONE  # when feedback generated it, not the master's creation
    assert saved_inside(sent) >= made  # untouched, it does not look saved before it was made
    inbox = tmp_path / "收件2"
    inbox.mkdir()
    wb = load_workbook(sent)
    fill_by_names(wb, "运一", {"secretary": "改过的书记"})  # same 填表日期
    wb.save(inbox / "运一.xlsx")
    saved_on(inbox / "运一.xlsx", datetime(2009, 1, 1, 8, 0))  # the branch PC's clock
    assert created_inside(inbox / "运一.xlsx") == made  # a save keeps when it was generated
    result = run("collect", inbox, "--into", master, "--json")
    out = json.loads(result.output)
    assert [w["code"] for w in out["warnings"]] == ["saved-before-made"], result.output
    assert "2009-01-01 08:00:00" in out["warnings"][0]["message"] and "时钟可能不准" in out["warnings"][0]["message"]
    (row,) = out["branches"]
    assert row["status"] == "received" and secretary(master) == "改过的书记"


def test_a_plain_reply_saved_before_the_master_took_its_answers_is_still_refused(collected_once, tmp_path):
    """Not a 退回修改 file: its save time is all there is, and it is older (the rule the fix above leaves alone)."""
    inbox, master = collected_once
    again = tmp_path / "收件2"
    again.mkdir()
    wb = load_workbook(inbox / "运一.xlsx")
    fill_by_names(wb, "运一", {"secretary": "旧书记"})
    wb.save(again / "运一.xlsx")
    saved_on(again / "运一.xlsx", datetime(2009, 1, 1, 8, 0))
    out = json.loads(run("collect", again, "--into", master, "--json").output)
    assert [w["code"] for w in out["warnings"]] == ["older-than-master"]
    assert secretary(master) != "旧书记"
