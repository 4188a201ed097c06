"""Shared fixtures: small workbooks built from the real template in tmp_path."""

from __future__ import annotations

import os

# xlwings registers its remote engine only if this is set when it is first
# imported. Tests only: the product uses the free classic COM path.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("HUITOUKAN_LOG_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "huitoukan-test-logs"))

import shutil
import zipfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest

from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.spec import form

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbook" / "sample.xlsx"
TEMPLATE = ROOT / "workbook" / "template.xlsx"


# What each criterion's 主要做法及成效 says: its own facts per branch, so that two
# valid branches are not copies of each other (the 实事求是 text checks).
_ACTIONS = {
    "运一": (
        "5月14日召开分场党支部动员会，分场主任张本立作动员讲话。",
        "结合运行倒班实际制定支部实施方案，按值设立党员责任区。",
        "利用交接班会组织党员学习上级文件，在集控室设立宣传栏。",
        "7月召开“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论会，每名党员发言。",
        "8月16日与电气党支部互“看”互查，交流迎峰度夏期间的安全运行经验。",
    ),
    "电气": (
        "5月17日召开支部党员大会进行动员，书记杨洪鑫讲解活动目标。",
        "制定电气分场党支部实施方案，把设备治理和检修质量列为活动重点。",
        "组织党员集中学习两次，在班组园地张贴活动宣传材料。",
        "结合班组安全活动组织党员讨论“立足岗位干什么”，整理发言记录。",
        "把活动与迎峰度夏设备消缺结合起来，消缺及时率明显提高。",
    ),
}


def valid_values(short: str = "运一") -> dict[str, object]:
    """A branch sheet that passes every rule, with honest shortcomings (运一's texts unless short is 电气)."""
    values: dict[str, object] = {
        "branch_name": f"{short}党支部",
        "secretary": "史泽沛",
        "filled_by": "张晓宁",
        "fill_date": date(2010, 8, 25),
        "member_count": 28,
        "highlights": "互看互查，取长补短",
        "problems": "对文件精神的领悟不够深入",
        "next_steps": "进一步加强学习",
        "honors": "方伟（八月份月度先进个人）",
    }
    for c in form.CRITERIA:
        values.update({
            f"c{c.id}_status": form.STATUS_DONE,
            f"c{c.id}_date": date(2010, 8, 16),
            f"c{c.id}_actions": _ACTIONS.get(short, _ACTIONS["运一"])[c.id - 1],
            f"c{c.id}_evidence": "会议记录、签到表",
        })
    return values


def remediating_values(values: dict[str, object], cid: int, status: str = form.STATUS_PARTIAL) -> None:
    values.update({
        f"c{cid}_status": status,
        f"c{cid}_shortcomings": "学习的内容不够全面、系统",
        f"c{cid}_remedy": "坚持每周半个小时的综合学习",
        f"c{cid}_owner": "王梅保",
        f"c{cid}_deadline": date(2010, 9, 30),
    })


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    """make_book({"运一": {...}}, branches=("运一",)) -> path of a saved workbook."""
    counter = iter(range(1000))

    def build(fills: Mapping[str, Mapping[str, object]], branches: tuple[str, ...] | None = None, edit=None) -> Path:
        names = branches or tuple(fills)
        wb = build_template(tuple(form.Branch(n, f"{n}党支部") for n in names))
        for sheet, values in fills.items():
            fill_by_names(wb, sheet, values)
        if edit:
            edit(wb)
        path = tmp_path / f"book{next(counter)}.xlsx"
        wb.save(path)
        return path

    return build


@pytest.fixture
def soffice_required():
    """LibreOffice renders what we write; its absence is a failure, never a skip, here as in CI.

    A skip would leave the missing-glyph and print checks unrun while the suite looks green.
    """
    from lo import soffice

    if soffice() is None:
        pytest.fail("soffice (LibreOffice) is required: run `bash scripts/system-packages.sh --tests`")


def rename_sheet(wb, old: str, new: str) -> None:
    """Rename a sheet the way Excel does: its defined names follow it."""
    ws = wb[old]
    ws.title = new
    for dn in ws.defined_names.values():
        dn.attr_text = dn.attr_text.replace(f"'{old}'", f"'{new}'")


def sent_back(source: Path, target: Path) -> Path:
    """A branch's reply made of the file it was sent (split's, with its answers): opened, saved, sent back.

    Any spreadsheet program's save drops the zip comment that split and feedback put on the files
    they send out (tests/test_outgoing_stamp.py shows LibreOffice's); an outgoing copy that still
    carries it gives way to a real reply from the same branch. The copy is otherwise byte for byte.
    """
    shutil.copy(source, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.comment = b""
    return Path(target)
