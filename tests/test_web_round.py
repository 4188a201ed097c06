"""Several files in the office's form are a round: 回收情况, the merged workbook's matrix, 雷同, ledger counts, downloads.

Through a plain HTTP client (the no-JavaScript form, as scripts post it) and, for what only
the worker sees, the adapter itself. The files are the office's six returned files
(tests/round_uploads.py); real workbooks, real checks, nothing mocked.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import SAMPLE
from docx_read import all_text, open_docx
from openpyxl import load_workbook
from round_uploads import LEDGER_NAME, previous_ledger, returned_files, second_round_files, uploads
from webserver import links, running, table_rows, wait_for_result

from reports.progress import branch_items, progress_frame
from xladdin.jobs import check_file, ledger_view
from xladdin.ledger.branch_sheet import SHEET as BRANCH_ITEMS_SHEET
from xladdin.spec import form as spec
from xladdin.spec.ledger import NOT_DUE, OVERDUE
from xladdin.spec.loop_text import KEPT, STATUS_LABELS, WEB, audience, skip_reason
from xladdin.web.app import WebConfig
from xladdin.web.jobs_adapter import BASE_USED, MANY_BASES, ONLY_LEDGERS, run_round_files
from xladdin.web.progress import ProgressFile, read_progress
from xladdin.web.similarity import how_to_fix
from xladdin.web.upload import MIB, Limits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUND_LIMITS = Limits(file_bytes=1 * MIB, total_bytes=64 * MIB, files=250, drain_bytes=128 * MIB)
REPORT_DATE = "2010-09-12"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running(WebConfig(limits=ROUND_LIMITS, root=tmp_path_factory.mktemp("round-root"))) as server:
        yield server


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> list[tuple[str, bytes]]:
    return uploads(tmp_path_factory.mktemp("six"))


@pytest.fixture(scope="module")
def ledger_bytes(tmp_path_factory) -> bytes:
    return previous_ledger(tmp_path_factory.mktemp("ledger")).read_bytes()


def post(client, files: list[tuple[str, bytes]], **fields):
    answer = client.post("/check", files=[("files", (n, d, XLSX)) for n, d in files], data=fields)
    assert answer.status_code == 303, answer.text
    return wait_for_result(client, answer.headers["location"])


@pytest.fixture(scope="module")
def round_page(site, six):
    with site.client() as client:
        page = post(client, six, date=REPORT_DATE)
        files = {kind: client.get(links(page.text, f"/{kind}")[0]) for kind in ("merged", "summary", "feedback")}
        everything = client.get(links(page.text, "all.zip")[0])
    return page, files, everything


def test_six_returned_files_show_each_branch_s_status_source_and_date(round_page):
    page, _, _ = round_page
    assert page.status_code == 200
    rows = {r[0]: r for r in table_rows(page.text, "collection")[1:]}
    assert {branch: row[1] for branch, row in rows.items()} == {
        "运一党支部": STATUS_LABELS["received"], "电气党支部": STATUS_LABELS["received"],
        "化学党支部": STATUS_LABELS["received"], "除灰党支部": STATUS_LABELS["received"],
        "运二党支部": STATUS_LABELS["conflict"], "汽机党支部": STATUS_LABELS["missing"]}
    assert rows["运一党支部"][2:4] == ["我们支部的报表.xlsx", "2010-08-25"]  # the renamed file, by the user's name
    assert rows["汽机党支部"][2:] == ["—", "—", "—"]
    assert "运二-修改.xlsx" in rows["运二党支部"][2] and "无法判断以哪个为准" in rows["运二党支部"][4]
    assert "已收到 4 个，未报送 1 个，冲突 1 个" in page.text
    assert "upload-" not in page.text  # our stored names never show


def test_the_matrix_is_the_merged_workbook_s_with_unreported_branches_in_grey(round_page, tmp_path):
    page, files, _ = round_page
    merged = tmp_path / "merged.xlsx"
    merged.write_bytes(files["merged"].content)
    _, report = check_file(merged)
    matrix = table_rows(page.text, "matrix")[1:]
    # A 待核实 row's head also says why, for the office: the branch's name comes first.
    assert [row[0].split("收到文件")[0] for row in matrix] == [b.branch for b in report.branches]
    unreported = {row[0] for row in matrix if row[1:6] == ["— 未报送"] * 5}
    assert unreported == {"汽机党支部"}
    # 运二 sent two files that disagree: its file came back and awaits the office's check, in the same grey.
    (pending,) = [row for row in matrix if row[1:6] == ["— 待核实"] * 5]
    assert pending[0].startswith("运二党支部") and "收到文件，待核实：2 个文件填写不同，均未采用" in pending[0]
    assert {"运二党支部", "汽机党支部"} == {b.branch for b in report.branches if not b.reported}
    assert page.text.count('<tr class="unreported">') == 2
    legend = page.text.split('class="legend"', 1)[1].split("</p>", 1)[0]
    assert '<span class="chip v-unreported">— 未报送</span>' in legend  # the legend names the grey
    assert '<span class="chip v-unreported">— 待核实</span>' in legend


def test_downloads_merged_summary_and_feedback_zip_keep_chinese_names_and_open(round_page, tmp_path):
    _, files, everything = round_page
    for kind, name in (("merged", "回头看填报表_合并.xlsx"), ("summary", "回头看填报表_合并_回头看汇总.xlsx"),
                       ("feedback", "退回修改意见.zip")):
        assert f"filename*=UTF-8''{quote(name)}" in files[kind].headers["content-disposition"]
    merged = tmp_path / "merged.xlsx"
    merged.write_bytes(files["merged"].content)
    assert spec.COLLECTION_SHEET in load_workbook(merged).sheetnames
    _, report = check_file(merged)
    with zipfile.ZipFile(io.BytesIO(files["feedback"].content)) as archive:
        names = archive.namelist()
        # 运二's two files disagree: its file came back and awaits the office's check (待核实), so no blank form goes back.
        assert sorted(names) == sorted(f"{b.sheet}_退回修改意见.xlsx" for b in report.branches
                                       if b.errors and b.sheet != "运二")
        (tmp_path / "电气.xlsx").write_bytes(archive.read("电气_退回修改意见.xlsx"))
    back = load_workbook(tmp_path / "电气.xlsx")
    assert "电气" in back.sheetnames and spec.FEEDBACK_SHEET in back.sheetnames
    assert not set(back.sheetnames) & {"运一", "化学", "除灰", "运二", "汽机"}  # only its own sheet
    with zipfile.ZipFile(io.BytesIO(everything.content)) as archive:
        listed = set(archive.namelist())
    assert {"回头看填报表_合并.xlsx", "回头看填报表_合并_标记.xlsx", "回头看填报表_合并_回头看汇总.xlsx",
            "回头看填报表_合并_回头看情况报告.docx"} <= listed
    assert {n for n in listed if n.startswith("退回修改/")} == {f"退回修改/{n}" for n in names}


def test_the_similarity_section_pairs_the_copied_cells_once_with_how_to_fix(round_page):
    page, _, _ = round_page
    section = page.text.split('id="similar-text-copied"', 1)[1].split("</div>", 1)[0]
    pairs = table_rows(section, "similar")[1:]
    assert pairs == [["电气党支部 第一项·主要做法及成效（B9）", "↔", "化学党支部 第一项·主要做法及成效（B9）"]]
    assert how_to_fix("text-copied") in section and "请实事求是" in how_to_fix("text-copied")


def test_conflict_advice_on_the_page_is_about_uploading_not_an_inbox_folder(round_page):
    page, files, _ = round_page
    rows = {r[0]: r for r in table_rows(page.text, "collection")[1:]}
    assert "重新上传时不要选不用的那个文件" in rows["运二党支部"][4]
    # The web user has no inbox: no 作废 subfolder, no 收件文件夹, not on the page nor in the merged workbook's sheet.
    sheet = load_workbook(io.BytesIO(files["merged"].content))[spec.COLLECTION_SHEET]
    written = "".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for text in (page.text, written):
        assert "作废" not in text and "收件文件夹" not in text
    assert "重新上传时不要选不用的那个文件" in written


def test_one_file_still_checks_as_one_workbook(site):
    with site.client() as client:
        page = post(client, [("回头看填报表.xlsx", SAMPLE.read_bytes())])
    assert 'id="collection"' not in page.text and "校验结果" in page.text
    assert len(links(page.text, "/files/1/")) == 3  # marked copy, summary workbook, 情况报告


# ---- the ledger ------------------------------------------------------------------------------------------


def test_a_dropped_ledger_gives_counts_and_the_summary_its_progress(site, six, ledger_bytes, tmp_path):
    with site.client() as client:
        page = post(client, [*six, (LEDGER_NAME, ledger_bytes)], date=REPORT_DATE)
        merged_bytes = client.get(links(page.text, "/merged")[0]).content
        summary = client.get(links(page.text, "/summary")[0]).content
        everything = client.get(links(page.text, "all.zip")[0]).content
    ledger = tmp_path / LEDGER_NAME
    ledger.write_bytes(ledger_bytes)
    merged = tmp_path / "merged.xlsx"
    merged.write_bytes(merged_bytes)
    checked = check_file(merged)
    expected = progress_frame(branch_items(ledger_view(ledger, checked, merged, datetime(2010, 9, 12)),
                                           checked.report), {b.sheet: b.branch for b in checked.report.branches})
    shown = table_rows(page.text, "ledger")
    assert shown[0] == list(expected.columns)
    assert [row[:6] for row in shown[1:]] == [[str(v) for v in row[:6]] for row in expected.itertuples(index=False)]
    assert shown[-1][0] == "合计" and int(shown[-1][1]) > 0
    assert "2010年9月12日" in page.text
    (tmp_path / "s.xlsx").write_bytes(summary)
    text = "".join(str(c.value) for row in load_workbook(tmp_path / "s.xlsx").active.iter_rows() for c in row
                   if c.value is not None)
    assert "整改进展" in text
    # The ledger is only read: no link to it, nothing of it among the results.
    assert LEDGER_NAME not in zipfile.ZipFile(io.BytesIO(everything)).namelist()
    assert f'download="{LEDGER_NAME}"' not in page.text
    # It is the round's ledger, not a returned file that could not be used.
    assert [row[0] for row in table_rows(page.text, "collection")[1:]] == [b.full for b in spec.DEFAULT_BRANCHES]
    assert LEDGER_NAME not in {row[0] for row in table_rows(page.text, "unused")}


def stored_copies(tmp_path: Path, files: list[tuple[str, bytes]]) -> tuple[list[Path], list[str]]:
    inbox = tmp_path / "in"
    inbox.mkdir()
    paths = []
    for n, (_, data) in enumerate(files, start=1):
        paths.append(inbox / f"upload-{n:03d}.xlsx")
        paths[-1].write_bytes(data)
    return paths, [name for name, _ in files]


def test_the_worker_never_changes_the_ledger_and_never_outputs_it(six, ledger_bytes, tmp_path):
    paths, names = stored_copies(tmp_path, [*six, (LEDGER_NAME, ledger_bytes)])
    before = hashlib.sha256(paths[-1].read_bytes()).hexdigest(), paths[-1].stat().st_mtime_ns
    out = tmp_path / "out"
    out.mkdir()
    done = run_round_files(paths, names, out, tmp_path / "progress.json", datetime(2010, 9, 12))
    assert done.refused is None and done.ledger is not None and done.ledger.name == LEDGER_NAME
    assert (hashlib.sha256(paths[-1].read_bytes()).hexdigest(), paths[-1].stat().st_mtime_ns) == before
    written = [p for p in out.rglob("*") if p.is_file()]
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() != before[0] for p in written)
    assert LEDGER_NAME not in {p.name for p in written}
    # Each feedback file lists the branch's open ledger items too.
    assert BRANCH_ITEMS_SHEET in load_workbook(out / "退回修改" / "电气_退回修改意见.xlsx").sheetnames


def test_one_workbook_with_a_ledger_is_checked_alone_with_the_counts(site, ledger_bytes):
    with site.client() as client:
        page = post(client, [("回头看填报表.xlsx", SAMPLE.read_bytes()), (LEDGER_NAME, ledger_bytes)])
    assert 'id="collection"' not in page.text and 'id="ledger"' in page.text
    assert table_rows(page.text, "ledger")[-1][0] == "合计"
    assert [r[0] for r in table_rows(page.text, "matrix")[1:]] == [b.full for b in spec.DEFAULT_BRANCHES]


def test_only_a_ledger_is_refused_in_one_chinese_line(ledger_bytes, tmp_path):
    paths, names = stored_copies(tmp_path, [(LEDGER_NAME, ledger_bytes), ("台账副本.xlsx", ledger_bytes)])
    done = run_round_files(paths, names, tmp_path, tmp_path / "progress.json")
    assert done.refused == ONLY_LEDGERS.format(name=LEDGER_NAME)
    assert "台账副本.xlsx" in done.notes[0]  # the second ledger is said, not silently dropped


def test_nothing_usable_lists_every_file_with_its_reason(site, tmp_path):
    with site.client() as client:
        page = post(client, [("名单.xlsx", "支部,人数\n运一,28\n".encode()), ("~$回头看.xlsx", b"lock"),
                             ("照片.jpg", b"\xff\xd8\xff"), ("邮件附件.zip", SAMPLE.read_bytes())])
    assert "没有可以收集的报回文件" in page.text
    unused = {row[0]: row[1] for row in table_rows(page.text, "unused")[1:]}
    assert set(unused) == {"名单.xlsx", "~$回头看.xlsx", "照片.jpg", "邮件附件.zip"}
    with audience(WEB):
        web_reason = skip_reason("zip-archive")
    assert unused["邮件附件.zip"] == web_reason and "拖进来" in unused["邮件附件.zip"]
    # Nothing was checked: the headline says so, and no download line is promised.
    assert "共收到 4 个文件，没有校验。" in page.text and "下载链接" not in page.text
    assert "临时锁定文件" in unused["~$回头看.xlsx"] and "不是 .xlsx" in unused["照片.jpg"]
    assert "名单.xlsx" in unused["名单.xlsx"] or "工作簿" in unused["名单.xlsx"]
    assert "upload-" not in page.text


# ---- progress on a long round -----------------------------------------------------------------------------


TWO_HUNDRED = 200
RUN_STAGES = ["正在校验…", "正在绘制图表…", "正在写出标记副本…", "正在写出汇总工作簿…", "正在写出情况报告…"]


def two_hundred(six) -> list[tuple[str, bytes]]:
    return [(f"{n:03d}_{name}", data) for n in range(1, 35) for name, data in six[:6]][:TWO_HUNDRED]


def test_two_hundred_files_write_every_stage_in_order(six, tmp_path, monkeypatch):
    """What the worker writes for the page, every write of it: the page's polls only sample it (the next test)."""
    written = []
    show = ProgressFile.show

    def recording(self, text):
        show(self, text)
        written.append(read_progress(self.path))  # what a poll at this moment would be answered

    monkeypatch.setattr(ProgressFile, "show", recording)
    paths, names = stored_copies(tmp_path, two_hundred(six))
    out = tmp_path / "out"
    out.mkdir()
    done = run_round_files(paths, names, out, tmp_path / "progress.json", datetime(2010, 9, 12))
    assert done.refused is None and len(done.collection.branches) == len(spec.DEFAULT_BRANCHES)
    stages = [w["stage"] for w in written]
    read = [s for s in stages if s.startswith("正在收集各支部报回的文件：已读取 ")]
    assert read == [f"正在收集各支部报回的文件：已读取 {n} / {TWO_HUNDRED} 个" for n in range(1, TWO_HUNDRED + 1)]
    # run's own stages, each once and in order, after the last file is read and before the feedback files.
    assert [s for s in stages if s in RUN_STAGES] == RUN_STAGES
    assert stages.index(read[-1]) < stages.index(RUN_STAGES[0])
    assert stages[-1] == "正在生成退回修改意见…"
    dones = [w["done"] for w in written]
    assert dones == sorted(dones) and len({w["total"] for w in written}) == 1
    # The bar moves at every file and every stage, and is full only when the page says 已完成.
    assert dones[-1] == written[-1]["total"] - 1 and dones[stages.index(read[-1])] == TWO_HUNDRED
    assert len(set(dones)) == TWO_HUNDRED + len(RUN_STAGES) + 2  # 0, the files, run's stages, the feedback


