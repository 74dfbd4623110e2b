"""Counts that describe what a store holds."""

from __future__ import annotations

from rdflib import Literal

from .queries import internal_query
from .results import Results
from .store import Store


def count_summary(store: Store) -> Results:
    """Regions, partnerships, memberships, organisations, named graphs and quads."""
    counts = store.select(internal_query("stats-counts"))
    order = ["regions", "partnerships", "memberships", "organisations"]
    by_name = {str(what): count for what, count in counts}
    rows = [(Literal(name), by_name.get(name, Literal(0))) for name in order]
    rows.append((Literal("named graphs"), Literal(len(store.named_graphs()))))
    rows.append((Literal("quads"), Literal(store.quad_count())))
    return Results(["what", "count"], rows)


def platform_summary(store: Store) -> Results:
    """Partnerships, memberships and member regions per thematic platform."""
    return store.select(internal_query("stats-platforms"))
