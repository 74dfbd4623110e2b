"""The remote backend: a SPARQL 1.1 server, spoken to over the standard protocols only.

    query          POST ``query=...`` (form-encoded) to the query URL (SPARQL 1.1 Protocol);
                   SELECT and ASK answers are asked as SPARQL JSON results (XML and TSV are
                   read too), CONSTRUCT answers as N-Triples (or Turtle); pyoxigraph's
                   parsers read them row by row as they arrive
    replace_graph  PUT application/n-triples to ``STORE?graph=IRI`` (Graph Store HTTP
                   Protocol): one request per graph, applied atomically by the server; the
                   body, written by pyoxigraph, is spooled to a temporary file first and
                   sent with its length (Virtuoso 7.2 silently drops a chunked body)
    update         POST ``update=...`` (form-encoded) to the update URL (SPARQL 1.1 Update);
                   ``drop_graph`` is a ``DROP SILENT GRAPH``
    export         GET ``STORE`` (the whole dataset, in N-Quads, TriG or JSON-LD) or
                   ``STORE?graph=IRI``; a merged export is a CONSTRUCT; streamed to the output

Where the server is: ``http(s)://host:port`` is taken as an Oxigraph server's base URL,
whose endpoints are ``/query`` (asked with ``union-default-graph``, so that, as in the
embedded store, the default graph is the union of the named graphs, unless the query names
its own dataset with FROM or FROM NAMED), ``/update`` and ``/store``. Servers laid out
differently are given their three URLs in the environment:
``S3GRAPH_QUERY_URL``, ``S3GRAPH_UPDATE_URL`` and ``S3GRAPH_STORE_URL`` (each replaces the URL
derived from the base URL; a query string in them is kept). Such a server must itself make
its default graph the union of the named graphs.

Credentials come from the environment only: ``S3GRAPH_TOKEN`` (sent as a bearer token), or
``S3GRAPH_USER`` and ``S3GRAPH_PASSWORD`` (HTTP Basic). They are never put in a message (a
server's own message is shown with them, and anything shaped like them, hidden; an HTML error
page, which may echo the request, is not shown) and are not sent on to another host when the
server redirects.

Values are never pasted into query text (see ``sparql_text``), and s3graph's prefixes are
declared in each query and update (the embedded store predeclares them).

Each exchange, from the request to the answer's last byte, takes at most ``timeout`` seconds:
a socket timeout bounds one wait only, so the connection is shut down when the time is up.

Errors: a server that cannot be reached or does not answer in time is a
``StoreUnreachableError``, which says, when a change broke off after it may have reached the
server, that its outcome is unknown and how to check it; a 4xx or 5xx answer is a
``StoreError`` (a ``QueryError`` when the server rejects a query as bad) carrying the server's
own message, trimmed.
"""

from __future__ import annotations

import base64
import functools
import http.client
import io
import os
import re
import socket
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import astuple, dataclass
from typing import IO, TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..choices import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ..errors import QueryError, StoreError, StoreUnreachableError
from ..sparql import internal_query
from .answers import read_graph, read_results, remembering_to_oxigraph
from .base import Answer, Bindings, RdfFormat, Store, Triple, checked_seconds
from .sparql_text import (
    bind_values,
    code_only,
    has_dataset_clause,
    query_form,
    term_or_error,
    with_prefixes,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

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
_READABLE_RESULTS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.TSV,
)
# Queries and updates go form-encoded: the one POST form every server takes (Virtuoso 7.2
# never answers a POST of application/sparql-query).
_FORM = "application/x-www-form-urlencoded"
# Asked by query form: Virtuoso answers a CONSTRUCT in SPARQL JSON if that is acceptable.
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
_CHUNK = 1 << 16
_SPOOL_IN_MEMORY = 1 << 24
_MESSAGE_LENGTH = 300
_HIDDEN = "***"
_CREDENTIAL_SHAPE = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")


