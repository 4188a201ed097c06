"""The Starlette application: routes, templates, static files, the job store and its sweeper."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from xladdin.web.routes import ROUTES, message
from xladdin.web.security import AccessGuard
from xladdin.web.store import JobStore
from xladdin.web.upload import Limits

HERE = Path(__file__).resolve().parent

HTTP_MESSAGES = {
    404: "找不到该页面。请回到首页。",
    405: "不支持这种访问方式。请回到首页，在页面上选择文件后提交。",
}


@dataclass
class WebConfig:
    token: str | None = None  # required on every request when set
    allowed_hosts: frozenset[str] | None = None  # Host headers accepted; None accepts any (token mode)
    limits: Limits = field(default_factory=Limits)
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))  # one file per worker at a time
    ttl: float = 2 * 3600  # how long results stay downloadable, seconds
    sweep_every: float = 60.0
    root: Path | None = None  # the temporary folder; a fresh one when None


def create_app(config: WebConfig | None = None) -> Starlette:
    config = config or WebConfig()
    store = JobStore(config.root, config.workers, config.ttl)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store.warm_up()
        sweeper = asyncio.create_task(_sweep(store, config.sweep_every))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            await asyncio.to_thread(store.close)

    app = Starlette(
        routes=[*ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
        exception_handlers={HTTPException: _http_error, Exception: _bug},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.store = store
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    # The guard wraps everything, static files and error pages included.
    app.add_middleware(AccessGuard, token=config.token, allowed_hosts=config.allowed_hosts)
    return app


async def _sweep(store: JobStore, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await asyncio.to_thread(store.sweep)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return message(request, HTTP_MESSAGES.get(exc.status_code, "请求无法处理。请回到首页重试。"), exc.status_code)


async def _bug(request: Request, exc: Exception) -> Response:
    from xladdin.spec.web_text import BUG_PAGE
    from xladdin.web.jobs_adapter import bug_line

    return message(request, bug_line(BUG_PAGE), 500)
