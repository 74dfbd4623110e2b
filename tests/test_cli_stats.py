"""`s3graph stats` on the bundled data."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bundled import counts
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
    mining = next(row for row in table if row["partnership"] == "im-mining")
    assert mining == {
        "partnership": "im-mining",
        "name": "Mining Industry",
        "platform": "industrial-modernisation",
        "region_members": 7,
        "organisation_members": 0,
        "leads": "FI1D3 FI1D7",
        "reported_size": "7 regions at announcement (May 2019)",
        "member_list": "complete",
    }


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
