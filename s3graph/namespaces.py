"""Closed namespaces and IRI builders.

Our own terms are reached through ``S3``, a closed ``DefinedNamespace``: a misspelt term is
an ``AttributeError``, and a test keeps the list in step with ``ontology/s3.ttl``.

>>> str(S3.Partnership)
'https://w3id.org/s3graph/ontology#Partnership'
>>> str(region_iri("es24"))
'http://data.europa.eu/nuts/code/ES24'
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from .choices import GRAPH_NUTS_VERSION

ID = Namespace("https://w3id.org/s3graph/id/")
GRAPH = Namespace("https://w3id.org/s3graph/graph/")
SHAPES = Namespace("https://w3id.org/s3graph/shapes#")
NUTS_CODE = Namespace("http://data.europa.eu/nuts/code/")
NUTS_SCHEME = Namespace("http://data.europa.eu/nuts/scheme/")
GRAPH_NUTS_SCHEME = NUTS_SCHEME[GRAPH_NUTS_VERSION.value]
EU27 = ID["collection/eu27"]


class S3(DefinedNamespace):
    """The s3graph ontology, ``https://w3id.org/s3graph/ontology#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/s3graph/ontology#")

    # classes
    Partnership: URIRef
    Membership: URIRef
    ThematicPlatform: URIRef
    ThematicArea: URIRef
    Region: URIRef
    PublicBody: URIRef
    Cluster: URIRef
    CreativeHub: URIRef
    RegionalNetwork: URIRef
    Agency: URIRef
    University: URIRef
    Company: URIRef
    Event: URIRef
    ReportedFigure: URIRef
    Priority: URIRef
    RegionalPriority: URIRef
    # object properties
    platform: URIRef
    thematicArea: URIRef
    leads: URIRef
    coLeads: URIRef
    country: URIRef
    reportedAt: URIRef
    region: URIRef
    priority: URIRef
    hasPriority: URIRef
    recodedAs: URIRef
    boundaryShiftedTo: URIRef
    splitInto: URIRef
    mergedInto: URIRef
    # datatype properties
    sha256: URIRef
    rowCount: URIRef
    reportedSize: URIRef
    reportedRegionCount: URIRef
    memberListComplete: URIRef


class NUTS(DefinedNamespace):
    """The terms of the EU's NUTS vocabulary that s3graph writes."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/nuts/")

    level: URIRef


class GEO(DefinedNamespace):
    """W3C Basic Geo (WGS84). rdflib's ``WGS`` has the wrong scheme (https), so not that."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

    lat: URIRef
    long: URIRef


class Terms:
    """A namespace whose terms are each made once.

    rdflib builds a new ``URIRef`` (and checks the name, for a closed namespace) on every
    attribute read, a few microseconds; code that writes terms for every row reads them here.

    >>> terms = Terms(S3)
    >>> terms.Partnership is terms.Partnership
    True
    >>> terms.Partnershp
    Traceback (most recent call last):
    AttributeError: term 'Partnershp' not in namespace 'https://w3id.org/s3graph/ontology#'
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = URIRef(getattr(self._namespace, name))
        setattr(self, name, term)  # from now on an ordinary attribute
        return term


PREFIXES: dict[str, str] = {
    "s3": str(S3._NS),
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "nuts": str(NUTS._NS),
    "nutscode": str(NUTS_CODE),
    "geo": str(GEO._NS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "cv": "http://data.europa.eu/m8g/",
    "id": str(ID),
}


def expand(name: str) -> URIRef:
    """The IRI of a prefixed name with one of the ``PREFIXES``.

    >>> str(expand("org:FormalOrganization"))
    'http://www.w3.org/ns/org#FormalOrganization'
    """
    prefix, _, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def region_iri(code: str) -> URIRef:
    """The EU's IRI for a NUTS code (upper-cased)."""
    return NUTS_CODE[code.strip().upper()]


def partnership_iri(partnership_id: str) -> URIRef:
    """The IRI of a partnership from its id (lower-cased)."""
    return ID[f"partnership/{partnership_id.strip().lower()}"]


def organisation_iri(org_id: str) -> URIRef:
    """The IRI of an organisation from its id (lower-cased)."""
    return ID[f"org/{org_id.strip().lower()}"]


def priority_iri(slug: str) -> URIRef:
    """The IRI of an S3 priority from its slug (``s3graph.vocabulary.priority_slug``)."""
    return ID[f"priority/{slug}"]


def regional_priority_iri(code: str, slug: str) -> URIRef:
    """The IRI of a region's S3 priority: its NUTS code and the priority's slug."""
    return ID[f"region-priority/{code.strip().upper()}/{slug}"]


def theme_iri(slug: str) -> URIRef:
    """The IRI of a thematic platform or area."""
    return ID[f"theme/{slug}"]


def role_iri(slug: str) -> URIRef:
    """The IRI of a membership role."""
    return ID[f"role/{slug}"]


def graph_iri(slug: str) -> URIRef:
    """The IRI of the named graph that holds one source."""
    return GRAPH[slug]
