"""The bundled graph: building a store from the ontology and the bundled data, and opening a
store that is built on first use.

A build writes each bundled file into its own named graph and the ontology graph last, so a
store that holds the ontology graph is a finished build.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources import as_file

from .choices import DEFAULT_WAIT
from .loading import LoadReport, load_csv, load_rdf
from .namespaces import graph_iri
from .resources import BUNDLED_FILES, ONTOLOGY_GRAPH_SLUG
from .store import (
    DEFAULT_TIMEOUT,
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
    ``write``) opened again for reading; a store in memory is new every time.

    Args:
        location: as for ``open_store``.
        write: open it for writing (with the exclusive lock), not for reading.
        wait: seconds to wait for another process to release the store.
        timeout: seconds to wait for a SPARQL server to answer.
        on_build: called with the location when the build of a store that is not in memory
            starts (for a progress message).
    """
    where = parse_location(location)
    in_memory = where.kind is StoreKind.MEMORY
    if not write and not in_memory and store_exists(where):
        store = open_store(where, wait=wait, timeout=timeout)
        if is_built(store):
            return store
        store.close()
    store = open_store(where, write=True, wait=wait, timeout=timeout)
    try:
        if not is_built(store):
            if on_build and not in_memory:
                on_build(store.location)
            build_store(store)
    except BaseException:
        store.close()
        raise
    if write or in_memory:
        return store
    store.close()
    return open_store(where, wait=wait, timeout=timeout)
