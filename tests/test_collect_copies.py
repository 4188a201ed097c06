"""Identical copies of one branch's file (clerk4 finding 7): the original's name is the one taken and cited."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from conftest import SAMPLE
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.jobs import split_file
from xladdin.spec import form


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_identical_copies_give_way_to_the_original_name(tmp_path):
    split_file(SAMPLE, tmp_path / "下发")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for short in ("电气", "汽机", "运一"):
        wb = load_workbook(tmp_path / "下发" / f"{short}_sample.xlsx")
        wb.save(inbox / f"{short}_sample.xlsx")  # opened and saved by the branch: a reply
    # Each copy sorts before its original, which used to make it the one taken.
    shutil.copy(inbox / "电气_sample.xlsx", inbox / "电气_sample - 副本.xlsx")
    shutil.copy(inbox / "电气_sample.xlsx", inbox / "复件 电气_sample.xlsx")
    shutil.copy(inbox / "汽机_sample.xlsx", inbox / "汽机_sample(1).xlsx")
    # Without copy marks, the shorter name.
    shutil.move(inbox / "运一_sample.xlsx", inbox / "运一_sample_终稿.xlsx")
    shutil.copy(inbox / "运一_sample_终稿.xlsx", inbox / "运一.xlsx")

    merged = tmp_path / "合并.xlsx"
    result = run("collect", inbox, "-o", merged, "--json")
    assert result.exit_code == 1, result.output  # three branches never replied
    out = json.loads(result.output)
    taken = {b["sheet"]: b["file"] for b in out["branches"] if b["status"] == "received"}
    assert taken == {"电气": "收件/电气_sample.xlsx", "汽机": "收件/汽机_sample.xlsx", "运一": "收件/运一.xlsx"}
    skipped = {s["file"]: s["reason"] for s in out["skipped"]}
    assert set(skipped) == {"收件/电气_sample - 副本.xlsx", "收件/复件 电气_sample.xlsx", "收件/汽机_sample(1).xlsx",
                            "收件/运一_sample_终稿.xlsx"}
    assert "“收件/电气_sample.xlsx”相同" in skipped["收件/复件 电气_sample.xlsx"]
    assert "“收件/汽机_sample.xlsx”相同" in skipped["收件/汽机_sample(1).xlsx"]

    # The 回收情况 sheet the office keeps cites the originals.
    sheet = load_workbook(merged)[form.COLLECTION_SHEET]
    rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    for short, name in (("电气", "电气_sample.xlsx"), ("汽机", "汽机_sample.xlsx")):
        (row,) = [r for r in rows if r[1].startswith(short)]
        assert any(cell.endswith(name) for cell in row) and not any("副本" in c or "(1)" in c for c in row)
