"""Run the web page on a free loopback port in a background thread, and always stop it."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import httpx
import uvicorn

from xladdin.web.app import WebConfig, create_app
from xladdin.web.security import loopback_host_names

START_TIMEOUT = 60.0
CHROMIUM = "/usr/bin/chromium"
# As root, without a sandbox; no background traffic to a network this machine does not have.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--lang=zh-CN"]
# Chromium's own widgets ("选择文件", the date picker) follow LANGUAGE, not the page's locale. LANG stays
# C.UTF-8: zh_CN.UTF-8 is not generated on a bare machine, and under it Chromium saves every
# Chinese-named download as "download".
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Running:
    url: str
    app: object
    config: WebConfig

    @property
    def store(self):
        return self.app.state.store

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120, **kwargs)


@contextlib.contextmanager
def running(config: WebConfig | None = None, port: int | None = None) -> Iterator[Running]:
    port = port or free_port()
    config = config or WebConfig()
    if config.allowed_hosts is None and config.token is None:
        config.allowed_hosts = loopback_host_names(port)
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield Running(f"http://127.0.0.1:{port}", app, config)
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def wait_for_result(client: httpx.Client, location: str, seconds: float = 180.0) -> httpx.Response:
    """Follow a result page until the job is done, as the page's refresh does."""
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(location)
        if page.status_code != 202 and "正在校验" not in page.text:
            return page
        if time.monotonic() > deadline:
            raise TimeoutError(f"no result at {location} after {seconds} s")
        time.sleep(0.3)


class _Tables(HTMLParser):
    """Rows of cell texts of every <table class="NAME"> on a page."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.depth, self.rows, self.cell = name, 0, [], None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.name in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, name: str) -> list[list[str]]:
    parser = _Tables(name)
    parser.feed(html)
    return parser.rows


def links(html: str, fragment: str) -> list[str]:
    return [m for m in re.findall(r'href="([^"]+)"', html) if fragment in m]
