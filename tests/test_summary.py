"""Summaries of what a store holds."""

from __future__ import annotations

from pathlib import Path

import s3graph

from bundled import member_regions, organisation_ids, rows


def test_coverage_summary_counts_members_by_kind_and_sorts_leads(
    built_store: s3graph.Store,
) -> None:
    found = {row["partnership"]: row for row in s3graph.coverage_summary(built_store).dicts()}
    tbd = found["agri-tbd"]
    members = [row for row in rows("memberships.csv") if row["partnership_id"] == "agri-tbd"]
    organisations = {row["member"] for row in members} & organisation_ids()
    assert (tbd["region_members"], tbd["organisation_members"]) == (
        len(member_regions("agri-tbd")),
        len(organisations),
    )
    assert tbd["leads"] == "ES61 ITH5 ja-agri"
    assert tbd["member_list"] == "partial"


def test_coverage_summary_sets_region_members_against_the_reported_count(
    built_store: s3graph.Store,
) -> None:
    found = {row["partnership"]: row for row in s3graph.coverage_summary(built_store).dicts()}
    mining = found["im-mining"]
    assert mining["reported_regions"] == len(member_regions("im-mining"))
    assert str(mining["region_ratio"]) == "1.00"
    unreported = found["energy-smartgrids"]
    assert (unreported["reported_regions"], unreported["region_ratio"]) == (None, None)


def test_coverage_summary_leaves_leads_empty_when_none_is_known(
    built_store: s3graph.Store,
) -> None:
    found = {row["partnership"]: row for row in s3graph.coverage_summary(built_store).dicts()}
    assert found["energy-smartgrids"]["leads"] == ""
    assert found["energy-smartgrids"]["region_members"] == 0


def test_coverage_summary_counts_a_member_once_whatever_its_roles(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    members = tmp_path / "extra.csv"
    members.write_text(
        "partnership_id,member,role,source\nim-social,ES22,member,https://example.org/x\n"
    )
    s3graph.load_csv(memory_store, members)
    found = {row["partnership"]: row for row in s3graph.coverage_summary(memory_store).dicts()}
    assert found["im-social"]["region_members"] == len(member_regions("im-social"))
    assert found["im-social"]["leads"] == "ES22"
