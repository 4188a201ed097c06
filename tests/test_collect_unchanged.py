"""collect --into that takes nothing leaves the master alone (clerk4 finding 7): no rewrite, no backup, one line."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.jobs import split_file
from xladdin.spec.loop_text import STATUS_LABELS, UNREADABLE


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def round_one(tmp_path):
    """The sample split out; every branch but 运二 replied; collected into the master."""
    split_file(SAMPLE, tmp_path / "下发")
    inbox = tmp_path / "收件1"
    inbox.mkdir()
    for f in (tmp_path / "下发").iterdir():
        if not f.name.startswith("运二"):
            load_workbook(f).save(inbox / f.name)  # opened and saved: replies
    master = tmp_path / "总表.xlsx"
    assert run("collect", inbox, "-o", master).exit_code == 1
    return inbox, master


def backups(folder):
    return sorted(p.name for p in folder.glob("*.bak-*"))


def test_files_the_same_as_the_master_leave_it_untouched_and_unbacked(tmp_path):
    inbox, master = round_one(tmp_path)
    before = master.read_bytes()
    again = tmp_path / "收件2"
    again.mkdir()
    shutil.copy(inbox / "电气_sample.xlsx", again / "电气_sample.xlsx")  # sent again, unchanged
    for _ in range(2):  # each try used to leave one more backup
        result = run("collect", again, "--into", master)
        assert result.exit_code == 1, result.output  # 运二 still missing
        assert "已把收到的内容写入" not in result.output
        assert "没有要写入总表的内容" in result.output and "未改动，也没有另做备份" in result.output
    assert master.read_bytes() == before and backups(tmp_path) == []
    out = json.loads(run("collect", again, "--into", master, "--json").output)
    assert out["unchanged"] is True and out["backup"] is None


def test_a_changed_answer_or_a_new_status_still_rewrites_with_a_backup(tmp_path):
    inbox, master = round_one(tmp_path)
    # 运二's attachment arrives cut off: 未报送 becomes 未能读取 (待核实) in 回收情况, a change worth writing.
    broken = tmp_path / "收件2"
    broken.mkdir()
    (broken / "运二_sample.xlsx").write_bytes((tmp_path / "下发" / "运二_sample.xlsx").read_bytes()[:3000])
    shutil.copy(inbox / "电气_sample.xlsx", broken / "电气_sample.xlsx")  # and 电气's again, the same as the master's
    result = run("collect", broken, "--into", master, "--json")
    out = json.loads(result.output)
    assert out["unchanged"] is False and out["backup"]
    assert {b["sheet"]: b["status"] for b in out["branches"]}["运二"] == UNREADABLE
    assert STATUS_LABELS[UNREADABLE] in [c.value for c in load_workbook(master)["回收情况"]["C"]]
    assert len(backups(tmp_path)) == 1

    corrected = tmp_path / "收件3"
    corrected.mkdir()
    wb = load_workbook(inbox / "电气_sample.xlsx")
    fill_by_names(wb, "电气", {"c4_owner": "卜新方"})
    wb.save(corrected / "电气_sample.xlsx")
    result = run("collect", corrected, "--into", master)
    assert "已把收到的内容写入" in result.output and len(backups(tmp_path)) == 2