def test_two_hundred_files_report_their_stages(site, six):
    """The page relays what the worker last wrote: each answer one of its stages, the bar never going back."""
    seen = []
    with site.client(headers={"Accept": "application/json"}) as client:
        answer = client.post("/check", files=[("files", (n, d, XLSX)) for n, d in two_hundred(six)],
                             data={"date": REPORT_DATE})
        assert answer.status_code == 202 and answer.json()["round"] is True
        while True:
            state = client.get(answer.json()["progress"]).json()
            seen.append(state)
            if state["state"] == "finished":
                break
            assert len(seen) < 3000, "the round never finished"
            time.sleep(0.2)
        result = client.get(answer.json()["result"]).json()
    # Which stages the polls land on depends on the machine's load; that the worker writes every one
    # is the test above. Here: every answer is consistent, whenever it was asked.
    states = [s["state"] for s in seen]
    assert states == sorted(states, key=["queued", "running", "finished"].index) and "running" in states
    queued = f"已收到 {TWO_HUNDRED} 个文件，正在排队等待处理…"
    assert all(s["stage"] == queued and (s["done"], s["total"]) == (0, 1) for s in seen if s["state"] == "queued")
    running = [s for s in seen if s["state"] == "running"]
    worker_lines = ("正在识别整改台账和上轮合并工作簿…", "正在收集各支部报回的文件…", *RUN_STAGES, "正在生成退回修改意见…")
    reading = re.compile(rf"正在收集各支部报回的文件：已读取 ([1-9]\d*) / {TWO_HUNDRED} 个")
    assert all(s["stage"] in worker_lines or reading.fullmatch(s["stage"]) for s in running), running
    assert len({s["total"] for s in running}) == 1 and all(s["done"] < s["total"] for s in running)
    dones = [s["done"] for s in seen]
    assert dones == sorted(dones)
    assert seen[-1]["done"] == seen[-1]["total"] == running[-1]["total"] and seen[-1]["stage"] == "已完成"
    assert result["is_round"] and len(result["collection"]["rows"]) == len(spec.DEFAULT_BRANCHES)
    print(f"200 files: {len(seen)} progress answers, stages seen: {sorted(set(s['stage'].split('：')[0] for s in seen))}")


