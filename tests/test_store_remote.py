"""The remote store against a real Oxigraph server: protocols, escaping, errors, crash safety.

Failure modes an Oxigraph server does not produce (a password prompt, a 500, a server that
hangs) are played by a small real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import http.server
import io
import itertools
import json
import os
import re
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

import s3graph
from s3graph.namespaces import region_iri
from s3graph.store import RdfFormat, open_store
from s3graph.store.answers import from_oxigraph, read_results

from bundled import counts
from conftest import Cli, OxigraphServer, quads_of

EX = "https://example.org/"
S = URIRef(EX + "s")
P = URIRef(EX + "p")

# -- reading answers ------------------------------------------------------------------------

TERMS = st.one_of(
    st.builds(
        lambda path, fragment: URIRef(EX + path + fragment),
        st.text("abc/é", max_size=5),
        st.sampled_from(["", "#", "#x"]),
    ),
    st.builds(Literal, st.text(max_size=8)),
    st.builds(lambda text: Literal(text, lang="en"), st.text(max_size=4)),
    st.builds(Literal, st.integers()),
    st.builds(lambda label: BNode("b" + label), st.text("xyz0", max_size=3)),
)


def _json_term(term: URIRef | Literal | BNode) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if term.language:
        return {"type": "literal", "value": str(term), "xml:lang": term.language}
    if term.datatype:
        return {"type": "literal", "value": str(term), "datatype": str(term.datatype)}
    return {"type": "literal", "value": str(term)}


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(st.one_of(st.none(), TERMS), min_size=2, max_size=2), max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=2000), max_size=8),
    head_last=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_json_results_parse_the_same_however_the_answer_is_cut(
    rows: list[list[URIRef | Literal | BNode | None]],
    cuts: list[int],
    head_last: bool,
    indent: int | None,
) -> None:
    head = {"vars": ["a", "b"]}
    results = {
        "bindings": [
            {
                name: _json_term(term)
                for name, term in zip("ab", row, strict=True)
                if term is not None
            }
            for row in rows
        ]
    }
    document = (
        {"results": results, "head": head} if head_last else {"head": head, "results": results}
    )
    data = json.dumps(document, indent=indent, ensure_ascii=indent is None).encode("utf-8")
    bounds = sorted({0, len(data), *(cut % (len(data) + 1) for cut in cuts)})
    chunks = [data[start:end] for start, end in itertools.pairwise(bounds)]
    answer = read_results(Arriving(chunks), ox.QueryResultsFormat.JSON, list)
    assert not isinstance(answer, bool)
    assert answer.variables == ["a", "b"]
    assert [list(row) for row in answer.rows] == rows


class Arriving(io.RawIOBase):
    """A stream that gives its chunks one read at a time, as a network connection does."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = [chunk for chunk in chunks if chunk]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self.chunks:
            return 0
        chunk = self.chunks.pop(0)
        size = min(len(chunk), len(buffer))
        buffer[:size], rest = chunk[:size], chunk[size:]
        if rest:
            self.chunks.insert(0, rest)
        return size


def test_json_results_read_a_boolean_and_refuse_garbage() -> None:
    json_results = ox.QueryResultsFormat.JSON
    assert read_results(Arriving([b'{"head": {}, "boo', b'lean": true}']), json_results, list)
    with pytest.raises(SyntaxError):
        cut = [b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": ']
        read_results(Arriving(cut), json_results, list)


# -- against a real Oxigraph server ---------------------------------------------------------


@pytest.fixture
def graph(oxigraph_server: OxigraphServer, request: pytest.FixtureRequest) -> Iterator[URIRef]:
    """A named graph of the test's own on the session's server, dropped afterwards."""
    name = URIRef(f"{EX}graph/{request.node.name}")
    yield name
    with open_store(oxigraph_server.url, write=True) as store:
        store.drop_graph(name)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=20), lang=st.sampled_from([None, "en", "es-ES"]))
def test_any_text_survives_the_round_trip(
    oxigraph_server: OxigraphServer, text: str, lang: str | None
) -> None:
    graph = URIRef(EX + "graph/round-trip")
    value = Literal(text, lang=lang)
    with open_store(oxigraph_server.url, write=True) as store:
        store.replace_graph(graph, [(S, P, value)])
        [(found,)] = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        assert found == value
        assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": graph, "o": value})
        assert set(store.graph(graph)) == {(S, P, value)}
        store.drop_graph(graph)


