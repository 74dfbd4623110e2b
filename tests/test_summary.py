"""Summaries of what a store holds."""

from __future__ import annotations

from pathlib import Path

import s3graph


def test_coverage_summary_counts_members_by_kind_and_sorts_leads(
    built_store: s3graph.Store,
) -> None:
    rows = {row["partnership"]: row for row in s3graph.coverage_summary(built_store).dicts()}
    tbd = rows["agri-tbd"]
    assert (tbd["region_members"], tbd["organisation_members"]) == (8, 3)
    assert tbd["leads"] == "ES61 ITH5 ja-agri"
    assert tbd["member_list"] == "partial"


def test_coverage_summary_leaves_leads_empty_when_none_is_known(
    built_store: s3graph.Store,
) -> None:
    rows = {row["partnership"]: row for row in s3graph.coverage_summary(built_store).dicts()}
    assert rows["energy-smartgrids"]["leads"] == ""
    assert rows["energy-smartgrids"]["region_members"] == 0


def test_coverage_summary_counts_a_member_once_whatever_its_roles(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    members = tmp_path / "extra.csv"
    members.write_text(
        "partnership_id,member,role,source\nim-social,ES22,member,https://example.org/x\n"
    )
    s3graph.load_csv(memory_store, members)
    rows = {row["partnership"]: row for row in s3graph.coverage_summary(memory_store).dicts()}
    assert rows["im-social"]["region_members"] == 7
    assert rows["im-social"]["leads"] == "ES22"
