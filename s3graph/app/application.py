"""The explorer's ASGI application: its settings, its routes, and its error handlers, which
turn s3graph's errors into error pages (``rendering.status_of`` gives their statuses)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from ..choices import (
    DEFAULT_MAX_RESULTS,
    DEFAULT_MAX_UPLOAD_BYTES,
    DEFAULT_MAX_UPLOAD_ROWS,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT,
)
from ..errors import S3GraphError
from .rendering import error_page, status_of
from .security import Guard
from .store_access import SharedStore

_log = logging.getLogger("s3graph.app")


@dataclass(frozen=True)
class ExplorerSettings:
    """How the explorer runs.

    Attributes:
        location: the store, as for ``open_store`` [default: the default store].
        allow_load: whether analysts may load CSV files through the explorer.
        token: the access token every request must carry, or ``None`` (local use).
        max_upload_bytes: the largest CSV file taken.
        max_upload_rows: the most data rows an uploaded CSV file may have.
        max_results: the most rows one answer may have (as ``--max-results``).
        timeout: seconds one query may take (as ``--timeout``).
        wait: seconds to wait while another s3graph process uses the store.
    """

    location: str | None = None
    allow_load: bool = False
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_upload_rows: int = DEFAULT_MAX_UPLOAD_ROWS
    max_results: int = DEFAULT_MAX_RESULTS
    timeout: float = DEFAULT_TIMEOUT
    wait: float = DEFAULT_WAIT


def create_app(
    settings: ExplorerSettings | None = None, *, store: SharedStore | None = None
) -> ASGIApp:
    """The explorer as an ASGI application (uvicorn serves it: ``s3graph app``).

    The store is opened (and built from the bundled data if it is new) when the application
    starts, unless it is open already, and closed when it stops.

    Args:
        settings: how it runs [default: ``ExplorerSettings()``, read-only, local].
        store: the store to explore [default: the one ``settings.location`` names].
    """
    from . import drawings, pages, question_pages, sparql_pages, uploads

    settings = settings or ExplorerSettings()
    store = store or SharedStore(
        settings.location,
        wait=settings.wait,
        timeout=settings.timeout,
        max_results=settings.max_results,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(store.open)
        app.state.uploads = uploads.StagedUploads() if settings.allow_load else None
        yield
        if app.state.uploads is not None:
            app.state.uploads.close()
        store.close()

    routes: list[BaseRoute] = [
        *pages.routes(),
        *question_pages.routes(),
        *drawings.routes(),
        *sparql_pages.routes(),
        *uploads.routes(),
        Mount("/static", StaticFiles(packages=[("s3graph.app", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={S3GraphError: _s3graph_error, HTTPException: _http_error},
    )
    app.state.settings = settings
    app.state.store = store
    return Guard(app, token=settings.token)


async def _s3graph_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, S3GraphError)
    status = status_of(error)
    if status >= 500:
        _log.error("%s %s: %s", request.method, request.url.path, error)
    return error_page(request, status, str(error))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = {404: "there is no page at this address", 405: "this page does not take that method"}
    return error_page(request, error.status_code, message.get(error.status_code, error.detail))
