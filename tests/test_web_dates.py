"""The office's form gives a round its two dates, as the command line does: 报告日期 (`--date`) and
报回期限 (`feedback --by`). Through a plain HTTP client and the office's six returned files
(tests/round_uploads.py); the downloads are opened and read, nothing mocked.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, sent_back, valid_values
from docx_read import all_text, open_docx
from openpyxl import load_workbook
from round_uploads import uploads
from webserver import links, running, wait_for_result

from xladdin.cli import main
from xladdin.core.normalize import chinese_date
from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.jobs import split_file
from xladdin.spec import form as spec
from xladdin.spec import web_text as words
from xladdin.web.app import WebConfig
from xladdin.web.upload import MIB, Limits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = {"Accept": "application/json"}
LIMITS = Limits(file_bytes=1 * MIB, total_bytes=16 * MIB, files=20, drain_bytes=64 * MIB)
REPORT_DAY, REPLY_DAY = date(2010, 9, 12), date(2010, 9, 20)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running(WebConfig(limits=LIMITS, root=tmp_path_factory.mktemp("dates-root"))) as server:
        yield server


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> list[tuple[str, bytes]]:
    return uploads(tmp_path_factory.mktemp("six"))


def post(client, files, headers=None, **fields):
    return client.post("/check", files=[("files", (n, d, XLSX)) for n, d in files], data=fields, headers=headers)


def finished(client, files, **fields):
    answer = post(client, files, **fields)
    assert answer.status_code == 303, answer.text
    return wait_for_result(client, answer.headers["location"])


@pytest.fixture(scope="module")
def dated_round(site, six):
    """A round posted with both dates, each written as a clerk might: 2010年9月12日 and 2010-09-20."""
    with site.client() as client:
        page = finished(client, six, date="2010年9月12日", by="2010-09-20")
        files = {kind: client.get(links(page.text, f"/{kind}")[0]).content
                 for kind in ("merged", "summary", "report", "feedback")}
    return page, files


def feedback_lines(archive_bytes: bytes) -> dict[str, str]:
    """Each feedback file's 修改意见 sentence that asks for the reply, by file name."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        for name in archive.namelist():
            sheet = load_workbook(io.BytesIO(archive.read(name)))[spec.FEEDBACK_SHEET]
            (line,) = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "报回" in c.value]
            out[name] = line
    return out


def cli_feedback_lines(merged: Path, out: Path, *by: str) -> dict[str, str]:
    result = CliRunner().invoke(main, ["feedback", str(merged), "-o", str(out), *by])
    assert result.exit_code == 0, result.output
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in out.glob("*.xlsx"):
            archive.write(path, path.name)
    return feedback_lines(buffer.getvalue())


# ---- 报回期限 ------------------------------------------------------------------------------------------


def test_the_page_offers_both_dates_with_chinese_labels_and_help(site):
    with site.client() as client:
        page = client.get("/").text
    for field, label, hint in (("date", words.REPORT_DATE_LABEL, words.REPORT_DATE_HINT),
                               ("by", words.REPLY_BY_LABEL, words.REPLY_BY_HINT)):
        assert f'type="date" name="{field}"' in page
        assert f">{label}</label>" in page and hint in page


def test_every_feedback_file_carries_the_reply_by_date_as_feedback_by_writes_it(dated_round, tmp_path):
    _, files = dated_round
    lines = feedback_lines(files["feedback"])
    assert len(lines) >= 3  # 运一, 电气 ... : every branch with an error gets one
    assert all(f"于{chinese_date(REPLY_DAY)}前报回" in line for line in lines.values()), lines
    # The same sentence the command line writes from the same merged workbook.
    merged = tmp_path / "回头看填报表_合并.xlsx"
    merged.write_bytes(files["merged"])
    assert cli_feedback_lines(merged, tmp_path / "退回", "--date", "2010-09-12", "--by", "2010-09-20") == lines


def test_without_a_reply_by_date_the_files_ask_for_the_reply_soon(site, six, tmp_path):
    with site.client() as client:
        page = finished(client, six, date="2010-09-12", by="")
        archive = client.get(links(page.text, "/feedback")[0]).content
    lines = feedback_lines(archive)
    assert lines and all("尽快报回" in line and "前报回" not in line for line in lines.values())


