"""Joins and departures by year (``s3graph timeline``, ``membership_timeline``): on crafted
memberships with dates of every precision or none, and on the bundled data, held against
the memberships counted ``as_of`` the last day of each year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chromium import Chromium, chromium_path
from test_asof import crafted as crafted

import s3graph
from s3graph.errors import QueryError
from s3graph.timeline import membership_timeline
from s3graph.timeline_chart import timeline_page, write_timeline

from bundled import rows
from conftest import Cli


def changes(timeline: s3graph.timeline.Timeline) -> list[tuple[int, str, str, int]]:
    """Each year as (year, codes joined, codes left, members at its end); a trailing u on
    a code joined: undated."""

    def codes(names: tuple[str, ...], undated: tuple[str, ...] = ()) -> str:
        return " ".join(name.split()[0] + ("u" if name in undated else "") for name in names)

    return [
        (year.year, codes(year.joined, year.undated), codes(year.left), year.members)
        for year in timeline.years
    ]


def test_a_partnerships_members_by_year(crafted: s3graph.Store) -> None:
    # t-2015 (set up in 2015): ITC4 until 2017 and NL33 undated join in 2015, the
    # partnership's year; ES24 from 2016 to 2018-06; FRK since 2019-03-15.
    timeline = membership_timeline(crafted, partnership="t-2015")
    assert changes(timeline) == [
        (2015, "ITC4u NL33u", "", 2),
        (2016, "ES24", "", 3),
        (2017, "", "ITC4", 2),
        (2018, "", "ES24", 1),
        (2019, "FRK", "", 2),
    ]
    assert timeline.not_placed == ()
    assert "2 without a start date of their own" in timeline.note()


def test_memberships_with_no_year_are_named_not_dropped(crafted: s3graph.Store) -> None:
    # t-unknown has no year: SE33 (no dates) and FI1D7 (until 2019-12-31 only) are in no
    # year; ES24 joined and left in 2017.
    timeline = membership_timeline(crafted, partnership="Year not known")
    assert changes(timeline) == [(2017, "ES24", "ES24", 0)]
    assert sorted(name.split()[0] for name in timeline.not_placed) == ["FI1D7", "SE33"]
    assert "2 with no date and no partnership year, in no year: " in timeline.note()


def test_a_regions_partnerships_by_year(crafted: s3graph.Store) -> None:
    years = {year.year: year for year in membership_timeline(crafted, region="ES24").years}
    assert "t-2015 Set up in 2015 (lead)" in years[2016].joined
    assert "t-2015 Set up in 2015 (lead)" in years[2018].left
    assert "t-unknown Year not known (co-lead)" in years[2017].left


@pytest.mark.parametrize("partnership", ["t-2015", "im-tourism", "im-mining", "energy-solar"])
def test_members_at_a_years_end_are_those_active_as_of_its_last_day(
    crafted: s3graph.Store, partnership: str
) -> None:
    """The timeline and --as-of apply one rule: the members at the end of each year are the
    member regions counted as of 31 December (every member here is a region)."""
    timeline = membership_timeline(crafted, partnership=partnership)
    assert timeline.years
    for year in timeline.years:
        active = s3graph.regions_of_partnership(crafted, partnership, as_of=f"{year.year}-12-31")
        assert year.members == len({row["code"] for row in active.dicts()}), year


def test_the_bundled_starts_of_a_partnership(built_store: s3graph.Store) -> None:
    """Mining Industry's memberships all began in March 2019 (data/memberships.csv)."""
    members = [row for row in rows("memberships.csv") if row["partnership_id"] == "im-mining"]
    assert {row["since"] for row in members} == {"2019-03"}
    timeline = membership_timeline(built_store, partnership="im-mining")
    (year,) = timeline.years
    assert (year.year, len(year.joined), year.undated, year.members) == (
        2019,
        len(members),
        (),
        len({row["member"] for row in members}),
    )


def test_a_partnership_or_a_region_not_both(built_store: s3graph.Store) -> None:
    for given in ({}, {"partnership": "im-mining", "region": "ES24"}):
        with pytest.raises(QueryError, match="give a partnership or a region, not both"):
            membership_timeline(built_store, **given)
    with pytest.raises(s3graph.UnknownNameError, match="did you mean"):
        membership_timeline(built_store, partnership="im-minin")


def test_cli_table_note_and_chart(run: Cli, tmp_path: Path) -> None:
    result = run("timeline", "--region", "FI1D7", "-o", str(tmp_path / "lappi.png"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Lappi (FI1D7): partnerships joined and left, by year\n")
    assert re.search(r"\d+ memberships; \d+ without a start date", result.stderr)
    assert result.stdout.split()[:7] == [
        "year",
        "joined",
        "undated",
        "left",
        "members",
        "who_joined",
        "who_left",
    ]
    assert (tmp_path / "lappi.png").read_bytes().startswith(b"\x89PNG")
    rows = run.json("timeline", "--partnership", "im-mining")
    assert [(row["year"], row["joined"]) for row in rows] == [(2019, 7)]
    usage = run("timeline")
    assert usage.exit_code == 2 and "give --partnership or --region" in usage.output


def test_an_empty_chart_name_is_a_usage_error_before_anything_is_printed(run: Cli) -> None:
    result = run("timeline", "--partnership", "im-mining", "-o", "")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "give a file name, or '-' for standard output" in result.output


@pytest.mark.slow
@pytest.mark.skipif(chromium_path() is None, reason="needs chromium (apt-get install chromium)")
def test_the_page_in_chromium_escapes_names(crafted: s3graph.Store, tmp_path: Path) -> None:
    timeline = membership_timeline(crafted, partnership="t-2015")
    hostile = s3graph.Entity(
        "partnership", timeline.subject.iri, "t-2015", "<img src=x onerror=alert(1)>"
    )
    page = tmp_path / "timeline.html"
    write_timeline(type(timeline)(hostile, timeline.memberships), page)
    assert "<img src=x" not in page.read_text(encoding="utf-8")
    browser = Chromium(tmp_path / "profile")
    try:
        browser.open(page)
        assert browser.evaluate("document.querySelectorAll('svg').length") == 1
        assert browser.evaluate("document.querySelectorAll('tbody tr').length") == 5
        assert browser.evaluate("document.title").startswith("<img src=x")
        assert browser.dialogs == [] and browser.exceptions == []
    finally:
        browser.close()
    assert timeline_page(timeline).count("<tr>") == 6
