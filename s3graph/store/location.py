"""Where a store is: the one reader of what ``--store`` and ``S3GRAPH_STORE`` hold.

A location is ``memory`` (an embedded store in memory), an ``http://`` or ``https://`` URL (a
SPARQL server; the scheme in any case), or else a store directory. Text that looks like a URL
but is not a well-formed http(s) one (``ftp://...``, ``http//...``, ``https:/...``,
``http://[::1``) is an error, never taken for a directory: a load would otherwise "succeed"
into a new local store while the server got nothing.
"""

from __future__ import annotations

import enum
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

MEMORY = "memory"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+)://")  # two letters or more: C:// is a drive
_HTTP_WITHOUT_SLASHES = re.compile(r"(https?)(:/?(?!/)|//)", re.IGNORECASE)


class StoreKind(enum.Enum):
    """The kinds of store s3graph opens."""

    MEMORY = "memory"
    DIRECTORY = "directory"
    SERVER = "server"


@dataclass(frozen=True)
class StoreLocation:
    """A store's kind and where it is (a server's URL with its scheme in lower case)."""

    kind: StoreKind
    text: str

    @property
    def directory(self) -> Path:
        """The store directory of a ``DIRECTORY`` location."""
        if self.kind is not StoreKind.DIRECTORY:
            raise ValueError(f"{self.text} is not a store directory")
        return Path(self.text)

    def __str__(self) -> str:
        return self.text


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


def parse_location(location: str | os.PathLike[str] | StoreLocation | None) -> StoreLocation:
    """What ``location`` names; ``None`` is ``default_location()``.

    >>> parse_location("HTTP://127.0.0.1:7878")
    StoreLocation(kind=<StoreKind.SERVER: 'server'>, text='http://127.0.0.1:7878')
    >>> parse_location("memory").kind, parse_location("stores/s3").kind
    (<StoreKind.MEMORY: 'memory'>, <StoreKind.DIRECTORY: 'directory'>)

    Raises:
        StoreError: it looks like a URL but is not a well-formed http(s) one.
    """
    if isinstance(location, StoreLocation):
        return location
    text = default_location() if location is None else os.fspath(location)
    if text == MEMORY:
        return StoreLocation(StoreKind.MEMORY, text)
    if scheme := _SCHEME.match(text):
        return _server(text, scheme.group(1))
    if http := _HTTP_WITHOUT_SLASHES.match(text):
        meant = f"{http.group(1).lower()}://{text[http.end() :]}"
        raise StoreError(
            f"{text!r} is not a store location: a URL needs '://'; did you mean {meant!r}?"
        )
    return StoreLocation(StoreKind.DIRECTORY, text)


def _server(text: str, scheme: str) -> StoreLocation:
    if scheme.lower() not in ("http", "https"):
        raise StoreError(
            f"{text!r} is not a store location: s3graph reaches SPARQL servers by http:// or "
            "https:// only, and a store on this machine is given by its directory"
        )
    url = scheme.lower() + text[len(scheme) :]
    try:
        parts = urllib.parse.urlsplit(url)
        host, _ = parts.hostname, parts.port  # each raises ValueError if malformed
    except ValueError as err:
        raise StoreError(f"{text!r} is not a store location: not a valid URL ({err})") from err
    if not host:
        raise StoreError(f"{text!r} is not a store location: the URL names no server")
    return StoreLocation(StoreKind.SERVER, url)
