"""In the summary's 补课清单 a 完成时限 written as text (“9月底”) is centred like the dates (clerk4 finding 7)."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.cli import main


def test_a_text_deadline_sits_centred_like_the_dates(make_book, tmp_path):
    dated, worded, blank = valid_values("运一"), valid_values("电气"), valid_values("运一")
    remediating_values(dated, 4)
    remediating_values(worded, 4)
    worded["c4_deadline"] = "9月底"
    remediating_values(blank, 3)
    blank["c3_deadline"] = None
    book = make_book({"运一": dated, "电气": worded, "化学": {**blank, "branch_name": "化学党支部"}})
    target = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(main, ["summary", str(book), "-o", str(target), "--date", "2010-09-12"])
    assert result.exit_code == 0, result.output
    ws = load_workbook(target).worksheets[0]
    (head,) = [row[0].row for row in ws.iter_rows() if any(c.value == "存在不足" for c in row)]
    column = next(c.column for c in ws[head] if c.value == "完成时限")
    cells = {}
    for r in range(head + 1, ws.max_row + 1):
        branch = ws.cell(r, 1).value
        if not branch or ws.cell(r, column).value is None:
            break
        cells[branch] = ws.cell(r, column)
    assert set(cells) == {"运一党支部", "电气党支部", "化学党支部"}
    assert cells["电气党支部"].value == "9月底" and cells["化学党支部"].value == "未填写"
    assert {branch: c.alignment.horizontal for branch, c in cells.items()} == dict.fromkeys(cells, "center")
