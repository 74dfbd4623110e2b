"""s3graph.entities: an entity's Linked Data description and the tables its page shows."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, URIRef
from rdflib.namespace import ORG, TIME

import s3graph
from s3graph.comembership import membership_edges, partnership_pairs
from s3graph.entities import (
    VALUES_LISTED,
    Excerpt,
    Profile,
    Table,
    describe,
    overlapping_partnerships,
    partner_regions,
    profile,
)
from s3graph.namespaces import ID, partnership_iri, region_iri, theme_iri

from conftest import CROWDED_PARTNERSHIP, CROWDED_REGION

MEMBERSHIP = ID["membership/im-mobility/HU223/member"]


def test_a_description_is_the_entitys_triples_and_the_names_of_what_they_point_to(
    built_store: s3graph.Store,
) -> None:
    aragon = region_iri("ES24")
    description = describe(built_store, aragon)
    own = built_store.select("SELECT ?p ?o WHERE { ?s ?p ?o }", {"s": aragon})
    assert {(p, o) for p, o in own} == set(description.predicate_objects(aragon))
    # what it points to is named, and nothing more is said about it
    assert description.value(region_iri("ES2"), SKOS.prefLabel) is not None
    assert description.value(partnership_iri("im-h2valleys"), SKOS.prefLabel) is not None
    assert (partnership_iri("im-h2valleys"), ORG.hasMember, None) not in description


def test_a_description_holds_the_entitys_own_hash_iris(built_store: s3graph.Store) -> None:
    description = describe(built_store, MEMBERSHIP)
    during = URIRef(f"{MEMBERSHIP}#during")
    since = description.value(during, TIME.hasBeginning)
    assert since == URIRef(f"{MEMBERSHIP}#since")
    assert list(description.predicate_objects(since))


def test_the_graph_saying_nothing_about_an_iri_is_an_unknown_name(
    built_store: s3graph.Store,
) -> None:
    with pytest.raises(s3graph.UnknownNameError, match="the graph says nothing about"):
        describe(built_store, ID["partnership/no-such-thing"])


@pytest.mark.parametrize(
    ("iri", "kind", "tables"),
    [
        (region_iri("ES24"), "region", ["partnerships", "organisations", "partner-regions"]),
        (region_iri("ES"), "country", ["partnerships", "organisations", "partner-regions"]),
        (partnership_iri("im-ccre"), "partnership", ["coverage", "regions", "organisations"]),
        (ID["org/aragon-exterior"], "organisation", ["partnerships"]),
        (theme_iri("energy"), "platform", ["partnerships", "leads", "absent-countries"]),
        (theme_iri("cci"), "area", ["partnerships", "leads"]),
        (MEMBERSHIP, "membership", []),
        (ID["role/lead"], "entity", []),
    ],
)
def test_a_profile_has_the_tables_of_its_kind(
    built_store: s3graph.Store, iri: URIRef, kind: str, tables: list[str]
) -> None:
    found = profile(built_store, iri)
    assert found.kind == kind
    assert [table.key for table in found.tables][: len(tables)] == tables
    assert found.description.value(iri, RDF.type) is not None


def test_a_partnerships_profile_has_the_answers_of_the_questions_about_it(
    built_store: s3graph.Store,
) -> None:
    found = profile(built_store, partnership_iri("im-h2valleys"))
    tables = {table.key: table.results for table in found.tables}
    expected = s3graph.regions_of_partnership(built_store, "im-h2valleys")
    assert tables["regions"].dicts() == expected.dicts()
    (coverage,) = tables["coverage"].dicts()
    summary = s3graph.coverage_summary(built_store).dicts()
    (own,) = [row for row in summary if row["partnership"] == "im-h2valleys"]
    assert coverage == {key: own[key] for key in coverage}
    sources = s3graph.run_query(built_store, "sources-of-partnership", partnership="im-h2valleys")
    assert tables["sources"].dicts() == sources.dicts()


def test_an_organisation_member_is_listed_with_its_role(built_store: s3graph.Store) -> None:
    rows = built_store.select(
        "SELECT ?p ?id WHERE { ?m org:organization ?p ; org:member ?o . "
        "?o a org:Organization ; dct:identifier ?id } LIMIT 1"
    )
    (partnership, org_id), *_ = rows
    found = profile(built_store, URIRef(str(partnership)))
    (members,) = [table.results for table in found.tables if table.key == "organisations"]
    assert str(org_id) in [row["org_id"] for row in members.dicts()]
    assert all(row["role"] for row in members.dicts())


def test_a_partnerships_organisations_come_leads_and_co_leads_first_then_by_role_and_id(
    built_store: s3graph.Store,
) -> None:
    for partnership in ("im-cyber", "im-bioeconomy", "agri-tbd"):
        found = profile(built_store, partnership_iri(partnership))
        (members,) = [table.results for table in found.tables if table.key == "organisations"]
        assert len(members) >= 3
        order = [
            (row["role"] != "lead", row["role"] != "co-lead", row["role"], row["org_id"])
            for row in members.dicts()
        ]
        assert order == sorted(order)


def test_partner_regions_count_as_region_pairs_do(built_store: s3graph.Store) -> None:
    pairs = s3graph.region_pairs(built_store, top=None).dicts()
    expected = sorted(
        (-row["shared"], row["code_2"] if row["code_1"] == "ES24" else row["code_1"])
        for row in pairs
        if "ES24" in (row["code_1"], row["code_2"])
    )
    partners = partner_regions(built_store, "Aragón", top=100).dicts()
    assert [(-row["shared"], row["code"]) for row in partners] == expected


def test_overlapping_partnerships_count_as_partnership_pairs_do(
    built_store: s3graph.Store,
) -> None:
    pairs = partnership_pairs(membership_edges(built_store))
    expected = sorted(
        (-pair.shared, pair.second if pair.first == "im-h2valleys" else pair.first)
        for pair in pairs
        if "im-h2valleys" in (pair.first, pair.second)
    )
    overlap = overlapping_partnerships(built_store, "hydrogen valleys", top=None).dicts()
    assert [(-row["shared"], row["id"]) for row in overlap] == expected
    assert all(row["partnership"] and row["platform"] for row in overlap)


def test_a_region_lists_a_hundred_of_its_organisations_and_counts_them_all(
    crowded_store: s3graph.Store,
) -> None:
    whole = s3graph.run_query(crowded_store, "organisations-of-region", region=CROWDED_REGION)
    ids = {row["org_id"] for row in whole.dicts()}
    found = profile(crowded_store, region_iri(CROWDED_REGION))
    table = _table(found, "organisations")
    assert table.excerpt == Excerpt(
        shown=100,
        total=len(ids),
        noun="organisations",
        question="organisations-of-region",
        params={"region": CROWDED_REGION},
    )
    # the question's own rows for the organisations shown, in its order
    shown = {row["org_id"] for row in table.results.dicts()}
    assert len(shown) == 100
    assert table.results.variables == whole.variables
    assert table.results.dicts() == [row for row in whole.dicts() if row["org_id"] in shown]


def test_a_region_with_few_organisations_lists_them_all(built_store: s3graph.Store) -> None:
    found = profile(built_store, region_iri("ES"))
    table = _table(found, "organisations")
    whole = s3graph.run_query(built_store, "organisations-of-region", region="ES")
    assert table.excerpt is None
    assert sorted(map(str, table.results.rows)) == sorted(map(str, whole.rows))


def test_a_partnership_lists_a_hundred_sources_and_counts_them_all(
    crowded_store: s3graph.Store,
) -> None:
    whole = s3graph.run_query(
        crowded_store, "sources-of-partnership", partnership=CROWDED_PARTNERSHIP
    )
    found = profile(crowded_store, partnership_iri(CROWDED_PARTNERSHIP))
    table = _table(found, "sources")
    assert table.excerpt == Excerpt(
        shown=100,
        total=len(whole),
        noun="facts",
        question="sources-of-partnership",
        params={"partnership": CROWDED_PARTNERSHIP},
    )
    assert table.results.variables == whole.variables
    assert len(table.results) == 100
    assert set(table.results.rows) <= set(whole.rows)


def test_a_partnership_lists_a_hundred_organisations_leads_first_and_counts_them_all(
    crowded_store: s3graph.Store,
) -> None:
    whole = crowded_store.select(
        "SELECT DISTINCT ?id WHERE { ?m org:organization ?p ; org:member ?o . "
        "?o a org:Organization ; dct:identifier ?id }",
        {"p": partnership_iri(CROWDED_PARTNERSHIP)},
    )
    found = profile(crowded_store, partnership_iri(CROWDED_PARTNERSHIP))
    table = _table(found, "organisations")
    assert table.excerpt == Excerpt(
        shown=100,
        total=len(whole),
        noun="organisations",
        question="sources-of-partnership",
        params={"partnership": CROWDED_PARTNERSHIP},
    )
    rows = table.results.dicts()
    assert len({row["org_id"] for row in rows}) == 100
    order = [
        (row["role"] != "lead", row["role"] != "co-lead", row["role"], row["org_id"])
        for row in rows
    ]
    assert order == sorted(order)
    # the question the excerpt links to lists every one of them
    listed = s3graph.run_query(
        crowded_store, "sources-of-partnership", partnership=CROWDED_PARTNERSHIP
    )
    assert {str(row[0]) for row in whole} <= {row["member_id"] for row in listed.dicts()}


def test_a_profile_counts_the_values_of_a_property_with_many_and_describe_keeps_them(
    crowded_store: s3graph.Store,
) -> None:
    iri = partnership_iri(CROWDED_PARTNERSHIP)
    whole = describe(crowded_store, iri)
    members = set(whole.objects(iri, ORG.hasMember))
    assert len(members) > VALUES_LISTED
    found = profile(crowded_store, iri)
    assert found.not_listed == {ORG.hasMember: len(members)}
    assert (iri, ORG.hasMember, None) not in found.description
    # the rest of the description is read as describe reads it
    rest = {(s, p, o) for s, p, o in whole if p != ORG.hasMember and s not in members}
    assert rest <= set(found.description)
    assert set(found.description.predicate_objects(iri)) == {
        (p, o) for p, o in whole.predicate_objects(iri) if p != ORG.hasMember
    }


def test_a_profile_of_an_entity_with_few_values_a_property_is_its_whole_description(
    built_store: s3graph.Store,
) -> None:
    iri = partnership_iri("im-h2valleys")
    found = profile(built_store, iri)
    assert found.not_listed == {}
    assert set(found.description) == set(describe(built_store, iri))


def _table(found: Profile, key: str) -> Table:
    """The one table of a profile with this key."""
    (table,) = [table for table in found.tables if table.key == key]
    return table
