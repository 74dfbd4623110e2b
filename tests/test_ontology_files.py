"""Checks of the ontology files in ``ontology/``: s3.ttl, schemes.ttl and shapes.ttl.

The terms and concepts are checked against the code's own lists (``s3graph.namespaces.S3``
and ``s3graph.vocabulary``), so the Turtle and the code cannot drift apart. Validation runs
the way the loader runs it: ``inference="none"`` with s3.ttl + schemes.ttl mixed in through
``ont_graph``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SH, SKOS

from s3graph import namespaces
from s3graph.namespaces import expand
from s3graph.vocabulary import AREAS, ORGANISATION_TYPES, PLATFORMS, ROLES

ONTOLOGY_DIR = pathlib.Path(__file__).parents[1] / "ontology"
FILES = ("s3.ttl", "schemes.ttl", "shapes.ttl")

S3 = Namespace("https://w3id.org/s3graph/ontology#")
S3SH = Namespace("https://w3id.org/s3graph/shapes#")
ID = Namespace("https://w3id.org/s3graph/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
CV = Namespace("http://data.europa.eu/m8g/")
EURIO = Namespace("http://data.europa.eu/s66#")
VANN = Namespace("http://purl.org/vocab/vann/")
NUTS = Namespace("http://data.europa.eu/nuts/")
NUTSCODE = Namespace("http://data.europa.eu/nuts/code/")

ONTOLOGY_IRI = URIRef("https://w3id.org/s3graph/ontology")

TERMS = frozenset(name for name in namespaces.S3.__annotations__ if not name.startswith("_"))
"""The terms of the closed namespace in code; classes are capitalised, properties not."""

EU27 = (
    *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU"),
    *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
)


def _load(*names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    return g


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return _load("s3.ttl")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return _load("schemes.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _load("shapes.ttl")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return _load("s3.ttl", "schemes.ttl")


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("name", FILES)
def test_file_parses_as_turtle(name: str) -> None:
    g = Graph().parse(ONTOLOGY_DIR / name, format="turtle")
    assert len(g) > 0


@pytest.mark.parametrize("name", FILES)
def test_no_known_bad_namespaces(name: str) -> None:
    """schema.org is https only; locn without www is a typo found in SEMIC examples."""
    g = _load(name)
    bad = ("http://schema.org/", "http://w3.org/ns/locn#")
    for term in set(g.subjects()) | set(g.predicates()) | set(g.objects()):
        if isinstance(term, URIRef):
            assert not str(term).startswith(bad), term


# --------------------------------------------------------------------------- s3.ttl


def test_s3_defines_exactly_the_expected_local_names(vocab: Graph) -> None:
    defined = {
        str(s)[len(str(S3)) :]
        for s in vocab.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(S3))
    }
    assert defined == TERMS
    for name in TERMS:
        types = set(vocab.objects(S3[name], RDF.type))
        kinds = {OWL.Class} if name[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert len(types & kinds) == 1, name


def test_s3_terms_are_annotated(vocab: Graph) -> None:
    for name in TERMS:
        term = S3[name]
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in vocab, name
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in vocab.objects(term, prop) if isinstance(o, Literal)}
            assert "en" in langs, (name, prop)


def test_ontology_header(vocab: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in vocab
    assert (
        ONTOLOGY_IRI,
        OWL.versionIRI,
        URIRef("https://w3id.org/s3graph/ontology/0.1"),
    ) in vocab
    assert (ONTOLOGY_IRI, VANN.preferredNamespacePrefix, Literal("s3")) in vocab
    assert (
        ONTOLOGY_IRI,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in vocab
    assert vocab.value(ONTOLOGY_IRI, DCTERMS.title) is not None


@pytest.mark.parametrize(
    "triple",
    [
        (S3.Partnership, RDFS.subClassOf, ORG.OrganizationalCollaboration),
        (S3.Membership, RDFS.subClassOf, ORG.Membership),
        (S3.Membership, SKOS.closeMatch, EURIO.OrganisationRole),
        (S3.ThematicPlatform, RDFS.subClassOf, SKOS.Concept),
        (S3.ThematicArea, RDFS.subClassOf, SKOS.Concept),
        (S3.Region, RDFS.subClassOf, DCTERMS.Location),
        (S3.Region, RDFS.subClassOf, SKOS.Concept),
        (S3.Region, SKOS.broadMatch, CV.AdminUnit),
        (S3.PublicBody, RDFS.subClassOf, CV.PublicOrganisation),
        (S3.Cluster, RDFS.subClassOf, ORG.Organization),
        (S3.CreativeHub, RDFS.subClassOf, ORG.Organization),
        (S3.RegionalNetwork, RDFS.subClassOf, ORG.Organization),
        (S3.Agency, RDFS.subClassOf, ORG.Organization),
        (S3.University, RDFS.subClassOf, ORG.Organization),
        (S3.Company, RDFS.subClassOf, ORG.FormalOrganization),
        (S3.Event, RDFS.subClassOf, SDO.Event),
        (S3.Event, RDFS.subClassOf, CV.PublicEvent),
        (S3.ReportedFigure, RDFS.subClassOf, PROV.Entity),
        (S3.platform, RDFS.subPropertyOf, ORG.classification),
        (S3.platform, RDFS.domain, S3.Partnership),
        (S3.platform, RDFS.range, S3.ThematicPlatform),
        (S3.thematicArea, RDFS.subPropertyOf, ORG.classification),
        (S3.thematicArea, RDFS.range, S3.ThematicArea),
        (S3.leads, RDFS.subPropertyOf, ORG.memberOf),
        (S3.leads, RDFS.range, S3.Partnership),
        (S3.coLeads, RDFS.subPropertyOf, ORG.memberOf),
        (S3.coLeads, RDFS.range, S3.Partnership),
        (S3.country, RDFS.domain, S3.Region),
        (S3.country, RDFS.range, S3.Region),
        (S3.reportedAt, RDFS.domain, S3.ReportedFigure),
        (S3.reportedAt, RDFS.range, S3.Event),
        (S3.sha256, RDFS.range, XSD.string),
        (S3.rowCount, RDFS.range, XSD.integer),
        (S3.reportedSize, RDFS.range, XSD.string),
        (S3.reportedRegionCount, RDFS.domain, S3.Partnership),
        (S3.reportedRegionCount, RDFS.range, XSD.integer),
        (S3.memberListComplete, RDFS.range, XSD.boolean),
    ],
)
def test_s3_axiom(vocab: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in vocab


# --------------------------------------------------------------------------- schemes.ttl


def concepts(schemes: Graph, kind: URIRef) -> dict[str, URIRef]:
    """The concepts of a type in the schemes, by notation."""
    return {
        str(schemes.value(concept, SKOS.notation)): concept
        for concept in schemes.subjects(RDF.type, kind)
    }


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(label) for label in graph.objects(subject, predicate) if label.language == "en"}


def test_theme_scheme_holds_the_platforms_and_areas_of_the_code(schemes: Graph) -> None:
    scheme = ID["scheme/themes"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    assert (scheme, SKOS.prefLabel, Literal("S3 thematic platforms and areas", lang="en")) in (
        schemes
    )
    platforms = concepts(schemes, S3.ThematicPlatform)
    assert list(platforms) == list(PLATFORMS.slugs)
    for platform in PLATFORMS:
        theme = platforms[platform.slug]
        assert theme == ID[f"theme/{platform.slug}"]
        assert (theme, RDF.type, SKOS.Concept) in schemes
        assert (theme, SKOS.topConceptOf, scheme) in schemes
        assert english(schemes, theme, SKOS.prefLabel) == {platform.label}
        assert not platform.alt_labels
    areas = concepts(schemes, S3.ThematicArea)
    assert sorted(areas) == sorted(AREAS.slugs)
    for area in AREAS:
        theme = areas[area.slug]
        assert theme == ID[f"theme/{area.slug}"]
        assert (theme, SKOS.inScheme, scheme) in schemes
        assert english(schemes, theme, SKOS.prefLabel) == {area.label}
        assert english(schemes, theme, SKOS.altLabel) == set(area.alt_labels)
        assert set(schemes.objects(theme, SKOS.broader)) == {platforms[area.platform]}
        assert schemes.value(theme, SKOS.historyNote) is not None


def test_role_scheme_holds_the_roles_of_the_code(schemes: Graph) -> None:
    roles = concepts(schemes, ORG.Role)
    assert sorted(roles) == sorted(ROLES.slugs)
    for role in ROLES:
        concept = roles[role.slug]
        assert concept == ID[f"role/{role.slug}"]
        assert (concept, RDF.type, SKOS.Concept) in schemes
        assert (concept, SKOS.inScheme, ID["scheme/roles"]) in schemes
        assert english(schemes, concept, SKOS.prefLabel) == {role.label}
        assert schemes.value(concept, SKOS.definition) is not None
        shortcut = {expand(role.shortcut)} if role.shortcut else set()
        assert set(schemes.objects(concept, ORG.roleProperty)) == shortcut


def test_organisation_types_are_classes_of_the_ontology(vocab: Graph) -> None:
    """Each type is its s3 class (of the same label) and the superclasses the loader writes."""
    for kind in ORGANISATION_TYPES:
        if not kind.classes:
            continue
        own, *superclasses = map(expand, kind.classes)
        assert (own, RDF.type, OWL.Class) in vocab, kind
        assert english(vocab, own, RDFS.label) == {kind.label}
        assert set(superclasses) <= set(vocab.objects(own, RDFS.subClassOf)), kind


def test_eu27_collection(schemes: Graph) -> None:
    eu27 = ID["collection/eu27"]
    assert (eu27, RDF.type, SKOS.Collection) in schemes
    members = set(schemes.objects(eu27, SKOS.member))
    assert members == {NUTSCODE[code] for code in EU27}
    assert len(members) == 27
    assert (eu27, DCTERMS.source, URIRef("https://ec.europa.eu/eurostat/web/nuts")) in schemes


# --------------------------------------------------------------------------- shapes.ttl


def test_shapes_pass_meta_shacl(shapes: Graph) -> None:
    # pyshacl raises ReportableRuntimeError if the shapes graph fails SHACL-for-SHACL.
    conforms, _, text = validate(shapes, shacl_graph=shapes, meta_shacl=True, inference="none")
    assert conforms, text


def test_every_shape_has_an_english_message(shapes: Graph) -> None:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    named = {s for kind in kinds for s in shapes.subjects(RDF.type, kind)}
    assert len(named) >= 4
    for shape in named:
        langs = {o.language for o in shapes.objects(shape, SH.message)}
        assert "en" in langs, shape


# --------------------------------------------------------------------------- example data

PARTNERSHIP = ID["partnership/im-ccre"]
H2_PARTNERSHIP = ID["partnership/im-h2valleys"]
ENERGY_PARTNERSHIP = ID["partnership/en-example"]
LEAD_MEMBERSHIP = ID["membership/im-h2valleys/ES24/lead"]
INITIATOR_MEMBERSHIP = ID["membership/im-ccre/ES24/initiator"]
ORG_MEMBERSHIP = ID["membership/im-ccre/aragon-exterior/member"]
ES24 = NUTSCODE.ES24
ES24_TOURISM = ID["region-priority/ES24/tourism"]


def _instant(g: Graph, prop: URIRef, value: Literal) -> BNode:
    node = BNode()
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, prop, value))
    return node


def _interval(g: Graph, membership: URIRef, begin: Literal, end: Literal | None) -> URIRef:
    props = {XSD.gYear: TIME.inXSDgYear, XSD.gYearMonth: TIME.inXSDgYearMonth}
    interval = URIRef(f"{membership}#during")
    g.add((membership, ORG.memberDuring, interval))
    g.add((interval, RDF.type, TIME.Interval))
    g.add(
        (interval, TIME.hasBeginning, _instant(g, props.get(begin.datatype, TIME.inXSDDate), begin))
    )
    if end is not None:
        g.add((interval, TIME.hasEnd, _instant(g, props.get(end.datatype, TIME.inXSDDate), end)))
    return interval


def _region(g: Graph, code: str, label: str, level: int, parent: str | None) -> URIRef:
    region = NUTSCODE[code]
    g.add((region, RDF.type, S3.Region))
    g.add((region, SKOS.notation, Literal(code)))
    g.add((region, SKOS.prefLabel, Literal(label, lang="es")))
    g.add((region, NUTS.level, Literal(level)))
    g.add((region, S3.country, NUTSCODE[code[:2]]))
    if parent is not None:
        g.add((region, SKOS.broader, NUTSCODE[parent]))
    return region


def _partnership(g: Graph, iri: URIRef, label: str, platform: str, area: str | None) -> None:
    g.add((iri, RDF.type, S3.Partnership))
    g.add((iri, DCTERMS.identifier, Literal(str(iri).rsplit("/", 1)[-1])))
    g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((iri, S3.platform, ID[f"theme/{platform}"]))
    if area is not None:
        g.add((iri, S3.thematicArea, ID[f"theme/{area}"]))


def _membership(g: Graph, iri: URIRef, partnership: URIRef, member: URIRef, role: str) -> None:
    g.add((iri, RDF.type, S3.Membership))
    g.add((iri, ORG.organization, partnership))
    g.add((iri, ORG.member, member))
    g.add((iri, ORG.role, ID[f"role/{role}"]))
    g.add((iri, DCTERMS.source, URIRef("https://example.org/source")))


def example_graph() -> Graph:
    """A small graph that satisfies every shape."""
    g = Graph()
    _region(g, "ES", "España", 0, None)
    _region(g, "ES2", "Noreste", 1, "ES")
    _region(g, "ES24", "Aragón", 2, "ES2")

    _partnership(
        g,
        PARTNERSHIP,
        "Cultural and Creative Regional Ecosystems",
        "industrial-modernisation",
        "cci",
    )
    g.add((PARTNERSHIP, DCTERMS.created, Literal("2020", datatype=XSD.gYear)))
    g.add((PARTNERSHIP, S3.reportedSize, Literal("over 20 regions")))
    g.add((PARTNERSHIP, S3.reportedRegionCount, Literal(20)))
    g.add((PARTNERSHIP, S3.memberListComplete, Literal(False)))
    _partnership(g, H2_PARTNERSHIP, "European Hydrogen Valleys", "industrial-modernisation", None)
    _partnership(g, ENERGY_PARTNERSHIP, "Example energy partnership", "energy", None)

    # Typed only as s3:PublicBody: org:Organization comes from the axioms in s3.ttl.
    aragon_exterior = ID["org/aragon-exterior"]
    g.add((aragon_exterior, RDF.type, S3.PublicBody))
    g.add((aragon_exterior, SKOS.prefLabel, Literal("Aragón Exterior", lang="es")))
    g.add((aragon_exterior, DCTERMS.identifier, Literal("aragon-exterior")))
    g.add((aragon_exterior, DCTERMS.spatial, ES24))

    _membership(g, LEAD_MEMBERSHIP, H2_PARTNERSHIP, ES24, "lead")
    g.add((LEAD_MEMBERSHIP, RDF.type, ORG.Membership))  # as the loader materialises it
    g.add((ES24, S3.leads, H2_PARTNERSHIP))
    _membership(g, INITIATOR_MEMBERSHIP, PARTNERSHIP, ES24, "initiator")
    _interval(g, INITIATOR_MEMBERSHIP, Literal("2020", datatype=XSD.gYear), None)
    _membership(g, ORG_MEMBERSHIP, PARTNERSHIP, aragon_exterior, "member")
    # Mixed precision, same year: in order.
    _interval(
        g,
        ORG_MEMBERSHIP,
        Literal("2020", datatype=XSD.gYear),
        Literal("2020-07-21", datatype=XSD.date),
    )

    event = ID["event/2020-07-21-cci-webinar"]
    g.add((event, RDF.type, S3.Event))
    g.add((event, SDO.startDate, Literal("2020-07-21", datatype=XSD.date)))
    g.add((event, SDO.about, PARTNERSHIP))
    g.add((event, SDO.performer, aragon_exterior))
    figure = ID["figure/example"]
    g.add((figure, RDF.type, S3.ReportedFigure))
    g.add((figure, RDF.value, Literal("5%")))
    g.add((figure, S3.reportedAt, event))

    tourism = ID["priority/tourism"]
    g.add((tourism, RDF.type, S3.Priority))
    g.add((tourism, SKOS.prefLabel, Literal("Tourism")))
    g.add((ES24_TOURISM, RDF.type, S3.RegionalPriority))
    g.add((ES24_TOURISM, S3.region, ES24))
    g.add((ES24_TOURISM, S3.priority, tourism))
    g.add((ES24_TOURISM, DCTERMS.source, URIRef("https://example.org/source")))
    g.add((ES24, S3.hasPriority, tourism))
    return g


def _validate(data: Graph, shapes: Graph, ont: Graph) -> tuple[bool, Graph, str]:
    """Validate as ``s3graph validate`` does: the rules stated in SPARQL (dates in order, area
    within its platform, the NUTS hierarchy) find the nodes at fault by SPARQL targets, which
    only SHACL Advanced Features (``advanced=True``) follow. The shapes themselves are checked
    against SHACL's own shapes once, by test_shapes_pass_meta_shacl."""
    conforms, results, text = validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True
    )
    return conforms, results, text


