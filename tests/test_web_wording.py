"""The page speaks to an office clerk, not a command-line user.

No command, option, parameter, command name or server path in anything the page can show:
its templates and script, the page's own messages, every shared message as the page words
it (spec.audience's WEB), and real rendered pages: the form, a round's result with files it
could not use, a refusal, a bug.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from string import Formatter

import pytest
from conftest import SAMPLE
from openpyxl import Workbook
from round_uploads import uploads
from test_hostile import _with_vba
from webserver import links, running, wait_for_result

from xladdin.spec import loop_text, messages, web_text
from xladdin.spec.audience import WEB, audience
from xladdin.web.app import WebConfig
from xladdin.web.upload import MIB, Limits

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "xladdin" / "web"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Words a clerk at the page should never meet.
FORBIDDEN = ("--", "命令", "huitoukan", "参数", "收件文件夹", "-o ", "?token", "~/", ".log", "sudo", "Traceback",
             "终端", "环境变量", "输出文件名")
COMMAND_WORDS = re.compile(
    r"(?<![A-Za-z])(split|collect|feedback|repair|template|ledger|serve|run|check|token|stderr|stdout|python)(?![A-Za-z])",
    re.IGNORECASE)
SERVER_PATH = re.compile(r"(/(tmp|home|root|usr|var|Users)/|[A-Za-z]:\\\\|AppData)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def command_line_words(text: str) -> list[str]:
    found = [token for token in FORBIDDEN if token in text]
    found += [m.group(0) for m in COMMAND_WORDS.finditer(text)]
    found += [m.group(0) for m in SERVER_PATH.finditer(text)]
    return found


def filled(template: str) -> str:
    """A message template with every field filled by a plain word, as the page would show it."""
    return Formatter().vformat(template, (), defaultdict(lambda: "某"))


def test_the_scan_does_catch_command_line_words():
    for text in ("请运行 huitoukan repair 迁移", "请加 --force", "请用 -o 另选", "记录到 /root/.huitoukan/huitoukan.log",
                 "命令行：放进收件文件夹", "这是 split 生成的下发文件", "请核对 --date 是否写错",
                 "请把输出文件名的扩展名改为 .xlsm"):
        assert command_line_words(text), text
    assert command_line_words("") == [] and command_line_words("把 .xlsx 工作簿拖进网页，报回期限 2010-09-20") == []


# ---- every message the page can show, as the page words it ----------------------------------------------


def fields(*templates: str) -> dict[str, str]:
    """A plain word for every field the templates name."""
    return {name: "某" for t in templates for _, name, _, _ in Formatter().parse(t) if name}


def test_every_shared_message_reads_without_commands_on_the_page():
    assert set(messages.FILE_ERRORS) >= web_text.CLI_ONLY_ERRORS  # the list names real codes only
    with audience(WEB):  # as the page's worker renders them
        shown = {f"file error {code}": messages.render_error(code, **fields(text))
                 for code, text in messages.FILE_ERRORS.items() if code not in web_text.CLI_ONLY_ERRORS}
        shown |= {f"finding {code}": messages.render(code, **fields(c.template, web_text.WEB_FINDINGS.get(code, "")))
                  for code, c in messages.CODES.items()}
        shown |= {f"notice {code}": loop_text.notice(code, **fields(text, loop_text.WEB_NOTICES.get(code, "")))
                  for code, text in loop_text.NOTICES.items()}
        shown |= {f"skip {code}": loop_text.skip_reason(code, **fields(text, loop_text.WEB_SKIP_REASONS.get(code, "")))
                  for code, text in loop_text.SKIP_REASONS.items()}
        shown["note report-before-fill"] = filled(messages.note_report_before_fill())
        shown["note marked-copy-losses"] = messages.MARKED_LOSSES.format(lost="宏（VBA 代码）",
                                                                          hint=messages.marked_vba_hint())
    shown["note formula-text"] = filled(messages.NOTE_FORMULA_TEXT)
    shown["note default-org"] = filled(messages.NOTE_DEFAULT_ORG)
    bad = {where: command_line_words(text) for where, text in shown.items() if command_line_words(text)}
    assert bad == {}


def test_the_command_line_keeps_its_own_words():
    with audience(WEB):
        assert messages.render_error("zip-archive", name="附件.zip") == web_text.WEB_FILE_ERRORS["zip-archive"].format(
            name="附件.zip")
        assert loop_text.skip_reason("version-old", found="1", current="2") == loop_text.WEB_SKIP_REASONS[
            "version-old"].format(found="1", current="2")
    assert "huitoukan repair" in messages.render("template-old", where="【运一】", found="1", current="2")
    assert "--force" in messages.render_error("output-exists", name="a.xlsx")
    assert "huitoukan repair" in loop_text.skip_reason("version-old", found="1", current="2")
    assert messages.marked_vba_hint() == messages.MARKED_VBA_HINT and "输出文件名" in messages.MARKED_VBA_HINT
    with audience(WEB):
        assert messages.marked_vba_hint() == web_text.MARKED_VBA_HINT


def string_constants(path: Path) -> list[str]:
    """Every string literal of a module with Chinese in it (the parts of f-strings too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings and CJK.search(n.value)]


