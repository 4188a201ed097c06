"""The office's own blank 催报 form (the 退回修改意见 feedback writes for a branch that never reported),
left unopened in the inbox: not the branch's reply, said once, without a second note that contradicts it.
Real files through the command line (clerk4's review, finding 7)."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from conftest import SAMPLE

from xladdin.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_an_unopened_blank_chaser_is_the_offices_copy_and_said_once(tmp_path):
    sent = tmp_path / "下发"
    assert run("split", SAMPLE, "-o", sent).exit_code == 0
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for path in sent.glob("*.xlsx"):
        if not path.name.startswith("运二_"):  # 运二 never reports
            shutil.copy(path, inbox / path.name)
    out = tmp_path / "输出"
    assert run("run", inbox, "-o", out, "--date", "2010-09-12").exit_code == 1
    chaser = out / "退回修改" / "运二_退回修改意见.xlsx"
    assert chaser.exists()

    inbox2 = tmp_path / "收件2"
    inbox2.mkdir()
    shutil.copy(chaser, inbox2 / chaser.name)  # the office's copy lands among the replies
    result = run("collect", inbox2, "--into", out / "回头看填报表_合并.xlsx", "--json")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    row = next(b for b in report["branches"] if b["sheet"] == "运二")
    assert row["status"] == "missing"
    about = [w["code"] for w in report["warnings"] if "运二_退回修改意见" in w["message"]]
    assert about == ["own-feedback-unopened"]
