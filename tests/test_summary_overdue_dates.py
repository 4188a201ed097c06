"""The 逾期事项 under 整改进展 printed "2010年9月30/日": its 完成时限 column was one grid column wide. A date
never breaks now: the column is as wide as the 补课清单's, checked on the cells and on LibreOffice's print."""

from __future__ import annotations

import re

from click.testing import CliRunner
from lo import pdf_text, pdf_to_pngs, to_pdf
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.core.textwidth import display_width
from xladdin.spec import form
from xladdin.spec import ledger as spec

DAY = "2010-11-05"  # every sample item is overdue by then, 2010年10月31日 the widest date


def test_overdue_dates_fit_their_column_and_print_on_one_line(tmp_path, soffice_required):
    book = round_book(tmp_path / "填报表.xlsx", {})
    for args in (("ledger", book, "-o", tmp_path / spec.LEDGER_FILE),
                 ("summary", book, "-o", tmp_path / "汇总.xlsx", "--ledger", tmp_path / spec.LEDGER_FILE)):
        result = CliRunner().invoke(main, [*map(str, args), "--date", DAY])
        assert result.exit_code in (0, 1), result.output
    ws = load_workbook(tmp_path / "汇总.xlsx")[form.SUMMARY_SHEET]
    start = next(c.row for row in ws.iter_rows() for c in row if c.value == "逾期事项：")
    header = next(c for c in ws[start + 1] if c.value == "完成时限")
    merged = next((m for m in ws.merged_cells.ranges if header.coordinate in m), None)
    cols = range(merged.min_col, merged.max_col + 1) if merged else [header.column]
    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in cols)
    assert width - 1.5 >= display_width("2010年10月31日")  # the widest date, at the body size
    dates = [ws.cell(r, header.column).value for r in range(start + 2, ws.max_row + 1)
             if ws.cell(r, 1).value and ws.cell(r, header.column).value]
    assert len(dates) >= 5  # the overdue rows were read
    pdf = to_pdf(tmp_path / "汇总.xlsx", tmp_path / "pdf")
    pdf_to_pngs(pdf, tmp_path / "png")  # looked at by hand while fixing
    text = pdf_text(pdf)
    block = text[text.index("逾期事项"):]
    assert not re.search(r"2010年\d{1,2}月\d{0,2}\s*\n\s*\d*日", block)  # no date torn across lines
    assert re.findall(r"2010年10月31日", block)
