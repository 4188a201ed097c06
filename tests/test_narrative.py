"""Every count in the narrative is pinned, and the counts it names add up (issue 18).

A narrative that counted 补课中 as 不合格 too once read "合格21项、补课中3项、
不合格9项" out of 30 items while the tests, which pinned only 合格 and the rate,
stayed green. Here each count is read back out of the text and compared with
the verdicts, counted independently; and the categories the overview names
must add up to the total it states, so a verdict it does not name (such as a
later 未报送) shows up as a gap instead of hiding inside another count.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.files import summarize
from reports.summary import build_summary
from reports.tables import Summary
from reports.wording import pct
from xladdin.core.findings import BranchResult, Finding, Report
from xladdin.jobs import check_file
from xladdin.spec import form
from xladdin.spec.labels import VERDICT_LABELS
from xladdin.spec.messages import ERROR, WARNING

NOW = datetime(2010, 9, 12, 9, 30)
CODE_OF_LABEL = {label: code for code, label in VERDICT_LABELS.items()}
ORDINALS = {c.ordinal: c.id for c in form.CRITERIA}


def _one(pattern: str, text: str) -> re.Match:
    found = re.search(pattern, text)
    assert found, f"not in the narrative: {pattern}\n{text}"
    return found


def _listed(items: str) -> list[str]:
    """The names in a "、"-joined list whose items may carry their own "（…、…）"."""
    return re.findall(r"[^、（）]+(?:（[^）]*）)?", items)


# ---- the checks, on any summary --------------------------------------------------------------


def check_overview(s: Summary, text: str) -> None:
    v = s.verdicts
    m = _one(r"共汇总(\d+)个党支部.*?共(\d+)项，([^，。]+)，总体完成率([\d.]+%)", text)
    branches, total, clause, rate = int(m[1]), int(m[2]), m[3], m[4]
    named = re.findall(r"([^、\d]+?)(\d+)项", clause)
    assert "、".join(f"{label}{n}项" for label, n in named) == clause, f"a count without 项 in “{clause}”"
    unknown = [label for label, _ in named if label not in CODE_OF_LABEL]
    assert not unknown, f"the narrative names {unknown}, which no verdict is called"
    counts = {CODE_OF_LABEL[label]: int(n) for label, n in named}
    assert len(counts) == len(named), f"a category is named twice in “{clause}”"
    # The categories it names add up to the items it says it counts ...
    assert sum(counts.values()) == total, f"“{clause}” does not add up to {total}"
    # ... and each is what the verdicts say, counted here cell by cell.
    cells = [verdict for _, row in v.iterrows() for verdict in row]
    for code, n in counts.items():
        assert n == cells.count(code), f"{VERDICT_LABELS[code]}: narrative {n}, verdicts {cells.count(code)}"
    assert total == len(cells) and branches == len(v)
    assert rate == pct(cells.count(form.COMPLETE) / len(cells))


def check_criteria(s: Summary, text: str) -> None:
    v = s.verdicts
    column = {cid: list(v[cid]) for cid in form.CRITERION_IDS}
    rates = {cid: col.count(form.COMPLETE) / len(v) for cid, col in column.items()}
    if min(rates.values()) >= 1:
        assert "最为薄弱" not in text
        return
    if max(rates.values()) == 0:
        assert "各方面都还没有支部合格" in text
        return
    m = _one(r"从五个方面看，(.+?)(并列)?最为薄弱，(\d+)个支部中(?:只有(\d+)个合格|还没有支部合格)"
             r"（完成率([\d.]+%)）(?:，(\d+)个支部不合格)?", text)
    weakest = [ORDINALS[o] for o in re.findall(r"第(.)项", m[1])]
    lowest = min(rates.values())
    assert weakest == [cid for cid in form.CRITERION_IDS if rates[cid] == lowest]
    assert bool(m[2]) == (len(weakest) > 1)
    first = column[weakest[0]]
    assert int(m[3]) == len(v)
    assert int(m[4] or 0) == first.count(form.COMPLETE)
    assert m[5] == pct(lowest)
    failed = first.count(form.INCOMPLETE)
    if len(weakest) == 1 and failed:
        assert int(m[6]) == failed
    else:
        assert m[6] is None


def check_remedies(s: Summary, text: str) -> None:
    v, r = s.verdicts, s.remedies
    busy = {
        s.branch_names[sheet]: [f"第{form.criterion(cid).ordinal}项" for cid, verdict in row.items()
                                if verdict == form.REMEDIATING]
        for sheet, row in v.iterrows()
    }
    busy = {name: ordinals for name, ordinals in busy.items() if ordinals}
    if busy:
        said = _one(r"([^。]*)仍在补课。", text)[1]
        assert {name: ordinals.split("、") for name, ordinals in re.findall(r"([^、（）]+)（([^）]+)）", said)} == busy
    else:
        assert "仍在补课" not in text
    if r.empty:
        assert "补课清单" not in text
        return
    assert int(_one(r"补课清单共(\d+)项", text)[1]) == len(r)
    # What the list's items are, each kind counted by its criterion's verdict, adding up to the list.
    kinds = [v.loc[sheet, cid] for sheet, cid in s.remedy_keys]
    said = _one(r"补课清单共\d+项（[^）]*），(所在方面均|其中)([^。]+)。", text)
    if said[1] == "其中":
        counts = {what: int(n) for n, what in re.findall(r"(\d+)项所在方面(仍在补课|填报尚有错误|已合格)", said[2])}
    else:
        counts = {re.match(r"仍在补课|填报尚有错误|已合格", said[2])[0]: len(kinds)}
    assert sum(counts.values()) == len(r)
    assert counts.get("仍在补课", 0) == kinds.count(form.REMEDIATING)
    assert counts.get("填报尚有错误", 0) == kinds.count(form.INCOMPLETE)
    assert counts.get("已合格", 0) == kinds.count(form.COMPLETE)
    deadlines = list(r["完成时限"])
    late = [d for d in deadlines if isinstance(d, date) and d < s.report_date]
    undated = [d for d in deadlines if not isinstance(d, date)]
    if late:
        m = _one(r"已有(\d+)项超过完成时限：(.+?)，请督促", text)
        assert int(m[1]) == len(late) and len(_listed(m[2])) == len(late)
    else:
        assert "超过完成时限" not in text
        assert ("均在完成时限内" in text) == (len(undated) < len(deadlines))
    if undated:
        m = _one(r"补课清单中(?:有(\d+)项|均)没有明确完成时限（(.+?)）", text)
        assert int(m[1] or len(r)) == len(undated) and len(_listed(m[2])) == len(undated)
    else:
        assert "没有明确完成时限" not in text


def check_errors(report: Report, text: str) -> None:
    errors = [f for f in report.findings if f.severity == ERROR]
    warnings = [f for f in report.findings if f.severity == WARNING]
    if not errors and not warnings:
        assert "未发现需要更正的问题" in text
        return
    if errors:
        m = _one(r"还有(\d+)处错误(?:，涉及(.+?))?，已在问题清单中", text)
        assert int(m[1]) == len(errors)
        involved = [b.branch for b in report.branches if b.errors]
        assert (_listed(m[2]) if m[2] else []) == involved
    else:
        assert "处错误" not in text
    if warnings:
        assert int(_one(r"另有(\d+)条提示", text)[1]) == len(warnings)
    else:
        assert "条提示" not in text


def check_returned(report: Report, text: str) -> None:
    """The outward sentence: how many branches' forms go back, with how many errors in all."""
    with_errors = [b for b in report.branches if b.errors]
    if not with_errors:
        assert text == ""
        return
    m = _one(r"(\d+)个党支部的填报还有(\d+)处需要更正（(.+?)），已退回修改。", text)
    assert int(m[1]) == len(with_errors) and _listed(m[3]) == [b.branch for b in with_errors]
    assert int(m[2]) == sum(b.errors for b in with_errors)


