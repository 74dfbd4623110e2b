"""The embedded backend: pyoxigraph on disk (the default) or in memory (tests).

Concurrency: a writer holds the store's lock (``lock.StoreLock``) alone and readers share
it, so readers never see a write in progress and a second writer waits, then fails with
``StoreBusyError``. Each write is all or nothing, even if the process is killed: small ones
are Oxigraph transactions, large ones bulk loads under a journal (``bulk``), which whoever
opens the store next finishes by putting the old graph back.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox
from rdflib import URIRef

from ..choices import DEFAULT_QUERY_MEMORY, DEFAULT_TIMEOUT, DEFAULT_WAIT
from ..errors import QueryError, StoreError
from ..namespaces import PREFIXES
from ..results import TextRow
from .answers import (
    Collect,
    converted,
    read_graph,
    read_results,
    read_texts,
    releasing,
    remembering_to_oxigraph,
    solution_texts,
)
from .base import Answer, Bindings, RdfFormat, Store, Triple, checked_seconds
from .bulk import pending, recover, write_graph
from .location import MEMORY
from .lock import StoreLock
from .query_child import BOOLEAN, SOLUTIONS
from .query_process import QueryProcess, query_failure
from .sparql_text import bind_values, has_dataset_clause

T = TypeVar("T")
GENERATION_FILE = "s3graph.generation"
"""Holds a new random token each time the store is written to (``Store.generation``)."""
BULK_MIN_QUADS = 10_000
"""Graphs from this size on (new or old) are written by the bulk loader (see ``bulk``); below
it a transaction is as fast."""
_FORMATS = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
}


class EmbeddedStore(Store):
    """An Oxigraph store on disk or in memory.

    A store on disk opened for reading answers queries in a child process (see
    ``query_process``), which is stopped when a query takes longer than ``timeout`` seconds
    or needs more than ``memory`` bytes. A store opened for writing, or in memory, answers
    them in this process, without those bounds: it runs s3graph's own queries.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        write: bool = False,
        wait: float = DEFAULT_WAIT,
        timeout: float = DEFAULT_TIMEOUT,
        memory: int = DEFAULT_QUERY_MEMORY,
    ) -> None:
        self.location = str(path) if path else MEMORY
        self.directory = path
        self.timeout = checked_seconds(timeout, what="timeout", above_zero=True)
        self._write = write
        self._writes = 0
        self.lock: StoreLock | None = None
        """The store's lock, held while it is open on disk."""
        self._queries: QueryProcess | None = None
        if path is None:
            self._store = ox.Store()
            return
        if not write and not exists(path):
            raise StoreError(f"there is no store at {path}; create it with 's3graph build'")
        path.mkdir(parents=True, exist_ok=True)
        self.lock = StoreLock(path, exclusive=write, wait=wait)
        if not write and pending(path):  # a write was killed: a writer puts its graph back
            self.lock.release()
            EmbeddedStore(path, write=True, wait=wait).close()
            self.lock = StoreLock(path, exclusive=False, wait=wait)
        try:
            self._store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
            if write:
                recover(self._store, path)
        except (OSError, RuntimeError) as err:  # RuntimeError: the store's files are damaged
            self.close()
            raise StoreError(
                f"cannot open the store at {path}: {err}; if its files were damaged, rebuild "
                "it with 's3graph build' into a new directory and reload your CSV files"
            ) from err
        if not write:
            self._queries = QueryProcess(path, prefixes=PREFIXES, memory=memory)

    def close(self) -> None:
        if self._queries is not None:
            self._queries.close()
        if self.lock is None:
            return
        if hasattr(self, "_store"):
            if self._write:
                self._store.flush()
            del self._store
        self.lock.release()
        self.lock = None

    # -- reading --------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Bindings | None = None) -> Answer:
        text, union = _prepared(sparql, bindings)
        if self._queries is None:
            return self._answer_here(text, union, converted)
        with self._queries.ask(text, union=union, timeout=self.timeout) as answer:
            if answer.kind == BOOLEAN:
                return answer.boolean
            if answer.kind == SOLUTIONS:
                return read_results(answer.stream, ox.QueryResultsFormat.TSV, self.collect)
            return read_graph(answer.stream, ox.RdfFormat.N_TRIPLES, self.collect)

    def select_texts(self, sparql: str, bindings: Bindings | None = None) -> list[TextRow]:
        text, union = _prepared(sparql, bindings)
        if self._queries is None:
            return self._answer_here(text, union, solution_texts)
        with self._queries.ask(text, union=union, timeout=self.timeout) as answer:
            if answer.kind == SOLUTIONS:
                return read_texts(answer.stream, ox.QueryResultsFormat.TSV, self.collect)
        raise QueryError("expected a SELECT query")

    def _answer_here(
        self,
        text: str,
        union: bool,
        convert: Callable[[ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, Collect[Any]], T],
    ) -> T:
        try:
            with releasing():
                return convert(
                    self._store.query(text, use_default_graph_as_union=union, prefixes=PREFIXES),
                    self.collect,
                )
        except (SyntaxError, OSError, RuntimeError, ValueError) as err:
            raise query_failure(type(err).__name__, str(err)) from err

    def named_graphs(self) -> list[URIRef]:
        return sorted(
            URIRef(graph.value)
            for graph in self._store.named_graphs()
            if isinstance(graph, ox.NamedNode)
        )

    def quad_count(self) -> int:
        return len(self._store)

    def _write_rdf(self, file: BinaryIO, fmt: RdfFormat, graph: URIRef | None) -> None:
        target = _FORMATS[fmt]
        prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
        if graph is not None:
            self._store.dump(file, target, from_graph=ox.NamedNode(str(graph)), prefixes=prefixes)
        elif fmt.has_graphs:
            self._store.dump(file, target, prefixes=prefixes)
        else:
            triples = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(triples, ox.QueryTriples)
            ox.serialize(triples, file, target, prefixes=prefixes)

    # -- writing --------------------------------------------------------------------------

    def generation(self) -> str:
        if self.directory is None:
            return str(self._writes)
        try:
            return (self.directory / GENERATION_FILE).read_text(encoding="ascii")
        except FileNotFoundError:
            return ""

    def _changing(self) -> None:
        """Start a new generation, before each write (a failed write may have changed it)."""
        self._writes += 1
        if self.directory is not None:
            (self.directory / GENERATION_FILE).write_text(uuid.uuid4().hex, encoding="ascii")

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Make ``graph`` hold exactly ``triples``, all or nothing.

        On disk, a graph of at least ``BULK_MIN_QUADS`` triples, new or old, is written by
        Oxigraph's bulk loader, made all or nothing by a journal (see ``bulk``): the quads
        are streamed, never held in memory, and neither version is. Smaller ones take one
        transaction.
        """
        self._changing()
        name = ox.NamedNode(str(graph))
        quads = _quads(name, triples)
        head = list(itertools.islice(quads, BULK_MIN_QUADS))
        try:
            if self.directory is not None and (
                len(head) == BULK_MIN_QUADS or self._holds_many(name)
            ):
                write_graph(self._store, self.directory, name, itertools.chain(head, quads))
            elif self._store.contains_named_graph(name):
                self._rewrite(name, itertools.chain(head, quads))
            else:
                self._store.extend(itertools.chain(head, quads))
        except OSError as err:
            raise StoreError(f"writing {graph} failed; the store is unchanged: {err}") from err

    def _holds_many(self, name: ox.NamedNode) -> bool:
        """Whether graph ``name`` holds ``BULK_MIN_QUADS`` quads or more."""
        held = self._store.quads_for_pattern(None, None, None, name)
        return sum(1 for _ in itertools.islice(held, BULK_MIN_QUADS)) == BULK_MIN_QUADS

    def _rewrite(self, name: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Turn an existing graph into ``quads`` with one update holding the difference."""
        new = set(quads)
        old = set(self._store.quads_for_pattern(None, None, None, name))
        removed, added = old - new, new - old
        if removed or added:
            self._store.update(_diff_update(name, removed, added))

    def update(self, sparql: str) -> None:
        if self.directory is not None and not self._write:
            raise StoreError(
                f"cannot update the store at {self.directory}: it was opened read-only"
            )
        self._changing()
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"invalid SPARQL update: {err}") from err
        except OSError as err:
            raise StoreError(f"the update failed; the store is unchanged: {err}") from err

    def drop_graph(self, graph: URIRef) -> None:
        self._changing()
        name = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)


