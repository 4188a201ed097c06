"""A branch writes "已整改" under its 补课措施 (as the README allows) and leaves 完成情况 at 部分完成, its old
deadline now before the fill date. The check, the summary, the report and the ledger tell one story: the
branch reports the make-up done (待销号 in the ledger, 已报告完成补课 in the report), and the one finding,
a 提示 on the 完成情况 cell, says what to change. No "完成时限早于填表日期", no 不合格. Real files, the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import remediating_values, valid_values
from docx_read import all_text, open_docx
from ledger_rounds import header_columns, row_of
from openpyxl import load_workbook
from test_clerk_outward import remedy_rows
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.spec import form, rules_text
from xladdin.spec import ledger as spec

SAYS = "已整改，每月向厂内刊物和网站报送活动动态两篇。"
ROUND2 = {"除灰": {"c3_remedy": SAYS, "fill_date": date(2010, 10, 8)}}


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("says_done")
    run("ledger", round_book(folder / "第1轮.xlsx", {}), "-o", folder / spec.LEDGER_FILE, "--date", "2010-09-12")
    book = round_book(folder / "第2轮.xlsx", ROUND2)
    run("ledger", book, "-o", folder / spec.LEDGER_FILE, "--date", "2010-10-08")
    led = ("--ledger", folder / spec.LEDGER_FILE)
    run("report", book, "-o", folder / "情况报告.docx", "--date", "2010-10-08", *led)
    run("report", book, "-o", folder / "情况报告_无台账.docx", "--date", "2010-10-08")
    run("summary", book, "-o", folder / "汇总.xlsx", "--date", "2010-10-08", *led)
    run("summary", book, "-o", folder / "汇总_无台账.xlsx", "--date", "2010-10-08")
    return folder


def test_the_check_asks_for_the_status_not_a_later_deadline(out):
    result = json.loads(run("check", out / "第2轮.xlsx", "--json").stdout)
    mine = [(f["code"], f["cell"], f["severity"]) for f in result["findings"] if f["sheet"] == "除灰" and f["criterion"] == 3]
    assert mine == [("remedy-says-done", "B22", "warning")]
    verdicts = next(b for b in result["branches"] if b["sheet"] == "除灰")["criteria"]
    assert verdicts[2]["verdict"] == "remediating"
    # Still open in the words too ("已完成第一批，第二批尚未"): no hint, and the deadline rule applies.
    half = round_book(out / "半.xlsx", {"除灰": {"c3_remedy": "已完成第一批，第二批尚未报送。", "fill_date": date(2010, 10, 8)}})
    codes = [f["code"] for f in json.loads(run("check", half, "--json").stdout)["findings"]
             if f["sheet"] == "除灰" and f["criterion"] == 3]
    assert codes == ["deadline-before-fill"]


def test_the_ledger_the_summary_and_the_report_agree(out):
    ws = load_workbook(out / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    assert ws.cell(row_of(ws, "除灰-3-1"), header_columns(ws)[spec.STATUS]).value == spec.PENDING
    assert {tuple(r[:2]): r[-1] for r in remedy_rows(out / "汇总.xlsx")}[("除灰党支部", "第三项")] == spec.PENDING
    assert {tuple(r[:2]): r[-1] for r in remedy_rows(out / "汇总_无台账.xlsx")}[("除灰党支部", "第三项")] == "已完成"
    for name in ("情况报告.docx", "情况报告_无台账.docx"):
        body = all_text(open_docx(out / name))
        line = next(x for x in body.splitlines() if x.startswith("3.看学习宣传"))
        assert "除灰党支部（其中除灰党支部已报告完成补课）" in line and "除灰" not in line.split("不合格的是")[1]
        steps = body[body.index("四、下一步工作"):body.index("表1\u3000")]
        assert "每月向厂内刊物" not in steps  # not a make-up still to finish, nor one to chase
    assert "待办公室核实后销号1项（除灰党支部第三项）" in all_text(open_docx(out / "情况报告.docx"))


def test_following_the_instructions_for_a_finished_make_up_leaves_nothing_to_fix(make_book):
    """What the 填写说明's 补课完成 row tells a branch (已完成, 开展时间 and the rest filled in, 存在不足 and
    补课措施 kept, the old 完成时限 left) is a clean answer: no finding on that criterion, and ✓ 合格."""
    row = next(req for rule, req, _ in rules_text.rules_rows() if rule == "补课完成")
    assert form.STATUS_DONE in row and all(form.cfield(1, p).label in row for p in form.DONE_REQUIRES)
    values = valid_values("运一")
    remediating_values(values, 3)  # round one: 部分完成, deadline 2010-09-30
    values.update({"fill_date": date(2010, 10, 8), "c3_status": form.STATUS_DONE, "c3_date": date(2010, 9, 25),
                   "c3_actions": "9月每周组织半小时综合学习，共四次，党员28人参加。", "c3_evidence": "学习记录、签到表"})
    result = json.loads(run("check", make_book({"运一": values}), "--json").stdout)
    assert [f["code"] for f in result["findings"] if f["criterion"] == 3] == []
    assert result["branches"][0]["criteria"][2]["verdict"] == "complete"


def test_words_in_the_registering_round_tell_one_story_too(tmp_path):
    """Review finding 4: "已整改" under 部分完成 in the round an item is first registered. The summary said
    已完成 and the check gave a hint, while the ledger registered the item 已逾期. Now the ledger takes the
    same words the same way (待销号, quoted for the office to verify), as the summary and report do."""
    said = "讨论已整改完毕，已整改。"
    book = round_book(tmp_path / "第1轮.xlsx",
                      {"运一": {"c4_status": "部分完成", "c4_remedy": said, "c4_deadline": date(2010, 8, 1)}})
    result = json.loads(run("check", book, "--json").stdout)
    mine = {f["code"]: f["severity"] for f in result["findings"] if f["sheet"] == "运一" and f["criterion"] == 4}
    assert mine["remedy-says-done"] == "warning" and "deadline-before-fill" not in mine
    run("ledger", book, "-o", tmp_path / spec.LEDGER_FILE, "--date", "2010-09-10")
    ws = load_workbook(tmp_path / spec.LEDGER_FILE)[spec.LEDGER_SHEET]
    cols, row = header_columns(ws), row_of(ws, "运一-4-1")
    assert ws.cell(row, cols[spec.STATUS]).value == spec.PENDING
    assert ws.cell(row, cols[spec.PROGRESS]).value == f"{spec.NEW}；{spec.DONE_BY_WORDS}（补课措施写明：“{said}”）"
    led = ("--ledger", tmp_path / spec.LEDGER_FILE)
    run("summary", book, "-o", tmp_path / "汇总.xlsx", "--date", "2010-09-10", *led)
    run("summary", book, "-o", tmp_path / "汇总_无台账.xlsx", "--date", "2010-09-10")
    assert {tuple(r[:2]): r[-1] for r in remedy_rows(tmp_path / "汇总.xlsx")}[("运一党支部", "第四项")] == spec.PENDING
    assert {tuple(r[:2]): r[-1] for r in remedy_rows(tmp_path / "汇总_无台账.xlsx")}[("运一党支部", "第四项")] == "已完成"
    run("report", book, "-o", tmp_path / "情况报告.docx", "--date", "2010-09-10", *led)
    body = all_text(open_docx(tmp_path / "情况报告.docx"))
    assert "待办公室核实后销号1项（运一党支部第四项）" in body
    assert "补课中的是运一党支部（其中运一党支部已报告完成补课）" in body
    assert "运一" not in body.split("（二）督促逾期事项")[1].split("整改台账共登记")[0]  # not chased as overdue
