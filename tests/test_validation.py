"""SHACL checks (s3graph.validation): a load batch against a reference, and the whole store."""

from __future__ import annotations

from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS, TIME
from rdflib.term import Node

import s3graph
from s3graph.namespaces import ID, S3
from s3graph.validation import validate_triples

PARTNERSHIP = ID["partnership/test-batch"]
MEMBERSHIP = ID["membership/test-batch/ES24/member"]
INTERVAL = URIRef(f"{MEMBERSHIP}#during")


def _faulty_batch() -> list[tuple[Node, Node, Node]]:
    """A partnership and a membership with faults the CSV reader would refuse first."""
    begin, end = BNode(), BNode()
    return [
        (PARTNERSHIP, RDF.type, S3.Partnership),
        (PARTNERSHIP, DCTERMS.identifier, Literal("test-batch")),
        (PARTNERSHIP, SKOS.prefLabel, Literal("Test", lang="en")),
        (PARTNERSHIP, SKOS.prefLabel, Literal("Other", lang="en")),
        (PARTNERSHIP, S3.platform, ID["theme/energy"]),
        (PARTNERSHIP, S3.thematicArea, ID["theme/cci"]),  # not within its platform
        (PARTNERSHIP, S3.reportedRegionCount, Literal(-3)),
        (MEMBERSHIP, RDF.type, ORG.Membership),
        (MEMBERSHIP, ORG.organization, PARTNERSHIP),
        (MEMBERSHIP, ORG.member, ID["thing/unknown"]),
        (MEMBERSHIP, ORG.role, ID["role/member"]),
        (MEMBERSHIP, ORG.role, ID["role/chair"]),
        (MEMBERSHIP, ORG.memberDuring, INTERVAL),
        (INTERVAL, RDF.type, TIME.Interval),
        (INTERVAL, TIME.hasBeginning, begin),
        (begin, TIME.inXSDgYear, Literal("2021", datatype=XSD.gYear)),  # after its end
        (INTERVAL, TIME.hasEnd, end),
        (end, TIME.inXSDgYearMonth, Literal("2019-05", datatype=XSD.gYearMonth)),
    ]


def test_a_batch_is_checked_against_the_shapes_of_each_class_it_types(
    built_store: s3graph.Store,
) -> None:
    """Each property shape checks all its focus nodes at once, with its own message; the
    rules stated in SPARQL (dates in order, area within its platform) are left to the CSV
    reader, which checks them row by row with the line at fault."""
    report = validate_triples(_faulty_batch(), reference=built_store)
    assert report.triples == 18
    assert sorted(map(str, report.results)) == [
        f"Violation: {MEMBERSHIP} {ORG.member}: A membership needs exactly one org:member, "
        "and it must be an s3:Region or an org:Organization. (value "
        f"{ID['thing/unknown']})",
        f"Violation: {MEMBERSHIP} {ORG.role}: A membership needs exactly one org:role, one of "
        "role/lead, role/co-lead, role/member, role/observer, role/initiator, role/associate.",
        f"Violation: {MEMBERSHIP} {ORG.role}: A membership needs exactly one org:role, one of "
        "role/lead, role/co-lead, role/member, role/observer, role/initiator, role/associate. "
        f"(value {ID['role/chair']})",
        f"Violation: {PARTNERSHIP} {SKOS.prefLabel}: A partnership needs at least one "
        "skos:prefLabel, at most one per language.",
        f"Violation: {PARTNERSHIP} {S3.reportedRegionCount}: A partnership has at most one "
        "s3:reportedRegionCount, an xsd:integer of 0 or more. (value -3)",
        f"Warning: {MEMBERSHIP} {DCTERMS.source}: A membership should cite at least one "
        "source (dct:source, an IRI).",
    ]


def test_results_come_in_one_order_whatever_the_check(built_store: s3graph.Store) -> None:
    """By focus node, then path, message, severity and value: not in the order of the
    report's blank nodes, whose names change from one check to the next."""
    first = validate_triples(_faulty_batch(), reference=built_store).results
    again = validate_triples(_faulty_batch(), reference=built_store).results
    assert first == again == sorted(first)
    assert [(result.focus, result.path) for result in first][:2] == [
        (str(MEMBERSHIP), str(DCTERMS.source)),
        (str(MEMBERSHIP), str(ORG.member)),
    ]
