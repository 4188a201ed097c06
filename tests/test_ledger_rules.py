"""The ledger's update rules on plain data: ids, completions, flags, sign-off, re-runs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import SAMPLE

from reports.tables import deadline_state, remedy_frame
from xladdin.core.findings import BranchResult, Report
from xladdin.jobs import check_file
from xladdin.ledger.items import Item, Ledger, item_id, parse_id, status_on
from xladdin.ledger.update import update_ledger
from xladdin.spec import form
from xladdin.spec import ledger as spec

D1, D2, D3 = date(2010, 9, 12), date(2010, 9, 25), date(2010, 11, 5)
CELLS = {"运一": {form.cname(4, "shortcomings"): "B32", form.cname(4, "status"): "B29"}}


def branch(cid: int = 4, reported: bool = True, **parts: object) -> BranchResult:
    """运一 with criterion cid's parts given (status, shortcomings, remedy, owner, deadline, date, evidence)."""
    values = {f.name: None for f in form.FIELDS}
    values.update({form.cname(cid, part): value for part, value in parts.items()})
    return BranchResult("运一", "运一党支部", {}, values, reported=reported)


OPEN = {"status": "未开展", "shortcomings": "受倒班影响，讨论未能组织。", "remedy": "9月上旬分两批组织讨论。",
        "owner": "史泽沛", "deadline": date(2010, 9, 20)}


def step(ledger: Ledger | None, day: date, *branches: BranchResult, source: str | None = None,
         same_round: bool | None = None) -> Ledger:
    return update_ledger(ledger, Report("r.xlsx", list(branches)), CELLS, source or f"{day}.xlsx", day,
                         same_round=same_round)


def only(ledger: Ledger) -> Item:
    (item,) = ledger.items
    return item


def test_ids_are_sheet_criterion_number_and_parse_back():
    assert item_id("运一", 4, 1) == "运一-4-1"
    assert parse_id("运一-4-12") == ("运一", 4, 12)
    assert parse_id("运-二-3-1") == ("运-二", 3, 1)  # a sheet name may hold a hyphen
    for other in ("运一-6-1", "运一-4-0", "运一-4", "合计", None, 41):
        assert parse_id(other) is None


def test_the_ledger_registers_what_the_summarys_remedy_list_lists():
    """One rule for the 补课清单 and the ledger: the same branches and criteria, in the same order."""
    _, report = check_file(SAMPLE)
    ledger = update_ledger(None, report, {}, SAMPLE.name, D1)
    remedies = remedy_frame(report, D1)
    names = {b.sheet: b.branch for b in report.branches}
    assert [(names[i.sheet], f"第{form.criterion(i.criterion).ordinal}项") for i in ledger.items] == list(
        zip(remedies["支部"], remedies["项目"], strict=True))
    assert [i.remedy for i in ledger.items] == list(remedies["补课措施"])


def test_status_on_a_date():
    item = Item("运一", 4, 1, deadline=date(2010, 9, 20))
    assert status_on(item, date(2010, 9, 20)) == spec.NOT_DUE  # due on the day is not late
    assert status_on(item, date(2010, 9, 21)) == spec.OVERDUE
    # No real deadline: never late, and said so, as the summary's 补课清单 says it.
    assert status_on(Item("运一", 4, 1, deadline="九月底"), D3) == spec.NO_DEADLINE
    assert status_on(Item("运一", 4, 1), D3) == spec.NO_DEADLINE == deadline_state(None, D3)
    item.claimed = True
    assert status_on(item, D3) == spec.PENDING
    item.closed_by, item.closed_on = "李明", "2010年10月20日"
    assert status_on(item, D3) == spec.CLOSED


def test_completion_by_status_needs_date_and_evidence():
    first = step(None, D1, branch(**OPEN))
    half = step(first, D2, branch(**{**OPEN, "status": "已完成", "date": date(2010, 9, 8)}))
    assert (only(half).status, only(half).progress) == (spec.OVERDUE, spec.DONE_INCOMPLETE)
    unreadable = step(first, D2, branch(**{**OPEN, "status": "已完成", "date": "九月上旬", "evidence": "讨论记录"}))
    assert only(unreadable).progress == spec.DONE_INCOMPLETE  # a 开展时间 that is no date is not one
    assert only(half).reported == "未开展"  # kept open, so adding the evidence later counts
    done = step(half, D3, branch(**{**OPEN, "status": "已完成", "date": date(2010, 9, 8), "evidence": "讨论记录"}))
    assert only(done).status == spec.PENDING and only(done).progress.startswith(spec.DONE_BY_STATUS)
    assert (only(done).reported, only(done).evidence) == ("已完成", "讨论记录")


