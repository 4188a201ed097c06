"""Files the office sends out (split, feedback) are not taken as replies when they land in the inbox untouched.

The clerk's slip: `feedback -o 收件/退回` writes each branch's 退回修改意见 into the folder
collect reads; the next collect then took 除灰's old answers as 除灰's reply. Each outgoing
file carries a zip comment; any spreadsheet program's save drops it, so a branch's real
reply (even its untouched-looking one, saved once) is collected as before.
"""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from lo import resave_xlsx
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.marks import feedback as feedback_module
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.spec import form
from xladdin.spec.loop_text import CONFLICT, RECEIVED, skip_reason
from xladdin.xlsx.stamp import stamp, stamped, untouched_output


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def collected(inbox, out):
    result = run("collect", inbox, "-o", out, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_feedback_written_into_the_inbox_gives_way_to_the_branchs_reply(tmp_path):
    inbox = tmp_path / "收件"
    result = run("feedback", SAMPLE, "-o", inbox / "退回")
    assert result.exit_code == 0, result.output
    outgoing = {p.name: p for p in (inbox / "退回").glob("*.xlsx")}
    assert "电气_退回修改意见.xlsx" in outgoing and all(untouched_output(p) == "feedback" for p in outgoing.values())
    # 电气 corrects its file in its spreadsheet program and sends it back into the same inbox.
    wb = load_workbook(outgoing["电气_退回修改意见.xlsx"])
    fill_by_names(wb, "电气", {"c1_remedy": "九月底前补开专题组织生活会"})
    wb.save(inbox / "电气改好的.xlsx")

    report = collected(inbox, tmp_path / "合并.xlsx")
    skipped = {s["file"].rsplit("/", 1)[-1]: s for s in report["skipped"]}
    assert skipped["电气_退回修改意见.xlsx"]["code"] == "feedback-untouched"
    assert skipped["电气_退回修改意见.xlsx"]["reason"] == skip_reason("feedback-untouched", branches="电气党支部")
    rows = {r["sheet"]: r for r in report["branches"]}
    assert rows["电气"]["status"] == RECEIVED and rows["电气"]["file"].endswith("电气改好的.xlsx")
    assert report["summary"][CONFLICT] == 0
    # The others have not replied: their copies are read, each with a line saying what it is.
    unchanged = {w["file"].rsplit("/", 1)[-1] for w in report["warnings"] if w["code"] == "feedback-unchanged"}
    assert unchanged == set(outgoing) - {"电气_退回修改意见.xlsx"}
    assert all("移到收件文件夹以外" in w["message"] for w in report["warnings"] if w["code"] == "feedback-unchanged")


def test_a_split_file_in_the_inbox_gives_way_to_the_reply_and_otherwise_counts(tmp_path):
    inbox = tmp_path / "收件"
    result = run("split", SAMPLE, "-o", inbox / "下发")
    assert result.exit_code == 0, result.output
    outgoing = {p.name.split("_", 1)[0]: p for p in (inbox / "下发").glob("*.xlsx")}
    assert all(untouched_output(p) == "split" for p in outgoing.values())
    wb = load_workbook(outgoing["运一"])
    fill_by_names(wb, "运一", {"c1_remedy": "九月底前补开专题组织生活会"})
    wb.save(inbox / "运一回复.xlsx")

    report = collected(inbox, tmp_path / "合并.xlsx")
    skipped = {s["file"].rsplit("/", 1)[-1]: s["code"] for s in report["skipped"]}
    assert skipped.get(outgoing["运一"].name) == "split-untouched"
    assert [skipped.get(p.name) for short, p in outgoing.items() if short != "运一"].count("split-untouched") == 0
    rows = {r["sheet"]: r for r in report["branches"]}
    assert rows["运一"]["file"].endswith("运一回复.xlsx")
    # A branch forwarding what it was sent, unchanged, has replied: no warning about it.
    assert not any(w["code"].endswith("unchanged") for w in report["warnings"])


def test_a_file_saved_by_libreoffice_loses_the_stamp_and_counts_as_a_reply(tmp_path, soffice_required):
    out = tmp_path / "退回"
    assert run("feedback", SAMPLE, "-o", out).exit_code == 0
    sent = out / "电气_退回修改意见.xlsx"
    resaved = resave_xlsx(sent, tmp_path / "电气保存后")
    assert untouched_output(sent) == "feedback"
    assert untouched_output(resaved) is None
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(resaved, inbox / "电气.xlsx")
    report = collected(inbox, tmp_path / "合并.xlsx")
    assert "电气.xlsx" not in {s["file"].rsplit("/", 1)[-1] for s in report["skipped"]}
    assert {r["sheet"]: r["status"] for r in report["branches"]}["电气"] == RECEIVED
    assert not any(w["code"] == "feedback-unchanged" for w in report["warnings"])  # 电气 saved it: a reply


def test_the_openpyxl_path_stamps_feedback_files_too(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise NotUnderstood("forced for the test")

    monkeypatch.setattr(feedback_module.patch, "feedback_copy", refuse)
    result = run("feedback", SAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("*.xlsx"))
    assert written and all(untouched_output(p) == "feedback" for p in written)


def test_the_stamp_is_only_a_zip_comment(tmp_path):
    book = tmp_path / "b.xlsx"
    build_template(form.DEFAULT_BRANCHES).save(book)
    before = {i.filename: i.CRC for i in zipfile.ZipFile(book).infolist()}
    assert untouched_output(book) is None
    stamp(book, "split")
    assert untouched_output(book) == "split"
    assert {i.filename: i.CRC for i in zipfile.ZipFile(book).infolist()} == before
    assert load_workbook(book).sheetnames  # still a workbook
    with zipfile.ZipFile(book, "a") as archive:
        archive.comment = b"huitoukan:something-else"
    assert untouched_output(book) is None  # only the kinds we write
    with pytest.raises(ValueError):
        stamp(book, "something-else")
    # run's results carry a stamp too (so a later run can tell one saved since), but collect never takes
    # one for a file sent to a branch.
    stamp(book, "marked")
    assert stamped(book) == "marked" and untouched_output(book) is None
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    assert untouched_output(tmp_path / "broken.xlsx") is None


def test_blank_split_files_in_the_inbox_are_named_as_the_offices_not_as_empty_replies(tmp_path):
    master = tmp_path / "回头看填报表.xlsx"
    build_template(form.DEFAULT_BRANCHES).save(master)
    inbox = tmp_path / "收件"
    assert run("split", master, "-o", inbox).exit_code == 0
    wb = load_workbook(inbox / "运一_回头看填报表.xlsx")
    fill_by_names(wb, "运一", {"secretary": "史泽沛", "member_count": 28})
    wb.save(inbox / "运一回复.xlsx")

    report = collected(inbox, tmp_path / "合并.xlsx")
    codes = [(w["branch"], w["code"]) for w in report["warnings"]]
    others = [b.short for b in form.DEFAULT_BRANCHES if b.short != "运一"]
    assert sorted(b for b, code in codes if code == "own-file-unopened") == sorted(others)
    assert not any(code == "own-file-empty" for _, code in codes)
    message = next(w["message"] for w in report["warnings"] if w["code"] == "own-file-unopened")
    assert "不是" in message and "报回的文件" in message and "收件文件夹以外" in message


def test_duplicate_replies_are_listed_as_the_same_as_the_one_taken(tmp_path):
    out = tmp_path / "下发"
    assert run("split", SAMPLE, "-o", out).exit_code == 0
    inbox = tmp_path / "收件"
    inbox.mkdir()
    wb = load_workbook(next(out.glob("运一_*.xlsx")))
    fill_by_names(wb, "运一", {"c1_remedy": "九月底前补开专题组织生活会"})
    wb.save(inbox / "运一.xlsx")
    shutil.copy(inbox / "运一.xlsx", inbox / "运一(1).xlsx")  # sent twice
    shutil.copy(inbox / "运一.xlsx", inbox / "运一(2).xlsx")

    report = collected(inbox, tmp_path / "合并.xlsx")
    taken = {r["sheet"]: r for r in report["branches"]}["运一"]["file"].rsplit("/", 1)[-1]
    same = {s["file"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"] if s["code"] == "same-as-taken"}
    assert set(same) == {"运一.xlsx", "运一(1).xlsx", "运一(2).xlsx"} - {taken}
    assert all(reason == skip_reason("same-as-taken", files=f"“收件/{taken}”") for reason in same.values())


def test_feedback_into_a_folder_holding_a_reply_of_the_same_name_says_so(tmp_path):
    inbox = tmp_path / "收件"
    assert run("feedback", SAMPLE, "-o", inbox).exit_code == 0
    reply = inbox / "电气_退回修改意见.xlsx"
    wb = load_workbook(reply)  # 电气 corrects the file it was sent and sends it back under the same name
    fill_by_names(wb, "电气", {"c1_remedy": "九月底前补开专题组织生活会"})
    wb.save(reply)
    before = reply.read_bytes()

    refused = run("feedback", SAMPLE, "-o", inbox)
    assert refused.exit_code == 2
    assert "可能是支部改好后报回的文件" in refused.output and "电气_退回修改意见.xlsx" in refused.output
    assert reply.read_bytes() == before

    forced = run("feedback", SAMPLE, "-o", inbox, "--force")
    assert forced.exit_code == 0, forced.output
    warning = next(line for line in forced.output.splitlines() if line.startswith("警告：替换了"))
    assert "电气_退回修改意见.xlsx" in warning and "可能是支部报回的文件" in warning
    backups = list((inbox / "备份").glob("电气_退回修改意见.bak-*.xlsx"))
    assert not list(inbox.glob("*.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    # Our own untouched files replaced with --force: no such warning.
    again = run("feedback", SAMPLE, "-o", inbox, "--force")
    assert "警告：替换了" not in again.output


def test_collect_over_an_earlier_merge_points_to_into(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / "回头看填报表.xlsx")
    merged = tmp_path / "总表.xlsx"
    assert run("collect", inbox, "-o", merged).exit_code in (0, 1)
    before = merged.read_bytes()
    refused = run("collect", inbox, "-o", merged)
    assert refused.exit_code == 2 and "--into" in refused.output and "以前合并的工作簿" in refused.output
    assert merged.read_bytes() == before
    forced = run("collect", inbox, "-o", merged, "--force")
    assert forced.exit_code in (0, 1), forced.output
    assert any(line.startswith("警告：") and "--into" in line for line in forced.output.splitlines())
    assert list(tmp_path.glob("总表.bak-*.xlsx"))
