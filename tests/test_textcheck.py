"""The 实事求是 text rules on plain answers (xladdin.core.textcheck): what counts, what never does."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from xladdin.core.textcheck import COPIED, ECHOES, REPEATED, VAGUE, Answer, echoes_notice, find_text_issues
from xladdin.spec import form
from xladdin.spec.text_rules import THRESHOLDS

C1 = "召开分场党支部创先争优活动动员会，传达厂动员大会精神，分场主任张本立对活动作出安排部署，明确各班组党员的任务。"
NAMES = ["运一", "运一党支部", "电气", "电气党支部", "化学", "化学党支部", "创先争优活动"]


def answer(sheet, field, text, done=True, branch=""):
    return Answer(sheet, field, form.FIELDS_BY_NAME[field].cell, text, done, branch)


def found(answers, **kw):
    return [(h.code, h.sheet, h.field) for h in find_text_issues(answers, names=NAMES, **kw)]


def test_a_pasted_answer_is_flagged_on_both_cells_naming_the_other():
    hits = find_text_issues([answer("运一", "c1_actions", C1), answer("电气", "c1_actions", C1)], names=NAMES)
    assert [(h.code, h.sheet, h.cell, h.related) for h in hits] == [
        (COPIED, "运一", "B9", ("电气!B9",)),
        (COPIED, "电气", "B9", ("运一!B9",)),
    ]
    assert hits[0].params["others"] == "【电气】第一项·主要做法及成效（B9）" and hits[0].params["more"] == ""


def test_a_copy_into_another_field_names_that_field():
    text = "倒班党员集中学习难，部分党员学习笔记流于形式，学习效果不明显。"
    hits = find_text_issues([answer("运一", "c3_shortcomings", text, False), answer("电气", "problems", text)],
                            names=NAMES)
    assert [(h.sheet, h.field, h.related) for h in hits] == [
        ("运一", "c3_shortcomings", ("电气!B44",)),
        ("电气", "problems", ("运一!B25",)),
    ]
    assert "存在的主要问题" in hits[0].params["others"]


def test_evidence_honours_and_short_texts_are_never_compared():
    same_evidence = "动员会会议记录、签到表、照片 4 张，支部书记审核后归档备查"
    honours = "化学仪表班班长方伟同志获评八月份分场“创先争优月度先进个人”。"
    short = "9月底前补齐讨论记录"  # under 15 characters
    answers = [answer(s, f, t, False) for s in ("运一", "电气")
               for f, t in (("c1_evidence", same_evidence), ("honors", honours), ("c4_remedy", short))]
    assert found(answers) == []


def test_the_notices_words_and_names_are_not_copying():
    # Both quote the three questions and name each other; their own words differ.
    a = "8月16日与电气党支部召开“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论会，12名党员发言。"
    b = "7月9日与运一党支部召开“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论会，形成整改清单。"
    assert found([answer("运一", "c4_actions", a), answer("电气", "c4_actions", b)]) == []


def test_two_sheets_claiming_one_branch_are_a_duplicate_not_a_copy():
    answers = [answer("运一", "c1_actions", C1, branch="运一党支部"), answer("电气", "c1_actions", C1, branch="运一党支部")]
    assert found(answers) == []


def test_many_copies_name_a_few_and_count_the_rest():
    answers = [answer(f"支部{n}", "c2_actions", C1) for n in range(12)]
    hits = find_text_issues(answers, names=NAMES)
    assert [h.code for h in hits] == [COPIED] * 12
    first, last = hits[0], hits[-1]
    assert first.related == tuple(f"支部{n}!B16" for n in range(1, 1 + THRESHOLDS.related_max))
    assert last.related == tuple(f"支部{n}!B16" for n in range(THRESHOLDS.related_max))
    assert first.params == {"others": "【支部1】第二项·主要做法及成效（B16）", "more": "等 11 处"}
    assert last.params == {"others": "【支部0】第二项·主要做法及成效（B16）", "more": "等 11 处"}


def test_one_text_under_several_criteria_is_repeated_naming_them():
    text = "坚持每周半个小时的综合学习，常态化开展“党徽在闪光”活动。"
    answers = [answer("除灰", f"c{k}_actions", text) for k in (1, 2, 4)] + [answer("除灰", "highlights", text)]
    hits = find_text_issues(answers, names=NAMES)
    assert [(h.code, h.field) for h in hits] == [(REPEATED, "c1_actions"), (REPEATED, "c2_actions"),
                                                (REPEATED, "c4_actions")]
    assert hits[0].params["criteria"] == "第二项、第四项" and hits[0].params["cells"] == "B16、B30"
    assert hits[0].related == ("除灰!B16", "除灰!B30")


def test_the_main_problems_may_sum_up_a_criterion():
    text = "政策理论水平不够高，学习的内容不够全面、系统，深度不够。"
    assert found([answer("化学", "c3_shortcomings", text), answer("化学", "problems", text)]) == []


def test_a_criterion_title_echoes_the_notice():
    hits = find_text_issues([answer("汽机", "c2_actions", "看实施方案是否符合要求，切合实际")], names=NAMES)
    assert [(h.code, h.params) for h in hits] == [(ECHOES, {"share": 100})]
    assert echoes_notice("看是否组织开展“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论")
    assert not echoes_notice("召开“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论会，全体党员逐一发言，形成整改清单。")


def test_stock_phrases_are_vague_only_where_a_fact_is_due():
    stock = "高度重视，精心组织，扎实推进，取得明显成效。"
    # One sheet each: the same text under two criteria of one sheet is text-repeated, whatever it says.
    answers = [
        answer("化学", "c1_actions", stock),  # 已完成: a fact is due
        answer("电气", "c2_actions", stock, done=False),  # 部分完成: the 补课 fields carry it
        answer("除灰", "c3_shortcomings", stock),  # not 主要做法及成效
        answer("化学", "c5_actions", "高度重视，精心组织，于5月18日召开动员会。"),  # a date
    ]
    assert found(answers) == [(VAGUE, "化学", "c1_actions")]


def test_facts_that_keep_an_answer_from_being_vague():
    for text in ("组织学习《中国共产党章程》，集中学习半小时。", "开展“党徽在闪光”活动，营造浓厚氛围。",
                 "书记杨洪鑫高度重视，精心组织。", "先后开展了三次岗位技能培训。", "深入开展创岗建区活动，成效显著。"):
        assert found([answer("化学", "c3_actions", text)]) == [], text


def test_different_dates_in_short_plain_sentences_are_different_reports():
    a, b = "8月16日召开支部动员会，全体党员参加。", "5月17日召开支部动员会，全体党员参加。"
    assert found([answer("化学", "c1_actions", a), answer("运一", "c1_actions", b)]) == []
    assert found([answer("化学", "c1_actions", a), answer("运一", "c1_actions", a)]) == [
        (COPIED, "化学", "c1_actions"), (COPIED, "运一", "c1_actions")]


def test_thresholds_come_from_the_spec():
    a = "组织党员集中学习两次，在班组园地张贴活动宣传材料。"
    b = "组织党员集中学习了两次，在班组园地张贴了宣传材料。"
    pair = [answer("运一", "c3_actions", a), answer("电气", "c3_actions", b)]
    assert [c for c, _, _ in found(pair)] == [COPIED, COPIED]
    assert found(pair, thresholds=replace(THRESHOLDS, near_ratio=99.0)) == []


def test_the_stock_phrase_list_is_the_offices_to_extend():
    from xladdin.core.textcheck.words import STOCK, flags, normalise, vocabulary

    text = normalise("坚持党建引领，做到守正创新")
    assert not any(m & STOCK for m in flags(text, vocabulary()))
    extended = vocabulary(stock=("党建引领", "守正创新"))
    assert sum(1 for m in flags(text, extended) if m & STOCK) == 8


def test_the_text_rules_import_nothing_heavy():
    code = (
        "import sys; before = set(sys.modules)\n"
        "import xladdin.core.checks, xladdin.core.textcheck\n"
        "from xladdin.core.textcheck import Answer, find_text_issues\n"
        "t = '召开分场党支部创先争优活动动员会，传达厂动员大会精神，分场主任张本立对活动作出安排部署。'\n"
        "find_text_issues([Answer('a', 'c1_actions', 'B9', t), Answer('b', 'c1_actions', 'B9', t + '!')])\n"
        "new = set(sys.modules) - before\n"
        "outside = sorted({m.split('.')[0] for m in new} - set(sys.stdlib_module_names) - {'xladdin', 'rapidfuzz'})\n"
        "import json; print(json.dumps([outside, [m for m in ('openpyxl', 'pandas', 'matplotlib', 'numpy') if m in sys.modules]]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    outside, heavy = json.loads(proc.stdout)
    assert outside == [] and heavy == []


def test_textcheck_imports_only_the_spec_from_the_package():
    code = (
        "import sys\n"
        "import xladdin.core.textcheck\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('xladdin') and not m.startswith('xladdin.core.textcheck'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["xladdin", "xladdin.core", "xladdin.spec", "xladdin.spec.form",
                                   "xladdin.spec.text_rules"]
