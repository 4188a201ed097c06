"""Text that starts like a formula but was kept as text (the clerk's item 20): the branch is told, once per cell."""

from __future__ import annotations

from conftest import valid_values

from xladdin.jobs import check_file
from xladdin.xlsx.text import set_text

TYPED = {"highlights": '=SUM(1,1)+HYPERLINK("http://example.com","点我")', "c1_actions": "＝召开支部大会进行动员"}


def test_text_starting_with_an_equals_sign_gets_one_hint_per_cell(make_book):
    values = valid_values("汽机")

    def as_text(wb):
        # Typed with Excel's ' prefix (or collected as text): the cell holds the characters, not a formula.
        ws = wb["汽机"]
        for name, text in TYPED.items():
            for title, coord in ws.defined_names[name].destinations:
                set_text(wb[title][coord.replace("$", "")], text)

    _, report = check_file(make_book({"汽机": values}, edit=as_text))
    hints = [f for f in report.findings if f.code == "text-like-formula"]
    assert sorted(f.field for f in hints) == sorted(TYPED)
    assert all(f.severity == "warning" for f in hints)
    by_field = {f.field: f.message for f in hints}
    assert "“工作亮点”的内容以“=”开头（=SUM(1,1)+HYPERLINK(…）" in by_field["highlights"]
    assert "以“＝”开头（＝召开支部大会进行动员）" in by_field["c1_actions"] and "开头不要用“=”" in by_field["c1_actions"]
    assert report.branches[0].values["highlights"] == TYPED["highlights"]  # the text itself is kept as typed


def test_ordinary_text_and_a_minus_list_get_no_hint(make_book):
    values = valid_values("汽机")
    values["highlights"] = "-召开专题会议；-开展岗位练兵"
    _, report = check_file(make_book({"汽机": values}))
    assert not [f for f in report.findings if f.code == "text-like-formula"]
