"""The outward documents of a clerk's real round (tests/data/clerk, from a review played over two rounds).

第1轮_合并.xlsx: the merged book after round 1 (电气 第四项 holds 无 and / for 存在不足 and 补课措施).
第2轮_合并.xlsx: the same book after round 2's collect --into (化学 cleared 第五项's 存在不足 and 补课措施
but kept 责任人 and 完成时限; 汽机's 工作亮点 is formula-like text). 第2轮_整改台账.xlsx: the office's
ledger after round 2 (汽机 第三项 已销号; 运一 第四项 and 化学 第三项 待销号), edited by hand and re-saved
with LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx_read import all_text, blocks, open_docx
from lo import pdf_text, pdf_to_pngs, to_pdf
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.spec import form

DATA = Path(__file__).parent / "data" / "clerk"
ROUND1, ROUND2, LEDGER = DATA / "第1轮_合并.xlsx", DATA / "第2轮_合并.xlsx", DATA / "第2轮_整改台账.xlsx"
OFFICE = "创先争优活动领导小组办公室"
HEADER = ["支部", "项目", "存在不足", "补课措施", "责任人", "完成时限", "状态"]


def run(*args) -> None:
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("报送")
    run("report", ROUND2, "-o", folder / "情况报告.docx", "--ledger", LEDGER, "--date", "2010年9月20日")
    run("report", ROUND2, "-o", folder / "情况报告_无台账.docx", "--date", "2010-09-20")
    run("summary", ROUND2, "-o", folder / "汇总.xlsx", "--ledger", LEDGER, "--date", "2010-09-20")
    run("summary", ROUND1, "-o", folder / "汇总_第1轮.xlsx", "--date", "2010-09-12")
    return folder


def text(path: Path) -> str:
    return all_text(open_docx(path))


def section(doc_text: str, start: str, end: str) -> str:
    return doc_text[doc_text.index(start):doc_text.index(end)]


def remedy_rows(path: Path) -> list[list[object]]:
    """The 补课清单's rows, without the header a new page repeats."""
    rows = [list(r) for r in load_workbook(path)[form.SUMMARY_SHEET].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "五、补课清单（缺什么补什么）") + 1
    table = []
    for r in rows[start:]:
        shown = [v for v in r if v is not None]
        if len(shown) < 2:
            break
        if shown != HEADER:
            table.append(shown)
    return table


# 1: a 部分完成 criterion whose 存在不足 and 补课措施 were cleared never reads "None".
@pytest.mark.parametrize("name", ["情况报告.docx", "情况报告_无台账.docx"])
def test_a_cleared_measure_is_named_as_missing_not_none(out, name):
    body = text(out / name)
    assert "None" not in body and "nan" not in body
    steps = section(body, "四、下一步工作", "表1\u3000")
    assert steps.count("化学党支部第五项") == 1  # said once; the ledger's paragraph counts it as listed
    assert "化学党支部第五项填报为“部分完成”，但未填写存在不足和补课措施，已退回支部补填。" in steps
    assert "化学党支部第五项：" not in steps  # not among the make-ups to finish on time


# 2: with the ledger the report counts what the branches found this round, as without it.
def test_the_ledger_does_not_hide_what_a_branch_found(out):
    for name in ("情况报告.docx", "情况报告_无台账.docx"):
        problems = section(text(out / name), "三、存在的问题", "四、下一步工作")
        assert "共查找出存在不足7项，涉及运一党支部、电气党支部、化学党支部、除灰党支部、运二党支部、汽机党支部。" in problems
        assert "汽机党支部第三项（学习宣传）：职工培训方面还有不足。" in problems
        assert "未查找出存在不足" not in problems


# 23: 四 says each item once; what the branch reported done is said to be done, not to be finished.
def test_next_steps_say_each_item_once(out):
    steps = section(text(out / "情况报告.docx"), "四、下一步工作", "表1\u3000")
    for measure in ("每周二组织一次集中学习", "10月上旬召开支部党员大会", "每月向厂刊和网站报送活动动态"):
        assert steps.count(measure) == 1, measure
    assert ("整改台账共登记补课事项8项：已销号1项（汽机党支部第三项）；支部报告已完成、待办公室核实后销号2项"
            "（运一党支部第四项、化学党支部第三项）；尚未完成5项，均已列入上述事项。") in steps
    assert "运一党支部第四项：" not in steps and "汽机党支部第三项：" not in steps


def test_criteria_lines_say_which_make_ups_are_reported_done(out):
    body = text(out / "情况报告.docx")
    assert ("3.看学习宣传工作是否深入。6个党支部中合格2个、补课中4个，完成率33.3%；补课中的是电气党支部、化学党支部、"
            "除灰党支部、汽机党支部（其中化学党支部、汽机党支部已报告完成补课）；") in body
    # Without the ledger only the branch's own words count: 化学 wrote "已整改" (汽机's 销号 is the ledger's).
    alone = text(out / "情况报告_无台账.docx")
    assert "（其中化学党支部已报告完成补课）" in alone and "汽机党支部已报告完成补课" not in alone


