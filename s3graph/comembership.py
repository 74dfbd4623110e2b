"""Membership edges fetched once; region and partnership pairs counted with sparse algebra.

Pair counting is never a SPARQL self-join over memberships (DESIGN §2): the edges come out
of the store in one query and the co-membership counts are ``B @ B.T`` for the sparse
region-by-partnership incidence matrix ``B`` (``B.T @ B`` counts the regions two
partnerships share). Counting region pairs alone needs less than every edge: the member
regions with their partnerships (``member_regions``), one row a region.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from .asof import AS_OF_PARAM, AsOf, as_of_query
from .namespaces import region_iri, theme_iri
from .resolve import region_names
from .sparql import internal_query
from .store import Store


@dataclass(frozen=True)
class MembershipEdge:
    """One membership: who takes part in which partnership, in which role, when, by which
    sources."""

    partnership: str
    member: str
    member_is_region: bool
    role: str
    platform: str
    area: str
    country: str
    since: str = ""
    """The year it began, if known."""
    until: str = ""
    """The year it ended, if known."""
    sources: tuple[str, ...] = ()
    undated: bool = False
    """Counted as of a date without dates of its own (``s3graph.asof``)."""


@dataclass(frozen=True)
class MemberRegion:
    """A region that is a direct member of partnerships."""

    code: str
    name: str
    partnerships: frozenset[str]
    undated: frozenset[str] = frozenset()
    """The partnerships it is counted in as of a date with no dated membership."""


@dataclass(frozen=True)
class RegionPair:
    """Two regions and the partnerships they share."""

    first: str
    second: str
    shared: int


@dataclass(frozen=True)
class PartnershipPair:
    """Two partnerships and the member regions they share."""

    first: str
    second: str
    shared: int


def membership_edges(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    regions_only: bool = False,
    as_of: AsOf | None = None,
) -> list[MembershipEdge]:
    """Every membership in the store, by partnership, member and role, optionally filtered.

    Args:
        store: the store to read.
        platform: keep partnerships of this platform slug (``energy``...).
        area: keep partnerships of this thematic area slug (``cci``).
        country: keep members in this country (NUTS country code, ``ES``).
        regions_only: keep the memberships of regions (read from the store alone: a third
            of the memberships at 1 M triples).
        as_of: keep the memberships active on this date; those counted without dates of
            their own are ``undated``.
    """
    query = as_of_query(
        internal_query("region-membership-edges" if regions_only else "membership-edges"),
        dated=as_of is not None,
    )
    bindings = {AS_OF_PARAM: Literal(as_of.text)} if as_of else {}
    # each membership (its sources left out, as the arguments of its MembershipEdge) with
    # the sources found for it; the rows are read as text, not as rdflib terms
    sources: dict[tuple[str, str, bool, str, str, str, str, str, str, bool], list[str]] = {}
    for row in store.select_texts(query, bindings):
        partnership, member, region, role, platform_slug, area_slug, member_country = (
            value or "" for value in row[:7]
        )
        since, until, source, undated = (value or "" for value in row[7:])
        if (
            (platform and platform_slug != platform)
            or (area and area_slug != area)
            or (country and member_country != country.upper())
        ):
            continue
        membership = (
            partnership,
            member,
            region == "true",
            role,
            platform_slug,
            area_slug,
            member_country,
            since,
            until,
            undated == "yes",
        )
        listed = sources.setdefault(membership, [])
        if source:
            listed.append(source)
    # The store joins by hash, in no fixed order: sorted, the edges come in the same order
    # from every run.
    return sorted(
        (
            MembershipEdge(*membership[:9], sources=tuple(sorted(found)), undated=membership[9])
            for membership, found in sources.items()
        ),
        key=lambda edge: (edge.partnership, edge.member, edge.role),
    )


def member_regions(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    as_of: AsOf | None = None,
) -> list[MemberRegion]:
    """The regions that are direct members of partnerships, with the ids of those partnerships.

    The regions of the region edges of ``membership_edges``, with the same filters, from a
    query grouped by region (``queries/internal/member-regions.rq``); as of a date, from
    those edges themselves.

    Args:
        store: the store to read.
        platform: keep partnerships of this platform slug (``energy``...).
        area: keep partnerships of this thematic area slug (``cci``).
        country: keep regions in this country (NUTS country code, ``ES``).
        as_of: keep the memberships active on this date (``membership_edges``).
    """
    if as_of is not None:
        edges = membership_edges(
            store, platform=platform, area=area, country=country, regions_only=True, as_of=as_of
        )
        return _member_regions(edges, region_names(store))
    bindings: dict[str, Node] = {}
    if platform:
        bindings["platform"] = theme_iri(platform)
    if area:
        bindings["area"] = theme_iri(area)
    if country:
        bindings["country"] = region_iri(country.upper())
    return [
        MemberRegion(str(code), str(name), frozenset(str(ids).split()))
        for code, name, ids in store.select(internal_query("member-regions"), bindings)
    ]


def every_member_region(store: Store) -> tuple[MemberRegion, ...]:
    """``member_regions(store)``, unfiltered, read once for each generation of the store
    (``Store.remembered``): the explorer's pages each ask for them."""
    return store.remembered("comembership.member-regions", lambda: tuple(member_regions(store)))


