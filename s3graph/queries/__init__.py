"""SPARQL texts shipped with s3graph: the named questions (``*.rq``) and internal ones."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def internal_query(name: str) -> str:
    """The text of one of s3graph's internal queries (``queries/internal/NAME.rq``)."""
    path = resources.files(__package__).joinpath("internal", f"{name}.rq")
    return path.read_text(encoding="utf-8")
