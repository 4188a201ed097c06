"""The documents that go up the line do not hold up as the model a branch whose answers drew 实事求是 warnings.

Clerk review 2 (B, item 2): 运二 wrote one stock sentence under all five criteria; the report to the
city committee said "五个方面全部合格的是运二党支部". The verdicts stay what the rules say (the table
shows 合格), but the sentence that names it adds a plain caveat; an honest branch gets none.
"""

from __future__ import annotations

from datetime import datetime

from conftest import valid_values

from reports.narrative import narrate
from reports.report_content import build_report_content
from reports.summary import build_summary
from xladdin.jobs import check_file
from xladdin.spec import form

STOCK = "统筹安排，周密谋划，深入开展创岗建区活动。"


def _summary(make_book):
    stock = valid_values("运二") | {f"c{c.id}_actions": STOCK for c in form.CRITERIA} | {"branch_name": "运二党支部"}
    honest = valid_values("电气") | {"branch_name": "电气党支部"}
    book = make_book({"运二": stock, "电气": honest})
    _data, report = check_file(book)
    assert {f.code for f in report.findings if f.sheet == "运二"} & {"text-repeated", "text-vague"}
    assert not any(f.code.startswith("text-") for f in report.findings if f.sheet == "电气")
    assert all(v == form.COMPLETE for b in report.branches for v in b.verdicts.values())
    return build_summary(report, book.name, "0" * 64, datetime(2010, 9, 12)), report


def test_the_all_passed_sentence_adds_a_caveat_for_the_stock_answers_branch(make_book):
    summary, report = _summary(make_book)
    assert summary.text_doubts == ["运二党支部"]
    overview = narrate(summary, report)[0]
    assert "各支部五个方面均已合格。其中运二党支部的填报内容有雷同、照抄或空泛之处，是否如实有待进一步核实。" in overview
    assert "电气党支部的填报内容" not in overview
    content = build_report_content(summary, report)
    text = "".join(p for section in content.sections for p in section.paragraphs)
    assert "其中运二党支部的填报内容有雷同、照抄或空泛之处" in text


def test_no_caveat_where_no_branch_drew_a_warning(make_book):
    book = make_book({"电气": valid_values("电气") | {"branch_name": "电气党支部"}})
    _data, report = check_file(book)
    summary = build_summary(report, book.name, "0" * 64, datetime(2010, 9, 12))
    assert summary.text_doubts == []
    assert "有待进一步核实" not in narrate(summary, report)[0]
