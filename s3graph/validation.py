"""SHACL validation of data against the shapes in ``ontology/shapes.ttl``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from .namespaces import graph_iri
from .resources import ONTOLOGY_GRAPH_SLUG, ontology_files, shapes_file
from .sparql import internal_query
from .store import Store

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result; results sort by focus node, then path, message, severity, value."""

    focus: str
    path: str
    message: str
    severity: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus}" + (f" {self.path}" if self.path else "")
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """What SHACL found: violations make data invalid, warnings do not."""

    triples: int
    results: list[Violation] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [result for result in self.results if result.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [result for result in self.results if result.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


@cache
def shapes() -> Graph:
    """The SHACL shapes graph."""
    with as_file(shapes_file()) as path:
        return Graph().parse(path, format="turtle")


@cache
def ontology() -> Graph:
    """The ontology and concept schemes as one graph."""
    graph = Graph()
    for resource in ontology_files():
        with as_file(resource) as path:
            graph.parse(path, format="turtle")
    return graph


def validate_triples(
    triples: Iterable[tuple[Node, Node, Node]], *, reference: Store | None = None
) -> ValidationReport:
    """Check a batch of triples against the shapes.

    Args:
        triples: the data to check.
        reference: the store the batch relies on; the types of the nodes the batch refers
            to without typing them are read from it. Only the nodes the batch types are
            reported on. A batch with a reference is checked without SHACL Advanced
            Features, so the shapes with SPARQL targets (dates in order, area within its
            platform, the NUTS hierarchy) check nothing: the CSV reader checks their rules
            row by row.
    """
    data, nodes = Graph(), set[Node]()
    for triple in triples:
        data.add(triple)
        nodes.update(triple[::2])  # its subject and object
    checked, described = len(data), set(data.subjects(RDF.type))
    if reference is not None:
        referred = {node for node in nodes if isinstance(node, URIRef)} - described
        for triple in _types_of(reference, referred):
            data.add(triple)
    return ValidationReport(checked, _results_on(data, described, advanced=reference is None))


def validate_store(store: Store) -> ValidationReport:
    """Check every graph in the store against the shapes."""
    ontology_graph = {"ontology": graph_iri(ONTOLOGY_GRAPH_SLUG)}
    data = store.query(internal_query("data-triples"), ontology_graph)
    assert isinstance(data, Graph)
    checked, described = len(data), set(data.subjects(RDF.type))
    return ValidationReport(checked, _results_on(data, described, advanced=True))


def _results_on(data: Graph, described: set[Node], *, advanced: bool) -> list[Violation]:
    """The results of checking ``data`` (a graph of its own, which the check changes) that
    are on the ``described`` nodes; ``advanced``: with the shapes that have SPARQL targets
    (SHACL Advanced Features)."""
    import pyshacl

    for triple in _ontology_axioms():
        data.add(triple)
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes(),
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        inplace=True,  # checks this graph, not a copy of it
    )
    return [result for result in _results(results) if URIRef(result.focus) in described]


@cache
def _ontology_axioms() -> tuple[tuple[Node, Node, Node], ...]:
    """What pyshacl mixes into a data graph from the ontology given as ``ont_graph`` (its
    RDFS and OWL axioms and named individuals), found once by letting it mix the ontology
    into an empty graph: mixing it in again for each check took 12 ms, a fifth of the
    check of a small file; adding what it mixed in takes 3 ms."""
    import pyshacl

    mixed = Graph()
    pyshacl.validate(mixed, shacl_graph=Graph(), ont_graph=ontology(), inplace=True)
    return tuple(mixed)


def _types_of(store: Store, nodes: Iterable[URIRef]) -> Graph:
    """The types of those of ``nodes`` that are regions, partnerships or organisations in
    the store: a batch's references, read alone rather than with every node of the store
    (0.05 s a check on the bundled store)."""
    answer = store.query(internal_query("types-of-nodes"), {"node": tuple(nodes)})
    assert isinstance(answer, Graph)
    return answer


def _results(report: Graph) -> list[Violation]:
    """The report's results in the order of their fields (focus node first): the report's
    own results are blank nodes, whose names differ from one check to the next."""
    return sorted(
        _violation(report, result) for result in report.subjects(RDF.type, SH.ValidationResult)
    )


def _violation(report: Graph, result: Node) -> Violation:
    severity = report.value(result, SH.resultSeverity)
    return Violation(
        focus=_text(report.value(result, SH.focusNode)),
        path=_text(report.value(result, SH.resultPath)),
        message=_text(report.value(result, SH.resultMessage)),
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        value=_text(report.value(result, SH.value)),
    )


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)
