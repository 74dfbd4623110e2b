"""The named questions of s3graph/queries/*.rq and how they run (s3graph.catalogue)."""

from __future__ import annotations

import re
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

import s3graph
from s3graph import catalogue
from s3graph.catalogue import PARAM_TYPES, get_query, list_queries, parse_query, run_query
from s3graph.comembership import membership_edges
from s3graph.computed import COMPUTED
from s3graph.errors import QueryError, UnknownNameError
from s3graph.namespaces import EU27, partnership_iri

from bundled import member_regions
from conftest import quads_of

INJECTION = 'ES24" } ; DROP ALL ; #'
ONTOLOGY = Path(__file__).parents[1] / "ontology"
QUESTIONS_IN_THE_ISSUE = {
    "regions-of-partnership",
    "partnerships-of-region",
    "leads-per-platform",
    "partnerships-per-platform",
    "region-pairs",
    "countries-absent-from-platform",
    "regions-absent-from-platform",
    "organisations-of-region",
    "partnership-size-by-country",
    "sources-of-partnership",
}


def rows(store: s3graph.Store, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(store, name, **params).dicts()


def example_params(query: s3graph.NamedQuery) -> dict[str, str]:
    words = shlex.split(query.examples[0])
    params = dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "--param")
    for option in ("--platform", "--area", "--country", "--top"):
        if option in words:
            params[option[2:]] = words[words.index(option) + 1]
    return params


# -- the catalogue itself -------------------------------------------------------------------


def test_catalogue_holds_the_questions_of_the_issue() -> None:
    assert {query.name for query in list_queries()} >= QUESTIONS_IN_THE_ISSUE


@pytest.mark.parametrize("query", list_queries(), ids=lambda query: query.name)
def test_every_question_is_documented(query: s3graph.NamedQuery) -> None:
    assert query.title and query.title != query.name
    assert query.description.endswith(".")
    assert query.examples and query.examples[0].startswith("s3graph ")
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert "e.g. " in param.description
        assert re.search(rf"\?{param.name}\b", query.text) or query.computed


@pytest.mark.parametrize("query", list_queries(), ids=lambda query: query.name)
def test_every_example_runs_and_hides_its_parameters(
    built_store: s3graph.Store, query: s3graph.NamedQuery
) -> None:
    results = run_query(built_store, query.name, **example_params(query))
    assert results.variables
    assert not set(results.variables) & {param.name for param in query.params}
    assert all(not isinstance(term, URIRef) for row in results for term in row)


def test_descriptors_name_title_description_params() -> None:
    query = get_query("partnerships-of-region")
    assert (query.name, query.title) == ("partnerships-of-region", "Partnerships of a region")
    assert "parent" in query.description and "sub-region" in query.description
    param, as_of = query.params
    assert (param.name, param.type, param.optional) == ("region", "region", False)
    assert param.description == "the region, by NUTS code or name, e.g. ES24"
    assert (as_of.name, as_of.type, as_of.optional) == ("as_of", "date", True)
    assert [str(param) for param in get_query("region-pairs").params] == [
        "[platform]",
        "[area]",
        "[country]",
        "[top (integer)]",
        "[as_of (date)]",
    ]


def test_unknown_question_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError) as caught:
        get_query("regions-of-partnershp")
    assert str(caught.value).startswith(
        "unknown query 'regions-of-partnershp'; did you mean regions-of-partnership"
    )
    with pytest.raises(UnknownNameError, match="list them with: s3graph queries"):
        get_query("zzz")


def test_header_lines_are_checked() -> None:
    with pytest.raises(QueryError, match=r"mine.rq line 2: a param line reads"):
        parse_query("# title: Mine\n# param: region\nSELECT * {}", name="mine.rq")
    with pytest.raises(QueryError, match="unknown parameter type 'regoin'; use one of: region"):
        parse_query("# param: r regoin — a region, e.g. ES24\nSELECT * {}", name="mine.rq")


