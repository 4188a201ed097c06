"""The page in a real headless Chromium (Debian's), driven by Playwright: what a person sees and does.

Screenshots (zh-CN) are saved in the test's tmp folder and their paths printed (pytest -s shows them).
"""

from __future__ import annotations

import base64
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE, valid_values
from matplotlib import font_manager
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright
from round_uploads import previous_ledger, returned_files, uploads
from webserver import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ENV, running

from xladdin.jobs import check_file
from xladdin.spec import form as spec
from xladdin.spec import labels
from xladdin.spec.labels import VERDICT_FILLS
from xladdin.spec.ledger import STATUSES
from xladdin.web.app import WebConfig
from xladdin.web.upload import MIB, Limits

LIMITS = Limits(file_bytes=1 * MIB, total_bytes=4 * MIB, files=8, drain_bytes=16 * MIB)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running(WebConfig(limits=LIMITS, root=tmp_path_factory.mktemp("browser-root"))) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-packages.sh --tests")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab
    context.close()


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def drop_files(page, selector: str, files: list[tuple[str, bytes]]) -> None:
    """Drop files on the drop zone the way a browser does: a drop event carrying a DataTransfer."""
    transfer = page.evaluate_handle("""(files) => {
        const dt = new DataTransfer();
        for (const [name, b64] of files) {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            dt.items.add(new File([bytes], name, {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}));
        }
        return dt;
    }""", [[name, base64.b64encode(data).decode()] for name, data in files])
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def matrix(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "table.matrix tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))")


def test_drop_the_sample_see_the_matrix_and_download_the_summary(site, page, tmp_path):
    page.goto(site.url)
    shot(page, tmp_path, "1-start")
    drop_files(page, "#office-form .drop", [("回头看填报表.xlsx", SAMPLE.read_bytes())])
    assert "回头看填报表.xlsx" in page.inner_text("#office-form .chosen")
    page.fill("#report-date", "2010-09-12")
    page.click("#office-form button[type=submit]")
    page.wait_for_selector("table.matrix")
    shot(page, tmp_path, "2-result")
    _, report = check_file(SAMPLE)
    assert [row[0] for row in matrix(page)] == [b.branch for b in report.branches]
    assert [row[1:6] for row in matrix(page)] == [
        [f"{labels.VERDICT_SYMBOLS[b.verdicts[c.id]]} {labels.VERDICT_LABELS[b.verdicts[c.id]]}" for c in spec.CRITERIA]
        for b in report.branches]
    # The same fills as the summary workbook, as the browser paints them.
    painted = page.eval_on_selector_all("td.verdict", "cells => cells.map(c => [c.title, getComputedStyle(c).backgroundColor])")
    wanted = {labels.VERDICT_LABELS[v]: "rgb({}, {}, {})".format(*bytes.fromhex(fill)) for v, fill in VERDICT_FILLS.items()}
    assert painted and all(colour == wanted[label] for label, colour in painted)
    assert page.locator(".branch-findings h4").count() == len({f.sheet for f in report.findings})
    with page.expect_download() as caught:
        page.click("a[href$='/summary']")
    download = caught.value
    assert download.suggested_filename == "回头看填报表_回头看汇总.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert load_workbook(saved).sheetnames == [spec.SUMMARY_SHEET]


def test_oversize_file_message_before_and_without_javascript(site, browser, page, tmp_path):
    big = tmp_path / "大文件.xlsx"
    big.write_bytes(os.urandom(2 * MIB))
    page.goto(site.url)
    page.set_input_files("#office-files", str(big))
    page.click("#office-form button[type=submit]")
    alert = page.locator("#office-form .alert")
    alert.wait_for(state="visible")
    assert "“大文件.xlsx”超过单个文件 1 MB 的上限" in alert.inner_text()
    shot(page, tmp_path, "3-oversize")
    # Without JavaScript the form posts the file, and the server answers with the same words and 413.
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(site.url)
    plain.set_input_files("#office-files", str(big))
    with plain.expect_response(lambda r: r.url.endswith("/check")) as answer:
        plain.click("#office-form button[type=submit]")
    assert answer.value.status == 413
    assert "“大文件.xlsx”超过单个文件 1 MB 的上限" in plain.inner_text("p.alert")
    shot(plain, tmp_path, "4-oversize-nojs")
    context.close()


def test_self_check_shows_one_branch_and_ready_to_send(site, page, make_book, tmp_path):
    broken = valid_values("电气")
    broken["secretary"] = None
    book = make_book({"运一": valid_values(), "电气": broken})
    page.goto(site.url)
    drop_files(page, "#self-form .drop", [("运一支部.xlsx", book.read_bytes())])
    page.select_option("#self-branch", "运一")
    page.click("#self-form button[type=submit]")
    page.wait_for_selector("#verdict-banner")
    shot(page, tmp_path, "5-self-ok")
    assert "可以报送" in page.inner_text("#verdict-banner")
    assert [row[0] for row in matrix(page)] == ["运一党支部"]
    assert "电气" not in page.inner_text("main")
    page.goto(site.url)
    page.set_input_files("#self-file", str(book))
    page.select_option("#self-branch", "电气")
    page.click("#self-form button[type=submit]")
    page.wait_for_selector("#verdict-banner")
    shot(page, tmp_path, "6-self-errors")
    assert "还有 1 条错误" in page.inner_text("#verdict-banner")
    assert [h.split("错误")[0] for h in page.locator(".branch-findings h4").all_inner_texts()] == ["电气党支部"]