def partnership_names(store: Store) -> dict[str, tuple[str, str]]:
    """Every partnership's name and its platform's name, by id, read once for each
    generation of the store (``Store.remembered``): suggestions and the explorer's pages
    name partnerships with them."""

    def read() -> dict[str, tuple[str, str]]:
        rows = store.select(internal_query("view-partnerships")).dicts()
        return {str(row["id"]): (str(row["label"]), str(row["platformLabel"])) for row in rows}

    return store.remembered("comembership.partnership-names", read)


def _member_regions(edges: Iterable[MembershipEdge], names: dict[str, str]) -> list[MemberRegion]:
    """The member regions of ``edges``: a region's part in a partnership is undated when
    none of its memberships counted there has dates."""
    partnerships: dict[str, set[str]] = defaultdict(set)
    dated: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.member_is_region:
            partnerships[edge.member].add(edge.partnership)
            if not edge.undated:
                dated[edge.member].add(edge.partnership)
    return [
        MemberRegion(code, names.get(code, code), frozenset(ids), frozenset(ids - dated[code]))
        for code, ids in sorted(partnerships.items())
    ]


def member_region_pairs(
    regions: Iterable[MemberRegion], *, top: int | None = None
) -> list[RegionPair]:
    """Pairs of member regions ranked by how many partnerships they share.

    The same pairs as ``region_pairs`` of the membership edges these regions come from.

    >>> regions = [MemberRegion("ES24", "Aragón", frozenset("ab")),
    ...            MemberRegion("FRK", "Auvergne-Rhône-Alpes", frozenset("abc"))]
    >>> member_region_pairs(regions)
    [RegionPair(first='ES24', second='FRK', shared=2)]
    """
    memberships = {
        (region.code, partnership) for region in regions for partnership in region.partnerships
    }
    return [RegionPair(*pair) for pair in _shared_counts(memberships, top)]


def region_pairs(edges: Iterable[MembershipEdge], *, top: int | None = None) -> list[RegionPair]:
    """Pairs of regions ranked by how many partnerships they share.

    >>> edges = [MembershipEdge(p, r, True, "member", "energy", "", r[:2])
    ...          for p, r in [("a", "ES24"), ("a", "FRK"), ("b", "ES24"), ("b", "FRK")]]
    >>> region_pairs(edges)
    [RegionPair(first='ES24', second='FRK', shared=2)]
    """
    memberships = {(edge.member, edge.partnership) for edge in edges if edge.member_is_region}
    return [RegionPair(*pair) for pair in _shared_counts(memberships, top)]


def partnership_pairs(
    edges: Iterable[MembershipEdge], *, top: int | None = None
) -> list[PartnershipPair]:
    """Pairs of partnerships ranked by how many member regions they share.

    >>> edges = [MembershipEdge(p, r, True, "member", "energy", "", r[:2])
    ...          for p, r in [("a", "ES24"), ("b", "ES24"), ("b", "FRK"), ("c", "FRK")]]
    >>> partnership_pairs(edges)
    [PartnershipPair(first='a', second='b', shared=1), PartnershipPair(first='b', second='c', shared=1)]
    """  # noqa: E501
    memberships = {(edge.partnership, edge.member) for edge in edges if edge.member_is_region}
    return [PartnershipPair(*pair) for pair in _shared_counts(memberships, top)]


