"""The SPARQL texts shipped with s3graph, read from ``s3graph/queries/``.

The named questions are ``queries/NAME.rq`` (``s3graph.catalogue`` reads their headers and
runs them); the queries s3graph runs for itself are ``queries/internal/NAME.rq``.

>>> "region-pairs" in question_names()
True
>>> internal_query("labels").startswith("# title: Labels")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_SUFFIX = ".rq"


@cache
def internal_query(name: str) -> str:
    """The text of one of s3graph's internal queries (``queries/internal/NAME.rq``)."""
    return _folder().joinpath("internal", name + _SUFFIX).read_text(encoding="utf-8")


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
    return _folder().joinpath(name + _SUFFIX).read_text(encoding="utf-8")


def _folder() -> Traversable:
    return resources.files(__package__).joinpath("queries")
