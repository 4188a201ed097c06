"""The Excel entry points, run without Excel on xlwings' remote engine.

Each test builds the remote-engine payload from an .xlsx, calls the entry
point with ``xlwings.Book(json=payload)``, replays the returned actions onto a
copy with openpyxl and compares it with the file path (check_file and the
openpyxl marked copy of ``huitoukan check --mark``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, valid_values
from openpyxl.comments import Comment
from xlwings_harness import apply_actions, load_book

from xladdin.cli.commands import main as cli
from xladdin.excel import entry as excel
from xladdin.excel import jobs as xw_jobs
from xladdin.excel.marks import as_text
from xladdin.excel.read import read_book
from xladdin.jobs import check_file
from xladdin.marks.plan import NOTE_SEPARATOR
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADER_ROW

KEYS = ["sheet", "cell", "code"]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """The remote book has no folder, so the export goes to ~/Documents: keep it in tmp_path."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


def run(entry, source: Path, target: Path) -> list[dict]:
    """Call an entry point on the remote engine and replay its actions onto target."""
    book = load_book(source)
    entry(book)
    return apply_actions(book.json()["actions"], source, target)


def only_alert_of(entry, source: Path) -> str:
    """Run entry on the remote engine; it must end in one alert and change nothing else."""
    book = load_book(source)
    entry(book)  # no exception
    actions = book.json()["actions"]
    alerts = [a for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    assert not [a for a in actions if a["func"] not in ("alert", "setScreenUpdating")]
    return alerts[0]["args"][0]


def fill(cell) -> str:
    rgb = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
    return rgb[-6:].upper() if isinstance(rgb, str) else ""


def branch_cells(path: Path) -> dict[str, dict[str, str]]:
    data, _ = check_file(path)
    return {s.sheet: s.cells for s in data.sheets}


def values(path: Path, sheets) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(n, c.coordinate): c.value for n in sheets for row in wb[n].iter_rows() for c in row if c.value is not None}


@pytest.fixture(scope="module")
def marked_by_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("file") / "marked.xlsx"
    result = CliRunner().invoke(cli, ["check", str(SAMPLE), "--mark", str(out)])
    assert result.exit_code == 1, result.output  # the sample has errors on purpose
    return out


def test_findings_match_the_file_path():
    data, _ = read_book(load_book(SAMPLE))
    _, file_report = check_file(SAMPLE)
    from xladdin.core.checks import check_workbook

    assert check_workbook(data).flatten(KEYS) == file_report.flatten(KEYS)
    assert file_report.findings  # the comparison means something


def test_validate_marks_like_the_file_writer(tmp_path, marked_by_file):
    out = tmp_path / "remote.xlsx"
    alerts = run(excel.validate, SAMPLE, out)
    _, report = check_file(SAMPLE)
    assert [a["title"] for a in alerts] == ["回头看"]
    remote, local = openpyxl.load_workbook(out), openpyxl.load_workbook(marked_by_file)
    for sheet, cells in branch_cells(SAMPLE).items():
        for cell in cells.values():
            r, f = remote[sheet][cell], local[sheet][cell]
            assert fill(r) == fill(f), (sheet, cell)
            assert (r.comment is None) == (f.comment is None), (sheet, cell)
            if r.comment:
                assert r.comment.text == f.comment.text
        for c in form.CRITERIA:
            verdict = form.verdict_cell(c.id)
            assert remote[sheet][verdict].value == local[sheet][verdict].value
            assert fill(remote[sheet][verdict]) == fill(local[sheet][verdict])
    for f in report.findings:
        if f.cell and f.sheet in branch_cells(SAMPLE):
            assert f.message.split("：", 1)[1] in remote[f.sheet][f.cell].comment.text
    issues = remote[form.ISSUES_SHEET]
    rows = [[r[1], r[2] or None, r[6]] for r in issues.iter_rows(min_row=ISSUE_HEADER_ROW + 1, values_only=True)]
    assert rows == [[s, c, code] for s, c, code in report.flatten(KEYS)]
    assert remote.sheetnames[0] == form.ISSUES_SHEET


def test_typed_values_unchanged(tmp_path):
    out = tmp_path / "remote.xlsx"
    run(excel.main, SAMPLE, out)
    sheets = openpyxl.load_workbook(SAMPLE).sheetnames
    verdicts = {(s, form.verdict_cell(c.id)) for s in branch_cells(SAMPLE) for c in form.CRITERIA}
    after = {k: v for k, v in values(out, sheets).items() if k not in verdicts}
    assert after == values(SAMPLE, sheets)


