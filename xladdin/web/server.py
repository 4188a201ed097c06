"""`huitoukan serve`: start the page on this machine, say where it is, open the browser."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

import uvicorn

from xladdin.errors import UserError
from xladdin.web.app import WebConfig, create_app
from xladdin.web.security import loopback_host_names, needs_token, new_token


def page_url(host: str, port: int, token: str | None) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # the address to type, not the one bound
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as uvicorn binds; on Windows the same flag would let us steal a busy port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError("port-busy", port=port, next=port + 1) from exc
            raise UserError("bind-failed", host=host, why=exc.strerror or exc) from exc


def make_config(host: str, port: int) -> WebConfig:
    if needs_token(host):
        return WebConfig(token=new_token())
    return WebConfig(allowed_hosts=loopback_host_names(port))


def serve(host: str, port: int, open_browser: bool, echo: Callable[[str], None] = print) -> None:
    """Run until Ctrl+C; every temporary file is removed on the way out."""
    check_port_free(host, port)
    config = make_config(host, port)
    url = page_url(host, port, config.token)
    server = uvicorn.Server(uvicorn.Config(create_app(config), host=host, port=port, log_level="warning",
                                           access_log=False, timeout_graceful_shutdown=5))
    echo(f"回头看网页已启动：{url}")
    if config.token:
        if host in ("0.0.0.0", "::"):
            name = socket.gethostname()
            echo(f"局域网内其他电脑请打开：{page_url(name, port, config.token)}（也可把 {name} 换成本机的 IP 地址）")
        echo("必须使用含 token 的完整网址打开本页面；请只把它告诉需要使用的人。")
    echo("按 Ctrl+C 停止。停止后上传的文件和校验结果都会删除。")
    if open_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    # uvicorn shuts down cleanly, then re-raises Ctrl+C: it is how the user stops us, not an error.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    echo("已停止，临时文件已删除。")


def _open_when_up(server: uvicorn.Server, url: str, wait: float = 30.0) -> None:
    deadline = time.monotonic() + wait
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    if server.started:
        webbrowser.open(url)