@dataclass(frozen=True)
class Endpoints:
    """The URLs of a SPARQL server."""

    query: str
    """Where queries go; the default graph is the union of the named graphs."""
    query_with_dataset: str
    """Where a query that names its own dataset (FROM, FROM NAMED) goes."""
    update: str
    store: str


def endpoints(location: str) -> Endpoints:
    """The endpoints of the server at ``location``: Oxigraph's, unless the environment says.

    >>> endpoints("http://127.0.0.1:7878/").update
    'http://127.0.0.1:7878/update'
    """
    base = location.rstrip("/")
    query = os.environ.get(QUERY_URL_ENV)
    return Endpoints(
        query=query or f"{base}/query?union-default-graph",
        query_with_dataset=query or f"{base}/query",
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
        self.timeout = checked_seconds(timeout, what="timeout", above_zero=True)
        self._write = write
        for url in (location, *astuple(self.endpoints)):
            if urllib.parse.urlsplit(url).username is not None:
                raise StoreError(
                    "a store URL must not hold credentials; set S3GRAPH_USER and "
                    "S3GRAPH_PASSWORD (or S3GRAPH_TOKEN) in the environment instead"
                )
        self._credentials = _credentials()

    def close(self) -> None:
        """Nothing to release: every request used its own connection."""

    # -- reading --------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Bindings | None = None) -> Answer:
        text = with_prefixes(bind_values(sparql, bindings or {}))
        describes = query_form(code_only(text)) in ("CONSTRUCT", "DESCRIBE")
        url = (
            self.endpoints.query_with_dataset if has_dataset_clause(text) else self.endpoints.query
        )
        exchange = self._exchange(
            "POST",
            url,
            body=_form("query", text),
            content_type=_FORM,
            accept=_GRAPH_ACCEPT if describes else _RESULTS_JSON,
            rejection=QueryError,
        )
        with exchange as body:
            media = body.media_type
            graph_format = ox.RdfFormat.from_media_type(media)
            results_format = ox.QueryResultsFormat.from_media_type(media)
            try:
                if describes and graph_format is not None:
                    return read_graph(body, graph_format, self.collect)
                if not describes and results_format in _READABLE_RESULTS:
                    return read_results(body, results_format, self.collect)
            except SyntaxError as err:
                raise StoreError(
                    f"the SPARQL server at {_shown(url)} sent an answer s3graph cannot read: {err}"
                ) from err
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
            exchange = self._exchange("GET", url, accept=media)
        else:
            url = self.endpoints.query
            construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
            exchange = self._exchange(
                "POST", url, body=_form("query", construct), content_type=_FORM, accept=media
            )
        with exchange as body:
            if body.media_type != media:
                raise StoreError(
                    f"the SPARQL server at {_shown(url)} answered with "
                    f"{body.media_type or 'no content type'} instead of {media}; "
                    "export in another format"
                )
            while chunk := body.read(_CHUNK):
                file.write(chunk)

    # -- writing --------------------------------------------------------------------------

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self._check_writable()
        url = _with_parameter(self.endpoints.store, "graph", str(graph))
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as ntriples:
            try:
                ox.serialize(_oxigraph_triples(triples), ntriples, ox.RdfFormat.N_TRIPLES)
            except (ValueError, TypeError) as err:
                raise StoreError(f"cannot write {graph}: {err}; nothing was sent") from err
            length = ntriples.tell()
            ntriples.seek(0)
            exchange = self._exchange(
                "PUT",
                url,
                body=ntriples,
                content_type="application/n-triples",
                length=length,
                unknown_outcome=(
                    f"whether the graph {graph} was replaced is unknown; check with 's3graph "
                    f"export --graph {graph}' or 's3graph stats', and load the file again if "
                    "need be: a load replaces its graph, so repeating it is safe"
                ),
            )
            with exchange:
                pass

    def drop_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {term_or_error(graph, StoreError)}")

    def update(self, sparql: str) -> None:
        self._check_writable()
        exchange = self._exchange(
            "POST",
            self.endpoints.update,
            body=_form("update", with_prefixes(sparql)),
            content_type=_FORM,
            rejection=QueryError,
            unknown_outcome=(
                "whether the update took effect is unknown; check with a query before "
                "running it again"
            ),
        )
        with exchange:
            pass

    # -- HTTP -----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if not self._write:
            raise StoreError(f"cannot change the store at {self.location}: it was opened read-only")

    @contextmanager
    def _exchange(
        self,
        method: str,
        url: str,
        *,
        body: bytes | IO[bytes] | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        length: int | None = None,
        rejection: type[StoreError] | type[QueryError] = StoreError,
        unknown_outcome: str | None = None,
    ) -> Iterator[_Body]:
        """One HTTP exchange, from the request to the answer's last byte, in ``timeout`` s.

        Args:
            rejection: the error for a 400 answer (``QueryError`` for a bad query).
            unknown_outcome: for a request that changes the server, what to say when the
                exchange breaks off once the request may have reached it.
        """
        request = urllib.request.Request(url, data=body, method=method)
        if length is not None:
            request.add_header("Content-Length", str(length))
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        if self._credentials:
            request.add_unredirected_header("Authorization", self._credentials.header)
        deadline = _Deadline(self.timeout)
        fail = functools.partial(self._failure, url, deadline, unknown_outcome)
        try:
            opener = urllib.request.build_opener(_WatchingHTTP(deadline), _WatchingHTTPS(deadline))
            try:
                response = opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as err:
                with err:
                    raise self._refused(url, err, rejection) from err
            except (OSError, http.client.HTTPException) as err:
                raise fail(err) from err
            with response:
                yield _Body(response, deadline, fail)
        finally:
            deadline.cancel()

    def _failure(
        self, url: str, deadline: _Deadline, unknown_outcome: str | None, err: Exception
    ) -> StoreUnreachableError:
        """The error for an exchange that broke off (or ran out of time)."""
        shown = _shown(url)
        timed_out = deadline.expired or _timed_out(err)
        if unknown_outcome and deadline.connected:
            what = (
                f"did not answer within {self.timeout:g} s"
                if timed_out
                else f"broke off the connection ({_reason(err)})"
            )
            return StoreUnreachableError(f"the SPARQL server at {shown} {what}; {unknown_outcome}")
        if timed_out:
            return StoreUnreachableError(
                f"the SPARQL server at {shown} did not answer within {self.timeout:g} s; "
                "check that it is up, or give it longer with --timeout"
            )
        return StoreUnreachableError(
            f"cannot reach the SPARQL server at {shown} ({_reason(err)}); "
            "check that it is running and that --store (or S3GRAPH_STORE) gives its URL"
        )

    def _refused(
        self,
        url: str,
        err: urllib.error.HTTPError,
        rejection: type[StoreError] | type[QueryError],
    ) -> StoreError | QueryError:
        text = f"the SPARQL server at {_shown(url)} answered {err.code} {err.reason}"
        if message := self._server_message(err):
            text += f": {message}"
        if err.code in (401, 403):
            text += (
                "; set S3GRAPH_USER and S3GRAPH_PASSWORD (or S3GRAPH_TOKEN) for an account "
                "allowed to do this"
            )
        if err.code == 400 and rejection is QueryError:
            return QueryError(text)
        return StoreError(text)

    def _server_message(self, err: urllib.error.HTTPError) -> str:
        """The server's own explanation, trimmed, with anything like a credential hidden.

        An HTML page is left out: servers' error pages may echo the request's headers.
        """
        if err.headers.get_content_type() == "text/html":
            return ""
        try:
            message = err.read(4 * _MESSAGE_LENGTH).decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException):
            return ""
        if self._credentials:
            for secret in self._credentials.secrets:
                message = message.replace(secret, _HIDDEN)
        message = _CREDENTIAL_SHAPE.sub(lambda match: f"{match.group(1)} {_HIDDEN}", message)
        return _trimmed(message)


