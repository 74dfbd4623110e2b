"""The explorer over HTTP (Starlette's test client on a real in-memory Oxigraph store): every
page in every representation, Linked Data, errors as the command line words them, safety."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import Graph, URIRef
from rdflib.namespace import ORG
from starlette.testclient import TestClient

import s3graph
from s3graph.app import ExplorerSettings, create_app
from s3graph.app.security import PAGE_POLICY
from s3graph.app.store_access import SharedStore
from s3graph.catalogue import get_query
from s3graph.entities import describe
from s3graph.namespaces import ID, partnership_iri, region_iri
from s3graph.resolve import ANY_NODE, resolve
from s3graph.sparql_guard import check_user_query
from s3graph.vocabulary import PLATFORMS

from bundled import counts
from conftest import CROWDED_PARTNERSHIP, CROWDED_REGION, quads_of

ENTITY_PATHS = [
    "/region/ES24",
    "/region/ES",
    "/region/FRK21",
    "/id/partnership/im-ccre",
    "/id/partnership/im-h2valleys",
    "/id/org/aragon-exterior",
    "/id/theme/energy",
    "/id/theme/cci",
    "/id/role/lead",
    "/id/membership/im-mobility/HU223/member",
    "/id/collection/eu27",
]
PAGES = ["/", *ENTITY_PATHS]
PICTURE_STARTS = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml"}
"""How a picture the explorer sends begins: a picture file is checked for its kind alone (as
before, by its first bytes), not against a second drawing, which took about a second."""
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


def explorer_for(store: s3graph.Store, **settings: object) -> TestClient:
    """A test client of the explorer over ``store``, started (as ``with`` does)."""
    app = create_app(ExplorerSettings(**settings), store=SharedStore(store=store))  # type: ignore[arg-type]
    return TestClient(app)


@pytest.fixture(scope="module")
def explorer(built_store: s3graph.Store) -> Iterator[TestClient]:
    with explorer_for(built_store) as client:
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_html_and_json(explorer: TestClient, path: str) -> None:
    page = explorer.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.text.startswith("<!DOCTYPE html>")
    data = explorer.get(path, headers={"accept": "application/json"})
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    assert explorer.get(path, params={"format": "json"}).json() == data.json()


@pytest.mark.parametrize("path", ENTITY_PATHS)
@pytest.mark.parametrize("media_type", RDF_TYPES)
def test_an_entity_answers_its_description_as_linked_data(
    explorer: TestClient, built_store: s3graph.Store, path: str, media_type: str
) -> None:
    answer = explorer.get(path, headers={"accept": media_type})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in answer.headers["vary"]
    iri = _iri_of(path)
    # read by another parser than the one that wrote it: Oxigraph's
    triples = ox.parse(answer.content, format=RDF_TYPES[media_type])
    received = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert set(received) == set(describe(built_store, iri))
    assert (iri, None, None) in received


def test_the_format_parameter_chooses_as_the_accept_header_does(explorer: TestClient) -> None:
    for value, media_type in (("ttl", "text/turtle"), ("jsonld", "application/ld+json")):
        by_parameter = explorer.get("/region/ES24", params={"format": value})
        assert by_parameter.headers["content-type"].split(";")[0] == media_type


def test_a_browsers_accept_header_gets_the_page(explorer: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    answer = explorer.get("/id/partnership/im-ccre", headers={"accept": accept})
    assert answer.headers["content-type"].startswith("text/html")


def test_an_entity_page_links_its_alternates(explorer: TestClient) -> None:
    answer = explorer.get("/region/ES24")
    assert (
        '</region/ES24?format=ttl>; rel="alternate"; type="text/turtle"' in answer.headers["link"]
    )


def test_a_region_page_shows_its_partnerships_and_what_they_point_to(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    page = explorer.get("/region/ES24").text
    assert "<h1>Aragón</h1>" in page
    for row in s3graph.partnerships_of_region(built_store, "ES24").dicts():
        assert f'<a href="/id/partnership/{row["id"]}">{row["id"]}</a>' in page
    assert '<a href="/region/ES2">Noreste</a>' in page  # its parent, named


def test_a_region_page_lists_a_hundred_organisations_and_links_to_them_all(
    crowded_store: s3graph.Store,
) -> None:
    whole = s3graph.run_query(crowded_store, "organisations-of-region", region=CROWDED_REGION)
    ids = {row["org_id"] for row in whole.dicts()}
    path = f"/questions/organisations-of-region?region={CROWDED_REGION}"
    with explorer_for(crowded_store) as client:
        page = client.get(f"/region/{CROWDED_REGION}").text
        data = client.get(f"/region/{CROWDED_REGION}", params={"format": "json"}).json()
        listed = client.get(path).text
    shown = _section(page, "organisations")
    assert_lists_a_hundred_of(shown, len(ids), "organisations", path)
    table = data["tables"]["organisations"]
    assert (table["shown"], table["total"], table["whole"]) == (100, len(ids), path)
    assert len({row[0] for row in table["rows"]}) == 100
    assert shown.count("<tr>") == len(table["rows"]) + 1
    for ident in ids:
        assert f"<td>{ident}</td>" in listed


def test_a_partnership_page_lists_a_hundred_sources_and_links_to_them_all(
    crowded_store: s3graph.Store,
) -> None:
    whole = s3graph.run_query(
        crowded_store, "sources-of-partnership", partnership=CROWDED_PARTNERSHIP
    )
    path = f"/questions/sources-of-partnership?partnership={CROWDED_PARTNERSHIP}"
    with explorer_for(crowded_store) as client:
        page = client.get(f"/id/partnership/{CROWDED_PARTNERSHIP}").text
    shown = _section(page, "sources")
    assert_lists_a_hundred_of(shown, len(whole), "facts", path)
    assert shown.count("<tr>") == 100 + 1


def test_a_partnership_page_lists_a_hundred_organisations_and_links_to_them_all(
    crowded_store: s3graph.Store,
) -> None:
    total = len(
        crowded_store.select(
            "SELECT DISTINCT ?o WHERE { ?m org:organization ?p ; org:member ?o . "
            "?o a org:Organization }",
            {"p": partnership_iri(CROWDED_PARTNERSHIP)},
        )
    )
    path = f"/questions/sources-of-partnership?partnership={CROWDED_PARTNERSHIP}"
    with explorer_for(crowded_store) as client:
        page = client.get(f"/id/partnership/{CROWDED_PARTNERSHIP}").text
    shown = _section(page, "organisations")
    assert total > 100
    assert_lists_a_hundred_of(shown, total, "organisations", path)
    assert shown.count("<tr>") == 100 + 1


def test_a_partnership_page_counts_its_many_members_and_its_turtle_lists_them_all(
    crowded_store: s3graph.Store,
) -> None:
    iri = partnership_iri(CROWDED_PARTNERSHIP)
    members = set(describe(crowded_store, iri).objects(iri, ORG.hasMember))
    path = f"/id/partnership/{CROWDED_PARTNERSHIP}"
    with explorer_for(crowded_store) as client:
        page = client.get(path).text
        data = client.get(path, params={"format": "json"}).json()
        turtle = client.get(path, params={"format": "ttl"}).text
    about = page[: page.index("</section>")]
    assert f"{len(members)} values, not listed here" in about
    assert data["not_listed"] == {"org:hasMember": len(members)}
    assert "org:hasMember" not in data["facts"]
    assert set(Graph().parse(data=turtle, format="turtle").objects(iri, ORG.hasMember)) == members


def test_a_region_page_with_few_organisations_lists_them_all(explorer: TestClient) -> None:
    table = explorer.get("/region/ES", params={"format": "json"}).json()["tables"]
    assert "total" not in table["organisations"]
    assert "organisations-of-region" not in explorer.get("/region/ES").text


@pytest.mark.parametrize(
    ("path", "asked", "link"),
    [
        ("/region/ES24", {"region": "ES24"}, "/id/partnership/{}"),
        ("/region/ES", {"region": "ES"}, "/id/partnership/{}"),
        ("/id/partnership/im-h2valleys", {"partnership": "im-h2valleys"}, "/region/{}"),
    ],
)
def test_region_and_partnership_pages_suggest_with_reasons(
    explorer: TestClient,
    built_store: s3graph.Store,
    path: str,
    asked: dict[str, str],
    link: str,
) -> None:
    page = explorer.get(path).text
    shown = _section(page, "suggestions")
    found = s3graph.suggest(built_store, top=5, **asked)  # type: ignore[arg-type]
    assert found.items
    for item in found.items:
        assert f'<a href="{link.format(item.code)}">{item.code}</a>' in shown
        for reason in item.reasons:
            assert str(escape(reason.text)) in shown
            for code in reason.regions[:5]:
                assert f'<a href="/region/{code}">{code}</a>' in shown
    rows = explorer.get(path, params={"format": "json"}).json()["tables"]["suggestions"]["rows"]
    assert [row[1] for row in rows] == [item.code for item in found.items]


def test_the_json_of_a_page_is_the_profile(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    data = explorer.get("/id/partnership/im-h2valleys", params={"format": "json"}).json()
    assert data["iri"] == str(partnership_iri("im-h2valleys"))
    assert data["kind"] == "partnership"
    regions = data["tables"]["regions"]
    expected = s3graph.regions_of_partnership(built_store, "im-h2valleys")
    assert regions["columns"] == expected.variables
    assert [row[0] for row in regions["rows"]] == [row["code"] for row in expected.dicts()]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("aragon", "/region/ES24"),
        ("ARAGÓN", "/region/ES24"),
        ("es24", "/region/ES24"),
        ("hydrogen valleys", "/id/partnership/im-h2valleys"),
        ("aragon-exterior", "/id/org/aragon-exterior"),
    ],
)
def test_the_search_opens_the_page_of_what_a_code_or_name_means(
    explorer: TestClient, text: str, target: str
) -> None:
    answer = explorer.get("/search", params={"q": text}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == target
    found = explorer.get("/search", params={"q": text, "format": "json"}).json()
    assert found["path"] == target


@pytest.mark.parametrize("text", ["Berlin", "Atlantis", ""])
def test_a_search_that_finds_no_one_thing_says_what_the_command_line_says(
    explorer: TestClient, built_store: s3graph.Store, text: str
) -> None:
    expected = _message(lambda: resolve(built_store, ANY_NODE, text))
    page = explorer.get("/search", params={"q": text})
    assert page.status_code == 404
    assert f"Error: {_html(expected)}" in page.text


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/region/es24", "/region/ES24"),
        ("/region/Aragon", "/region/ES24"),
        ("/id/partnership/hydrogen%20valleys", "/id/partnership/im-h2valleys"),
        ("/id/org/Aragon%20Exterior", "/id/org/aragon-exterior"),
        ("/region/es24?format=ttl", "/region/ES24?format=ttl"),
    ],
)
def test_a_name_redirects_to_the_page_of_what_it_names(
    explorer: TestClient, path: str, target: str
) -> None:
    answer = explorer.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == target


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/region/Berlin", 404, lambda store: _message(lambda: _region(store, "Berlin"))),
        ("/region/XX99", 404, lambda store: _message(lambda: _region(store, "XX99"))),
        (
            "/id/partnership/no-such-thing",
            404,
            lambda store: _message(lambda: s3graph.regions_of_partnership(store, "no-such-thing")),
        ),
        (
            "/id/theme/no-such-theme",
            404,
            lambda store: _message(lambda: describe(store, ID["theme/no-such-theme"])),
        ),
        ("/id/partnership/im-ccre?format=xml", 406, None),
        ("/no/such/page", 404, None),
    ],
)
def test_a_bad_address_gets_a_4xx_page_with_the_command_lines_message(
    explorer: TestClient,
    built_store: s3graph.Store,
    path: str,
    status: int,
    message: object,
) -> None:
    page = explorer.get(path)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    data = explorer.get(path, headers={"accept": "application/json"})
    assert data.status_code == status
    if callable(message):
        expected = message(built_store)
        assert data.json()["error"] == expected
        assert f"Error: {_html(expected)}" in page.text


def test_a_page_asked_for_in_a_type_it_lacks_is_406(explorer: TestClient) -> None:
    answer = explorer.get("/region/ES24", headers={"accept": "image/png"})
    assert answer.status_code == 406
    assert "this page answers only in text/html" in answer.text


def test_every_answer_carries_a_strict_content_security_policy(explorer: TestClient) -> None:
    for path in ("/", "/region/ES24", "/no/such/page", "/static/app.css"):
        headers = explorer.get(path).headers
        assert headers["content-security-policy"] == PAGE_POLICY
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "script-src 'self';" in PAGE_POLICY
    assert "'unsafe-inline'" not in PAGE_POLICY


def test_pages_have_no_inline_script(explorer: TestClient) -> None:
    for path in PAGES:
        page = explorer.get(path).text
        assert "<script>" not in page and "onclick" not in page and "style=" not in page


def test_a_public_explorer_answers_only_with_its_token(built_store: s3graph.Store) -> None:
    token = "correct-horse-battery-staple"
    with explorer_for(built_store, token=token) as client:
        refused = client.get("/region/ES24", headers={"accept": "text/turtle"})
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        wrong = client.get("/", headers={"authorization": "Bearer wrong-token"})
        assert wrong.status_code == 401
        allowed = client.get("/region/ES24", headers={"authorization": f"Bearer {token}"})
        assert allowed.status_code == 200
        # a browser is sent to the login form, which sets the cookie
        browser = client.get(
            "/region/ES24", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert browser.status_code == 303
        assert browser.headers["location"] == "/login?next=%2Fregion%2FES24"
        assert client.get("/login").status_code == 200
        rejected = client.post("/login", data={"token": "guess"}, follow_redirects=False)
        assert rejected.status_code == 401
        assert client.get("/").status_code == 401
        accepted = client.post(
            "/login?next=/region/ES24", data={"token": token}, follow_redirects=False
        )
        assert accepted.status_code == 303
        assert accepted.headers["location"] == "/region/ES24"
        assert "httponly" in accepted.headers["set-cookie"].lower()
        assert client.get("/region/ES24").status_code == 200


def test_the_login_form_sends_nowhere_but_here(built_store: s3graph.Store) -> None:
    with explorer_for(built_store, token="correct-horse-battery-staple") as client:
        answer = client.post(
            "/login?next=//evil.example/",
            data={"token": "correct-horse-battery-staple"},
            follow_redirects=False,
        )
        assert answer.headers["location"] == "/"


def _iri_of(path: str) -> URIRef:
    if path.startswith("/region/"):
        return region_iri(path.removeprefix("/region/"))
    return ID[path.removeprefix("/id/")]


def _message(action: object) -> str:
    try:
        action()  # type: ignore[operator]
    except s3graph.S3GraphError as err:
        return str(err)
    raise AssertionError("no error")


def _region(store: s3graph.Store, text: str) -> object:
    return s3graph.partnerships_of_region(store, text)


def _html(text: str) -> str:
    """Text as the templates escape it."""
    return str(escape(text))


def test_the_questions_page_lists_every_named_question(explorer: TestClient) -> None:
    names = [query.name for query in s3graph.list_queries()]
    assert [item["name"] for item in explorer.get("/questions?format=json").json()] == names
    page = explorer.get("/questions").text
    assert all(f'<a href="/questions/{name}">' in page for name in names)


@pytest.mark.parametrize("name", [query.name for query in s3graph.list_queries()])
def test_every_question_has_a_form_and_its_sparql(explorer: TestClient, name: str) -> None:
    query = get_query(name)
    page = explorer.get(f"/questions/{name}")
    assert page.status_code == 200
    for param in query.params:
        assert f'name="{param.name}"' in page.text
    assert str(escape(query.text.splitlines()[0])) in page.text


def test_a_question_answers_as_run_query_does_in_every_format(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    path = "/questions/partnerships-of-region"
    params = {"region": "aragon"}
    expected = s3graph.run_query(built_store, "partnerships-of-region", region="aragon")
    page = explorer.get(path, params=params).text
    for row in expected.dicts():
        assert f'<a href="/id/partnership/{row["id"]}">' not in page  # a question's ids are text
        assert f"<td>{row['id']}</td>" in page
    data = explorer.get(path, params={**params, "format": "json"}).json()
    assert data["columns"] == expected.variables
    assert data["rows"] == [list(row.values()) for row in expected.dicts()]
    csv_answer = explorer.get(path, params={**params, "format": "csv"})
    assert csv_answer.text == s3graph.render(expected, s3graph.OutputFormat.CSV)
    assert csv_answer.headers["content-disposition"] == (
        'attachment; filename="partnerships-of-region.csv"'
    )
    xlsx = explorer.get(path, params={**params, "format": "xlsx"})
    rows = _xlsx_rows(xlsx.content)
    assert rows[0] == tuple(expected.variables)
    assert [row[0] for row in rows[1:]] == [row["id"] for row in expected.dicts()]


def test_a_choice_from_the_vocabulary_is_a_list_to_pick_from(explorer: TestClient) -> None:
    page = explorer.get("/questions/countries-absent-from-platform").text
    assert '<select id="param-platform" name="platform" required>' in page
    for term in PLATFORMS:
        assert f'<option value="{term.slug}">{escape(term.label)}</option>' in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("partnerships-of-region?region=Berlin", 404),
        ("partnerships-of-region?region=", 400),
        ("partnerships-established-since?year=last%20year", 400),
        ("countries-absent-from-platform?platform=enrgy", 404),
        ("region-pairs?top=many", 400),
        ("regions-of-partnershp", 404),
    ],
)
def test_a_bad_question_or_parameter_gets_the_command_lines_message(
    explorer: TestClient, built_store: s3graph.Store, query: str, status: int
) -> None:
    name, _, parameter = query.partition("?")
    key, _, value = parameter.partition("=")
    params = {key: value.replace("%20", " ")} if key and value else {}
    expected = _message(lambda: s3graph.run_query(built_store, name, **params))
    page = explorer.get(f"/questions/{query}")
    assert page.status_code == status
    assert f"Error: {_html(expected)}" in page.text
    data = explorer.get(f"/questions/{query}", headers={"accept": "application/json"})
    assert (data.status_code, data.json()["error"]) == (status, expected)


def _xlsx_rows(content: bytes) -> list[tuple[object, ...]]:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_views_page_has_the_options_of_s3graph_view(explorer: TestClient) -> None:
    page = explorer.get("/views").text
    for name in ("view", "platform", "area", "country", "focus", "depth", "min_weight", "top_k"):
        assert f'name="{name}"' in page
    assert "<iframe" not in page  # nothing drawn before a view is chosen


def test_a_chosen_view_is_summarised_drawn_and_offered_in_every_format(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    query = "view=region-network&focus=ES24&depth=1"
    graph = s3graph.region_network(built_store, focus="ES24", depth=1)
    data = explorer.get(f"/views?{query}&format=json").json()
    summary = dict(data["summary"]["rows"])
    assert (summary["nodes"], summary["edges"]) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    assert set(data["files"]) == {fmt.value for fmt in s3graph.ExportFormat}
    page = explorer.get(f"/views?{query}").text
    assert '<iframe class="drawing" src="/views/drawing?view=region-network&amp;focus=ES24' in page


def test_a_drawing_runs_only_its_own_inline_code(explorer: TestClient) -> None:
    answer = explorer.get("/views/drawing?view=partnership-overlap&platform=energy")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    nonce = re.search(r"script-src 'nonce-([^']+)'", policy).group(1)  # type: ignore[union-attr]
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]
    scripts = re.findall(r"^<script([^>]*)>", answer.text, flags=re.MULTILINE)
    assert scripts and all(attributes == f' nonce="{nonce}"' for attributes in scripts)
    assert (
        nonce
        not in explorer.get("/views/drawing?view=partnership-overlap").headers[
            "content-security-policy"
        ]
    )


@pytest.mark.parametrize("fmt", list(s3graph.ExportFormat))
def test_a_view_file_is_what_write_view_writes(
    explorer: TestClient, built_store: s3graph.Store, fmt: s3graph.ExportFormat
) -> None:
    answer = explorer.get(f"/views/file?view=bipartite&platform=agri-food&fmt={fmt.value}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="bipartite.{fmt.value}"'
    if fmt.value in PICTURE_STARTS:
        assert answer.content.startswith(PICTURE_STARTS[fmt.value])
        return
    expected = io.BytesIO()
    s3graph.write_view(
        s3graph.bipartite_network(built_store, platform="agri-food"), expected, fmt=fmt
    )
    assert answer.content == expected.getvalue()


@pytest.mark.parametrize(
    ("query", "status", "library"),
    [
        ("view=region-network&focus=Atlantis", 404, {"focus": "Atlantis"}),
        ("view=region-network&platform=enrgy", 404, {"platform": "enrgy"}),
        ("view=region-network&depth=deep", 400, None),
        ("view=region-network&top_k=0", 400, None),
        ("view=nope", 400, None),
    ],
)
def test_a_bad_view_option_gets_a_4xx_page(
    explorer: TestClient,
    built_store: s3graph.Store,
    query: str,
    status: int,
    library: dict[str, str] | None,
) -> None:
    page = explorer.get(f"/views?{query}")
    assert page.status_code == status
    assert explorer.get(f"/views/drawing?{query}").status_code == status
    if library is not None:
        expected = _message(lambda: s3graph.region_network(built_store, **library))
        assert f"Error: {_html(expected)}" in page.text


SELECT_PARTNERSHIPS = (
    "SELECT ?p ?name WHERE { ?p a s3:Partnership ; skos:prefLabel ?name } ORDER BY ?p"
)


def test_sparql_answers_the_protocol_as_the_store_does(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    expected = built_store.select(SELECT_PARTNERSHIPS)
    answers = [
        explorer.get("/sparql", params={"query": SELECT_PARTNERSHIPS}),
        explorer.post("/sparql", data={"query": SELECT_PARTNERSHIPS}),
        explorer.post(
            "/sparql",
            content=SELECT_PARTNERSHIPS,
            headers={"content-type": "application/sparql-query"},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/sparql-results+json"
        bindings = answer.json()["results"]["bindings"]
        assert [row["p"]["value"] for row in bindings] == [str(row[0]) for row in expected]
    as_csv = explorer.get(
        "/sparql", params={"query": SELECT_PARTNERSHIPS}, headers={"accept": "text/csv"}
    )
    assert as_csv.text.splitlines()[1].startswith(str(expected.rows[0][0]))
    as_xml = explorer.get("/sparql", params={"query": SELECT_PARTNERSHIPS, "format": "xml"})
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    ask = explorer.get("/sparql", params={"query": "ASK { ?s a s3:Region }"})
    assert ask.json()["boolean"] is True


def test_sparql_answers_a_construct_in_the_rdf_format_asked_for(explorer: TestClient) -> None:
    query = "CONSTRUCT { ?p a s3:Partnership } WHERE { ?p a s3:Partnership }"
    turtle = explorer.get("/sparql", params={"query": query})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) == counts()["partnerships"]
    triples = explorer.get(
        "/sparql", params={"query": query}, headers={"accept": "application/n-triples"}
    )
    assert len(Graph().parse(data=triples.text, format="nt")) == counts()["partnerships"]


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"params": {"query": "DROP ALL"}},
        {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}},
        {"params": {"query": "SELEC ?s WHERE { ?s ?p ?o }"}},
    ],
)
def test_sparql_refuses_what_s3graph_query_refuses(
    explorer: TestClient, request_kwargs: dict[str, Any]
) -> None:
    expected = _message(lambda: check_user_query(request_kwargs["params"]["query"]))
    answer = explorer.get("/sparql", headers={"accept": "application/json"}, **request_kwargs)
    assert (answer.status_code, answer.json()["error"]) == (400, expected)
    page = explorer.post("/sparql?format=html", data={"query": request_kwargs["params"]["query"]})
    assert page.status_code == 400
    assert f"Error: {_html(expected)}" in page.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "DROP ALL"}},
        {"content": "DROP ALL", "headers": {"content-type": "application/sparql-update"}},
        {"data": {"query": "SELECT * {}", "default-graph-uri": "https://example.org/"}},
    ],
)
def test_sparql_takes_no_update_and_no_protocol_dataset(
    explorer: TestClient, built_store: s3graph.Store, request_kwargs: dict[str, Any]
) -> None:
    before = built_store.quad_count()
    assert explorer.post("/sparql", **request_kwargs).status_code == 400
    assert built_store.quad_count() == before


def test_sparql_keeps_to_the_result_limit(built_store: s3graph.Store) -> None:
    limit = built_store.max_results
    try:
        with explorer_for(built_store, max_results=5) as client:
            built_store.max_results = 5
            answer = client.get(
                "/sparql",
                params={"query": SELECT_PARTNERSHIPS},
                headers={"accept": "application/json"},
            )
    finally:
        built_store.max_results = limit
    assert answer.status_code == 413
    assert "more than 5 results (the result limit)" in answer.json()["error"]


def test_the_sparql_editor_shows_the_prefixes_and_the_answer_as_a_table(
    explorer: TestClient,
) -> None:
    editor = explorer.get("/sparql", headers={"accept": "text/html"}).text
    assert "PREFIX s3: &lt;https://w3id.org/s3graph/ontology#&gt;" in editor
    page = explorer.post("/sparql?format=html", data={"query": SELECT_PARTNERSHIPS}).text
    assert f"{counts()['partnerships']} rows" in page
    assert '<a href="/id/partnership/im-ccre">' in page


EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"


@pytest.fixture
def loading_explorer(memory_store: s3graph.Store) -> Iterator[TestClient]:
    with explorer_for(memory_store, allow_load=True) as client:
        yield client


def upload(client: TestClient, path: Path, **fields: str) -> Any:
    """Check a file through the upload form, with the form's CSRF token."""
    token = client.get("/load").cookies["s3graph_csrf"]
    with path.open("rb") as file:
        return client.post(
            "/load",
            data={"csrf": token, **fields},
            files={"file": (path.name, file, "text/csv")},
        )


