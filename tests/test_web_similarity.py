"""The page's 雷同 section and a round's progress file, on real checked workbooks and real files."""

from __future__ import annotations

import json

from conftest import valid_values

from xladdin.jobs import check_file
from xladdin.spec import form
from xladdin.web.jobs_adapter import record_check
from xladdin.web.outcome import FileOutcome
from xladdin.web.progress import ProgressFile, read_progress
from xladdin.web.similarity import COPIED, ECHOES, REPEATED, TEXT_CODES, VAGUE, how_to_fix, similarity_groups

REPEATED_TEXT = "每周三下午组织党员到集控室学习安全规程，并由值长讲解本周设备缺陷的处理经过和教训。"


def checked_outcome(make_book) -> FileOutcome:
    """运一 and 化学 give the same answers (运一's texts); 电气 echoes the notice, repeats itself, writes stock phrases."""
    dianqi = valid_values("电气")
    dianqi["c1_actions"] = form.CRITERIA[0].title  # the notice's own words
    dianqi["c2_actions"] = dianqi["c3_actions"] = REPEATED_TEXT
    dianqi["c5_actions"] = "高度重视，精心组织，扎实推进，取得明显成效。"
    book = make_book({"运一": valid_values(), "电气": dianqi, "化学": valid_values("化学")})  # 运一's texts
    outcome = FileOutcome(1, "回头看填报表.xlsx")
    record_check(outcome, check_file(book))
    return outcome


def test_groups_by_kind_each_pair_once_with_the_catalogue_s_advice(make_book):
    outcome = checked_outcome(make_book)
    groups = {g.code: g for g in similarity_groups(outcome)}
    assert list(groups) == [COPIED, ECHOES, REPEATED, VAGUE]
    copied_findings = [f for f in outcome.findings if f.code == COPIED]
    # Both cells of a copy carry the warning; the section shows the pair once, from the first side.
    assert len(copied_findings) == 10 and len(groups[COPIED].items) == 5
    first = groups[COPIED].items[0]
    assert (first.spot.text, [o.text for o in first.others]) == (
        "运一党支部 第一项·主要做法及成效（B9）", ["化学党支部 第一项·主要做法及成效（B9）"])
    repeated = groups[REPEATED].items
    assert [(i.spot.cell, [o.cell for o in i.others]) for i in repeated] == [("B16", ["B23"])]
    assert [i.spot.text for i in groups[ECHOES].items] == ["电气党支部 第一项·主要做法及成效（B9）"]
    assert [i.spot.cell for i in groups[VAGUE].items] == ["B37"]
    for code, group in groups.items():
        assert group.how and "{" not in group.how
        assert all(f.message.endswith(group.how) for f in outcome.findings if f.code == code)


def test_how_to_fix_is_the_message_s_advice_for_every_text_code():
    for code in TEXT_CODES:
        assert how_to_fix(code).startswith(("请", "五个方面")) and how_to_fix(code).endswith("。")


def test_no_text_warning_no_section(make_book):
    book = make_book({"运一": valid_values(), "电气": valid_values("电气")})
    outcome = FileOutcome(1, "a.xlsx")
    record_check(outcome, check_file(book))
    assert similarity_groups(outcome) == []


def test_the_progress_file_only_moves_forward_and_is_never_full_before_the_end(tmp_path):
    path = tmp_path / "progress.json"
    assert read_progress(path) is None
    told = ProgressFile(path, files=4)
    seen = []
    told.stage("回头看：正在收集各支部报回的文件…")
    seen.append(read_progress(path))
    for n in range(1, 4):  # a lock file among the four is never read: 3 of 3
        told.file_read(n, 3)
        seen.append(read_progress(path))
    for line in ("正在校验…", "正在绘制图表…", "正在写出标记副本…", "正在写出汇总工作簿…", "正在写出情况报告…",
                 "正在生成退回修改意见…"):
        told.stage(f"回头看：{line}")
        seen.append(read_progress(path))
    dones = [s["done"] for s in seen]
    assert dones == sorted(dones) and dones[-1] == seen[-1]["total"] - 1
    assert seen[3]["stage"] == "正在收集各支部报回的文件：已读取 3 / 3 个" and seen[3]["done"] == 4
    assert seen[-1]["stage"] == "正在生成退回修改意见…"
    path.write_text("{not json", encoding="utf-8")
    assert read_progress(path) is None
    path.write_text(json.dumps({"done": 1}), encoding="utf-8")
    assert read_progress(path) is None