@pytest.mark.parametrize(("fields", "expected"), [
    ({"by": "下周五"}, words.BAD_DATE.format(label=words.REPLY_BY_LABEL, value="下周五")),
    ({"by": "2010-02-30"}, words.BAD_DATE.format(label=words.REPLY_BY_LABEL, value="2010-02-30")),
    ({"by": "9月20日"}, words.BAD_DATE.format(label=words.REPLY_BY_LABEL, value="9月20日")),  # no year: refused, as --by
    ({"date": "2010-09-12", "by": "2010-09-05"},
     words.REPLY_BY_TOO_EARLY.format(by="2010年9月5日", day="2010年9月12日")),
    ({"date": "二〇一〇年九月三十一日"}, words.BAD_DATE.format(label=words.REPORT_DATE_LABEL, value="二〇一〇年九月三十一日")),
])
def test_a_bad_date_is_one_chinese_line_on_the_page_and_nothing_runs(site, six, fields, expected):
    before = sorted(site.store.root.iterdir())
    with site.client() as client:
        answer = post(client, six[:2], headers=JSON, **fields)
        assert answer.status_code == 400 and answer.json() == {"message": expected}
        shown = post(client, six[:2], **fields)  # without the page's script: a page with the one line
    assert shown.status_code == 400 and f'<p class="alert" role="alert">{expected}</p>' in shown.text
    assert "Traceback" not in shown.text and "\n" not in expected
    assert sorted(site.store.root.iterdir()) == before  # refused before any job was started


# ---- 报告日期 ------------------------------------------------------------------------------------------


def summary_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    ws = book[spec.SUMMARY_SHEET]
    cells = "".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    return cells + ws.oddHeader.right.text


def test_the_report_date_reaches_the_round_s_summary_and_report(dated_round, tmp_path):
    _, files = dated_round
    assert f"截至{chinese_date(REPORT_DAY)}" in summary_text(files["summary"])
    (tmp_path / "r.docx").write_bytes(files["report"])
    text = all_text(open_docx(tmp_path / "r.docx"))
    assert f"{chinese_date(REPORT_DAY)}印发" in text
    assert chinese_date(date.today()) not in text  # not today's date: the one the clerk gave


def test_the_result_page_states_the_dates_the_round_used(dated_round, site, six):
    page, _ = dated_round
    assert spans_of(page.text, "dates") == [words.USED_REPORT_DATE.format(day="2010年9月12日"),
                                              words.USED_REPLY_BY.format(by="2010年9月20日")]
    with site.client() as client:
        alone = finished(client, six[:1])  # one workbook: no feedback files, so no 报回期限 to state
    assert spans_of(alone.text, "dates") == [words.USED_REPORT_DATE.format(day=chinese_date(date.today()))]


def passing_replies(work: Path) -> list[tuple[str, bytes]]:
    """Two branches' returned files (split's, sent back) in which every rule passes: nothing to send back."""
    work.mkdir(parents=True, exist_ok=True)
    wb = build_template(tuple(spec.Branch(short, f"{short}党支部") for short in ("运一", "电气")))
    for short in ("运一", "电气"):
        fill_by_names(wb, short, valid_values(short))
    wb.save(work / "回头看填报表.xlsx")
    split_file(work / "回头看填报表.xlsx", work / "下发")
    return [(p.name, sent_back(p, work / p.name).read_bytes()) for p in sorted((work / "下发").glob("*.xlsx"))]


def test_a_round_that_needs_no_feedback_says_its_reply_by_date_went_unused(site, tmp_path):
    unused = words.REPLY_BY_NOT_NEEDED.format(by="2010年9月20日")
    with site.client() as client:
        page = finished(client, passing_replies(tmp_path), date="2010-09-12", by="2010-09-20")
        assert "错误 <strong>0</strong>" in page.text and not links(page.text, "/feedback")
        assert spans_of(page.text, "dates") == [words.USED_REPORT_DATE.format(day="2010年9月12日"), unused]
        # The merged workbook given back alone is a merged round too: the same line, not the one-workbook one.
        merged = client.get(links(page.text, "/merged")[0]).content
        again = finished(client, [("回头看填报表_合并.xlsx", merged)], date="2010-09-12", by="2010-09-20")
        assert not links(again.text, "/feedback")
        assert spans_of(again.text, "dates") == [words.USED_REPORT_DATE.format(day="2010年9月12日"), unused]
        # Without a 报回期限 there is nothing to account for: only the report date.
        undated = finished(client, [("回头看填报表_合并.xlsx", merged)], date="2010-09-12", by="")
    assert spans_of(undated.text, "dates") == [words.USED_REPORT_DATE.format(day="2010年9月12日")]


def spans_of(html: str, element_id: str) -> list[str]:
    block = html.split(f'id="{element_id}">', 1)[1].split("</p>", 1)[0]
    return re.findall(r"<span>([^<]*)</span>", block)


def test_one_workbook_takes_the_report_date_in_any_form_the_command_line_reads(site, tmp_path):
    with site.client() as client:
        page = finished(client, [("回头看填报表.xlsx", SAMPLE.read_bytes())], date="2010.9.5", by="2010年9月30日")
        summary = client.get(links(page.text, "/summary")[0]).content
        report = client.get(links(page.text, "/report")[0]).content
    assert f"截至{chinese_date(date(2010, 9, 5))}" in summary_text(summary)
    (tmp_path / "r.docx").write_bytes(report)
    assert "2010年9月5日印发" in all_text(open_docx(tmp_path / "r.docx"))
