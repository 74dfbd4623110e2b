"""The embedded Oxigraph store: named graphs, atomic replace, locks, export."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

import s3graph
from s3graph.errors import QueryError
from s3graph.store import RdfFormat, Store, open_store

G = URIRef("https://w3id.org/s3graph/graph/test")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def test_replace_graph_makes_it_hold_exactly_the_new_triples(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s"), write=True) as store:
        store.replace_graph(G, [(S, P, Literal(1)), (S, P, Literal(2))])
        store.replace_graph(G, [(S, P, Literal(2)), (S, P, Literal("three", lang="en"))])
        assert set(store.graph(G)) == {(S, P, Literal(2)), (S, P, Literal("three", lang="en"))}
        assert store.named_graphs() == [G]
        store.drop_graph(G)
        assert store.quad_count() == 0


def test_plain_literals_come_back_plain(tmp_path: Path) -> None:
    with open_store("memory") as store:
        store.replace_graph(G, [(S, P, Literal("x"))])
        [(value,)] = store.select("SELECT ?o WHERE { ?s ?p ?o }")
        assert value == Literal("x") and value.datatype is None


@pytest.mark.parametrize("location", ["memory", "directory"])
def test_what_is_remembered_is_read_again_after_a_write(location: str, tmp_path: Path) -> None:
    reads = []

    def count() -> int:
        reads.append(1)
        return store.quad_count()

    where = location if location == "memory" else str(tmp_path / "s")
    with open_store(where, write=True) as store:
        assert store.remembered("count", count) == 0
        assert store.remembered("count", count) == 0 and len(reads) == 1
        store.replace_graph(G, [(S, P, Literal(1))])
        assert store.remembered("count", count) == 1 and len(reads) == 2
        assert store.remembered("other", lambda: "x") == "x"
        assert store.remembered("count", count) == 1 and len(reads) == 2


@pytest.mark.parametrize("location", ["memory", "directory"])
def test_rows_as_text_are_the_rows_of_select_as_text(location: str, tmp_path: Path) -> None:
    triples = [
        (S, P, Literal("x")),
        (S, P, Literal("Aragón", lang="es")),
        (S, P, Literal("2018", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))),
        (S, P, Literal(True)),
        (S, P, URIRef("https://example.org/o")),
    ]
    query = "SELECT ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o ?p ?none } } ORDER BY STR(?o)"
    where = location if location == "memory" else str(tmp_path / "s")
    with open_store(where, write=True) as store:
        store.replace_graph(G, triples)
    with open_store(where) as store:  # a directory is read by its query process
        if location == "memory":
            store.replace_graph(G, triples)
        rows = store.select_texts(query)
        assert rows == [
            ("2018", None),
            ("Aragón", None),
            ("https://example.org/o", None),
            ("true", None),
            ("x", None),
        ]
        assert rows == Store.select_texts(store, query)  # as text from rdflib's terms
        with pytest.raises(QueryError, match="expected a SELECT query"):
            store.select_texts("ASK { ?s ?p ?o }")
        assert store.select_texts(query) == rows  # the query process still answers


def test_bound_values_are_terms_not_text(built_store: s3graph.Store) -> None:
    hostile = Literal('ES24" } ; DROP ALL ; #')
    rows = built_store.select("SELECT ?r ?code WHERE { ?r skos:notation ?code }", {"code": hostile})
    assert len(rows) == 0


def test_a_second_writer_gets_a_clear_busy_error(store_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, s3graph\n"
            "s = s3graph.open_store(sys.argv[1], write=True)\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
            str(store_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(s3graph.StoreBusyError, match="is in use by another s3graph process"):
            open_store(str(store_path), write=True, wait=0.5)
        with pytest.raises(s3graph.StoreBusyError):
            open_store(str(store_path), wait=0.2)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    with open_store(str(store_path), write=True, wait=2) as store:
        assert store.quad_count() > 0


def test_readers_share_the_store(store_path: Path) -> None:
    with open_store(str(store_path)) as first, open_store(str(store_path)) as second:
        assert first.quad_count() == second.quad_count() > 0


def test_reading_a_missing_store_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(s3graph.StoreError, match="create it with 's3graph build'"):
        open_store(str(tmp_path / "nothing"))


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_export_parses_back(built_store: s3graph.Store, tmp_path: Path, fmt: RdfFormat) -> None:
    path = tmp_path / f"out.{fmt.value}"
    built_store.export(path, fmt)
    if fmt.has_graphs:
        formats = {
            "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        quads = list(ox.parse(path=str(path), format=formats[fmt.value]))
        assert len(quads) == built_store.quad_count()
    else:
        rdflib_format = {"ttl": "turtle", "nt": "nt", "rdf": "xml"}[fmt.value]
        graph = Graph().parse(data=path.read_text(encoding="utf-8"), format=rdflib_format)
        assert 0 < len(graph) <= built_store.quad_count()
