"""The ledger in the outputs: the summary's 整改进展, the Word report, `run` beside a ledger, feedback files."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import valid_values
from docx_read import all_text, open_docx
from ledger_rounds import DATES, ROUND_FILES, write_round
from openpyxl import load_workbook

from reports.progress import PROGRESS_COLUMNS
from reports.tables import NO_DEADLINE
from xladdin.cli import main
from xladdin.jobs import check_file
from xladdin.ledger.branch_sheet import SHEET as ITEMS_SHEET
from xladdin.spec import form
from xladdin.spec import ledger as spec

ID = re.compile(r"[运电化除汽][一气学灰二机]-[1-5]-\d")


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Rounds 1 and 2 played, the ledger beside them updated through round 2."""
    folder = tmp_path_factory.mktemp("第2轮")
    for n in (1, 2):
        write_round(folder, n)
        result = run("ledger", folder / ROUND_FILES[n], "-o", folder / spec.LEDGER_FILE, "--date", DATES[n])
        assert result.exit_code == 0, result.output
    return folder


def cells(path, sheet=form.SUMMARY_SHEET) -> list[list[object]]:
    return [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def texts(rows) -> list[str]:
    # Long text is broken into lines where the cell wraps (reports.xlsx): read it as one line.
    return [v.replace("\n", "") for r in rows for v in r if isinstance(v, str)]


def table_after(rows, heading: str) -> list[list[object]]:
    """The rows of the table under a heading, header first, up to the next blank row or line of text."""
    start = next(i for i, r in enumerate(rows) if r[0] == heading) + 1
    out = []
    for r in rows[start:]:
        shown = [v for v in r if v is not None]
        if len(shown) < 2:
            break
        out.append(shown)
    return out


def test_summary_with_the_ledger_adds_its_progress_and_words_that_agree(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = run("summary", folder / ROUND_FILES[2], "-o", out, "--date", DATES[2], "--ledger", folder / spec.LEDGER_FILE)
    assert result.exit_code == 0, result.output
    rows = cells(out)
    table = table_after(rows, "六、整改进展（据整改台账）")
    assert table[0] == PROGRESS_COLUMNS
    assert [r[:7] for r in table[1:]] == [
        ["运一党支部", 1, 0, 0, 0, 1, 0], ["电气党支部", 2, 1, 1, 0, 0, 0], ["化学党支部", 2, 2, 0, 0, 0, 0],
        ["除灰党支部", 1, 0, 0, 0, 1, 0], ["运二党支部", 1, 1, 0, 0, 0, 0], ["汽机党支部", 2, 1, 1, 0, 0, 0],
        ["合计", 9, 5, 2, 0, 2, 0],
    ]
    overdue = table_after(rows, "逾期事项：")
    assert [r[:2] for r in overdue[1:]] == [["电气党支部", "第三项"], ["汽机党支部", "第三项"]]
    assert [r[3] for r in overdue[1:]] == ["杨洪鑫", "何文斌"]
    sentence = next(t for t in texts(rows) if "整改台账共登记" in t)
    assert "补课事项9项" in sentence and "已销号0项（销号率0%）" in sentence and "待办公室销号2项" in sentence
    assert "尚未完成7项" in sentence and "已逾期2项：电气党支部第三项（责任人杨洪鑫，时限2010年9月20日）" in sentence
    # What goes up the line has no 问题清单: after the 整改进展 come the highlights.
    assert [r[0] for r in rows if isinstance(r[0], str) and r[0][:2] in ("七、", "八、")] == ["七、工作亮点和先进典型"]
    # Outward: items are named by branch and criterion, never by the ledger's numbers.
    assert not [t for t in texts(rows) if ID.search(t)]


def test_the_remedy_list_shows_what_the_ledger_knows(folder, tmp_path):
    plain, with_ledger = tmp_path / "无台账.xlsx", tmp_path / "有台账.xlsx"
    assert run("summary", folder / ROUND_FILES[2], "-o", plain, "--date", DATES[2]).exit_code == 0
    assert run("summary", folder / ROUND_FILES[2], "-o", with_ledger, "--date", DATES[2],
               "--ledger", folder / spec.LEDGER_FILE).exit_code == 0
    listed = lambda path: [tuple(r[:2]) for r in table_after(cells(path), "五、补课清单（缺什么补什么）")[1:]]  # noqa: E731
    assert ("运一党支部", "第四项") in listed(plain) and ("除灰党支部", "第三项") in listed(plain)
    # The branch found these shortcomings this round: still listed, with the ledger's status.
    assert listed(plain) == listed(with_ledger)
    status = lambda path: {tuple(r[:2]): r[-1] for r in table_after(cells(path), "五、补课清单（缺什么补什么）")[1:]}  # noqa: E731
    assert status(plain)[("运一党支部", "第四项")] == "已完成"  # filled 已完成 after its deadline
    assert status(with_ledger)[("运一党支部", "第四项")] == status(with_ledger)[("除灰党支部", "第三项")] == "待销号"
    # Without a ledger the highlights follow the 补课清单 directly.
    assert [r[0] for r in cells(plain) if r[0] == "六、工作亮点和先进典型"] == ["六、工作亮点和先进典型"]


def test_the_word_report_lists_the_items_not_signed_off(folder, tmp_path):
    out = tmp_path / "报告.docx"
    result = run("report", folder / ROUND_FILES[2], "-o", out, "--date", DATES[2], "--ledger", folder / spec.LEDGER_FILE)
    assert result.exit_code == 0, result.output
    text = all_text(open_docx(out))
    assert "整改台账事项" in text and "整改台账共登记补课事项9项" in text
    # Reported done: said once, as done, not listed as work still to do.
    assert "待办公室核实后销号2项（运一党支部第四项、除灰党支部第三项）" in text
    assert "尚未完成7项，其中6项已列入上述事项，另1项为：化学党支部第五项" in text
    assert not ID.search(text)


def test_run_picks_up_the_ledger_beside_the_workbook_and_leaves_it_alone(folder, tmp_path):
    ledger = folder / spec.LEDGER_FILE
    before = ledger.read_bytes()
    result = run("run", folder / ROUND_FILES[2], "-o", tmp_path, "--date", DATES[2])
    assert result.exit_code == 1, result.output  # the round still has errors
    assert f"整改进展取自：{ledger}" in result.output
    (summary,) = tmp_path.glob("*_回头看汇总.xlsx")
    assert "六、整改进展（据整改台账）" in texts(cells(summary))
    (marked,) = tmp_path.glob("*_标记.xlsx")
    assert "六、整改进展（据整改台账）" in texts(cells(marked))  # the 汇总 sheet in the marked copy too
    (report,) = tmp_path.glob("*.docx")
    assert "整改台账事项" in all_text(open_docx(report))
    assert ledger.read_bytes() == before


def test_run_without_a_ledger_beside_the_workbook(tmp_path):
    write_round(tmp_path, 1)
    out = tmp_path / "输出"
    result = run("run", tmp_path / ROUND_FILES[1], "-o", out, "--date", DATES[1])
    assert "整改进展" not in result.output
    (summary,) = out.glob("*_回头看汇总.xlsx")
    assert not [t for t in texts(cells(summary)) if "整改进展" in t or "整改台账" in t]


def test_feedback_files_list_each_branchs_open_items_with_their_ids(folder, tmp_path):
    result = run("feedback", folder / ROUND_FILES[2], "-o", tmp_path, "--all", "--ledger", folder / spec.LEDGER_FILE)
    assert result.exit_code == 0, result.output
    assert "只改写标记涉及的部分" in result.output  # the 整改事项 sheet does not force a whole rewrite
    wb = load_workbook(tmp_path / "电气_退回修改意见.xlsx")
    assert wb.sheetnames[:2] == [form.FEEDBACK_SHEET, ITEMS_SHEET] and wb.active.title == form.FEEDBACK_SHEET
    rows = [r for r in wb[ITEMS_SHEET].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [r[0] for r in rows] == ["电气-3-1", "电气-4-1"]
    assert [r[4] for r in rows] == ["杨洪鑫", "陶煜"]
    yunyi = load_workbook(tmp_path / "运一_退回修改意见.xlsx")[ITEMS_SHEET]
    assert [r[0] for r in yunyi.iter_rows(min_row=4, values_only=True) if r[0]] == ["运一-4-1"]  # 待销号 until signed off
    # The extra sheet changes nothing for check: the returned file reports exactly the branch's findings.
    _, master = check_file(folder / ROUND_FILES[2])
    _, back = check_file(tmp_path / "电气_退回修改意见.xlsx")
    assert back.flatten(["sheet", "cell", "code"]) == [[f.sheet, f.cell, f.code] for f in master.findings
                                                      if f.sheet == "电气"]


def test_feedback_without_a_ledger_has_no_items_sheet(folder, tmp_path):
    assert run("feedback", folder / ROUND_FILES[2], "-o", tmp_path).exit_code == 0
    assert ITEMS_SHEET not in load_workbook(tmp_path / "电气_退回修改意见.xlsx").sheetnames


def test_progress_counts_only_this_workbooks_branches(folder, make_book, tmp_path):
    """A single branch's file summarised with the whole ledger: only that branch's items are counted."""
    from conftest import remediating_values, valid_values

    values = valid_values()
    values["fill_date"] = date(2010, 9, 24)
    remediating_values(values, 3)
    out = tmp_path / "汇总.xlsx"
    result = run("summary", make_book({"电气": values}), "-o", out, "--date", DATES[2],
                 "--ledger", folder / spec.LEDGER_FILE)
    assert result.exit_code == 0, result.output
    table = table_after(cells(out), "六、整改进展（据整改台账）")
    assert [r[0] for r in table[1:]] == ["电气党支部", "合计"]


@pytest.mark.usefixtures("soffice_required")
def test_the_progress_section_renders_without_missing_glyphs(folder, tmp_path):
    from lo import pdf_text, to_pdf
    from pdf_glyphs import missing_glyphs

    out = tmp_path / "汇总.xlsx"
    assert run("summary", folder / ROUND_FILES[2], "-o", out, "--date", DATES[2],
               "--ledger", folder / spec.LEDGER_FILE).exit_code == 0
    pdf = to_pdf(out, tmp_path / "pdf")
    text = pdf_text(pdf)
    assert "六、整改进展（据整改台账）" in text and "销号率" in text and "逾期事项" in text
    assert missing_glyphs(pdf) == []


def test_feedback_judges_the_items_deadlines_on_the_date_given(folder, tmp_path):
    def statuses(day: str) -> list[str]:
        out = tmp_path / day
        result = run("feedback", folder / ROUND_FILES[2], "-o", out, "--all", "--ledger", folder / spec.LEDGER_FILE,
                     "--date", day)
        assert result.exit_code == 0, result.output
        ws = load_workbook(out / "电气_退回修改意见.xlsx")[ITEMS_SHEET]
        return [r[6] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]

    assert spec.OVERDUE not in statuses("2010-09-01")  # before every deadline
    assert set(statuses("2030-01-01")) == {spec.OVERDUE}


def test_feedback_without_a_date_judges_the_items_on_the_ledgers_own_date(folder, tmp_path):
    """The clerk's case: feedback --ledger with no --date called an item 已逾期 that the ledger it read calls 未到期."""
    def sent(out, *extra):
        result = run("feedback", folder / ROUND_FILES[2], "-o", out, "--all", "--ledger", folder / spec.LEDGER_FILE,
                     *extra)
        assert result.exit_code == 0, result.output
        ws = load_workbook(out / "电气_退回修改意见.xlsx")[ITEMS_SHEET]
        return [r[6] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]], result.output.splitlines()[-1]

    statuses, said = sent(tmp_path / "默认")
    assert said == "整改事项状态按2010年9月25日判断（整改台账的截至日期；要按其他日期判断，请加 --date）。"
    assert statuses == sent(tmp_path / "同日", "--date", DATES[2])[0]
    assert spec.NOT_DUE in statuses  # not judged on today (2026 and later: every open item would be 已逾期)
    later, said = sent(tmp_path / "指定", "--date", "2030-01-01")
    assert said == "整改事项状态按2030年1月1日判断。" and set(later) == {spec.OVERDUE}


def test_run_on_a_round_puts_the_ledger_in_its_output_folder_into_the_feedback_files(tmp_path):
    """run 收件/ -o 输出/ reads 输出/整改台账.xlsx for the summary; the 退回修改 files list the same items."""
    for n in (1, 2):
        write_round(tmp_path, n)
    out = tmp_path / "输出"
    out.mkdir()
    assert run("ledger", tmp_path / ROUND_FILES[1], "-o", out / spec.LEDGER_FILE, "--date", DATES[1]).exit_code == 0
    assert run("split", tmp_path / ROUND_FILES[2], "-o", tmp_path / "收件").exit_code == 0
    result = run("run", tmp_path / "收件", "-o", out, "--date", DATES[2])
    assert result.exit_code == 1, result.output  # the round still has errors
    files = sorted((out / "退回修改").glob("*.xlsx"))
    assert files
    for path in files:
        assert load_workbook(path).sheetnames[:2] == [form.FEEDBACK_SHEET, ITEMS_SHEET], path.name


def test_an_item_without_a_deadline_is_called_the_same_everywhere(tmp_path, make_book):
    """未定时限 in the ledger, its summary counts, the summary's 补课清单, the report's words and the branch's sheet."""
    values = valid_values("电气")
    values.update({"c4_status": form.STATUS_NOT_STARTED, "c4_date": None, "c4_actions": None, "c4_evidence": None,
                   "c4_shortcomings": "专题讨论未组织。", "c4_remedy": "组织全体党员专题讨论。", "c4_owner": "余保良"})
    book = make_book({"电气": values})
    ledger = tmp_path / spec.LEDGER_FILE
    result = run("ledger", book, "-o", ledger, "--date", "2010-09-12", "--json")
    assert result.exit_code == 0, result.output
    assert NO_DEADLINE == spec.NO_DEADLINE
    data = json.loads(result.output)
    assert [(i["id"], i["status"]) for i in data["items"]] == [("电气-4-1", spec.NO_DEADLINE)]
    assert data["summary"][spec.NO_DEADLINE] == 1
    ws = load_workbook(ledger)[spec.LEDGER_SHEET]
    assert ws.cell(4, 8).value == spec.NO_DEADLINE  # the 状态 column of the only item

    summary = tmp_path / "汇总.xlsx"
    assert run("summary", book, "-o", summary, "--date", "2010-09-12", "--ledger", ledger).exit_code == 0
    rows = cells(summary)
    progress = table_after(rows, "六、整改进展（据整改台账）")
    total = dict(zip(progress[0], progress[-1], strict=False))
    assert (total["支部"], total[spec.NO_DEADLINE], total[spec.NOT_DUE]) == ("合计", 1, 0)
    remedies = table_after(rows, "五、补课清单（缺什么补什么）")
    assert remedies[1][-1] == spec.NO_DEADLINE
    assert any("尚未完成1项" in t for t in texts(rows))  # the undated item is counted among the unfinished

    report = tmp_path / "情况报告.docx"
    assert run("report", book, "-o", report, "--date", "2010-09-12", "--ledger", ledger).exit_code == 0
    words = all_text(open_docx(report))
    assert "电气党支部第四项补课未明确完成时限" in words and "整改台账共登记补课事项1项：尚未完成1项" in words

    out = tmp_path / "退回"
    assert run("feedback", book, "-o", out, "--all", "--ledger", ledger, "--by", "2010-09-20").exit_code == 0
    (returned,) = out.glob("电气*.xlsx")
    items = load_workbook(returned)[ITEMS_SHEET]
    assert [c.value for c in items[4]][:1] == ["电气-4-1"] and items.cell(4, 7).value == spec.NO_DEADLINE
