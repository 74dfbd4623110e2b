"""Which representation a request asks for: the ``format`` parameter, else its Accept header.

Every page of the explorer answers in HTML and JSON; an entity's page also in Turtle,
JSON-LD and N-Triples (its Linked Data description), and a table also in CSV and XLSX.
``?format=json`` (or ``ttl``, ``jsonld``, ``nt``, ``csv``, ``xlsx``, ``html``) chooses
directly, for links and downloads.

>>> Representation.for_accept("text/turtle;q=0.9, application/ld+json", ENTITY_FORMATS)
<Representation.JSONLD: 'jsonld'>
>>> Representation.for_accept("*/*", ENTITY_FORMATS)
<Representation.HTML: 'html'>
"""

from __future__ import annotations

from enum import Enum

from starlette.requests import Request

from ..errors import S3GraphError


class NotAcceptableError(S3GraphError):
    """A request asks for a representation that a page does not have."""


class Representation(str, Enum):
    """A representation of a page, by the value of its ``format`` parameter."""

    HTML = "html"
    JSON = "json"
    TURTLE = "ttl"
    JSONLD = "jsonld"
    NTRIPLES = "nt"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        """The media type of the representation."""
        return _MEDIA_TYPES[self]

    @property
    def rdflib_format(self) -> str:
        """rdflib's name for an RDF representation."""
        return {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[self.value]

    @classmethod
    def for_accept(cls, accept: str, offered: tuple[Representation, ...]) -> Representation:
        """The offered representation an Accept header prefers; the first offered if none.

        Raises:
            NotAcceptableError: the header accepts none of the offered representations.
        """
        by_type = {representation.media_type: representation for representation in offered}
        return by_type[best_media_type(accept, tuple(by_type))]


_MEDIA_TYPES = {
    Representation.HTML: "text/html",
    Representation.JSON: "application/json",
    Representation.TURTLE: "text/turtle",
    Representation.JSONLD: "application/ld+json",
    Representation.NTRIPLES: "application/n-triples",
    Representation.CSV: "text/csv",
    Representation.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PAGE_FORMATS = (Representation.HTML, Representation.JSON)
"""What every page answers in, HTML first."""
ENTITY_FORMATS = (
    Representation.HTML,
    Representation.JSON,
    Representation.TURTLE,
    Representation.JSONLD,
    Representation.NTRIPLES,
)
"""What an entity's page answers in."""
TABLE_FORMATS = (Representation.HTML, Representation.JSON, Representation.CSV, Representation.XLSX)
"""What a page with one table (a question's answer) answers in."""


def requested(request: Request, offered: tuple[Representation, ...]) -> Representation:
    """The representation a request asks for: by its ``format`` parameter, else by Accept.

    Raises:
        NotAcceptableError: the ``format`` or the Accept header names nothing offered.
    """
    format_parameter = request.query_params.get("format")
    if format_parameter:
        names = [representation.value for representation in offered]
        if format_parameter not in names:
            raise NotAcceptableError(
                f"unknown format {format_parameter!r}; use one of: {', '.join(names)}"
            )
        return Representation(format_parameter)
    return Representation.for_accept(request.headers.get("accept", ""), offered)


def best_media_type(accept: str, offered: tuple[str, ...]) -> str:
    """The offered media type an Accept header prefers (by quality, then specificity, then
    the header's order, then the order offered); the first offered for an empty header.

    >>> best_media_type("text/csv;q=0.5, application/*", ("text/csv", "application/json"))
    'application/json'

    Raises:
        NotAcceptableError: the header accepts none of the offered types.
    """
    if not accept.strip():
        return offered[0]
    best: tuple[float, int, int, int] | None = None
    choice = None
    for position, (media_range, quality) in enumerate(_parse_accept(accept)):
        for order, media_type in enumerate(offered):
            specificity = _matches(media_range, media_type)
            if specificity < 0 or quality <= 0:
                continue
            key = (quality, specificity, -position, -order)
            if best is None or key > best:
                best, choice = key, media_type
    if choice is None:
        raise NotAcceptableError(f"this page answers only in {', '.join(offered)}")
    return choice


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media_range, *parameters = (piece.strip() for piece in part.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media_range.lower(), quality))
    return ranges


def _matches(media_range: str, media_type: str) -> int:
    """How specifically a media range matches a type: 2 exactly, 1 by subtype *, 0 */*, -1 not."""
    if media_range == media_type:
        return 2
    main, _, _ = media_type.partition("/")
    if media_range == f"{main}/*":
        return 1
    return 0 if media_range == "*/*" else -1
