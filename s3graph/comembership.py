"""Membership edges fetched once, and region pairs counted with sparse matrix algebra.

Pair counting is never a SPARQL self-join over memberships (DESIGN §2): the edges come out
of the store in one query and the co-membership counts are ``B @ B.T`` for the sparse
region-by-partnership incidence matrix ``B``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .queries import internal_query
from .results import to_python
from .store import Store


@dataclass(frozen=True)
class MembershipEdge:
    """One membership: who takes part in which partnership, in which role."""

    partnership: str
    member: str
    member_is_region: bool
    role: str
    platform: str
    area: str
    country: str


@dataclass(frozen=True)
class RegionPair:
    """Two regions and the partnerships they share."""

    first: str
    second: str
    shared: int


def membership_edges(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> list[MembershipEdge]:
    """Every membership in the store, optionally filtered.

    Args:
        store: the store to read.
        platform: keep partnerships of this platform slug (``energy``...).
        area: keep partnerships of this thematic area slug (``cci``).
        country: keep members in this country (NUTS country code, ``ES``).
    """
    rows = store.select(internal_query("membership-edges"))
    edges = [
        MembershipEdge(
            partnership=str(partnership),
            member=str(member),
            member_is_region=to_python(region) is True,
            role=str(role),
            platform=str(platform_slug),
            area=str(area or ""),
            country=str(member_country or ""),
        )
        for partnership, member, region, role, platform_slug, area, member_country in rows
    ]
    return [
        edge
        for edge in edges
        if (not platform or edge.platform == platform)
        and (not area or edge.area == area)
        and (not country or edge.country == country.upper())
    ]


def region_pairs(edges: Iterable[MembershipEdge], *, top: int | None = None) -> list[RegionPair]:
    """Pairs of regions ranked by how many partnerships they share.

    >>> edges = [MembershipEdge(p, r, True, "member", "energy", "", r[:2])
    ...          for p, r in [("a", "ES24"), ("a", "FRK"), ("b", "ES24"), ("b", "FRK")]]
    >>> region_pairs(edges)
    [RegionPair(first='ES24', second='FRK', shared=2)]
    """
    import numpy as np
    from scipy import sparse

    memberships = {(edge.member, edge.partnership) for edge in edges if edge.member_is_region}
    if not memberships:
        return []
    regions = sorted({region for region, _ in memberships})
    partnerships = sorted({partnership for _, partnership in memberships})
    row = {region: i for i, region in enumerate(regions)}
    column = {partnership: j for j, partnership in enumerate(partnerships)}
    pairs = list(memberships)
    incidence = sparse.csr_matrix(
        (
            np.ones(len(pairs), dtype=np.int32),
            ([row[r] for r, _ in pairs], [column[p] for _, p in pairs]),
        ),
        shape=(len(regions), len(partnerships)),
    )
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    order = np.lexsort((shared.col, shared.row, -shared.data))
    if top is not None:
        order = order[:top]
    return [
        RegionPair(regions[shared.row[i]], regions[shared.col[i]], int(shared.data[i]))
        for i in order
    ]
