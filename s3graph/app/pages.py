"""The home page, the search, and a page for every entity (its Linked Data home).

``/id/{kind}/{slug}`` answers for ``https://w3id.org/s3graph/id/{kind}/{slug}`` and
``/region/{code}`` for the NUTS region ``http://data.europa.eu/nuts/code/{code}``: the page
in HTML, the profile in JSON, the description in Turtle, JSON-LD or N-Triples, chosen by the
Accept header or ``?format=``. A region, partnership or organisation may also be named as
the command line names it (``/region/aragon``); the answer is then a redirect to its page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from rdflib import SKOS, URIRef
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..catalogue import list_queries
from ..entities import Profile, describe, profile
from ..namespaces import ID, S3, organisation_iri, partnership_iri, region_iri
from ..resolve import ANY_NODE, resolve
from ..summary import count_summary, platform_summary
from ..vocabulary import PLATFORMS
from .negotiation import ENTITY_FORMATS, PAGE_FORMATS, Representation, requested
from .presenting import (
    facts_of,
    hash_subjects,
    path_of,
    profile_json,
    results_json,
    results_rows,
    table_rows,
    whole_list,
)
from .rendering import templates
from .security import TOKEN_COOKIE, token_matches

_RESOLVED_KINDS = {"partnership": "partnership", "org": "organisation"}
"""The kinds of ``/id/{kind}/...`` that are named as the command line names them."""
_KIND_NAMES = {
    "region": "Region",
    "country": "Country",
    "partnership": "Partnership",
    "organisation": "Organisation",
    "platform": "Thematic platform",
    "area": "Thematic area",
    "membership": "Membership",
    "entity": "Entity",
}


def routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/", home, name="home"),
        Route("/search", search, name="search"),
        Route("/region/{code}", region_page, name="region"),
        Route("/id/{path:path}", entity_page, name="entity"),
        Route("/login", login, methods=["GET", "POST"], name="login"),
    ]


def home(request: Request) -> Response:
    """Counts per platform, the search box and the named questions."""
    representation = requested(request, PAGE_FORMATS)
    with request.app.state.store.reading() as store:
        counts = count_summary(store)
        platforms = platform_summary(store)
    questions = list_queries()
    if representation is Representation.JSON:
        return JSONResponse(
            {
                "counts": results_json(counts),
                "platforms": results_json(platforms),
                "questions": [
                    {"name": query.name, "title": query.title, "path": f"/questions/{query.name}"}
                    for query in questions
                ],
            }
        )
    return templates().TemplateResponse(
        request,
        "home.html",
        dict(
            counts={str(what): int(str(count)) for what, count in counts},
            platforms=platforms,
            platform_rows=results_rows(platforms),
            platform_terms=list(PLATFORMS),
            questions=questions,
        ),
    )


def search(request: Request) -> Response:
    """The page of the region, partnership or organisation a code or name means.

    A name that matches one thing redirects to its page; one that matches several or none
    shows the resolver's message, which lists the candidates.
    """
    text = request.query_params.get("q", "")
    representation = requested(request, PAGE_FORMATS)
    with request.app.state.store.reading() as store:
        found = resolve(store, ANY_NODE, text)
    path = path_of(str(found.iri))
    if representation is Representation.JSON:
        return JSONResponse(
            {"kind": found.kind, "code": found.code, "name": found.name, "path": path}
        )
    return RedirectResponse(path, status_code=303)


def region_page(request: Request) -> Response:
    """A NUTS region's (or country's) page, by code; a name redirects to it."""
    code = request.path_params["code"]
    with request.app.state.store.reading() as store:
        found = resolve(store, "region", code)
    if found.code != code:
        return RedirectResponse(_same_query(request, path_of(str(found.iri))), status_code=303)
    return _entity_answer(request, region_iri(code))


def entity_page(request: Request) -> Response:
    """The page of any ``https://w3id.org/s3graph/id/...`` IRI."""
    path: str = request.path_params["path"]
    kind, _, slug = path.partition("/")
    if kind in _RESOLVED_KINDS and slug and "/" not in slug:
        with request.app.state.store.reading() as store:
            found = resolve(store, _RESOLVED_KINDS[kind], slug)
        iri_of = partnership_iri if kind == "partnership" else organisation_iri
        if found.code != slug or found.iri != iri_of(slug):
            return RedirectResponse(_same_query(request, path_of(str(found.iri))), status_code=303)
    return _entity_answer(request, ID[path])


