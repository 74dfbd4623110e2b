"""Turn validated records into RDF triples under the s3graph ontology.

Pure functions: a record in, its triples out, one function per kind of record (each named in
that kind's ``RecordSpec`` in ``s3graph.tables``). IRIs are deterministic (DESIGN §3), so
loading the same records twice gives the same triples, and a reload replaces a graph with
itself.

>>> from s3graph.records import PartnershipRecord
>>> record = PartnershipRecord(line=2, partnership_id="im-ccre", name="CCRE-S3",
...                            platform="industrial-modernisation", thematic_area="cci")
>>> len(list(partnership_triples(record)))
8
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rdflib import Literal, URIRef, namespace

from . import namespaces
from .choices import GRAPH_NUTS_VERSION
from .namespaces import (
    GRAPH_NUTS_SCHEME,
    ID,
    NUTS_SCHEME,
    Terms,
    expand,
    organisation_iri,
    partnership_iri,
    priority_iri,
    region_iri,
    regional_priority_iri,
    role_iri,
    theme_iri,
)
from .records import (
    Date,
    MembershipRecord,
    NutsChangeRecord,
    OrganisationRecord,
    PartnershipRecord,
    PriorityRecord,
    RegionRecord,
)
from .vocabulary import ORGANISATION_TYPES, ROLES

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# The namespaces of the terms written for every row, each term made once (see ``Terms``).
RDF, RDFS, XSD, DCTERMS, FOAF, ORG, PROV, SKOS, TIME = (
    Terms(terms)
    for terms in (
        namespace.RDF,
        namespace.RDFS,
        namespace.XSD,
        namespace.DCTERMS,
        namespace.FOAF,
        namespace.ORG,
        namespace.PROV,
        namespace.SKOS,
        namespace.TIME,
    )
)
S3, NUTS, GEO = (Terms(terms) for terms in (namespaces.S3, namespaces.NUTS, namespaces.GEO))

_CLASSES = {kind.slug: tuple(map(expand, kind.classes)) for kind in ORGANISATION_TYPES}
_SHORTCUTS = {role.slug: expand(role.shortcut) for role in ROLES if role.shortcut}
_DATE_PROPERTIES = {
    "year": (TIME.inXSDgYear, XSD.gYear),
    "month": (TIME.inXSDgYearMonth, XSD.gYearMonth),
    "day": (TIME.inXSDDate, XSD.date),
}


def membership_iri(record: MembershipRecord) -> URIRef:
    """The deterministic IRI of a membership: partnership, member and role."""
    member = record.member if record.member_is_region else f"org/{record.member}"
    return ID[f"membership/{record.partnership_id}/{member}/{record.role}"]


def provenance_triples(
    graph: URIRef,
    *,
    source: str,
    location: str,
    sha256: str,
    rows: int,
    loaded_at: dt.datetime,
) -> Iterator[Triple]:
    """PROV-O description of a named graph, stored inside that graph.

    Keeping provenance in the graph it describes means a replace swaps both at once.
    ``source`` is the file's name and ``location`` the ``file:`` IRI its load used.
    """
    stamp = loaded_at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    activity = ID[f"activity/load-{stamp}"]
    when = Literal(loaded_at.astimezone(dt.timezone.utc).isoformat(), datatype=XSD.dateTime)
    yield graph, RDF.type, PROV.Entity
    yield graph, PROV.wasDerivedFrom, Literal(source)
    yield graph, PROV.generatedAtTime, when
    yield graph, PROV.wasGeneratedBy, activity
    yield graph, S3.sha256, Literal(sha256)
    yield graph, S3.rowCount, Literal(rows, datatype=XSD.integer)
    yield activity, RDF.type, PROV.Activity
    yield activity, PROV.startedAtTime, when
    yield activity, RDFS.label, Literal(f"s3graph load of {source}")
    yield activity, PROV.used, URIRef(location)


def _sources(subject: URIRef, sources: tuple[str, ...]) -> Iterator[Triple]:
    for url in sources:
        yield subject, DCTERMS.source, URIRef(url)


def _text(subject: URIRef, predicate: URIRef, value: str) -> Iterator[Triple]:
    if value:
        yield subject, predicate, Literal(value)


def region_triples(record: RegionRecord) -> Iterator[Triple]:
    region = region_iri(record.nuts_code)
    yield region, RDF.type, S3.Region
    yield region, RDF.type, SKOS.Concept
    yield region, SKOS.inScheme, GRAPH_NUTS_SCHEME
    yield region, SKOS.notation, Literal(record.nuts_code)
    yield region, SKOS.prefLabel, Literal(record.name)
    if record.name_native and record.name_native != record.name:
        yield region, SKOS.altLabel, Literal(record.name_native)
    if record.level is not None:
        yield region, NUTS.level, Literal(record.level, datatype=XSD.integer)
    if record.parent:
        yield region, SKOS.broader, region_iri(record.parent)
    yield region, S3.country, region_iri(record.country_code)
    if record.lat is not None and record.lon is not None:
        yield region, GEO.lat, Literal(str(record.lat), datatype=XSD.decimal)
        yield region, GEO.long, Literal(str(record.lon), datatype=XSD.decimal)
    yield from _sources(region, record.sources)


NUTS_CHANGES = {
    "recoded": S3.recodedAs,
    "boundary-shift": S3.boundaryShiftedTo,
    "split": S3.splitInto,
    "merged": S3.mergedInto,
}
"""The kinds of change between NUTS versions, by the name a correspondence file gives them,
with the s3: property that links the code of one version to the code of the next: the one
list of them (``queries/internal/nuts-changes.rq`` asks for these properties, a test holds it
to this list)."""


def nuts_change_triples(record: NutsChangeRecord) -> Iterator[Triple]:
    """A code of one NUTS version linked to a code of the next, with the kind of change.

    The side that is not a NUTS 2021 region is described as a code of its version's scheme
    (notation, name, level, source), so that its history can be read back from the store.
    """
    old, new = region_iri(record.from_code), region_iri(record.to_code)
    yield old, NUTS_CHANGES[record.change], new
    yield old, DCTERMS.isReplacedBy, new
    yield new, DCTERMS.replaces, old
    for version, code, name in (
        (record.from_version, record.from_code, record.from_name),
        (record.to_version, record.to_code, record.to_name),
    ):
        if version == GRAPH_NUTS_VERSION:
            continue
        other = region_iri(code)
        yield other, RDF.type, SKOS.Concept
        yield other, SKOS.inScheme, NUTS_SCHEME[version]
        yield other, SKOS.notation, Literal(code)
        yield from _text(other, SKOS.prefLabel, name)
        yield other, NUTS.level, Literal(len(code) - 2, datatype=XSD.integer)
        yield from _sources(other, record.sources)


def organisation_triples(record: OrganisationRecord) -> Iterator[Triple]:
    org = organisation_iri(record.org_id)
    yield org, RDF.type, ORG.Organization
    yield org, RDF.type, FOAF.Agent
    for cls in _CLASSES[record.type]:
        yield org, RDF.type, cls
    yield org, DCTERMS.identifier, Literal(record.org_id)
    yield org, SKOS.prefLabel, Literal(record.name)
    yield org, RDFS.label, Literal(record.name)
    if record.region:
        yield org, DCTERMS.spatial, region_iri(record.region)
    if record.website:
        yield org, FOAF.homepage, URIRef(record.website)
    yield from _text(org, SKOS.note, record.note)
    yield from _sources(org, record.sources)


def partnership_triples(record: PartnershipRecord) -> Iterator[Triple]:
    partnership = partnership_iri(record.partnership_id)
    yield partnership, RDF.type, S3.Partnership
    yield partnership, RDF.type, ORG.OrganizationalCollaboration
    yield partnership, DCTERMS.identifier, Literal(record.partnership_id)
    yield partnership, SKOS.prefLabel, Literal(record.name, lang="en")
    yield partnership, RDFS.label, Literal(record.name, lang="en")
    yield partnership, S3.platform, theme_iri(record.platform)
    yield partnership, ORG.classification, theme_iri(record.platform)
    if record.thematic_area:
        yield partnership, S3.thematicArea, theme_iri(record.thematic_area)
    if record.year_established:
        yield partnership, DCTERMS.created, Literal(record.year_established, datatype=XSD.gYear)
    if record.website:
        yield partnership, FOAF.homepage, URIRef(record.website)
    yield from _text(partnership, S3.reportedSize, record.reported_size)
    if record.reported_regions is not None:
        yield (
            partnership,
            S3.reportedRegionCount,
            Literal(record.reported_regions, datatype=XSD.integer),
        )
    if record.complete is not None:
        yield partnership, S3.memberListComplete, Literal(record.complete)
    yield from _text(partnership, SKOS.note, record.note)
    yield from _sources(partnership, record.sources)


def membership_triples(record: MembershipRecord) -> Iterator[Triple]:
    membership = membership_iri(record)
    partnership = partnership_iri(record.partnership_id)
    member = (
        region_iri(record.member) if record.member_is_region else organisation_iri(record.member)
    )
    yield membership, RDF.type, S3.Membership
    yield membership, RDF.type, ORG.Membership
    yield membership, ORG.organization, partnership
    yield membership, ORG.member, member
    yield membership, ORG.role, role_iri(record.role)
    yield member, ORG.memberOf, partnership
    yield partnership, ORG.hasMember, member
    if record.role in _SHORTCUTS:
        yield member, _SHORTCUTS[record.role], partnership
    if record.since or record.until:
        interval = URIRef(f"{membership}#during")
        yield membership, ORG.memberDuring, interval
        yield interval, RDF.type, TIME.Interval
        yield from _instant(
            interval, TIME.hasBeginning, URIRef(f"{membership}#since"), record.since
        )
        yield from _instant(interval, TIME.hasEnd, URIRef(f"{membership}#until"), record.until)
    yield from _text(membership, SKOS.note, record.note)
    yield from _sources(membership, record.sources)


def priority_triples(record: PriorityRecord) -> Iterator[Triple]:
    regional = regional_priority_iri(record.nuts_code, record.slug)
    region = region_iri(record.nuts_code)
    priority = priority_iri(record.slug)
    yield regional, RDF.type, S3.RegionalPriority
    yield regional, S3.region, region
    yield regional, S3.priority, priority
    yield region, S3.hasPriority, priority
    yield priority, RDF.type, S3.Priority
    yield priority, RDF.type, SKOS.Concept
    yield priority, SKOS.prefLabel, Literal(record.priority)
    yield from _sources(regional, record.sources)


def _instant(
    interval: URIRef, link: URIRef, instant: URIRef, date: Date | None
) -> Iterator[Triple]:
    if date is None:
        return
    predicate, datatype = _DATE_PROPERTIES[date.precision]
    yield interval, link, instant
    yield instant, RDF.type, TIME.Instant
    yield instant, predicate, Literal(date.text, datatype=datatype)