class _Deadline:
    """When an exchange must be over: its connection is shut down then, wherever it waits.

    A socket timeout bounds each wait alone; a server that sends a byte every half second
    would keep an exchange alive for ever.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self.connected = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the time is up."""
        with self._lock:
            self.connected = True
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed
        # The plain socket's shutdown, under TLS too: it wakes a read, and leaves the TLS
        # state to the thread that reads.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watched(http.client.HTTPConnection):
    """A connection that its exchange's deadline watches."""

    deadline: _Deadline

    def connect(self) -> None:
        super().connect()
        self.deadline.watch(self.sock)


class _WatchedHTTPS(_Watched, http.client.HTTPSConnection):
    pass


class _Watching(urllib.request.AbstractHTTPHandler):
    """Opens connections that an exchange's deadline watches."""

    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: urllib.request.Request, **options: Any) -> Any:
        watched = _WatchedHTTPS if issubclass(http_class, http.client.HTTPSConnection) else _Watched

        def connection(host: str, **settings: Any) -> _Watched:
            made = watched(host, **settings)
            made.deadline = self.deadline
            return made

        return super().do_open(connection, req, **options)


class _WatchingHTTP(_Watching, urllib.request.HTTPHandler):
    pass


class _WatchingHTTPS(_Watching, urllib.request.HTTPSHandler):
    pass


