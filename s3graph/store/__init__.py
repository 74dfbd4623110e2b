"""Where the graph lives: ``open_store(location)`` gives one ``Store`` for any backend.

Locations: a directory path (embedded Oxigraph on disk, the default), ``memory`` (embedded,
in memory, for tests), or an ``http(s)://`` SPARQL endpoint.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .base import RdfFormat, Store, Triple
from .oxigraph import EmbeddedStore

__all__ = [
    "MEMORY",
    "RdfFormat",
    "Store",
    "Triple",
    "default_location",
    "open_store",
    "store_exists",
]

MEMORY = "memory"


def default_location() -> str:
    """``$S3GRAPH_STORE``, else a per-user data directory."""
    if env := os.environ.get("S3GRAPH_STORE"):
        return env
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return os.path.join(base, "s3graph", "store")


def open_store(location: str | None = None, *, write: bool = False, wait: float = 10.0) -> Store:
    """Open the store at ``location`` (default: ``default_location()``).

    Args:
        location: a directory, ``memory``, or an ``http(s)://`` endpoint.
        write: open for writing (takes the store's exclusive lock).
        wait: seconds to wait for another process to release the store.

    Raises:
        StoreBusyError: another process kept the store for longer than ``wait``.
        StoreError: the store cannot be opened.
    """
    location = location or default_location()
    if location == MEMORY:
        return EmbeddedStore(None)
    if location.startswith(("http://", "https://")):
        raise StoreError("remote SPARQL endpoints are not supported yet")
    return EmbeddedStore(Path(location), write=write, wait=wait)


def store_exists(location: str | None = None) -> bool:
    """Whether a store has been created at ``location``."""
    from .oxigraph import exists

    location = location or default_location()
    if location == MEMORY or location.startswith(("http://", "https://")):
        return True
    return exists(Path(location))
