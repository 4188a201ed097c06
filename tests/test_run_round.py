"""`run 收件/ -o 输出/`: the whole round in one command, on files that came back by e-mail."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import check_file
from xladdin.spec import form


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """Five of six branches' split files came back; 运二 never replied."""
    root = tmp_path_factory.mktemp("round")
    assert run("split", SAMPLE, "-o", root / "下发").exit_code == 0
    inbox = root / "收件"
    inbox.mkdir()
    for f in (root / "下发").iterdir():
        if not f.name.startswith("运二"):
            shutil.copy(f, inbox / f.name)
    return inbox


def test_a_folder_is_collected_run_and_returned(inbox, tmp_path):
    out = tmp_path / "输出"
    result = run("run", inbox, "-o", out, "--date", "2010-09-12")
    assert result.exit_code == 1, result.output  # errors and a branch missing
    names = sorted(p.name for p in out.iterdir())
    assert names == ["回头看填报表_合并.xlsx", "回头看填报表_合并_回头看情况报告.docx", "回头看填报表_合并_回头看汇总.xlsx",
                     "回头看填报表_合并_标记.xlsx", "退回修改"]
    merged = load_workbook(out / "回头看填报表_合并.xlsx")
    assert form.COLLECTION_SHEET in merged.sheetnames
    _, report = check_file(out / "回头看填报表_合并.xlsx")
    assert [b.sheet for b in report.branches if not b.reported] == ["运二"]
    returned = sorted(p.name for p in (out / "退回修改").iterdir())
    assert returned == sorted(f"{b.sheet}_退回修改意见.xlsx" for b in report.branches if b.errors)
    assert "运二_退回修改意见.xlsx" in returned  # a reminder for the branch that has not reported
    assert "未报送 1 个" in result.output and "生成 4 份退回修改意见" in result.output


def test_a_second_run_into_the_same_folder_keeps_the_first(inbox, tmp_path):
    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    # The first merged workbook (the master) stays; this run's got a dated name, and so its results.
    assert after["回头看填报表_合并.xlsx"] == first["回头看填报表_合并.xlsx"]
    assert len(after) == len(first) + 1  # the new merged workbook beside the master
    assert not any(name in after for name in first if name != "回头看填报表_合并.xlsx")
    # The first run's results are in 备份, not replaced; its 退回修改 files in 退回修改/备份.
    kept = {p.name.split(".bak-")[0] + p.suffix: p.read_bytes() for p in (out / "备份").iterdir()}
    assert kept == {name: data for name, data in first.items() if name != "回头看填报表_合并.xlsx"}
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["备份", "退回修改"]
    backups = sorted(p.name.split(".bak-")[0] for p in (out / "退回修改" / "备份").iterdir())
    assert backups == sorted(p.stem for p in (out / "退回修改").glob("*.xlsx"))


def test_round_two_run_on_the_master_writes_this_rounds_feedback_and_moves_the_stale_ones(inbox, tmp_path):
    """Clerk item 4: after collect --into, run on the master wrote no 退回修改 files and left round one's there."""
    from conftest import sent_back

    from xladdin.forms.fill import fill_by_names

    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12", "--by", "2010-09-19").exit_code == 1
    master = out / "回头看填报表_合并.xlsx"
    first = {p.name: p.read_bytes() for p in (out / "退回修改").iterdir()}
    assert "电气_退回修改意见.xlsx" in first
    # 电气 fixes its one error in the file it was sent and sends it back.
    inbox2 = tmp_path / "收件2"
    inbox2.mkdir()
    reply = sent_back(out / "退回修改" / "电气_退回修改意见.xlsx", inbox2 / "电气_退回修改意见.xlsx")
    wb = load_workbook(reply)
    fill_by_names(wb, "电气", {"c4_owner": "卜新方"})
    wb.save(reply)
    assert run("collect", inbox2, "--into", master).exit_code == 1  # 运二 still missing
    _, report = check_file(master)
    now_errors = sorted(b.sheet for b in report.branches if b.errors)
    assert "电气" not in now_errors and now_errors

    # A deadline before the report date is refused before anything is written.
    result = run("run", master, "-o", out, "--date", "2010-09-20", "--by", "2010-09-19")
    assert result.exit_code == 2 and "2010-09-20" in result.output
    assert {p.name for p in (out / "退回修改").iterdir()} == set(first)

    result = run("run", master, "-o", out, "--date", "2010-09-20", "--by", "2010-09-27")
    assert result.exit_code == 1, result.output
    folder = out / "退回修改"
    current = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert current == [f"{s}_退回修改意见.xlsx" for s in now_errors]  # 电气's stale file is gone from here
    for name in current:
        line = load_workbook(folder / name)[form.FEEDBACK_SHEET]["A2"].value
        assert "2010年9月27日前报回" in line
    # Round one's files are all kept, byte for byte, in 备份, where collect never looks.
    kept = {p.name.split(".bak-")[0] + ".xlsx": p.read_bytes() for p in (folder / "备份").iterdir()}
    assert kept == first
    assert f"生成 {len(current)} 份退回修改意见" in result.output and "备份" in result.output
    _, again = check_file(master)
    assert again.findings == report.findings  # the master itself was only read


def test_run_on_one_file_works_as_before(tmp_path):
    result = run("run", SAMPLE, "-o", tmp_path, "--date", "2010-09-12")
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sample_回头看情况报告.docx", "sample_回头看汇总.xlsx", "sample_标记.xlsx"]
