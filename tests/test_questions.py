"""The shortcut functions behind the analysts' commands (s3graph.questions)."""

from __future__ import annotations

import pytest

import s3graph
from s3graph import comembership, computed
from s3graph.computed import region_pairs
from s3graph.errors import UnknownNameError
from s3graph.questions import partnerships_of_region, regions_of_partnership
from s3graph.resolve import resolve_region

from bundled import region_roles


def test_regions_of_partnership_by_id_or_name(built_store: s3graph.Store) -> None:
    by_id = regions_of_partnership(built_store, "im-h2valleys")
    assert by_id.variables[:2] == ["code", "region"]
    assert {(row["code"], row["role"]) for row in by_id.dicts()} == region_roles("im-h2valleys")
    assert regions_of_partnership(built_store, "european hydrogen valleys") == by_id


def test_partnerships_of_region_by_code_name_or_entity(built_store: s3graph.Store) -> None:
    by_code = partnerships_of_region(built_store, "ES24")
    assert by_code.variables[:2] == ["id", "partnership"]
    assert {"im-h2valleys", "im-ccre"} <= {row["id"] for row in by_code.dicts()}
    assert partnerships_of_region(built_store, "aragon") == by_code
    assert partnerships_of_region(built_store, resolve_region(built_store, "ES24")) == by_code


def test_region_pairs_are_the_sparse_counts_with_names(built_store: s3graph.Store) -> None:
    edges = comembership.membership_edges(built_store)
    expected = comembership.region_pairs(edges)
    found = region_pairs(built_store, top=None).dicts()
    assert [(row["code_1"], row["code_2"], row["shared"]) for row in found] == [
        (pair.first, pair.second, pair.shared) for pair in expected
    ]
    members: dict[str, set[str]] = {}
    for edge in edges:
        if edge.member_is_region:
            members.setdefault(edge.member, set()).add(edge.partnership)
    for row in found:
        shared = members[row["code_1"]] & members[row["code_2"]]
        assert row["partnerships"].split() == sorted(shared)
        assert row["shared"] == len(shared)
        assert row["region_1"] and row["region_2"]


def test_region_pairs_top_and_filters(built_store: s3graph.Store) -> None:
    assert len(region_pairs(built_store)) == computed.DEFAULT_TOP_PAIRS
    assert len(region_pairs(built_store, top=3)) == 3
    cci = region_pairs(built_store, area="CCI", top=None).dicts()
    assert {(row["code_1"], row["code_2"]) for row in cci} == {
        ("EL63", "ES24"),
        ("EL63", "ITI1"),
        ("ES24", "ITI1"),
    }
    assert all(row["partnerships"] == "im-ccre" for row in cci)
    energy = region_pairs(built_store, platform="Energy", top=None).dicts()
    energy_ids = {
        edge.partnership
        for edge in comembership.membership_edges(built_store)
        if edge.platform == "energy"
    }
    assert energy and all(set(row["partnerships"].split()) <= energy_ids for row in energy)
    italy = region_pairs(built_store, country="Italia", top=None).dicts()
    assert italy and all(row["code_1"][:2] == row["code_2"][:2] == "IT" for row in italy)


def test_region_pairs_name_errors(built_store: s3graph.Store) -> None:
    with pytest.raises(UnknownNameError, match="unknown platform 'enrgy'; did you mean energy"):
        region_pairs(built_store, platform="enrgy")
    with pytest.raises(UnknownNameError, match="unknown country"):
        region_pairs(built_store, country="Atlantis")
