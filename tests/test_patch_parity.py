"""The patching writer and the openpyxl writer give the same marked copy (issue 17).

Same sheets in the same order, and on every cell the same value, fill, font,
alignment, number format, note (text and author) and link; the same lists
(问题清单, 修改意见), names, print setup and active sheet. Compared through
openpyxl, on the sample, a 100-branch bench book, the regression files and
the tests' own workbooks, first run and re-run.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.errors import UserError
from xladdin.jobs import check_file, plan_for, summary_parts
from xladdin.marks import xlsx as marks
from xladdin.marks.patch import writer as patch
from xladdin.marks.patch.writer import OPENPYXL, PATCH
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.plan import MarkPlan
from xladdin.spec import form

REGRESSIONS = sorted((ROOT / "tests" / "regressions").glob("*.xlsx"))


def _rgb(colour) -> str | None:
    rgb = getattr(colour, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _link(cell) -> str | None:
    if cell.hyperlink is None:
        return None
    return cell.hyperlink.location or (cell.hyperlink.target or "").removeprefix("#")


def signature(path: Path) -> dict:
    """Everything the office sees of the marks, per sheet and cell."""
    wb = load_workbook(path, rich_text=False)
    out: dict = {"sheets": wb.sheetnames, "active": wb.active.title,
                 "names": {k: v.attr_text for k, v in wb.defined_names.items()}}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                fill = (c.fill.fill_type, _rgb(c.fill.fgColor)) if c.fill.fill_type else None
                note = (c.comment.text, c.comment.author) if c.comment else None
                # bool(): openpyxl writes back an explicit wrapText="false" as no attribute, which looks the same.
                look = (fill, c.font.name, c.font.sz, c.font.b, _rgb(c.font.color), c.font.u, c.alignment.horizontal,
                        c.alignment.vertical, bool(c.alignment.wrap_text), c.number_format, c.quotePrefix,
                        c.protection.locked)
                if c.value is not None or note or fill or c.hyperlink:
                    cells[c.coordinate] = (c.value, c.data_type, look, note, _link(c))
        out[ws.title] = {
            "cells": cells,
            "names": {k: v.attr_text for k, v in ws.defined_names.items()},
            "merged": sorted(map(str, ws.merged_cells.ranges)),
            "print": (ws.print_title_rows, ws.print_area, ws.page_setup.orientation, ws.page_setup.paperSize,
                      ws.page_setup.cellComments, ws.oddFooter.center.text, ws.freeze_panes, ws.auto_filter.ref),
            "widths": {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items() if d.width or d.hidden},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            "selected": bool(ws.sheet_view.tabSelected),
            "protected": ws.protection.sheet,
            "validations": sorted(str(dv.sqref) for dv in ws.data_validations.dataValidation),
        }
    return out


def by_openpyxl(source: Path, target: Path, plan: MarkPlan, also=None) -> Path:
    """The openpyxl writer alone, as it wrote every marked copy before the patching writer."""
    from xladdin.xlsx.write import atomic_write

    return atomic_write(target, marks._marked_workbook(source, target, plan, also).save)


def both(source: Path, tmp_path: Path, name: str = "m", summary: bool = False) -> tuple[Path, Path]:
    """(openpyxl copy, patched copy) of source, with the 汇总 sheet when summary."""
    checked = check_file(source)
    plan, also = plan_for(checked), None
    if summary:
        from reports.files import add_summary_sheet

        # A fixed time: the trace line names the minute, and the two writers must not straddle one.
        parts = summary_parts(checked.report, source.name, "0" * 64, now=datetime(2010, 9, 12),
                              generated_at=datetime(2010, 9, 12, 9, 30), data=checked.data)

        def also(wb):
            return add_summary_sheet(wb, parts)

    old = by_openpyxl(source, tmp_path / f"{name}-openpyxl.xlsx", plan, also)
    new = marks.write_marked(source, tmp_path / f"{name}-patch.xlsx", plan, also)
    assert new.writer == PATCH, new.reason
    return old, new.path


def rerun(old: Path, new: Path, tmp_path: Path, summary: bool = False) -> tuple[Path, Path]:
    """Each writer run again on its own copy (under one name, as the 汇总 trace line names the file)."""
    a, b = tmp_path / "again-openpyxl", tmp_path / "again-patch"
    a.mkdir()
    b.mkdir()
    shutil.copy(old, a / "标记.xlsx")
    shutil.copy(new, b / "标记.xlsx")
    again_old, _ = both(a / "标记.xlsx", a, summary=summary)
    _, again_new = both(b / "标记.xlsx", b, summary=summary)
    return again_old, again_new


def assert_same(old: Path, new: Path) -> None:
    a, b = signature(old), signature(new)
    assert a["sheets"] == b["sheets"] and a["active"] == b["active"] and a["names"] == b["names"]
    for sheet in a["sheets"]:
        for key in a[sheet]:
            if key == "cells":
                differ = {c: (a[sheet]["cells"].get(c), b[sheet]["cells"].get(c))
                          for c in set(a[sheet]["cells"]) | set(b[sheet]["cells"])
                          if a[sheet]["cells"].get(c) != b[sheet]["cells"].get(c)}
                assert not differ, (sheet, sorted(differ.items())[:5])
            else:
                assert a[sheet][key] == b[sheet][key], (sheet, key)


# ---- the sample, first run and re-run, with and without the 汇总 sheet ----------------------


@pytest.mark.parametrize("summary", [False, True], ids=["marks", "with-summary"])
def test_sample(tmp_path, summary):
    old, new = both(SAMPLE, tmp_path, summary=summary)
    assert_same(old, new)
    # Run again on each writer's own copy: the old marks are replaced in the same way.
    again_old, again_new = rerun(old, new, tmp_path, summary)
    assert_same(again_old, again_new)
    assert signature(again_new)["sheets"].count(form.ISSUES_SHEET) == 1


def test_a_copy_the_openpyxl_writer_marked_is_re_marked_alike(tmp_path):
    old, _ = both(SAMPLE, tmp_path)
    again_old, again_new = both(old, tmp_path, "again")
    assert_same(again_old, again_new)


@pytest.mark.usefixtures("soffice_required")
def test_a_copy_libreoffice_saved_is_re_marked_alike(tmp_path):
    """Another writer's dialect: shared strings, LibreOffice's styles and its VML (no o:idmap, shape_0 ids)."""
    import subprocess
    import tempfile

    from lo import TIMEOUT, soffice

    _, first = both(SAMPLE, tmp_path, summary=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(tmp_path / "lo"), str(first)], capture_output=True, timeout=TIMEOUT, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    resaved = tmp_path / "lo" / first.name
    old, new = both(resaved, tmp_path, "resaved", summary=True)
    assert_same(old, new)


def test_bench_book_of_100_branches(tmp_path):
    from bench.make_books import make_book

    book = make_book(100, tmp_path / "branches-100.xlsx")
    old, new = both(book, tmp_path)
    assert_same(old, new)
    cells = signature(new)
    marked = sum(1 for s in cells["sheets"][3:] for v in cells[s]["cells"].values() if v[3])
    assert marked > 100  # the book is meant to have findings: the comparison covers notes


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_files_are_refused_by_both(tmp_path, path):
    src = tmp_path / path.name
    shutil.copy(path, src)
    for write in (lambda out: by_openpyxl(src, out, MarkPlan()),
                  lambda out: marks.write_marked(src, out, MarkPlan())):
        out = tmp_path / "out.xlsx"
        with pytest.raises(UserError):
            write(out)
        assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# ---- the tests' own workbooks ----------------------------------------------------------


def _broken_values():
    values = valid_values()
    values["c1_evidence"] = None
    remediating_values(values, 4)
    values["c4_owner"] = "无"
    values["c2_status"] = "已\x01完成"  # a control character, quoted in the note and in 问题清单
    values["highlights"] = '=HYPERLINK("http://x","点我")'
    values["c3_date"] = "=1+1"
    return values


def _persons_notes(wb):
    from openpyxl.comments import Comment

    ws = wb["运一"]
    ws[form.cfield(1, "evidence").cell].comment = Comment("材料在档案室\n第二行", "王梅保")
    ws["F2"].comment = Comment("与表格无关的一条批注", "张晓宁")
    ws[form.verdict_cell(2)] = "已于8月补开动员会"


CASES = {
    "broken": lambda make_book: make_book({"运一": _broken_values(), "电气": valid_values("电气")}),
    "notes-and-own-verdict": lambda make_book: make_book({"运一": _broken_values()}, edit=_persons_notes),
    "unreported": lambda make_book: make_book({"运一": valid_values()}, branches=("运一", "运二")),
    "quoted-sheet-names": lambda make_book: make_book(
        {"=SUM": _broken_values(), "运 二": _broken_values()}),
    "all-clear": lambda make_book: make_book({"运一": valid_values()}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_tests_workbooks(make_book, tmp_path, case):
    src = CASES[case](make_book)
    old, new = both(src, tmp_path)
    assert_same(old, new)
    assert_same(*rerun(old, new, tmp_path))


def test_feedback_files_are_the_same(make_book, tmp_path, monkeypatch):
    from xladdin.marks.feedback import write_feedback

    src = make_book({"运一": _broken_values(), "电气": valid_values("电气")}, edit=_persons_notes)
    data, report = check_file(src)
    fast = write_feedback(src, tmp_path / "patch.xlsx", data, report, "运一")
    assert fast.writer == PATCH

    def refuse(*_args, **_kwargs):
        raise NotUnderstood("for the comparison")

    monkeypatch.setattr(patch, "feedback_copy", refuse)
    slow = write_feedback(src, tmp_path / "openpyxl.xlsx", data, report, "运一")
    assert slow.writer == OPENPYXL
    assert_same(slow.path, fast.path)
    assert signature(fast.path)["sheets"] == [form.FEEDBACK_SHEET, form.INSTRUCTIONS_SHEET, form.SETTINGS_SHEET, "运一"]
    # Neither writer gives the branch the code column (clerk item 3): six columns, no code in any cell.
    for path in (fast.path, slow.path):
        ws = load_workbook(path)[form.FEEDBACK_SHEET]
        assert [c.value for c in ws[3]] == ["序号", "支部", "单元格", "项目", "级别", "问题及修改方法"]
        assert ws.max_column == 6 and "G" not in ws.column_dimensions
        assert not {f.code for f in report.findings} & {v for r in ws.iter_rows(values_only=True) for v in r}
    import zipfile

    with zipfile.ZipFile(fast.path) as z:  # the document properties no longer list every branch's sheet
        assert "电气".encode() not in z.read("docProps/app.xml")


def test_a_workbook_openpyxl_saved_with_lxml_is_patched(tmp_path):
    """openpyxl with lxml (another program's output) declares the relationships namespace
    on each <sheet>, not on <workbook>: the patching writer takes that dialect too."""
    import os
    import subprocess
    import sys
    import zipfile

    # A fresh process: xladdin turns lxml off for openpyxl in ours (it must be set before openpyxl loads).
    script = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])"
    subprocess.run([sys.executable, "-c", script, str(SAMPLE), str(tmp_path / "saved.xlsx")], check=True,
                   env={**os.environ, "OPENPYXL_LXML": "True"}, timeout=120)
    head = zipfile.ZipFile(tmp_path / "saved.xlsx").read("xl/workbook.xml")
    assert b"xmlns:r=" not in head[: head.find(b">")], "this openpyxl no longer writes the per-sheet dialect"
    old, new = both(tmp_path / "saved.xlsx", tmp_path, "saved", summary=True)
    assert_same(old, new)
    assert_same(*rerun(old, new, tmp_path, summary=True))
