"""The Excel button picks up the 整改台账 saved beside the workbook (xlwings' remote engine, no Excel)."""

from __future__ import annotations

import json

import xlwings
from click.testing import CliRunner
from ledger_rounds import DATES, ROUND_FILES, write_round
from openpyxl import load_workbook
from xlwings_harness import ensure_remote_engine, xlsx_to_payload

from xladdin.cli import main
from xladdin.excel import jobs as xw_jobs
from xladdin.spec import form
from xladdin.spec import ledger as spec

HEADING = "六、整改进展（据整改台账）"


def book_at(path):
    """The remote book of a workbook saved at path: its full name is the real location, as in Excel."""
    ensure_remote_engine()
    payload = xlsx_to_payload(path)
    payload["book"]["name"] = str(path)
    return xlwings.Book(json=payload)


def test_the_button_reads_the_ledger_beside_the_workbook_and_leaves_it_alone(tmp_path):
    for n in (1, 2):
        write_round(tmp_path, n)
        result = CliRunner().invoke(main, ["ledger", str(tmp_path / ROUND_FILES[n]), "-o", str(tmp_path / spec.LEDGER_FILE),
                                           "--date", str(DATES[n])])
        assert result.exit_code == 0, result.output
    ledger = tmp_path / spec.LEDGER_FILE
    before = ledger.read_bytes()
    book = book_at(tmp_path / ROUND_FILES[2])
    alert = xw_jobs.main_job(book, lambda _text: None)
    actions = json.dumps(book.json()["actions"], ensure_ascii=False)
    assert HEADING in actions  # the 汇总 sheet written into the open book
    (exported,) = tmp_path.glob(f"*{xw_jobs.EXPORT_SUFFIX}*.xlsx")
    assert str(exported) in alert
    rows = [v for r in load_workbook(exported)[form.SUMMARY_SHEET].iter_rows(values_only=True) for v in r]
    assert HEADING in rows
    assert ledger.read_bytes() == before


def test_without_a_ledger_the_button_writes_no_progress(tmp_path):
    write_round(tmp_path, 1)
    book = book_at(tmp_path / ROUND_FILES[1])
    xw_jobs.main_job(book, lambda _text: None)
    assert "整改进展" not in json.dumps(book.json()["actions"], ensure_ascii=False)
