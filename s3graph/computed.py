"""The named questions answered in Python rather than SPARQL, registered in ``COMPUTED``.

Each has a header file in ``s3graph/queries/`` like every named question (title, parameters,
example), without SPARQL; ``s3graph.catalogue`` runs the function registered under its name,
with the question's parameters as keyword arguments: names as typed, numbers as ``int``.

>>> import s3graph
>>> store = s3graph.open_built_store("memory")
>>> region_pairs(store, top=1).variables
['code_1', 'region_1', 'code_2', 'region_2', 'shared', 'partnerships']
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Literal

from .asof import UNDATED_COLUMN, AsOf
from .choices import DEFAULT_TOP_PAIRS as DEFAULT_TOP_PAIRS
from .comembership import member_region_pairs, member_regions
from .resolve import member_filter
from .results import Results
from .store import Store

Computed = Callable[..., Results]
"""A question's function: the store, then the question's parameters by name."""


def region_pairs(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    top: int | None = DEFAULT_TOP_PAIRS,
    as_of: AsOf | str | None = None,
) -> Results:
    """Pairs of regions ranked by how many partnerships they share, and which.

    The member regions and their partnerships are fetched in one query and the pairs counted
    with sparse matrix algebra (``s3graph.comembership``), never with a SPARQL self-join.

    Args:
        store: the store to ask.
        platform: count only partnerships of this platform (slug or name).
        area: count only partnerships of this thematic area (slug or name).
        country: count only member regions in this country (NUTS code or name).
        top: how many pairs to return; ``None`` for all.
        as_of: count only the memberships active on this date (``s3graph.asof``); column
            ``undated`` then says how many of the shared partnerships count a membership of
            either region that has no dates.

    Raises:
        UnknownNameError: an unknown platform, area or country (with candidates).
        QueryError: ``as_of`` is not a date.
    """
    date = AsOf.parse(as_of) if as_of is not None else None
    chosen = member_filter(store, platform=platform, area=area, country=country)
    regions = member_regions(
        store,
        platform=chosen.platform,
        area=chosen.area,
        country=chosen.country_code,
        as_of=date,
    )
    by_code = {region.code: region for region in regions}
    variables = ["code_1", "region_1", "code_2", "region_2", "shared", "partnerships"]
    rows = []
    for pair in member_region_pairs(regions, top=top):
        first, second = by_code[pair.first], by_code[pair.second]
        shared = first.partnerships & second.partnerships
        values: tuple[str | int, ...] = (
            first.code,
            first.name,
            second.code,
            second.name,
            pair.shared,
            " ".join(sorted(shared)),
        )
        if date is not None:
            values += (len(shared & (first.undated | second.undated)),)
        rows.append(tuple(Literal(value) for value in values))
    return Results(variables + ([UNDATED_COLUMN] if date is not None else []), rows)


COMPUTED: dict[str, Computed] = {"region-pairs": region_pairs}
"""The questions answered in Python, by name (the name of their header file)."""