def test_the_report_date_judges_the_ledger_s_deadlines(ledger_bytes, six, tmp_path):
    paths, names = stored_copies(tmp_path, [*six, (LEDGER_NAME, ledger_bytes)])
    counts = {}
    for day in (datetime(2010, 9, 2), datetime(2011, 1, 1)):
        out = tmp_path / f"out-{day:%Y}"
        out.mkdir()
        done = run_round_files(paths, names, out, tmp_path / "p.json", day)
        assert done.ledger.as_of == f"{day.year}年{day.month}月{day.day}日"
        total = dict(zip(done.ledger.columns, done.ledger.rows[-1], strict=True))
        counts[day.year] = (int(total[NOT_DUE]), int(total[OVERDUE]), int(total["登记事项"]))
    (early_open, early_late, items), (late_open, late_late, same) = counts[2010], counts[2011]
    assert items == same > 0
    assert early_open > 0 and late_open == 0 and late_late == items > early_late  # the sample's deadlines: autumn 2010


def test_a_file_name_that_looks_like_a_formula_stays_text_in_the_merged_workbook(six, tmp_path):
    named = [("=1+1.xlsx", six[0][1]), *six[1:]]
    paths, names = stored_copies(tmp_path, named)
    out = tmp_path / "out"
    out.mkdir()
    done = run_round_files(paths, names, out, tmp_path / "progress.json")
    assert done.collection.branches[0].files == ["=1+1.xlsx"]
    ws = load_workbook(out / done.run.outputs["merged"])[spec.COLLECTION_SHEET]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1.xlsx"]
    assert cells and all(c.data_type == "s" for c in cells)


