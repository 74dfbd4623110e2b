"""The explorer's templates, and errors as pages.

This is the one place where s3graph's errors become HTTP statuses: an unknown name is 404,
an answer in a format the page lacks 406, a bad parameter or query 400, faulty data 422, an
input or answer over its limit 413, a write from another site 403, a busy or unreachable
store 503 or 502. The page (or JSON) says the same message as the command line.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates

from ..errors import (
    BadDataError,
    LimitExceededError,
    QueryError,
    S3GraphError,
    StoreBusyError,
    StoreUnreachableError,
    UnknownNameError,
)
from .negotiation import PAGE_FORMATS, NotAcceptableError, Representation
from .security import AccessDeniedError


class BadParameterError(S3GraphError):
    """A page's parameter is not a number, or not one of its choices."""


_STATUS_OF: tuple[tuple[type[S3GraphError], int], ...] = (
    (UnknownNameError, 404),
    (NotAcceptableError, 406),
    (AccessDeniedError, 403),
    (QueryError, 400),
    (BadParameterError, 400),
    (BadDataError, 422),
    (LimitExceededError, 413),
    (StoreBusyError, 503),
    (StoreUnreachableError, 502),
)


@cache
def templates() -> Jinja2Templates:
    """The explorer's templates: autoescaped, and strict about undefined values."""
    environment = Environment(
        loader=PackageLoader("s3graph.app", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["thousands"] = lambda number: f"{number:,}"
    return Jinja2Templates(env=environment, context_processors=[_every_page])


def _every_page(request: Request) -> dict[str, Any]:
    """What every page's template gets: the settings, and the text searched for."""
    return {
        "settings": request.app.state.settings,
        "search_text": request.query_params.get("q", ""),
    }


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page (or as JSON, if the request asks for JSON)."""
    try:
        representation = Representation.for_accept(request.headers.get("accept", ""), PAGE_FORMATS)
    except NotAcceptableError:
        representation = Representation.HTML
    if request.query_params.get("format") == Representation.JSON.value:
        representation = Representation.JSON
    if representation is Representation.JSON:
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return templates().TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def status_of(error: S3GraphError) -> int:
    """The HTTP status of one of s3graph's errors."""
    for error_type, status in _STATUS_OF:
        if isinstance(error, error_type):
            return status
    return 500
