"""One short stock sentence under all five criteria is a repeat (clerk report item 18), on real .xlsx files.

"统筹安排，周密谋划，深入开展创岗建区活动。" has too few words of its own to prove that two
branches copied each other, but the very same text under every criterion of one sheet is what
text-repeated is for.
"""

from __future__ import annotations

from conftest import valid_values

from xladdin.jobs import check_file
from xladdin.spec import form

STOCK = "统筹安排，周密谋划，深入开展创岗建区活动。"


def hits(path, code):
    _, report = check_file(path)
    return sorted((f.sheet, f.field) for f in report.findings if f.code == code)


def test_one_stock_sentence_under_every_criterion_is_repeated(make_book):
    values = valid_values()
    for c in form.CRITERIA:
        values[form.cname(c.id, "actions")] = STOCK
    got = hits(make_book({"运二": values}), "text-repeated")
    assert got == sorted(("运二", form.cname(c.id, "actions")) for c in form.CRITERIA)


def test_the_same_stock_sentence_in_two_branches_is_still_no_copy(make_book):
    one, two = valid_values("运一"), valid_values("电气")
    one["c1_actions"] = two["c1_actions"] = STOCK
    path = make_book({"运一": one, "电气": two})
    assert hits(path, "text-copied") == [] and hits(path, "text-repeated") == []