# ---- the second round: the previous merged workbook is the base ------------------------------------------


@pytest.fixture(scope="module")
def second_round(site, tmp_path_factory):
    """Round 1 on the six files, then round 2: its merged workbook + 汽机's late file + 运二's one corrected file."""
    work = tmp_path_factory.mktemp("rounds")
    first = [(f.name, f.read_bytes()) for f in returned_files(work)]
    with site.client() as client:
        page1 = post(client, first, date=REPORT_DATE)
        merged1 = client.get(links(page1.text, "/merged")[0]).content
        base = ("回头看填报表_合并_第一轮.xlsx", merged1)
        page2 = post(client, [base, *((f.name, f.read_bytes()) for f in second_round_files(work))],
                     date="2010-09-20")
        got = {kind: client.get(links(page2.text, f"/{kind}")[0]).content for kind in ("merged", "report", "feedback")}
    return merged1, page2, got


def test_round_two_keeps_the_branches_that_did_not_send_again(second_round, tmp_path):
    merged1, page, got = second_round
    assert BASE_USED.format(name="回头看填报表_合并_第一轮.xlsx") in page.text
    rows = {r[0]: r[1] for r in table_rows(page.text, "collection")[1:]}
    assert rows == {"运一党支部": STATUS_LABELS[KEPT], "电气党支部": STATUS_LABELS[KEPT], "化学党支部": STATUS_LABELS[KEPT],
                    "除灰党支部": STATUS_LABELS[KEPT], "运二党支部": STATUS_LABELS["received"],
                    "汽机党支部": STATUS_LABELS["received"]}
    assert "回头看填报表_合并_第一轮.xlsx" not in {row[0] for row in table_rows(page.text, "unused")}
    # Nobody is 未报送 in the matrix: 除灰 sent nothing this round, and its round-1 answers stand.
    matrix = table_rows(page.text, "matrix")[1:]
    assert len(matrix) == 6 and not [row for row in matrix if "— 未报送" in row]
    assert '<tr class="unreported">' not in page.text
    (tmp_path / "m1.xlsx").write_bytes(merged1)
    (tmp_path / "m2.xlsx").write_bytes(got["merged"])
    _, report = check_file(tmp_path / "m2.xlsx")
    assert all(b.reported for b in report.branches)
    sheets1 = {sd.sheet: sd.raw for sd in check_file(tmp_path / "m1.xlsx").data.sheets}
    sheets2 = {sd.sheet: sd.raw for sd in check_file(tmp_path / "m2.xlsx").data.sheets}
    assert sheets2["除灰"] == sheets1["除灰"] and sheets2["汽机"] != sheets1["汽机"]
    # The report sent up the line does not call a branch unreported, nor tells anyone to urge it.
    (tmp_path / "r.docx").write_bytes(got["report"])
    text = all_text(open_docx(tmp_path / "r.docx"))
    assert "6个党支部全部报送了填报表" in text
    assert "未报送" not in text and "尚未报送" not in text and "督促未报送" not in text
    # No blank form goes back to a branch that already reported.
    with zipfile.ZipFile(io.BytesIO(got["feedback"])) as archive:
        for name in archive.namelist():
            (tmp_path / "fb.xlsx").write_bytes(archive.read(name))
            sheet = load_workbook(tmp_path / "fb.xlsx")[spec.FEEDBACK_SHEET]
            said = "".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
            assert "尚未填写" not in said and "未报送" not in said, name


