"""A round's returned files for the web page's tests, made the office's way from the sample.

The sample is split (`huitoukan split`: one file per branch, each with its own answers), then
sent back as offices do (see tests/test_collect_scenario.py): 运一 renames its file, 汽机
never answers, 运二 sends two files that disagree with the same 填表日期 (a conflict), and
化学 copies 电气's 主要做法 for the first criterion (a 雷同 warning). Six files in all.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from conftest import SAMPLE, sent_back
from openpyxl import load_workbook

from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.jobs import ledger_file, split_file

NAME = "回头看填报表"
COPIED_FIELD = "c1_actions"
LEDGER_NAME = "整改台账.xlsx"


def edited(source: Path, target: Path, sheet: str, values: dict[str, object]) -> Path:
    """What a branch does in its spreadsheet program: open the file, type, save under a name of its choosing."""
    wb = load_workbook(source)
    fill_by_names(wb, sheet, values)
    wb.save(target)
    return target


def returned_files(work: Path) -> list[Path]:
    """The six files the branches send back, under the names they gave them."""
    work.mkdir(parents=True, exist_ok=True)
    master = work / f"{NAME}.xlsx"
    shutil.copy(SAMPLE, master)
    split_file(master, work / "下发")
    own = {short: work / "下发" / f"{short}_{NAME}.xlsx" for short in ("运一", "电气", "化学", "除灰", "运二")}
    back = work / "收件"
    back.mkdir()
    files = [sent_back(own["运一"], back / "我们支部的报表.xlsx")]  # renamed
    files += [sent_back(own[short], back / own[short].name) for short in ("电气", "除灰", "运二")]
    files.append(edited(own["化学"], back / own["化学"].name, "化学",
                        {COPIED_FIELD: SAMPLE_VALUES["电气"][COPIED_FIELD]}))  # 电气's answer, pasted
    files.append(edited(own["运二"], back / "运二-修改.xlsx", "运二", {"secretary": "另一位书记"}))  # same date
    return [Path(f) for f in files]


def uploads(work: Path) -> list[tuple[str, bytes]]:
    return [(f.name, f.read_bytes()) for f in returned_files(work)]


def previous_ledger(work: Path, as_of: date = date(2010, 9, 1)) -> Path:
    """The 整改台账 the office kept from the first round (built from the sample itself)."""
    return ledger_file(SAMPLE, work / LEDGER_NAME, as_of=as_of).path


def second_round_files(work: Path) -> list[Path]:
    """Round 2 after returned_files(work): only 汽机 (late) and 运二 (one corrected file) send; the rest do not."""
    given = work / "下发"
    back = work / "收件2"
    back.mkdir()
    return [sent_back(given / f"汽机_{NAME}.xlsx", back / f"汽机_{NAME}.xlsx"),
            edited(given / f"运二_{NAME}.xlsx", back / "运二-第二轮.xlsx", "运二", {"secretary": "另一位书记"})]