def test_main_adds_summary_pictures_export_and_alert(tmp_path, home):
    out = tmp_path / "remote.xlsx"
    (alert,) = run(excel.main, SAMPLE, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == [form.SUMMARY_SHEET, form.ISSUES_SHEET]
    summary = wb[form.SUMMARY_SHEET]
    assert len(summary._images) == 2
    texts = {c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"运一党支部", "汽机党支部", "✓ 合格"} <= texts
    (exported,) = (home / "Documents").glob(f"sample{xw_jobs.EXPORT_SUFFIX}*.xlsx")
    assert openpyxl.load_workbook(exported).sheetnames == [form.SUMMARY_SHEET]
    _, report = check_file(SAMPLE)
    prompt = alert["prompt"]
    assert f"{len(report.branches)} 个支部、{report.errors} 条错误、{report.warnings} 条提示" in prompt
    assert str(exported) in prompt and alert["title"] == "回头看"


def test_second_run_replaces(tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    run(excel.main, SAMPLE, first)
    run(excel.main, first, second)
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(form.ISSUES_SHEET) == wb.sheetnames.count(form.SUMMARY_SHEET) == 1
    assert wb.sheetnames[:2] == [form.SUMMARY_SHEET, form.ISSUES_SHEET]
    assert len(wb[form.SUMMARY_SHEET]._images) == 2
    notes = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert notes and all(n.count(NOTE_SEPARATOR) == 1 for n in notes)
    _, report = check_file(SAMPLE)
    assert wb[form.ISSUES_SHEET].max_row == ISSUE_HEADER_ROW + len(report.findings)


def test_a_persons_note_is_never_overwritten(make_book, tmp_path):
    values_ = valid_values()
    values_["c1_evidence"] = None
    cell = form.cfield(1, "evidence").cell

    def note(wb):
        wb["运一"][cell].comment = Comment("材料在档案室", "王梅保")

    src = make_book({"运一": values_}, edit=note)
    out = tmp_path / "out.xlsx"
    (alert,) = run(excel.validate, src, out)
    ws = openpyxl.load_workbook(out)["运一"]
    # The remote engine cannot read note text, so the person's note stays as it was.
    assert ws[cell].comment.text == "材料在档案室"
    assert fill(ws[cell]) == "FFC7CE"
    assert "原有批注" in alert["prompt"]


def test_user_error_gives_an_alert(tmp_path):
    src = tmp_path / "空白.xlsx"
    openpyxl.Workbook().save(src)
    assert "没有找到任何支部填报表" in only_alert_of(excel.main, src)


def test_a_bug_is_logged_and_named(monkeypatch, tmp_path):
    monkeypatch.setenv("HUITOUKAN_LOG_DIR", str(tmp_path / "logs"))

    def broken(_data):
        raise RuntimeError("boom")

    monkeypatch.setattr(xw_jobs, "check_workbook", broken)
    (alert,) = run(excel.validate, SAMPLE, tmp_path / "out.xlsx")
    log = tmp_path / "logs" / "huitoukan" / "huitoukan.log"
    assert str(log) in alert["prompt"] and "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_clear_marks_undoes_a_run(tmp_path):
    marked, cleared = tmp_path / "marked.xlsx", tmp_path / "cleared.xlsx"
    run(excel.main, SAMPLE, marked)
    run(excel.clear_marks, marked, cleared)
    wb = openpyxl.load_workbook(cleared)
    assert form.ISSUES_SHEET not in wb.sheetnames and form.SUMMARY_SHEET not in wb.sheetnames
    for sheet, cells in branch_cells(SAMPLE).items():
        assert {fill(wb[sheet][c]) for c in cells.values()} == {form.INPUT_FILL}
        assert all(wb[sheet][form.verdict_cell(c.id)].value is None for c in form.CRITERIA)


def test_branch_text_stays_text(make_book, tmp_path):
    values_ = valid_values()
    values_["highlights"] = '=HYPERLINK("http://x","点我")'
    out = tmp_path / "out.xlsx"
    run(excel.summarize, make_book({"运一": values_}), out)
    ws = openpyxl.load_workbook(out)[form.SUMMARY_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # The replay stores what Excel receives: the quote prefix that keeps it text.
    assert "'" + values_["highlights"] in texts
    assert as_text("#N/A") == "'#N/A" and as_text("+1") == "'+1" and as_text("运一") == "运一" and as_text(3) == 3


@pytest.fixture
def count_reads(monkeypatch):
    """Reads of cell contents through the remote engine, per sheet: each is a round trip in Excel."""
    from xlwings.pro import _xlremote

    counts: dict[str, int] = {}
    for prop in ("raw_value", "formula"):
        original = getattr(_xlremote.Range, prop)

        def getter(rng, _original=original):
            counts[rng.sheet.name] = counts.get(rng.sheet.name, 0) + 1
            return _original.fget(rng)

        monkeypatch.setattr(_xlremote.Range, prop, property(getter, original.fset))

    def reads(path: Path) -> dict[str, int]:
        counts.clear()
        read_book(load_book(path))
        return dict(counts)

    return reads


def test_round_trips_per_sheet_do_not_grow_with_fields(count_reads, tmp_path):
    fewer = tmp_path / "fewer.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    for ws in wb.worksheets:
        for name in [n for n in ws.defined_names if n.startswith(("c2_", "c3_", "c4_"))]:
            del ws.defined_names[name]
    wb.save(fewer)
    full, reduced = count_reads(SAMPLE), count_reads(fewer)
    branches = list(branch_cells(SAMPLE))
    # One block of values and one of formulas per sheet read; the settings sheet too.
    assert {full[s] for s in branches} == {2} and full == reduced
    assert set(full) == {*branches, form.SETTINGS_SHEET}


def test_light_imports_and_lazy_entry_points():
    code = (
        "import sys, xladdin\n"
        "from xladdin.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit: pass\n"
        "print(any(m in sys.modules for m in ('xlwings', 'oletools')))\n"
        "from xladdin.excel import entry as excel\n"
        "print(xladdin.main is excel.main and xladdin.clear_marks is excel.clear_marks)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, check=True)
    assert proc.stdout.split()[-2:] == ["False", "True"]


@pytest.mark.usefixtures("soffice_required")
def test_replayed_workbook_renders(tmp_path):
    from lo import pdf_text, to_pdf

    out = tmp_path / "rendered.xlsx"
    run(excel.main, SAMPLE, out)
    text = pdf_text(to_pdf(out, tmp_path / "pdf"))
    for branch in ("运一党支部", "电气党支部", "汽机党支部"):
        assert branch in text
    assert "情况汇总" in text and "问题及修改方法" in text


def test_offices_own_summary_sheet_is_left_alone(tmp_path):
    src = tmp_path / "自有汇总.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    wb.create_sheet(form.SUMMARY_SHEET)["A1"] = "办公室手工统计"
    wb.save(src)
    assert "不是本工具生成的" in only_alert_of(excel.main, src)
