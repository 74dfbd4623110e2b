"""The bundled graph: building a store from the ontology and the bundled data, and opening a
store that is built on first use.

A build writes each bundled file into its own named graph and the ontology graph last, so a
store that holds the ontology graph is a finished build.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from functools import cache
from importlib.resources import as_file

from .choices import DEFAULT_WAIT
from .loading import LoadReport, load_csv, load_rdf
from .namespaces import graph_iri
from .resources import BUNDLED_FILES, ONTOLOGY_GRAPH_SLUG
from .store import (
    DEFAULT_TIMEOUT,
    RdfFormat,
    Store,
    StoreKind,
    StoreLocation,
    open_store,
    parse_location,
    store_exists,
)
from .validation import ontology

ONTOLOGY_GRAPH = graph_iri(ONTOLOGY_GRAPH_SLUG)


def build_store(store: Store, *, progress: Callable[[str], None] | None = None) -> list[LoadReport]:
    """Load every bundled data file and the ontology into ``store``, each in its graph.

    The ontology graph is written last, so its presence marks a finished build.
    """
    reports = []
    for bundled in BUNDLED_FILES:
        if progress:
            progress(bundled.name)
        with as_file(bundled.resource) as path:
            if bundled.kind is None:
                load_rdf(store, path, graph_iri(bundled.graph_slug))
            else:
                report = load_csv(store, path, kind=bundled.kind, graph=bundled.graph_slug)
                reports.append(report)
    store.replace_graph(ONTOLOGY_GRAPH, ontology())
    return reports


def is_built(store: Store) -> bool:
    """Whether a build of ``store`` has finished."""
    return ONTOLOGY_GRAPH in store.named_graphs()


def open_built_store(
    location: str | os.PathLike[str] | StoreLocation | None = None,
    *,
    write: bool = False,
    wait: float = DEFAULT_WAIT,
    timeout: float = DEFAULT_TIMEOUT,
    on_build: Callable[[str], None] | None = None,
) -> Store:
    """Open a store, building it from the bundled data first if it is new.

    A built store is opened once. A new one is opened for writing and built, then (unless
    ``write``) opened again for reading. A store in memory is new every time: the first is
    built, and the next ones are filled with a copy of that build (about 0.1 s, where the
    first build takes about 2 s, most of it the SHACL check of each file).

    Args:
        location: as for ``open_store``.
        write: open it for writing (with the exclusive lock), not for reading.
        wait: seconds to wait for another process to release the store.
        timeout: seconds to wait for a SPARQL server to answer.
        on_build: called with the location when the build of a store that is not in memory
            starts (for a progress message).
    """
    where = parse_location(location)
    if where.kind is StoreKind.MEMORY:
        store = open_store(where)
        store.update(_bundled_insert())
        return store
    if not write and store_exists(where):
        store = open_store(where, wait=wait, timeout=timeout)
        if is_built(store):
            return store
        store.close()
    store = open_store(where, write=True, wait=wait, timeout=timeout)
    try:
        if not is_built(store):
            if on_build:
                on_build(store.location)
            build_store(store)
    except BaseException:
        store.close()
        raise
    if write:
        return store
    store.close()
    return open_store(where, wait=wait, timeout=timeout)


@cache
def _bundled_insert() -> str:
    """A build in memory, made once a process, as one SPARQL ``INSERT DATA``.

    Its triples are N-Triples written by Oxigraph, every term escaped, from the bundled
    files: no text of a user's. A copy keeps the load times of this build.
    """
    with open_store("memory") as store:
        build_store(store)
        blocks = []
        for graph in store.named_graphs():
            triples = io.BytesIO()
            store.export(triples, RdfFormat.NTRIPLES, graph=str(graph))
            blocks.append(f"GRAPH <{graph}> {{\n{triples.getvalue().decode()}}}\n")
    return "INSERT DATA {\n" + "".join(blocks) + "}"
