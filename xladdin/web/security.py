"""Who may talk to the page: the Host header on loopback, a token everywhere else, same-origin posts, strict headers.

On 127.0.0.1 only this machine can connect, but a web page elsewhere could rebind a
name of its own to 127.0.0.1; checking the Host header stops that. On any other
address the office LAN can reach the page, so every request must carry the token
printed at start: in the URL the first time, then in a cookie the page sets.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from xladdin.spec.web_text import BAD_HOST, CROSS_SITE, FORBIDDEN

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_PARAM = "token"
TOKEN_COOKIE = "huitoukan_token"

SECURITY_HEADERS = [
    # Everything the page uses is served from here: no CDN, font or script from elsewhere can load.
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # The token may be in the URL: never tell another site. Not "no-referrer": under it a browser
    # sends "Origin: null" with the page's own form posts, and the origin check would refuse them.
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]



def _same_origin(headers: dict[str, str]) -> bool:
    """A browser names the page a form came from; another site's page must not post files to ours."""
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser form (a script, curl): the host and token checks still apply
    return origin.split("://", 1)[-1].lower() == headers.get("host", "").lower()


def needs_token(host: str) -> bool:
    """Any address other than this machine's own loopback names is reachable by others."""
    return host not in LOOPBACK_HOSTS


def new_token() -> str:
    return secrets.token_urlsafe(16)


def loopback_host_names(port: int) -> frozenset[str]:
    names = {"127.0.0.1", "localhost", "[::1]"}
    return frozenset(names | {f"{n}:{port}" for n in names})


class AccessGuard:
    """ASGI middleware: host check or token check, then security headers on every response."""

    def __init__(self, app, token: str | None = None, allowed_hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and headers.get("host", "").lower() not in self.allowed_hosts:
            await _plain(send, 400, BAD_HOST)
            return
        if scope["method"] not in ("GET", "HEAD") and not _same_origin(headers):
            await _plain(send, 403, CROSS_SITE)
            return
        set_cookie = b""
        if self.token is not None:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(TOKEN_PARAM, [""])[0]
            cookie = SimpleCookie(headers.get("cookie", ""))
            kept = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
            if secrets.compare_digest(given.encode(), self.token.encode()):
                if kept != self.token:
                    set_cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode()
            elif not secrets.compare_digest(kept.encode(), self.token.encode()):
                await _plain(send, 403, FORBIDDEN)
                return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if set_cookie:
                    extra.append((b"set-cookie", set_cookie))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send, status: int, text: str) -> None:
    body = f"<!doctype html><meta charset=utf-8><title>回头看</title><p>{text}</p>".encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