def test_round_two_the_uploaded_base_is_never_changed(six, tmp_path):
    (tmp_path / "r1").mkdir()
    base_paths, base_names = stored_copies(tmp_path / "r1", six)
    out1 = tmp_path / "out1"
    out1.mkdir()
    first = run_round_files(base_paths, base_names, out1, tmp_path / "p1.json", datetime(2010, 9, 12))
    base = out1 / first.run.outputs["merged"]
    before = hashlib.sha256(base.read_bytes()).hexdigest()
    (tmp_path / "r2").mkdir()
    paths, names = stored_copies(tmp_path / "r2", [("上轮.xlsx", base.read_bytes()), six[0]])
    out2 = tmp_path / "out2"
    out2.mkdir()
    done = run_round_files(paths, names, out2, tmp_path / "p2.json", datetime(2010, 9, 20))
    assert done.refused is None and hashlib.sha256(paths[0].read_bytes()).hexdigest() == before
    # Only our own outputs in the job's folder: the copy of the base is the merged workbook, with no backup beside it.
    assert not [p for p in out2.iterdir() if ".bak-" in p.name]
    assert {b.branch: b.status for b in done.collection.branches}["除灰党支部"] == KEPT


def test_two_merged_workbooks_are_refused_in_one_chinese_line(six, tmp_path):
    (tmp_path / "r1").mkdir()
    paths, names = stored_copies(tmp_path / "r1", six)
    out = tmp_path / "out"
    out.mkdir()
    merged = (out / run_round_files(paths, names, out, tmp_path / "p.json").run.outputs["merged"]).read_bytes()
    (tmp_path / "r2").mkdir()
    paths, names = stored_copies(tmp_path / "r2", [("第一轮.xlsx", merged), ("第二轮.xlsx", merged), six[0]])
    (tmp_path / "out2").mkdir()
    done = run_round_files(paths, names, tmp_path / "out2", tmp_path / "p2.json")
    assert done.refused == MANY_BASES.format(count=2, names="“第一轮.xlsx”、“第二轮.xlsx”")
    assert done.run is None and "\n" not in done.refused


