"""The office's round on real files: six branches, files out, files back the way offices send them.

运一 renames its split file; 电气's file is re-saved by LibreOffice; 化学 fills a full copy and
touches 除灰's sheet; 除灰 answers in its own file (in a subfolder); 运二 sends two different
files with the same date; 汽机 never answers. A lock file and a stray file sit in the inbox.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lo import TIMEOUT, pdf_text, pdf_to_pngs, soffice, to_pdf
from openpyxl import load_workbook
from pdf_glyphs import missing_glyphs

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.jobs import check_file, split_file
from xladdin.spec import form
from xladdin.spec.loop_text import COLLECTION_HEADERS, STATUS_LABELS
from xladdin.xlsx.read import read_workbook

pytestmark = pytest.mark.usefixtures("soffice_required")
SIX = form.DEFAULT_BRANCHES
NAME = "回头看填报表"


def typed(short: str) -> dict[str, object]:
    return {k: v for k, v in SAMPLE_VALUES[short].items() if v not in ("", None)}


def fill_and_save(source: Path, target: Path, fills: dict[str, dict[str, object]]) -> Path:
    """What a branch does in its spreadsheet program: open the file, type, save under a name of its choosing."""
    wb = load_workbook(source)
    for sheet, values in fills.items():
        fill_by_names(wb, sheet, values)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def resave_with_libreoffice(path: Path, outdir: Path) -> Path:
    """Open and save the file in LibreOffice Calc, as a branch without Excel would."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
                       capture_output=True, timeout=TIMEOUT, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / path.name
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def round_files(tmp_path_factory):
    work = tmp_path_factory.mktemp("round")
    master = work / f"{NAME}.xlsx"
    build_template(SIX).save(master)
    out = work / "下发"
    split_file(master, out)
    inbox = work / "收件"
    own = {b.short: out / f"{b.short}_{NAME}.xlsx" for b in SIX}
    fill_and_save(own["运一"], inbox / "我们支部的报表.xlsx", {"运一": typed("运一")})  # renamed
    typed_by_dianqi = fill_and_save(own["电气"], work / "电气在LibreOffice中" / f"电气_{NAME}.xlsx",
                                    {"电气": typed("电气")})
    resave_with_libreoffice(typed_by_dianqi, inbox)
    fill_and_save(master, inbox / f"{NAME}-化学.xlsx",  # a full copy; the neighbour's sheet touched
                  {"化学": typed("化学"), "除灰": {"secretary": "王某"}})
    fill_and_save(own["除灰"], inbox / "第二批" / f"除灰_{NAME}.xlsx", {"除灰": typed("除灰")})
    fill_and_save(own["运二"], inbox / f"运二_{NAME}.xlsx", {"运二": typed("运二")})
    second = {**typed("运二"), "secretary": "另一位书记"}  # same 填表日期, different answers
    fill_and_save(master, inbox / "运二-修改.xlsx", {"运二": second})
    (inbox / "~$我们支部的报表.xlsx").write_bytes(b"\x00owner")
    (inbox / "Thumbs.db").write_bytes(b"\x00" * 64)

    merged = work / f"{NAME}_合并.xlsx"
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(merged), "--json"], catch_exceptions=False)
    human = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(work / "again.xlsx")])
    return {"work": work, "inbox": inbox, "merged": merged, "result": result, "json": json.loads(result.output),
            "human": human, "split": own["运一"]}


def test_libreoffice_keeps_the_template_version_and_the_scope(round_files):
    data = read_workbook(round_files["inbox"] / f"电气_{NAME}.xlsx")
    assert data.settings.scope == "电气"
    assert data.settings.template_version == form.TEMPLATE_VERSION
    assert [s.sheet for s in data.sheets] == ["电气"]


def test_statuses_and_sources(round_files):
    assert round_files["result"].exit_code == 1  # written, with a conflict, a missing branch and warnings
    rows = {b["sheet"]: b for b in round_files["json"]["branches"]}
    assert {k: (v["status"], v["file"]) for k, v in rows.items() if v["status"] == "received"} == {
        "运一": ("received", "收件/我们支部的报表.xlsx"),
        "电气": ("received", f"收件/电气_{NAME}.xlsx"),
        "化学": ("received", f"收件/{NAME}-化学.xlsx"),
        "除灰": ("received", f"收件/第二批/除灰_{NAME}.xlsx"),
    }
    assert rows["运二"]["status"] == "conflict" and rows["运二"]["file"] is None
    assert sorted(rows["运二"]["files"]) == sorted([f"收件/运二_{NAME}.xlsx", "收件/运二-修改.xlsx"])
    assert rows["汽机"] == {"sheet": "汽机", "branch": "汽机党支部", "status": "missing", "file": None,
                           "fill_date": None, "collected_at": None, "files": []}
    # A conflict's files came in too (待核实): a later --into keeps when, as it keeps the files.
    assert rows["运二"]["collected_at"] == rows["运一"]["collected_at"] is not None
    assert rows["运一"]["fill_date"] == "2010-08-25"


