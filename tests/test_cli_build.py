"""`s3graph build`, `export` and `validate` on a real on-disk store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox

from bundled import counts
from conftest import Cli


def test_first_read_builds_a_new_store(tmp_path: Path) -> None:
    run = Cli(tmp_path / "new-store")
    result = run("stats")
    assert result.exit_code == 0, result.output
    assert "Building the store at" in result.stderr
    assert f"regions        {counts()['regions']}" in result.stdout


def test_build_rebuilds_and_keeps_the_quad_count(run: Cli) -> None:
    before = run("stats", "--format", "csv").stdout
    result = run("build")
    assert result.exit_code == 0, result.output
    regions = counts()["regions"]
    assert f"https://w3id.org/s3graph/graph/data/regions: {regions} rows" in result.stdout
    assert run("stats", "--format", "csv").stdout == before


def test_export_writes_nquads(run: Cli, tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    result = run("export", "--format", "nq", "-o", str(out))
    assert result.exit_code == 0, result.output
    graphs = {
        quad.graph_name.value for quad in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)
    }
    assert "https://w3id.org/s3graph/graph/data/memberships" in graphs


def test_validate_reports_conformance(run: Cli) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "the data conforms (0 violations" in result.stderr


NUTS = "http://data.europa.eu/nuts/code/"
HIERARCHY_FAULTS = f"""
PREFIX code: <{NUTS}>
INSERT DATA {{ GRAPH <urn:test:hierarchy> {{
  code:QA1 a s3:Region ; skos:notation "QA1" ; skos:prefLabel "Own parent" ;
      skos:broader code:QA1 .
  code:QB1 a s3:Region ; skos:notation "QB1" ; skos:prefLabel "Cycle 1" ; skos:broader code:QC1 .
  code:QC1 a s3:Region ; skos:notation "QC1" ; skos:prefLabel "Cycle 2" ; skos:broader code:QB1 .
  code:ES2Z a s3:Region ; skos:notation "ES2Z" ; skos:prefLabel "Two levels down" ;
      nuts:level 3 ; s3:country code:ES ; skos:broader code:ES .
  code:FR9 a s3:Region ; skos:notation "FR9" ; skos:prefLabel "In another country" ;
      nuts:level 1 ; s3:country code:FR ; skos:broader code:ES .
}} }}"""


ID = "https://w3id.org/s3graph/id/"
PARTNERSHIP = ID + "partnership/test-wrong-area"
MEMBERSHIP = ID + "membership/test-wrong-area/ES24/member"
RULE_FAULTS = f"""
PREFIX code: <{NUTS}>
PREFIX time: <http://www.w3.org/2006/time#>
INSERT DATA {{ GRAPH <urn:test:rules> {{
  <{PARTNERSHIP}> a s3:Partnership ; dct:identifier "test-wrong-area" ;
      skos:prefLabel "Wrong area"@en ; s3:platform <{ID}theme/energy> ;
      s3:thematicArea <{ID}theme/cci> .
  <{MEMBERSHIP}> a org:Membership ; org:organization <{PARTNERSHIP}> ; org:member code:ES24 ;
      org:role <{ID}role/member> ; dct:source <https://example.org/source> ;
      org:memberDuring <{MEMBERSHIP}#during> .
  <{MEMBERSHIP}#during> a time:Interval ;
      time:hasBeginning [ time:inXSDgYear "2021"^^xsd:gYear ] ;
      time:hasEnd [ time:inXSDgYearMonth "2019-05"^^xsd:gYearMonth ] .
}} }}"""


def test_validate_reports_each_rule_stated_in_sparql(store_path: Path) -> None:
    """The NUTS hierarchy, dates in order and area within its platform: each rule is found
    by its own query as a SPARQL target, all in one check of the store."""
    run = Cli(store_path)
    for faults in (HIERARCHY_FAULTS, RULE_FAULTS):
        update = run("query", "--allow-update", faults)
        assert update.exit_code == 0, update.output
    result = run("validate", "--format", "csv")
    assert result.exit_code == 1
    assert "(7 violations, 0 warnings)" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(row["focus"], row["message"], row["value"]) for row in rows}
    assert found == {
        (NUTS + "QA1", "A region cannot be its own parent (skos:broader).", NUTS + "QA1"),
        (
            NUTS + "QB1",
            "The parents of a region (skos:broader, and theirs) lead back to it.",
            NUTS + "QC1",
        ),
        (
            NUTS + "QC1",
            "The parents of a region (skos:broader, and theirs) lead back to it.",
            NUTS + "QB1",
        ),
        (
            NUTS + "ES2Z",
            "A region's parent (skos:broader) must be one NUTS level (nuts:level) up.",
            NUTS + "ES",
        ),
        (
            NUTS + "FR9",
            "A region and its parent (skos:broader) must be in the same country (s3:country).",
            NUTS + "ES",
        ),
        (
            MEMBERSHIP,
            "Membership interval begins (2021) after it ends (2019-05).",
            MEMBERSHIP + "#during",
        ),
        (
            PARTNERSHIP,
            f"The thematic area {ID}theme/cci does not belong to the partnership's platform "
            f"{ID}theme/energy (no skos:broader link).",
            ID + "theme/cci",
        ),
    }
    paths = {row["focus"]: row["path"] for row in rows if row["focus"].startswith(ID)}
    assert paths == {
        MEMBERSHIP: "http://www.w3.org/ns/org#memberDuring",
        PARTNERSHIP: "https://w3id.org/s3graph/ontology#thematicArea",
    }


def test_query_runs_select_ask_and_construct(run: Cli) -> None:
    select = run(
        "query",
        "SELECT ?code WHERE { ?r skos:notation ?code } ORDER BY ?code LIMIT 2",
        "--format",
        "csv",
    )
    assert select.exit_code == 0, select.output
    assert select.stdout.splitlines() == ["code", "AL", "AL0"]
    ask = run("query", "ASK { <http://data.europa.eu/nuts/code/ES24> a s3:Region }")
    assert ask.stdout.strip() == "yes"
    construct = run("query", "CONSTRUCT { ?r a s3:Region } WHERE { ?r skos:notation 'ES24' }")
    assert "nuts/code/ES24" in construct.stdout


def test_query_refuses_updates_and_bad_syntax(run: Cli) -> None:
    update = run("query", "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 1
    assert update.output.startswith(
        "Error: updates are not allowed here; s3graph queries are read-only"
    )
    bad = run("query", "SELECT ?x WHERE {")
    assert bad.exit_code == 1 and bad.output.startswith("Error: invalid SPARQL")
