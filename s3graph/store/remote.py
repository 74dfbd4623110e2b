"""The remote backend: a SPARQL 1.1 server, spoken to over the standard protocols only.

    query          POST ``query=...`` (form-encoded) to the query URL (SPARQL 1.1 Protocol);
                   SELECT and ASK answers are read as SPARQL JSON results, row by row as
                   they arrive; CONSTRUCT answers as N-Triples
    replace_graph  PUT application/n-triples to ``STORE?graph=IRI`` (Graph Store HTTP
                   Protocol): one request per graph, applied atomically by the server; the
                   body is spooled to a temporary file first and sent with its length
                   (Virtuoso 7.2 silently drops a chunked body)
    update         POST ``update=...`` (form-encoded) to the update URL (SPARQL 1.1 Update);
                   ``drop_graph`` is a ``DROP SILENT GRAPH``
    export         GET ``STORE`` (the whole dataset, in N-Quads, TriG or JSON-LD) or
                   ``STORE?graph=IRI``; a merged export is a CONSTRUCT; streamed to the output

Where the server is: ``http(s)://host:port`` is taken as an Oxigraph server's base URL,
whose endpoints are ``/query`` (asked with ``union-default-graph``, so that, as in the
embedded store, the default graph is the union of the named graphs), ``/update`` and
``/store``. Servers laid out differently are given their three URLs in the environment:
``S3GRAPH_QUERY_URL``, ``S3GRAPH_UPDATE_URL`` and ``S3GRAPH_STORE_URL`` (each replaces the URL
derived from the base URL; a query string in them is kept). Such a server must itself make
its default graph the union of the named graphs.

Credentials come from the environment only: ``S3GRAPH_TOKEN`` (sent as a bearer token), or
``S3GRAPH_USER`` and ``S3GRAPH_PASSWORD`` (HTTP Basic). They are never put in a message and
are not sent on to another host when the server redirects.

Values are never pasted into query text (see ``sparql_text``), and s3graph's prefixes are
declared in each query and update (the embedded store predeclares them).

Errors: a server that cannot be reached or does not answer in time is a
``StoreUnreachableError``; a 4xx or 5xx answer is a ``StoreError`` (a ``QueryError`` when the
server rejects a query as bad) carrying the server's own message, trimmed.
"""

from __future__ import annotations

import base64
import codecs
import http.client
import json
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass
from typing import IO, Any, BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import XSD
from rdflib.term import Node

from ..choices import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ..errors import QueryError, StoreError, StoreUnreachableError
from ..queries import internal_query
from ..results import Results, Row
from .base import Answer, Bindings, RdfFormat, Store, Triple
from .sparql_text import (
    bind_values,
    code_only,
    iri_term,
    query_form,
    sparql_term,
    term_or_error,
    with_prefixes,
)

QUERY_URL_ENV = "S3GRAPH_QUERY_URL"
UPDATE_URL_ENV = "S3GRAPH_UPDATE_URL"
STORE_URL_ENV = "S3GRAPH_STORE_URL"

MEDIA_TYPES = {
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.NTRIPLES: "application/n-triples",
    RdfFormat.NQUADS: "application/n-quads",
    RdfFormat.TRIG: "application/trig",
    RdfFormat.JSONLD: "application/ld+json",
    RdfFormat.RDFXML: "application/rdf+xml",
}
_RESULTS_JSON = "application/sparql-results+json"
# Queries and updates go form-encoded: the one POST form every server takes (Virtuoso 7.2
# never answers a POST of application/sparql-query).
_FORM = "application/x-www-form-urlencoded"
_GRAPH_PARSERS = {"application/n-triples": "nt", "text/turtle": "turtle"}
# Asked by query form: Virtuoso answers a CONSTRUCT in SPARQL JSON if that is acceptable.
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
_CHUNK = 1 << 16
_SPOOL_IN_MEMORY = 1 << 24
_MESSAGE_LENGTH = 300
_JSON_SPACE = re.compile(r"[ \t\n\r]*")