def watch_progress(page) -> list[dict]:
    """Pass the page's progress polls through, keeping what the server said."""
    answers: list[dict] = []

    def watch(route):
        response = route.fetch()
        answers.append(response.json())
        route.fulfill(response=response)

    page.route("**/progress", watch)
    return answers


def collection(page) -> dict[str, list[str]]:
    rows = page.eval_on_selector_all(
        "table.collection tbody tr", "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))")
    return {row[0]: row[1:] for row in rows}


def test_many_files_are_one_round_with_its_progress(site, page, make_book, tmp_path):
    books = [(f"{short}.xlsx", make_book({short: valid_values(short)}).read_bytes()) for short in ("运一", "电气", "化学")]
    page.goto(site.url)
    drop_files(page, "#office-form .drop", books)
    assert "已选择 3 个文件" in page.inner_text("#office-form .chosen")
    answers = watch_progress(page)
    page.click("#office-form button[type=submit]")
    page.wait_for_selector("table.matrix")
    shot(page, tmp_path, "7-many")
    # The page asked how far the round was, and saw it through to the end.
    assert answers and answers[-1]["state"] == "finished" and answers[-1]["done"] == answers[-1]["total"]
    assert all(0 <= a["done"] <= a["total"] for a in answers)
    assert {branch: row[:2] for branch, row in collection(page).items()} == {
        "运一党支部": ["已收到", "运一.xlsx"], "电气党支部": ["已收到", "电气.xlsx"], "化学党支部": ["已收到", "化学.xlsx"]}
    assert [row[0] for row in matrix(page)] == ["运一党支部", "电气党支部", "化学党支部"]


def test_drop_six_returned_files_see_the_collection_similarity_and_feedback(site, page, tmp_path):
    page.goto(site.url)
    drop_files(page, "#office-form .drop", uploads(tmp_path / "files"))
    assert "已选择 6 个文件" in page.inner_text("#office-form .chosen")
    page.fill("#report-date", "2010-09-12")
    page.fill("#reply-by", "2010-09-20")  # the 报回期限, as feedback --by gives it
    answers = watch_progress(page)
    page.click("#office-form button[type=submit]")
    page.wait_for_selector("table.collection")
    shot(page, tmp_path, "9-round")
    assert any(a["stage"].startswith("正在") for a in answers)  # the round's stages reached the page
    statuses = {branch: row[0] for branch, row in collection(page).items()}
    assert statuses == {"运一党支部": "已收到", "电气党支部": "已收到", "化学党支部": "已收到", "除灰党支部": "已收到",
                        "运二党支部": "冲突", "汽机党支部": "未报送"}
    assert collection(page)["运一党支部"][1] == "我们支部的报表.xlsx"
    # 未报送 in grey, as in the summary workbook.
    grey = "rgb({}, {}, {})".format(*bytes.fromhex(VERDICT_FILLS[spec.UNREPORTED]))
    unreported = page.eval_on_selector_all("tr.unreported td.verdict", "cells => cells.map(c => getComputedStyle(c).backgroundColor)")
    assert len(unreported) == 10 and set(unreported) == {grey}
    # 雷同: 化学 pasted 电气's answer; the pair is shown once, with how to fix it.
    copied = page.locator("#similar-text-copied")
    assert copied.locator("table.similar tbody tr").count() == 1
    assert "电气党支部" in copied.inner_text() and "化学党支部" in copied.inner_text() and "修改方法" in copied.inner_text()
    assert missing_glyphs(page) == []  # ↔, —, the status words: every character drawn
    page.locator("#similarity").screenshot(path=str(tmp_path / "10-similarity.png"))
    print(f"screenshot: {tmp_path / '10-similarity.png'}")
    with page.expect_download() as caught:
        page.click("a[href$='/feedback']")
    download = caught.value
    assert download.suggested_filename == "退回修改意见.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "电气_退回修改意见.xlsx" in archive.namelist()
        (tmp_path / "电气.xlsx").write_bytes(archive.read("电气_退回修改意见.xlsx"))
    sheet = load_workbook(tmp_path / "电气.xlsx")[spec.FEEDBACK_SHEET]
    asked = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "报回" in c.value]
    assert len(asked) == 1 and "于2010年9月20日前报回" in asked[0]


