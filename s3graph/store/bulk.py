"""Large graph writes on disk, through Oxigraph's bulk loader, made all or nothing by a journal.

Oxigraph documents its bulk loader as not atomic: "If the operation fails in the middle, only
a part of the data may be written to the store" (``BulkLoader`` in its Rust API;
``Store.bulk_extend`` in pyoxigraph promises no transaction either, where ``extend``,
``load``, ``update`` and ``remove_graph`` do). It is also three times faster than a
transaction and holds no quads in memory. So a large write goes like this:

1. the graph's old version, if any, is copied to a file beside the store (N-Triples, written
   by Oxigraph);
2. a journal naming the graph is written, both files synced to disk;
3. the old graph is removed (in transactions of ``REMOVED_AT_ONCE`` quads, each flushed to
   disk) and the new quads are bulk-loaded;
4. the journal is removed, then the copy.

Whoever opens the store next and finds the journal (a write that was killed, or failed with
a full disk) removes what the graph holds and loads the copy back before anything else; a
write that fails with an error does so at once. Either way the graph ends as it was before,
or, once the journal is gone, holds all the new quads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

JOURNAL = "s3graph-write.json"
"""Present while a bulk write is under way: the graph it writes and whether it had a copy."""
PREVIOUS = "s3graph-previous-graph.nt"
"""The old version of the graph a bulk write replaces, until the write is complete."""
LEFTOVERS = "bulk-*.sst"
"""Files the bulk loader writes before RocksDB takes them in: what a killed write left."""
REMOVED_AT_ONCE = 100_000
"""The most quads one transaction removes: Oxigraph holds a transaction's changes in memory
(about 0.9 GB for 1,000,000 quads removed at once). Each part is flushed to disk before the
next: a removed quad leaves a tombstone in every index, which RocksDB otherwise keeps in
memory, under the bulk load that follows (a 1.6 M-quad reload peaked at 2.3 GB, its load at
1.3 GB); flushed, 1.6 M quads were also removed in 158 s instead of 273 s on a busy machine."""


def write_graph(
    store: ox.Store, directory: Path, graph: ox.NamedNode, quads: Iterable[ox.Quad]
) -> None:
    """Make ``graph`` hold exactly ``quads``, all or nothing, through the bulk loader.

    Raises:
        OSError: the write failed (a full disk); the graph is as it was.
        Any error ``quads`` raises; the graph is as it was.
    """
    previous = store.contains_named_graph(graph)
    if previous:
        _write_synced(directory / PREVIOUS, lambda file: _dump(store, graph, file))
    journal = json.dumps({"graph": graph.value, "previous": previous}).encode()
    try:
        _write_synced(directory / JOURNAL, lambda file: file.write(journal))
    except BaseException:
        (directory / PREVIOUS).unlink(missing_ok=True)
        raise
    try:
        if previous:
            _remove(store, graph)
        store.bulk_extend(quads)
        store.flush()
    except BaseException:
        recover(store, directory)
        raise
    _finish(directory)


def pending(directory: Path) -> bool:
    """Whether a bulk write of the store in ``directory`` did not finish."""
    return (directory / JOURNAL).is_file()


def recover(store: ox.Store, directory: Path) -> None:
    """Put back the graph of a bulk write that did not finish (nothing if none is pending).

    Done again from the start if it is itself interrupted: the journal stays until the end.
    """
    for leftover in directory.glob(LEFTOVERS):
        leftover.unlink(missing_ok=True)
    if not pending(directory):
        return
    journal = json.loads((directory / JOURNAL).read_text(encoding="utf-8"))
    graph = ox.NamedNode(journal["graph"])
    _remove(store, graph)
    if journal["previous"]:
        store.bulk_load(path=directory / PREVIOUS, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    store.flush()
    _finish(directory)


def _remove(store: ox.Store, graph: ox.NamedNode) -> None:
    """Remove ``graph`` a part at a time, each flushed to disk (the journal makes the whole
    all or nothing)."""
    part = (
        f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ "
        f"{{ SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} LIMIT {REMOVED_AT_ONCE} }} }}"
    )
    while next(store.quads_for_pattern(None, None, None, graph), None) is not None:
        store.update(part)
        store.flush()
    store.remove_graph(graph)


def _dump(store: ox.Store, graph: ox.NamedNode, file: BinaryIO) -> None:
    store.dump(file, ox.RdfFormat.N_TRIPLES, from_graph=graph)


def _write_synced(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file whole under a temporary name, sync it, and rename it into place."""
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def _finish(directory: Path) -> None:
    """End a write: the journal goes first, so that the copy is never missing while needed."""
    (directory / JOURNAL).unlink(missing_ok=True)
    _sync_directory(directory)
    (directory / PREVIOUS).unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Make the creation, renaming or removal of files in ``directory`` durable (POSIX)."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
