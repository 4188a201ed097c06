"""The page through a plain HTTP client: the no-JavaScript form, limits, refusals, self-check, access."""

from __future__ import annotations

import io
import json
import os
import socket
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, valid_values
from openpyxl import load_workbook
from test_hostile import rezip
from webserver import links, running, table_rows, wait_for_result

from xladdin.cli import main
from xladdin.jobs import check_file
from xladdin.spec import form as spec
from xladdin.spec import labels
from xladdin.spec.web_text import WEB_FILE_ERRORS
from xladdin.web.app import WebConfig
from xladdin.web.upload import MIB, Limits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = {"Accept": "application/json"}
SMALL = Limits(file_bytes=1 * MIB, total_bytes=3 * MIB, files=4, drain_bytes=16 * MIB)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-root")
    with running(WebConfig(limits=SMALL, root=root)) as server:
        yield server


def post(client, files: list[tuple[str, bytes]], path: str = "/check", headers=None, **fields):
    parts = [("files", (name, data, XLSX)) for name, data in files]
    return client.post(path, files=parts, data=fields, headers=headers)


def job_folders(server) -> list[Path]:
    return [p for p in server.store.root.iterdir() if p.is_dir()]


def expected_matrix(path: Path) -> list[list[str]]:
    _, report = check_file(path)
    return [[b.branch, *(f"{labels.VERDICT_SYMBOLS[b.verdicts[c.id]]} {labels.VERDICT_LABELS[b.verdicts[c.id]]}"
                         for c in spec.CRITERIA), str(b.errors), str(b.warnings)] for b in report.branches]


def checked(server, client, files, path="/check", **fields):
    answer = post(client, files, path, **fields)
    assert answer.status_code == 303, answer.text
    return wait_for_result(client, answer.headers["location"])


# ---- the plain form, as a browser without JavaScript or a script posts it -----------------------


def test_plain_form_post_shows_matrix_findings_and_downloads(site):
    with site.client() as client:
        assert "multipart/form-data" in client.get("/").text
        page = checked(site, client, [("回头看填报表.xlsx", SAMPLE.read_bytes())], date="2010-09-12")
    assert page.status_code == 200
    assert table_rows(page.text, "matrix")[1:] == expected_matrix(SAMPLE)
    _, report = check_file(SAMPLE)
    cells = [row[0] for row in table_rows(page.text, "findings") if row and row[0] != "单元格"]
    order = {sheet: i for i, sheet in enumerate(dict.fromkeys(f.sheet for f in report.findings))}
    grouped = sorted(report.findings, key=lambda f: order[f.sheet])  # the page groups findings by branch
    assert cells == [f.cell or "—" for f in grouped]
    assert "upload-001" not in page.text  # our stored name never shows


def test_downloads_keep_chinese_names_and_open(site, tmp_path):
    with site.client() as client:
        page = checked(site, client, [("回头看填报表.xlsx", SAMPLE.read_bytes())], date="2010-09-12")
        summary_link, = links(page.text, "/summary")
        summary = client.get(summary_link)
        marked = client.get(links(page.text, "/marked")[0])
        everything = client.get(links(page.text, "all.zip")[0])
    assert summary.status_code == 200 and summary.headers["content-type"] == XLSX
    disposition = summary.headers["content-disposition"]
    assert f"filename*=UTF-8''{quote('回头看填报表_回头看汇总.xlsx')}" in disposition
    assert 'filename="huitoukan-summary.xlsx"' in disposition  # an ASCII fallback for old clients
    (tmp_path / "s.xlsx").write_bytes(summary.content)
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == [spec.SUMMARY_SHEET]
    assert "回头看填报表.xlsx" in wb.properties.description  # the trace names the user's file, not our stored name
    (tmp_path / "m.xlsx").write_bytes(marked.content)
    assert spec.SUMMARY_SHEET in load_workbook(tmp_path / "m.xlsx").sheetnames
    with zipfile.ZipFile(io.BytesIO(everything.content)) as archive:
        assert sorted(archive.namelist()) == ["回头看填报表_回头看情况报告.docx", "回头看填报表_回头看汇总.xlsx",
                                              "回头看填报表_标记.xlsx"]


