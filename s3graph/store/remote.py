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
                   ``STORE?graph=IRI``; a merged export is a CONSTRUCT; straight to file

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

Values are never pasted into query text: ``bind_values`` writes the bound RDF terms, escaped
by ``sparql_term``, into a ``VALUES`` block at the start of the query's WHERE clause, and
``with_prefixes`` declares s3graph's prefixes (which the embedded store predeclares).

Errors: a server that cannot be reached or does not answer in time is a
``StoreUnreachableError``; a 4xx or 5xx answer is a ``StoreError`` (a ``QueryError`` when the
server rejects a query as bad) carrying the server's own message, trimmed.
"""

from __future__ import annotations

import base64
import codecs
import functools
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
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import XSD
from rdflib.term import Node

from ..choices import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ..errors import QueryError, StoreError, StoreUnreachableError
from ..namespaces import PREFIXES
from ..queries import internal_query
from ..results import Results, Row
from .base import Answer, Bindings, RdfFormat, Store, Triple

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

_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*')
_LANGUAGE_TAG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_VARIABLE = re.compile(r"\w+")
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]+")
# Quotes and backslashes escaped; control characters too, which some servers mangle.
_TO_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    chr(code): f"\\u{code:04X}" for code in range(0x20) if chr(code) not in "\n\r\t"
}
# What is not SPARQL code: comments, the four kinds of string, IRIs and escaped characters.
_NOT_CODE = re.compile(
    r"#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\.",
    re.DOTALL,
)
_KEYWORD = r"(?<![\w:?$]){}(?![\w:-])"
_QUERY_FORM = re.compile(_KEYWORD.format("(SELECT|CONSTRUCT|ASK|DESCRIBE)"), re.IGNORECASE)
_GROUP_TOKEN = re.compile(r"[{}()]|" + _KEYWORD.format("WHERE"), re.IGNORECASE)
_PREFIX_DECLARATION = re.compile(_KEYWORD.format("PREFIX") + r"\s+([^\s:]*):", re.IGNORECASE)


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
        describes = _query_form(code_only(text)) in ("CONSTRUCT", "DESCRIBE")
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

    def export(self, path: Path, fmt: RdfFormat, *, graph: URIRef | None = None) -> None:
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
            partial = path.with_name(path.name + ".part")
            with partial.open("wb") as file:
                for chunk in self._chunks(response, url):
                    file.write(chunk)
        partial.replace(path)

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
        self.update(f"DROP SILENT GRAPH {_term_or_error(graph, StoreError)}")

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


def sparql_term(term: Node) -> str:
    """An IRI or a literal written as both SPARQL and N-Triples read it, safely escaped.

    >>> print(sparql_term(Literal('say "hi"', lang="en")))
    "say \\"hi\\""@en

    Raises:
        ValueError: the term cannot be written: a relative or malformed IRI, a bad language
            tag, or a blank node (SPARQL has no syntax for a given blank node).
    """
    if type(term) is URIRef or isinstance(term, URIRef):  # the first test is the fast one
        return _iri(term)
    if isinstance(term, Literal):
        text = str(term)
        if _TO_ESCAPE.search(text):
            text = _TO_ESCAPE.sub(lambda match: _ESCAPES[match.group()], text)
        if term.language:
            if not _LANGUAGE_TAG.fullmatch(term.language):
                raise ValueError(f"{term.language!r} is not a language tag")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^{_iri(term.datatype)}'
        return f'"{text}"'
    raise ValueError(f"{term!r} cannot be written; only IRIs and literals can")


@functools.lru_cache(maxsize=1 << 16)
def _iri(iri: URIRef) -> str:
    """``<iri>``, checked; cached, as the same IRIs come again and again."""
    if _IRI.fullmatch(iri) is None:
        raise ValueError(f"{str(iri)!r} is not an absolute IRI")
    return f"<{iri}>"


def _ntriples_term(term: Node) -> str:
    if type(term) is URIRef:  # the common case first, without isinstance's detour
        return _iri(term)
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


def _term_or_error(term: Node, error: type[StoreError] | type[QueryError]) -> str:
    try:
        return sparql_term(term)
    except ValueError as err:
        raise error(str(err)) from err


def code_only(sparql: str) -> str:
    """``sparql`` with comments, strings and IRIs blanked out, every offset kept.

    >>> code_only('SELECT * { ?s ?p "{" } # }')
    'SELECT * { ?s ?p     }    '
    """
    return _NOT_CODE.sub(lambda match: " " * len(match.group()), sparql)


def bind_values(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with ``bindings`` in a ``VALUES`` block opening its WHERE clause.

    The terms are written by ``sparql_term``; the user's text is never pasted in.

    >>> bind_values("SELECT ?n WHERE { ?r skos:notation ?n }", {"r": URIRef("urn:ex:es24")})
    'SELECT ?n WHERE { VALUES (?r) { (<urn:ex:es24>) } ?r skos:notation ?n }'

    Raises:
        QueryError: a name is not a variable name, a value cannot be written, or the query
            has no WHERE clause.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term_or_error(term, QueryError) for term in bindings.values())
    start = _where_clause_start(code_only(sparql))
    return f"{sparql[:start]} VALUES ({variables}) {{ ({values}) }}{sparql[start:]}"


def _query_form(code: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword of the query's code."""
    form = _QUERY_FORM.search(code)
    return form.group(1).upper() if form else None


def _where_clause_start(code: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE clause."""
    form = _QUERY_FORM.search(code)
    if form is None:
        raise QueryError("values can only be bound in a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    template_to_skip = form.group(1).upper() == "CONSTRUCT"
    braces = parentheses = 0
    for token in _GROUP_TOKEN.finditer(code, form.end()):
        text = token.group()
        if text == "(":
            parentheses += 1
        elif text == ")":
            parentheses -= 1
        elif parentheses:
            continue
        elif text == "{":
            if braces == 0 and not template_to_skip:
                return token.end()
            braces += 1
        elif text == "}":
            braces -= 1
            template_to_skip = template_to_skip and braces > 0
        elif braces == 0:  # WHERE: what follows is the pattern, not a template
            template_to_skip = False
    raise QueryError("values can only be bound in a query with a WHERE clause")


def with_prefixes(sparql: str) -> str:
    """``sparql`` after one line declaring s3graph's prefixes that it does not declare.

    The embedded store predeclares them; a SPARQL server knows nothing of them.

    >>> with_prefixes("PREFIX s3: <urn:mine#> ASK { ?x a s3:Region }").count("s3:")
    2
    """
    declared = {match.group(1) for match in _PREFIX_DECLARATION.finditer(code_only(sparql))}
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]
    return " ".join(missing) + "\n" + sparql if missing else sparql


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
