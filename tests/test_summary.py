"""The summary of the committed sample: matrix, rates, 补课 list, narrative and 报送 line, pinned."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import SAMPLE, remediating_values, valid_values
from openpyxl import load_workbook

from reports.files import add_summary_sheet, summarize
from reports.tables import NO_DEADLINE, NOT_DUE, OVERDUE
from xladdin.jobs import check_file, mark_file, summarize_file, summary_parts
from xladdin.spec import form

NOW = datetime(2010, 9, 12, 9, 30)
BRANCHES = ["运一党支部", "电气党支部", "化学党支部", "除灰党支部", "运二党支部", "汽机党支部"]
C, R, X = form.COMPLETE, form.REMEDIATING, form.INCOMPLETE


@pytest.fixture(scope="module")
def sample_summary():
    _, report = check_file(SAMPLE)
    return summarize(report, SAMPLE, NOW)


def test_matrix_matches_the_sample(sample_summary):
    v = sample_summary.verdicts
    assert list(v.index) == [b.removesuffix("党支部") for b in BRANCHES]  # keyed by sheet, which is unique
    assert list(sample_summary.branch_names.values()) == BRANCHES
    assert v.values.tolist() == [
        [C, C, C, R, C],  # 运一 never held the discussion
        [C, C, R, X, C],  # 电气: 补课 for criterion 4 names no owner
        [C, C, C, C, C],  # 化学
        [C, X, R, X, C],  # 除灰: plan without a date, no discussion at all
        [C, C, X, C, X],  # 运二: evidence missing twice
        [C, C, X, C, C],  # 汽机: 补课 deadline before the fill date
    ]
    m = sample_summary.matrix
    assert m.iloc[1, 1:6].tolist() == ["✓ 合格", "✓ 合格", "△ 补课中", "✗ 不合格", "✓ 合格"]
    assert m["合格项数"].tolist() == [4, 3, 5, 2, 3, 4]
    assert m["完成率"].tolist() == pytest.approx([0.8, 0.6, 1.0, 0.4, 0.6, 0.8])
    assert m["错误"].tolist() == [0, 1, 0, 2, 2, 1]
    assert m["提示"].tolist() == [1, 1, 0, 0, 3, 3]  # 运二 and 汽机: two stock-phrase answers each (text-vague)


def test_completion_rate_per_criterion(sample_summary):
    c = sample_summary.criteria
    assert c["内容"].tolist() == [k.title for k in form.CRITERIA]
    assert c[["合格", "补课中", "不合格"]].values.tolist() == [[6, 0, 0], [5, 0, 1], [2, 2, 2], [3, 1, 2], [5, 0, 1]]
    assert c["完成率"].tolist() == pytest.approx([1, 5 / 6, 2 / 6, 3 / 6, 5 / 6])


def test_remedy_list_of_the_sample(sample_summary):
    rows = sample_summary.remedies[["支部", "项目", "责任人", "完成时限", "状态"]].values.tolist()
    assert rows == [
        ["运一党支部", "第四项", "史泽沛", date(2010, 9, 10), OVERDUE],
        ["电气党支部", "第三项", "杨洪鑫", date(2010, 9, 20), NOT_DUE],
        ["电气党支部", "第四项", None, date(2010, 9, 15), NOT_DUE],
        ["化学党支部", "第三项", "王梅保", date(2010, 9, 30), NOT_DUE],
        ["化学党支部", "第五项", "卜新方", date(2010, 10, 31), NOT_DUE],
        ["除灰党支部", "第三项", "周静", date(2010, 9, 30), NOT_DUE],
        ["汽机党支部", "第三项", "何文斌", date(2010, 8, 20), OVERDUE],
        ["汽机党支部", "第五项", "赵国庆", date(2010, 10, 31), NOT_DUE],
    ]
    first = sample_summary.remedies.iloc[0]
    assert first["存在不足"].startswith("受倒班影响") and first["补课措施"].startswith("9月上旬")


def test_recipients_title_and_trace(sample_summary):
    assert sample_summary.recipients == (
        "报：淮南市委创先争优活动领导小组办公室，大唐安徽分公司创先争优活动领导小组办公室，厂创先争优活动领导小组成员"
    )
    assert sample_summary.title == "创先争优活动动员部署阶段“回头看”情况汇总"
    assert "2010年9月12日" in sample_summary.subtitle
    assert "sample.xlsx" in sample_summary.trace and "2010-09-12 09:30" in sample_summary.trace
    assert "SHA-256 " in sample_summary.source_tag


def test_findings_and_highlights(sample_summary):
    f = sample_summary.findings
    assert len(f) == 14 and f["级别"].value_counts().to_dict() == {"错误": 6, "提示": 8}
    assert f[f["单元格"] == "D27"]["支部"].tolist() == ["汽机党支部"]
    assert not f["问题及修改方法"].str.startswith("【").any()
    h = sample_summary.highlights.set_index("支部")
    assert list(h.index) == BRANCHES
    assert "方伟" in h.loc["化学党支部", "先进典型"]


def test_narrative_is_derived_from_the_data(sample_summary):
    text = "".join(sample_summary.narrative)
    assert "6个党支部" in text and "合格21项" in text and "总体完成率70%" in text
    assert "只有化学党支部" in text
    assert "第三项“学习宣传”最为薄弱" in text
    assert "运一党支部（第四项）" in text and "仍在补课" in text
    assert "已有2项超过完成时限" in text and "汽机党支部第三项" in text
    assert "补课清单共8项" in text and "其中3项所在方面仍在补课，2项所在方面填报尚有错误，3项所在方面已合格" in text
    # What goes up the line says how many forms go back; the office's copy points to the 问题清单.
    assert sample_summary.returned == ("4个党支部的填报还有6处需要更正（电气党支部、除灰党支部、运二党支部、汽机党支部），"
                                       "已退回修改。")
    assert "6处错误" in sample_summary.office_errors and "8条提示" in sample_summary.office_errors


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime(2010, 8, 15), []),
        (datetime(2010, 9, 10, 23, 59), ["汽机党支部第三项"]),  # due today is not yet overdue
        (datetime(2010, 9, 11), ["运一党支部第四项", "汽机党支部第三项"]),
        (datetime(2010, 11, 1), ["运一党支部第四项", "电气党支部第三项", "电气党支部第四项", "化学党支部第三项",
                                 "化学党支部第五项", "除灰党支部第三项", "汽机党支部第三项", "汽机党支部第五项"]),
    ],
)
def test_report_date_drives_overdue(now, overdue):
    _, report = check_file(SAMPLE)
    s = summarize(report, SAMPLE, now)
    late = s.remedies[s.remedies["状态"] == OVERDUE]
    assert (late["支部"] + late["项目"]).tolist() == overdue
    assert set(s.remedies["状态"]) <= {OVERDUE, NOT_DUE}
    text = "".join(s.narrative)
    assert (f"已有{len(overdue)}项超过完成时限" in text) == bool(overdue)
    assert s.report_date == now.date()


def test_all_done_and_no_deadline_wording(make_book):
    complete = valid_values("运一")
    open_item = valid_values("电气")
    remediating_values(open_item, 2)
    open_item["c2_deadline"] = None
    path = make_book({"运一": complete, "电气": open_item})
    _, report = check_file(path)
    s = summarize(report, path, NOW)
    assert s.remedies["状态"].tolist() == [NO_DEADLINE]
    text = "".join(s.narrative)
    assert "只有运一党支部" in text and "没有明确完成时限（电气党支部第二项）" in text


def test_summary_file_writes_and_leaves_input_alone(tmp_path):
    before = SAMPLE.read_bytes()
    out = summarize_file(SAMPLE, tmp_path / "汇总.xlsx", now=NOW)
    assert SAMPLE.read_bytes() == before
    wb = load_workbook(out)
    assert wb.sheetnames == [form.SUMMARY_SHEET]
    ws = wb[form.SUMMARY_SHEET]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert ws["A1"].value == "创先争优活动动员部署阶段“回头看”情况汇总"
    assert "报：淮南市委创先争优活动领导小组办公室，大唐安徽分公司创先争优活动领导小组办公室，厂创先争优活动领导小组成员" in values
    assert values.count("✗ 不合格") == 6 + 1  # the matrix and the legend
    assert not list(tmp_path.glob(".*tmp*")), "the temp file of the atomic write is gone"


def test_summary_sheet_replaces_itself_in_a_marked_copy(tmp_path):
    data, report = check_file(SAMPLE)
    marked = mark_file(SAMPLE, tmp_path / "marked.xlsx", data, report)
    wb = load_workbook(marked)
    sheets = list(wb.sheetnames)
    add_summary_sheet(wb, summary_parts(report, SAMPLE.name, "0" * 64, NOW))
    add_summary_sheet(wb, summary_parts(report, SAMPLE.name, "0" * 64, datetime(2010, 9, 20)))
    assert wb.sheetnames == [form.SUMMARY_SHEET, *sheets]
    assert "2010年9月20日" in wb[form.SUMMARY_SHEET]["A2"].value
    wb.save(tmp_path / "with-summary.xlsx")
    _, again = check_file(tmp_path / "with-summary.xlsx")
    assert [b.verdicts for b in again.branches] == [b.verdicts for b in report.branches]


def test_summary_command(tmp_path):
    from click.testing import CliRunner

    from xladdin.cli.commands import main

    out = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(main, ["summary", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"已生成汇总工作簿：{out}"  # stderr: the default 落款 note
    assert load_workbook(out).sheetnames == [form.SUMMARY_SHEET]
    missing = CliRunner().invoke(main, ["summary", str(tmp_path / "无.xlsx"), "-o", str(out)])
    assert missing.exit_code == 2 and missing.output.startswith("错误：")
    same = CliRunner().invoke(main, ["summary", str(out), "-o", str(out)])
    assert same.exit_code == 2


def test_rows_are_keyed_by_sheet_not_by_full_name(make_book):
    """An unlisted sheet called 运一党支部 must not overwrite the real 运一's row."""

    def add_unlisted_twin(wb):
        settings = wb[form.SETTINGS_SHEET]
        row = form.BRANCH_TABLE_FIRST_ROW + 1
        settings[f"A{row}"], settings[f"B{row}"] = None, None  # the twin is not on the branch list

    path = make_book({"运一": valid_values(), "运一党支部": {}}, branches=("运一", "运一党支部"), edit=add_unlisted_twin)
    _, report = check_file(path)
    summary = summarize(report, path, NOW)
    assert list(summary.verdicts.index) == ["运一", "运一党支部"]
    assert summary.verdicts.loc["运一"].tolist() == [C] * 5
    assert summary.matrix.iloc[0, 1:6].tolist() == ["✓ 合格"] * 5
    assert summary.matrix.iloc[0]["合格项数"] == 5
