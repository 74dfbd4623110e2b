"""Where the graph lives: ``open_store(location)`` gives one ``Store`` for any backend.

Locations: a directory path (embedded Oxigraph on disk, the default), ``memory`` (embedded,
in memory, for tests), or an ``http(s)://`` SPARQL endpoint.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import RdfFormat, Store, Triple
from .oxigraph import EmbeddedStore
from .remote import DEFAULT_TIMEOUT, RemoteStore

__all__ = [
    "DEFAULT_TIMEOUT",
    "MEMORY",
    "RdfFormat",
    "Store",
    "Triple",
    "default_location",
    "is_remote",
    "open_store",
    "store_exists",
]

MEMORY = "memory"


def default_location() -> str:
    """``$S3GRAPH_STORE``, else ``store`` in s3graph's folder for per-user data.

    That folder follows each system's convention (platformdirs): on Linux
    ``$XDG_DATA_HOME/s3graph``, by default ``~/.local/share/s3graph``; on macOS
    ``~/Library/Application Support/s3graph``; on Windows ``%LOCALAPPDATA%\\s3graph``.
    """
    if env := os.environ.get("S3GRAPH_STORE"):
        return env
    from platformdirs import user_data_path

    return str(user_data_path("s3graph", appauthor=False) / "store")


def open_store(
    location: str | None = None,
    *,
    write: bool = False,
    wait: float = 10.0,
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
        StoreError: the store cannot be opened.
    """
    location = location or default_location()
    if location == MEMORY:
        return EmbeddedStore(None)
    if is_remote(location):
        return RemoteStore(location, write=write, timeout=timeout)
    return EmbeddedStore(Path(location), write=write, wait=wait, timeout=timeout)


def is_remote(location: str) -> bool:
    """Whether ``location`` is a SPARQL server's URL."""
    return location.startswith(("http://", "https://"))


def store_exists(location: str | None = None) -> bool:
    """Whether a store has been created at ``location`` (a server is taken to have one)."""
    from .oxigraph import exists

    location = location or default_location()
    if location == MEMORY or is_remote(location):
        return True
    return exists(Path(location))
