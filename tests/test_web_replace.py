"""以此文件为准重新合并: a branch's file refused as older than last round's answers is taken on the clerk's click.

Round 1 is the office's six returned files; round 2 uploads its merged workbook with 运一's file
re-sent with an earlier 填表日期 and another secretary. The page keeps 运一's round-1 answers and
offers the button; posting it runs the same uploads again and the merged workbook has the file's answers.
Real workbooks through HTTP, and one click in a real browser.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from round_uploads import NAME, edited, returned_files
from webserver import links, running, table_rows, wait_for_result

from xladdin.spec import form as spec
from xladdin.spec import web_text as words
from xladdin.spec.loop_text import KEPT, STATUS_LABELS
from xladdin.web.app import WebConfig
from xladdin.web.upload import MIB, Limits
from xladdin.xlsx.read import read_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIMITS = Limits(file_bytes=1 * MIB, total_bytes=64 * MIB, files=50, drain_bytes=128 * MIB)
OLD_SECRETARY = "较早填写的书记"


def post(client, files, **fields):
    answer = client.post("/check", files=[("files", (n, d, XLSX)) for n, d in files], data=fields)
    assert answer.status_code == 303, answer.text
    return wait_for_result(client, answer.headers["location"])


def secretary(workbook: bytes, tmp: Path, sheet: str = "运一") -> object:
    (tmp / "m.xlsx").write_bytes(workbook)
    return next(sd.raw for sd in read_workbook(tmp / "m.xlsx").sheets if sd.sheet == sheet)["secretary"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running(WebConfig(limits=LIMITS, root=tmp_path_factory.mktemp("replace-root"))) as server:
        yield server


@pytest.fixture(scope="module")
def refused(site, tmp_path_factory):
    """Round 2's page, with 运一's older file refused; and the round's uploads."""
    work = tmp_path_factory.mktemp("older")
    first = [(f.name, f.read_bytes()) for f in returned_files(work)]
    older = edited(work / "下发" / f"运一_{NAME}.xlsx", work / "运一-旧的.xlsx", "运一",
                   {"fill_date": date(2010, 8, 20), "secretary": OLD_SECRETARY})
    with site.client() as client:
        merged1 = client.get(links(post(client, first, date="2010-09-12").text, "/merged")[0]).content
        uploads = [("第一轮合并.xlsx", merged1), (older.name, older.read_bytes())]
        page = post(client, uploads, date="2010-09-20")
    return merged1, page


def test_the_older_file_is_refused_with_the_button_and_no_advice_to_edit_the_date(refused):
    _, page = refused
    rows = {r[0]: r for r in table_rows(page.text, "collection")[1:]}
    assert rows["运一党支部"][1] == STATUS_LABELS[KEPT]
    assert "运一-旧的.xlsx" in page.text and words.REPLACE_BUTTON in page.text
    assert "填表日期改为" not in page.text and "--replace" not in page.text
    assert page.text.count('name="branch" value="运一"') == 1
    assert page.text.count('name="branch"') == 1  # only the refused branch is offered


def test_the_button_reruns_the_round_taking_the_branch_s_file(site, refused, tmp_path):
    merged1, page = refused
    result = page.url.path
    with site.client() as client:
        answer = client.post(f"{result}/replace", data={"branch": "运一"})
        assert answer.status_code == 303 and answer.headers["location"] != result
        again = wait_for_result(client, answer.headers["location"])
        merged2 = client.get(links(again.text, "/merged")[0]).content
        # The first result stays as it was, its merged workbook unchanged.
        assert client.get(links(page.text, "/merged")[0]).content == client.get(
            links(client.get(result).text, "/merged")[0]).content
    assert secretary(merged1, tmp_path) != OLD_SECRETARY
    assert secretary(merged2, tmp_path) == OLD_SECRETARY
    rows = {r[0]: r for r in table_rows(again.text, "collection")[1:]}
    assert rows["运一党支部"][1] == STATUS_LABELS["received"] and "已按要求替换" in again.text
    assert words.REPLACE_BUTTON not in again.text
    (tmp_path / "m2.xlsx").write_bytes(merged2)
    sheet = load_workbook(tmp_path / "m2.xlsx")[spec.COLLECTION_SHEET]
    said = "".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "运一-旧的.xlsx" in said and "--replace" not in said


@pytest.mark.parametrize("branch", ["电气", "../运一", ""])
def test_a_branch_not_offered_is_refused_in_one_chinese_line(site, refused, branch):
    _, page = refused
    with site.client() as client:
        answer = client.post(f"{page.url.path}/replace", data={"branch": branch})
    assert answer.status_code == 400
    assert words.REPLACE_REFUSED.format(name=branch)[:30] in answer.text and "Traceback" not in answer.text


def test_another_site_cannot_press_the_button(site, refused):
    _, page = refused
    with site.client() as client:
        answer = client.post(f"{page.url.path}/replace", data={"branch": "运一"},
                             headers={"origin": "http://evil.example"})
    assert answer.status_code == 403


def test_an_unknown_job_is_the_expired_message(site):
    with site.client() as client:
        answer = client.post("/results/nope/replace", data={"branch": "运一"})
    assert answer.status_code == 404 and "已过期" in answer.text


def test_one_click_in_a_browser_takes_the_file(site, refused, tmp_path):
    from playwright.sync_api import sync_playwright
    from webserver import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ENV

    _, page = refused
    shots = Path(os.environ.get("HUITOUKAN_SHOTS", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV)
        tab = browser.new_context(locale="zh-CN").new_page()
        tab.goto(f"{site.url}{page.url.path}")
        tab.locator("#collection").screenshot(path=str(shots / "replace-before.png"))
        tab.get_by_role("button", name=words.REPLACE_BUTTON).click()
        tab.wait_for_selector("#collection", timeout=180_000)
        tab.locator("#collection").screenshot(path=str(shots / "replace-after.png"))
        text = tab.locator("#collection").inner_text()
        browser.close()
    assert "已按要求替换" in text and words.REPLACE_BUTTON not in text


def test_on_the_lan_the_button_needs_the_token(tmp_path):
    with running(WebConfig(token="s3cret-token", root=tmp_path / "root")) as server, server.client() as client:
        assert client.post("/results/nope/replace", data={"branch": "运一"}).status_code == 403
        client.get("/?token=s3cret-token")  # the cookie now carries the token: past the guard, to the route
        assert client.post("/results/nope/replace", data={"branch": "运一"}).status_code == 404
