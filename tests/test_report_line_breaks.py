"""Text pasted from Word with line breaks flows in the 情况报告: a manual break at the end of a justified line
stretched it across the page (活  动  最  新 …). Folded into the paragraph, rendered with LibreOffice."""

from __future__ import annotations

import re

from click.testing import CliRunner
from docx.oxml.ns import qn
from docx_read import blocks, open_docx
from lo import pdf_text, pdf_to_pngs, to_pdf
from test_ledger_office import round_book

from reports.phrasing import clause, folded
from xladdin.cli import main

PASTED = {"除灰": {"c3_shortcomings": "宣传工作力度不够，\n活动最新动态报道不及时\r\n宣传队伍力量薄弱。",
                   "c3_remedy": "每月向厂内刊物报送动态不少于两篇；\n每季度出一期宣传栏。"},
          "汽机": {"c5_shortcomings": "1.体制创新方面存在不足\n\n2.班组管理方面存在不足"}}


def test_line_breaks_fold_into_the_sentence():
    assert folded("宣传工作力度不够，\n活动报道不及时\r\n队伍薄弱。") == "宣传工作力度不够，活动报道不及时；队伍薄弱。"
    assert clause("1.体制创新不足\n\n 2.班组管理不足\n") == "1.体制创新不足；2.班组管理不足"
    assert folded("一行") == "一行"


def test_the_report_has_no_manual_breaks_and_no_stretched_line(tmp_path, soffice_required):
    book = round_book(tmp_path / "填报表.xlsx", PASTED)
    result = CliRunner().invoke(main, ["report", str(book), "-o", str(tmp_path / "情况报告.docx"), "--date", "2010-09-12"])
    assert result.exit_code == 0, result.output
    doc = open_docx(tmp_path / "情况报告.docx")
    paragraphs = [b for b in blocks(doc) if not hasattr(b, "rows")]
    quoted = [p for p in paragraphs if p.text.startswith(("除灰党支部第三项", "汽机党支部第五项"))]
    assert [p.text for p in quoted] == [
        "除灰党支部第三项（学习宣传）：宣传工作力度不够，活动最新动态报道不及时；宣传队伍力量薄弱。",
        "汽机党支部第五项（工作结合）：1.体制创新方面存在不足；2.班组管理方面存在不足。",
        "除灰党支部第三项：每月向厂内刊物报送动态不少于两篇；每季度出一期宣传栏，责任人周静，2010年9月30日前完成。",
        "汽机党支部第五项：在下一阶段努力改进，完善班组管理制度，责任人赵国庆，2010年10月31日前完成。",
    ]
    assert not any(p._p.findall(".//" + qn("w:br")) for p in quoted)
    pdf = to_pdf(tmp_path / "情况报告.docx", tmp_path / "pdf")
    pdf_to_pngs(pdf, tmp_path / "png")  # looked at by hand while fixing
    lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
    # A stretched line comes out of the PDF one character per line.
    assert not [line for line in lines if re.fullmatch(r"[\u4e00-\u9fff]", line)]
    flat = re.sub(r"\s+", "", pdf_text(pdf))
    assert "宣传工作力度不够，活动最新动态报道不及时；宣传队伍力量薄弱。" in flat