def test_replace_graph_replaces_and_drop_graph_removes(
    oxigraph_server: OxigraphServer, graph: URIRef
) -> None:
    with open_store(oxigraph_server.url, write=True) as store:
        store.replace_graph(graph, [(S, P, Literal(1)), (S, P, BNode("b"))])
        store.replace_graph(graph, [(S, P, Literal(2)), (S, P, Literal("three", lang="en"))])
        assert set(store.graph(graph)) == {(S, P, Literal(2)), (S, P, Literal("three", lang="en"))}
        assert graph in store.named_graphs()
        count = store.quad_count()
        store.drop_graph(graph)
        store.drop_graph(graph)
        assert graph not in store.named_graphs()
        assert store.quad_count() == count - 2


def test_a_store_opened_for_reading_refuses_to_write(
    oxigraph_server: OxigraphServer, graph: URIRef
) -> None:
    with open_store(oxigraph_server.url) as store, pytest.raises(s3graph.StoreError, match="read"):
        store.replace_graph(graph, [(S, P, Literal(1))])


def test_export_streams_the_dataset_a_merge_or_one_graph(
    oxigraph_server: OxigraphServer, graph: URIRef, tmp_path: Path
) -> None:
    triples = {(S, P, Literal(n)) for n in range(5)}
    with open_store(oxigraph_server.url, write=True) as store:
        store.replace_graph(graph, triples)
        store.export(tmp_path / "all.nq", RdfFormat.NQUADS)
        store.export(tmp_path / "all.ttl", RdfFormat.TURTLE)
        store.export(tmp_path / "one.jsonld", RdfFormat.JSONLD, graph=graph)
        quads = store.quad_count()
    exported = list(ox.parse(path=tmp_path / "all.nq", format=ox.RdfFormat.N_QUADS))
    assert len(exported) == quads and all(quad.graph_name.value for quad in exported)
    assert triples <= _parsed(tmp_path / "all.ttl", ox.RdfFormat.TURTLE)
    assert _parsed(tmp_path / "one.jsonld", ox.RdfFormat.JSON_LD) == triples
    assert not list(tmp_path.glob("*.part"))


