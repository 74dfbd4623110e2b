"""Membership edges, member regions and pair counting (s3graph.comembership)."""

from __future__ import annotations

import pytest

import s3graph
from s3graph.comembership import (
    member_region_pairs,
    member_regions,
    membership_edges,
    region_pairs,
)
from s3graph.resolve import region_names


@pytest.mark.parametrize(
    "filters",
    [{}, {"platform": "energy"}, {"area": "cci"}, {"country": "ES"}, {"country": "it"}],
    ids=str,
)
def test_member_regions_are_the_region_edges(
    built_store: s3graph.Store, filters: dict[str, str]
) -> None:
    expected: dict[str, set[str]] = {}
    for edge in membership_edges(built_store, **filters):
        if edge.member_is_region:
            expected.setdefault(edge.member, set()).add(edge.partnership)
    regions = member_regions(built_store, **filters)
    assert {region.code: set(region.partnerships) for region in regions} == expected
    names = region_names(built_store)
    assert all(region.name == names[region.code] for region in regions)


def test_member_region_pairs_are_the_pairs_of_the_edges(built_store: s3graph.Store) -> None:
    edges = membership_edges(built_store)
    regions = member_regions(built_store)
    assert member_region_pairs(regions) == region_pairs(edges)
    for top in (0, 1, 5, 10_000):
        assert member_region_pairs(regions, top=top) == region_pairs(edges)[:top]