def test_questions_computed_in_python_are_registered_in_python() -> None:
    for name, function in COMPUTED.items():
        query = get_query(name)
        assert query.computed is function
        assert not re.search(r"^\s*(SELECT|ASK|CONSTRUCT)", query.text, re.MULTILINE | re.I)
    asked = [query for query in list_queries() if not query.computed]
    assert all("SELECT" in query.text for query in asked)


def test_a_user_query_is_never_answered_by_a_function() -> None:
    text = "# computed-by: s3graph.loading.build_store\nASK {}"
    assert parse_query(text, name="region-pairs").computed is None


def test_header_of_a_user_query() -> None:
    query = parse_query(
        "# title: Mine\n# description: Several\n#   lines.\n"
        "# param: year year optional -- a year, e.g. 2018\n# just a comment: ignored\n"
        "SELECT ?year ?x WHERE { ?x ?p ?year }",
        name="mine.rq",
    )
    assert (query.title, query.description) == ("Mine", "Several lines.")
    assert query.params == (catalogue.QueryParam("year", "year", "a year, e.g. 2018", True),)


# -- parameters -----------------------------------------------------------------------------


def test_parameters_are_checked(built_store: s3graph.Store) -> None:
    with pytest.raises(QueryError, match="needs the parameter 'partnership': the partnership"):
        run_query(built_store, "regions-of-partnership")
    with pytest.raises(UnknownNameError, match="has no parameter 'partnershp'; did you mean"):
        run_query(built_store, "regions-of-partnership", partnershp="im-ccre")
    with pytest.raises(UnknownNameError, match="takes no parameters"):
        run_query(built_store, parse_query("ASK {}", name="mine"), platform="energy")
    with pytest.raises(QueryError, match="parameter minimum: 'three' is not a whole number"):
        run_query(built_store, "most-connected-regions", minimum="three")
    with pytest.raises(QueryError, match="parameter year: '18' is not a year"):
        run_query(built_store, "partnerships-established-since", year="18")
    with pytest.raises(UnknownNameError, match="unknown role 'boss'"):
        run_query(built_store, "members-with-role", role="boss")


def test_rdf_terms_and_numbers_are_bound_as_given(built_store: s3graph.Store) -> None:
    by_term = rows(
        built_store, "regions-of-partnership", partnership=partnership_iri("im-h2valleys")
    )
    assert by_term == rows(built_store, "regions-of-partnership", partnership="im-h2valleys")
    assert rows(built_store, "most-connected-regions", minimum=3) == rows(
        built_store, "most-connected-regions", minimum="3"
    )


def test_injection_finds_nothing_and_changes_nothing(memory_store: s3graph.Store) -> None:
    before = quads_of(memory_store)
    with pytest.raises(UnknownNameError):
        run_query(memory_store, "partnerships-of-region", region=INJECTION)
    with pytest.raises(UnknownNameError):
        run_query(memory_store, "regions-of-partnership", partnership=INJECTION)
    with pytest.raises(QueryError):
        run_query(memory_store, "most-connected-regions", minimum="1 } ; DROP ALL ; #")
    assert rows(memory_store, "search-names", text=INJECTION) == []
    assert rows(memory_store, "search-names", text='" . } DROP ALL { "') == []
    assert quads_of(memory_store) == before


def test_results_load_into_pandas(built_store: s3graph.Store) -> None:
    pytest.importorskip("pandas")
    frame = run_query(built_store, "regions-of-partnership", partnership="im-h2valleys").to_pandas()
    assert list(frame.columns[:2]) == ["code", "region"]
    assert "ES24" in set(frame["code"])


# -- each question's answer on the bundled data ---------------------------------------------


def test_regions_of_partnership(built_store: s3graph.Store) -> None:
    found = rows(built_store, "regions-of-partnership", partnership="im-h2valleys")
    assert {row["code"] for row in found} == set(member_regions("im-h2valleys"))
    aragon = next(row for row in found if row["code"] == "ES24")
    assert aragon == {
        "code": "ES24",
        "region": "Aragón",
        "level": 2,
        "country": "ES",
        "role": "lead",
        "since": None,
        "until": None,
    }
    roles = [
        row["role"] for row in rows(built_store, "regions-of-partnership", partnership="agri-tbd")
    ]
    assert roles.index("lead") < roles.index("co-lead") < roles.index("member")


