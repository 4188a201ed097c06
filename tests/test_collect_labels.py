"""collect over files stored under names of our own (the web page's uploads), known by the user's names.

The user's name is what the messages say and what ownership reads a branch name from: a full
copy with two sheets touched, stored as upload-002.xlsx, is still 化学's when the user called
it 回头看填报表-化学.xlsx; a lock file or a scan is still known as one by its name.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from conftest import valid_values

from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.jobs import collect_files
from xladdin.spec import form

NOW = datetime(2010, 9, 1, 9, 30)


def stored(folder: Path, n: int, fills: dict[str, dict]) -> Path:
    wb = build_template(form.DEFAULT_BRANCHES)
    for sheet, values in fills.items():
        fill_by_names(wb, sheet, values)
    path = folder / f"upload-{n:03d}.xlsx"
    wb.save(path)
    return path


def test_the_users_names_decide_ownership_and_name_every_file(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    # A full copy in which 化学 also typed into 除灰's sheet: only its name says whose it is.
    chem = stored(inbox, 1, {"化学": valid_values("化学"), "除灰": {"secretary": "王某"}})
    own = stored(inbox, 2, {"运一": valid_values()})
    lock = inbox / "upload-003.xlsx"
    lock.write_bytes(b"\x00owner")
    scan = inbox / "upload-004.xlsx"
    scan.write_bytes(b"%PDF-1.4")
    labels = {chem: "回头看填报表-化学.xlsx", own: "我们支部的报表.xlsx", lock: "~$我们支部的报表.xlsx", scan: "会议记录.pdf"}
    seen: list[tuple[int, int]] = []
    result = collect_files([chem, own, lock, scan], tmp_path / "合并.xlsx", now=NOW, labels=labels,
                           progress=lambda n, total: seen.append((n, total)))
    rows = {r.branch.short: (r.status, r.file) for r in result.rows}
    assert rows["化学"] == ("received", "回头看填报表-化学.xlsx")
    assert rows["运一"] == ("received", "我们支部的报表.xlsx")
    assert rows["除灰"] == ("missing", None)
    assert [(n.code, n.file, n.sheet) for n in result.notices] == [
        ("wrong-sheet-orphan", "回头看填报表-化学.xlsx", "除灰")]
    assert {s.file: s.code for s in result.skipped} == {"~$我们支部的报表.xlsx": "lock-file",
                                                         "会议记录.pdf": "not-workbook"}
    assert seen == [(1, 2), (2, 2)]  # each workbook read is told, lock files and scans need no reading
    text = " ".join([*(n.message for n in result.notices), *(s.reason for s in result.skipped)])
    assert "upload-" not in text


def test_without_labels_the_file_name_is_what_it_always_was(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    chem = stored(inbox, 1, {"化学": valid_values("化学"), "除灰": {"secretary": "王某"}})
    result = collect_files([chem], tmp_path / "合并.xlsx", now=NOW)
    # upload-001 names no branch and two sheets are touched: nobody's file, used with a warning.
    rows = {r.branch.short: (r.status, r.file) for r in result.rows}
    assert rows["化学"] == ("received", "upload-001.xlsx")
    assert {n.code for n in result.notices} == {"unclear-taken"}
