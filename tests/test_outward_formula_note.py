"""Text typed like a formula goes up the line as typed; the office is told before it does (clerk review 2, B item 5)."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import valid_values

from xladdin.cli import main

FORMULA_TEXT = '=SUM(1,1)+HYPERLINK("http://example.com","点此")'


def test_summary_report_and_run_name_the_formula_like_text_before_it_goes_up(make_book, tmp_path):
    book = make_book({"汽机": valid_values("运一") | {"branch_name": "汽机党支部", "highlights": FORMULA_TEXT}})
    runner = CliRunner()
    for args in (["summary", book, "-o", tmp_path / "汇总.xlsx"], ["report", book, "-o", tmp_path / "报告.docx"],
                 ["run", book, "-o", tmp_path / "输出"]):
        result = runner.invoke(main, [*map(str, args), "--date", "2010-09-12"])
        assert result.exit_code in (0, 1), result.output
        line = next(line for line in result.output.splitlines() if "像是公式" in line)
        assert line.startswith("提示：汽机党支部填写的“工作亮点”以“=”开头（=SUM(1,1)+HYPERLINK(…）")
        assert "报送前请与支部核实" in line


def test_no_note_for_ordinary_text(make_book, tmp_path):
    book = make_book({"汽机": valid_values("运一") | {"branch_name": "汽机党支部"}})
    result = CliRunner().invoke(main, ["summary", str(book), "-o", str(tmp_path / "汇总.xlsx"), "--date", "2010-09-12"])
    assert result.exit_code == 0, result.output
    assert "像是公式" not in result.output



def test_the_note_and_the_finding_quote_the_text_alike():
    # One preview for both: the terminal note once showed control characters raw and cut differently.
    from xladdin.core.normalize import preview

    assert preview("=\x1b[2J清屏") == "=\ufffd[2J清屏"
    assert preview("=" + "很长的内容" * 10) == "=" + ("很长的内容" * 4)[:19] + "…"