def _parsed(path: Path, fmt: ox.RdfFormat) -> set[tuple[Node, Node, Node]]:
    return {
        (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        for quad in ox.parse(path=path, format=fmt)
    }


def test_a_server_store_answers_like_the_embedded_store(remote_url: str, store_path: Path) -> None:
    with open_store(remote_url) as remote, open_store(str(store_path)) as embedded:
        assert remote.named_graphs() == embedded.named_graphs()
        assert remote.quad_count() == embedded.quad_count()
        assert _without_load_times(quads_of(remote)) == _without_load_times(quads_of(embedded))
        query = "SELECT ?r ?label WHERE { ?r skos:prefLabel ?label }"
        aragon = {"r": region_iri("ES24")}
        assert remote.select(query, aragon).rows == embedded.select(query, aragon).rows
        several = {"r": (region_iri("ES24"), region_iri("ES2"), region_iri("FRK"))}
        assert len(embedded.select(query, several)) >= 3
        assert sorted(remote.select(query, several).rows) == sorted(
            embedded.select(query, several).rows
        )
        assert remote.select_texts(query, aragon) == embedded.select_texts(query, aragon)


def _without_load_times(quads: str) -> list[str]:
    """Quads, less the load times, with blank-node labels (which differ by store) erased."""
    return sorted(
        re.sub(r"_:\S+", "_:", line)
        for line in quads.splitlines()
        if "load-" not in line and "AtTime" not in line
    )


def test_a_built_server_is_not_built_again(remote_url: str) -> None:
    builds: list[str] = []
    with s3graph.open_built_store(remote_url, on_build=builds.append) as store:
        regions = s3graph.count_summary(store).dicts()[0]
        assert regions == {"what": "regions", "count": counts()["regions"]}
    assert builds == []


@pytest.mark.slow
def test_a_server_killed_mid_upload_keeps_the_old_graph_or_nothing(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "db").start()
    graph = URIRef(EX + "graph/big")
    old = {(URIRef(f"{EX}s{n}"), P, Literal("old")) for n in range(100)}
    new = [(URIRef(f"{EX}s{n}"), P, Literal(f"new value {n}")) for n in range(80_000)]

    def kill_mid_load(idle: float) -> None:
        # The server idles until the upload reaches it; 0.3 CPU seconds on, it is loading.
        while server.process and server.process.poll() is None:
            if _cpu_seconds(server.process.pid) - idle > 0.3:
                server.stop(signal.SIGKILL)
            time.sleep(0.01)

    try:
        with open_store(server.url, write=True) as store:
            store.replace_graph(graph, old)
            assert server.process is not None
            killer = threading.Thread(
                target=kill_mid_load, args=(_cpu_seconds(server.process.pid),)
            )
            killer.start()
            unknown = f"whether the graph {graph} was replaced is unknown; check with"
            with pytest.raises(s3graph.StoreUnreachableError, match=unknown):
                store.replace_graph(graph, new)
            killer.join()
        server.start()
        with open_store(server.url) as store:
            after = set(store.graph(graph))
            assert after in (old, set())
            assert store.quad_count() == len(after)
    finally:
        server.stop()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- network failures -----------------------------------------------------------------------


@contextmanager
def http_server(
    status: int = 200,
    body: bytes | Callable[[str], bytes] = b"",
    *,
    content_type: str = "text/plain",
    delay: float = 0.0,
    password: str | None = None,
) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A real HTTP server on 127.0.0.1 that gives a canned answer to every request.

    ``body`` is the answer, or makes it from the request's body. With ``password``, a
    request without the matching HTTP Basic credentials gets 401. Yields the server's URL
    and the headers of the requests it received.
    """
    received: list[dict[str, str]] = []
    login = "Basic " + base64.b64encode(f"analyst:{password}".encode()).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(dict(self.headers))
            time.sleep(delay)
            allowed = password is None or self.headers.get("Authorization") == login
            self.send_response(status if allowed else 401)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            answer = body(request.decode()) if callable(body) else body
            with suppress(ConnectionError):  # a client that gave up early
                self.wfile.write(answer if allowed else b"Unauthorized: log in")

        do_PUT = do_POST

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def test_an_unreachable_server_is_named_with_the_fix() -> None:
    with socket.socket() as held:  # a port that is taken but not listening: refused
        held.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{held.getsockname()[1]}"
        with open_store(closed) as store, pytest.raises(s3graph.StoreUnreachableError) as caught:
            store.named_graphs()
        result = Cli(closed)("stats")
    assert f"cannot reach the SPARQL server at {closed}/query" in str(caught.value)
    assert "check that it is running" in str(caught.value)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach the SPARQL server at {closed}/query")


def test_a_slow_server_times_out_with_the_fix() -> None:
    timeout = pytest.raises(s3graph.StoreUnreachableError, match=r"within 0\.3 s.*--timeout")
    with http_server(delay=2.0) as (url, _), open_store(url, timeout=0.3) as store, timeout:
        store.named_graphs()


def test_a_server_error_carries_its_own_message_trimmed() -> None:
    failing = http_server(500, b"RocksDB: disk full " * 100)
    with failing as (url, _), open_store(url) as store, pytest.raises(s3graph.StoreError) as caught:
        store.quad_count()
    message = str(caught.value)
    assert "answered 500 Internal Server Error: RocksDB: disk full" in message
    assert len(message) < 400 and message.endswith("…")


def test_a_query_the_server_rejects_is_a_query_error(oxigraph_server: OxigraphServer) -> None:
    with open_store(oxigraph_server.url) as store, pytest.raises(s3graph.QueryError) as caught:
        store.query("SELECT ?x WHERE { ?x ?y }")
    assert "answered 400 Bad Request" in str(caught.value)


def test_an_answer_in_an_unknown_format_is_refused() -> None:
    refused = pytest.raises(s3graph.StoreError, match="text/html")
    with http_server(body=b"<html/>", content_type="text/html") as (url, _), refused:
        open_store(url).named_graphs()


def test_credentials_come_from_the_environment_and_stay_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("S3GRAPH_USER", "S3GRAPH_PASSWORD", "S3GRAPH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    answer = json.dumps({"head": {"vars": ["graph"]}, "results": {"bindings": []}}).encode()
    json_type = "application/sparql-results+json"
    with http_server(body=answer, content_type=json_type, password="s3cret") as (url, seen):
        with open_store(url) as store, pytest.raises(s3graph.StoreError) as caught:
            store.named_graphs()
        assert "401" in str(caught.value) and "S3GRAPH_USER" in str(caught.value)
        monkeypatch.setenv("S3GRAPH_USER", "analyst")
        monkeypatch.setenv("S3GRAPH_PASSWORD", "s3cret")
        with open_store(url) as store:
            assert store.named_graphs() == []
        monkeypatch.setenv("S3GRAPH_TOKEN", "t0ken")
        with open_store(url) as store, pytest.raises(s3graph.StoreError) as caught:
            store.named_graphs()
        assert "t0ken" not in str(caught.value) and "s3cret" not in str(caught.value)
    assert seen[-1]["Authorization"] == "Bearer t0ken"


def test_credentials_in_the_url_are_refused_without_repeating_them() -> None:
    with pytest.raises(s3graph.StoreError) as caught:
        open_store("http://analyst:s3cret@127.0.0.1:1")
    assert "S3GRAPH_PASSWORD" in str(caught.value) and "s3cret" not in str(caught.value)


def test_separate_endpoint_urls_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, oxigraph_server: OxigraphServer
) -> None:
    monkeypatch.setenv("S3GRAPH_QUERY_URL", f"{oxigraph_server.url}/query?union-default-graph")
    monkeypatch.setenv("S3GRAPH_UPDATE_URL", f"{oxigraph_server.url}/update")
    monkeypatch.setenv("S3GRAPH_STORE_URL", f"{oxigraph_server.url}/store")
    with open_store("http://elsewhere.invalid", write=True) as store:
        graph = URIRef(EX + "graph/endpoints")
        store.replace_graph(graph, [(S, P, Literal(1))])
        assert graph in store.named_graphs()
        store.drop_graph(graph)


def test_requests_suit_every_server() -> None:
    # Virtuoso 7.2 hangs on a POST of application/sparql-query, drops a chunked PUT body
    # and answers a CONSTRUCT in SPARQL JSON when that is acceptable.
    results = b'{"head": {"vars": []}, "boolean": true}'
    server = http_server(body=results, content_type="application/sparql-results+json")
    with server as (url, seen), open_store(url, write=True) as store:
        assert store.ask("ASK { ?s ?p ?o }") is True
        store.replace_graph(URIRef(EX + "g"), [(S, P, Literal(n)) for n in range(3000)])
        with pytest.raises(s3graph.StoreError, match="does not read there"):
            store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    ask, put, construct = seen
    assert ask["Content-Type"] == "application/x-www-form-urlencoded"
    assert ask["Accept"] == "application/sparql-results+json"
    assert int(put["Content-Length"]) > 100_000 and "Transfer-Encoding" not in put
    assert construct["Accept"].startswith("application/n-triples")


def test_graphs_are_listed_where_graph_patterns_cannot_be_empty() -> None:
    # Virtuoso 7 answers GRAPH ?graph { } with one solution that binds nothing.
    def answer(request: str) -> bytes:
        if "%3Fs+%3Fp+%3Fo" in request:
            bindings = [{"graph": {"type": "uri", "value": EX + "g"}}]
        else:
            bindings = [{}]
        return json.dumps({"head": {"vars": ["graph"]}, "results": {"bindings": bindings}}).encode()

    with http_server(body=answer, content_type="application/sparql-results+json") as (url, _):
        assert open_store(url).named_graphs() == [URIRef(EX + "g")]


def test_updates_and_the_result_limit_work_as_in_the_embedded_store(
    oxigraph_server: OxigraphServer, graph: URIRef
) -> None:
    with open_store(oxigraph_server.url) as reader, pytest.raises(s3graph.StoreError, match="read"):
        reader.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{S}> <{P}> 1 }} }}")
    with open_store(oxigraph_server.url, write=True) as store:
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{S}> <{P}> 1, 2, 3 }} }}")
        with pytest.raises(s3graph.QueryError, match="400"):
            store.update("INSERT DATA { nonsense }")
        store.max_results = 2
        select = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        for query in (select, construct):
            with pytest.raises(s3graph.LimitExceededError, match="more than 2 results"):
                store.query(query, {"g": graph})
        store.max_results = 3
        assert len(store.select(select, {"g": graph})) == 3


@contextmanager
def answering_slowly(
    first: bytes, then: bytes = b"", *, every: float = 0.2, headers_too: bool = False
) -> Iterator[str]:
    """A real HTTP server that sends ``first`` at once, then ``then`` one byte every
    ``every`` seconds, for ever (until the client hangs up); with ``headers_too``, the
    status line and headers come one byte at a time too."""
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            head = b"HTTP/1.0 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
            with suppress(OSError):
                for byte in head if headers_too else [head]:
                    self.wfile.write(bytes([byte]) if headers_too else byte)
                    self.wfile.flush()
                    if headers_too:
                        time.sleep(every)
                self.wfile.write(first)
                self.wfile.flush()
                for byte in itertools.cycle(then or b" "):
                    if done.wait(every):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        done.set()
        server.shutdown()
        server.server_close()


def test_rows_are_read_as_they_arrive() -> None:
    # Three rows of an answer that never ends: the result limit is met on the third.
    rows = b",".join(b'{"n": {"type": "literal", "value": "%d"}}' % n for n in range(3))
    first = b'{"head": {"vars": ["n"]}, "results": {"bindings": [' + rows + b","
    with answering_slowly(first) as url, open_store(url, timeout=30) as store:
        store.max_results = 2
        started = time.monotonic()
        with pytest.raises(s3graph.LimitExceededError, match="more than 2 results"):
            store.select("SELECT ?n WHERE { ?s ?p ?n }")
        assert time.monotonic() - started < 10


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_the_timeout_bounds_the_whole_exchange_with_a_trickling_server(headers_too: bool) -> None:
    # A byte every 0.1 s would keep each read alive for ever; the timeout ends the whole.
    first = b'{"head": {"vars": ["n"]}, "results": {"bindings": ['
    late = pytest.raises(s3graph.StoreUnreachableError, match=r"did not answer within 0\.5 s")
    with answering_slowly(first, every=0.1, headers_too=headers_too) as url:
        started = time.monotonic()
        with open_store(url, timeout=0.5) as store, late:
            store.select("SELECT ?n WHERE { ?s ?p ?n }")
        assert time.monotonic() - started < 5
        line = Cli(url).error("--timeout", "0.5", "query", "SELECT ?n WHERE { ?s ?p ?n }")
        assert line.startswith(f"Error: the SPARQL server at {url}/query did not answer within")


@pytest.mark.parametrize("login", ["password", "token"])
def test_a_server_message_never_shows_the_credentials(
    monkeypatch: pytest.MonkeyPatch, login: str
) -> None:
    for name in ("S3GRAPH_USER", "S3GRAPH_PASSWORD", "S3GRAPH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    encoded = base64.b64encode(b"analyst:s3cret-value")
    if login == "token":
        monkeypatch.setenv("S3GRAPH_TOKEN", "t0ken-value")
        secrets = ["t0ken-value"]
    else:
        monkeypatch.setenv("S3GRAPH_USER", "analyst")
        monkeypatch.setenv("S3GRAPH_PASSWORD", "s3cret-value")
        secrets = ["s3cret-value", encoded.decode()]
    echo = (
        b"RocksDB failed for the request with Authorization: Basic "
        + encoded
        + b" and Bearer t0ken-value; password=s3cret-value"
    )
    failing = pytest.raises(s3graph.StoreError)
    with http_server(500, echo) as (url, _), open_store(url) as store, failing as caught:
        store.quad_count()
    message = str(caught.value)
    assert "answered 500 Internal Server Error: RocksDB failed for the request" in message
    for secret in secrets:
        assert secret not in message
    page = b"<html><body>Authorization: Basic " + encoded + b"</body></html>"
    failing = pytest.raises(s3graph.StoreError)
    with http_server(502, page, content_type="text/html") as (url, _), failing as caught:
        open_store(url).quad_count()
    assert str(caught.value) == f"the SPARQL server at {url}/query answered 502 Bad Gateway"
