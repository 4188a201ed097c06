"""LibreOffice prints the 情况报告: A4 pages, Chinese in embedded CJK fonts with no missing glyph,
the title on page 1, page numbers on the outer side, the 版记 on the last page."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime

import pytest
from conftest import SAMPLE
from defusedxml import ElementTree
from lo import pdf_text, pdf_to_pngs, to_pdf
from pdf_glyphs import missing_glyphs
from PIL import Image

from reports.gongwen import Gongwen, Section, write_gongwen
from xladdin.jobs import report_file as write_report_file

NOW = datetime(2010, 9, 12)
PT_PER_MM = 72 / 25.4
TITLE = "关于创先争优活动动员部署阶段“回头看”情况的报告"

pytestmark = pytest.mark.usefixtures("soffice_required")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    target = folder / "回头看情况报告.docx"
    write_report_file(SAMPLE, target, now=NOW)
    return to_pdf(target, folder)


def page_texts(pdf_path) -> list[str]:
    return pdf_text(pdf_path).split("\f")[:-1]


def words(pdf_path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, y middle, text) for each word on that page, in points from the top left."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
                         capture_output=True, timeout=120, check=True).stdout
    root = ElementTree.fromstring(xml)
    return [(float(w.get("xMin")), float(w.get("xMax")), (float(w.get("yMin")) + float(w.get("yMax"))) / 2, w.text or "")
           for w in root.iter() if w.tag.endswith("word")]


def test_pages_are_a4_portrait(pdf, tmp_path):
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=40)
    assert 4 <= len(pages) <= 10
    for page in pages:
        with Image.open(page) as img:
            assert abs(img.width / img.height - 210 / 297) < 0.01


def test_chinese_is_in_embedded_cjk_fonts_without_missing_glyphs(pdf):
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=120, check=True).stdout
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts and all("yes" in row[-5:-2] for row in fonts), listing  # every font embedded
    assert any("CJK" in row[0] for row in fonts), listing
    assert missing_glyphs(pdf) == []


def test_the_glyph_check_does_find_a_box(tmp_path):
    doc = Gongwen(title="关于测试的报告", main_to="市委", sections=(Section("基本情况", ("正文\U000f0000。",)),),
                  signature="厂党委", date=date(2010, 9, 5), printer="厂党委", print_date=date(2010, 9, 5))
    write_gongwen(doc, tmp_path / "box.docx")
    assert [ch for ch, _ in missing_glyphs(to_pdf(tmp_path / "box.docx", tmp_path))] == ["\U000f0000"]


def test_title_on_page_one_and_colophon_on_the_last_page(pdf):
    pages = [re.sub(r"\s+", "", text) for text in page_texts(pdf)]
    assert pages[0].startswith(TITLE + "淮南市委创先争优活动领导小组办公室：一、基本情况")
    last = pages[-1]
    assert "附件：回头看情况汇总表" in last
    assert last.index("创先争优活动领导小组办公室2010年9月12日") < last.index("抄送：") < last.index("2010年9月12日印发")
    assert not any("印发" in page for page in pages[:-1])


def test_page_numbers_sit_one_character_in_on_the_outer_side(pdf):
    count = len(page_texts(pdf))
    for page in range(1, count + 1):
        found = words(pdf, page)
        bottom = [w for w in found if w[2] > (37 + 225) * PT_PER_MM]  # below the type area
        assert "".join(w[3] for w in sorted(bottom)) == f"—{page}—"
        one_char = 14  # 四号
        if page % 2:  # odd: right, its last dash one character in from the type area's right edge
            assert abs(max(w[1] for w in bottom) - ((28 + 156) * PT_PER_MM - one_char)) < 1.5
        else:
            assert abs(min(w[0] for w in bottom) - (28 * PT_PER_MM + one_char)) < 1.5
        # The dashes (一字线) 7 mm below the type area.
        assert abs(min(w[2] for w in bottom) - (37 + 225 + 7) * PT_PER_MM) < 1 * PT_PER_MM


def test_a_full_page_holds_22_lines_of_28_characters(pdf):
    body = page_texts(pdf)[1]  # page 2 is all running text
    lines = [line for line in body.splitlines() if line.strip() and not re.fullmatch(r"—\s*\d+\s*—", line.strip())]
    assert len(lines) == 22
    cjk_only = [line for line in lines if re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]+", line)]
    assert cjk_only and max(len(line) for line in cjk_only) == 28
