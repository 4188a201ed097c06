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
from test_ledger_office import round_book

from xladdin.cli import main
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
