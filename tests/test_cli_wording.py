"""Wording a clerk tripped over (clerk report item 21), each through the real command line and real files."""

from __future__ import annotations

import re
import shutil

from click.testing import CliRunner
from conftest import SAMPLE, TEMPLATE
from openpyxl import load_workbook
from test_hostile import cfb

from xladdin.cli import main
from xladdin.spec import form


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_shows_no_english_placeholder():
    for args in (["--help"], *([name, "--help"] for name in main.commands)):
        out = run(*args).output
        # Upper-case words are click's placeholders (INPUTS, FILE); JSON, XLSTART and the like are names.
        assert set(re.findall(r"\b[A-Z]{4,}\b", out)) <= {"JSON", "HTTP", "HTML", "XLSTART"}, (args, out)


def test_the_settings_sheet_of_a_branch_file_does_not_name_a_command(tmp_path):
    assert run("split", SAMPLE, "-o", tmp_path).exit_code == 0
    for path in tmp_path.glob("*.xlsx"):
        ws = load_workbook(path)[form.SETTINGS_SHEET]
        text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
        assert "huitoukan" not in text and "自动填写" in text


def test_split_says_filled_only_when_something_was_typed(tmp_path):
    blank = run("split", TEMPLATE, "-o", tmp_path / "a").output
    assert "下发文件" in blank and "含已填内容" not in blank
    assert run("split", SAMPLE, "-o", tmp_path / "b").output.count("含已填内容") == len(form.DEFAULT_BRANCHES)


def test_a_full_width_dash_is_pointed_at(tmp_path):
    result = run("split", SAMPLE, "－o", tmp_path)
    assert result.exit_code == 2 and "“－o”" in result.output and "半角的 -o" in result.output
    inbox = tmp_path / "收件"
    inbox.mkdir()
    result = run("collect", inbox, "－o", tmp_path / "合并.xlsx")
    assert result.exit_code == 2 and "“－o”" in result.output and "半角的 -o" in result.output
    assert "Traceback" not in result.output


def test_collect_with_nothing_usable_says_so_in_one_clean_sentence(tmp_path):
    empty = tmp_path / "空收件"
    empty.mkdir()
    result = run("collect", empty, "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 2 and "文件夹中没有文件" in result.output and "跳过了 0" not in result.output
    inbox = tmp_path / "收件"
    inbox.mkdir()
    (inbox / "总结.docx").write_bytes(b"PK\x03\x04")
    (inbox / "旧表.xls").write_bytes(cfb({"Workbook": b"\x09\x08" + b"\0" * 100}))
    result = run("collect", inbox, "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 2 and "跳过了 2 个文件" in result.output
    assert "。）" not in result.output and "。。" not in result.output and "。：" not in result.output


def test_feedback_refusing_an_existing_file_asks_for_another_folder(tmp_path):
    out = tmp_path / "退回"
    assert run("feedback", SAMPLE, "-o", out).exit_code == 0
    result = run("feedback", SAMPLE, "-o", out)
    assert result.exit_code == 2 and "另选一个文件夹" in result.output and "另选文件名" not in result.output


def test_a_wps_et_file_is_called_what_it_is(tmp_path):
    path = tmp_path / "运二.et"
    path.write_bytes(cfb({"Workbook": b"\x09\x08" + b"\0" * 100}))
    result = run("check", path)
    assert result.exit_code == 2 and "WPS 表格文件（.et）" in result.output and "97-2003" not in result.output
    shutil.copy(path, tmp_path / "运二.xls")
    assert "97-2003" in run("check", tmp_path / "运二.xls").output
