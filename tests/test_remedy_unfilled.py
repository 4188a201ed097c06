"""A criterion left 部分完成 with neither 存在不足 nor 补课措施 is not a 补课 item: the 补课清单, the
情况报告 and the 整改台账 do not list it (no 未填写/未填写…未到期 row); the documents say once, plainly,
that the branch has not filled its 补课 content. Real files through the CLI."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from docx_read import all_text, open_docx
from openpyxl import load_workbook
from test_clerk_outward import remedy_rows
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.spec import form
from xladdin.spec import ledger as spec

EMPTY = {"运二": {"c3_status": "部分完成", "c3_owner": "孙晓燕", "c3_deadline": date(2010, 10, 20)}}
SAID = "运二党支部第三项填报为“部分完成”，但未填写存在不足和补课措施，已退回支部补填。"


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unfilled")
    book = round_book(folder / "填报表.xlsx", EMPTY)
    run("ledger", book, "-o", folder / spec.LEDGER_FILE, "--date", "2010-09-12")
    led = ("--ledger", folder / spec.LEDGER_FILE)
    run("summary", book, "-o", folder / "汇总.xlsx", "--date", "2010-09-12", *led)
    run("report", book, "-o", folder / "情况报告.docx", "--date", "2010-09-12", *led)
    run("report", book, "-o", folder / "情况报告_无台账.docx", "--date", "2010-09-12")
    return folder


def test_the_ledger_registers_no_item_for_it(out):
    ws = load_workbook(out / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    ids = [c.value for c in ws["A"][3:] if c.value]
    assert "运二-3-1" not in ids and len(ids) == 8  # the sample's eight real items


def test_the_summary_does_not_list_it_and_says_so_once(out):
    rows = {tuple(r[:2]): r for r in remedy_rows(out / "汇总.xlsx")}
    assert ("运二党支部", "第三项") not in rows
    ws = load_workbook(out / "汇总.xlsx")[form.SUMMARY_SHEET]
    texts = [c.value.replace("\n", "") for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert sum(t.count(SAID) for t in texts) == 1
    # A real item with one part left blank still reads 未填写, in grey.
    assert rows[("电气党支部", "第四项")][4] == "未填写"
    grey = [c for row in ws.iter_rows() for c in row if c.value == "未填写"]
    assert len(grey) == 1 and grey[0].font.color.rgb.endswith("808080")
    progress = {r[0]: r for r in ([c.value for c in row] for row in ws.iter_rows()) if r[0] == "运二党支部"}
    assert all(r[1] != 1 for r in progress.values())  # no 登记事项 for 运二 in the 整改进展


@pytest.mark.parametrize("name", ["情况报告.docx", "情况报告_无台账.docx"])
def test_the_report_says_it_once_and_never_as_a_ledger_item(out, name):
    body = all_text(open_docx(out / name))
    assert body.count(SAID) == 1
    steps = body[body.index("四、下一步工作"):body.index("表1\u3000")]
    assert [line for line in steps.splitlines() if "运二" in line] == [SAID]  # not a measure, not a ledger item
    if name == "情况报告.docx":
        assert "整改台账共登记补课事项8项" in steps


def test_an_item_with_a_shortcoming_but_no_measure_is_never_promised_as_none(tmp_path):
    """存在不足 written, 补课措施 left blank: an item, but nothing to promise in 四 (not "第三项：None")."""
    measureless = {"运二": {"c3_status": "部分完成", "c3_shortcomings": "学习不够深入。", "c3_owner": "孙晓燕",
                           "c3_deadline": date(2010, 10, 20)}}
    book = round_book(tmp_path / "填报表.xlsx", measureless)
    run("report", book, "-o", tmp_path / "情况报告.docx", "--date", "2010-09-12")
    body = all_text(open_docx(tmp_path / "情况报告.docx"))
    steps = body[body.index("四、下一步工作"):body.index("表1\u3000")]
    assert "None" not in body and "nan" not in body
    assert "运二党支部第三项：" not in steps
