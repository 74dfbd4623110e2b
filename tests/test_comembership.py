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

from bundled import rows
from conftest import DATA


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


def test_edges_carry_the_years_and_sources_of_each_membership(built_store: s3graph.Store) -> None:
    expected = {
        (row["partnership_id"], row["member"], row["role"]): (
            row["since"][:4],
            row["until"][:4],
            tuple(sorted(row["source"].split())),
        )
        for row in rows("memberships.csv")
    }
    edges = membership_edges(built_store)
    assert {
        (edge.partnership, edge.member, edge.role): (edge.since, edge.until, edge.sources)
        for edge in edges
    } == expected
    assert any(edge.since for edge in edges)


def test_edges_give_years_of_any_precision(memory_store: s3graph.Store) -> None:
    s3graph.load_csv(memory_store, DATA / "good_memberships_semicolon.csv")
    years = {
        (edge.member, edge.role): (edge.since, edge.until, edge.sources)
        for edge in membership_edges(memory_store)
        if edge.sources and edge.sources[0].startswith("https://example.org/")
    }
    assert years == {
        ("ES24", "member"): ("2021", "2023", ("https://example.org/a",)),
        ("FI1D7", "observer"): ("2020", "", ("https://example.org/b",)),
        ("aragon-exterior", "member"): ("2020", "", ("https://example.org/c",)),
    }


@pytest.mark.parametrize("filters", [{}, {"platform": "energy", "country": "ES"}], ids=str)
def test_region_edges_are_the_edges_of_regions(
    built_store: s3graph.Store, filters: dict[str, str]
) -> None:
    edges = membership_edges(built_store, **filters)
    regions = membership_edges(built_store, **filters, regions_only=True)
    assert regions == [edge for edge in edges if edge.member_is_region]
    assert regions and (len(regions) < len(edges) or filters)
