"""The ledger after the office's own hands on it: a LibreOffice re-save, text typed into grey columns,
rows of its own under the table. Real files, a real LibreOffice."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from lo import resave_xlsx, soffice
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.spec import ledger as spec


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def ledger(folder, day: str, *extra):
    result = run("ledger", SAMPLE, "-o", folder / spec.LEDGER_FILE, "--date", day, *extra)
    assert result.exit_code == 0, result.output
    return result


def sheet(folder):
    return load_workbook(folder / spec.LEDGER_FILE, rich_text=True)[spec.LEDGER_SHEET]


def test_a_ledger_resaved_by_libreoffice_gets_its_new_status_line_and_frozen_header(tmp_path):
    """LibreOffice writes the status line as rich text (one run per script), and its headless save drops the
    frozen pane: the update finds the line by its characters and freezes the header again."""
    if soffice() is None:
        pytest.fail("soffice (LibreOffice) is required: run `bash scripts/system-packages.sh --tests`")
    ledger(tmp_path, "2010-09-12")
    shutil.copy(resave_xlsx(tmp_path / spec.LEDGER_FILE, tmp_path / "lo"), tmp_path / spec.LEDGER_FILE)
    resaved = sheet(tmp_path)
    assert type(resaved["A2"].value).__name__ == "CellRichText"  # the cause: runs, not a plain string
    assert resaved.freeze_panes is None  # LibreOffice's headless save, not the tool, drops the pane
    ledger(tmp_path, "2010-09-13")
    ws = sheet(tmp_path)
    assert ws["A2"].value.startswith("截至2010年9月13日（第2轮，依据“sample.xlsx”）：共8项")
    assert ws.freeze_panes == "B4"
