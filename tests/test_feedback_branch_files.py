"""What a branch reads in its 退回修改 file (clerk report items 12 and 17), on real .xlsx files.

12. The file carries the branch's 填写说明 (as split sends it), not the office's, which tells the
    office to click the ribbon button and edit the branch list in 设置 — beside "do not change 设置".
17. A branch with nothing to fix is not told "本表没有发现问题，并于…前报回".
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SAMPLE, valid_values
from openpyxl import load_workbook

from xladdin.jobs import check_file, feedback_files
from xladdin.marks import feedback
from xladdin.marks.patch.writer import OPENPYXL, PATCH
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.spec import form

OFFICE_ONLY = ("功能区", "党支部名单在")


def sheet_text(ws) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def force_openpyxl(monkeypatch):
    """Make the patching writer decline, as it does for a file it does not understand."""
    def decline(*args, **kwargs):
        raise NotUnderstood("test: openpyxl writes this one")

    monkeypatch.setattr(feedback.patch, "feedback_copy", decline)


@pytest.mark.parametrize("writer", [PATCH, OPENPYXL])
def test_a_feedback_file_holds_the_branch_s_instructions(tmp_path, monkeypatch, writer):
    office = sheet_text(load_workbook(SAMPLE)[form.INSTRUCTIONS_SHEET])
    assert all(words in office for words in OFFICE_ONLY)  # the master's are the office's
    if writer == OPENPYXL:
        force_openpyxl(monkeypatch)
    written = feedback_files(SAMPLE, tmp_path, everyone=True)
    assert {f.writer for f in written} == {writer}
    for f in written:
        wb = load_workbook(f.path)
        # Where it was, between the 修改意见 list and 设置.
        assert wb.sheetnames == [form.FEEDBACK_SHEET, form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, f.sheet]
        text = sheet_text(wb[form.INSTRUCTIONS_SHEET])
        assert not any(words in text for words in OFFICE_ONLY), f.path.name
        full = check_file(SAMPLE)[1].settings.full_name(f.sheet)
        assert full in wb[form.INSTRUCTIONS_SHEET]["A1"].value and f"“{f.sheet}”" in text
        assert wb[form.INSTRUCTIONS_SHEET].protection.sheet  # locked, as split's is
        assert wb.active.title == form.FEEDBACK_SHEET  # the file still opens on its 修改意见


def test_a_clean_file_says_nothing_needs_changing(make_book, tmp_path):
    path = make_book({"运一": valid_values()}, branches=("运一",))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # Sent out on 2010-09-12 (as_of): a 报回期限 before the issue day would be refused.
    (clean,) = feedback_files(path, tmp_path / "a", by=date(2010, 9, 20), everyone=True, as_of=date(2010, 9, 12))
    line = load_workbook(clean.path)[form.FEEDBACK_SHEET]["A2"].value
    assert line.startswith("本表没有发现问题，无需修改。") and "2010年9月20日前" in line
    assert "问题，并于" not in line and "，并尽快报回" not in line
    (undated,) = feedback_files(path, tmp_path / "b", everyone=True)
    line = load_workbook(undated.path)[form.FEEDBACK_SHEET]["A2"].value
    assert line.startswith("本表没有发现问题，无需修改。") and "前" not in line.split("。")[1].split("，")[1]
