"""The named questions: a form for each from its typed parameters, its answer as a table.

``/questions`` lists them; ``/questions/{name}`` shows one question's form, its SPARQL and,
once asked (or at once if it needs no parameter), its answer, sortable, and downloadable as
CSV (as ``s3graph query --format csv`` writes it), JSON and XLSX. Platforms, areas and roles
are chosen from the vocabulary; regions, countries, partnerships and organisations are typed
as on the command line and resolved by the same resolver, with the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..catalogue import NamedQuery, QueryParam, get_query, list_queries, run_query
from ..choices import OutputFormat
from ..errors import S3GraphError
from ..formatting import render
from ..results import Results
from ..vocabulary import AREAS, PLATFORMS, ROLES, Vocabulary
from ..workbook import results_to_xlsx
from .negotiation import PAGE_FORMATS, TABLE_FORMATS, Representation, requested
from .presenting import results_json, results_rows
from .rendering import status_of, templates

_CHOICES: dict[str, Vocabulary[Any]] = {"platform": PLATFORMS, "area": AREAS, "role": ROLES}
_NUMBERS = ("integer", "year")


@dataclass(frozen=True)
class Field:
    """One parameter of a question as a form field."""

    param: QueryParam
    value: str
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) pairs of a field chosen from a list."""

    @property
    def input_type(self) -> str:
        """``select``, ``number`` or ``text``."""
        if self.choices:
            return "select"
        return "number" if self.param.type in _NUMBERS else "text"


def routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/questions", questions, name="questions"),
        Route("/questions/{name}", question, name="question"),
    ]


def questions(request: Request) -> Response:
    """Every named question, with its parameters."""
    representation = requested(request, PAGE_FORMATS)
    listed = list_queries()
    if representation is Representation.JSON:
        return JSONResponse([_question_json(query) for query in listed])
    return templates().TemplateResponse(request, "questions.html", {"questions": listed})


def question(request: Request) -> Response:
    """One question: its form, its SPARQL and, once asked, its answer in any table format."""
    query = get_query(request.path_params["name"])
    representation = requested(request, TABLE_FORMATS)
    given = {param.name: request.query_params.get(param.name, "").strip() for param in query.params}
    asked = any(name in request.query_params for name in given) or not any(
        not param.optional for param in query.params
    )
    if representation is not Representation.HTML:
        return _download(query, given, _answer(request, query, given), representation)
    results, error, status = None, "", 200
    if asked:
        try:
            results = _answer(request, query, given)
        except S3GraphError as err:
            error, status = str(err), status_of(err)
    return templates().TemplateResponse(
        request,
        "question.html",
        {
            "query": query,
            "fields": [_field(param, given[param.name]) for param in query.params],
            "results": results,
            "rows": results_rows(results) if results is not None else [],
            "error": error,
            "downloads": [
                (each.value, request.url.include_query_params(format=each.value))
                for each in TABLE_FORMATS[1:]
            ],
        },
        status_code=status,
    )


def _answer(request: Request, query: NamedQuery, given: dict[str, str]) -> Results:
    with request.app.state.store.reading() as store:
        return run_query(store, query, **{name: value for name, value in given.items() if value})


def _download(
    query: NamedQuery, given: dict[str, str], results: Results, representation: Representation
) -> Response:
    if representation is Representation.JSON:
        return JSONResponse(
            {
                "question": _question_json(query),
                "params": {name: value for name, value in given.items() if value},
                **results_json(results),
            }
        )
    if representation is Representation.CSV:
        content: str | bytes = render(results, OutputFormat.CSV)
    else:
        content = results_to_xlsx(results, title=query.name)
    return Response(
        content,
        media_type=representation.media_type,
        headers={
            "content-disposition": f'attachment; filename="{query.name}.{representation.value}"'
        },
    )


def _field(param: QueryParam, value: str) -> Field:
    vocabulary = _CHOICES.get(param.type)
    choices = tuple((term.slug, term.label) for term in vocabulary) if vocabulary else ()
    return Field(param, value, choices)


def _question_json(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "params": [
            {
                "name": param.name,
                "type": param.type,
                "optional": param.optional,
                "description": param.description,
            }
            for param in query.params
        ],
        "path": f"/questions/{query.name}",
    }