_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL server."""

    query: str
    update: str
    store: str


def endpoints(location: str) -> Endpoints:
    """The endpoints of the server at ``location``: Oxigraph's, unless the environment says.

    >>> endpoints("http://127.0.0.1:7878/").update
    'http://127.0.0.1:7878/update'
    """
    base = location.rstrip("/")
    return Endpoints(
        query=os.environ.get(QUERY_URL_ENV) or f"{base}/query?union-default-graph",
        update=os.environ.get(UPDATE_URL_ENV) or f"{base}/update",
        store=os.environ.get(STORE_URL_ENV) or f"{base}/store",
    )


class RemoteStore(Store):
    """A SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB, Virtuoso, ...) as a store.

    Each call is one HTTP exchange on its own connection, so there is nothing to lock or
    release. A store opened without ``write`` refuses to change the server.
    """

    def __init__(
        self, location: str, *, write: bool = False, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.location = location
        self.endpoints = endpoints(location)
        self.timeout = timeout
        self._write = write
        for url in (location, *astuple(self.endpoints)):
            if urllib.parse.urlsplit(url).username is not None:
                raise StoreError(
                    "a store URL must not hold credentials; set S3GRAPH_USER and "
                    "S3GRAPH_PASSWORD (or S3GRAPH_TOKEN) in the environment instead"
                )
        self._authorization = _authorization()

    def close(self) -> None:
        """Nothing to release: every request used its own connection."""

    # -- reading --------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Bindings | None = None) -> Answer:
        text = with_prefixes(bind_values(sparql, bindings or {}))
        describes = query_form(code_only(text)) in ("CONSTRUCT", "DESCRIBE")
        url = self.endpoints.query
        response = self._post_query(text, accept=_GRAPH_ACCEPT if describes else _RESULTS_JSON)
        with response:
            media = _media_type(response)
            if media == _RESULTS_JSON and not describes:
                return read_json_results(self._chunks(response, url), self.collect)
            if media in _GRAPH_PARSERS and describes:
                try:
                    graph = Graph().parse(source=response, format=_GRAPH_PARSERS[media])
                except (OSError, http.client.HTTPException) as err:
                    raise self._unreachable(url, err) from err
                except (ParserError, SyntaxError) as err:
                    raise StoreError(
                        f"the SPARQL server sent a graph s3graph cannot read: {err}"
                    ) from err
                if len(graph) > self.max_results:
                    self.collect(graph)  # raises the LimitExceededError, worded as for rows
                return graph
        raise StoreError(
            f"the SPARQL server at {_shown(url)} answered a query with "
            f"{media or 'no content type'}, which s3graph does not read there; it needs a "
            f"server that answers in {_RESULTS_JSON} and application/n-triples"
        )

    def named_graphs(self) -> list[URIRef]:
        graphs = self.select(internal_query("named-graphs")).column("graph")
        if None in graphs:  # an empty solution: the server cannot list graphs that way
            graphs = self.select(internal_query("named-graphs-by-scan")).column("graph")
        return sorted(graph for graph in graphs if isinstance(graph, URIRef))

    def quad_count(self) -> int:
        (count,) = self.select(internal_query("quad-count")).rows[0]
        assert isinstance(count, Literal)
        return int(count)

    def _write_rdf(self, file: BinaryIO, fmt: RdfFormat, graph: URIRef | None) -> None:
        media = MEDIA_TYPES[fmt]
        if graph is not None or fmt.has_graphs:
            url = self.endpoints.store
            if graph is not None:
                url = _with_parameter(url, "graph", str(graph))
            response = self._send("GET", url, accept=media)
        else:
            url = self.endpoints.query
            response = self._post_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=media)
        with response:
            if _media_type(response) != media:
                raise StoreError(
                    f"the SPARQL server at {_shown(url)} answered with "
                    f"{_media_type(response) or 'no content type'} instead of {media}; "
                    "export in another format"
                )
            for chunk in self._chunks(response, url):
                file.write(chunk)

    # -- writing --------------------------------------------------------------------------

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self._check_writable()
        url = _with_parameter(self.endpoints.store, "graph", str(graph))
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as body:
            _write_ntriples(body, graph, triples)
            length = body.tell()
            body.seek(0)
            self._send(
                "PUT", url, body=body, content_type="application/n-triples", length=length
            ).close()

    def drop_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {term_or_error(graph, StoreError)}")

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._send(
            "POST",
            self.endpoints.update,
            body=_form("update", with_prefixes(sparql)),
            content_type=_FORM,
            rejection=QueryError,
        ).close()

    # -- HTTP -----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if not self._write:
            raise StoreError(f"cannot change the store at {self.location}: it was opened read-only")

    def _post_query(self, text: str, *, accept: str) -> http.client.HTTPResponse:
        return self._send(
            "POST",
            self.endpoints.query,
            body=_form("query", text),
            content_type=_FORM,
            accept=accept,
            rejection=QueryError,
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | IO[bytes] | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        length: int | None = None,
        rejection: type[StoreError] | type[QueryError] = StoreError,
    ) -> http.client.HTTPResponse:
        """One HTTP exchange; the caller reads and closes the response."""
        request = urllib.request.Request(url, data=body, method=method)
        if length is not None:
            request.add_header("Content-Length", str(length))
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        if self._authorization:
            request.add_unredirected_header("Authorization", self._authorization)
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(
                request, timeout=self.timeout
            )
        except urllib.error.HTTPError as err:
            with err:
                raise self._refused(url, err, rejection) from err
        except (OSError, http.client.HTTPException) as err:
            raise self._unreachable(url, err) from err
        return response

    def _chunks(self, response: http.client.HTTPResponse, url: str) -> Iterator[bytes]:
        while True:
            try:
                chunk = response.read(_CHUNK)
            except (OSError, http.client.HTTPException) as err:
                raise self._unreachable(url, err) from err
            if not chunk:
                return
            yield chunk

    def _unreachable(self, url: str, err: Exception) -> StoreUnreachableError:
        reason = err.reason if isinstance(err, urllib.error.URLError) else err
        if isinstance(reason, TimeoutError):
            return StoreUnreachableError(
                f"the SPARQL server at {_shown(url)} did not answer within {self.timeout:g} s; "
                "check that it is up, or give it longer with --timeout"
            )
        return StoreUnreachableError(
            f"cannot reach the SPARQL server at {_shown(url)} ({reason or type(reason).__name__}); "
            "check that it is running and that --store (or S3GRAPH_STORE) gives its URL"
        )

    def _refused(
        self,
        url: str,
        err: urllib.error.HTTPError,
        rejection: type[StoreError] | type[QueryError],
    ) -> StoreError | QueryError:
        try:
            message = _trimmed(err.read(4 * _MESSAGE_LENGTH))
        except (OSError, http.client.HTTPException):
            message = ""
        text = f"the SPARQL server at {_shown(url)} answered {err.code} {err.reason}"
        if message:
            text += f": {message}"
        if err.code in (401, 403):
            text += (
                "; set S3GRAPH_USER and S3GRAPH_PASSWORD (or S3GRAPH_TOKEN) for an account "
                "allowed to do this"
            )
        if err.code == 400 and rejection is QueryError:
            return QueryError(text)
        return StoreError(text)


def read_json_results(
    chunks: Iterable[bytes], collect: Callable[[Iterator[Row]], list[Row]] = list
) -> Results | bool:
    """Parse SPARQL 1.1 Query Results JSON as it arrives, keeping only the rows built so far.

    ``collect`` gathers the rows as they are parsed (``Store.collect`` stops at the result
    limit).

    >>> read_json_results([b'{"head": {"vars": ["n"]}, "results": {"bindings": [',
    ...     b'{"n": {"type": "literal", "value": "Aragon", "xml:lang": "es"}}]}}']).rows
    [(rdflib.term.Literal('Aragon', lang='es'),)]
    """
    answer = _JsonStream(iter(chunks))
    head: dict[str, Any] = {}

    def rows() -> Iterator[Row]:
        early = []  # solutions sent before the head (rare)
        for key in answer.members():
            if key == "head":
                head["vars"] = list(answer.value().get("vars", []))
            elif key == "boolean":
                head["boolean"] = bool(answer.value())
            elif key == "results":
                for part in answer.members():
                    if part != "bindings":
                        answer.value()
                        continue
                    for solution in answer.items():
                        if "vars" in head:
                            yield _json_row(solution, head["vars"])
                        else:
                            early.append(solution)
            else:
                answer.value()
        for solution in early:
            yield _json_row(solution, head.get("vars", []))

    try:
        found = collect(rows())
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise StoreError(f"the SPARQL server sent results s3graph cannot read: {err}") from err
    if "boolean" in head:
        return bool(head["boolean"])
    return Results(head.get("vars", []), found)


class _JsonStream:
    """JSON values read one at a time from a byte stream, for answers too large to hold.

    ``members`` and ``items`` walk an object or an array; the caller reads each member's
    value (``value`` or a nested walk) before asking for the next.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._json = json.JSONDecoder()
        self._text = ""
        self._position = 0
        self._ended = False

    def members(self) -> Iterator[str]:
        self._expect("{")
        if self._peek() == "}":
            self._expect("}")
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise ValueError(f"an object key must be a string, not {key!r}")
            self._expect(":")
            yield key
            if self._expect(",}") == "}":
                return

    def items(self) -> Iterator[Any]:
        self._expect("[")
        if self._peek() == "]":
            self._expect("]")
            return
        while True:
            yield self.value()
            if self._expect(",]") == "]":
                return

    def value(self) -> Any:
        while True:
            self._peek()
            try:
                value, end = self._json.raw_decode(self._text, self._position)
            except json.JSONDecodeError:
                if self._read():
                    continue
                raise
            if end < len(self._text) or not self._read():  # a number may go on
                self._position = end
                return value

    def _expect(self, allowed: str) -> str:
        character = self._peek()
        if character not in allowed:
            raise ValueError(f"expected one of {allowed!r}, found {character!r}")
        self._position += 1
        return character

    def _peek(self) -> str:
        while True:
            space = _JSON_SPACE.match(self._text, self._position)
            self._position = space.end() if space else self._position
            if self._position < len(self._text):
                return self._text[self._position]
            if not self._read():
                raise ValueError("the answer ended too early")

    def _read(self) -> bool:
        """Append the next chunk; False at the end of the stream."""
        if self._ended:
            return False
        chunk = next(self._chunks, None)
        self._ended = chunk is None
        text = self._decoder.decode(chunk or b"", final=self._ended)
        self._text = self._text[self._position :] + text
        self._position = 0
        return not self._ended or bool(text)


