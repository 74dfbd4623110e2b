"""The SPARQL texts shipped with s3graph, read from ``s3graph/queries/``.

The named questions are ``queries/NAME.rq`` (``s3graph.catalogue`` reads their headers and
runs them); the queries s3graph runs for itself are ``queries/internal/NAME.rq``. A block of
SPARQL that several queries share is written once, in ``queries/include/NAME.rq``, and a query
takes it with a line ``#include NAME``, which is replaced by the block (indented as the line
is, between the lines ``# -- NAME`` and ``# -- end of NAME``) when the query is read: the text
s3graph runs, and shows, is the whole query. ``without_include`` takes such a block out again,
for a query asked without the value the block filters on.

>>> "region-pairs" in question_names()
True
>>> internal_query("labels").startswith("# title: Labels")
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_SUFFIX = ".rq"
_INCLUDE = re.compile(r"^([ \t]*)#include ([a-z][a-z-]*)[ \t]*$", re.MULTILINE)


@cache
def internal_query(name: str) -> str:
    """The text of one of s3graph's internal queries (``queries/internal/NAME.rq``)."""
    return _read("internal", name + _SUFFIX)


@cache
def question_names() -> tuple[str, ...]:
    """The names of the named questions (``queries/NAME.rq``), sorted."""
    return tuple(
        sorted(
            entry.name[: -len(_SUFFIX)]
            for entry in _folder().iterdir()
            if entry.name.endswith(_SUFFIX)
        )
    )


def question_text(name: str) -> str:
    """The text of the named question ``name``, one of ``question_names()``."""
    return _read(name + _SUFFIX)


def without_include(text: str, name: str) -> str:
    """``text`` without the blocks that its lines ``#include name`` put in.

    >>> without_include("{\\n  # -- as-of\\n  FILTER(?x)\\n  # -- end of as-of\\n}", "as-of")
    '{\\n}'
    """
    block = re.compile(
        rf"^[ \t]*# -- {re.escape(name)}\n.*?^[ \t]*# -- end of {re.escape(name)}\n",
        re.MULTILINE | re.DOTALL,
    )
    return block.sub("", text)


def _read(*path: str) -> str:
    """A query file with its ``#include`` lines replaced by the blocks they name."""
    text = _folder().joinpath(*path).read_text(encoding="utf-8")
    return _INCLUDE.sub(_included, text)


def _included(line: re.Match[str]) -> str:
    indent, name = line.groups()
    block = _folder().joinpath("include", name + _SUFFIX).read_text(encoding="utf-8")
    lines = [f"# -- {name}", *block.rstrip().splitlines(), f"# -- end of {name}"]
    return "\n".join(indent + text if text else text for text in lines)


def _folder() -> Traversable:
    return resources.files(__package__).joinpath("queries")