class _Body(io.RawIOBase):
    """An answer's body as a binary file that gives what has arrived, for streaming parsers.

    A connection that breaks off, or runs out of time, is raised as the exchange's error.
    """

    def __init__(
        self,
        response: http.client.HTTPResponse,
        deadline: _Deadline,
        fail: Callable[[Exception], StoreError],
    ) -> None:
        self._response = response
        self._deadline = deadline
        self._fail = fail
        has_type = response.headers["Content-Type"] is not None
        self.media_type = response.headers.get_content_type() if has_type else ""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        try:
            data = self._response.read1(len(target))
        except (OSError, http.client.HTTPException) as err:
            raise self._fail(err) from err
        if not data and self._deadline.expired:  # the connection was shut down
            raise self._fail(TimeoutError())
        target[: len(data)] = data
        return len(data)


@dataclass(frozen=True)
class _Credentials:
    header: str
    """The Authorization header."""
    secrets: tuple[str, ...]
    """What must never be shown: the token, or the password and the encoded login."""


def _credentials() -> _Credentials | None:
    if token := os.environ.get("S3GRAPH_TOKEN"):
        return _Credentials(f"Bearer {token}", (token,))
    if user := os.environ.get("S3GRAPH_USER"):
        password = os.environ.get("S3GRAPH_PASSWORD", "")
        login = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return _Credentials(f"Basic {login}", tuple(filter(None, (login, password))))
    return None


def _oxigraph_triples(triples: Iterable[Triple]) -> Iterator[ox.Triple]:
    convert = remembering_to_oxigraph()
    for subject, predicate, obj in triples:
        yield ox.Triple(convert(subject), convert(predicate), convert(obj))  # type: ignore[arg-type]


def _reason(err: Exception) -> str:
    """What went wrong, from urllib's wrapping of it."""
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    return str(reason) or type(reason).__name__


def _timed_out(err: Exception) -> bool:
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    return isinstance(reason, TimeoutError)


def _form(name: str, text: str) -> bytes:
    return urllib.parse.urlencode({name: text}).encode("ascii")


def _with_parameter(url: str, name: str, value: str) -> str:
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + separator + urllib.parse.urlencode({name: value})


def _shown(url: str) -> str:
    """``url`` without its query string, which may hold a key."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _trimmed(message: str) -> str:
    text = " ".join(message.split())
    if len(text) > _MESSAGE_LENGTH:
        text = text[: _MESSAGE_LENGTH - 1].rstrip() + "…"
    return text
