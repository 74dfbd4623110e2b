"""SPARQL text made safely: terms escaped, values bound where the WHERE clause opens."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from s3graph.errors import QueryError
from s3graph.store.sparql_text import bind_values, code_only, sparql_term, with_prefixes

# -- writing terms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (URIRef("http://data.europa.eu/nuts/code/ES24"), "<http://data.europa.eu/nuts/code/ES24>"),
        (Literal("Aragón"), '"Aragón"'),
        (Literal("Aragón", lang="es"), '"Aragón"@es'),
        (Literal(7), '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (Literal("x", datatype=XSD.string), '"x"'),
        (Literal('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"'),
        (Literal("a\nb\rc\td\x00e\x1f"), '"a\\nb\\rc\\td\\u0000e\\u001F"'),
        (Literal("\\u0022 stays text"), '"\\\\u0022 stays text"'),
    ],
)
def test_sparql_term_writes_terms_escaped(term: URIRef | Literal, text: str) -> None:
    assert sparql_term(term) == text


@pytest.mark.parametrize(
    "term",
    [
        URIRef("relative/path"),
        URIRef("http://example.org/a b"),
        URIRef("http://example.org/> } ; DROP ALL ; <x"),
        Literal("x", datatype=URIRef("not an iri")),
        BNode("b1"),
    ],
)
def test_sparql_term_refuses_what_it_cannot_write_safely(term: URIRef | Literal) -> None:
    with pytest.raises(ValueError):
        sparql_term(term)


VALUES = " VALUES (?x) { (<urn:x>) }"


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT ?y WHERE { ?x ?p ?y }", "SELECT ?y WHERE {"),
        ("select * { ?x ?p ?y }", "select * {"),
        ("ASK { ?x ?p ?y }", "ASK {"),
        ("CONSTRUCT { ?x ?p ?y } WHERE { ?x ?p ?y }", "CONSTRUCT { ?x ?p ?y } WHERE {"),
        ("CONSTRUCT { ?x ?p ?y } { ?x ?p ?y }", "CONSTRUCT { ?x ?p ?y } {"),
        ("CONSTRUCT WHERE { ?x ?p ?y }", "CONSTRUCT WHERE {"),
        ("DESCRIBE ?x WHERE { ?x ?p ?y }", "DESCRIBE ?x WHERE {"),
        ('PREFIX a: <urn:a#>\nSELECT ?y # {\nFROM <urn:g#x> WHERE { ?x a:p "}" }', "WHERE {"),
        ("SELECT (EXISTS { ?x ?p ?y } AS ?e) { ?x ?p ?y }", "AS ?e) {"),
        ("SELECT ?where WHERE { ?x ex:where ?where }", "SELECT ?where WHERE {"),
        ("SELECT ?y WHERE { { SELECT ?y WHERE { ?x ?p ?y } } }", "SELECT ?y WHERE {"),
    ],
)
def test_bind_values_opens_the_outer_where_clause(query: str, before: str) -> None:
    bound = bind_values(query, {"x": URIRef("urn:x")})
    start = query.index(before) + len(before)
    assert bound == query[:start] + VALUES + query[start:]


def test_bind_values_binds_a_tuple_as_one_row_a_value() -> None:
    several = (URIRef("urn:a"), URIRef("urn:b"))
    bound = bind_values("SELECT * { ?x ?p ?y }", {"x": several, "p": URIRef("urn:p")})
    assert bound == "SELECT * { VALUES (?x ?p) { (<urn:a> <urn:p>) (<urn:b> <urn:p>) } ?x ?p ?y }"
    assert (
        bind_values("SELECT * { ?x ?p ?y }", {"x": ()}) == "SELECT * { VALUES (?x) {  } ?x ?p ?y }"
    )
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?x ?p ?y }", {"x": (URIRef("urn:a"), BNode())})


@pytest.mark.parametrize(
    ("query", "bindings"),
    [
        ("DESCRIBE <urn:x>", {"x": URIRef("urn:x")}),
        ("SELECT * { ?x ?p ?y }", {"x y": URIRef("urn:x")}),
        ("SELECT * { ?x ?p ?y }", {"x": BNode()}),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"x": URIRef("urn:x")}),
    ],
)
def test_bind_values_refuses_what_it_cannot_bind(query: str, bindings: dict[str, URIRef]) -> None:
    with pytest.raises(QueryError):
        bind_values(query, bindings)


def test_code_only_blanks_strings_comments_and_iris_keeping_offsets() -> None:
    query = "SELECT ?s { ?s <urn:a#b> 'it''s' . } # PREFIX x: <y>\n"
    blank = " " * len("<urn:a#b>") + " " + " " * len("'it''s'")
    assert code_only(query) == f"SELECT ?s {{ ?s {blank} . }} " + " " * 15 + "\n"


def test_with_prefixes_declares_what_the_query_leaves_out() -> None:
    query = "PREFIX s3: <urn:mine#>\n# PREFIX org: <urn:no>\nSELECT * { ?x a s3:Region }"
    text = with_prefixes(query)
    first, rest = text.split("\n", 1)
    assert rest == query
    assert "PREFIX org: <http://www.w3.org/ns/org#>" in first
    assert "PREFIX s3:" not in first
    assert with_prefixes(text) == text
