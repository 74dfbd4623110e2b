"""NUTS versions: Eurostat's correspondence tables bundled as links between the codes of
NUTS 2016, 2021 and 2024, on the real bundled data and on small crafted files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal

import s3graph
from s3graph.choices import NutsVersion
from s3graph.entities import profile
from s3graph.errors import MAX_FAULTS_SHOWN, BadDataError
from s3graph.loading import load_csv
from s3graph.namespaces import PREFIXES as NAMESPACES
from s3graph.namespaces import region_iri
from s3graph.resolve import code_readings, nuts_changes
from s3graph.sparql import internal_query
from s3graph.triples import NUTS_CHANGES

from bundled import rows
from conftest import Cli

PREFIXES = """
PREFIX s3: <https://w3id.org/s3graph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nutscode: <http://data.europa.eu/nuts/code/>
"""


def successors(store: s3graph.Store, code: str) -> set[tuple[str, str]]:
    """The codes that replace ``code``, each with the s3: property of the change."""
    answer = store.select(
        PREFIXES
        + """SELECT ?change ?next WHERE {
            ?old skos:notation ?code ; dct:isReplacedBy ?next ; ?change ?next .
            FILTER(STRSTARTS(STR(?change), STR(s3:)))
        }""",
        {"code": Literal(code)},
    )
    return {(str(change).rsplit("#")[-1], str(new).rsplit("/")[-1]) for change, new in answer}


def test_every_link_has_one_nuts_2021_side_of_the_bundled_regions() -> None:
    regions = {row["nuts_code"] for row in rows("regions.csv")}
    for row in rows("nuts-changes.csv"):
        sides = {row["from_version"]: row["from_code"], row["to_version"]: row["to_code"]}
        assert sides["2021"] in regions, row
        assert not set(sides.values()) - {sides["2021"]} & regions, row


def test_a_split_of_2024_links_the_2021_region_to_each_part(built_store: s3graph.Store) -> None:
    assert successors(built_store, "PT17") == {("splitInto", "PT1A"), ("splitInto", "PT1B")}


def test_a_recoded_region_of_2024_is_one_link(built_store: s3graph.Store) -> None:
    assert successors(built_store, "NL332") == {("recodedAs", "NL361")}


def test_a_2016_merge_links_each_old_code_to_the_2021_region(built_store: s3graph.Store) -> None:
    assert successors(built_store, "BE324") == {("mergedInto", "BE328")}
    assert successors(built_store, "BE327") == {("mergedInto", "BE328")}


def test_the_converse_and_the_other_versions_codes_are_in_the_store(
    built_store: s3graph.Store,
) -> None:
    assert built_store.ask(PREFIXES + "ASK { nutscode:PT1A dct:replaces nutscode:PT17 }")
    assert built_store.ask(
        PREFIXES + "ASK { nutscode:PT1A skos:inScheme <http://data.europa.eu/nuts/scheme/2024> ;"
        ' skos:prefLabel "Grande Lisboa" }'
    )
    assert built_store.ask(
        PREFIXES + "ASK { nutscode:BE324 skos:inScheme <http://data.europa.eu/nuts/scheme/2016> }"
    )
    assert not built_store.ask(PREFIXES + "ASK { nutscode:PT1A a s3:Region }")


def test_a_correspondence_row_whose_2021_side_is_no_region_is_refused(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    path = tmp_path / "changes.csv"
    path.write_text(
        "from_version,from_code,to_version,to_code,change\n"
        "2021,ZZ99,2024,ZZ98,recoded\n"
        "2021,PT17,2024,PT16,split\n"
        "2021,PT17,2024,PT1A,moved\n",
        encoding="utf-8",
    )
    with pytest.raises(BadDataError) as caught:
        load_csv(memory_store, path)
    text = str(caught.value)
    assert "changes.csv:2: column 'from_code': unknown NUTS code (value 'ZZ99')" in text
    assert "changes.csv:3: column 'to_code': a NUTS 2021 region" in text
    assert "changes.csv:4: column 'change': unknown change (value 'moved')" in text


def test_the_query_of_changes_asks_for_the_property_of_every_kind_of_change() -> None:
    values = re.search(r"VALUES \?change \{([^}]*)\}", internal_query("nuts-changes"))
    assert values is not None
    assert values.group(1).split() == [
        "s3:" + term.removeprefix(NAMESPACES["s3"]) for term in NUTS_CHANGES.values()
    ]


def memberships(tmp_path: Path, *members: str) -> Path:
    path = tmp_path / "memberships-2024.csv"
    lines = ["partnership_id,member,role"] + [f"im-h2valleys,{code},member" for code in members]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_renamed_2024_code_loads_as_its_2021_region_with_a_located_warning(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    report = load_csv(memory_store, memberships(tmp_path, "ES24", "PT1D1"))
    assert report.rows == 2
    [warning] = report.warnings
    assert (warning.line, warning.column, warning.value) == (3, "member", "PT1D1")
    assert "NUTS 2024 code PT1D1 (Oeste) read as NUTS 2021 PT16B (Oeste)" in warning.message
    assert memory_store.ask(
        PREFIXES + "ASK { ?m <http://www.w3.org/ns/org#member> nutscode:PT16B }"
    )


def test_a_2024_code_that_split_is_a_fault_listing_the_candidates(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    with pytest.raises(BadDataError) as caught:
        load_csv(memory_store, memberships(tmp_path, "PT1A", "PT1D"))
    text = str(caught.value)
    assert (
        "memberships-2024.csv:2: column 'member': NUTS 2024 code PT1A (Grande Lisboa) is no "
        "single NUTS 2021 region; candidates: PT17 (Área Metropolitana de Lisboa, split)"
    ) in text
    assert "candidates: PT16 (Centro (PT), split), PT18 (Alentejo, split)" in text
    assert "give the NUTS 2021 code of the region the row means: PT16 or PT18" in text


def test_nuts_version_says_how_a_code_of_two_versions_reads(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    path = memberships(tmp_path, "NO072")
    with pytest.raises(BadDataError, match="NO072 is a code of NUTS 2016 and of NUTS 2024"):
        load_csv(memory_store, path)
    with pytest.raises(
        BadDataError, match=r"NUTS 2024 code NO072 .* NO074 \(Troms og Finnmark, split\)"
    ):
        load_csv(memory_store, path, nuts_version=NutsVersion.V2024)
    with pytest.raises(
        BadDataError, match=r"NUTS 2016 code NO072 .* NO074 \(Troms og Finnmark, merged\)"
    ):
        load_csv(memory_store, path, nuts_version=NutsVersion.V2016)


def test_with_nuts_version_2024_a_2021_code_it_replaced_is_a_fault(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    path = memberships(tmp_path, "ES24", "PT17")
    assert load_csv(memory_store, path, dry_run=True).warnings == ()
    with pytest.raises(BadDataError) as caught:
        load_csv(memory_store, path, nuts_version=NutsVersion.V2024)
    assert (
        "PT17 is a NUTS 2021 code, not one of NUTS 2024: in 2024 it became PT1A (Grande "
        "Lisboa, split), PT1B (Península de Setúbal, split)"
    ) in str(caught.value)


def test_load_prints_the_warning_and_takes_nuts_version(store_path: Path, tmp_path: Path) -> None:
    run = Cli(store_path)
    result = run("load", str(memberships(tmp_path, "NL361")), "--nuts-version", "2024")
    assert result.exit_code == 0, result.output
    assert (
        "warning: " + str(tmp_path / "memberships-2024.csv") + ":2: column 'member': NUTS 2024 "
        "code NL361 (Agglomeratie \u2019s-Gravenhage) read as NUTS 2021 NL332"
    ) in result.stderr
    assert run("load", str(memberships(tmp_path, "NL332")), "--nuts-version", "2024").exit_code == 1


def test_load_prints_the_first_warnings_and_how_many_more_there_are(
    built_store: s3graph.Store, store_path: Path, tmp_path: Path
) -> None:
    readings = code_readings(nuts_changes(built_store), NutsVersion.V2024)
    codes = sorted(code for code, reading in readings.items() if reading.region)
    path = tmp_path / "memberships-2024.csv"
    path.write_text(
        "partnership_id,member,role\n"
        + "".join(
            f"{partnership},{code},member\n"
            for partnership in ("agri-tbd", "agri-htf")
            for code in codes
        ),
        encoding="utf-8",
    )
    result = Cli(store_path)("load", str(path), "--nuts-version", "2024", "--dry-run")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == MAX_FAULTS_SHOWN + 1
    assert warnings[-1] == f"warning: ... and {2 * len(codes) - MAX_FAULTS_SHOWN} more warnings"


def test_region_history_of_a_2016_code_a_2024_code_and_an_unchanged_region(
    built_store: s3graph.Store,
) -> None:
    assert [
        (row["relation"], row["code"], row["change"])
        for row in s3graph.region_history(built_store, "ITG28").dicts()
    ] == [
        ("successor", "ITG2F", "split"),
        ("successor", "ITG2G", "boundary-shift"),
        ("successor", "ITG2H", "split"),
    ]
    assert [
        (row["relation"], row["version"], row["code"], row["name"])
        for row in s3graph.region_history(built_store, "pt1a").dicts()
    ] == [("predecessor", "2021", "PT17", "Área Metropolitana de Lisboa")]
    assert s3graph.region_history(built_store, "Göttingen").rows == []


def test_regions_code_prints_the_changes(store_path: Path) -> None:
    run = Cli(store_path)
    result = run("regions", "--code", "NL332")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n")[2].split() == [
        "successor",
        "2024",
        "NL361",
        "Agglomeratie",
        "\u2019s-Gravenhage",
        "recoded",
    ]
    assert "NL332: 1 change of code" in result.stderr
    assert run("regions", "--code", "DE91C").stderr.startswith("DE91C: no change of code")


def test_a_regions_explorer_profile_lists_its_code_changes(built_store: s3graph.Store) -> None:
    found = profile(built_store, region_iri("PT17"))
    (table,) = [table for table in found.tables if table.key == "nuts-changes"]
    assert [(row["code"], row["change"]) for row in table.results.dicts()] == [
        ("PT1A", "split"),
        ("PT1B", "split"),
    ]