async def login(request: Request) -> Response:
    """The form that takes the explorer's access token, and sets its cookie."""
    settings = request.app.state.settings
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    message = ""
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=2)
        given = form.get("token")
        if settings.token and isinstance(given, str) and token_matches(given, settings.token):
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                TOKEN_COOKIE,
                given,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response
        message = "That is not the explorer's token."
    return templates().TemplateResponse(
        request,
        "login.html",
        dict(target=target, message=message),
        status_code=401 if message else 200,
    )


def _entity_answer(request: Request, iri: URIRef) -> Response:
    representation = requested(request, ENTITY_FORMATS)
    headers = {"vary": "Accept", "link": _alternates(request)}
    with request.app.state.store.reading() as store:
        if representation in (
            Representation.TURTLE,
            Representation.JSONLD,
            Representation.NTRIPLES,
        ):
            data = describe(store, iri).serialize(format=representation.rdflib_format)
            return Response(data, media_type=representation.media_type, headers=headers)
        found = profile(store, iri)
    if representation is Representation.JSON:
        return JSONResponse(profile_json(found), headers=headers)
    return templates().TemplateResponse(
        request, "entity.html", _entity_context(found), headers=headers
    )


def _entity_context(found: Profile) -> dict[str, Any]:
    return {
        "profile": found,
        "drawings": _drawings(found),
        "kind_name": _KIND_NAMES[found.kind],
        "facts": facts_of(found.description, found.iri, not_listed=found.not_listed),
        "parts": [
            (subject, facts_of(found.description, subject))
            for subject in hash_subjects(found.description, found.iri)
        ],
        "tables": [(table, table_rows(table), whole_list(table)) for table in found.tables],
        "formats": [
            (representation.value, representation.media_type)
            for representation in ENTITY_FORMATS[1:]
        ],
    }


def _drawings(found: Profile) -> list[tuple[str, str]]:
    """The views and maps an entity's page draws: (title, path of the drawing)."""
    rows = {table.key: len(table.results) for table in found.tables}
    code = found.code
    drawings = []
    if found.kind in ("region", "country"):
        country = found.description.value(found.iri, S3.country)
        country_code = found.description.value(country, SKOS.notation) if country else code
        if rows.get("partner-regions"):
            drawings.append(
                ("Its neighbours in the region network", _view_path("region-network", code))
            )
        drawings.append(
            ("Its country on the map", "/map/drawing?" + urlencode({"country": country_code}))
        )
    elif found.kind == "partnership":
        drawings.append(
            ("Its members on the map", "/map/drawing?" + urlencode({"partnership": code}))
        )
        if rows.get("overlap"):
            drawings.append(
                ("The partnerships it overlaps with", _view_path("partnership-overlap", code))
            )
    elif found.kind == "organisation" and rows.get("partnerships"):
        drawings.append(("Its partnerships and their members", _view_path("organisations", code)))
    elif found.kind in ("platform", "area"):
        drawings.append(
            ("Its partnerships on the map", "/map/drawing?" + urlencode({found.kind: code}))
        )
    return drawings


def _view_path(view: str, focus: str) -> str:
    return "/views/drawing?" + urlencode({"view": view, "focus": focus, "depth": 1})


def _alternates(request: Request) -> str:
    path = request.url.path
    return ", ".join(
        f'<{path}?format={each.value}>; rel="alternate"; type="{each.media_type}"'
        for each in ENTITY_FORMATS[1:]
    )


def _same_query(request: Request, path: str) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path
