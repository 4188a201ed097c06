"""A branch's own file that cannot be read gets advice fitting why (clerk4 finding 7): a cut-off .xlsx is to be
sent again, not saved as .xlsx (it already is one); another format is to be saved as .xlsx."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import split_file
from xladdin.spec import form


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_cut_off_xlsx_is_to_be_sent_again_and_an_old_format_saved_as_xlsx(tmp_path):
    split_file(SAMPLE, tmp_path / "下发")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for short in ("运一", "电气", "化学", "汽机"):
        load_workbook(tmp_path / "下发" / f"{short}_sample.xlsx").save(inbox / f"{short}_sample.xlsx")
    whole = (tmp_path / "下发" / "除灰_sample.xlsx").read_bytes()
    (inbox / "除灰_sample.xlsx").write_bytes(whole[:6000])  # the attachment cut off
    (inbox / "运二_sample.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))  # an old .xls

    merged = tmp_path / "合并.xlsx"
    out = json.loads(run("collect", inbox, "-o", merged, "--json").output)
    statuses = {b["sheet"]: b["status"] for b in out["branches"]}
    assert statuses["除灰"] == statuses["运二"] == "unreadable"
    advice = {w["branch"]: w["message"] for w in out["warnings"] if w["code"] == "own-file-unreadable"}
    assert "请除灰党支部重新发送原文件" in advice["除灰"] and "不完整或已损坏" in advice["除灰"]
    assert "另存为 .xlsx" not in advice["除灰"]
    assert "请运二党支部另存为 .xlsx 后重新报回" in advice["运二"]

    # The 回收情况 sheet the office keeps says the same on each branch's row.
    sheet = load_workbook(merged)[form.COLLECTION_SHEET]
    notes = {row[1]: row[6] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    assert "请除灰党支部重新发送原文件" in notes["除灰党支部"] and "另存为" not in notes["除灰党支部"]
    assert "另存为 .xlsx" in notes["运二党支部"]
