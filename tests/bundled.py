"""The bundled data files read as plain CSV, so that tests take their counts from the files
instead of typing them in."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parents[1] / "data"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/<name>`` as dicts, in file order."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def organisation_ids() -> frozenset[str]:
    return frozenset(row["org_id"] for row in rows("organisations.csv"))


def region_memberships() -> list[dict[str, str]]:
    """The memberships whose member is a region (a NUTS code), not an organisation."""
    return [row for row in rows("memberships.csv") if row["member"] not in organisation_ids()]


def counts() -> Counter[str]:
    """What ``s3graph stats`` counts, from the files: regions, partnerships, memberships,
    organisations."""
    return Counter(
        {
            what: len(rows(f"{what}.csv"))
            for what in ("regions", "partnerships", "memberships", "organisations")
        }
    )


def region_roles(partnership_id: str) -> set[tuple[str, str]]:
    """The (NUTS code, role) of each region membership of a partnership."""
    return {
        (row["member"], row["role"])
        for row in region_memberships()
        if row["partnership_id"] == partnership_id
    }


def member_regions(partnership_id: str) -> list[str]:
    """The NUTS codes of a partnership's member regions, sorted."""
    return sorted({code for code, _ in region_roles(partnership_id)})


def regions_at_level(level: int, country: str | None = None) -> list[str]:
    """The NUTS codes of the bundled regions of one level (0 for the countries), of one
    country if given."""
    return [
        row["nuts_code"]
        for row in rows("regions.csv")
        if row["level"] == str(level) and country in (None, row["country"])
    ]
