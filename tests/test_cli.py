"""The command line: output, JSON shape, exit codes, and one-line errors."""

from __future__ import annotations

import json
import string
import subprocess
import sys

from click.testing import CliRunner
from conftest import valid_values

from xladdin.cli.commands import main
from xladdin.spec import form


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_clean_workbook_exits_zero(make_book):
    result = run("check", make_book({"运一": valid_values()}))
    assert result.exit_code == 0, result.output
    assert "运一党支部" in result.output and "错误 0 条" in result.output


def test_errors_exit_one_and_json_shape(make_book):
    values = valid_values()
    values["c3_status"] = None
    result = run("check", make_book({"运一": values}), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) >= {"file", "branches", "findings", "summary"}
    (branch,) = data["branches"]
    assert set(branch) >= {"sheet", "branch", "criteria", "errors", "warnings"}
    assert branch["criteria"][2] == {"id": 3, "verdict": "incomplete"}
    (finding,) = data["findings"]
    assert set(finding) >= {"sheet", "cell", "field", "criterion", "severity", "code", "message"}
    assert (finding["field"], finding["criterion"], finding["code"]) == ("c3_status", 3, "status-missing")
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 0


def test_missing_file_is_one_chinese_line_exit_two(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "xladdin", "check", str(tmp_path / "没有.xlsx")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "找不到文件" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_not_a_workbook_exit_two(tmp_path):
    bad = tmp_path / "报表.xlsx"
    bad.write_text("序号,支部\n1,运一\n", encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 2
    assert "不是有效的 .xlsx" in result.output


def test_json_reports_a_file_error_with_its_code(tmp_path):
    bad = tmp_path / "报表.xlsx"
    bad.write_text("序号,支部\n1,运一\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--json", str(bad)])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "not-xlsx" and "报表.xlsx" in error["message"]


def test_every_file_error_code_renders():
    from xladdin.errors import UserError
    from xladdin.spec.messages import FILE_ERRORS

    for code, template in FILE_ERRORS.items():
        fields = {name: "x" for _, name, _, _ in string.Formatter().parse(template) if name}
        error = UserError(code, **fields)
        assert error.code == code and str(error) and "{" not in str(error), code


def test_mark_refuses_to_overwrite_input(make_book):
    src = make_book({"运一": valid_values()})
    result = run("check", src, "--mark", src)
    assert result.exit_code == 2 and "输出文件与输入文件相同" in result.output


def test_template_command_with_branches(tmp_path):
    out = tmp_path / "模板.xlsx"
    result = run("template", "-o", out, "--branches", "运一,电气")
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames == [form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, "运一", "电气"]


def test_template_rejects_bad_branch_names(tmp_path):
    result = run("template", "-o", tmp_path / "t.xlsx", "--branches", "运一,运一")
    assert result.exit_code == 2 and "重复" in result.output


def test_check_does_not_load_pandas_or_matplotlib(make_book):
    path = make_book({"运一": valid_values()})
    code = (
        "import sys; from xladdin.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'xlwings') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name


def test_run_writes_marked_copy_and_summary(tmp_path):
    from conftest import SAMPLE

    result = run("run", SAMPLE, "-o", tmp_path / "out", "--date", "2010-09-12")
    assert result.exit_code == 1, result.output  # the sample has gaps on purpose
    assert (tmp_path / "out" / "sample_标记.xlsx").exists()
    assert (tmp_path / "out" / "sample_回头看汇总.xlsx").exists()
    assert "已生成汇总工作簿" in result.output


def test_run_marked_copy_has_issue_list_and_summary_sheets(tmp_path):
    from conftest import SAMPLE
    from openpyxl import load_workbook

    run("run", SAMPLE, "-o", tmp_path, "--date", "2010-09-12")
    wb = load_workbook(tmp_path / "sample_标记.xlsx")
    assert wb.sheetnames[:2] == [form.SUMMARY_SHEET, form.ISSUES_SHEET]
    assert wb[form.SUMMARY_SHEET]._images, "the summary sheet carries its charts"
    # Running again on the marked copy replaces both sheets instead of adding more.
    run("run", tmp_path / "sample_标记.xlsx", "-o", tmp_path / "again", "--date", "2010-09-12")
    again = load_workbook(tmp_path / "again" / "sample_标记_标记.xlsx")
    assert again.sheetnames.count(form.SUMMARY_SHEET) == 1 and again.sheetnames.count(form.ISSUES_SHEET) == 1


def test_output_must_be_a_workbook_name(tmp_path):
    from conftest import SAMPLE

    result = run("summary", SAMPLE, "-o", tmp_path / "汇总.pdf")
    assert result.exit_code == 2 and ".xlsx" in result.output
    assert not (tmp_path / "汇总.pdf").exists()


def test_a_report_date_before_the_fill_dates_gets_a_hint(tmp_path):
    from conftest import SAMPLE

    result = CliRunner().invoke(main, ["summary", str(SAMPLE), "-o", str(tmp_path / "汇总.xlsx"), "--date", "2010年8月1日"])
    assert result.exit_code == 0, result.output
    assert "提示：报告日期2010年8月1日早于支部的填表日期" in result.stderr
    fine = CliRunner().invoke(main, ["summary", str(SAMPLE), "-o", str(tmp_path / "b.xlsx"), "--date", "2010.9.12"])
    assert fine.exit_code == 0 and "提示：报告日期" not in fine.stderr
