"""Loading CSV files into the store: all or nothing, idempotent, every bundled row present."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Literal

import s3graph
from s3graph.loading import check_csv, load_csv, source_slug, write_csv
from s3graph.namespaces import graph_iri
from s3graph.resources import BUNDLED_FILES

from conftest import DATA, quads_of

ROOT = Path(__file__).resolve().parents[1]


def bundled_rows(name: str) -> list[dict[str, str]]:
    [bundled] = [b for b in BUNDLED_FILES if b.name == name]
    with bundled.resource.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_bundled_region_is_in_the_graph(built_store: s3graph.Store) -> None:
    codes = {
        str(code)
        for (code,) in built_store.select("SELECT ?c WHERE { ?r a s3:Region ; skos:notation ?c }")
    }
    assert codes == {row["nuts_code"] for row in bundled_rows("regions.csv")}


def test_every_bundled_membership_is_in_the_graph(built_store: s3graph.Store) -> None:
    answer = built_store.select(
        """SELECT ?p ?member ?role WHERE {
             ?m a s3:Membership ; org:organization/dct:identifier ?p ;
                org:role/skos:notation ?role ; org:member ?node .
             OPTIONAL { ?node skos:notation ?code } OPTIONAL { ?node dct:identifier ?id }
             BIND(COALESCE(?code, ?id) AS ?member) }"""
    )
    found = {tuple(map(str, row)) for row in answer}
    expected = {
        (row["partnership_id"], row["member"], row["role"])
        for row in bundled_rows("memberships.csv")
    }
    assert found == expected


def test_every_bundled_partnership_and_organisation_keeps_its_sources(
    built_store: s3graph.Store,
) -> None:
    for name, key in (("partnerships.csv", "partnership_id"), ("organisations.csv", "org_id")):
        for row in bundled_rows(name):
            sources = {
                str(url)
                for url, _ in built_store.select(
                    "SELECT ?url ?id WHERE { ?x dct:identifier ?id ; dct:source ?url }",
                    {"id": Literal(row[key])},
                )
            }
            assert sources == set(row["source"].split()), row[key]


def test_aragon_exterior_presented_ccre_at_the_2020_webinar(built_store: s3graph.Store) -> None:
    assert built_store.ask(
        """ASK { ?e a s3:Event ; schema:startDate "2020-07-21"^^xsd:date ;
                 schema:about <https://w3id.org/s3graph/id/partnership/im-ccre> ;
                 schema:performer <https://w3id.org/s3graph/id/org/aragon-exterior> }"""
    )


def test_each_source_has_provenance(built_store: s3graph.Store) -> None:
    answer = built_store.select(
        "SELECT ?g ?rows WHERE { GRAPH ?g { ?g a prov:Entity ; s3:rowCount ?rows ; "
        "s3:sha256 ?sum ; prov:generatedAtTime ?t } }"
    )
    rows = {str(g).rsplit("/", 1)[-1]: int(n.toPython()) for g, n in answer}  # type: ignore[union-attr]
    assert rows == {
        bundled.graph_slug.rsplit("/", 1)[-1]: len(bundled_rows(bundled.name))
        for bundled in BUNDLED_FILES
        if bundled.kind is not None
    }


def test_good_file_goes_into_its_own_graph(memory_store: s3graph.Store) -> None:
    report = load_csv(memory_store, DATA / "good_partnerships.csv")
    assert (report.kind, report.rows, report.replaced) == ("partnerships", 2, False)
    assert report.graph == graph_iri("csv/good_partnerships")
    assert memory_store.ask(
        'ASK { GRAPH ?g { ?p dct:identifier "test-hydro" ; s3:platform ?t } }',
        {"g": report.graph},
    )


def test_reload_replaces_the_graph_and_keeps_the_quad_count(memory_store: s3graph.Store) -> None:
    load_csv(memory_store, DATA / "good_partnerships.csv")
    before = memory_store.quad_count()
    report = load_csv(memory_store, DATA / "good_partnerships.csv")
    assert report.replaced
    assert memory_store.quad_count() == before


def test_a_reload_says_what_it_replaced(memory_store: s3graph.Store) -> None:
    first = load_csv(memory_store, DATA / "good_partnerships.csv")
    assert first.previous is None
    again = load_csv(memory_store, DATA / "good_partnerships.csv")
    assert again.previous is not None
    assert again.previous.file == "good_partnerships.csv"
    assert again.previous.location == (DATA / "good_partnerships.csv").resolve().as_uri()
    assert again.previous.rows == 2