def check_every_count(s: Summary, report: Report) -> None:
    text = "".join(s.narrative)
    check_overview(s, text)
    check_criteria(s, text)
    check_remedies(s, text)
    check_errors(report, s.office_errors)
    check_returned(report, s.returned)


# ---- the committed sample --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    _, report = check_file(SAMPLE)
    return summarize(report, SAMPLE, NOW), report


def test_every_count_in_the_samples_narrative_agrees_with_its_verdicts(sample):
    check_every_count(*sample)


def test_the_samples_counts_pinned(sample):
    """Worked out by hand from the sample's matrix (test_summary.py pins it); the order is the text's."""
    s = sample[0]
    text = "".join(s.narrative)

    def numbers(words: str) -> list[str]:
        return re.findall(r"\d+(?:\.\d+)?%?", re.sub(r"\d+年\d+月\d+日", "", words))

    assert numbers(text) == [
        "6", "30", "21", "3", "6", "70%",  # branches, items, 合格, 补课中, 不合格, rate
        "6", "2", "33.3%", "2",  # criterion 3: branches, 合格, rate, 不合格
        "8", "3", "2", "3", "2",  # the 补课 list: its items by kind (in 补课, failing, passed), overdue
    ]
    assert numbers(s.office_errors) == ["6", "8"]  # errors, warnings
    assert numbers(s.returned) == ["4", "6"]  # branches sent back, errors in all
    assert "合格21项、补课中3项、不合格6项" in text and 21 + 3 + 6 == 30


