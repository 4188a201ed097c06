"""Outward documents call a branch whose file came back but could not be used 待核实, never 未报送 (clerk item 4).

The clerk's round run whole: 化学 sent two files with the same 填表日期 that disagree (a conflict),
运二 sent an old .xls, 汽机 sent nothing. The summary workbook, the office's 汇总 sheet in the marked
copy and the Word report say 化学 and 运二 报回、待核实 and only 汽机 未报送; the outward ones carry no
file name (the reason names the file, so it is left out there).
"""

from __future__ import annotations

import pytest
from docx_read import all_text, open_docx
from lo import pdf_text, pdf_to_pngs, to_pdf
from openpyxl import load_workbook
from pdf_glyphs import missing_glyphs
from pending_round import NAME, pending_inbox, run

PENDING_CELL = "— 待核实"
# What the reason of a 待核实 branch says: it names files, so it stays out of outward documents.
REASON_WORDS = (".xls", "未采用", "未能读取", "回收情况", "收件")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("pending_outward")
    inbox = pending_inbox(root, silent=("汽机",))  # 汽机 sends nothing: it alone is 未报送
    folder = root / "输出"
    result = run("run", inbox, "-o", folder, "--date", "2010-09-12")
    assert result.exit_code == 1, result.output
    return folder


def sheet_text(ws) -> str:
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def matrix_row(ws, branch: str) -> list:
    """The branch's first row: the matrix comes before the 问题清单 and the other tables."""
    return next(r for r in ws.iter_rows() if r[0].value == branch)


@pytest.mark.parametrize("which", ["summary", "office"])
def test_the_summary_says_pending_branches_came_back_and_await_checking(out, which):
    if which == "summary":
        ws = load_workbook(out / f"{NAME}_合并_回头看汇总.xlsx").worksheets[0]
    else:
        ws = load_workbook(out / f"{NAME}_合并_标记.xlsx")["汇总"]
    text = sheet_text(ws)
    assert ws["A2"].value == "（截至2010年9月12日，应报6个党支部，已报5个，其中2个待核实）"
    assert ("本次应报6个党支部，已汇总3个；化学党支部、运二党支部报回的文件待核实，暂未计入汇总；"
            "汽机党支部尚未报送。已汇总的3个党支部五个方面共15") in text.replace("\n", "")
    assert "化学党支部、运二党支部尚未报送" not in text.replace("\n", "")
    for branch in ("化学党支部", "运二党支部"):
        row = matrix_row(ws, branch)
        assert [c.value for c in row[1:6]] == [PENDING_CELL] * 5
        # the same grey as 未报送
        assert {c.fill.fgColor.rgb[-6:] for c in row[1:6]} == {"EDEDED"}
        assert {c.font.color.rgb[-6:] for c in row[1:6]} == {"595959"}
    assert [c.value for c in matrix_row(ws, "汽机党支部")[1:6]] == ["— 未报送"] * 5
    if which == "summary":  # outward: no file names
        assert not [w for w in REASON_WORDS if w in text]
    else:  # the office's copy lists why in its 问题清单
        assert "收到运二党支部报回的文件，待核实（“收件/运二_回头看填报表.xls”未能读取" in text.replace("\n", "")


def test_the_word_report_lists_only_truly_missing_branches_as_unreported(out):
    text = all_text(open_docx(out / f"{NAME}_合并_回头看情况报告.docx"))
    flat = text.replace("\n", "")
    assert ("截至2010年9月12日，3个党支部报送了填报表，填表日期为2010年8月25日至2010年8月28日，3个党支部共有党员81名；"
            "化学党支部、运二党支部报回的文件待核实，暂未计入汇总；汽机党支部未报送。") in flat
    urge = flat.split("督促未报送的党支部", 1)[1].split("（二）", 1)[0]
    assert urge == "汽机党支部截至2010年9月12日尚未报送填报表，督促尽快报送。"
    check = flat.split("核实报回的文件", 1)[1].split("（三）", 1)[0]
    assert check.startswith("化学党支部、运二党支部已报回填报表")
    table = text.split("表1", 1)[1].split("各项完成率", 1)[0].split("\n")
    for branch in ("化学党支部", "运二党支部"):
        at = table.index(branch)
        assert table[at + 1 : at + 8] == ["待核实"] * 5 + ["—", "—"]
    at = table.index("汽机党支部")
    assert table[at + 1 : at + 6] == ["未报送"] * 5
    assert not [w for w in REASON_WORDS if w in text]


@pytest.mark.usefixtures("soffice_required")
def test_both_documents_print_the_wording_without_missing_glyphs(out, tmp_path):
    for name in (f"{NAME}_合并_回头看汇总.xlsx", f"{NAME}_合并_回头看情况报告.docx"):
        pdf = to_pdf(out / name, tmp_path)
        assert missing_glyphs(pdf) == []
        printed = "".join(pdf_text(pdf).split())
        assert "待核实" in printed and "化学党支部、运二党支部尚未报送" not in printed
        assert pdf_to_pngs(pdf, tmp_path / pdf.stem)


def test_check_summary_and_report_of_the_merged_workbook_alone_read_the_collection_sheet(out, tmp_path):
    """The clerk's way: `summary` and `report` run on the merged workbook after `run` (no inbox at hand)."""
    import json

    merged = out / "回头看填报表_合并.xlsx"
    checked = run("check", "--json", merged)
    branches = {b["sheet"]: b for b in json.loads(checked.output)["branches"]}
    assert branches["化学"]["pending"] == "回收情况中为“冲突”，文件未采用"
    assert branches["运二"]["pending"] == "回收情况中为“未能读取”"
    assert branches["汽机"]["pending"] is None and not branches["汽机"]["reported"]
    assert run("summary", merged, "-o", tmp_path / "汇总.xlsx", "--date", "2010-09-12").exit_code in (0, 1)
    ws = load_workbook(tmp_path / "汇总.xlsx").active
    assert ws["A2"].value == "（截至2010年9月12日，应报6个党支部，已报5个，其中2个待核实）"
    assert run("report", merged, "-o", tmp_path / "报告.docx", "--date", "2010-09-12").exit_code in (0, 1)
    body = all_text(open_docx(tmp_path / "报告.docx"))
    assert "化学党支部、运二党支部报回的文件待核实" in body and "汽机党支部未报送" in body