def test_example_graph_conforms(shapes: Graph, ont: Graph) -> None:
    conforms, _, text = _validate(example_graph(), shapes, ont)
    assert conforms, text


def _regions_as_reference(declare_individuals: bool) -> tuple[Graph, Graph]:
    """Split the example into batch data and a reference graph holding the regions."""
    data, reference = example_graph(), Graph()
    for region in (NUTSCODE.ES, NUTSCODE.ES2, ES24):
        for p, o in data.predicate_objects(region):
            reference.add((region, p, o))
        data.remove((region, None, None))
        if declare_individuals:
            reference.add((region, RDF.type, OWL.NamedIndividual))
    return data, reference


def test_region_types_can_come_from_ont_graph(shapes: Graph, ont: Graph) -> None:
    """Reference regions passed through ont_graph must be owl:NamedIndividuals.

    pySHACL copies only RDFS/OWL axioms and owl:NamedIndividual nodes from ont_graph into
    the data graph; a bare ``nutscode:XX a s3:Region`` there is dropped.
    """
    data, reference = _regions_as_reference(declare_individuals=True)
    conforms, _, text = _validate(data, shapes, ont + reference)
    assert conforms, text

    data, reference = _regions_as_reference(declare_individuals=False)
    conforms, results, _ = _validate(data, shapes, ont + reference)
    assert not conforms
    assert (None, SH.sourceShape, S3SH["Membership-member"]) in results


