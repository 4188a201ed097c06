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
    for words in ("情况汇总", "补课清单", "工作亮点和先进典型", "报：淮南市委创先争优活动领导小组办公室",
                  "已退回修改"):
        assert words in text, words
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=50)
    # Page breaks are placed for Excel at 100% (reports.pages); LibreOffice shrinks the sheet and leaves room.
    assert len(pages) == 4
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
    for name, text in {"c1_shortcomings": "=1+1", "c1_owner": "#N/A-1", "highlights": "@SUM(9,9)"}.items():
        for title, coord in ws.defined_names[name].destinations:
            set_text(wb[title][coord.replace("$", "")], text)
    source = tmp_path / "book.xlsx"
    wb.save(source)
    pdf = to_pdf(summarize_file(source, tmp_path / "summary.xlsx", now=NOW), tmp_path)
    text = pdf_text(pdf)
    assert "=1+1" in text and "#N/A-1" in text and "@SUM(9,9)" in text
    assert "Err:" not in text and "#NAME?" not in text


def test_what_goes_up_the_line_has_no_cells_codes_or_hashes(sample_summary, tmp_path):
    """An office document: no 问题清单 with cell addresses, no finding codes, no file hash, no trace line."""
    from xladdin.spec.messages import CODES

    raw = pdf_text(to_pdf(sample_summary, tmp_path))
    text = re.sub(r"\s+", "", raw)
    assert "问题清单" not in text and "SHA" not in text and "数据来源" not in text
    assert not re.search(r"(?<![A-Za-z])[A-D]\d{1,2}(?!\d)", text), "a cell address"
    assert not re.search(r"[0-9a-f]{12}", raw), "a hash"
    assert not [code for code in CODES if code in raw]
    assert not re.search(r"[A-Za-z]{3,}", raw), "Latin words"
    props = load_workbook(sample_summary).properties
    # The office can trace the file by its source's name and time; a hash means nothing to the reader.
    assert props.description.startswith("数据来源：sample.xlsx；生成于 ") and "SHA" not in props.description
    assert not props.keywords and props.creator == "创先争优活动领导小组办公室"


def test_no_line_holds_only_punctuation(sample_summary, tmp_path):
    lines = [line.strip() for line in pdf_text(to_pdf(sample_summary, tmp_path)).splitlines()]
    orphans = [line for line in lines if line and all(ch in "，。、；：？！）》」』”’】…—·,.;:?!)" for ch in line)]
    assert orphans == []


def test_dates_read_as_the_office_writes_them(sample_summary, tmp_path):
    text = pdf_text(to_pdf(sample_summary, tmp_path))
    assert "2010年9月10日" in text and not re.search(r"2010-\d{2}-\d{2}", text)
