"""Map data (s3graph.geo): shapes of the bundled boundaries, what a map shows of each region."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import s3graph
from s3graph.comembership import membership_edges
from s3graph.errors import UnknownNameError
from s3graph.geo import MAX_CLASSES, NOT_A_MEMBER, MapData, count_bounds, map_data
from s3graph.loading import load_csv

from bundled import regions_at_level


@pytest.fixture(scope="module")
def counts(built_store: s3graph.Store) -> MapData:
    return map_data(built_store, level=2)


def ids_of_partnerships(store: s3graph.Store, code: str) -> set[str]:
    """What ``s3graph partnerships --region CODE`` lists, as a set of ids."""
    return {row["id"] for row in s3graph.partnerships_of_region(store, code).dicts()}


def test_counts_are_what_partnerships_of_region_lists(
    built_store: s3graph.Store, counts: MapData
) -> None:
    auto = map_data(built_store)
    sample = {region.code: region for region in auto.regions}
    sample.update(
        (region.code, region)
        for region in counts.regions
        if region.code in {"ES24", "FRK2", "BE25", "ITH5", "FI1D", "PT11", "DE11", "EL30"}
    )
    sample.update(
        (region.code, region)
        for region in map_data(built_store, level=0).regions
        if region.code in {"ES", "FR", "SI", "IS"}
    )
    for code, region in sample.items():
        assert region.value == len(ids_of_partnerships(built_store, code)), code
        assert {part.partnership for part in region.participations} == ids_of_partnerships(
            built_store, code
        ), code


def test_a_level_draws_every_region_of_that_level(counts: MapData) -> None:
    assert len(counts.regions) == len(regions_at_level(2))
    assert {region.level for region in counts.regions} == {2}
    assert counts.level_text == "NUTS level 2"
    zero = [region for region in counts.regions if region.value == 0]
    assert zero and all(region.category == "0" for region in zero)


def test_auto_draws_each_member_at_its_own_level_the_finer_on_top(
    built_store: s3graph.Store,
) -> None:
    auto = map_data(built_store)
    levels = [region.level for region in auto.regions]
    assert levels == sorted(levels) and {0, 1, 2, 3} <= set(levels)
    members = {edge.member for edge in membership_edges(built_store) if edge.member_is_region}
    assert {region.code for region in auto.regions} == members
    assert all(region.value for region in auto.regions)
    assert "each region at its own NUTS level, the finer on top" in auto.caption


def test_legend_classes_hold_every_region_once(counts: MapData) -> None:
    sizes = {cls.key: cls.count for cls in counts.classes}
    assert sum(sizes.values()) == len(counts.regions)
    for region in counts.regions:
        low, _, high = region.category.partition("-")
        assert int(low) <= (region.value or 0) <= int(high or low)
    assert counts.classes[0].label == "0 partnerships"
    assert counts.classes[1].label == "1 partnership"


@given(st.lists(st.integers(min_value=0, max_value=5_000), min_size=1, max_size=50))
def test_count_classes_are_contiguous_and_cover_every_count(values: list[int]) -> None:
    bounds = count_bounds(values)
    assert len(bounds) <= MAX_CLASSES + 2
    expected_low = 0 if 0 in values else 1
    for low, high in bounds:
        assert low == expected_low and high >= low
        expected_low = high + 1
    assert bounds[-1][1] == max(values) or max(values) == 0


def test_filters_keep_a_platform_and_a_country(built_store: s3graph.Store) -> None:
    energy = map_data(built_store, platform="Energy", country="España", level=2)
    assert {region.country for region in energy.regions} == {"ES"}
    assert len(energy.regions) == len(regions_at_level(2, country="ES"))
    parts = {part.partnership for region in energy.regions for part in region.participations}
    assert parts and all(partnership.startswith("energy-") for partnership in parts)
    assert energy.filters == "platform Energy, country España"
    left, _, right, _ = energy.frame
    assert right - left < 2_500  # Spain with the Canary Islands, not Europe


def test_a_partnership_by_role_with_organisations_at_their_home(
    built_store: s3graph.Store,
) -> None:
    medtech = map_data(built_store, partnership="Medical Technology", level=1)
    roles = {region.code: region.category for region in medtech.regions}
    assert roles["FRK"] == "co-lead"  # co-lead itself, and home of Lyonbiopôle (member)
    assert roles["DE1"] == "member" and roles["ES2"] == NOT_A_MEMBER
    frk = next(region for region in medtech.regions if region.code == "FRK")
    assert {part.through for part in frk.participations} == {"", "organisation Lyonbiopôle (FRK)"}
    assert medtech.shows == "roles" and medtech.title.startswith("Medical Technology (im-medtech)")
    assert [cls.key for cls in medtech.classes] == ["co-lead", "member", NOT_A_MEMBER]
    assert medtech.labels[0].text == "Auvergne-Rhône-Alpes"  # the strongest role first


def test_an_organisation_without_a_home_is_listed_not_dropped(built_store: s3graph.Store) -> None:
    chemicals = map_data(built_store, partnership="im-chemicals")
    assert [str(missing) for missing in chemicals.not_drawn] == [
        "ecrn (European Chemical Regions Network (ECRN)): organisation without a home region"
    ]
    assert "Not drawn (1): ecrn (European Chemical Regions Network (ECRN))" in chemicals.caption


def test_a_region_without_a_boundary_is_named_in_the_caption(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    regions = tmp_path / "new-regions.csv"
    regions.write_text(
        "nuts_code,name,level,country,parent,source\n"
        "ESZZ,Región Nueva,2,ES,ES2,https://example.org/regions\n",
        encoding="utf-8",
    )
    members = tmp_path / "new-members.csv"
    members.write_text(
        "partnership_id,member,role,source\nim-h2valleys,ESZZ,member,https://example.org/m\n",
        encoding="utf-8",
    )
    load_csv(memory_store, regions)
    load_csv(memory_store, members)
    for data in (map_data(memory_store), map_data(memory_store, partnership="im-h2valleys")):
        assert "ESZZ" not in {region.code for region in data.regions}
        assert [missing.code for missing in data.not_drawn] == ["ESZZ"]
        assert "ESZZ (Región Nueva): no boundary in the bundled NUTS 2021 file" in data.caption
    # drawn at level 2, its parent ES2 counts its partnership
    level1 = map_data(memory_store, level=1, partnership="im-h2valleys")
    assert {region.code: region.category for region in level1.regions}["ES2"] == "lead"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"partnership": "no such thing"},
            "unknown partnership 'no such thing'; give a partnership id such as im-h2valleys",
        ),
        ({"platform": "enrgy"}, "unknown platform 'enrgy'; did you mean energy?"),
        ({"area": "ccx"}, "unknown thematic area 'ccx'; did you mean cci?"),
        ({"level": "auot"}, "unknown NUTS level 'auot'; did you mean auto?"),
        ({"level": 4}, "unknown NUTS level '4'; use one of: 0, 1, 2, 3, auto"),
        ({"measure": "partnership"}, "unknown measure 'partnership'; did you mean partnerships?"),
        ({"country": "Spain"}, "unknown country 'Spain'; did you mean ES (España, level 0)?"),
    ],
)
def test_unknown_names_fail_with_a_suggestion(
    built_store: s3graph.Store, options: dict[str, object], message: str
) -> None:
    with pytest.raises(UnknownNameError) as caught:
        map_data(built_store, **options)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