def test_result_as_json_for_scripts(site):
    with site.client(headers=JSON) as client:
        answer = post(client, [("a.xlsx", SAMPLE.read_bytes())])
        assert answer.status_code == 202
        result = wait_for_result(client, answer.json()["result"]).json()
    _, report = check_file(SAMPLE)
    groups = result["files"][0]["groups"]
    assert [g["title"] for g in groups] == list(dict.fromkeys(
        next(b.branch for b in report.branches if b.sheet == f.sheet) for f in report.findings))
    assert sum(len(g["findings"]) for g in groups) == len(report.findings)
    assert all(not f["how"].startswith("【") for g in groups for f in g["findings"])
    assert result["errors"] == report.errors and result["warnings"] == report.warnings


def test_two_files_in_one_upload_are_collected_as_one_round(site, make_book):
    # 乙 is 运一's own file; 甲 is a full copy nobody can be told the owner of: it fills the others, with warnings.
    other = make_book({"运一": valid_values()})
    with site.client() as client:
        page = checked(site, client, [("甲.xlsx", SAMPLE.read_bytes()), ("乙.xlsx", other.read_bytes())])
    collected = {r[0]: r[1:3] for r in table_rows(page.text, "collection")[1:]}
    assert collected == {b.full: ["已收到", "乙.xlsx" if b.short == "运一" else "甲.xlsx"] for b in spec.DEFAULT_BRANCHES}
    rows = table_rows(page.text, "matrix")
    assert rows[0][0] == "支部"  # one merged workbook: no file column
    assert rows[1][1:] == expected_matrix(other)[0][1:]
    assert rows[2:] == expected_matrix(SAMPLE)[1:]
    kinds = {link.rsplit("/", 1)[1] for link in links(page.text, "/files/")}
    assert kinds == {"merged", "marked", "summary", "report", "feedback"}


# ---- limits: a clear Chinese message and 413, and nothing left on disk ------------------------------


def test_oversize_file_is_413_with_a_chinese_message(site):
    before = set(job_folders(site))
    big = os.urandom(2 * MIB)
    with site.client() as client:
        page = post(client, [("大文件.xlsx", big)])
        answer = post(client, [("大文件.xlsx", big)], headers=JSON)
    assert page.status_code == 413
    assert "“大文件.xlsx”超过单个文件 1 MB 的上限" in page.text and "<html" in page.text
    assert answer.status_code == 413 and "超过单个文件 1 MB 的上限" in answer.json()["message"]
    assert set(job_folders(site)) == before


def test_too_many_files_and_too_much_in_total(site):
    small = SAMPLE.read_bytes()
    with site.client(headers=JSON) as client:
        many = post(client, [(f"{n}.xlsx", small) for n in range(5)])
        total = post(client, [(f"{n}.xlsx", os.urandom(MIB - 1000)) for n in range(4)])
    assert many.status_code == 413 and "一次最多上传 4 个文件" in many.json()["message"]
    assert total.status_code == 413 and "合计超过 3 MB" in total.json()["message"]


def test_a_body_far_over_the_limit_is_refused_without_reading_it(site):
    # A raw socket: an HTTP client will not announce more than it sends, a hostile one will.
    host, port = site.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /check HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: application/json\r\n"
                     f"Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: {64 * MIB}\r\n\r\n"
                     "--abc\r\n".encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"connection: close" in head.lower()
    assert "合计超过 3 MB" in json.loads(body)["message"]


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"files": [("files", ("", b"", XLSX))]}, "没有收到任何文件"),
    ({"content": b"a=1", "headers": {"content-type": "application/x-www-form-urlencoded"}}, "不是文件上传表单"),
    ({"files": [("files", ("a.xlsx", b"PK", XLSX))], "data": {"date": "明天"}}, "报告日期“明天”无法识别"),
])
def test_user_mistakes_are_one_chinese_line(site, kwargs, words):
    with site.client(headers=JSON) as client:
        answer = client.post("/check", **kwargs)
    assert answer.status_code == 400 and words in answer.json()["message"]


