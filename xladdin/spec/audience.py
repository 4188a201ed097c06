"""Who reads the words: the command line (and Excel) or the web page.

Messages shared by every entry point are worded for the command line; a few tell how to run a
command, or where a file is on disk. Within `audience(WEB)` (the web page's worker), those codes
read from their web variant instead (xladdin.spec.web_text, and loop_text's WEB_* tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

CLI = "cli"
WEB = "web"
_audience: ContextVar[str] = ContextVar("huitoukan_audience", default=CLI)


@contextmanager
def audience(who: str) -> Iterator[None]:
    """Within the block, shared messages are worded for who (CLI or WEB); the caller's own thread only."""
    token = _audience.set(who)
    try:
        yield
    finally:
        _audience.reset(token)


def current() -> str:
    return _audience.get()


def worded(code: str, cli: Mapping[str, str], web: Mapping[str, str]) -> str:
    """The template of code for the current audience: the web variant when there is one."""
    return web[code] if _audience.get() == WEB and code in web else cli[code]