@pytest.mark.parametrize(("remedy", "claims"), [
    ("已整改完毕，讨论记录已归档。", True),
    ("已全部完成", True),
    ("尚未完成，10月再组织一次。", False),
    ("已完成第一批，第二批尚未组织。", False),
    ("部分完成", False),
    ("10月上旬再组织一次讨论。", False),
    ("已完成第一次学习，9月再组织一次。", False),  # one step done, not the make-up
    ("已补课两次，还要再组织一次", False),
    ("9月20日已补课。", True),
    ("已整改", True),
    ("整改完毕（见9月会议记录）", True),
    ("已整改：9月14日辅导一次，9月份集中学习两次。", True),
    ("已整改了，每月向厂内刊物报送两篇", True),
    ("已完成整改", True),  # what was done is the make-up itself
    ("问题已整改到位。", True),
    ("已全部完成补课……", True),
])
def test_completion_by_words(remedy, claims):
    first = step(None, D1, branch(**OPEN))
    later = only(step(first, D2, branch(**{**OPEN, "remedy": remedy})))
    assert (later.status == spec.PENDING) is claims
    if claims:  # the claim is quoted; the measure it replaced stays in the ledger
        assert later.progress.startswith(spec.DONE_BY_WORDS) and remedy in later.progress
        assert later.remedy == OPEN["remedy"]


def test_a_phrase_that_named_a_step_then_closes_the_item_later():
    """Review: round 1's "已完成第一次学习" is no claim (the item is registered open); round 2's "……已完成。" is a
    new one, although "已完成" was in the old text already. The ledger must see it as the check does."""
    first = step(None, D1, branch(**{**OPEN, "remedy": "已完成第一次学习，9月再组织一次"}))
    assert only(first).status != spec.PENDING
    later = only(step(first, D2, branch(**{**OPEN, "remedy": "第二次学习9月20日已完成。"})))
    assert later.status == spec.PENDING and later.progress.startswith(spec.DONE_BY_WORDS)


def test_a_phrase_in_the_registering_round_is_taken_then_as_the_check_and_summary_take_it():
    """Words that report the make-up done when the item is first registered make it 待销号 at once (the check's
    hint and the summary's 已完成 read the same words); the office verifies. The same text next round is no
    second report: the item stays 待销号 as it was."""
    wrote = {**OPEN, "status": "部分完成", "remedy": "讨论已整改完毕，已整改。"}
    first = only(step(None, D1, branch(**wrote)))
    assert first.status == spec.PENDING
    assert first.progress == f"{spec.NEW}；{spec.DONE_BY_WORDS}（补课措施写明：“讨论已整改完毕，已整改。”）"
    again = step(step(None, D1, branch(**wrote)), D2, branch(**wrote), same_round=False)
    assert (only(again).status, only(again).progress) == (spec.PENDING, spec.STILL_PENDING)
    plain = only(step(None, D1, branch(**{**wrote, "remedy": "已完成第一批，第二批尚未组织。"})))
    assert (plain.status, plain.progress) == (spec.NOT_DUE, spec.NEW)  # says it is not done too: open


def test_the_office_extends_the_phrases():
    first = step(None, D1, branch(**OPEN))
    first.phrases = (*spec.COMPLETION_PHRASES, "已办结")
    assert only(step(first, D2, branch(**{**OPEN, "remedy": "已办结。"}))).status == spec.PENDING


def test_a_reported_completion_goes_back_to_open_only_when_the_status_does():
    done = {**OPEN, "status": "已完成", "date": date(2010, 9, 8), "evidence": "讨论记录"}
    pending = step(step(None, D1, branch(**OPEN)), D2, branch(**done))
    assert only(pending).status == spec.PENDING
    still = step(pending, D3, branch(**done), same_round=False)
    assert (only(still).status, only(still).progress) == (spec.PENDING, spec.STILL_PENDING)
    back = step(pending, D3, branch(**{**done, "status": "部分完成"}))
    assert only(back).status == spec.OVERDUE and only(back).progress == spec.REOPENED.format(status="部分完成")
    by_words = step(step(None, D1, branch(**OPEN)), D2, branch(**{**OPEN, "remedy": "已整改"}))
    assert only(step(by_words, D3, branch(**{**OPEN, "remedy": "已整改"}))).status == spec.PENDING


