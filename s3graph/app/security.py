"""What keeps the explorer safe: the access token, response headers, CSRF and upload limits.

- **Token.** Started with ``--public``, the explorer answers only requests that carry its
  token: ``Authorization: Bearer TOKEN``, or the cookie that ``/login`` sets once the token
  is typed in. Tokens are compared in constant time.
- **Headers.** Every answer carries a strict Content-Security-Policy (scripts and styles
  from the explorer itself only; a drawn view's inline scripts only with the nonce of its
  own answer), and tells browsers not to guess types, not to send the address elsewhere and
  not to be framed by other sites.
- **CSRF.** A form that writes carries a random token that must equal the one in a cookie
  of the explorer's own (SameSite=Strict), and a request from another site (its ``Origin``
  or ``Sec-Fetch-Site``) is refused.
- **Uploads** must say their size (``Content-Length``) and stay under the limit.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import LimitExceededError, S3GraphError

TOKEN_COOKIE = "s3graph_token"
CSRF_COOKIE = "s3graph_csrf"
CSRF_FIELD = "csrf"
OPEN_PATHS = ("/login", "/static/")
"""Paths answered without the token: the login form and its style sheet."""
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; "
    "base-uri 'none'"
)
"""The Content-Security-Policy of every page of the explorer."""


class AccessDeniedError(S3GraphError):
    """A request without the explorer's token, or a write from another site."""


def drawing_policy(nonce: str) -> str:
    """The Content-Security-Policy of a drawn view or map: its own inline code, by nonce.

    Inline ``style`` attributes are allowed (the legend's colour swatches): they cannot run
    script.
    """
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
        "style-src-attr 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
        "base-uri 'none'; form-action 'none'"
    )


def new_nonce() -> str:
    """A fresh nonce for one answer's inline code."""
    return secrets.token_urlsafe(18)


class Guard:
    """ASGI middleware: checks the token (if any) and adds the security headers."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.token and not _is_open(scope["path"]) and not self._allowed(scope):
            await _unauthorised(scope)(scope, receive, _with_headers(send))
            return
        await self.app(scope, receive, _with_headers(send))

    def _allowed(self, scope: Scope) -> bool:
        connection = HTTPConnection(scope)
        scheme, _, credentials = connection.headers.get("authorization", "").partition(" ")
        given = credentials if scheme.lower() == "bearer" else connection.cookies.get(TOKEN_COOKIE)
        return given is not None and token_matches(given, self.token or "")


def token_matches(given: str, token: str) -> bool:
    """Whether a token given equals the explorer's (in constant time)."""
    return hmac.compare_digest(given.encode(), token.encode())


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser: its cookie's, or a new one (``remember_csrf`` sets it)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


def remember_csrf(response: Response, token: str) -> Response:
    """Set the CSRF cookie of a page that shows a writing form."""
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def check_csrf(request: Request, form: Mapping[str, object]) -> None:
    """Refuse a write that comes from another site or without the form's token.

    Raises:
        AccessDeniedError: the request is cross-site, or its token is missing or wrong.
    """
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise AccessDeniedError(f"a form from {origin} may not write here")
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise AccessDeniedError("a form from another site may not write here")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = form.get(CSRF_FIELD)
    if not cookie or not isinstance(given, str) or not hmac.compare_digest(given, cookie):
        raise AccessDeniedError(
            "the form's security token is missing or out of date; reload the page and try again"
        )


def check_upload_size(request: Request, limit: int) -> None:
    """Refuse an upload larger than ``limit`` bytes, or one that does not say its size.

    Raises:
        LimitExceededError: the request is too large or has no ``Content-Length``.
    """
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise LimitExceededError("an upload must say its size (Content-Length)")
    if int(length) > limit:
        raise LimitExceededError(
            f"the upload is {int(length):,} bytes, over the limit of {limit:,}; split the file, "
            "or start the explorer with a larger --max-upload-mb"
        )


def _is_open(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix) for prefix in OPEN_PATHS if prefix)


def _unauthorised(scope: Scope) -> Response:
    accept = HTTPConnection(scope).headers.get("accept", "")
    if "text/html" in accept:
        return Response(status_code=303, headers={"location": "/login?" + _next_query(scope)})
    return Response(
        "this explorer needs its access token: send 'Authorization: Bearer TOKEN'\n",
        status_code=401,
        media_type="text/plain",
        headers={"www-authenticate": 'Bearer realm="s3graph"'},
    )


def _next_query(scope: Scope) -> str:
    path = scope["path"] + ("?" + scope["query_string"].decode() if scope["query_string"] else "")
    return urlencode({"next": path})


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("content-security-policy", PAGE_POLICY)
            headers.setdefault("x-content-type-options", "nosniff")
            headers.setdefault("referrer-policy", "same-origin")
            headers.setdefault("x-frame-options", "SAMEORIGIN")
            headers.setdefault("cross-origin-opener-policy", "same-origin")
        await send(message)

    return sending