def test_unknown_result_and_page_are_chinese_404(site):
    with site.client() as client:
        gone = client.get("/results/no-such-job")
        lost = client.get("/nowhere")
    assert gone.status_code == 404 and "已过期" in gone.text
    assert lost.status_code == 404 and "找不到该页面" in lost.text


# ---- the same hardened readers as `check` -------------------------------------------------------------


def cli_refusal(path: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    return result.output.strip().removeprefix("错误：")


def test_zip_bomb_gets_the_command_lines_refusal(site, make_book, tmp_path):
    good = make_book({"运一": valid_values()})
    bomb = rezip(good, tmp_path / "炸弹.xlsx", extra={"xl/media/zeros.bin": b"\0" * (20 * MIB)})
    assert bomb.stat().st_size < MIB
    with site.client() as client:
        page = checked(site, client, [("炸弹.xlsx", bomb.read_bytes())])
    refusal = cli_refusal(bomb)
    assert "压缩炸弹" in refusal
    assert refusal in page.text.replace("&#34;", '"')
    assert "共 1 个文件，未能读取，没有校验。" in page.text and not links(page.text, "/files/")


def test_a_zip_of_attachments_says_unzip_first_and_promises_no_downloads(site, make_book, tmp_path):
    attachments = tmp_path / "邮件附件.zip"
    with zipfile.ZipFile(attachments, "w") as archive:
        archive.write(make_book({"运一": valid_values()}), "运一_回头看填报表.xlsx")
    with site.client() as client:
        page = checked(site, client, [("邮件附件.zip", attachments.read_bytes())])
    refusal = cli_refusal(attachments)
    assert refusal.startswith("“邮件附件.zip”是压缩包，不是工作簿。请先解压") and refusal not in page.text
    # The page's own words for the same refusal: no inbox folder, no command line.
    assert WEB_FILE_ERRORS["zip-archive"].format(name="邮件附件.zip") in page.text
    assert "内容类型清单" not in page.text
    # Nothing was read: the headline says so, with no error count that reads like "all fine", and no download line.
    headline = page.text.split('class="totals"', 1)[1].split("</p>", 1)[0]
    assert "未能读取，没有校验" in headline and "错误" not in headline
    assert "下载链接" not in page.text and not links(page.text, "/files/") and "all.zip" not in page.text


def test_other_files_and_lock_files_are_refused_in_chinese(site, tmp_path):
    csv = tmp_path / "名单.xlsx"
    csv.write_text("支部,人数\n运一,28\n", encoding="utf-8")
    with site.client(headers=JSON) as client:
        files = []
        for name, data in (("名单.xlsx", csv.read_bytes()), ("~$回头看.xlsx", b"lock")):
            answer = post(client, [(name, data)])
            files += wait_for_result(client, answer.json()["result"]).json()["files"]
    assert files[0]["refused"] == cli_refusal(csv)
    assert "临时锁定文件" in files[1]["refused"]


# ---- self-check ---------------------------------------------------------------------------------------


def test_self_check_shows_only_the_chosen_branch(site):
    _, report = check_file(SAMPLE)
    branch = next(b for b in report.branches if b.errors)
    with site.client() as client:
        page = checked(site, client, [("我的.xlsx", SAMPLE.read_bytes())], "/self-check", branch=branch.sheet)
    titles = [line for line in page.text.splitlines() if "<h4>" in line]
    assert titles and all(branch.branch in t for t in titles)
    assert [r[0] for r in table_rows(page.text, "matrix")[1:]] == [branch.branch]
    assert "可以报送" not in page.text and f"还有 {branch.errors} 条错误" in page.text
    own = {strip(f.message) for f in report.findings if f.sheet == branch.sheet}
    others = {strip(f.message) for f in report.findings if f.sheet != branch.sheet} - own
    assert others and not any(m in page.text for m in others)
    assert all(m in page.text for m in own)


def strip(message: str) -> str:
    return message.split("：", 1)[1]


def test_self_check_without_errors_says_ready_to_send(site, make_book):
    broken = valid_values("电气")
    broken["secretary"] = None
    book = make_book({"运一": valid_values(), "电气": broken})
    with site.client() as client:
        page = checked(site, client, [("运一.xlsx", book.read_bytes())], "/self-check", branch="运一")
        other = checked(site, client, [("运一.xlsx", book.read_bytes())], "/self-check", branch="电气党支部")
    assert "✓ 可以报送" in page.text and "书记" not in page.text
    assert "可以报送" not in other.text and "还有 1 条错误" in other.text


def test_self_check_with_unknown_branch_offers_the_sheets(site):
    with site.client() as client:
        page = checked(site, client, [("我的.xlsx", SAMPLE.read_bytes())], "/self-check", branch="机务")
        assert "文件中没有“机务”支部的工作表" in page.text
        choices = links(page.text, "?branch=")
        assert len(choices) == len(expected_matrix(SAMPLE))
        chosen = client.get(choices[0])
    assert chosen.status_code == 200 and len(table_rows(chosen.text, "matrix")) == 2


def test_self_check_takes_one_file(site):
    with site.client(headers=JSON) as client:
        answer = post(client, [("a.xlsx", SAMPLE.read_bytes()), ("b.xlsx", SAMPLE.read_bytes())], "/self-check")
    assert answer.status_code == 400 and "只上传一个文件" in answer.json()["message"]


# ---- access ---------------------------------------------------------------------------------------------


def test_token_is_required_on_every_request(tmp_path):
    with running(WebConfig(token="s3cret-token", root=tmp_path / "root")) as server, server.client() as client:
        refused = client.get("/")
        wrong = client.get("/?token=guess")
        static = client.get("/static/style.css")
        first = client.get("/?token=s3cret-token")
        again = client.get("/static/style.css")  # the cookie set above carries the token
    assert refused.status_code == wrong.status_code == static.status_code == 403
    assert "访问口令" in refused.text
    assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
    assert again.status_code == 200


def test_loopback_page_refuses_other_host_names(site):
    with site.client() as client:
        answer = client.get("/", headers={"host": "attacker.example:8765"})
        fine = client.get("/", headers={"host": "localhost"})
    assert answer.status_code == 400 and "只接受本机地址" in answer.text
    assert fine.status_code == 200


def test_pages_carry_a_strict_content_security_policy(site):
    with site.client() as client:
        page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["referrer-policy"] == "same-origin"
    assert "http" not in page.text.split("<body>", 1)[1].replace(site.url, "")  # nothing loaded from elsewhere


# ---- results expire ---------------------------------------------------------------------------------------


def test_results_expire_and_their_files_are_removed(tmp_path):
    config = WebConfig(root=tmp_path / "root", ttl=0.5, sweep_every=0.2)
    with running(config) as server, server.client() as client:
        page = checked(server, client, [("a.xlsx", SAMPLE.read_bytes())])
        assert page.status_code == 200
        deadline = time.monotonic() + 10
        while job_folders(server) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert job_folders(server) == []
        assert client.get(links(page.text, "/summary")[0]).status_code == 404
    assert not (tmp_path / "root").exists()  # shutting down removes the rest


def test_another_sites_page_cannot_post_files_here(site):
    with site.client() as client:
        host = site.url.removeprefix("http://")
        foreign = post(client, [("a.xlsx", SAMPLE.read_bytes())], headers={"origin": "http://attacker.example"})
        own = post(client, [("a.xlsx", SAMPLE.read_bytes())], headers={"origin": f"http://{host}"})
    assert foreign.status_code == 403 and "不接受其他网站代为提交" in foreign.text
    assert own.status_code == 303


def test_a_job_that_never_finishes_is_removed_after_the_expiry(tmp_path):
    from xladdin.web.store import LONGEST_JOB, JobStore
    from xladdin.web.upload import Upload

    store = JobStore(tmp_path / "root", workers=1, ttl=60)
    try:
        job = store.new_job("office")
        store.start(job, Upload())  # nothing submitted: the job stays unfinished, like one whose worker hangs
        assert store.sweep(time.monotonic() + 61) == 0 and job.folder.exists()  # past the ttl, not stuck yet
        assert store.sweep(time.monotonic() + LONGEST_JOB + 1) == 1 and not job.folder.exists()
        assert store.get(job.id) is None
    finally:
        store.close()
    assert not (tmp_path / "root").exists()