def test_warnings_name_the_file_and_the_sheet(round_files):
    warnings = sorted((w["code"], w["file"], w["sheet"]) for w in round_files["json"]["warnings"])
    # 运一's file has Excel's owner file beside it: still open, so what was read is its last save.
    assert warnings == [("conflict-undecided", None, None), ("file-open", "收件/我们支部的报表.xlsx", None),
                        ("wrong-sheet", f"收件/{NAME}-化学.xlsx", "除灰")]
    skipped = {s["file"]: s["code"] for s in round_files["json"]["skipped"]}
    assert skipped == {"收件/~$我们支部的报表.xlsx": "lock-file", "收件/Thumbs.db": "not-workbook"}


def test_the_merged_findings_are_the_branches_own(round_files):
    """The merged workbook checks exactly like one workbook the four branches had typed into."""
    reference = round_files["work"] / "reference.xlsx"
    wb = build_template(SIX)
    for short in ("运一", "电气", "化学", "除灰"):
        fill_by_names(wb, short, typed(short))
    wb.save(reference)

    def rows(path):
        _, report = check_file(path)
        return sorted((f.sheet, f.cell, f.code) for f in report.findings)

    # The same findings, except that 运二's two files disagree: its sheet stays empty (a conflict is not
    # anyone's answer), and the 回收情况 sheet says it came back, so it is 待核实, not 未报送.
    expected = [("运二", None, "branch-pending") if r == ("运二", None, "branch-empty") else r for r in rows(reference)]
    assert rows(round_files["merged"]) == sorted(expected)
    assert ("运二", None, "branch-pending") in rows(round_files["merged"])


def test_the_collection_sheet(round_files):
    ws = load_workbook(round_files["merged"])[form.COLLECTION_SHEET]
    header = [c.value for c in ws[3]]
    assert tuple(header[:7]) == COLLECTION_HEADERS
    # As the columns are named: 来源文件, 填表日期, then 收集时间 and 说明.
    table = {r[1]: r[:5] + r[6:7] for r in ws.iter_rows(min_row=4, max_row=9, max_col=7, values_only=True)}
    assert [table[b.full][2] for b in SIX] == [STATUS_LABELS[s] for s in
                                               ("received", "received", "received", "received", "conflict", "missing")]
    assert table["运一党支部"][3:5] == ("收件/我们支部的报表.xlsx", "2010-08-25")
    assert "化学" in table["除灰党支部"][5] and "除灰" in table["除灰党支部"][5]  # the touched sheet, named
    assert "运二-修改.xlsx" in table["运二党支部"][3] and "运二-修改.xlsx" in table["运二党支部"][5]
    text = "".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "未采用的文件" in text and "Thumbs.db" in text and "临时锁定文件" in text


def test_the_terminal_shows_the_same_table(round_files):
    human = round_files["human"]
    assert human.exit_code == 1
    lines = human.output.splitlines()
    assert any(line.split()[:3] == ["运二党支部", "冲突", "—"] for line in lines)
    assert any(line.split() == ["运一党支部", "已收到", "2010-08-25", "收件/我们支部的报表.xlsx"] for line in lines)
    assert "已收到 4 个，未报送 1 个，冲突 1 个" in human.output
    assert human.output.count("警告：") == 3


def test_libreoffice_renders_the_collection_sheet(round_files, tmp_path):
    pdf = to_pdf(round_files["merged"], tmp_path)
    assert missing_glyphs(pdf) == []
    text = re.sub(r"\s+", "", pdf_text(pdf))
    first_page = text.split("\f")[0]
    for needle in ("回收情况", "已收到", "未报送", "冲突", "我们支部的报表.xlsx", "未采用的文件", "Thumbs.db"):
        assert needle in first_page, needle
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=80)
    shutil.copy(pages[0], round_files["work"] / "collection-page1.png")
    assert pages[0].stat().st_size > 5000


def test_libreoffice_renders_a_split_file(round_files, tmp_path):
    pdf = to_pdf(round_files["split"], tmp_path)
    assert missing_glyphs(pdf) == []
    text = re.sub(r"\s+", "", pdf_text(pdf))
    assert "运一党支部创先争优活动" in text and "本文件是下发给运一党支部的填报表" in text
    assert form.sheet_title("运一党支部") in text
    assert not any(form.sheet_title(b.full) in text for b in SIX[1:])
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=80)
    for page in pages[:4]:
        shutil.copy(page, round_files["work"] / f"split-{page.name}")
    assert len(pages) >= 4