def test_a_graph_loaded_without_its_location_is_replaced_by_a_file_of_its_name(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    """Stores loaded before the location was kept: a file of the graph's name replaces it."""
    load_csv(memory_store, DATA / "good_partnerships.csv")
    memory_store.update("DELETE WHERE { GRAPH ?g { ?activity prov:used ?file } }")
    elsewhere = tmp_path / "good_partnerships.csv"
    elsewhere.write_bytes((DATA / "good_partnerships.csv").read_bytes())
    report = load_csv(memory_store, elsewhere)
    assert report.previous is not None and report.previous.location == ""


def test_a_cycle_of_parents_through_another_graph_is_refused(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    """Each file alone is a hierarchy; a reload of the first closes a cycle through the second."""
    top = tmp_path / "top.csv"
    top.write_text("nuts_code,name,level,parent\nXB,Top,0,\nXB1,One,1,XB\n")
    under = tmp_path / "under.csv"
    under.write_text("nuts_code,name,level,country,parent\nXA1,Under,2,XB,XB1\n")
    load_csv(memory_store, top)
    load_csv(memory_store, under)
    top.write_text("nuts_code,name,level,parent\nXB,Top,0,\nXB1,One,3,XA1\n")
    before = quads_of(memory_store)
    with pytest.raises(s3graph.BadDataError) as caught:
        load_csv(memory_store, top)
    assert [str(fault) for fault in caught.value.faults] == [
        f"{top}:3: column 'parent': the parents of this region lead back to it: XB1 -> XA1 -> "
        "XB1 (value 'XA1'); give each region the one a level up"
    ]
    assert quads_of(memory_store) == before


def test_faulty_file_writes_nothing(memory_store: s3graph.Store) -> None:
    before = quads_of(memory_store)
    with pytest.raises(s3graph.BadDataError, match="8 faults; nothing was written"):
        load_csv(memory_store, DATA / "bad_memberships.csv")
    assert quads_of(memory_store) == before


def test_dry_run_writes_nothing(memory_store: s3graph.Store) -> None:
    before = quads_of(memory_store)
    report = load_csv(memory_store, DATA / "good_partnerships.csv", dry_run=True)
    assert report.dry_run and report.rows == 2
    assert quads_of(memory_store) == before


def test_memberships_of_a_loaded_partnership(memory_store: s3graph.Store, tmp_path: Path) -> None:
    load_csv(memory_store, DATA / "good_partnerships.csv")
    members = tmp_path / "members.csv"
    members.write_text("partnership_id,member,role,since\ntest-hydro,ES24,lead,2021-05-01\n")
    load_csv(memory_store, members)
    assert memory_store.ask(
        """ASK { <http://data.europa.eu/nuts/code/ES24> s3:leads ?p .
                 ?p dct:identifier "test-hydro" .
                 ?m org:member <http://data.europa.eu/nuts/code/ES24> ; org:organization ?p ;
                    org:memberDuring/time:hasBeginning/time:inXSDDate "2021-05-01"^^xsd:date }"""
    )


def test_a_file_checked_before_another_write_is_checked_again_before_it_is_written(
    memory_store: s3graph.Store, tmp_path: Path
) -> None:
    """Checked with the store open for reading, written later: what changed meanwhile counts."""
    partnerships = tmp_path / "my-partnerships.csv"
    partnerships.write_text((ROOT / "docs/examples/my-partnerships.csv").read_text())
    load_csv(memory_store, partnerships)
    partnerships.write_text("partnership_id,name,platform\nother-ports,Other Ports,energy\n")
    checked = check_csv(memory_store, partnerships)  # removes demo-green-ports: fine so far
    load_csv(memory_store, ROOT / "docs/examples/my-memberships.csv")  # which refers to it
    with pytest.raises(s3graph.BadDataError, match="removes partnership demo-green-ports"):
        write_csv(memory_store, checked)
    unchanged = check_csv(memory_store, DATA / "good_partnerships.csv")
    assert write_csv(memory_store, unchanged).rows == 2


def test_source_slug_is_safe() -> None:
    assert source_slug(Path("My Members (2024).csv")) == "csv/my-members-2024"
    assert source_slug(Path("../../etc/passwd")) == "csv/passwd"
