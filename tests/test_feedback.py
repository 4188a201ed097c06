"""退回修改: each branch gets its own sheet, marked, and only its own findings; the file comes back cleanly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import check_file, feedback_files
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADER_ROW, SEVERITY_FILLS

KEYS = ["sheet", "cell", "code"]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    out = tmp_path_factory.mktemp("退回")
    result = run("feedback", SAMPLE, "-o", out, "--date", "2010-09-01", "--by", "2010年9月5日")
    assert result.exit_code == 0, result.output
    return out


def test_one_file_for_each_branch_with_an_error(returned):
    _, report = check_file(SAMPLE)
    with_errors = [b.sheet for b in report.branches if b.errors]
    assert sorted(p.name for p in returned.iterdir()) == sorted(f"{s}_退回修改意见.xlsx" for s in with_errors)
    assert "化学_退回修改意见.xlsx" not in {p.name for p in returned.iterdir()}  # 化学 has nothing to fix


def test_a_file_holds_that_branch_only_marked_with_its_own_findings(returned):
    _, master = check_file(SAMPLE)
    wb = load_workbook(returned / "电气_退回修改意见.xlsx")
    assert wb.sheetnames == [form.FEEDBACK_SHEET, form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, "电气"]
    assert wb.active.title == form.FEEDBACK_SHEET
    sheet = wb[form.FEEDBACK_SHEET]
    assert sheet["A1"].value == "电气党支部回头看填报表修改意见"
    assert "2010年9月5日前报回" in sheet["A2"].value
    rows = [r for r in sheet.iter_rows(min_row=ISSUE_HEADER_ROW + 1, values_only=True) if r[0]]
    own = [f for f in master.findings if f.sheet == "电气"]
    assert [(r[1], r[2], r[5]) for r in rows] == [(f.sheet, f.cell, f.detail) for f in own]
    ws = wb["电气"]
    error = next(f for f in own if f.severity == "error")
    assert ws[error.cell].fill.fgColor.rgb.endswith(SEVERITY_FILLS["error"])
    assert ws[error.cell].comment is not None
    assert ws.page_setup.cellComments == "atEnd"  # the how-to-fix notes print after the sheet
    scope = wb[form.SETTINGS_SHEET][form.SETTINGS_BY_NAME[form.SCOPE_NAME].cell].value
    assert scope == "电气"


def test_check_on_a_returned_file_reports_exactly_that_branchs_findings(returned):
    _, master = check_file(SAMPLE)
    data, report = check_file(returned / "运二_退回修改意见.xlsx")
    assert data.settings.scope == "运二" and [b.sheet for b in report.branches] == ["运二"]
    assert report.flatten(KEYS) == [[f.sheet, f.cell, f.code] for f in master.findings if f.sheet == "运二"]
    # And on the command line, the same, in JSON.
    result = run("check", "--json", returned / "运二_退回修改意见.xlsx")
    assert [[f[k] for k in KEYS] for f in json.loads(result.output)["findings"]] == report.flatten(KEYS)


def test_all_gives_every_branch_a_file_and_existing_files_need_force(tmp_path):
    first = feedback_files(SAMPLE, tmp_path, everyone=True)
    assert len(first) == 6
    result = run("feedback", SAMPLE, "-o", tmp_path, "--all")
    assert result.exit_code == 2 and "已存在" in result.output and "--force" in result.output
    result = run("feedback", SAMPLE, "-o", tmp_path, "--all", "--force")
    assert result.exit_code == 0, result.output
    # The earlier files are kept, in 备份/ where they cannot be mailed out by mistake.
    assert not list(tmp_path.glob("*.bak-*")) and len(list((tmp_path / "备份").glob("*_退回修改意见.bak-*.xlsx"))) == 6


def test_a_branch_that_has_not_reported_gets_a_reminder(make_book, tmp_path):
    from conftest import valid_values

    path = make_book({"运一": valid_values()}, branches=("运一", "运二"))
    (written,) = feedback_files(path, tmp_path)
    assert written.sheet == "运二" and written.errors == 1
    line = load_workbook(written.path)[form.FEEDBACK_SHEET]["A2"].value
    assert "尚未填写（未报送）" in line


def test_nothing_to_return_says_so(make_book, tmp_path):
    from conftest import valid_values

    out = tmp_path / "退回"
    result = run("feedback", make_book({"运一": valid_values()}, branches=("运一",)), "-o", out)
    assert result.exit_code == 0 and "无需退回" in result.output
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("soffice_required")
def test_a_returned_file_renders(returned, tmp_path):
    from lo import pdf_text, to_pdf

    text = pdf_text(to_pdf(returned / "汽机_退回修改意见.xlsx", tmp_path))
    assert "汽机党支部回头看填报表修改意见" in text and "2010年9月5日前报回" in text
    assert "汽机党支部创先争优活动动员部署阶段" in text
    for other in ("运一党支部创先", "电气党支部创先"):
        assert other not in text


@pytest.mark.parametrize("dated", [True, False])
def test_a_deadline_already_passed_is_refused_before_anything_is_written(tmp_path, dated):
    """The README's round: run --date 2010-09-12, then feedback --by 2010-09-05 (a week too early)."""
    from datetime import date, timedelta

    out = tmp_path / "退回"
    if dated:
        result = run("feedback", SAMPLE, "-o", out, "--date", "2010-09-12", "--by", "2010-09-05")
        assert "2010-09-12" in result.output and "2010-09-19" in result.output  # the day, and a deadline that works
    else:  # without --date the files go out today
        yesterday = date.today() - timedelta(days=1)
        result = run("feedback", SAMPLE, "-o", out, "--by", yesterday.isoformat())
        assert date.today().isoformat() in result.output
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "--by" in result.output
    assert not out.exists()
    # The day itself, and later, are fine.
    result = run("feedback", SAMPLE, "-o", out, "--date", "2010-09-12", "--by", "2010-09-12")
    assert result.exit_code == 0, result.output
    assert "2010年9月12日前报回" in load_workbook(out / "电气_退回修改意见.xlsx")[form.FEEDBACK_SHEET]["A2"].value


