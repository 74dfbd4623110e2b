"""`s3graph build`, `export` and `validate` on a real on-disk store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from conftest import Cli


def test_first_read_builds_a_new_store(tmp_path: Path) -> None:
    run = Cli(tmp_path / "new-store")
    result = run("stats")
    assert result.exit_code == 0, result.output
    assert "Building the store at" in result.stderr
    assert "regions        2010" in result.stdout


def test_build_rebuilds_and_keeps_the_quad_count(run: Cli) -> None:
    before = run("stats", "--format", "csv").stdout
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/s3graph/graph/data/regions: 2010 rows" in result.stdout
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
