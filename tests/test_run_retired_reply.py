"""A branch's reply saved over its 退回修改 file and then moved into 备份 (or backed up by --force) can be
collected exactly as the warning says: naming the backup file in the command (review finding 3)."""
from __future__ import annotations

import re
import shlex
import shutil

from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook
from test_collect_rounds import collection_table

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.returned import find_files


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def _reply_in_place(path):
    """电气 fixes its one error in the file it was sent, and the office saves the reply over that file."""
    wb = load_workbook(path)
    fill_by_names(wb, "电气", {"c4_owner": "卜新方"})
    wb.save(path)


def _round_one(tmp_path):
    assert run("split", SAMPLE, "-o", tmp_path / "下发").exit_code == 0
    inbox = tmp_path / "收件"
    shutil.copytree(tmp_path / "下发", inbox)
    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    return out, out / "回头看填报表_合并.xlsx"


def _command(output: str) -> list[str]:
    """The collect command the warning gives, as the office would type it."""
    (line,) = re.findall(r"如：(collect [^；]+)；", output)
    return shlex.split(line)


def test_a_reply_moved_into_backup_is_collected_by_naming_it_in_the_command(tmp_path):
    out, master = _round_one(tmp_path)
    _reply_in_place(out / "退回修改" / "电气_退回修改意见.xlsx")
    result = run("run", master, "-o", out, "--date", "2010-09-20")
    assert result.exit_code == 1, result.output
    (moved,) = (out / "退回修改" / "备份").glob("电气_退回修改意见.bak-*.xlsx")
    assert f"移到“备份”的 {moved.name} 发出后被打开保存过" in result.output
    command = _command(result.output)
    assert command == ["collect", str(moved), "--into", str(master)]
    assert collection_table(master)["电气党支部"]["来源文件"] != moved.name

    # Put into an inbox folder with its backup name, it is still left alone, and the reason says what works.
    inbox2 = tmp_path / "收件2"
    inbox2.mkdir()
    shutil.copy(moved, inbox2 / moved.name)
    found, skipped = find_files([inbox2])
    assert found == [] and [s.code for s in skipped] == ["backup-copy"]
    assert f'collect "{inbox2 / moved.name}" --into' in skipped[0].reason and "去掉" in skipped[0].reason

    # Named in the command, as the warning says, it is taken.
    taken = run(*command)
    assert taken.exit_code == 0, taken.output
    row = collection_table(master)["电气党支部"]
    assert row["状态"] == "已收到" and row["来源文件"] == moved.name
    from xladdin.jobs import check_file

    _, report = check_file(master)
    assert not next(b for b in report.branches if b.sheet == "电气").errors


def test_a_reply_replaced_by_feedback_force_is_collected_by_naming_its_backup(tmp_path):
    _out, master = _round_one(tmp_path)
    folder = tmp_path / "退回"
    assert run("feedback", master, "-o", folder).exit_code == 0
    _reply_in_place(folder / "电气_退回修改意见.xlsx")
    result = run("feedback", master, "-o", folder, "--force")
    assert result.exit_code == 0, result.output
    (kept,) = (folder / "备份").glob("电气_退回修改意见.bak-*.xlsx")
    command = _command(result.output)
    assert command == ["collect", str(kept), "--into", str(master)]
    taken = run(*command)
    assert taken.exit_code == 0, taken.output
    assert collection_table(master)["电气党支部"]["来源文件"] == kept.name
