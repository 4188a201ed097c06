"""LibreOffice prints the summary workbook: every branch, the five criteria, the charts, on A4."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pytest
from conftest import SAMPLE
from lo import pdf_text, pdf_to_pngs, to_pdf
from openpyxl import load_workbook
from PIL import Image

from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.jobs import summarize_file
from xladdin.spec import form
from xladdin.xlsx.text import set_text

NOW = datetime(2010, 9, 12, 9, 30)


pytestmark = pytest.mark.usefixtures("soffice_required")


@pytest.fixture(scope="module")
def sample_summary(tmp_path_factory):
    return summarize_file(SAMPLE, tmp_path_factory.mktemp("summary") / "汇总.xlsx", now=NOW)


def test_pdf_names_every_branch_and_criterion(sample_summary, tmp_path):
    pdf = to_pdf(sample_summary, tmp_path)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for b in form.DEFAULT_BRANCHES:
        assert b.full in text, b.full
    for c in form.CRITERIA:
        assert c.title in text, c.title
    for words in ("情况汇总", "补课清单", "问题清单", "工作亮点和先进典型", "报：淮南市委创先争优活动领导小组办公室"):
        assert words in text, words
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=50)
    assert 3 <= len(pages) <= 6
    for page in pages:
        with Image.open(page) as img:
            assert img.width > img.height, "A4 landscape"


def test_chart_images_are_in_the_workbook_at_print_resolution(sample_summary):
    with zipfile.ZipFile(sample_summary) as package:
        media = [n for n in package.namelist() if n.startswith("xl/media/")]
        assert len(media) == 2
        for name in media:
            with Image.open(io.BytesIO(package.read(name))) as img:
                assert img.format == "PNG" and img.width >= 900
    ws = load_workbook(sample_summary)[form.SUMMARY_SHEET]
    assert len(ws._images) == 2
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$2"
    assert "&P" in ws.oddFooter.center.text and not ws.print_options.gridLines and not ws.sheet_view.showGridLines


def test_injected_text_prints_literally(tmp_path):
    wb = build_template((form.Branch("运一", "运一党支部"),))
    fill_by_names(wb, "运一", {"c1_status": form.STATUS_PARTIAL, "c1_deadline": NOW.date()})
    ws = wb["运一"]
    for name, text in {"c1_shortcomings": "=1+1", "c1_owner": "#N/A", "highlights": "@SUM(9,9)"}.items():
        for title, coord in ws.defined_names[name].destinations:
            set_text(wb[title][coord.replace("$", "")], text)
    source = tmp_path / "book.xlsx"
    wb.save(source)
    pdf = to_pdf(summarize_file(source, tmp_path / "summary.xlsx", now=NOW), tmp_path)
    text = pdf_text(pdf)
    assert "=1+1" in text and "#N/A" in text and "@SUM(9,9)" in text
    assert "Err:" not in text and "#NAME?" not in text
