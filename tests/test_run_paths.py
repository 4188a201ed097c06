"""What run, collect and check say about a path that is not there or a file they cannot read (clerk item 5).

`run 收伴/` (a misspelt inbox) said 找不到文件; it says the folder is not found and names the folder
beside it with the nearest name. A failed run leaves no empty output folder. A LibreOffice file is
answered in LibreOffice's words.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from xladdin.cli import main
from xladdin.errors import UserError
from xladdin.xlsx.package import missing_path, open_package


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture
def office(tmp_path, monkeypatch):
    """The office's folder: 收件/ with one returned file, 下发/ beside it; commands run from there."""
    (tmp_path / "收件").mkdir()
    (tmp_path / "下发").mkdir()
    shutil.copy(SAMPLE, tmp_path / "收件" / "运一_回头看填报表.xlsx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["run", "collect"])
def test_a_misspelt_inbox_is_a_folder_not_found_with_the_nearest_one(office, command):
    from pathlib import Path

    error = missing_path(Path("收伴"))
    assert error.code == "folder-not-found-near" and "“收件”" in str(error)
    args = ["收伴/", "-o", "输出/"] if command == "run" else ["收伴/", "-o", "合并.xlsx"]
    result = run(command, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "找不到文件夹“收伴”" in result.output and "“收件”" in result.output
    assert not (office / "输出").exists() and not (office / "合并.xlsx").exists()


def test_the_jobs_say_it_the_same_way_as_the_command_line(office):
    """collect_files and run_round called from Python (the web worker, a script): the same one line, nothing made."""
    from pathlib import Path

    from xladdin.forms.returned import find_files
    from xladdin.jobs import collect_files, run_round

    for call in (lambda: collect_files([Path("收伴")], Path("合并.xlsx")),
                 lambda: collect_files([Path("收件"), Path("收伴")], into=Path("下发") / "总表.xlsx"),
                 lambda: run_round([Path("收伴")], Path("输出")),
                 lambda: find_files([Path("收伴")])):
        with pytest.raises(UserError) as caught:
            call()
        assert caught.value.code == "folder-not-found-near", caught.value.code
        assert str(caught.value) == str(missing_path(Path("收伴")))
        assert "找不到文件夹“收伴”" in str(caught.value) and "“收件”" in str(caught.value)
    with pytest.raises(UserError) as caught:
        collect_files([Path("收件") / "运一_回头看填报.xlsx"], Path("合并.xlsx"))
    assert caught.value.code == "file-not-found-near" and "运一_回头看填报表.xlsx" in str(caught.value)
    assert not Path("合并.xlsx").exists() and not Path("输出").exists()


def test_nothing_near_and_a_misspelt_file(office):
    from pathlib import Path

    assert missing_path(Path("全不相干")).code == "folder-not-found"
    assert missing_path(office / "没有" / "收件").code == "folder-not-found"  # its parent is missing too
    error = missing_path(Path("收件") / "运一_回头看填报表.xlx")
    assert error.code == "file-not-found-near" and "运一_回头看填报表.xlsx" in str(error)
    result = run("check", Path("收件") / "运一_回头看填报.xlsx")
    assert result.exit_code == 2 and "运一_回头看填报表.xlsx" in result.output


def _ods(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


def test_a_failed_run_leaves_no_empty_output_folder(office):
    bad = _ods(office / "填报表.ods")
    result = run("run", bad, "-o", office / "新" / "输出")
    assert result.exit_code == 2, result.output
    assert not (office / "新").exists()  # both folders it made are gone
    (office / "已有").mkdir()
    assert run("run", bad, "-o", office / "已有").exit_code == 2
    assert (office / "已有").is_dir()  # a folder that was there stays
    # feedback refused for a passed deadline, or an existing file, makes no folder either
    assert run("feedback", SAMPLE, "-o", office / "退回", "--by", "2010-09-05").exit_code == 2
    assert not (office / "退回").exists()


def test_an_ods_file_is_answered_for_libreoffice(office):
    bad = _ods(office / "填报表.ods")
    with pytest.raises(UserError) as caught, open_package(bad):
        pass
    assert caught.value.code == "ods-format"
    result = run("check", bad)
    assert result.exit_code == 2
    assert "是 OpenDocument 电子表格" in result.output and "LibreOffice 中打开" in result.output
    assert "Excel 2007-365 (.xlsx)" in result.output
    xlsb = office / "表.xlsb"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert "是 Excel 二进制工作簿" in run("check", xlsb).output
