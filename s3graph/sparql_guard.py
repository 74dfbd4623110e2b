"""Checks on SPARQL text a user supplies: read-only, and no calls to other servers.

By default a user's SPARQL must be a query (SELECT, ASK, CONSTRUCT, DESCRIBE) that calls no
other server. An update (INSERT, DELETE, DROP, ...) is accepted only where the caller allows
updates (``s3graph query --allow-update``); ``SERVICE`` (federated query) and ``LOAD`` (which
fetches a URL) only where the caller allows them (``--allow-service``).

The text is parsed by rdflib's SPARQL grammar, which reads ``\\uXXXX`` escapes first as the
standard says, so an escaped keyword is found like a plain one.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

from .errors import LimitExceededError, QueryError

MAX_QUERY_BYTES = 1 << 20
"""The largest SPARQL query s3graph reads, from a file or a request (a query, however long, is
far smaller)."""

if sys.platform == "win32":
    _NOT_WAITING = 0  # no named pipes among files
else:
    _NOT_WAITING = os.O_NONBLOCK
"""Opened so, a named pipe is found out, not waited on."""

_CALLS_OUT = {"ServiceGraphPattern": "SERVICE (federated query)", "Load": "LOAD (of a URL)"}


def read_sparql_file(path: Path) -> str:
    """The text of a user's SPARQL file: a regular file of at most ``MAX_QUERY_BYTES``.

    Raises:
        QueryError: the file is not a regular file (a device, a pipe) or not UTF-8 text.
        LimitExceededError: the file is larger than ``MAX_QUERY_BYTES``.
        OSError: the file cannot be read.
    """
    with open(os.open(path, os.O_RDONLY | _NOT_WAITING), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise QueryError(f"{path} is not a regular file; give a .rq file of SPARQL")
        data = file.read(MAX_QUERY_BYTES + 1)
    if len(data) > MAX_QUERY_BYTES:
        raise LimitExceededError(
            f"{path} is larger than {MAX_QUERY_BYTES // 2**20} MB, which no SPARQL query "
            "needs; is it the right file?"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise QueryError(
            f"{path}:{line}: not UTF-8 (byte {err.start}); save the file as UTF-8"
        ) from None


def check_user_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse anything but a read-only query, and SERVICE unless ``allow_service``.

    Raises:
        QueryError: the text is not a SPARQL query (an update, say) or it calls SERVICE.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as err:
        if is_update(text):
            raise QueryError(
                "updates are not allowed here; s3graph queries are read-only "
                "(pass --allow-update to change the store on purpose)"
            ) from err
        raise QueryError(_syntax_message(err)) from err
    _check_calls(tree, allow_service)


def check_user_update(text: str, *, allow_service: bool = False) -> None:
    """Check a SPARQL update; refuse SERVICE and LOAD unless ``allow_service``.

    Raises:
        QueryError: the text is not a SPARQL update, or it calls another server.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except ParseException as err:
        raise QueryError(_syntax_message(err)) from err
    if "request" not in tree:
        raise QueryError("there is no SPARQL update operation in the text")
    _check_calls(tree, allow_service)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (rather than a query or not SPARQL at all)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except ParseException:
        return False
    return "request" in tree


def _check_calls(tree: Any, allow_service: bool) -> None:
    if allow_service:
        return
    for name, what in _CALLS_OUT.items():
        if _mentions(tree, name):
            raise QueryError(f"{what} is not allowed; pass --allow-service to permit it")


def _syntax_message(err: Any) -> str:
    return f"invalid SPARQL at line {err.lineno}, column {err.col}: {err.msg}"


def _mentions(node: Any, name: str) -> bool:
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_mentions(value, name) for value in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_mentions(item, name) for item in node)
    return False
