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
    first_run = run("run", inbox, "-o", out, "--date", "2010-09-12")
    assert first_run.exit_code == 1 and "已有合并工作簿" not in first_run.output
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    second = run("run", inbox, "-o", out, "--date", "2010-09-12")
    assert second.exit_code == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    # Said once, with the command that merges into the kept master instead of beside it.
    (dated,) = {name for name in set(after) - set(first) if name.count("_") == 2}  # not its results
    said = [line for line in second.output.splitlines() if "已有合并工作簿" in line]
    assert said == [f"说明：“{out}”里已有合并工作簿“回头看填报表_合并.xlsx”（以前生成或办公室在用的总表），没有覆盖，"
                    f"本次合并的另存为“{dated}”。要把新收到的文件并入原来的总表，请运行 collect \"{inbox}\" --into "
                    f"\"{out / '回头看填报表_合并.xlsx'}\"，再对“回头看填报表_合并.xlsx”运行 run。"]
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


def test_retired_feedback_files_are_named_as_every_backup_and_collect_leaves_them_alone(inbox, tmp_path):
    """The round's 退回修改 files moved aside get xlsx.write's backup names (one function), -2 on a clash."""
    from datetime import datetime

    from xladdin.forms.returned import find_files
    from xladdin.jobs import feedback_files
    from xladdin.jobs.round import retire_feedback
    from xladdin.xlsx.write import backup_name, is_backup_name

    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    folder = out / "退回修改"
    sent = sorted(folder.glob("*.xlsx"))
    at = datetime(2010, 9, 20, 8, 0, 0)
    first = retire_feedback(folder, now=at)
    assert [was for was, _ in first] == sent and not list(folder.glob("*.xlsx"))
    assert [now.name for _, now in first] == [f"{p.stem}.bak-20100920-080000.xlsx" for p in sent]
    # The same files again within the same second: the counter, as backup() gives it.
    feedback_files(out / "回头看填报表_合并.xlsx", folder)
    expected = [backup_name(p, folder / "备份", at) for p in sent]
    second = retire_feedback(folder, now=at)
    assert [now for _, now in second] == expected
    assert [now.name for _, now in second] == [f"{p.stem}.bak-20100920-080000-2.xlsx" for p in sent]
    assert all(is_backup_name(now.name) for _, now in first + second)
    # Put back into an inbox by mistake, collect lists them as our backups and reads none of them.
    stray = tmp_path / "收件"
    stray.mkdir()
    for _, now in first + second:
        shutil.copy(now, stray / now.name)
    found, skipped = find_files([stray])
    assert found == [] and {s.code for s in skipped} == {"backup-copy"} and len(skipped) == 2 * len(sent)


def test_a_past_deadline_is_refused_by_the_jobs_themselves_before_anything_is_written(inbox, tmp_path):
    """feedback_files, run_round and round_feedback called from Python (not the CLI) refuse a 报回期限 before
    the issue day, as the command line does, in the command line's words; nothing is written or moved."""
    from datetime import date, datetime

    from xladdin.errors import UserError
    from xladdin.jobs import feedback_files, run_round
    from xladdin.jobs.round import refuse_past_deadline, round_feedback

    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    master = out / "回头看填报表_合并.xlsx"
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with pytest.raises(UserError) as cli_words:
        refuse_past_deadline(date(2010, 9, 5), date(2010, 9, 12))
    calls = {
        "feedback_files": lambda: feedback_files(master, tmp_path / "退回", by=date(2010, 9, 5), as_of=date(2010, 9, 12)),
        "run_round": lambda: run_round([inbox], tmp_path / "第二次", now=datetime(2010, 9, 12), by=date(2010, 9, 5)),
        "round_feedback": lambda: round_feedback(master, out, check_file(master), by=date(2010, 9, 5),
                                                 now=datetime(2010, 9, 12)),
    }
    for name, call in calls.items():
        with pytest.raises(UserError) as caught:
            call()
        assert caught.value.code == "feedback-by-past", name
        assert str(caught.value) == str(cli_words.value), name
    # Without a day given, the day is today: any past 报回期限 is refused.
    with pytest.raises(UserError) as caught:
        feedback_files(master, tmp_path / "退回", by=date(2010, 9, 5))
    assert caught.value.code == "feedback-by-past" and "今天" in str(caught.value)
    assert not (tmp_path / "第二次").exists()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before  # no 退回修改 file moved to 备份
    # The same day is fine.
    (tmp_path / "退回").mkdir()
    assert feedback_files(master, tmp_path / "退回", by=date(2010, 9, 12), as_of=date(2010, 9, 12))


def test_lock_files_left_in_the_output_folders_are_not_moved_or_counted(inbox, tmp_path):
    """Review 8: an orphan ~$…_退回修改意见.xlsx was moved into 备份 and named as a possible reply."""
    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    folder = out / "退回修改"
    sent = sorted(p.name for p in folder.glob("*.xlsx"))
    assert "化学_退回修改意见.xlsx" not in sent  # so its lock file is an orphan, which opens nothing
    locks = ["~$化学_退回修改意见.xlsx", ".~lock.化学_退回修改意见.xlsx#"]
    for name in locks:
        (folder / name).write_bytes(b"owner")
    (out / "~$头看填报表_合并_标记.xlsx").write_bytes(b"owner")  # Excel's owner file of a long name
    result = run("run", out / "回头看填报表_合并.xlsx", "-o", out, "--date", "2010-09-20")
    assert result.exit_code == 1, result.output
    assert f"以前生成的 {len(sent)} 份退回修改意见已移到" in result.output
    assert "可能是支部报回的文件" not in result.output and "~$" not in result.output
    moved = sorted(p.name.split(".bak-")[0] + ".xlsx" for p in (folder / "备份").iterdir())
    assert moved == sent
    assert all((folder / name).read_bytes() == b"owner" for name in locks)
    assert (out / "~$头看填报表_合并_标记.xlsx").read_bytes() == b"owner"
    assert not any(p.name.startswith("~$") for p in (out / "备份").iterdir())


def test_run_on_one_workbook_says_its_by_was_not_used(tmp_path):
    """Review 10: --by on a workbook that is no merged one wrote nothing and said nothing."""
    result = run("run", SAMPLE, "-o", tmp_path, "--date", "2010-09-12", "--by", "2010-09-19")
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.output.splitlines() if "--by 2010-09-19 未使用" in x]
    assert line.startswith("说明：") and "不是合并工作簿" in line and f'feedback "{SAMPLE}"' in line
    assert not (tmp_path / "退回修改").exists()
    assert "未使用" not in run("run", SAMPLE, "-o", tmp_path / "2", "--date", "2010-09-12").output