def _json_row(solution: dict[str, dict[str, str]], variables: list[str]) -> Row:
    return tuple(_json_term(solution[name]) if name in solution else None for name in variables)


def _json_term(term: dict[str, str]) -> Node:
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if language := term.get("xml:lang"):
            return Literal(value, lang=language)
        datatype = term.get("datatype")
        if datatype is None or datatype == str(XSD.string):
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype))
    raise ValueError(f"unknown term type {kind!r}")


def _ntriples_term(term: Node) -> str:
    if type(term) is URIRef:  # the common case first, without isinstance's detour
        return iri_term(term)
    if isinstance(term, BNode):
        label = str(term)
        return "_:" + (label if _BNODE_LABEL.fullmatch(label) else "x" + label.encode().hex())
    return sparql_term(term)


def _write_ntriples(file: IO[bytes], graph: URIRef, triples: Iterable[Triple]) -> None:
    """Write ``triples`` (of ``graph``) to ``file`` as N-Triples.

    Raises:
        StoreError: a term cannot be written (so nothing will be sent).
    """
    lines: list[str] = []
    try:
        for subject, predicate, obj in triples:
            lines.append(
                f"{_ntriples_term(subject)} {_ntriples_term(predicate)} {_ntriples_term(obj)} .\n"
            )
            if len(lines) == 1000:
                file.write("".join(lines).encode("utf-8"))
                lines.clear()
    except ValueError as err:
        raise StoreError(f"cannot write {graph}: {err}; nothing was sent") from err
    file.write("".join(lines).encode("utf-8"))


def _authorization() -> str | None:
    if token := os.environ.get("S3GRAPH_TOKEN"):
        return f"Bearer {token}"
    if user := os.environ.get("S3GRAPH_USER"):
        password = os.environ.get("S3GRAPH_PASSWORD", "")
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return None


def _form(name: str, text: str) -> bytes:
    return urllib.parse.urlencode({name: text}).encode("ascii")


def _with_parameter(url: str, name: str, value: str) -> str:
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + separator + urllib.parse.urlencode({name: value})


def _media_type(response: http.client.HTTPResponse) -> str:
    return response.headers.get_content_type() if response.headers["Content-Type"] else ""


def _shown(url: str) -> str:
    """``url`` without its query string, which may hold a key."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _trimmed(message: bytes) -> str:
    text = " ".join(message.decode("utf-8", errors="replace").split())
    if len(text) > _MESSAGE_LENGTH:
        text = text[: _MESSAGE_LENGTH - 1].rstrip() + "…"
    return text