def shared_matrix(
    incidences: set[tuple[str, str]], *, weight: Callable[[str], float] | None = None
) -> tuple[Any, Any]:
    """The sorted keys of ``(key, thing)`` pairs, and how many things each two keys share.

    The counts are ``B @ B.T`` (a sparse CSR matrix, keys in both directions, the diagonal
    counting each key's own things) for the sparse key-by-thing incidence matrix ``B``. With
    ``weight``, a shared thing counts ``weight(thing)`` rather than 1: ``B @ W @ B.T``.

    >>> keys, shared = shared_matrix({("a", "x"), ("b", "x"), ("b", "y")}, weight=len)
    >>> keys.tolist(), shared.toarray().tolist()
    (['a', 'b'], [[1.0, 1.0], [1.0, 2.0]])
    """
    keys, things, incidence = incidence_matrix(incidences)
    if weight is None:
        return keys, (incidence @ incidence.T).tocsr()
    return keys, (weighted(incidence, things, weight) @ incidence.T).tocsr()


def incidence_matrix(incidences: set[tuple[str, str]]) -> tuple[Any, Any, Any]:
    """The sorted keys and things of ``(key, thing)`` pairs, and the sparse key-by-thing
    incidence matrix ``B`` (CSR) of ``shared_matrix``.

    A few rows of ``B @ W @ B.T`` are ``weighted(B, things, weight)[rows] @ B.T``, the same
    numbers as those rows of ``shared_matrix``, without the whole product.

    >>> keys, things, incidence = incidence_matrix({("a", "x"), ("b", "x"), ("b", "y")})
    >>> keys.tolist(), things.tolist(), incidence.toarray().tolist()
    (['a', 'b'], ['x', 'y'], [[1, 0], [1, 1]])
    """
    import numpy as np
    from scipy import sparse

    # sorted and numbered by dictionaries: np.unique would sort every pair's strings
    keys = sorted({key for key, _ in incidences})
    things = sorted({thing for _, thing in incidences})
    row_of = {key: row for row, key in enumerate(keys)}
    column_of = {thing: column for column, thing in enumerate(things)}
    rows = np.fromiter((row_of[key] for key, _ in incidences), dtype=np.intp, count=len(incidences))
    columns = np.fromiter(
        (column_of[thing] for _, thing in incidences), dtype=np.intp, count=len(incidences)
    )
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(keys), len(things))
    )
    return np.array(keys, dtype=object), np.array(things, dtype=object), incidence


def weighted(incidence: Any, things: Any, weight: Callable[[str], float]) -> Any:
    """``B @ W``: the incidence matrix with each thing's column times ``weight(thing)``."""
    import numpy as np
    from scipy import sparse

    weights = sparse.diags(np.array([weight(thing) for thing in things], dtype=float))
    return (incidence @ weights).tocsr()


def _shared_counts(incidences: set[tuple[str, str]], top: int | None) -> list[tuple[str, str, int]]:
    """``(a, b, n)`` for the row keys a < b that share n column keys, most shared first."""
    import numpy as np
    from scipy import sparse

    if not incidences:
        return []
    rows, counts = shared_matrix(incidences)
    shared = sparse.triu(counts, k=1).tocoo()
    candidates = np.arange(shared.nnz)
    if top is not None and 0 < top < shared.nnz:
        # Only the counts at least as high as the top-th highest can rank in the top: sort
        # those alone (ties at the threshold included), not every pair.
        threshold = np.partition(shared.data, shared.nnz - top)[shared.nnz - top]
        candidates = np.flatnonzero(shared.data >= threshold)
    order = candidates[
        np.lexsort((shared.col[candidates], shared.row[candidates], -shared.data[candidates]))
    ]
    if top is not None:
        order = order[:top]
    return [(rows[shared.row[i]], rows[shared.col[i]], int(shared.data[i])) for i in order]