def _prepared(sparql: str, bindings: Bindings | None) -> tuple[str, bool]:
    """The text of a query to run, and whether its default graph is the union of the named
    graphs."""
    # Bound values go into a VALUES block, as for a remote store: Oxigraph then starts from
    # them, where its own substitutions filter late (15 s instead of 70 ms for the
    # partnerships of a region at 1 M triples).
    text = bind_values(sparql, bindings) if bindings else sparql
    # The default graph is the union of the named graphs, unless the query names its own
    # dataset (FROM, FROM NAMED).
    return text, not has_dataset_clause(text)


def _quads(graph: ox.NamedNode, triples: Iterable[Triple]) -> Iterator[ox.Quad]:
    """``triples`` as quads of ``graph``."""
    convert = remembering_to_oxigraph()
    for triple in triples:
        subject, predicate, obj = convert(triple[0]), convert(triple[1]), convert(triple[2])
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise TypeError(f"not a valid triple: {triple!r}")
        yield ox.Quad(subject, predicate, obj, graph)


def exists(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph store."""
    return (path / "CURRENT").is_file()


def _diff_update(graph: ox.NamedNode, removed: set[ox.Quad], added: set[ox.Quad]) -> str:
    """One SPARQL update that turns the old graph into the new one.

    The terms are written by pyoxigraph's own N-Triples serialisation, which escapes them;
    no user text is pasted into the update.
    """

    def block(quads: set[ox.Quad]) -> str:
        return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)

    return (
        f"DELETE DATA {{ GRAPH {graph} {{\n{block(removed)}\n}} }} ;\n"
        f"INSERT DATA {{ GRAPH {graph} {{\n{block(added)}\n}} }}"
    )
