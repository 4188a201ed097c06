"""The 台账说明 sheet prints on A4 portrait with every line whole (the clerk's item 19: column A was 100
characters wide with no fit-to-page, so lines 4, 5, 7 and 8 ran off the right edge of the page)."""

from __future__ import annotations

import re
import shutil
import subprocess

from click.testing import CliRunner
from conftest import SAMPLE
from lo import pdf_to_pngs, resave_xlsx, to_pdf
from openpyxl import load_workbook
from pdf_glyphs import missing_glyphs

from xladdin.cli import main
from xladdin.spec import ledger as spec

A4_PORTRAIT = (595, 842)
MARGIN = 20  # points: no word may come closer than this to the paper's right edge


def ledger(folder, day):
    result = CliRunner().invoke(main, ["ledger", str(SAMPLE), "-o", str(folder / spec.LEDGER_FILE), "--date", day])
    assert result.exit_code == 0, result.output


def guide_only(folder):
    """The ledger file with only its guide sheet left, so the PDF holds just that sheet's pages."""
    wb = load_workbook(folder / spec.LEDGER_FILE)
    for ws in wb.worksheets:
        if ws.title != spec.GUIDE_SHEET:
            wb.remove(ws)
    path = folder / "台账说明.xlsx"
    wb.save(path)
    return path


def words(pdf):
    """(page width, page height, [(xMax, word)]) per page, from poppler's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        found = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page[2])
        pages.append((float(page[0]), float(page[1]), [(float(x), w) for x, w in found]))
    return pages


def assert_prints_whole(pdf):
    pages = words(pdf)
    assert pages
    text = "".join(w for _, _, found in pages for _, w in found)
    for line in spec.GUIDE_LINES:  # every line, to its last character
        assert line.replace(" ", "")[-12:] in text, line
    for width, height, found in pages:
        assert (round(width), round(height)) == A4_PORTRAIT
        assert max(x for x, _ in found) < width - MARGIN
    assert missing_glyphs(pdf) == []


def test_a_new_ledgers_guide_prints_on_a4_portrait_with_every_line_whole(tmp_path, soffice_required):
    ledger(tmp_path, "2010-09-12")
    pdf = to_pdf(guide_only(tmp_path), tmp_path / "pdf")
    assert_prints_whole(pdf)
    assert pdf_to_pngs(pdf, tmp_path / "png")


def test_an_older_guide_resaved_by_libreoffice_is_fitted_on_update(tmp_path, soffice_required):
    """A ledger made before the fix (100 wide, no fit) and re-saved by LibreOffice gets the page fitted."""
    ledger(tmp_path, "2010-09-12")
    path = tmp_path / spec.LEDGER_FILE
    wb = load_workbook(path)
    old = wb[spec.GUIDE_SHEET]
    old.column_dimensions["A"].width = 100
    old.sheet_properties.pageSetUpPr.fitToPage = False
    wb.save(path)
    shutil.copy(resave_xlsx(path, tmp_path / "lo"), path)
    ledger(tmp_path, "2010-09-20")
    fitted = load_workbook(path)[spec.GUIDE_SHEET]
    assert fitted.sheet_properties.pageSetUpPr.fitToPage and fitted.page_setup.fitToWidth == 1
    assert_prints_whole(to_pdf(guide_only(tmp_path), tmp_path / "pdf"))
