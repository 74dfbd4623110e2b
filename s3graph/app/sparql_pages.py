"""``/sparql``: the SPARQL 1.1 Protocol, read-only, and an editor for people.

A query comes as ``GET /sparql?query=...``, as a form (``POST``, ``query=...``) or as the
body of a ``POST`` of ``application/sparql-query``. It passes the same guard as ``s3graph
query`` (queries only, no ``SERVICE`` or ``LOAD``) and the same limits (``--max-results``
rows, ``--timeout`` seconds); updates are refused. The default graph is the union of the
named graphs unless the query names its own (``FROM``, ``FROM NAMED``); the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters are refused for that reason.

The answer is chosen by the Accept header (or ``format``): SELECT and ASK as SPARQL JSON
(the default), XML or CSV; CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples,
JSON-LD or RDF/XML; a browser gets the editor, with the answer as a table.
"""

from __future__ import annotations

from typing import Any, cast

from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Identifier
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import QueryError, S3GraphError
from ..namespaces import PREFIXES
from ..results import Results
from ..sparql_guard import MAX_QUERY_BYTES, check_user_query
from ..store import Store
from ..store.base import Answer
from .negotiation import NotAcceptableError, best_media_type
from .presenting import results_rows
from .rendering import BadParameterError, status_of, templates

_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "html": "text/html",
}
EXAMPLE = "\n".join(
    [
        *(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()),
        "",
        "# The partnerships and how many regions each lists as members",
        "SELECT ?partnership ?name (COUNT(?region) AS ?regions) WHERE {",
        "  ?partnership a s3:Partnership ;",
        "               skos:prefLabel ?name ;",
        "               org:hasMember ?region .",
        "  ?region a s3:Region .",
        "}",
        "GROUP BY ?partnership ?name",
        "ORDER BY DESC(?regions)",
    ]
)
"""What the editor shows first: every prefix s3graph knows, and a first query."""


def routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [Route("/sparql", sparql, methods=["GET", "POST"], name="sparql")]


async def sparql(request: Request) -> Response:
    """Answer a query by the SPARQL 1.1 Protocol, or show the editor."""
    from starlette.concurrency import run_in_threadpool

    text = await _query_text(request)
    html = _wants_html(request)
    if text is None:
        if html:
            return _editor(request, EXAMPLE)
        raise BadParameterError("give a SPARQL query: ?query=... (GET), or POST it")
    if not html:
        return await run_in_threadpool(_protocol_answer, request, text)
    try:
        answer = await run_in_threadpool(_answer, request, text)
    except S3GraphError as err:
        return _editor(request, text, error=str(err), status=status_of(err))
    return _editor(request, text, answer=answer)


async def _query_text(request: Request) -> str | None:
    """The query a request carries, if any.

    Raises:
        QueryError: the request is an update, or names its dataset by protocol parameters.
        LimitExceededError: the query is too long.
    """
    parameters: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise QueryError("updates are not allowed here; this endpoint is read-only")
        body = await _body(request)
        if content_type == "application/sparql-query":
            parameters["query"] = body.decode("utf-8", errors="replace")
        elif content_type == "application/x-www-form-urlencoded":
            from urllib.parse import parse_qsl

            parameters.update(parse_qsl(body.decode("utf-8", errors="replace")))
        elif body:
            raise BadParameterError(
                f"a query is posted as application/sparql-query or as a form, not as "
                f"{content_type or 'an unnamed type'}"
            )
    if "update" in parameters:
        raise QueryError("updates are not allowed here; this endpoint is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in parameters:
            raise QueryError(
                f"{name} is not supported here; name the graphs in the query with FROM or "
                "FROM NAMED (the default graph is the union of all graphs)"
            )
    text = parameters.get("query")
    return text if text and text.strip() else None


async def _body(request: Request) -> bytes:
    from ..errors import LimitExceededError

    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES:
            raise LimitExceededError(f"a query may be {MAX_QUERY_BYTES:,} bytes at most")
    return body


def _wants_html(request: Request) -> bool:
    chosen = request.query_params.get("format")
    if chosen:
        if chosen not in _FORMATS:
            raise NotAcceptableError(
                f"unknown format {chosen!r}; use one of: {', '.join(_FORMATS)}"
            )
        return chosen == "html"
    accept = request.headers.get("accept", "")
    offered = (*_RESULT_TYPES, *_GRAPH_TYPES, "text/html")
    return "text/html" in accept and best_media_type(accept, offered) == "text/html"


def _answer(request: Request, text: str) -> Answer:
    check_user_query(text)
    store: Store
    with request.app.state.store.reading() as store:
        return store.query(text)


def _protocol_answer(request: Request, text: str) -> Response:
    answer = _answer(request, text)
    accept = request.headers.get("accept", "")
    if chosen := request.query_params.get("format"):
        accept = _FORMATS[chosen]
    if isinstance(answer, Graph):
        media_type = best_media_type(accept or "text/turtle", tuple(_GRAPH_TYPES))
        return Response(answer.serialize(format=_GRAPH_TYPES[media_type]), media_type=media_type)
    media_type = best_media_type(accept, tuple(_RESULT_TYPES))
    result = Result("ASK" if isinstance(answer, bool) else "SELECT")
    if isinstance(answer, bool):
        result.askAnswer = answer
    else:
        result.vars = [Variable(name) for name in answer.variables]
        result.bindings = [
            {
                Variable(name): cast(Identifier, term)
                for name, term in zip(answer.variables, row, strict=True)
                if term is not None
            }
            for row in answer
        ]
    return Response(result.serialize(format=_RESULT_TYPES[media_type]), media_type=media_type)


def _editor(
    request: Request,
    text: str,
    *,
    answer: Answer | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    from urllib.parse import urlencode

    results = answer if isinstance(answer, Results) else None
    return templates().TemplateResponse(
        request,
        "sparql.html",
        {
            "text": text,
            "error": error,
            "results": results,
            "rows": results_rows(results) if results is not None else [],
            "boolean": answer if isinstance(answer, bool) else None,
            "graph": answer.serialize(format="turtle") if isinstance(answer, Graph) else None,
            "downloads": [
                (name, "/sparql?" + urlencode({"query": text, "format": name}))
                for name in _download_formats(answer)
            ],
        },
        status_code=status,
    )


def _download_formats(answer: Answer | None) -> tuple[str, ...]:
    if answer is None:
        return ()
    return ("ttl", "nt", "jsonld") if isinstance(answer, Graph) else ("csv", "json", "xml")
