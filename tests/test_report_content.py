"""The report's words: built from 设置 and the data; a section without data is left out, never filled."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from conftest import SAMPLE, remediating_values, valid_values

from reports.report_content import build_report_content
from reports.tables import REMEDY_COLUMNS
from xladdin.jobs import check_file, file_summary_parts
from xladdin.spec import form as spec

NOW = datetime(2010, 9, 12)


def content(path, ledger=None):
    _, report = check_file(path)
    summary, charts = file_summary_parts(path, check_file(path), NOW)
    return build_report_content(summary, report, charts[0], ledger)


def texts(doc) -> list[str]:
    out = [doc.title, doc.main_to, *doc.copy_to, doc.signature]
    for section in doc.sections:
        out += [section.heading, *section.paragraphs]
        for sub in section.subsections:
            out += [sub.heading, *sub.paragraphs]
    return out


def headings(doc) -> dict[str, list[str]]:
    return {s.heading: [sub.heading for sub in s.subsections] for s in doc.sections}


@pytest.fixture(scope="module")
def sample():
    return content(SAMPLE)


def test_sample_has_the_four_parts_and_every_subsection(sample):
    assert headings(sample) == {
        "基本情况": [],
        "主要做法和成效": ["五个方面开展情况", "工作亮点", "先进典型"],
        # Every branch that named an overall problem also named shortcomings: not repeated.
        "存在的问题": ["对照五个方面查找出的不足", "尚不合格的方面"],
        # There is make-up work to chase, so the branches' own plans are not repeated either.
        "下一步工作": ["按期完成补课", "督促逾期事项", "明确时限和责任人"],
    }
    assert len(sample.tables) == 1 and len(sample.figures) == 1 and sample.attachments == ("回头看情况汇总表",)
    for text in texts(sample):
        assert text and "None" not in text and "nan" not in text and "NaT" not in text, text
        assert "。。" not in text and "；。" not in text, text


def test_criteria_keep_the_notice_wording(sample):
    lines = sample.sections[1].subsections[0].paragraphs
    assert [line.split("。", 1)[0] for line in lines] == [f"{c.id}.{c.title}" for c in spec.CRITERIA]


def test_title_recipients_and_signature_come_from_the_settings(make_book):
    def settings(wb):
        ws = wb[spec.SETTINGS_SHEET]
        ws[spec.SETTINGS_BY_NAME["hk_campaign"].cell] = "主题教育"
        ws[spec.SETTINGS_BY_NAME["hk_round"].cell] = "第二阶段“回头看”"
        ws[spec.SETTINGS_BY_NAME["hk_recipients"].cell] = "市委办公室"
        ws[spec.SETTINGS_BY_NAME["hk_org"].cell] = "厂党委"

    doc = content(make_book({"运一": valid_values()}, edit=settings))
    assert doc.title == "关于主题教育第二阶段“回头看”情况的报告"
    assert (doc.main_to, doc.copy_to) == ("市委办公室", ())
    assert doc.signature == doc.printer == "厂党委"
    assert doc.date == doc.print_date == NOW.date()
    assert doc.sections[0].paragraphs[0].startswith("本次第二阶段“回头看”共涉及1个党支部")


def test_a_clean_round_says_only_what_the_data_holds(make_book):
    doc = content(make_book({"运一": valid_values(), "电气": valid_values("电气")}))
    basic = "".join(doc.sections[0].paragraphs)
    assert "2个党支部全部报送了填报表" in basic and "各党支部五个方面均已合格" in basic
    assert "合格10项，总体完成率100%" in basic, "no zero counts such as 补课中0项"
    # Both named an overall problem, so nobody is said to have found nothing; with nothing to make up,
    # the next steps are the branches' own plans.
    assert headings(doc)["存在的问题"] == ["各党支部反映的主要问题"]
    assert headings(doc)["下一步工作"] == ["各党支部下步打算"]
    assert doc.sections[3].subsections[0].paragraphs[0] == "运一党支部：进一步加强学习。"
    assert not any("补课" in t and "前完成" in t for t in texts(doc))


def test_branches_that_found_nothing_are_named_and_overall_problems_are_not_repeated(make_book):
    with_shortcoming = valid_values()
    remediating_values(with_shortcoming, 3)
    overall_only = valid_values("电气")  # names a problem in 存在的主要问题 only
    quiet = valid_values("化学") | {"problems": None}
    doc = content(make_book({"运一": with_shortcoming, "电气": overall_only, "化学": quiet}))
    problems = doc.sections[2]
    assert problems.paragraphs[0] == ("各党支部对照五个方面共查找出存在不足1项，涉及运一党支部。"
                                      "化学党支部未查找出存在不足。")
    subs = {s.heading: s.paragraphs for s in problems.subsections}
    assert subs["对照五个方面查找出的不足"] == ("运一党支部第三项（学习宣传）：学习的内容不够全面、系统。",)
    assert subs["其他党支部反映的主要问题"] == ("电气党支部：对文件精神的领悟不够深入。",)


def test_no_highlights_no_honors_no_plans_means_no_such_subsections(make_book):
    bare = valid_values() | {"highlights": None, "honors": None, "next_steps": None}
    doc = content(make_book({"运一": bare}))
    assert headings(doc)["主要做法和成效"] == ["五个方面开展情况"]
    assert "下一步工作" not in headings(doc)


def test_remedies_are_sorted_by_deadline_with_owner_and_date(make_book):
    values = valid_values()
    remediating_values(values, 3)
    remediating_values(values, 2)
    values["c2_deadline"] = date(2010, 9, 20)
    values["c3_owner"] = None  # an error: criterion 3 fails, and its owner is named as missing
    doc = content(make_book({"运一": values}))
    due = dict((s.heading, s.paragraphs) for s in doc.sections[3].subsections)["按期完成补课"]
    assert [line[:8] for line in due] == ["运一党支部第二项", "运一党支部第三项"]
    assert due[0].endswith("责任人王梅保，2010年9月20日前完成。")
    assert "责任人未明确，2010年9月30日前完成。" in due[1]
    settle = dict((s.heading, s.paragraphs) for s in doc.sections[3].subsections)["明确时限和责任人"]
    # Criterion 3 fails for want of an owner: its form went back to the branch.
    assert settle == ("运一党支部第三项补课未明确责任人，已退回支部补填。",)
    failing = dict((s.heading, s.paragraphs) for s in doc.sections[2].subsections)["尚不合格的方面"]
    assert failing[0].startswith("运一党支部第三项仍为不合格")


def test_an_unreported_branch_is_asked_to_report_not_listed_as_failing(make_book):
    doc = content(make_book({"运一": valid_values(), "电气": {}}))
    subs = {s.heading: s.paragraphs for s in doc.sections[3].subsections}
    assert subs["督促未报送的党支部"] == ("电气党支部截至2010年9月12日尚未报送填报表，督促尽快报送。",)
    assert "尚不合格的方面" not in headings(doc)["存在的问题"]


def test_a_listed_branch_without_a_sheet_is_unreported(make_book):
    def drop(wb):
        del wb["电气"]

    doc = content(make_book({"运一": valid_values()}, branches=("运一", "电气"), edit=drop))
    assert "1个党支部报送了填报表，电气党支部未报送" in doc.sections[0].paragraphs[1]


def test_ledger_open_items_are_listed_when_given(make_book):
    ledger = pd.DataFrame([["运一党支部", "第四项", "组织专题讨论", "史泽沛", date(2010, 10, 8), "未到期"]],
                          columns=REMEDY_COLUMNS[:2] + REMEDY_COLUMNS[3:])
    doc = content(make_book({"运一": valid_values()}), ledger=ledger)
    subs = {s.heading: s.paragraphs for s in doc.sections[-1].subsections}
    assert subs["整改台账事项"] == ("整改台账共登记补课事项1项：尚未完成1项：运一党支部第四项，组织专题讨论，"
                                 "责任人史泽沛，2010年10月8日前完成（未到期）。",)
    assert "整改台账事项" not in headings(content(make_book({"运一": valid_values()})))["下一步工作"]


def test_branch_text_is_quoted_as_typed(make_book):
    values = valid_values() | {"highlights": "=HYPERLINK(\"http://x\")，互看互查"}
    doc = content(make_book({"运一": values}))
    line = dict((s.heading, s.paragraphs) for s in doc.sections[1].subsections)["工作亮点"][0]
    assert line == "运一党支部：=HYPERLINK(\"http://x\")，互看互查。"
