"""`run` into a folder that holds an earlier run's results (clerk4 finding 5): they move into 备份/,
this run's take the plain names, so the office cannot mail last round's 汇总 or 情况报告 up the line."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs.earlier import result_names
from xladdin.xlsx.stamp import stamped, untouched_output

RESULTS = sorted(result_names("sample", ".xlsx").values())


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_second_run_moves_the_first_runs_results_into_backup_and_takes_the_plain_names(tmp_path):
    out = tmp_path / "输出"
    assert run("run", SAMPLE, "-o", out, "--date", "2010-09-12").exit_code == 1
    first = files(out)
    assert sorted(first) == RESULTS
    # Each result says which it is, and collect still takes none of them for a file sent to a branch.
    assert {stamped(out / n) for n in first} == {"marked", "summary", "report"}
    assert {untouched_output(out / n) for n in first} == {None}

    result = run("run", SAMPLE, "-o", out, "--date", "2010-09-20")
    assert result.exit_code == 1, result.output
    assert sorted(files(out)) == RESULTS  # no dated names beside them
    summary = load_workbook(out / "sample_回头看汇总.xlsx").worksheets[0]
    assert any("2010年9月20日" in str(c.value) for row in summary.iter_rows() for c in row if c.value)
    kept = {p.name.split(".bak-")[0] + p.suffix: p.read_bytes() for p in (out / "备份").iterdir()}
    assert kept == first  # round one's, byte for byte
    assert "以前生成的 3 个结果文件已移到" in result.output and "备份" in result.output
    assert "不是回头看原样生成的" not in result.output


def test_a_result_the_office_saved_since_is_moved_not_overwritten_and_named(tmp_path):
    out = tmp_path / "输出"
    assert run("run", SAMPLE, "-o", out, "--date", "2010-09-12").exit_code == 1
    wb = load_workbook(out / "sample_回头看汇总.xlsx")
    wb.worksheets[0]["A1"] = "办公室改过的标题"
    wb.save(out / "sample_回头看汇总.xlsx")
    edited = (out / "sample_回头看汇总.xlsx").read_bytes()

    result = run("run", SAMPLE, "-o", out, "--date", "2010-09-12")
    assert result.exit_code == 1, result.output
    (saved,) = (out / "备份").glob("sample_回头看汇总.bak-*.xlsx")
    assert saved.read_bytes() == edited
    assert load_workbook(saved).worksheets[0]["A1"].value == "办公室改过的标题"
    assert load_workbook(out / "sample_回头看汇总.xlsx").worksheets[0]["A1"].value != "办公室改过的标题"
    warning = [line for line in result.output.splitlines() if "不是回头看原样生成的" in line]
    assert len(warning) == 1 and "“sample_回头看汇总.xlsx”" in warning[0]
    assert "sample_标记.xlsx" not in warning[0] and "sample_回头看情况报告.docx" not in warning[0]


def test_an_earlier_result_open_in_word_stops_the_run_before_anything_moves(tmp_path):
    out = tmp_path / "输出"
    assert run("run", SAMPLE, "-o", out, "--date", "2010-09-12").exit_code == 1
    first = files(out)
    lock = out / "~$mple_回头看情况报告.docx"  # Word drops two characters of a long name
    lock.write_bytes(b"owner")
    result = run("run", SAMPLE, "-o", out, "--date", "2010-09-20")
    assert result.exit_code == 2
    assert "“sample_回头看情况报告.docx”正在" in result.output and lock.name in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert files(out) == {**first, lock.name: b"owner"} and not (out / "备份").exists()


def round_one(tmp_path):
    """split the sample into 收件, then run round one from it into 输出: (out, inbox, master, master's bytes)."""
    out = tmp_path / "输出"
    inbox = tmp_path / "收件"
    assert run("split", SAMPLE, "-o", inbox).exit_code == 0
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    master = out / "回头看填报表_合并.xlsx"
    return out, inbox, master, master.read_bytes()


def test_round_two_on_the_master_in_the_same_folder_moves_round_ones_results_not_the_master(tmp_path):
    out, _inbox, master, before = round_one(tmp_path)
    first = {n: (out / n).read_bytes() for n in result_names(master.stem, ".xlsx").values()}

    result = run("run", master, "-o", out, "--date", "2010-09-20")
    assert result.exit_code == 1, result.output
    assert master.read_bytes() == before  # the master is read, never moved
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted([master.name, *first])
    kept = {p.name.split(".bak-")[0] + p.suffix: p.read_bytes() for p in (out / "备份").iterdir()}
    assert kept == first


def test_a_second_inbox_run_keeps_the_master_and_moves_only_the_results(tmp_path):
    out, inbox, master, before = round_one(tmp_path)
    shutil.rmtree(inbox / "备份", ignore_errors=True)
    assert run("run", inbox, "-o", out, "--date", "2010-09-20").exit_code == 1
    assert master.read_bytes() == before
    merged = sorted(p.name for p in out.glob("回头看填报表_合并_*.xlsx") if "_标记" not in p.name
                    and "_回头看汇总" not in p.name)
    assert len(merged) == 1  # this round's merged workbook, dated beside the master
    stem = merged[0].removesuffix(".xlsx")
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(
        [master.name, merged[0], *result_names(stem, ".xlsx").values()])
    assert len(list((out / "备份").iterdir())) == 3
