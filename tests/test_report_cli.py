"""`huitoukan report`: one Chinese line and exit 2 for a user's mistake; never overwrite without --force."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from conftest import SAMPLE, valid_values
from docx_read import all_text, open_docx

from xladdin.cli import main


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_report_writes_a_docx_and_says_where(tmp_path):
    target = tmp_path / "回头看情况报告.docx"
    result = run("report", SAMPLE, "-o", target, "--date", "2010-09-05")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"已生成情况报告：{target}"  # stderr: the default 落款 note
    text = all_text(open_docx(target))
    assert "2010年9月5日" in text and "2010年09月05日" not in text  # no leading zeros
    assert "2010年9月5日印发" in text


def test_existing_output_is_refused_without_force(tmp_path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"the office's own edits")
    result = run("report", SAMPLE, "-o", target, "--date", "2010-09-12")
    assert result.exit_code == 2
    assert result.output.startswith("错误：") and "--force" in result.output and len(result.output.splitlines()) == 1
    assert target.read_bytes() == b"the office's own edits"


def test_force_keeps_a_backup_of_the_old_file(tmp_path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"the office's own edits")
    result = run("report", SAMPLE, "-o", target, "--date", "2010-09-12", "--force")
    assert result.exit_code == 0, result.output
    backups = list(tmp_path.glob("r.bak-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"the office's own edits"
    assert f"原有的同名文件已备份为：{backups[0]}" in result.output
    assert "情况的报告" in all_text(open_docx(target))


def test_output_must_be_a_docx_name(tmp_path):
    result = run("report", SAMPLE, "-o", tmp_path / "报告.xlsx")
    assert result.exit_code == 2 and ".docx" in result.output
    assert not (tmp_path / "报告.xlsx").exists()


def test_open_document_is_refused(tmp_path):
    for lock in ("~$报告.docx", ".~lock.报告.docx#"):
        (tmp_path / lock).write_text("")
        result = run("report", SAMPLE, "-o", tmp_path / "报告.docx")
        assert result.exit_code == 2 and lock in result.output, result.output
        (tmp_path / lock).unlink()
    assert not (tmp_path / "报告.docx").exists()


def test_missing_or_broken_input_is_one_line(tmp_path):
    result = run("report", tmp_path / "无.xlsx", "-o", tmp_path / "r.docx")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = run("report", bad, "-o", tmp_path / "r.docx")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "r.docx").exists()


def test_an_empty_branch_sheet_is_reported_as_not_reported(make_book, tmp_path):
    path = make_book({"运一": valid_values("运一"), "电气": {}}, branches=("运一", "电气"))
    target = tmp_path / "r.docx"
    assert run("report", path, "-o", target, "--date", "2010-09-12").exit_code == 0
    text = all_text(open_docx(target))
    assert "1个党支部报送了填报表，电气党支部未报送" in text


def test_check_does_not_load_python_docx(make_book):
    path = make_book({"运一": valid_values()})
    code = (
        "import sys; from xladdin.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit: pass\n"
        "print('docx' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"