def test_a_round_posts_without_javascript(site, browser, tmp_path):
    files = returned_files(tmp_path / "files")
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.set_default_timeout(120_000)
    plain.goto(site.url)
    plain.set_input_files("#office-files", [str(f) for f in files])
    plain.click("#office-form button[type=submit]")
    plain.wait_for_selector("table.collection")  # through the processing page's meta refresh
    shot(plain, tmp_path, "11-round-nojs")
    assert collection(plain)["汽机党支部"][0] == "未报送"
    assert plain.locator("a[href$='/feedback']").count() == 1
    context.close()


def test_a_dropped_ledger_shows_its_counts(site, page, tmp_path):
    ledger = previous_ledger(tmp_path)
    page.goto(site.url)
    drop_files(page, "#office-form .drop", [*uploads(tmp_path / "files"), (ledger.name, ledger.read_bytes())])
    page.fill("#report-date", "2010-09-12")
    page.click("#office-form button[type=submit]")
    page.wait_for_selector("table.ledger")
    shot(page, tmp_path, "12-ledger")
    rows = page.eval_on_selector_all("table.ledger tr", "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))")
    assert rows[0][:2 + len(STATUSES)] == ["支部", "登记事项", *STATUSES]
    assert rows[-1][0] == "合计" and int(rows[-1][1]) == sum(int(r[1]) for r in rows[1:-1]) > 0
    assert ledger.name not in {row[0] for row in collection(page).values()}
    assert page.locator(f"a[download='{ledger.name}']").count() == 0


def test_without_javascript_the_form_posts_and_the_result_page_refreshes_itself(site, browser, tmp_path):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.set_default_timeout(120_000)
    plain.goto(site.url)
    plain.set_input_files("#office-files", str(SAMPLE))
    plain.click("#office-form button[type=submit]")
    plain.wait_for_selector("table.matrix")  # reached through the processing page's meta refresh
    shot(plain, tmp_path, "8-nojs-result")
    _, report = check_file(SAMPLE)
    assert len(matrix(plain)) == len(report.branches)
    context.close()


def font_charmap(family: str) -> set[int]:
    """The characters a font family installed here can draw, found the way Chromium finds it (fontconfig)."""
    path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True).stdout
    return set(font_manager.get_font(path).get_charmap())


def missing_glyphs(page) -> list[tuple[str, str]]:
    """(character, fonts) for every character on the page that none of the fonts Chromium drew it with has."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})["nodeIds"]
    charmaps: dict[str, set[int]] = {}
    missing = []
    for node in nodes:
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if not fonts:
            continue
        text = cdp.send("DOM.resolveNode", {"nodeId": node})["object"]
        own = cdp.send("Runtime.callFunctionOn", {
            "objectId": text["objectId"], "returnByValue": True,
            "functionDeclaration": "function() { return [...this.childNodes].filter(n => n.nodeType === 3)"
                                   ".map(n => n.textContent).join(''); }"})["result"]["value"]
        families = [f["familyName"] for f in fonts]
        covered = set().union(*(charmaps.setdefault(f, font_charmap(f)) for f in families))
        missing += [(ch, ", ".join(families)) for ch in set(own) if not ch.isspace() and ord(ch) not in covered]
    return missing


def test_every_character_on_the_pages_has_a_glyph(site, page, tmp_path):
    page.goto(site.url)
    assert missing_glyphs(page) == []
    page.set_input_files("#office-files", str(SAMPLE))
    page.click("#office-form button[type=submit]")
    page.wait_for_selector("table.matrix")
    assert page.locator("td.verdict").count() > 0
    assert missing_glyphs(page) == []


def test_the_glyph_check_does_catch_a_missing_glyph(page):
    page.set_content("<p>汇总\U000f0000</p>")
    assert [ch for ch, _ in missing_glyphs(page)] == ["\U000f0000"]


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect();"
                                               " return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; })")


@pytest.mark.parametrize("width", [1200, 700])
def test_the_round_s_dates_line_up_with_their_help_in_chinese(site, browser, tmp_path, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site.url)
    page.fill("#reply-by", "2010-09-20")
    page.locator("#office").screenshot(path=str(tmp_path / f"13-dates-{width}.png"))
    print(f"screenshot: {tmp_path / f'13-dates-{width}.png'}")
    labels_, inputs, hints = (boxes(page, f".date-fields {tag}") for tag in ("label", "input", ".hint"))
    card = boxes(page, "#office")[0]
    assert [page.inner_text(f"label[for={i}]") for i in ("report-date", "reply-by")] == ["报告日期", "报回期限"]
    assert len(labels_) == len(inputs) == len(hints) == 2
    assert inputs[0]["x"] == inputs[1]["x"] and hints[0]["x"] == hints[1]["x"]  # one column each
    for label, field, hint in zip(labels_, inputs, hints, strict=True):
        assert label["right"] < field["x"] < field["right"] < hint["x"]  # label, date, help: side by side
        assert hint["y"] < field["bottom"] and hint["right"] <= card["right"]  # beside its own field, inside the card
    assert labels_[0]["bottom"] <= labels_[1]["y"] and hints[0]["bottom"] <= inputs[1]["y"] + 4  # no overlap
    assert missing_glyphs(page) == []
    context.close()