# 13: file properties name the office and the report, not the tool; no hash, no blank thumbnail.
def test_outward_file_properties_are_the_offices(out):
    for name in ("情况报告.docx", "汇总.xlsx"):
        with zipfile.ZipFile(out / name) as package:
            names = package.namelist()
            core = package.read("docProps/core.xml").decode()
            app = package.read("docProps/app.xml").decode()
        assert not [n for n in names if "thumbnail" in n.lower()], name
        for trace in ("python-docx", "openpyxl", "huitoukan", "SHA", "Microsoft", "Macintosh", "2013-"):
            assert trace.lower() not in (core + app).lower(), (name, trace)
        assert f"<dc:creator>{OFFICE}</dc:creator>" in core and f"<Company>{OFFICE}</Company>" in app
        assert "<dc:description>数据来源：第2轮_合并.xlsx；生成于 " in core
        assert re.search(r"<dcterms:created [^>]*>20[2-9]\d-", core), core
    props = open_docx(out / "情况报告.docx").core_properties
    assert props.title == "关于创先争优活动动员部署阶段“回头看”情况的报告" and props.author == OFFICE
    assert load_workbook(out / "汇总.xlsx").properties.title == "创先争优活动动员部署阶段“回头看”情况汇总"


# 16: blank, 无 or / in the outward 补课清单 reads 未填写, never an empty cell; a criterion left 部分完成 or
# 未开展 with neither 存在不足 nor 补课措施 is no 补课 item: not a row, one plain sentence instead.
def test_blank_remedy_cells_read_not_filled(out):
    round1 = {tuple(r[:2]): r for r in remedy_rows(out / "汇总_第1轮.xlsx")}
    assert ("电气党支部", "第四项") not in round1
    overview = [c.value for row in load_workbook(out / "汇总_第1轮.xlsx")[form.SUMMARY_SHEET].iter_rows()
                for c in row if isinstance(c.value, str)]
    said = "电气党支部第四项填报为“未开展”，但未填写存在不足和补课措施，已退回支部补填。"
    assert sum(v.replace("\n", "").count(said) for v in overview) == 1
    round2 = {tuple(r[:2]): r for r in remedy_rows(out / "汇总.xlsx")}
    assert ("化学党支部", "第五项") not in round2
    # The ledger's word for what is done, in the 状态 column.
    assert [round2[k][-1] for k in (("运一党支部", "第四项"), ("化学党支部", "第三项"), ("汽机党支部", "第三项"))] == [
        "待销号", "待销号", "已销号"]
    assert "未填写" not in [v for r in round1.values() for v in r] + [v for r in round2.values() for v in r]


# 15 and 20, as printed.
@pytest.fixture(scope="module")
def printed(out, tmp_path_factory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("pdf")
    pages = {}
    for name in ("汇总.xlsx", "情况报告.docx"):
        pdf = to_pdf(out / name, folder)
        pdf_to_pngs(pdf, folder / Path(name).stem)  # looked at by hand while fixing
        pages[name] = [re.sub(r"\s+", "", p) for p in pdf_text(pdf).split("\f") if p.strip()]
    return pages


def test_summary_tables_go_on_with_their_header_and_the_sign_off_is_never_alone(printed):
    pages = printed["汇总.xlsx"]
    # A page holding rows of a table holds that table's header: the first page of the table or a repeat.
    for row, header in (("何文斌", "支部项目存在不足补课措施责任人完成时限状态"), ("运二党支部第四项", "支部项目存在不足"),
                        ("=SUM(1,1)", "支部工作亮点先进典型")):
        holding = [p for p in pages if row in p]
        assert holding and all(header in p for p in holding), row
    last = pages[-1]
    assert "报：淮南市委" in last and "2010年9月20日" in last
    assert "=SUM(1,1)" in last, "the sign-off comes with the last rows of the table above it"


def test_formula_like_text_is_set_flush_left_not_torn_across_the_line(out, printed):
    paragraphs = [b for b in blocks(open_docx(out / "情况报告.docx")) if not hasattr(b, "rows")]
    (quoted,) = [p for p in paragraphs if p.text.startswith("汽机党支部：=SUM(1,1)")]
    assert quoted.alignment == WD_ALIGN_PARAGRAPH.LEFT
    others = [p for p in paragraphs if p.text.startswith(("运一党支部：", "电气党支部："))]
    assert others and all(p.alignment is None for p in others)  # the body style's justification
    assert any("汽机党支部：=SUM(1,1)+HYPERLINK" in page for page in printed["情况报告.docx"])
