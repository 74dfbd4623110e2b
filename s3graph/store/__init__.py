"""Where the graph lives: ``open_store(location)`` gives one ``Store`` for any backend.

Locations (read by ``location.parse_location``): a directory path (embedded Oxigraph on disk,
the default), ``memory`` (embedded, in memory, for tests), or an ``http(s)://`` SPARQL
endpoint. Opening a store that is built from the bundled data when it is new is
``s3graph.build.open_built_store``, above this package, since building needs the loader.
"""

from __future__ import annotations

import os

from ..choices import DEFAULT_WAIT
from .base import RdfFormat, Store, Triple
from .location import (
    MEMORY,
    StoreKind,
    StoreLocation,
    default_location,
    parse_location,
)
from .oxigraph import EmbeddedStore, exists
from .remote import DEFAULT_TIMEOUT, RemoteStore

__all__ = [
    "DEFAULT_TIMEOUT",
    "MEMORY",
    "RdfFormat",
    "Store",
    "StoreKind",
    "StoreLocation",
    "Triple",
    "default_location",
    "open_store",
    "parse_location",
    "store_exists",
]


def open_store(
    location: str | os.PathLike[str] | StoreLocation | None = None,
    *,
    write: bool = False,
    wait: float = DEFAULT_WAIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> Store:
    """Open the store at ``location`` (default: ``default_location()``).

    Args:
        location: a directory, ``memory``, or an ``http(s)://`` SPARQL server (see
            ``s3graph.store.remote`` for its endpoints and credentials).
        write: open for writing (takes the store's exclusive lock).
        wait: seconds to wait for another process to release the store.
        timeout: seconds one query (or one exchange with a SPARQL server) may take.

    Raises:
        StoreBusyError: another process kept the store for longer than ``wait``.
        StoreError: the location is malformed, or the store cannot be opened.
    """
    where = parse_location(location)
    if where.kind is StoreKind.MEMORY:
        return EmbeddedStore(None)
    if where.kind is StoreKind.SERVER:
        return RemoteStore(where.text, write=write, timeout=timeout)
    return EmbeddedStore(where.directory, write=write, wait=wait, timeout=timeout)


def store_exists(location: str | os.PathLike[str] | StoreLocation | None = None) -> bool:
    """Whether a store has been created at ``location`` (a server is taken to have one)."""
    where = parse_location(location)
    return where.kind is not StoreKind.DIRECTORY or exists(where.directory)
