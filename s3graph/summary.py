"""Counts that describe what a store holds."""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Node

from .results import Results
from .sparql import internal_query
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


def coverage_summary(store: Store) -> Results:
    """How well each partnership is documented: members found against the size reported.

    One row per partnership: ``partnership``, ``name``, ``platform``, ``region_members`` and
    ``organisation_members`` (distinct members in any role), ``leads`` (NUTS codes and
    organisation ids of its leads and co-leads, sorted, space-separated), ``reported_size``
    (free text from the sources) and ``member_list`` (``complete``, ``partial`` or ``unknown``).
    """
    answer = store.select(internal_query("coverage"))
    leads = answer.variables.index("leads")
    rows = [(*row[:leads], _sorted_words(row[leads]), *row[leads + 1 :]) for row in answer.rows]
    return Results(answer.variables, rows)


def _sorted_words(term: Node | None) -> Literal:
    return Literal(" ".join(sorted(str(term).split())) if term is not None else "")
