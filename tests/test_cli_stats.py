"""`s3graph stats` on the bundled data."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from bundled import counts, organisation_ids, rows
from conftest import Cli


def test_stats_counts_bundled_data(run: Cli) -> None:
    result = run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = {row["what"]: row["count"] for row in json.loads(result.stdout.split("\n\n")[0])}
    assert counts().items() <= shown.items()


def test_stats_coverage_has_one_row_per_partnership(run: Cli) -> None:
    result = run("stats", "--coverage", "--format", "json")
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert len(table) == counts()["partnerships"]
    shown = {row["partnership"]: row for row in table}
    for partnership in rows("partnerships.csv"):
        pid = partnership["partnership_id"]
        members = [row for row in rows("memberships.csv") if row["partnership_id"] == pid]
        regions = {row["member"] for row in members if row["member"] not in organisation_ids()}
        reported = int(partnership["reported_regions"]) if partnership["reported_regions"] else None
        assert shown[pid] == {
            "partnership": pid,
            "name": partnership["name"],
            "platform": partnership["platform"],
            "region_members": len(regions),
            "organisation_members": len({row["member"] for row in members}) - len(regions),
            "leads": " ".join(
                sorted({row["member"] for row in members if row["role"] in ("lead", "co-lead")})
            ),
            "reported_size": partnership["reported_size"] or None,
            "reported_regions": reported,
            "region_ratio": _ratio(len(regions), reported),
            "member_list": partnership["coverage"],
        }


def _ratio(found: int, reported: int | None) -> float | None:
    if not reported:
        return None
    return float((Decimal(found) / reported).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_stats_coverage_ratio_has_two_decimals(run: Cli) -> None:
    table = run.csv("stats", "--coverage")
    ratios = {row["partnership"]: row["region_ratio"] for row in table}
    reported = {row["partnership_id"]: row["reported_regions"] for row in rows("partnerships.csv")}
    assert {pid for pid, ratio in ratios.items() if ratio} == {
        pid for pid, n in reported.items() if n
    }
    assert all(re.fullmatch(r"[0-9]+\.[0-9]{2}", ratio) for ratio in ratios.values() if ratio)


def test_stats_coverage_csv_has_the_documented_columns(run: Cli) -> None:
    result = run("stats", "--coverage", "--format", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == [
        "partnership",
        "name",
        "platform",
        "region_members",
        "organisation_members",
        "leads",
        "reported_size",
        "reported_regions",
        "region_ratio",
        "member_list",
    ]
    assert {row["member_list"] for row in reader} == {"complete", "partial"}


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_stats_coverage_prints_in_text_formats(run: Cli, fmt: str) -> None:
    result = run("stats", "--coverage", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "agri-tbd" in result.stdout
    assert "Traceability and Big Data" in result.stdout
    assert "regions" not in result.stdout.split("\n")[0].split()  # no count table first
