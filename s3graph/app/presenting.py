"""What the library answers, made ready for a template or for JSON: links, cells, facts.

Pure functions over ``Results`` and ``Profile``; no store, no request. An IRI of the graph
has the same path in the explorer (``https://w3id.org/s3graph/id/partnership/im-ccre`` is
``/id/partnership/im-ccre``, a NUTS region ``/region/ES24``); any other web address is linked
as it is, and anything else is plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from rdflib import RDF, RDFS, SKOS, BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG
from rdflib.term import Node

from ..entities import Profile, Table, name_of
from ..formatting import compact_iri, json_value
from ..namespaces import (
    GEO,
    ID,
    NUTS,
    NUTS_CODE,
    S3,
    organisation_iri,
    partnership_iri,
    region_iri,
)
from ..results import Results

_IRI_OF_KIND = {
    "region": region_iri,
    "partnership": partnership_iri,
    "organisation": organisation_iri,
}
_PROPERTY_NAMES: dict[Node, str] = {
    RDF.type: "type",
    SKOS.prefLabel: "name",
    RDFS.label: "label",
    SKOS.altLabel: "other name",
    SKOS.notation: "code",
    DCTERMS.identifier: "id",
    DCTERMS.source: "sources",
    DCTERMS.created: "established",
    DCTERMS.spatial: "based in",
    SKOS.note: "note",
    SKOS.broader: "part of",
    SKOS.inScheme: "in scheme",
    NUTS.level: "NUTS level",
    GEO.lat: "latitude",
    GEO.long: "longitude",
    S3.country: "country",
    S3.platform: "platform",
    S3.thematicArea: "thematic area",
    S3.reportedSize: "reported size",
    S3.reportedRegionCount: "reported regions",
    S3.memberListComplete: "member list complete",
    S3.leads: "leads",
    S3.coLeads: "co-leads",
    ORG.classification: "classification",
    ORG.hasMember: "members",
    ORG.memberOf: "member of",
    ORG.member: "member",
    ORG.organization: "partnership",
    ORG.role: "role",
    ORG.memberDuring: "during",
}
"""What the About list of a page calls the properties it knows (others: a prefixed name)."""
_LONGEST_ADDRESS = 70
_FIRST_PROPERTIES = (RDF.type, SKOS.prefLabel, RDFS.label, SKOS.notation)
_NOT_LISTED = "the tables below list them, and the description as Turtle, JSON-LD or N-Triples"
"""Where the values of a property that a page counts but does not list are."""


@dataclass(frozen=True)
class Link:
    """A piece of text, and where it leads (``href`` empty: plain text)."""

    text: str
    href: str = ""
    external: bool = False


@dataclass(frozen=True)
class Fact:
    """One property of an entity and its values, as the page lists them."""

    property: Link
    values: list[Link]


def path_of(iri: str) -> str:
    """The explorer's path for an IRI of the graph, or ``""`` for any other IRI.

    >>> path_of("https://w3id.org/s3graph/id/partnership/im-ccre")
    '/id/partnership/im-ccre'
    >>> path_of("http://data.europa.eu/nuts/code/ES24"), path_of("https://example.org/")
    ('/region/ES24', '')
    """
    base, _, fragment = iri.partition("#")
    tail = f"#{quote(fragment, safe='')}" if fragment else ""
    if base.startswith(str(ID)) and len(base) > len(ID):
        return "/id/" + quote(base[len(ID) :], safe="/") + tail
    if base.startswith(str(NUTS_CODE)) and len(base) > len(NUTS_CODE):
        return "/region/" + quote(base[len(NUTS_CODE) :], safe="") + tail
    return ""


def link_to_iri(iri: str, text: str | None = None) -> Link:
    """A link to an IRI: its page in the explorer, or the address itself if it is on the web.

    >>> link_to_iri("https://example.org/a/very/long/" + "path/" * 20).text[-12:]
    '/path/path/…'
    """
    if path := path_of(iri):
        return Link(text or compact_iri(iri), path)
    parts = urlsplit(iri)
    if parts.scheme in ("http", "https"):
        shown = text or compact_iri(iri)
        if shown == iri:  # a web address of its own: without its scheme, not too long
            shown = iri.split("://", 1)[1]
            if len(shown) > _LONGEST_ADDRESS:
                shown = shown[: _LONGEST_ADDRESS - 1] + "…"
        return Link(shown, iri, external=True)
    return Link(text or iri)


def search_path(text: str) -> str:
    """The path that searches for ``text``."""
    return "/search?" + urlencode({"q": text})


def cell_links(value: Node | None, kind: str | None) -> list[Link]:
    """A table cell: each code or id of a linked column as a link, anything else as text.

    A linked column may hold several codes separated by spaces (the shared partnerships of a
    region pair); each becomes a link. A column of kind ``url`` holds web addresses.
    """
    if value is None:
        return []
    if isinstance(value, URIRef):
        return [link_to_iri(str(value))]
    text = str(value)
    if kind is None or not text.strip():
        return [Link(text)]
    if kind == "any":
        return [Link(word, search_path(word)) for word in text.split()]
    if kind == "url":
        return [link_to_iri(word) for word in text.split()]
    iri_of = _IRI_OF_KIND[kind]
    return [Link(word, path_of(str(iri_of(word)))) for word in text.split()]


def table_rows(table: Table) -> list[list[list[Link]]]:
    """The rows of a profile's table as cells of links."""
    kinds = [table.links.get(column) for column in table.results.variables]
    return [
        [cell_links(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for row in table.results
    ]


def whole_list(table: Table) -> Link | None:
    """For a table that lists only the first of many things, a link to the named question
    that lists them all (its page offers the answer as CSV, JSON and XLSX too)."""
    if table.excerpt is None:
        return None
    excerpt = table.excerpt
    return Link(
        f"all {excerpt.total:,} {excerpt.noun}", question_path(excerpt.question, excerpt.params)
    )


def question_path(name: str, params: Mapping[str, str | int | None]) -> str:
    """The path of a named question's page, asked with ``params``.

    >>> question_path("organisations-of-region", {"region": "ES24"})
    '/questions/organisations-of-region?region=ES24'
    """
    asked = query_string(params)
    return f"/questions/{quote(name, safe='')}" + (f"?{asked}" if asked else "")


def results_rows(results: Results) -> list[list[list[Link]]]:
    """The rows of an answer as cells of links (IRIs linked, everything else as text)."""
    return [[cell_links(value, None) for value in row] for row in results]


def facts_of(
    description: Graph, subject: URIRef, *, not_listed: Mapping[URIRef, int] | None = None
) -> list[Fact]:
    """What a description says about ``subject``: its type and names first, then the rest.

    A value that is an IRI shows the name the description gives it, and links to it. A
    property in ``not_listed`` (one the description leaves out, with how many values it has)
    shows how many.
    """
    counted: dict[Node, int] = {predicate: count for predicate, count in (not_listed or {}).items()}
    properties = sorted(
        set(description.predicates(subject)) | set(counted),
        key=lambda p: (_FIRST_PROPERTIES.index(p) if p in _FIRST_PROPERTIES else 9, str(p)),
    )
    facts = []
    for predicate in properties:
        named = link_to_iri(str(predicate), _PROPERTY_NAMES.get(predicate))
        if predicate in counted:
            values = [Link(f"{counted[predicate]:,} values, not listed here: {_NOT_LISTED}")]
        else:
            values = [
                _value_link(description, value)
                for value in sorted(description.objects(subject, predicate), key=_sort_key)
            ]
        # a property's link needs no outward mark
        facts.append(Fact(Link(named.text, named.href), values))
    return facts


def hash_subjects(description: Graph, iri: URIRef) -> list[URIRef]:
    """The entity's own hash IRIs that the description describes (``...#during``)."""
    return sorted(
        {
            subject
            for subject in description.subjects()
            if isinstance(subject, URIRef) and subject.startswith(f"{iri}#")
        }
    )


def results_json(results: Results) -> dict[str, Any]:
    """An answer as JSON: its columns and rows of plain values."""
    return {
        "columns": list(results.variables),
        "rows": [[json_value(value, iris=True) for value in row] for row in results],
    }


def profile_json(profile: Profile) -> dict[str, Any]:
    """A profile as JSON: the entity, its facts and its tables; ``not_listed``, when there
    are properties with too many values to list, says how many each has."""
    facts: dict[str, list[Any]] = {}
    for predicate, value in sorted(profile.description.predicate_objects(profile.iri)):
        facts.setdefault(compact_iri(str(predicate)), []).append(json_value(value, iris=True))
    not_listed = {
        compact_iri(str(predicate)): count for predicate, count in profile.not_listed.items()
    }
    return {
        "iri": str(profile.iri),
        "kind": profile.kind,
        "name": profile.name,
        "code": profile.code,
        "facts": facts,
        **({"not_listed": not_listed} if not_listed else {}),
        "tables": {
            table.key: {"title": table.title, **results_json(table.results), **_excerpt_json(table)}
            for table in profile.tables
        },
    }


def _excerpt_json(table: Table) -> dict[str, Any]:
    """For a table that lists only the first of many things: how many, and where all are."""
    if table.excerpt is None or (whole := whole_list(table)) is None:
        return {}
    return {
        "shown": table.excerpt.shown,
        "total": table.excerpt.total,
        "whole": whole.href,
    }


def query_string(values: Mapping[str, str | int | None]) -> str:
    """A query string of the given values, empty ones left out.

    >>> query_string({"view": "bipartite", "focus": None, "depth": 1})
    'view=bipartite&depth=1'
    """
    return urlencode({key: value for key, value in values.items() if value not in (None, "")})


def _value_link(description: Graph, value: Node) -> Link:
    if isinstance(value, URIRef):
        return link_to_iri(str(value), name_of(description, value))
    if isinstance(value, BNode):
        return Link("(blank node)")
    return Link(str(value))


def _sort_key(value: Node) -> tuple[int, str]:
    return (0 if isinstance(value, URIRef) else 1, str(value))
