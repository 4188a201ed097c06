"""The text checks through the real paths: check, --json with "related", the marked copy, criterion 4."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import valid_values
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import check_file, mark_file
from xladdin.spec import form
from xladdin.spec.labels import ISSUE_HEADER_ROW
from xladdin.spec.labels import SEVERITY_FILLS as FILLS

PASTED = "召开支部党员大会进行动员，书记杨洪鑫讲解活动目标和阶段安排，工会、团支部同步部署，每名党员签订承诺书。"
C4_TITLE = form.criterion(4).title
C2_TITLE = form.criterion(2).title


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def _copied_book(make_book):
    yunyi, dianqi = valid_values("运一"), valid_values("电气")
    yunyi["c1_actions"] = dianqi["c1_actions"] = PASTED
    return make_book({"运一": yunyi, "电气": dianqi})


def test_identical_answers_of_two_branches_warn_on_both(make_book):
    _, report = check_file(_copied_book(make_book))
    cell = form.cfield(1, "actions").cell
    assert report.flatten(["sheet", "cell", "code", "related"]) == [
        ["运一", cell, "text-copied", (f"电气!{cell}",)],
        ["电气", cell, "text-copied", (f"运一!{cell}",)],
    ]
    assert report.valid and [b.warnings for b in report.branches] == [1, 1]
    message = report.findings[0].message
    assert message.startswith(f"【运一】{cell}：") and f"【电气】第一项·主要做法及成效（{cell}）" in message


def test_json_carries_related_only_where_there_is_one(make_book):
    values = valid_values("运一")
    values["c3_status"] = None
    yunyi, dianqi = values, valid_values("电气")
    yunyi["c1_actions"] = dianqi["c1_actions"] = PASTED
    result = run("check", "--json", make_book({"运一": yunyi, "电气": dianqi}))
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    keys = {"sheet", "cell", "field", "criterion", "severity", "code", "message"}
    by_code = {(f["sheet"], f["code"]): f for f in findings}
    assert set(by_code[("运一", "status-missing")]) == keys
    assert set(by_code[("运一", "text-copied")]) == keys | {"related"}
    assert by_code[("运一", "text-copied")]["related"] == ["电气!B9"]
    assert by_code[("电气", "text-copied")]["related"] == ["运一!B9"]


def test_the_marked_copy_marks_both_cells_with_a_note_naming_the_other(make_book, tmp_path):
    src = _copied_book(make_book)
    data, report = check_file(src)
    out = tmp_path / "marked.xlsx"
    mark_file(src, out, data, report)
    wb = load_workbook(out)
    cell = form.cfield(1, "actions").cell
    for sheet, other in (("运一", "电气"), ("电气", "运一")):
        c = wb[sheet][cell]
        assert c.value == PASTED  # never changed
        assert c.fill.fgColor.rgb.endswith(FILLS["warning"])
        assert f"【{other}】第一项·主要做法及成效（{cell}）" in c.comment.text
    issues = [row for row in wb[form.ISSUES_SHEET].iter_rows(min_row=ISSUE_HEADER_ROW + 1, values_only=True)]
    assert [(r[1], r[2], r[6]) for r in issues] == [("运一", cell, "text-copied"), ("电气", cell, "text-copied")]


def test_an_answer_that_only_restates_criterion_four_is_not_the_discussion(make_book):
    values = valid_values("除灰")
    values["c4_actions"] = C4_TITLE  # contains all three questions, word for word
    _, report = check_file(make_book({"除灰": values}))
    assert report.flatten(["field", "code"]) == [["c4_actions", "c4-off-topic"], ["c4_actions", "text-echoes-notice"]]


def test_a_real_discussion_quoting_the_questions_passes(make_book):
    values = valid_values("化学")
    values["c4_actions"] = f"7月9日召开“{C4_TITLE[8:-5]}”专题讨论会，全体党员逐一发言，形成整改清单。"
    _, report = check_file(make_book({"化学": values}))
    assert report.findings == []


def test_the_notices_words_as_an_answer_and_a_repeated_answer(make_book):
    values = valid_values("汽机")
    values["c2_actions"] = C2_TITLE
    values["c3_actions"] = values["c5_actions"]
    _, report = check_file(make_book({"汽机": values}))
    assert report.flatten(["field", "code"]) == [
        ["c2_actions", "text-echoes-notice"],
        ["c3_actions", "text-repeated"],
        ["c5_actions", "text-repeated"],
    ]
    repeated = report.findings[1]
    assert "第五项" in repeated.message and repeated.related == (f"汽机!{form.cfield(5, 'actions').cell}",)


def test_stock_phrases_for_a_completed_criterion_are_vague(make_book):
    values = valid_values()
    values["c3_actions"] = "高度重视，精心组织，广泛宣传，营造了浓厚的氛围，取得了明显成效。"
    result = run("check", make_book({"运一": values}))
    assert result.exit_code == 0
    assert "【运一】B23：第三项填为“已完成”，但“主要做法及成效”只有套话" in result.output


def test_the_benchmark_baseline_switch_turns_the_text_checks_off(make_book):
    path = _copied_book(make_book)
    with_rules = json.loads(run("check", "--json", path).output)["findings"]
    without = json.loads(run("check", "--json", "--no-text-checks", path).output)["findings"]
    assert [f["code"] for f in with_rules] == ["text-copied", "text-copied"] and without == []
    assert "--no-text-checks" not in run("check", "--help").output