def test_missing_source_is_only_a_warning(shapes: Graph, ont: Graph) -> None:
    g = example_graph()
    g.remove((LEAD_MEMBERSHIP, DCTERMS.source, None))
    conforms, results, text = _validate(g, shapes, ont)
    assert not conforms
    severities = set(results.objects(None, SH.resultSeverity))
    assert severities == {SH.Warning}, text
    conforms, _, text = validate(
        g, shacl_graph=shapes, ont_graph=ont, inference="none", allow_warnings=True
    )
    assert conforms, text


# --------------------------------------------------------------------------- broken variants


def _two_roles(g: Graph) -> None:
    g.add((LEAD_MEMBERSHIP, ORG.role, ID["role/member"]))


def _unknown_role(g: Graph) -> None:
    g.remove((INITIATOR_MEMBERSHIP, ORG.role, None))
    g.add((INITIATOR_MEMBERSHIP, ORG.role, ID["role/chair"]))


def _end_before_begin(g: Graph) -> None:
    _interval(
        g,
        LEAD_MEMBERSHIP,
        Literal("2021", datatype=XSD.gYear),
        Literal("2019-05", datatype=XSD.gYearMonth),
    )


def _cci_on_energy(g: Graph) -> None:
    g.add((ENERGY_PARTNERSHIP, S3.thematicArea, ID["theme/cci"]))