def test_vanished_fields_are_flagged_and_keep_the_last_text():
    first = step(None, D1, branch(**OPEN))
    gone = only(step(first, D2, branch()))  # 完成情况 and every 补课 field cleared
    assert gone.progress == f"{spec.NO_NEWS}（{spec.CLEARED.format(fields='存在不足、补课措施、责任人、完成时限')}）"
    assert (gone.shortcomings, gone.remedy, gone.owner, gone.deadline) == (
        OPEN["shortcomings"], OPEN["remedy"], OPEN["owner"], OPEN["deadline"])
    assert gone.last_round == f"第1轮 {D1}"  # the branch last reported it in round 1
    blank_owner = only(step(first, D2, branch(**{**OPEN, "owner": None})))
    assert blank_owner.owner == "史泽沛" and blank_owner.progress == f"{spec.UNCHANGED}；{spec.PART_CLEARED.format(fields='责任人')}"


def test_a_branch_that_did_not_report_or_is_not_in_the_workbook():
    first = step(None, D1, branch(**OPEN))
    assert only(step(first, D2, branch(reported=False))).progress == spec.NOT_REPORTED
    other = BranchResult("电气", "电气党支部", {}, {}, reported=True)
    assert only(step(first, D2, other)).progress == spec.NOT_IN_ROUND


def test_only_a_person_closes_and_a_closed_item_never_changes():
    first = step(None, D1, branch(**OPEN))
    only(first).closed_by = "李明"
    partial = only(step(first, D2, branch(**OPEN)))
    assert partial.status == spec.OVERDUE and partial.progress.endswith(spec.SIGN_OFF_PARTIAL)
    only(first).closed_on = "十月"
    assert "无法识别" in only(step(first, D2, branch(**OPEN))).progress
    only(first).closed_on = datetime(2010, 10, 20)
    closed = step(first, D3, branch(**{**OPEN, "remedy": "改了的措施"}))
    item = closed.items[0]
    assert (item.status, item.progress, item.remedy) == (spec.CLOSED, spec.SIGNED_OFF, OPEN["remedy"])
    # The changed text is a new shortcoming after 销号: a new item with the next number.
    assert [i.id for i in closed.items] == ["运一-4-1", "运一-4-2"]
    leftover = step(first, D3, branch(**OPEN))  # the same text left on the sheet after 销号 is not news
    assert [i.id for i in leftover.items] == ["运一-4-1"]


def test_an_id_is_never_given_twice():
    first = step(None, D1, branch(**OPEN))
    first.items.clear()  # a person deleted the row; the record of issued ids remains
    again = step(first, D2, branch(cid=4, **{**OPEN, "remedy": "新措施"}))
    assert [i.id for i in again.items] == ["运一-4-2"]
    assert set(again.issued) == {"运一-4-1", "运一-4-2"}


def test_a_rerun_of_the_same_round_changes_nothing():
    first = step(None, D1, branch(**OPEN), source="第1轮.xlsx")
    second = step(first, D2, branch(**{**OPEN, "remedy": "已整改"}), source="第2轮.xlsx")
    rerun = step(second, D2, branch(**{**OPEN, "remedy": "已整改"}), source="第2轮.xlsx")
    assert [r.number for r in rerun.rounds] == [1, 2]
    assert [i.as_dict() for i in rerun.items] == [i.as_dict() for i in second.items]
    view = update_ledger(second, Report("r", [branch(**{**OPEN, "remedy": "已整改"})]), CELLS, "第2轮.xlsx", D3,
                         view=True)
    assert [r.number for r in view.rounds] == [1, 2] and only(view).progress == only(second).progress
    assert step(second, D3, branch(**OPEN), source="第3轮.xlsx").current.number == 3


def test_links_point_at_the_round_and_the_items_cell():
    ledger = update_ledger(None, Report("r", [branch(**OPEN)]), CELLS, "第1轮.xlsx", D1, link="收件/第1轮.xlsx")
    src = only(ledger).source
    assert (src.file, src.sheet, src.cell) == ("收件/第1轮.xlsx", "运一", "B32")
