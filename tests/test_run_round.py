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
    first = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    assert all(after[name] == stamp for name, stamp in first.items())  # nothing replaced
    assert len(after) == 2 * len(first)  # the new results got dated names
    assert len([p for p in out.iterdir() if p.is_dir() and p.name.startswith("退回修改")]) == 2


def test_run_on_one_file_works_as_before(tmp_path):
    result = run("run", SAMPLE, "-o", tmp_path, "--date", "2010-09-12")
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sample_回头看情况报告.docx", "sample_回头看汇总.xlsx", "sample_标记.xlsx"]
