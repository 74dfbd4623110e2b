"""Counts that describe what a store holds."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rdflib import Literal
from rdflib.namespace import XSD
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
    (free text from the sources), ``reported_regions`` (the number of regions the sources
    report, where they give one), ``region_ratio`` (``region_members`` over
    ``reported_regions``, to two decimals, halves rounded up; above 1 where the graph
    documents more regions than a source counted) and ``member_list`` (``complete``,
    ``partial`` or ``unknown``).
    """
    answer = store.select(internal_query("coverage"))
    names = answer.variables
    leads, members = names.index("leads"), names.index("region_members")
    reported = names.index("reported_regions")
    rows = [
        (
            *row[:leads],
            _sorted_words(row[leads]),
            *row[leads + 1 : reported + 1],
            _ratio(row[members], row[reported]),
            *row[reported + 1 :],
        )
        for row in answer.rows
    ]
    return Results([*names[: reported + 1], "region_ratio", *names[reported + 1 :]], rows)


def _ratio(found: Node | None, reported: Node | None) -> Literal | None:
    """``found`` over ``reported`` to two decimals, or None where there is no reported count."""
    if not isinstance(found, Literal) or not isinstance(reported, Literal):
        return None
    total = int(reported.toPython())
    if total == 0:
        return None
    ratio = (Decimal(int(found.toPython())) / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Literal(str(ratio), datatype=XSD.decimal)


def _sorted_words(term: Node | None) -> Literal:
    return Literal(" ".join(sorted(str(term).split())) if term is not None else "")