def test_partnerships_of_region_direct(built_store: s3graph.Store) -> None:
    found = {row["id"]: row for row in rows(built_store, "partnerships-of-region", region="ES24")}
    assert {"im-h2valleys", "im-ccre"} <= set(found)
    assert found["im-h2valleys"]["role"] == "lead"
    assert found["im-ccre"]["role"] == "initiator"
    assert found["im-ccre"]["partnership"] == "Cultural and Creative Regional Ecosystems (CCRE-S3)"
    assert found["im-ccre"]["platform"] == "Industrial Modernisation"
    assert {row["via"] for row in found.values()} == {"direct"}


def test_partnerships_of_region_through_parent_and_sub_region(built_store: s3graph.Store) -> None:
    ain = rows(built_store, "partnerships-of-region", region="FRK21")
    assert {"id": "im-h2valleys", "via": "FRK", "via_region": "Auvergne-Rhône-Alpes"}.items() <= (
        next(row for row in ain if row["id"] == "im-h2valleys").items()
    )
    flanders = rows(built_store, "partnerships-of-region", region="BE2")
    textile = next(row for row in flanders if row["id"] == "im-textile")
    assert (textile["via"], textile["via_region"]) == ("BE25", "Prov. West-Vlaanderen")
    assert next(row for row in flanders if row["id"] == "im-3dp")["via"] == "direct"


def test_leads_per_platform(built_store: s3graph.Store) -> None:
    found = rows(built_store, "leads-per-platform")
    assert {
        "platform": "Industrial Modernisation",
        "id": "im-h2valleys",
        "partnership": "European Hydrogen Valleys",
        "role": "lead",
        "member_id": "ES24",
        "member": "Aragón",
        "member_type": "region",
    } in found
    assert any(row["member_id"] == "ecrn" and row["member_type"] == "organisation" for row in found)
    assert {row["role"] for row in found} <= {"lead", "co-lead", None}
    unled = [row for row in found if row["id"] == "energy-smartgrids"]
    assert len(unled) == 1 and unled[0]["role"] is None


def test_partnerships_per_platform_and_area(built_store: s3graph.Store) -> None:
    found = {row["id"]: row for row in rows(built_store, "partnerships-per-platform")}
    assert found["im-ccre"]["area"] == "Cultural and Creative Industries"
    assert found["im-ccre"]["established"] == "2020"
    assert found["im-h2valleys"]["regions"] == len(member_regions("im-h2valleys"))
    assert found["im-h2valleys"]["platform"] == "Industrial Modernisation"
    assert found["im-cyber"]["member_list"] == "complete"
    assert len(found) == len(built_store.select("SELECT ?p { ?p a s3:Partnership }"))


def test_region_pairs_in_the_catalogue(built_store: s3graph.Store) -> None:
    found = rows(built_store, "region-pairs", top="5")
    assert len(found) == 5
    shared = [row["shared"] for row in found]
    assert shared == sorted(shared, reverse=True)


def eu27_codes() -> set[str]:
    schemes = Graph().parse(ONTOLOGY / "schemes.ttl")
    return {str(member).rsplit("/", 1)[1] for member in schemes.objects(EU27, SKOS.member)}


def test_countries_absent_from_platform(built_store: s3graph.Store) -> None:
    present = {edge.country for edge in membership_edges(built_store, platform="energy")}
    found = rows(built_store, "countries-absent-from-platform", platform="Energy")
    assert len(eu27_codes()) == 27
    assert {row["code"] for row in found} == eu27_codes() - present
    assert "ES" not in {row["code"] for row in found}


