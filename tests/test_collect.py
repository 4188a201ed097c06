"""huitoukan collect on real files: the round trip, --into, what is skipped and why, exit codes and --json."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, remediating_values, valid_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.errors import UserError
from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.jobs import check_file, collect_files, split_file
from xladdin.spec import form
from xladdin.spec.loop_text import COLLECTION_HEADERS
from xladdin.xlsx.read import read_workbook

NOW = datetime(2010, 9, 1, 9, 30)
SIX = form.DEFAULT_BRANCHES


def findings(path):
    _, report = check_file(path)
    return sorted((f.sheet, f.cell, f.code) for f in report.findings)


def round_trip(master: Path, work: Path) -> Path:
    split_file(master, work / "下发")
    merged = work / "合并.xlsx"
    collect_files([work / "下发"], merged, now=NOW)
    return merged


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ---- a round trip keeps everything -------------------------------------------------


def test_split_then_collect_gives_the_sample_s_findings(tmp_path):
    merged = round_trip(SAMPLE, tmp_path)
    assert findings(merged) == findings(SAMPLE)
    ours, theirs = read_workbook(merged), read_workbook(SAMPLE)
    assert [s.sheet for s in ours.sheets] == [s.sheet for s in theirs.sheets]
    for a, b in zip(ours.sheets, theirs.sheets, strict=True):
        assert a.raw == b.raw  # every value, as typed


FIELD_NAMES = [f.name for f in form.FIELDS if f.name != "branch_name"]


@st.composite
def masters(draw):
    """Three branches, each empty, valid, 补课 on some criteria, or valid with fields blanked or odd text."""
    fills = {}
    for short in ("运一", "电气", "化学"):
        kind = draw(st.sampled_from(["empty", "valid", "remedy", "broken"]))
        if kind == "empty":
            continue
        values = valid_values(short)
        if kind == "remedy":
            for cid in draw(st.sets(st.sampled_from(form.CRITERION_IDS), min_size=1, max_size=3)):
                remediating_values(values, cid, draw(st.sampled_from([form.STATUS_PARTIAL, form.STATUS_NOT_STARTED])))
        if kind == "broken":
            for name in draw(st.sets(st.sampled_from(FIELD_NAMES), min_size=1, max_size=6)):
                values[name] = draw(st.sampled_from([None, "无", "=1+1", "2010年13月1日", "二十八"]))
        fills[short] = values
    return fills


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fills=masters())
def test_split_then_collect_keeps_every_finding_of_any_filled_master(fills):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wb = build_template(tuple(b for b in SIX if b.short in ("运一", "电气", "化学")))
        for sheet, values in fills.items():
            fill_by_names(wb, sheet, values)
        master = work / "总表.xlsx"
        wb.save(master)
        merged = round_trip(master, work)
        assert findings(merged) == findings(master)


def test_the_merged_workbook_is_a_fresh_template_with_the_round_s_settings_and_no_scope(make_book, tmp_path):
    def office(wb):
        wb[form.SETTINGS_SHEET]["B4"] = "学习实践阶段“回头看”"

    master = make_book({"运一": valid_values()}, branches=("运一", "电气"), edit=office)
    merged = round_trip(master, tmp_path)
    data = read_workbook(merged)
    assert data.settings.round_name == "学习实践阶段“回头看”"
    assert data.settings.scope is None and data.settings.template_version == form.TEMPLATE_VERSION
    wb = load_workbook(merged)
    assert wb.sheetnames == [form.COLLECTION_SHEET, form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, "运一", "电气"]
    assert wb.active.title == form.COLLECTION_SHEET
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [form.COLLECTION_SHEET]
    # check reads the branches' own findings, never the 回收情况 sheet.
    assert findings(merged) == [("电气", None, "branch-empty")]


# ---- --into a master -----------------------------------------------------------------


def test_into_replaces_only_the_branches_received_and_keeps_a_backup(tmp_path):
    master = tmp_path / "总表.xlsx"
    shutil.copy(SAMPLE, master)
    original = master.read_bytes()
    before = {s.sheet: s.raw for s in read_workbook(master).sheets}
    inbox = tmp_path / "收件"
    inbox.mkdir()
    wb = build_template(SIX)
    values = valid_values("运一")
    values["secretary"] = "新书记"
    fill_by_names(wb, "运一", values)
    wb.save(inbox / "运一_第二轮.xlsx")

    result = run("collect", inbox, "--into", master, "--json")
    # Five branches sent nothing this round: they keep their earlier answers, nothing is missing.
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    statuses = {b["sheet"]: b["status"] for b in out["branches"]}
    assert statuses == {"运一": "received", **{b.short: "kept" for b in SIX[1:]}}
    backup = Path(out["backup"])
    assert backup.read_bytes() == original and backup.parent == tmp_path
    after = {s.sheet: s.raw for s in read_workbook(master).sheets}
    assert after["运一"]["secretary"] == "新书记"
    assert {k: v for k, v in after.items() if k != "运一"} == {k: v for k, v in before.items() if k != "运一"}
    wb = load_workbook(master)
    assert wb.sheetnames[0] == form.COLLECTION_SHEET

    # A second round replaces our 回收情况 sheet; one the office made itself is never replaced.
    assert run("collect", inbox, "--into", master).exit_code == 0
    assert load_workbook(master).sheetnames.count(form.COLLECTION_SHEET) == 1
    wb = load_workbook(master)
    ws = wb[form.COLLECTION_SHEET]
    for row in ws.iter_rows():
        for cell in row:
            if cell.coordinate not in ws.merged_cells:
                cell.value = None
    ws["A1"] = "办公室自己的表"
    wb.save(master)
    # Nothing new to take: the master is left alone, the office's sheet with it.
    result = run("collect", inbox, "--into", master)
    assert result.exit_code == 0 and "未改动" in result.output and load_workbook(master)[form.COLLECTION_SHEET]["A1"].value
    # Something new: the sheet would be replaced, and is not.
    wb = build_template(SIX)
    fill_by_names(wb, "运一", {**values, "secretary": "又一位书记"})
    wb.save(inbox / "运一_第二轮.xlsx")
    result = run("collect", inbox, "--into", master)
    assert result.exit_code == 2 and "不是本工具生成的" in result.output


def test_into_refuses_a_master_of_another_template_version(make_book, tmp_path):
    def first_template(wb):
        del wb.defined_names[form.TEMPLATE_NAME]

    old = make_book({}, branches=("运一",), edit=first_template)
    split_file(make_book({"运一": valid_values()}, branches=("运一",)), tmp_path / "收件")
    with pytest.raises(UserError) as err:
        collect_files([tmp_path / "收件"], into=old)
    assert err.value.code == "collect-into-version"


# ---- what is skipped, and why -----------------------------------------------------------


def test_lock_files_junk_broken_and_other_versions_are_skipped_each_with_its_reason(make_book, tmp_path):
    inbox = tmp_path / "收件"
    split_file(make_book({"运一": valid_values()}, branches=("运一", "电气")), inbox)
    sub = inbox / "第二批"
    sub.mkdir()
    (inbox / "~$运一_book0.xlsx").write_bytes(b"\x00owner")
    (sub / ".~lock.电气_book0.xlsx#").write_text("office,host,2010", encoding="utf-8")
    (inbox / "扫描件.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "邮件附件.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an (empty) archive of attachments
    (sub / "坏了.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (sub / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    def first_template(wb):
        del wb.defined_names[form.TEMPLATE_NAME]

    old = make_book({"电气": valid_values("电气")}, branches=("运一", "电气"), edit=first_template)
    shutil.copy(old, sub / "电气_旧模板.xlsx")

    result = run("collect", inbox, "-o", tmp_path / "合并.xlsx", "--json")
    assert result.exit_code == 1, result.output
    out = json.loads(result.output)
    skipped = {s["file"]: s["code"] for s in out["skipped"]}
    assert skipped == {
        "收件/~$运一_book0.xlsx": "lock-file",
        "收件/扫描件.pdf": "not-workbook",
        "收件/邮件附件.zip": "zip-archive",
        "收件/第二批/.~lock.电气_book0.xlsx#": "lock-file",
        "收件/第二批/坏了.xlsx": "zip-truncated",
        "收件/第二批/旧表.xls": "not-excel",  # OLE magic, but no workbook inside
        "收件/第二批/电气_旧模板.xlsx": "version-old",
    }
    reasons = {s["file"]: s["reason"] for s in out["skipped"]}
    assert "repair" in reasons["收件/第二批/电气_旧模板.xlsx"]
    assert "请先解压" in reasons["收件/邮件附件.zip"] and "收件文件夹" in reasons["收件/邮件附件.zip"]
    # A broken file gets the very line check gives for it.
    check = run("check", sub / "坏了.xlsx")
    assert check.exit_code == 2 and check.output.strip() == f"错误：{reasons['收件/第二批/坏了.xlsx']}"
    # 电气's own files came back but none could be used: 未能读取 (待核实), not 未报送.
    assert {b["sheet"]: b["status"] for b in out["branches"]} == {"运一": "received", "电气": "unreadable"}


def test_no_usable_file_is_exit_2(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    (inbox / "~$a.xlsx").write_bytes(b"x")
    (inbox / "说明.txt").write_text("hello", encoding="utf-8")
    result = run("collect", inbox, "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 2 and "没有可以收集的报回文件" in result.output
    assert not (tmp_path / "合并.xlsx").exists()


def test_usage_mistakes_are_one_chinese_line_and_exit_2(tmp_path, make_book):
    split_file(make_book({"运一": valid_values()}, branches=("运一",)), tmp_path / "收件")
    for args in (["collect", tmp_path / "收件"],
                 ["collect", tmp_path / "收件", "-o", tmp_path / "a.xlsx", "--into", tmp_path / "b.xlsx"],
                 ["collect", "-o", tmp_path / "a.xlsx"],
                 ["collect", tmp_path / "没有这个文件夹", "-o", tmp_path / "a.xlsx"]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), result.output


# ---- exit codes, --json, overwriting -------------------------------------------------------


def test_everything_received_is_exit_0_and_the_json_has_its_shape(tmp_path):
    split_file(SAMPLE, tmp_path / "收件")
    result = run("collect", tmp_path / "收件", "-o", tmp_path / "合并.xlsx", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) >= {"branches", "skipped", "warnings"}
    assert out["skipped"] == [] and out["warnings"] == []
    first = out["branches"][0]
    taken = datetime.strptime(first.pop("collected_at"), "%Y-%m-%d %H:%M:%S")  # this run: now
    assert abs((taken - datetime.now()).total_seconds()) < 120
    assert first == {"sheet": "运一", "branch": "运一党支部", "status": "received", "file": "收件/运一_sample.xlsx",
                     "fill_date": "2010-08-25", "files": []}
    assert [b["sheet"] for b in out["branches"]] == [b.short for b in SIX]


def test_the_human_output_shows_the_same_table(tmp_path):
    split_file(SAMPLE, tmp_path / "收件")
    (tmp_path / "收件" / "汽机_sample.xlsx").unlink()
    result = run("collect", tmp_path / "收件", "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.split() == ["运一党支部", "已收到", "2010-08-25", "收件/运一_sample.xlsx"] for line in lines)
    assert any(line.split() == ["汽机党支部", "未报送", "—", "—"] for line in lines)
    assert "已收到 5 个，未报送 1 个，冲突 0 个" in result.output


def test_an_existing_output_is_refused_without_force_and_backed_up_with_it(tmp_path):
    split_file(SAMPLE, tmp_path / "收件")
    target = tmp_path / "合并.xlsx"
    target.write_bytes(b"earlier result")
    result = run("collect", tmp_path / "收件", "-o", target)
    assert result.exit_code == 2 and "已存在" in result.output
    assert target.read_bytes() == b"earlier result"
    result = run("collect", tmp_path / "收件", "-o", target, "--force")
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("合并.bak-*.xlsx")
    assert backup.read_bytes() == b"earlier result"
    assert "原有的同名文件已备份为" in result.output


def test_the_output_inside_the_inbox_is_not_collected_again(tmp_path):
    split_file(SAMPLE, tmp_path / "收件")
    target = tmp_path / "收件" / "合并.xlsx"
    assert run("collect", tmp_path / "收件", "-o", target).exit_code == 0
    result = run("collect", tmp_path / "收件", "-o", target, "--force", "--json")
    out = json.loads(result.output)
    skipped = {s["file"]: s["code"] for s in out["skipped"]}
    assert skipped["收件/合并.xlsx"] == "collect-target"
    (backup,) = [k for k in skipped if ".bak-" in k]  # the first merge, kept aside by --force
    assert skipped[backup] == "backup-copy"


def test_two_returned_files_for_one_branch_take_the_later_fill_date(make_book, tmp_path):
    inbox = tmp_path / "收件"
    early, late = valid_values(), valid_values()
    late["secretary"], late["fill_date"] = "改过的", date(2010, 8, 28)
    for name, values in (("运一_第一次", early), ("运一_改过", late)):
        split_file(make_book({"运一": values}, branches=("运一",)), tmp_path / name)
        shutil.copytree(tmp_path / name, inbox, dirs_exist_ok=True)
    result = collect_files([inbox], tmp_path / "合并.xlsx", now=NOW)
    (row,) = result.rows
    assert row.status == "received" and row.fill_date == "2010-08-28" and len(row.files) == 2
    assert [n.code for n in result.notices] == ["conflict-later"]
    assert read_workbook(tmp_path / "合并.xlsx").sheets[0].raw["secretary"] == "改过的"


def test_the_collection_sheet_lists_each_branch_and_prints_on_a4(tmp_path):
    split_file(SAMPLE, tmp_path / "收件")
    (tmp_path / "收件" / "汽机_sample.xlsx").unlink()
    collect_files([tmp_path / "收件"], tmp_path / "合并.xlsx", now=NOW)
    ws = load_workbook(tmp_path / "合并.xlsx")[form.COLLECTION_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_col=7)]
    assert "回收情况" in rows[0][0] and "2010-09-01 09:30" in rows[1][0]
    assert tuple(rows[2]) == COLLECTION_HEADERS
    assert rows[3][:6] == [1, "运一党支部", "已收到", "收件/运一_sample.xlsx", "2010-08-25", "2010-09-01 09:30:00"]
    assert rows[8][:6] == [6, "汽机党支部", "未报送", None, None, None]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$3"


def test_a_hostile_file_gets_the_refusal_check_gives_and_a_newer_template_says_upgrade(make_book, tmp_path):
    from test_hostile import rezip

    inbox = tmp_path / "收件"
    split_file(make_book({"运一": valid_values()}, branches=("运一", "电气")), inbox)
    rezip(inbox / "电气_book0.xlsx", tmp_path / "实体.xlsx",
          {"xl/workbook.xml": lambda d: b"<!DOCTYPE x [<!ENTITY e 'boom'>]>" + d})
    shutil.move(tmp_path / "实体.xlsx", inbox / "电气_book0.xlsx")

    def newer(wb):
        wb[form.SETTINGS_SHEET][form.SETTINGS_BY_NAME[form.TEMPLATE_NAME].cell] = form.template_label(9)

    shutil.copy(make_book({"电气": valid_values("电气")}, branches=("运一", "电气"), edit=newer), inbox / "电气_新版.xlsx")
    result = collect_files([inbox], tmp_path / "合并.xlsx", now=NOW)
    skipped = {s.file: s for s in result.skipped}
    assert skipped["收件/电气_book0.xlsx"].code == "xml-entities"
    check = run("check", inbox / "电气_book0.xlsx")
    assert check.output.strip() == f"错误：{skipped['收件/电气_book0.xlsx'].reason}"
    assert skipped["收件/电气_新版.xlsx"].code == "version-newer" and "升级" in skipped["收件/电气_新版.xlsx"].reason
    assert [r.status for r in result.rows] == ["received", "unreadable"] and not result.complete


def test_a_renamed_sheet_in_a_full_copy_is_known_by_its_party_branch_cell(make_book, tmp_path):
    from conftest import rename_sheet

    values = valid_values("汽机")
    copy = make_book({"汽机": values}, branches=("运一", "汽机"), edit=lambda wb: rename_sheet(wb, "汽机", "我们的表"))
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(copy, inbox / "回头看.xlsx")
    result = collect_files([inbox], tmp_path / "合并.xlsx", now=NOW)
    assert [(r.branch.short, r.status, r.file) for r in result.rows] == [
        ("运一", "missing", None), ("汽机", "received", "收件/回头看.xlsx")]
    assert read_workbook(tmp_path / "合并.xlsx").sheets[1].raw["secretary"] == values["secretary"]


def test_settings_the_files_disagree_on_are_said_and_the_most_common_is_kept(make_book, tmp_path):
    def campaign(text):
        def edit(wb):
            wb[form.SETTINGS_SHEET]["B3"] = text
        return edit

    inbox = tmp_path / "收件"
    inbox.mkdir()
    for short, text in (("运一", "甲活动"), ("电气", "甲活动"), ("化学", "乙活动")):
        master = make_book({short: valid_values(short)}, branches=("运一", "电气", "化学"), edit=campaign(text))
        split_file(master, tmp_path / short)
        shutil.copy(tmp_path / short / f"{short}_{master.stem}.xlsx", inbox / f"{short}.xlsx")
    result = collect_files([inbox], tmp_path / "合并.xlsx", now=NOW)
    (n,) = result.notices
    assert n.code == "setting-disagree" and n.branch is None and "收件/化学.xlsx" in n.message
    assert read_workbook(tmp_path / "合并.xlsx").settings.campaign == "甲活动"
    assert all(r.status == "received" for r in result.rows) and not result.complete


def test_a_branch_name_that_cannot_be_a_sheet_is_said_not_fatal(make_book, tmp_path):
    def odd_branch(wb):
        wb[form.SETTINGS_SHEET][f"A{form.BRANCH_TABLE_FIRST_ROW + 1}"] = "运一/二"

    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(make_book({"运一": valid_values()}, branches=("运一",), edit=odd_branch), inbox / "运一.xlsx")
    result = collect_files([inbox], tmp_path / "合并.xlsx", now=NOW)
    assert [(r.branch.short, r.status) for r in result.rows] == [("运一", "received")]
    assert [n.code for n in result.notices] == ["branch-name-unusable"]


def test_into_a_master_without_the_branch_s_sheet_says_so_and_an_open_master_is_refused_first(make_book, tmp_path):
    master = make_book({}, branches=("运一",))
    split_file(make_book({"电气": valid_values("电气")}, branches=("运一", "电气")), tmp_path / "收件")
    (tmp_path / "收件" / "运一_book1.xlsx").unlink()
    result = collect_files([tmp_path / "收件"], into=master, now=NOW)
    assert [(r.branch.short, r.status) for r in result.rows] == [("运一", "missing"), ("电气", "received")]
    assert [(n.code, n.sheet) for n in result.notices] == [("into-no-sheet", "电气")]
    assert [s.sheet for s in read_workbook(master).sheets] == ["运一"]
    assert result.backup is not None and result.backup.exists()

    lock = master.with_name(f".~lock.{master.name}#")
    lock.write_text("someone,host", encoding="utf-8")
    before = master.read_bytes()
    with pytest.raises(UserError) as err:
        collect_files([tmp_path / "收件"], into=master, now=NOW)
    assert err.value.code == "file-open-elsewhere" and master.read_bytes() == before


def test_corrected_feedback_files_come_back_into_the_master(tmp_path):
    """退回 -> the branch fixes its file -> collect --into the master: only the fixed branch's findings change."""
    from xladdin.jobs import feedback_files

    master = tmp_path / "总表.xlsx"
    shutil.copy(SAMPLE, master)
    (tmp_path / "退回").mkdir()
    written = feedback_files(master, tmp_path / "退回")
    returned = {f.path.name.split("_")[0]: f.path for f in written}
    assert "电气" in returned
    wb = load_workbook(returned["电气"])
    fill_by_names(wb, "电气", {"c4_owner": "赵建国"})  # the missing 责任人 the feedback asked for
    inbox = tmp_path / "收件"
    inbox.mkdir()
    wb.save(inbox / "电气_已修改.xlsx")

    before = findings(master)
    result = collect_files([inbox], into=master, now=NOW)
    assert {r.branch.short: r.status for r in result.rows}["电气"] == "received"
    after = findings(master)
    fixed = [f for f in before if f not in after]
    assert fixed == [("电气", form.cfield(4, "owner").cell, "remedy-field-missing")]
    assert [f for f in after if f not in before] == []