def page_sources() -> dict[str, list[str]]:
    """What the page's own code and files say to the user. server.py speaks to the terminal, not the page."""
    out = {str(p.relative_to(ROOT)): string_constants(p) for p in sorted(WEB_DIR.glob("*.py")) if p.name != "server.py"}
    out["xladdin/spec/web_text.py"] = string_constants(ROOT / "xladdin" / "spec" / "web_text.py")
    script = (WEB_DIR / "static" / "upload.js").read_text(encoding="utf-8")
    out["upload.js"] = [s for s in re.findall(r'"((?:[^"\\]|\\.)*)"', script) if CJK.search(s)]
    for template in sorted((WEB_DIR / "templates").glob("*.html")):
        text = re.sub(r"\{[{%#].*?[}%#]\}", " ", template.read_text(encoding="utf-8"), flags=re.S)
        out[template.name] = [t for t in re.split(r"<[^>]*>", text) if CJK.search(t)]
    return out


def test_the_page_s_own_strings_name_no_command_or_option():
    sources = page_sources()
    assert all(sources[name] for name in ("upload.js", "index.html", "result.html", "xladdin/web/routes.py"))
    bad = {(name, text): command_line_words(text) for name, texts in sources.items() for text in texts
           if command_line_words(text)}
    assert bad == {}


# ---- real pages -------------------------------------------------------------------------------------------


class _Visible(HTMLParser):
    """The text a person can read on a page, and the attributes a browser shows (title, data-* messages)."""

    SHOWN_ATTRS = ("title", "alt", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if value and (name in self.SHOWN_ATTRS or name.startswith("data-")) and CJK.search(value):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    limits = Limits(file_bytes=1 * MIB, total_bytes=16 * MIB, files=20, drain_bytes=64 * MIB)
    with running(WebConfig(limits=limits, root=tmp_path_factory.mktemp("wording-root"))) as server:
        yield server


def plain_workbook() -> bytes:
    """An .xlsx that is no 回头看 form: the command line would say to run `huitoukan template`."""
    wb = Workbook()
    wb.active["A1"] = "随便一张表"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post(client, files, path="/check", **fields):
    answer = client.post(path, files=[("files", (n, d, XLSX)) for n, d in files], data=fields)
    assert answer.status_code == 303, answer.text
    return wait_for_result(client, answer.headers["location"])


def test_rendered_pages_name_no_command_or_server_path(site, tmp_path):
    six = uploads(tmp_path / "six")
    with site.client() as client:
        pages = {"form": client.get("/").text}
        # A round with a file that is no form and a zip: their reasons are listed under 未采用的文件.
        pages["round"] = post(client, [*six, ("随便.xlsx", plain_workbook()), ("附件.zip", b"PK\x05\x06" + bytes(18))],
                              date="2010-09-12", by="2010-09-20").text
        pages["one file, no form"] = post(client, [("随便.xlsx", plain_workbook())]).text
        pages["self-check"] = post(client, [("我的.xlsx", SAMPLE.read_bytes())], "/self-check", branch="电气").text
        pages["bad date"] = client.post("/check", files=[("files", ("a.xlsx", b"PK", XLSX))], data={"by": "下周"}).text
        pages["no such page"] = client.get("/nowhere").text
        pages["expired"] = client.get("/results/no-such-job").text
    assert "未采用的文件" in pages["round"] and "回头看生成的填报模板" in pages["one file, no form"]
    assert "请先解压" in pages["round"]  # the zip's reason, in the page's words
    bad = {name: command_line_words(visible(html)) for name, html in pages.items() if command_line_words(visible(html))}
    assert bad == {}


def test_a_bug_names_the_time_not_the_log_file_on_the_server(monkeypatch, tmp_path):
    from xladdin import jobs
    from xladdin.web.jobs_adapter import run_file

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setenv("HUITOUKAN_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(jobs, "run", broken)
    outcome = run_file(SAMPLE, tmp_path, 1, "回头看填报表.xlsx")
    assert outcome.refused.startswith("内部错误：处理“回头看填报表.xlsx”时程序出现异常")
    assert command_line_words(outcome.refused) == [] and str(tmp_path) not in outcome.refused
    assert "RuntimeError: a bug" in (tmp_path / "logs" / "huitoukan" / "huitoukan.log").read_text(encoding="utf-8")


def test_a_marked_copy_that_loses_its_macros_tells_the_clerk_what_to_do(site, tmp_path):
    """A workbook with macros uploaded as .xlsx: the marked copy is an .xlsx without them; the page says why
    and how to keep them (rename the file, upload again), not the command line's output file name."""
    src = _with_vba(SAMPLE, tmp_path / "宏.xlsx")
    with site.client() as client:
        page = post(client, [(src.name, src.read_bytes())])
        marked = client.get(links(page.text, "/marked")[0]).content
    notes = re.findall(r'<p class="note">([^<]*)</p>', page.text)
    (note,) = [n for n in notes if "标记副本将不包含" in n]
    assert note == messages.MARKED_LOSSES.format(lost="宏（VBA 代码）", hint=web_text.MARKED_VBA_HINT)
    assert messages.MARKED_VBA_HINT not in page.text and command_line_words(visible(page.text)) == []
    with zipfile.ZipFile(io.BytesIO(marked)) as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()  # what the note says: the copy has no macros