# ---- any summary: random verdicts, 补课 lists and findings ----------------------------------

SHORTS = ("运一", "电气", "化学", "除灰", "运二", "汽机", "检修", "燃料")
DEADLINES = st.one_of(st.none(), st.just("九月底"), st.dates(date(2010, 8, 1), date(2010, 10, 31)))


@st.composite
def reports(draw) -> Report:
    branches, findings = [], []
    for short in SHORTS[: draw(st.integers(1, len(SHORTS)))]:
        verdicts = {cid: draw(st.sampled_from(form.VERDICTS)) for cid in form.CRITERION_IDS}
        values: dict[str, object] = {}
        for cid in form.CRITERION_IDS:
            if draw(st.booleans()):  # this criterion is on the 补课 list
                values.update({
                    form.cname(cid, "status"): draw(st.sampled_from([form.STATUS_PARTIAL, form.STATUS_NOT_STARTED])),
                    form.cname(cid, "shortcomings"): "学习不够深入",
                    form.cname(cid, "remedy"): "补开专题学习会",
                    form.cname(cid, "owner"): "王梅保",
                    form.cname(cid, "deadline"): draw(DEADLINES),
                })
        errors, warnings = draw(st.integers(0, 3)), draw(st.integers(0, 2))
        for severity, n in ((ERROR, errors), (WARNING, warnings)):
            findings += [Finding(short, "B9", None, None, severity, "x", f"【{short}】B9：问题") for _ in range(n)]
        branches.append(BranchResult(short, f"{short}党支部", verdicts, values, errors, warnings))
    return Report("汇总测试.xlsx", branches, findings)


@settings(max_examples=80, deadline=None)
@given(reports(), st.integers(0, 90))
def test_every_count_agrees_for_any_verdicts(report, days):
    summary = build_summary(report, "汇总测试.xlsx", "0" * 64, NOW + timedelta(days=days - 45))
    check_every_count(summary, report)


def test_a_verdict_the_overview_does_not_name_breaks_the_sum(sample):
    """The sum check is not a tautology: an unnamed category (a later 未报送, say) leaves a gap."""
    s, _ = sample
    text = "".join(s.narrative).replace("、补课中3项", "")
    with pytest.raises(AssertionError, match="does not add up"):
        check_overview(s, text)
