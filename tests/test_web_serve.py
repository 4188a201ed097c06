"""`huitoukan serve` as a user starts it, the web stack kept off `check`, and the small pure parts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner
from conftest import valid_values
from webserver import free_port

from xladdin.cli import main
from xladdin.web.downloads import content_disposition, unique_names
from xladdin.web.outcome import MARKED, SUMMARY, download_name
from xladdin.web.security import needs_token
from xladdin.web.upload import display_name, stored_suffix


def test_check_does_not_load_the_web_stack(make_book):
    path = make_book({"运一": valid_values()})
    code = (
        "import sys; from xladdin.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'python_multipart') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_serve_off_the_default_host_needs_the_printed_token(tmp_path):
    # 127.0.0.2 is still this machine, but not the default address: the token rule applies.
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "xladdin", "serve", "--host", "127.0.0.2", "--port", str(port),
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith(f"回头看网页已启动：http://127.0.0.2:{port}/?token=")
        url = first.split("：", 1)[1]
        deadline = time.monotonic() + 60
        while True:
            try:
                refused = httpx.get(url.split("?")[0], timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.2)
        page = httpx.get(url, timeout=10)
        assert refused.status_code == 403 and "访问口令" in refused.text
        assert page.status_code == 200 and "校验与汇总" in page.text
        assert any(tmp_path.glob("huitoukan-web-*"))
        time.sleep(3)  # let the workers start, so Ctrl+C reaches them too
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in a terminal reaches the whole process group
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "已停止" in out and "Traceback" not in err
    assert not any(tmp_path.glob("huitoukan-web-*"))  # Ctrl+C removes the temporary folder


def test_serve_on_a_busy_port_is_one_chinese_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert f"端口 {port} 已被占用" in result.output and "Traceback" not in result.output


def test_serve_has_chinese_help():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "启动本机网页" in result.output and "--no-browser" in result.output


@pytest.mark.parametrize(("host", "token"), [
    ("127.0.0.1", False), ("localhost", False), ("::1", False),
    ("0.0.0.0", True), ("192.168.1.20", True), ("127.0.0.2", True), ("::", True),
])
def test_only_this_machines_own_names_go_without_a_token(host, token):
    assert needs_token(host) is token


@pytest.mark.parametrize(("raw", "shown"), [
    ("回头看填报表.xlsx", "回头看填报表.xlsx"),
    ("C:\\Users\\张三\\桌面\\运一.xlsx", "运一.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("a\x00b\r\n.xlsx", "ab.xlsx"),
    ("..", "未命名.xlsx"),
    ("", "未命名.xlsx"),
])
def test_uploaded_names_are_only_ever_shown(raw, shown):
    assert display_name(raw) == shown


def test_long_names_keep_their_suffix_and_only_known_suffixes_are_stored():
    name = display_name("很" * 300 + ".xlsx")
    assert len(name) <= 120 and name.endswith("….xlsx")
    assert [stored_suffix(n) for n in ("a.XLSM", "a.xlsx", "a.xls", "a.exe", "noext")] == [
        ".xlsm", ".xlsx", ".xlsx", ".xlsx", ".xlsx"]


def test_download_names_follow_run():
    assert download_name("回头看填报表.xlsx", MARKED) == "回头看填报表_标记.xlsx"
    assert download_name("宏.xlsm", MARKED) == "宏_标记.xlsm"
    assert download_name("宏.xlsm", SUMMARY) == "宏_回头看汇总.xlsx"
    assert download_name("没有扩展名", SUMMARY) == "没有扩展名_回头看汇总.xlsx"


def test_content_disposition_carries_the_chinese_name_and_an_ascii_fallback():
    header = content_disposition("运一_标记.xlsx", "huitoukan-marked")
    assert header == ("attachment; filename=\"huitoukan-marked.xlsx\"; "
                      "filename*=UTF-8''%E8%BF%90%E4%B8%80_%E6%A0%87%E8%AE%B0.xlsx")
    assert content_disposition("plain.xlsx") == "attachment; filename=\"plain.xlsx\"; filename*=UTF-8''plain.xlsx"
    assert 'filename="huitoukan.xlsx"' in content_disposition('a"b.xlsx')


def test_zip_names_never_collide():
    assert unique_names(["甲.xlsx", "乙.xlsx", "甲.xlsx", "甲.XLSX"]) == ["甲.xlsx", "乙.xlsx", "甲(2).xlsx", "甲(3).XLSX"]


def test_readme_shows_the_page_without_the_ribbon():
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## 不用 Excel 按钮时", 1)[1].split("\n## ", 1)[0]
    assert "huitoukan serve" in section and "可以报送" in section
    image = section.split("](", 1)[1].split(")", 1)[0]
    assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
