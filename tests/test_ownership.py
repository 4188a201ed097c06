"""Whose answers are whose: the pure decision behind collect, over plain data."""

from __future__ import annotations

from datetime import date

from xladdin.forms.ownership import ReturnedFile, SheetAnswer, branch_named_in, decide
from xladdin.spec import form
from xladdin.spec.loop_text import CONFLICT, MISSING, RECEIVED

SIX = form.DEFAULT_BRANCHES
SHORTS = tuple(b.short for b in SIX)


def answer(branch, content="a", fill=date(2010, 8, 25), sheet=None, reported=True):
    return SheetAnswer(sheet or branch, branch, reported, (("x", content),) if reported else (), fill if reported else None)


def full_copy(name, *filled, scope=None, **contents):
    """A full template with the named branches filled (content per branch from contents, else "a")."""
    answers = tuple(answer(s, contents.get(s, "a")) if s in filled else answer(s, reported=False) for s in SHORTS)
    return ReturnedFile(name, name.rsplit(".", 1)[0], SIX, answers, scope)


def split_file(short, content="a", fill=date(2010, 8, 25), name=None, reported=True):
    name = name or f"{short}_回头看填报表.xlsx"
    return ReturnedFile(name, name.rsplit(".", 1)[0], SIX, (answer(short, content, fill, reported=reported),), short)


def statuses(decision):
    return {o.branch: o.status for o in decision.outcomes}


def codes(decision):
    return sorted((n.code, n.file, n.sheet) for n in decision.notices)


def test_split_files_belong_to_their_scope_even_when_renamed():
    files = [split_file("运一", name="我们的报表.xlsx"), split_file("电气")]
    d = decide(files, SIX)
    assert d.owners == ["运一", "电气"]
    assert statuses(d) == {"运一": RECEIVED, "电气": RECEIVED, **dict.fromkeys(SHORTS[2:], MISSING)}
    assert d.outcomes[0].source == (0, "运一") and d.notices == []


def test_a_full_copy_with_one_filled_sheet_is_that_branch_s():
    d = decide([full_copy("回头看填报表(3).xlsx", "化学")], SIX)
    assert d.owners == ["化学"] and statuses(d)["化学"] == RECEIVED and d.notices == []


def test_the_file_name_decides_when_several_sheets_are_filled():
    files = [full_copy("除灰党支部回头看.xlsx", "除灰", "运二", 运二="typed by 除灰"), split_file("运二", "b")]
    d = decide(files, SIX)
    assert d.owners == ["除灰", "运二"]
    assert d.outcomes[SHORTS.index("运二")].source == (1, "运二")
    # The neighbour's sheet is not taken, and the office hears which file and sheet.
    assert codes(d) == [("wrong-sheet", "除灰党支部回头看.xlsx", "运二")]


def test_text_in_another_branch_s_sheet_never_replaces_that_branch_own_file_and_an_orphan_stays_missing():
    d = decide([full_copy("化学.xlsx", "化学", "汽机")], SIX)
    assert statuses(d)["汽机"] == MISSING  # 汽机 sent nothing: 化学's slip is not 汽机's answer
    assert codes(d) == [("wrong-sheet-orphan", "化学.xlsx", "汽机")]


def test_the_same_answer_in_a_neighbour_s_sheet_is_no_warning():
    d = decide([full_copy("化学.xlsx", "化学", "汽机", 汽机="same"), split_file("汽机", "same")], SIX)
    assert statuses(d)["汽机"] == RECEIVED and d.notices == []


def test_a_file_nobody_owns_is_used_only_for_branches_that_sent_nothing_with_a_warning():
    unclear = full_copy("回头看填报表.xlsx", "运一", "电气", 运一="old", 电气="e")
    d = decide([unclear, split_file("运一", "new")], SIX)
    assert d.owners == [None, "运一"]
    assert d.outcomes[0].source == (1, "运一")  # its own file wins
    assert d.outcomes[1].source == (0, "电气")  # nobody else answered for 电气
    assert codes(d) == [("unclear-not-taken", "回头看填报表.xlsx", "运一"), ("unclear-taken", "回头看填报表.xlsx", "电气")]


def test_two_different_answers_take_the_later_fill_date_and_name_both_files():
    files = [split_file("运一", "first", date(2010, 8, 20), name="运一.xlsx"),
             split_file("运一", "second", date(2010, 8, 28), name="运一(修改).xlsx")]
    d = decide(files, SIX)
    o = d.outcomes[0]
    assert o.status == RECEIVED and o.source == (1, "运一") and o.files == (0, 1) and o.fill_date == date(2010, 8, 28)
    (n,) = d.notices
    assert n.code == "conflict-later" and "运一.xlsx" in n.message and "运一(修改).xlsx" in n.message


def test_equal_or_missing_dates_decide_nothing_and_neither_file_is_taken():
    same_day = [split_file("运一", "x", name="a.xlsx"), split_file("运一", "y", name="b.xlsx")]
    no_date = [split_file("运一", "x", name="a.xlsx"), split_file("运一", "y", None, name="b.xlsx")]
    for files in (same_day, no_date):
        d = decide(files, SIX)
        o = d.outcomes[0]
        assert o.status == CONFLICT and o.source is None and o.files == (0, 1)
        assert [n.code for n in d.notices] == ["conflict-undecided"]
        assert "a.xlsx" in d.notices[0].message and "b.xlsx" in d.notices[0].message


def test_identical_answers_from_two_files_are_one_answer():
    d = decide([split_file("运一", "x", name="a.xlsx"), split_file("运一", "x", name="b.xlsx")], SIX)
    assert d.outcomes[0].status == RECEIVED and d.outcomes[0].source == (0, "运一") and d.notices == []


def test_an_own_file_returned_blank_leaves_the_branch_missing_with_a_warning():
    d = decide([split_file("运一", reported=False)], SIX)
    assert statuses(d)["运一"] == MISSING
    assert codes(d) == [("own-file-empty", "运一_回头看填报表.xlsx", "运一")]


def test_a_file_name_that_disagrees_with_the_only_filled_sheet_is_said():
    d = decide([full_copy("电气报表.xlsx", "运一")], SIX)
    assert d.owners == ["运一"]
    assert codes(d) == [("name-disagrees", "电气报表.xlsx", "运一")]


def test_branch_named_in_prefers_full_names_and_refuses_two():
    assert branch_named_in("运一党支部_回头看", SIX) == "运一"
    assert branch_named_in("回头看-化学", SIX) == "化学"
    assert branch_named_in("运一和电气", SIX) is None
    assert branch_named_in("回头看填报表", SIX) is None
    nested = (form.Branch("运", "运党支部"), form.Branch("运一", "运一党支部"))
    assert branch_named_in("运一_表", nested) == "运一"  # "运" inside "运一" is not a second branch


def test_three_files_two_alike_are_all_named():
    files = [split_file("运一", "x", name="a.xlsx"), split_file("运一", "x", name="b.xlsx"),
             split_file("运一", "y", name="c.xlsx")]
    d = decide(files, SIX)
    assert d.outcomes[0].status == CONFLICT and d.outcomes[0].files == (0, 1, 2)
    (n,) = d.notices
    assert "有 3 个文件填写不同" in n.message
    assert "“a.xlsx”和“b.xlsx”（内容相同，填表日期 2010-08-25）、“c.xlsx”（填表日期 2010-08-25）" in n.message