# ---- one merged workbook alone: its 退回修改意见, as `run 合并.xlsx` writes them --------------------------


def test_one_merged_workbook_gets_its_feedback_files_as_run_on_it_does(round_page, site, tmp_path):
    import re

    from click.testing import CliRunner

    from xladdin.cli import main
    from xladdin.core.normalize import chinese_date
    from xladdin.spec import web_text as words

    _, files, _ = round_page
    merged = files["merged"].content
    with site.client() as client:
        page = post(client, [("回头看填报表_合并_第一轮.xlsx", merged)], date="2010-09-14", by="2010-09-21")
        archive = client.get(links(page.text, "/feedback")[0])
        everything = client.get(links(page.text, "all.zip")[0])
    assert "filename*=UTF-8''" + quote("退回修改意见.zip") in archive.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        sent = {name: zipped.read(name) for name in zipped.namelist()}
    # The same files the command line writes from the same merged workbook.
    (tmp_path / "合并.xlsx").write_bytes(merged)
    cli = CliRunner().invoke(main, ["run", str(tmp_path / "合并.xlsx"), "-o", str(tmp_path / "输出"),
                                    "--date", "2010-09-14", "--by", "2010-09-21"])
    assert cli.exit_code == 1, cli.output
    assert sorted(sent) == sorted(p.name for p in (tmp_path / "输出" / "退回修改").iterdir() if p.is_file())
    assert "运二_退回修改意见.xlsx" not in sent and len(sent) >= 3  # 运二 awaits checking: no blank form
    (tmp_path / "电气.xlsx").write_bytes(sent["电气_退回修改意见.xlsx"])
    line = " ".join(str(c.value) for row in load_workbook(tmp_path / "电气.xlsx")[spec.FEEDBACK_SHEET].iter_rows()
                    for c in row if isinstance(c.value, str))
    assert f"于{chinese_date(date(2010, 9, 21))}前报回" in line
    assert 'id="feedback-list"' in page.text and "电气_退回修改意见.xlsx" in page.text
    block = page.text.split('id="dates">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r"<span>([^<]*)</span>", block) == [words.USED_REPORT_DATE.format(day="2010年9月14日"),
                                                          words.USED_REPLY_BY.format(by="2010年9月21日")]
    with zipfile.ZipFile(io.BytesIO(everything.content)) as zipped:
        assert {n for n in zipped.namelist() if n.startswith("退回修改/")} == {f"退回修改/{n}" for n in sent}


def test_one_plain_workbook_says_its_reply_by_date_was_not_used(site):
    import re

    from xladdin.spec import web_text as words

    with site.client() as client:
        page = post(client, [("回头看填报表.xlsx", SAMPLE.read_bytes())], date="2010-09-14", by="2010-09-21")
    assert not links(page.text, "/feedback") and 'id="feedback-list"' not in page.text
    block = page.text.split('id="dates">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r"<span>([^<]*)</span>", block) == [words.USED_REPORT_DATE.format(day="2010年9月14日"),
                                                          words.REPLY_BY_UNUSED.format(by="2010年9月21日")]
