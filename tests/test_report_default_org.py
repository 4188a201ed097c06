"""The office never set its own 落款 (设置!B8 still holds the default): summary, report and run say so in one
Chinese line, with where to set it; once the office has set it, nothing is said and its name signs the report."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from conftest import SAMPLE
from docx_read import all_text, open_docx
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.spec import form
from xladdin.spec.messages import NOTE_DEFAULT_ORG

NOTE = NOTE_DEFAULT_ORG.format(org=form.DEFAULT_ORG, sheet="设置", label="报送单位落款", cell="B8")
OWN = "中共淮南田家庵发电厂委员会"


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result


def test_the_default_sign_off_is_said_once_with_where_to_set_it(tmp_path):
    report = run("report", SAMPLE, "-o", tmp_path / "情况报告.docx", "--date", "2010-09-12")
    summary = run("summary", SAMPLE, "-o", tmp_path / "汇总.xlsx", "--date", "2010-09-12")
    whole = run("run", SAMPLE, "-o", tmp_path / "输出", "--date", "2010-09-12")
    for result in (report, summary, whole):
        assert result.stderr.splitlines().count(NOTE) == 1, result.stderr
    assert form.DEFAULT_ORG in all_text(open_docx(tmp_path / "情况报告.docx"))


def test_no_note_once_the_office_sets_its_own(tmp_path):
    book = tmp_path / "填报表.xlsx"
    shutil.copy(SAMPLE, book)
    wb = load_workbook(book)
    wb[form.SETTINGS_SHEET]["B8"] = OWN
    wb.save(book)
    report = run("report", book, "-o", tmp_path / "情况报告.docx", "--date", "2010-09-12")
    assert NOTE not in report.output and "落款" not in report.stderr
    body = all_text(open_docx(tmp_path / "情况报告.docx"))
    assert OWN in body and form.DEFAULT_ORG not in body.split("抄送")[0].split("附件")[-1]