def test_the_branch_sees_no_internal_code_and_the_office_keeps_its_own(returned, tmp_path):
    """Clerk item 3: 修改意见 showed an English 代码 column (date-invalid …); it stays in the office's 问题清单."""
    from xladdin.spec.labels import ISSUE_HEADER_ROW, ISSUE_HEADERS
    from xladdin.spec.messages import CODES

    _, master = check_file(SAMPLE)
    codes = set(CODES) | {f.code for f in master.findings}
    for path in returned.iterdir():
        wb = load_workbook(path)
        sheet = wb[form.FEEDBACK_SHEET]
        assert [c.value for c in sheet[ISSUE_HEADER_ROW]] == list(ISSUE_HEADERS[:-1])
        assert sheet.max_column == len(ISSUE_HEADERS) - 1 and sheet.auto_filter.ref.startswith("A3:F")
        for ws in wb.worksheets:  # nowhere in the file, hidden or not
            assert not {v for row in ws.iter_rows(values_only=True) for v in row if v in codes}, (path.name, ws.title)
    marked = tmp_path / "标记.xlsx"
    assert run("check", SAMPLE, "--mark", marked).exit_code == 1
    issues = load_workbook(marked)[form.ISSUES_SHEET]
    assert [c.value for c in issues[ISSUE_HEADER_ROW]] == list(ISSUE_HEADERS)
    assert [r[6] for r in issues.iter_rows(min_row=ISSUE_HEADER_ROW + 1, values_only=True) if r[0]] == [
        f.code for f in master.findings]
    # A returned file marked again (the office checks a correction): its 修改意见 is known as ours and replaced.
    again = tmp_path / "电气.xlsx"
    result = run("check", returned / "电气_退回修改意见.xlsx", "--mark", again)
    assert result.exit_code == 1, result.output
    assert form.FEEDBACK_SHEET not in load_workbook(again).sheetnames
