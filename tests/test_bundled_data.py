"""The bundled data files: sourced, consistent, loadable with the public loader, and described
by their README with the counts the files hold."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

import s3graph
from s3graph.resources import BUNDLED_FILES, BundledFile
from s3graph.vocabulary import ROLES

from bundled import DATA_DIR, counts, organisation_ids, region_memberships, rows

CSV_FILES = [bundled for bundled in BUNDLED_FILES if bundled.kind is not None]
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?$")
DATA_README = (DATA_DIR / "README.md").read_text(encoding="utf-8")
README = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")


def region_codes() -> set[str]:
    return {row["nuts_code"] for row in rows("regions.csv")}


def source_urls() -> Counter[str]:
    """Every source URL of the CSV files and of events.ttl, with how many facts cite it."""
    urls: Counter[str] = Counter()
    for bundled in CSV_FILES:
        urls.update(url for row in rows(bundled.name) for url in row["source"].split())
    events = Graph().parse(DATA_DIR / "events.ttl")
    urls.update(str(url) for url in events.objects(None, DCTERMS.source))
    return urls


def is_web_url(text: str) -> bool:
    parts = urlsplit(text)
    return (
        parts.scheme in ("http", "https")
        and parts.hostname is not None
        and HOST.match(parts.hostname) is not None
        and not any(char.isspace() or ord(char) < 32 for char in text)
        and parts.port is None
    )


@pytest.mark.parametrize("bundled", CSV_FILES, ids=lambda bundled: bundled.name)
def test_every_row_has_well_formed_http_source_urls(bundled: BundledFile) -> None:
    bad = [
        (line, url)
        for line, row in enumerate(rows(bundled.name), start=2)
        for url in row["source"].split() or ["(none)"]
        if not is_web_url(url)
    ]
    assert not bad, f"{bundled.name}: lines with a missing or malformed source URL: {bad}"


def test_every_event_fact_has_a_well_formed_http_source_url() -> None:
    events = Graph().parse(DATA_DIR / "events.ttl")
    subjects = {subject for subject in events.subjects() if isinstance(subject, URIRef)}
    sources = {subject: list(events.objects(subject, DCTERMS.source)) for subject in subjects}
    assert all(sources.values()), [str(s) for s, urls in sources.items() if not urls]
    assert all(is_web_url(str(url)) for urls in sources.values() for url in urls)


def test_every_membership_resolves() -> None:
    """Each row names a bundled partnership, a known region or organisation, and a role."""
    partnerships = {row["partnership_id"] for row in rows("partnerships.csv")}
    members = region_codes() | organisation_ids()
    unresolved = [
        (line, column, row[column])
        for line, row in enumerate(rows("memberships.csv"), start=2)
        for column, known in (
            ("partnership_id", partnerships),
            ("member", members),
            ("role", set(ROLES.slugs)),
        )
        if row[column] not in known
    ]
    assert not unresolved


def test_every_organisation_region_code_resolves() -> None:
    unknown = {row["region"] for row in rows("organisations.csv") if row["region"]}
    assert not unknown - region_codes()


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


def test_no_duplicate_memberships() -> None:
    keys = Counter(
        (row["partnership_id"], row["member"], row["role"]) for row in rows("memberships.csv")
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_associates_are_the_members_their_sources_call_associated() -> None:
    """``associate`` is the source's word, not where a member lies: a membership is an
    associate exactly when its note quotes the source calling it an associated member."""
    memberships = rows("memberships.csv")
    associates = [row for row in memberships if row["role"] == "associate"]
    called = [row for row in memberships if "associated member" in row["note"]]
    assert associates
    assert associates == called


def test_conflicting_roles_are_kept_with_their_own_sources() -> None:
    """Where sources give one member two roles, each role is a row with the sources that
    state it, and both rows say CONFLICT in their note."""
    roles = defaultdict(list)
    for row in rows("memberships.csv"):
        roles[row["partnership_id"], row["member"]].append(row)
    conflicts = [found for found in roles.values() if len(found) > 1]
    assert conflicts
    for found in conflicts:
        assert all("CONFLICT" in row["note"] for row in found), found
        assert len({frozenset(row["source"].split()) for row in found}) == len(found), found


def test_sources_of_partnership_shows_both_sides_of_a_conflict(
    built_store: s3graph.Store,
) -> None:
    solar = [row for row in rows("memberships.csv") if row["partnership_id"] == "energy-solar"]
    expected = {
        (row["role"], url)
        for row in solar
        if row["member"] == "ES43"
        for url in row["source"].split()
    }
    answer = s3graph.run_query(built_store, "sources-of-partnership", partnership="energy-solar")
    shown = {
        (str(row["role"]), str(row["source"]))
        for row in answer.dicts()
        if row["member_id"] is not None and str(row["member_id"]) == "ES43"
    }
    assert {role for role, _ in expected} == {"lead", "co-lead"}
    assert shown == expected


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
            report = s3graph.load_csv(store, DATA_DIR / bundled.name, kind=bundled.kind)
            assert report.rows == len(rows(bundled.name)), bundled.name
            assert report.shapes_checked, bundled.name


def test_data_readme_gives_the_row_counts_of_the_files() -> None:
    table = dict(re.findall(r"^\| `([\w-]+\.csv)` \| [^|]* \| ([^|]*) \|$", DATA_README, re.M))
    members = len(rows("memberships.csv"))
    regions = len(region_memberships())
    assert table == {
        "regions.csv": f"{len(rows('regions.csv')):,}",
        "partnerships.csv": f"{len(rows('partnerships.csv'))}",
        "organisations.csv": f"{len(rows('organisations.csv'))}",
        "memberships.csv": f"{members} ({regions} regions + {members - regions} organisations)",
        "priorities.csv": f"{len(rows('priorities.csv'))}",
        "nuts-changes.csv": "{} ({} for 2016-2021, {} for 2021-2024)".format(
            len(rows("nuts-changes.csv")),
            sum(row["to_version"] == "2021" for row in rows("nuts-changes.csv")),
            sum(row["to_version"] == "2024" for row in rows("nuts-changes.csv")),
        ),
    }


def test_data_readme_dates_every_source_it_cites() -> None:
    """The source list of data/README.md names each URL the files cite, once, with a date."""
    listed = re.findall(r"^\| <(https?://[^>]+)> \| ([^|]+) \|", DATA_README, re.M)
    assert Counter(url for url, _ in listed) == Counter(set(source_urls()))
    assert all(date.strip() for _, date in listed)


def test_readme_states_the_counts_of_the_files() -> None:
    stated = re.search(
        r"record of (\d+) S3 partnerships, (\d+) organisations and (\d+) memberships",
        README.replace("\n", " "),
    )
    assert stated, "README.md's Data section should state the bundled counts"
    found = counts()
    assert tuple(map(int, stated.groups())) == (
        found["partnerships"],
        found["organisations"],
        found["memberships"],
    )


def test_readme_picture_caption_counts_the_member_regions() -> None:
    caption = re.search(r"network: (\d+) regions linked", README)
    assert caption, "README.md's picture should say how many regions it shows"
    assert int(caption.group(1)) == len({row["member"] for row in region_memberships()})


def test_data_readme_platform_table_matches_the_graph(built_store: s3graph.Store) -> None:
    table = re.findall(
        r"^\| ([A-Z][\w -]+?)(?: \(incl\. [^)]*\))? \| (\d+) \| (\d+) \| (\d+) \|$",
        DATA_README,
        re.M,
    )
    graph = [
        (
            str(row["platform"]),
            *(str(row[key]) for key in ("partnerships", "memberships", "regions")),
        )
        for row in s3graph.platform_summary(built_store).dicts()
    ]
    assert table == graph
    total = re.search(
        r"^\| \*\*all\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|$", DATA_README, re.M
    )
    assert total
    assert tuple(map(int, total.groups())) == (
        counts()["partnerships"],
        counts()["memberships"],
        len({row["member"] for row in region_memberships()}),
    )


def test_readme_coverage_table_matches_the_graph(built_store: s3graph.Store) -> None:
    rendered = s3graph.render(s3graph.coverage_summary(built_store), s3graph.OutputFormat.MD)
    graph_rows = rendered.strip().split("\n")[2:]
    readme = DATA_README.split("\n")
    readme_rows = [line for line in readme if line.startswith(("| agri-", "| energy-", "| im-"))]
    assert readme_rows == graph_rows
