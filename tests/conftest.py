"""Shared fixtures: small workbooks built from the real template in tmp_path."""

from __future__ import annotations

import os

# xlwings registers its remote engine only if this is set when it is first
# imported. Tests only: the product uses the free classic COM path.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("HUITOUKAN_LOG_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "huitoukan-test-logs"))

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


def valid_values(short: str = "运一") -> dict[str, object]:
    """A branch sheet that passes every rule, with honest shortcomings."""
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
            f"c{c.id}_actions": "召开支部会议，对照一流差什么、立足岗位干什么、学习先进怎么做进行专题讨论",
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

