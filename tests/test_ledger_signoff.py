"""The office's 销号 and what the tool says about it (the clerk's findings 3 and 4). Real files, the real CLI.

- A 销号 on an aspect the round's form still fails stands (only a person closes an item), but `ledger`
  warns, and the 情况报告 does not call the aspect 已销号 and 仍为不合格 without a word.
- A 销号 that does not take (销号人 without 销号日期, a date that is no date) gets one screen line each.
- 销号日期 “9月21日” is a date, in the year of the ledger's --date.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from click.testing import CliRunner
from docx_read import all_text, open_docx
from ledger_rounds import header_columns, row_of
from openpyxl import load_workbook
from test_clerk_outward import remedy_rows
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.spec import form
from xladdin.spec import ledger as spec


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result


def office_writes(ledger_path, entries):
    """{id: (销号人, 销号日期)} typed into the ledger, as a clerk does in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(ledger_path)
    ws = wb[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    rows = {}
    for item_id, (who, when) in entries.items():
        rows[item_id] = row_of(ws, item_id)
        ws.cell(rows[item_id], cols[spec.CLOSED_BY]).value = who
        ws.cell(rows[item_id], cols[spec.CLOSED_ON]).value = when
    wb.save(ledger_path)
    return rows


def test_a_sign_off_on_an_aspect_that_still_fails_stands_is_warned_and_explained_upward(tmp_path):
    ledger_path = tmp_path / spec.LEDGER_FILE
    run("ledger", round_book(tmp_path / "第1轮.xlsx", {}), "-o", ledger_path, "--date", "2010-09-12")
    (row,) = office_writes(ledger_path, {"除灰-3-1": ("王主任", datetime(2010, 9, 21))}).values()
    second = round_book(tmp_path / "第2轮.xlsx", {"除灰": {"c3_deadline": "9月底", "fill_date": date(2010, 9, 20)}})

    result = run("ledger", second, "-o", ledger_path, "--date", "2010-09-21", "--json")
    items = {i["id"]: i for i in json.loads(result.stdout)["items"]}
    assert items["除灰-3-1"]["status"] == spec.CLOSED  # the person's 销号 stands
    (warning,) = [line for line in result.stderr.splitlines() if "除灰-3-1" in line]
    assert warning.startswith(f"警告：除灰-3-1（{spec.LEDGER_SHEET}表第{row}行）：已销号，但填报表第三项仍有错误（")
    assert "“9月底”" in warning and "请核实" in warning
    assert not [line for line in result.stderr.splitlines() if "已销号" in line and "除灰-3-1" not in line]

    run("report", second, "-o", tmp_path / "报告.docx", "--date", "2010-09-21", "--ledger", ledger_path)
    text = all_text(open_docx(tmp_path / "报告.docx"))
    (failing,) = [line for line in text.splitlines() if "仍为不合格" in line]  # the form still fails it, said above
    assert "除灰党支部第二项、第三项、第四项" in failing
    closed = "已销号1项（除灰党支部第三项）" + spec.CLOSED_BUT_FAILING.format(items="除灰党支部第三项")
    assert closed in text
    assert "除灰-3-1" not in text and not re.search(r"[A-Z]{1,2}\d{1,3}", text)  # no ids, no cells upward

    run("summary", second, "-o", tmp_path / "汇总.xlsx", "--date", "2010-09-21", "--ledger", ledger_path)
    cells = [v for r in load_workbook(tmp_path / "汇总.xlsx")[form.SUMMARY_SHEET].iter_rows(values_only=True)
             for v in r if isinstance(v, str)]
    listed = next(r for r in remedy_rows(tmp_path / "汇总.xlsx") if r[:2] == ["除灰党支部", "第三项"])
    assert listed[-1] == spec.CLOSED  # the 补课清单 says what the ledger knows; the matrix says ✗ 不合格
    note = spec.CLOSED_BUT_FAILING_NOTE.format(items="除灰党支部第三项")
    heading = cells.index("五、补课清单（缺什么补什么）")
    after = next(i for i, v in enumerate(cells) if i > heading and v.startswith("六、"))
    assert heading < cells.index(note) < after  # under the 补课清单, before the next section
    assert "除灰-3-1" not in note and not re.search(r"[A-Z]{1,2}\d{1,3}", note)


def test_each_sign_off_that_does_not_take_gets_a_screen_line_and_a_month_day_is_a_date(tmp_path):
    ledger_path = tmp_path / spec.LEDGER_FILE
    book = round_book(tmp_path / "第1轮.xlsx", {})
    run("ledger", book, "-o", ledger_path, "--date", "2010-09-12")
    rows = office_writes(ledger_path, {
        "电气-3-1": ("王主任", None),  # no date
        "化学-3-1": (None, "2010-09-21"),  # no person
        "汽机-5-1": ("王主任", "九月下旬"),  # no day
        "汽机-3-1": ("王主任", "9月21日"),  # a month and day: the year is the --date's
    })
    result = run("ledger", book, "-o", ledger_path, "--date", "2010-09-22", "--json")
    items = {i["id"]: i for i in json.loads(result.stdout)["items"]}
    assert (items["汽机-3-1"]["status"], items["汽机-3-1"]["closed_on"]) == (spec.CLOSED, "2010-09-21")
    assert all(items[i]["status"] != spec.CLOSED for i in ("电气-3-1", "化学-3-1", "汽机-5-1"))

    lines = [line for line in result.stderr.splitlines() if "销号未生效" in line]
    where = {i: f"警告：{i}（{spec.LEDGER_SHEET}表第{rows[i]}行）：" for i in rows}
    assert lines == [
        where["电气-3-1"] + spec.SIGN_OFF_NO_DATE.format(who="王主任"),
        where["化学-3-1"] + spec.SIGN_OFF_NO_PERSON,
        where["汽机-5-1"] + spec.SIGN_OFF_BAD_DATE_SCREEN.format(value="九月下旬"),
    ]
    assert "2010-10-20 或 10月20日" in lines[0] and "销号日期" in lines[0]  # what is missing and how to write it
    assert items["汽机-5-1"]["progress"].endswith(spec.SIGN_OFF_BAD_DATE.format(value="九月下旬"))

    # Fixed as the lines say: every 销号 takes, and nothing more is said about them.
    office_writes(ledger_path, {"电气-3-1": ("王主任", "9月22日"), "化学-3-1": ("李明", "2010-09-21"),
                                "汽机-5-1": ("王主任", "9月20日")})
    result = run("ledger", book, "-o", ledger_path, "--date", "2010-09-22", "--json")
    items = {i["id"]: i for i in json.loads(result.stdout)["items"]}
    assert [items[i]["closed_on"] for i in ("电气-3-1", "化学-3-1", "汽机-5-1")] == [
        "2010-09-22", "2010-09-21", "2010-09-20"]
    assert "销号未生效" not in result.stderr


def test_a_month_day_sign_off_just_before_new_year_is_in_the_year_before():
    from xladdin.ledger.items import closed_date

    assert closed_date("12月28日", date(2011, 1, 5)) == date(2010, 12, 28)
    assert closed_date("1月3日", date(2011, 1, 5)) == date(2011, 1, 3)
    assert closed_date("9月21日") is None  # no year to take it from


def test_the_guide_sheet_says_how_a_rerun_counts_and_that_a_month_day_is_a_date(tmp_path):
    ledger_path = tmp_path / spec.LEDGER_FILE
    run("ledger", round_book(tmp_path / "第1轮.xlsx", {}), "-o", ledger_path, "--date", "2010-09-12")
    guide = "\n".join(str(r[0]) for r in load_workbook(ledger_path)[spec.GUIDE_SHEET].iter_rows(values_only=True)
                      if r[0])
    rerun = next(line for line in guide.splitlines() if "同一轮的填报表可以再次更新" in line)
    assert "不增加轮次" in rerun and "--same-round" in rerun and "--new-round" in rerun and "新的一轮" in rerun
    sign_off = next(line for line in guide.splitlines() if "销号日期可以写" in line)
    assert "9月21日" in sign_off and "2010年9月21日" in sign_off
