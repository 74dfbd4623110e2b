"""`s3graph query` (named questions, files, plain SPARQL) and `s3graph queries`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_store_remote import http_server

import s3graph
from s3graph.build import ONTOLOGY_GRAPH
from s3graph.sparql_guard import MAX_QUERY_BYTES

from conftest import Cli, quads

INJECTION = 'ES24" } ; DROP ALL ; #'


def test_named_question_with_a_parameter(run: Cli) -> None:
    result = run("query", "--name", "partnerships-of-region", "--param", "region=ES24")
    assert result.exit_code == 0, result.output
    header, rule, *lines = result.stdout.splitlines()
    assert header.split() == ["id", "partnership", "platform", "role", "via", "via_region"]
    assert set(rule) == {"-", " "}
    assert any(line.startswith("im-h2valleys  European Hydrogen Valleys") for line in lines)


def test_named_question_as_json_and_csv(run: Cli, built_store: s3graph.Store) -> None:
    args = ("query", "--name", "regions-of-partnership", "--param", "partnership=im-h2valleys")
    as_json = run.json(*args)
    as_csv = run.csv(*args)
    expected = s3graph.run_query(built_store, "regions-of-partnership", partnership="im-h2valleys")
    assert as_json == expected.dicts()
    assert [row["code"] for row in as_csv] == [row["code"] for row in as_json]
    assert as_csv[0]["region"] == "Aragón" and as_csv[0]["level"] == "2"


def test_named_question_as_markdown(run: Cli) -> None:
    result = run(
        "query", "--name", "members-with-role", "--param", "role=initiator", "--format", "md"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "| id | partnership | member_id | member | member_type |"
    assert (
        "| im-ccre | Cultural and Creative Regional Ecosystems (CCRE-S3) | ES24 | Aragón | region |"
        in lines
    )


def test_several_parameters(run: Cli) -> None:
    name = ("query", "--name", "regions-absent-from-platform")
    rows = run.csv(*name, "--param", "platform=Energy", "--param", "country=españa")
    codes = [row["code"] for row in rows]
    assert "ES24" in codes and "ES43" not in codes


def test_empty_answer_says_so_and_csv_keeps_the_header(run: Cli) -> None:
    args = ("query", "--name", "search-names", "--param", "text=no such thing")
    assert run(*args).stdout == "(no results)\n"
    assert run(*args, "--format", "csv").stdout.splitlines() == ["kind,id,name"]
    assert run.json(*args) == []
    assert run(*args, "--format", "md").stdout.splitlines() == [
        "| kind | id | name |",
        "| --- | --- | --- |",
    ]


def test_plain_sparql_still_works(run: Cli) -> None:
    select = run(
        "query",
        "SELECT ?id WHERE { ?p a s3:Partnership ; dct:identifier ?id } ORDER BY ?id LIMIT 2",
    )
    assert select.exit_code == 0 and select.stdout.splitlines()[0] == "id"
    assert run("query", "ASK { ?r skos:notation 'ES24' }").stdout == "yes\n"
    construct = run(
        "query", "CONSTRUCT { ?r skos:notation ?c } WHERE { ?r skos:notation 'ES24', ?c }"
    )
    assert "ES24" in construct.stdout


def test_file_with_declared_parameters(run: Cli, tmp_path: Path) -> None:
    question = tmp_path / "leads.rq"
    question.write_text(
        "# title: Leads of a platform\n"
        "# param: platform platform — the platform, e.g. energy\n"
        "SELECT ?platform ?id WHERE {\n"
        "  ?p s3:platform ?platform ; dct:identifier ?id ; ^s3:leads ?lead .\n"
        "} ORDER BY ?id\n",
        encoding="utf-8",
    )
    found = run.json("query", "--file", str(question), "--param", "platform=Energy")
    assert found and all(set(row) == {"id"} and row["id"].startswith("energy-") for row in found)
    plain = run("query", "--file", str(question), "--param", "platform=energy")
    assert plain.exit_code == 0


def test_file_without_header(run: Cli, tmp_path: Path) -> None:
    question = tmp_path / "count.rq"
    question.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a s3:Partnership }", encoding="utf-8")
    assert run.json("query", "--file", str(question))[0]["n"] > 0
    refused = run("query", "--file", str(question), "--param", "x=1")
    assert refused.exit_code == 1
    assert "Error: query 'count.rq' takes no parameters" in refused.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query",), "give one of: a SPARQL query, --name NAME or --file F.rq"),
        (("query", "ASK {}", "--name", "leads-per-platform"), "give one of"),
        (("query", "ASK {}", "--param", "a=b"), "--param goes with --name or --file"),
        (("query", "--name", "region-pairs", "--param", "top"), "expected KEY=VALUE"),
        (
            ("query", "--name", "region-pairs", "--param", "top=1", "--param", "top=2"),
            "'top' is given twice",
        ),
    ],
)
def test_usage_errors_exit_2(run: Cli, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("query", "--name", "regions-of-partnershp"),
            "Error: unknown query 'regions-of-partnershp'; did you mean regions-of-partnership, "
            "sources-of-partnership or region-pairs?",
        ),
        (
            ("query", "--name", "regions-of-partnership"),
            "Error: query 'regions-of-partnership' needs the parameter 'partnership': "
            "the partnership, by id or name, e.g. im-h2valleys",
        ),
        (
            ("query", "--name", "regions-of-partnership", "--param", "partnershp=x"),
            "Error: query 'regions-of-partnership' has no parameter 'partnershp'; "
            "did you mean partnership?",
        ),
        (
            ("query", "--name", "partnerships-of-region", "--param", "region=Berlin"),
            "Error: region 'Berlin' is ambiguous; did you mean DE3 (Berlin, level 1), "
            "DE30 (Berlin, level 2) or DE300 (Berlin, level 3)?",
        ),
        (
            ("query", "--name", "most-connected-regions", "--param", "minimum=many"),
            "Error: parameter minimum: 'many' is not a whole number; give digits, e.g. 3",
        ),
        (
            ("query", "DROP ALL"),
            "Error: updates are not allowed here; s3graph queries are read-only",
        ),
        (
            ("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
            "Error: SERVICE (federated query) is not allowed; pass --allow-service to permit it",
        ),
    ],
)
def test_errors_are_one_line_and_exit_1(run: Cli, args: tuple[str, ...], line: str) -> None:
    assert run.error(*args).startswith(line)


INJECTED_PARAMS = [
    ("partnerships-of-region", "region"),
    ("regions-of-partnership", "partnership"),
    ("partnerships-of-organisation", "organisation"),
    ("countries-absent-from-platform", "platform"),
    ("members-with-role", "role"),
    ("search-names", "text"),
]


def test_injection_and_updates_change_nothing(run: Cli, tmp_path: Path) -> None:
    before = quads(run.location)
    for name, param in INJECTED_PARAMS:
        result = run("query", "--name", name, "--param", f"{param}={INJECTION}", "--format", "csv")
        if result.exit_code == 0:
            assert len(result.stdout.splitlines()) == 1, name  # only the header: nothing found
        else:
            assert result.exit_code == 1 and result.output.startswith("Error: unknown "), name
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL", encoding="utf-8")
    refused = run("query", "--file", str(update))
    assert refused.exit_code == 1 and "updates are not allowed" in refused.output
    assert quads(run.location) == before


def test_queries_lists_every_question(run: Cli) -> None:
    listed = run.json("queries")
    assert [row["name"] for row in listed] == [query.name for query in s3graph.list_queries()]
    pairs = next(row for row in listed if row["name"] == "region-pairs")
    assert pairs["parameters"] == "[platform] [area] [country] [top (integer)] [as_of (date)]"
    table = run("queries").stdout
    assert "partnerships-of-region" in table and "Partnerships of a region" in table


def test_queries_shows_one_question(run: Cli) -> None:
    result = run("queries", "regions-of-partnership")
    assert result.exit_code == 0
    assert result.stdout.startswith("# title: Regions of a partnership\n")
    assert "SELECT ?partnership ?as_of ?code ?region" in result.stdout
    unknown = run("queries", "regions-of-partnershp")
    assert unknown.exit_code == 1 and "did you mean regions-of-partnership" in unknown.output


@pytest.mark.parametrize("command", ["query", "queries"])
def test_help_has_examples(run: Cli, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "--format" in result.stdout


def test_a_dataset_clause_is_honoured(run: Cli) -> None:
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    everything = run.json("query", count.format(""))[0]["n"]
    nowhere = run.json("query", count.format("FROM <https://example.org/no-such-graph>"))
    in_ontology = run.json("query", count.format(f"FROM <{ONTOLOGY_GRAPH}>"))[0]["n"]
    assert nowhere == [{"n": 0}] and 0 < in_ontology < everything
    # FROM NAMED alone leaves the default graph empty, and GRAPH sees only the graphs named.
    assert run.json("query", count.format(f"FROM NAMED <{ONTOLOGY_GRAPH}>")) == [{"n": 0}]
    graphs = f"SELECT DISTINCT ?g FROM NAMED <{ONTOLOGY_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert run.json("query", graphs) == [{"g": str(ONTOLOGY_GRAPH)}]


def test_csv_and_json_give_full_iris_unless_asked_for_prefixed_names(run: Cli) -> None:
    sparql = "SELECT ?r WHERE { ?r skos:notation 'ES24' }"
    aragon = "http://data.europa.eu/nuts/code/ES24"
    assert run.json("query", sparql) == [{"r": aragon}]
    assert run.csv("query", sparql) == [{"r": aragon}]
    assert run.json("query", sparql, "--prefixed") == [{"r": "nutscode:ES24"}]
    assert run("query", sparql).stdout.splitlines()[-1] == "nutscode:ES24"
    assert run("query", sparql, "--iris").stdout.splitlines()[-1] == aragon


def test_a_malformed_service_answer_is_one_error_line(run: Cli) -> None:
    garbage = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": '
    json_type = "application/sparql-results+json"
    with http_server(body=garbage, content_type=json_type) as (url, _):
        sparql = f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
        line = run.error("query", "--allow-service", sparql)
    # Embedded, pyoxigraph reads the answer; remote, the server does, as it streams its own.
    assert line.startswith(("Error: the query failed as it ran: ", "Error: the SPARQL server at "))
    assert "check that server's answer" in line or "sent an answer s3graph cannot read" in line


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "huge"])
def test_a_query_file_must_be_a_small_regular_file(run: Cli, tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "question.rq"
        os.mkfifo(path)
    elif special == "huge":
        path = tmp_path / "huge.rq"
        path.write_bytes(b"#" * (MAX_QUERY_BYTES + 1))
    line = run.error("query", "--file", str(path))
    if special == "huge":
        too_big = f"Error: {path} is larger than 1 MB, which no SPARQL query needs; is it the"
        assert line == too_big + " right file?"
    else:
        assert line == f"Error: {path} is not a regular file; give a .rq file of SPARQL"