def confirm(client: TestClient, page: str) -> Any:
    ident = re.search(r'name="upload" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    token = client.cookies["s3graph_csrf"]
    return client.post("/load/confirm", data={"csrf": token, "upload": ident})


def test_a_read_only_explorer_takes_no_upload(explorer: TestClient) -> None:
    for answer in (explorer.get("/load"), explorer.post("/load", data={})):
        assert answer.status_code == 403
        message = "this explorer is read-only; start it with 's3graph app --allow-load'"
        assert _html(message) in answer.text
    assert 'href="/load"' not in explorer.get("/").text


def test_a_broken_file_shows_every_fault_and_loads_nothing(
    loading_explorer: TestClient, memory_store: s3graph.Store
) -> None:
    s3graph.load_csv(memory_store, EXAMPLES / "my-partnerships.csv")  # as in the README
    before = quads_of(memory_store)
    path = EXAMPLES / "broken-memberships.csv"
    with pytest.raises(s3graph.BadDataError) as expected:
        s3graph.load_csv(memory_store, path, dry_run=True)
    answer = upload(loading_explorer, path)
    assert answer.status_code == 422
    assert "Error: 4 faults; nothing was written:" in answer.text
    for fault in expected.value.faults:
        assert str(escape(str(dataclasses.replace(fault, file=path.name)))) in answer.text
    assert 'name="upload"' not in answer.text  # nothing to confirm
    assert quads_of(memory_store) == before


def test_a_good_file_is_checked_then_loaded_on_confirmation(
    loading_explorer: TestClient, memory_store: s3graph.Store
) -> None:
    checked = upload(loading_explorer, EXAMPLES / "my-partnerships.csv")
    assert checked.status_code == 200
    graph = "https://w3id.org/s3graph/graph/csv/my-partnerships"
    assert re.search(rf"Would load 1 partnerships \(\d+ triples\) into {graph}\.", checked.text)
    assert URIRef(graph) not in memory_store.named_graphs()
    loaded = confirm(loading_explorer, checked.text)
    assert loaded.status_code == 200
    assert re.search(rf"Loaded 1 partnerships \(\d+ triples\) into {graph}\.", loaded.text)
    assert URIRef(graph) in memory_store.named_graphs()
    page = loading_explorer.get("/id/partnership/demo-green-ports")
    assert "<h1>Green Ports (an example)</h1>" in page.text
    again = confirm(loading_explorer, checked.text)  # the upload is gone once loaded
    assert again.status_code == 400
    assert "this upload is no longer here" in again.text


def test_an_uploads_warnings_are_shown_as_the_command_line_prints_them(
    loading_explorer: TestClient, memory_store: s3graph.Store
) -> None:
    s3graph.load_csv(memory_store, EXAMPLES / "my-partnerships.csv")
    path = EXAMPLES / "nuts2024-memberships.csv"  # a NUTS 2024 code, read as its 2021 region
    [warning] = s3graph.load_csv(memory_store, path, dry_run=True).warnings
    expected = f"warning: {dataclasses.replace(warning, file=path.name)}"
    assert "NL332" in expected
    checked = upload(loading_explorer, path)
    assert checked.status_code == 200
    assert str(escape(expected)) in checked.text
    assert str(escape(expected)) in confirm(loading_explorer, checked.text).text


def test_an_upload_needs_the_forms_token_and_this_site(loading_explorer: TestClient) -> None:
    path = EXAMPLES / "my-partnerships.csv"
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    assert loading_explorer.post("/load", files=files).status_code == 403
    token = loading_explorer.get("/load").cookies["s3graph_csrf"]
    assert loading_explorer.post("/load", data={"csrf": "forged"}, files=files).status_code == 403
    cross_site = loading_explorer.post(
        "/load",
        data={"csrf": token},
        files=files,
        headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert cross_site.status_code == 403
    assert upload(loading_explorer, path).status_code == 200


def test_an_upload_keeps_to_its_size_and_row_limits(memory_store: s3graph.Store) -> None:
    path = EXAMPLES / "my-memberships.csv"
    with explorer_for(memory_store, allow_load=True, max_upload_bytes=100) as client:
        too_large = upload(client, path)
    assert too_large.status_code == 413
    assert "over the limit of 100" in too_large.text
    with explorer_for(memory_store, allow_load=True, max_upload_rows=2) as client:
        too_long = upload(client, path)
    assert too_long.status_code == 413
    assert "my-memberships.csv: more than 2 data rows" in too_long.text


def test_an_uploaded_file_name_is_never_a_path(
    loading_explorer: TestClient, memory_store: s3graph.Store
) -> None:
    token = loading_explorer.get("/load").cookies["s3graph_csrf"]
    content = (EXAMPLES / "my-partnerships.csv").read_bytes()
    checked = loading_explorer.post(
        "/load",
        data={"csrf": token},
        files={"file": ("../../../tmp/evil name.csv", content, "text/csv")},
    )
    assert checked.status_code == 200
    assert "into https://w3id.org/s3graph/graph/csv/evil-name." in checked.text
    assert not Path("/tmp/evil name.csv").exists()


def test_the_map_page_draws_the_map_and_offers_its_files(
    explorer: TestClient, built_store: s3graph.Store
) -> None:
    expected = s3graph.region_map(built_store, partnership="im-h2valleys")
    data = explorer.get("/map?partnership=hydrogen%20valleys&format=json").json()
    assert data["title"] == expected.data.title
    page = explorer.get("/map?partnership=im-h2valleys").text
    frame = '<iframe class="drawing" src="/map/drawing?measure=partnerships&amp;partnership='
    assert frame + "im-h2valleys" in page
    drawing = explorer.get("/map/drawing?partnership=im-h2valleys")
    nonce = re.search(r"script-src 'nonce-([^']+)'", drawing.headers["content-security-policy"])
    assert nonce is not None
    assert re.findall(r"^<script>", drawing.text, flags=re.MULTILINE) == []
    for fmt in s3graph.MapFormat:
        answer = explorer.get(f"/map/file?partnership=im-h2valleys&fmt={fmt.value}")
        assert answer.status_code == 200
        if fmt.value in PICTURE_STARTS:
            assert answer.content.startswith(PICTURE_STARTS[fmt.value])
            continue
        written = io.BytesIO()
        expected.write(written, fmt)
        assert answer.content == written.getvalue()


@pytest.mark.parametrize(
    ("query", "status", "library"),
    [
        ("partnership=Atlantis", 404, {"partnership": "Atlantis"}),
        ("country=Atlantis", 404, {"country": "Atlantis"}),
        ("level=9", 400, None),
    ],
)
def test_a_bad_map_option_gets_a_4xx_page(
    explorer: TestClient,
    built_store: s3graph.Store,
    query: str,
    status: int,
    library: dict[str, str] | None,
) -> None:
    page = explorer.get(f"/map?{query}")
    assert page.status_code == status
    if library is not None:
        expected = _message(lambda: s3graph.region_map(built_store, **library))
        assert f"Error: {_html(expected)}" in page.text


@pytest.mark.parametrize(
    ("path", "drawings"),
    [
        (
            "/region/ES24",
            ["/views/drawing?view=region-network&focus=ES24&depth=1", "/map/drawing?country=ES"],
        ),
        ("/region/ES", ["/map/drawing?country=ES"]),
        (
            "/id/partnership/im-h2valleys",
            [
                "/map/drawing?partnership=im-h2valleys",
                "/views/drawing?view=partnership-overlap&focus=im-h2valleys&depth=1",
            ],
        ),
        ("/id/theme/energy", ["/map/drawing?platform=energy"]),
    ],
)
def test_an_entity_page_draws_its_neighbourhood(
    explorer: TestClient, path: str, drawings: list[str]
) -> None:
    page = explorer.get(path).text
    sources = re.findall(r'<iframe class="drawing small" src="([^"]+)"', page)
    assert [str(escape(drawing)) for drawing in drawings] == sources
    for drawing in drawings:
        assert explorer.get(drawing).status_code == 200


SAMPLE_PATH_PARAMETERS = {"code": "ES24", "path": "partnership/im-ccre", "name": "region-pairs"}


def test_every_route_answers_without_a_server_error(explorer: TestClient) -> None:
    from starlette.routing import Mount, Route

    routes = explorer.app.app.routes  # type: ignore[attr-defined]
    assert len(routes) >= 12
    for route in routes:
        if isinstance(route, Mount):
            paths = [route.path + "/app.css", route.path + "/app.js", route.path + "/../x"]
        else:
            assert isinstance(route, Route)
            paths = [route.path.replace("{path:path}", "{path}").format(**SAMPLE_PATH_PARAMETERS)]
        for path in paths:
            methods = getattr(route, "methods", None) or {"GET"}
            for method in methods - {"HEAD"}:
                for query in ("", "?format=json", "?format=bogus", "?q=%00&view=%FF"):
                    answer = explorer.request(method, path + query)
                    assert answer.status_code < 500, (method, path + query, answer.text[:300])


def _section(page: str, section_id: str) -> str:
    """The HTML of a page's ``<section id=...>``, up to its end."""
    start = page.index(f'<section id="{section_id}">')
    return page[start : page.index("</section>", start)]


def assert_lists_a_hundred_of(shown: str, total: int, noun: str, path: str) -> None:
    """A bounded section says it shows 100 of ``total`` and links to where all of them are."""
    assert f'<span class="count">100 of {total}</span>' in shown
    assert f'<a href="{path}">all {total} {noun}</a>' in shown