def _region_count_as_text(g: Graph) -> None:
    g.set((PARTNERSHIP, S3.reportedRegionCount, Literal("over 20")))


def _negative_region_count(g: Graph) -> None:
    g.set((PARTNERSHIP, S3.reportedRegionCount, Literal(-3)))


def _level_seven(g: Graph) -> None:
    g.set((ES24, NUTS.level, Literal(7)))


def _level_as_string(g: Graph) -> None:
    g.set((ES24, NUTS.level, Literal("2")))


def _lower_case_code(g: Graph) -> None:
    g.set((ES24, SKOS.notation, Literal("es24")))


def _member_of_unknown_kind(g: Graph) -> None:
    g.set((LEAD_MEMBERSHIP, ORG.member, ID["thing/unknown"]))


def _priority_of_a_partnership(g: Graph) -> None:
    g.set((ES24_TOURISM, S3.region, PARTNERSHIP))


def _two_priorities(g: Graph) -> None:
    g.add((ES24_TOURISM, S3.priority, ID["priority/space"]))


BROKEN: dict[str, tuple[Callable[[Graph], None], URIRef, URIRef, URIRef]] = {
    # name: (mutation, focus node, sh:sourceShape or sh:sourceConstraint, the shape)
    "two roles": (_two_roles, LEAD_MEMBERSHIP, SH.sourceShape, S3SH["Membership-role"]),
    "unknown role": (_unknown_role, INITIATOR_MEMBERSHIP, SH.sourceShape, S3SH["Membership-role"]),
    "end before begin": (
        _end_before_begin,
        LEAD_MEMBERSHIP,
        SH.sourceConstraint,
        S3SH["Membership-datesInOrder"],
    ),
    "CCI on Energy": (
        _cci_on_energy,
        ENERGY_PARTNERSHIP,
        SH.sourceConstraint,
        S3SH["Partnership-areaInPlatform"],
    ),
    "region count as text": (
        _region_count_as_text,
        PARTNERSHIP,
        SH.sourceShape,
        S3SH["Partnership-reportedRegionCount"],
    ),
    "negative region count": (
        _negative_region_count,
        PARTNERSHIP,
        SH.sourceShape,
        S3SH["Partnership-reportedRegionCount"],
    ),
    "region level 7": (_level_seven, ES24, SH.sourceShape, S3SH["Region-level"]),
    "level as string": (_level_as_string, ES24, SH.sourceShape, S3SH["Region-level"]),
    "lower-case code": (_lower_case_code, ES24, SH.sourceShape, S3SH["Region-notation"]),
    "member neither region nor org": (
        _member_of_unknown_kind,
        LEAD_MEMBERSHIP,
        SH.sourceShape,
        S3SH["Membership-member"],
    ),
    "priority of a partnership": (
        _priority_of_a_partnership,
        ES24_TOURISM,
        SH.sourceShape,
        S3SH["RegionalPriority-region"],
    ),
    "two priorities in one": (
        _two_priorities,
        ES24_TOURISM,
        SH.sourceShape,
        S3SH["RegionalPriority-priority"],
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variant_is_reported(name: str, shapes: Graph, ont: Graph) -> None:
    mutate, focus, link, shape = BROKEN[name]
    g = example_graph()
    mutate(g)
    conforms, results, text = _validate(g, shapes, ont)
    assert not conforms, name
    found = [
        r
        for r in results.subjects(SH.focusNode, focus)
        if (r, link, shape) in results and (r, SH.resultSeverity, SH.Violation) in results
    ]
    assert found, text