def test_regions_absent_from_platform(built_store: s3graph.Store) -> None:
    found = {
        row["code"]: row["region"]
        for row in rows(
            built_store, "regions-absent-from-platform", platform="energy", country="ES"
        )
    }
    assert found["ES24"] == "Aragón"
    assert "ES43" not in found  # Extremadura leads Solar Energy
    assert all(code.startswith("ES") and len(code) == 4 for code in found)
    everywhere = rows(built_store, "regions-absent-from-platform", platform="energy")
    assert {row["code"][:2] for row in everywhere} <= eu27_codes()


def test_organisations_of_region(built_store: s3graph.Store) -> None:
    aragon = rows(built_store, "organisations-of-region", region="ES24")
    assert {
        "org_id": "aragon-exterior",
        "organisation": "Aragón Exterior",
        "type": "public body",
        "code": "ES24",
        "based_in": "Aragón",
        "id": None,
        "partnership": None,
        "role": None,
    } in aragon
    france = rows(built_store, "organisations-of-region", region="FR")
    lyon = next(row for row in france if row["org_id"] == "lyonbiopole")
    assert (lyon["type"], lyon["code"], lyon["id"], lyon["role"]) == (
        "cluster",
        "FRK",
        "im-medtech",
        "member",
    )


def test_partnership_size_by_country(built_store: s3graph.Store) -> None:
    sizes = {
        row["code"]: (row["members"], row["regions"], row["organisations"])
        for row in rows(built_store, "partnership-size-by-country")
        if row["id"] == "im-h2valleys"
    }
    countries = Counter(code[:2] for code in member_regions("im-h2valleys"))
    assert sizes == {country: (count, count, 0) for country, count in countries.items()}


def test_sources_of_partnership(built_store: s3graph.Store) -> None:
    found = rows(built_store, "sources-of-partnership", partnership="im-ccre")
    facts = {row["fact"] for row in found}
    assert facts == {"partnership", "membership", "event"}
    aragon = [row for row in found if row["member_id"] == "ES24"]
    assert aragon and all(row["role"] == "initiator" for row in aragon)
    assert all(row["graph"] == "data/memberships" for row in aragon)
    assert all(row["source"].startswith("http") for row in found)
    event = next(row for row in found if row["fact"] == "event")
    assert event["event"] == "European Alliance Against Coronavirus webinar"


def test_search_names_ignores_case(built_store: s3graph.Store) -> None:
    found = rows(built_store, "search-names", text="VALLEY")
    assert {"kind": "partnership", "id": "im-h2valleys", "name": "European Hydrogen Valleys"} in (
        found
    )
    assert {"kind": "region", "id": "ES24", "name": "Aragón"} in rows(
        built_store, "search-names", text="arag"
    )


def test_most_connected_regions(built_store: s3graph.Store) -> None:
    counts: dict[str, set[str]] = {}
    for edge in membership_edges(built_store):
        if edge.member_is_region:
            counts.setdefault(edge.member, set()).add(edge.partnership)
    found = rows(built_store, "most-connected-regions", minimum=3)
    assert {row["code"]: row["partnerships"] for row in found} == {
        code: len(ids) for code, ids in counts.items() if len(ids) >= 3
    }


def test_partnerships_established_since(built_store: s3graph.Store) -> None:
    found = rows(built_store, "partnerships-established-since", year=2018)
    ids = [row["id"] for row in found]
    assert "im-ccre" in ids and "im-cyber" in ids
    assert "im-h2valleys" not in ids and "agri-htf" not in ids


def test_members_with_role(built_store: s3graph.Store) -> None:
    found = rows(built_store, "members-with-role", role="initiator")
    assert {(row["id"], row["member_id"]) for row in found} >= {
        ("im-ccre", "ES24"),
        ("im-ccre", "EL63"),
        ("im-ccre", "ITI1"),
    }


def test_partnerships_of_organisation(built_store: s3graph.Store) -> None:
    found = rows(built_store, "partnerships-of-organisation", organisation="ECRN")
    assert {"id": "im-chemicals", "partnership": "Chemicals", "role": "lead"}.items() <= (
        found[0].items()
    )
