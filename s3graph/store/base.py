"""The one store interface every backend implements."""

from __future__ import annotations

import itertools
import math
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeVar, cast

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..choices import DEFAULT_MAX_RESULTS as DEFAULT_MAX_RESULTS
from ..choices import RdfFormat as RdfFormat
from ..errors import LimitExceededError, QueryError, StoreError, UnknownNameError
from ..output_file import open_output
from ..results import Results, TextRow

Triple = tuple[Node, Node, Node]
Bindings = Mapping[str, Node | tuple[Node, ...]]
"""Values bound to variables of a query: one term, or a tuple of terms for a variable that
takes each of them in turn (as a ``VALUES`` block of several rows would)."""
Answer = Results | bool | Graph
T = TypeVar("T")
_GRAPHS_SHOWN = 20


def checked_seconds(seconds: float, *, what: str, above_zero: bool = False) -> float:
    """``seconds``, if it is a finite number of seconds, 0 or more (more than 0 if
    ``above_zero``).

    Raises:
        ValueError: it is not; the message names ``what`` the seconds are for.
    """
    if not math.isfinite(seconds) or seconds < 0 or (above_zero and seconds == 0):
        least = "more than 0" if above_zero else "0 or more"
        raise ValueError(f"{what} must be a finite number of seconds, {least}, not {seconds!r}")
    return seconds


class Store(ABC):
    """A quad store holding one named graph per source.

    All data lives in named graphs; queries see their union as the default graph, unless a
    query names its own dataset (``FROM``, ``FROM NAMED``), as SPARQL defines it.
    Writes replace one whole named graph atomically: readers see the old graph or the new
    one, never a mix.
    """

    location: str
    directory: Path | None = None
    """The directory that holds the store's files, if it has one here."""
    max_results: int = DEFAULT_MAX_RESULTS
    """The most rows (or triples) one query may return; more is a ``LimitExceededError``."""
    _remembered: dict[Hashable, tuple[str, object]] | None = None
    """What ``remembered`` read, by key, with the generation it was read at."""

    @abstractmethod
    def query(self, sparql: str, bindings: Bindings | None = None) -> Answer:
        """Run a SPARQL query with variables bound to RDF terms (never pasted into text).

        Returns ``Results`` for SELECT, ``bool`` for ASK and an rdflib ``Graph`` for
        CONSTRUCT and DESCRIBE.
        """

    @abstractmethod
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Make ``graph`` hold exactly ``triples``, all or nothing."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction; check it first with ``sparql_guard``.

        Raises:
            StoreError: this backend takes no updates, or the store was opened read-only.
        """
        raise StoreError(f"the store at {self.location} does not take SPARQL updates")

    def generation(self) -> str | None:
        """A token that changes whenever the store is written to (``None``: not known).

        What was checked against the store at one generation still holds at the same one.
        """
        return None

    def remembered(self, key: Hashable, read: Callable[[], T]) -> T:
        """What ``read()`` gives, read once for each generation of the store (``generation``).

        For the facts about the whole store that every page of the explorer asks for again
        (the evidence of suggestions, the partnerships' coverage): while nothing writes to
        the store they stay as they were read, and a write starts a new generation, which
        reads them again. A store whose generation is not known reads them every time. The
        value is shared: whoever takes it must not change it.
        """
        generation = self.generation()
        if generation is None:
            return read()
        if self._remembered is None:
            self._remembered = {}
        found = self._remembered.get(key)
        if found is not None and found[0] == generation:
            return cast(T, found[1])
        value = read()
        self._remembered[key] = (generation, value)
        return value

    @abstractmethod
    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph (nothing happens if it does not exist)."""

    @abstractmethod
    def named_graphs(self) -> list[URIRef]:
        """The named graphs in the store, sorted."""

    @abstractmethod
    def quad_count(self) -> int:
        """How many quads the store holds."""

    def export(
        self,
        output: str | os.PathLike[str] | BinaryIO,
        fmt: RdfFormat,
        *,
        graph: str | None = None,
    ) -> None:
        """Write the whole store (or one named graph, given by its IRI) to a file or a stream.

        A file is written whole or not at all, and a special file (``/dev/stdout``, a named
        pipe) is written as such (see ``s3graph.output_file``).

        Raises:
            UnknownNameError: the store has no graph ``graph``.
            StoreError: ``output`` is inside the store's own directory.
            OutputError: the file cannot be written.
        """
        named = None if graph is None else self.named_graph(graph)
        if not isinstance(output, (str, os.PathLike)):
            self._write_rdf(output, fmt, named)
            return
        self.check_output_path(Path(output))
        with open_output(output) as file:
            self._write_rdf(file, fmt, named)

    @abstractmethod
    def _write_rdf(self, file: BinaryIO, fmt: RdfFormat, graph: URIRef | None) -> None:
        """Serialise the whole store (or one named graph) into ``file``."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (and its lock); closing twice does nothing."""

    def select(self, sparql: str, bindings: Bindings | None = None) -> Results:
        """Run a SELECT query."""
        answer = self.query(sparql, bindings)
        if not isinstance(answer, Results):
            raise QueryError("expected a SELECT query")
        return answer

    def select_texts(self, sparql: str, bindings: Bindings | None = None) -> list[TextRow]:
        """Run a SELECT query for its rows as text: each value as its IRI, its literal's
        lexical form or its blank node's id, ``None`` where unbound.

        For s3graph's own queries whose values are read as text: their rows are not made into
        rdflib terms, which at 1 M triples costs more than the query itself (a region view's
        23,000 rows of eleven). A backend that reads its answers as text says so by
        overriding this; here, the rows of ``select`` as text.
        """
        return [
            tuple(None if value is None else str(value) for value in row)
            for row in self.select(sparql, bindings)
        ]

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        answer = self.query(sparql, bindings)
        if not isinstance(answer, bool):
            raise QueryError("expected an ASK query")
        return answer

    def check_output_path(self, path: Path) -> None:
        """Refuse to write a file where it would destroy the store: in its own directory.

        Raises:
            StoreError: ``path`` is inside the store's directory.
        """
        if self.directory is not None and path.resolve().is_relative_to(self.directory.resolve()):
            raise StoreError(
                f"will not write {path}: it is inside the store directory {self.directory}, "
                "whose files it would destroy; write it somewhere else"
            )

    def named_graph(self, iri: str) -> URIRef:
        """The store's named graph with this IRI.

        Raises:
            UnknownNameError: the store has no such graph; the message names those it has.
        """
        graphs = self.named_graphs()
        if str(iri) in map(str, graphs):
            return URIRef(iri)
        shown = ", ".join(graphs[:_GRAPHS_SHOWN]) + (", ..." if graphs[_GRAPHS_SHOWN:] else "")
        raise UnknownNameError(
            f"the store at {self.location} has no graph {str(iri)!r}; "
            f"its graphs are {shown or 'none'}"
        )

    def collect(self, answer: Iterable[T]) -> list[T]:
        """The rows (or triples) of an answer, held in memory up to ``max_results``.

        Raises:
            LimitExceededError: the answer has more than ``max_results`` items.
        """
        items = list(itertools.islice(answer, self.max_results + 1))
        if len(items) > self.max_results:
            raise LimitExceededError(
                f"the query returned more than {self.max_results:,} results (the result "
                "limit); narrow it (filters, LIMIT) or raise the limit with --max-results"
            )
        return items

    def graph(self, graph: URIRef) -> Graph:
        """One named graph as an rdflib ``Graph``."""
        answer = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        assert isinstance(answer, Graph)
        return answer

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
