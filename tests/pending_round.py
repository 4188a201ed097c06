"""The clerk's inbox for item 4: 化学 sends two files that disagree (same 填表日期), 运二 an old .xls.

Shared by the tests of what `run` says on screen (test_collect_pending) and of what the outward
documents say (test_pending_outward).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import SAMPLE, sent_back
from openpyxl import load_workbook
from test_hostile import cfb

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names

NAME = "回头看填报表"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def pending_inbox(root: Path, silent: tuple[str, ...] = ()) -> Path:
    """Split the sample into root/下发 and fill root/收件 as the clerk's branches answered; silent send nothing."""
    assert run("split", SAMPLE, "-o", root / "下发").exit_code == 0
    inbox = root / "收件"
    inbox.mkdir()
    for f in (root / "下发").iterdir():
        short = f.name.split("_")[0]
        if short == "运二":
            (inbox / f"运二_{NAME}.xls").write_bytes(cfb({"Workbook": b"\x09\x08" + b"\0" * 100}))
        elif short == "化学":
            sent_back(f, inbox / f"化学_{NAME}.xlsx")
            wb = load_workbook(f)
            fill_by_names(wb, "化学", {"secretary": "更正后的书记"})  # same 填表日期, different content
            wb.save(inbox / f"化学_{NAME} - 更正.xlsx")
        elif short not in silent:
            sent_back(f, inbox / f.name)
    return inbox
