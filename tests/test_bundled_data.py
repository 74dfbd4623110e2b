"""The bundled data files: sourced, consistent, and loadable with the public loader."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache

import pytest

import s3graph
from s3graph.bundle import BUNDLED_FILES, DATA_DIR, BundledFile

CSV_FILES = [bundled for bundled in BUNDLED_FILES if bundled.kind is not None]


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def region_codes() -> frozenset[str]:
    return frozenset(row["nuts_code"] for row in rows("regions.csv"))


@cache
def organisation_ids() -> frozenset[str]:
    return frozenset(row["org_id"] for row in rows("organisations.csv"))


def region_members() -> list[dict[str, str]]:
    return [row for row in rows("memberships.csv") if row["member"] not in organisation_ids()]


def test_every_membership_region_code_resolves() -> None:
    unknown = {row["member"] for row in region_members()} - region_codes()
    assert not unknown


def test_every_organisation_region_code_resolves() -> None:
    unknown = {row["region"] for row in rows("organisations.csv") if row["region"]}
    assert not unknown - region_codes()


def test_every_membership_refers_to_a_bundled_partnership() -> None:
    partnerships = {row["partnership_id"] for row in rows("partnerships.csv")}
    assert {row["partnership_id"] for row in rows("memberships.csv")} <= partnerships


def test_every_partnership_has_a_lead_or_a_note_saying_why_not() -> None:
    led = {
        row["partnership_id"]
        for row in rows("memberships.csv")
        if row["role"] in ("lead", "co-lead")
    }
    unexplained = [
        row["partnership_id"]
        for row in rows("partnerships.csv")
        if row["partnership_id"] not in led and "lead" not in row["note"].lower()
    ]
    assert not unexplained


@pytest.mark.parametrize("bundled", CSV_FILES, ids=lambda bundled: bundled.name)
def test_every_row_has_source_urls(bundled: BundledFile) -> None:
    name = bundled.name
    for line, row in enumerate(rows(name), start=2):
        urls = row["source"].split()
        assert urls, f"{name} line {line} has no source"
        assert all(url.startswith(("http://", "https://")) for url in urls), (name, line)


def test_no_duplicate_memberships() -> None:
    keys = Counter(
        (row["partnership_id"], row["member"], row["role"]) for row in rows("memberships.csv")
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_no_duplicate_ids() -> None:
    for name, key in (
        ("regions.csv", "nuts_code"),
        ("partnerships.csv", "partnership_id"),
        ("organisations.csv", "org_id"),
    ):
        ids = Counter(row[key] for row in rows(name))
        assert [value for value, count in ids.items() if count > 1] == [], name


def test_complete_member_lists_document_members() -> None:
    documented = Counter(row["partnership_id"] for row in rows("memberships.csv"))
    empty = [
        row["partnership_id"]
        for row in rows("partnerships.csv")
        if row["coverage"] == "complete" and not documented[row["partnership_id"]]
    ]
    assert not empty


def test_all_bundled_csv_files_load_with_load_csv() -> None:
    with s3graph.open_store("memory") as store:
        for bundled in CSV_FILES:
            report = s3graph.load_csv(store, bundled.path, kind=bundled.kind)
            assert report.rows == len(rows(bundled.name)), bundled.name
            assert report.shapes_checked, bundled.name


def test_readme_coverage_table_matches_the_graph(built_store: s3graph.Store) -> None:
    rendered = s3graph.render(s3graph.coverage_summary(built_store), s3graph.OutputFormat.MD)
    graph_rows = rendered.strip().split("\n")[2:]
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8").split("\n")
    readme_rows = [line for line in readme if line.startswith(("| agri-", "| energy-", "| im-"))]
    assert readme_rows == graph_rows
