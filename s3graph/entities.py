"""What the graph says about one entity: its Linked Data description and its profile.

Every IRI of the graph (``https://w3id.org/s3graph/id/...`` and the NUTS regions' own IRIs)
has a description (``describe``): its triples, and the names of what they point to. A profile
(``profile``) is the description, but for the properties with more than a hundred values
(counted, not read: a partnership's members, a region's memberships, which its tables list),
and the tables that a page of the entity shows, each from a named question or a function of
the library:

- a region or country: its partnerships (also through a parent or sub-region), its
  organisations (a hundred of them if it has more, with how many it has: the named question
  ``organisations-of-region`` lists them all), its sub-regions, the regions it shares most
  partnerships with, and the partnerships it might join (``s3graph.suggest``), and the codes
  of NUTS 2016 and 2024 its code replaced or was replaced by;
- a partnership: its member regions and organisations with roles and dates (a hundred
  organisations if it has more, leads and co-leads first, with how many it has: the named
  question ``sources-of-partnership`` lists every membership), its coverage
  (members found against the size reported), the source of every fact, the partnerships it
  shares member regions with, and the regions it might invite (``s3graph.suggest``);
- an organisation: its partnerships;
- a platform or thematic area: its partnerships and leads, and for a platform the countries
  and NUTS 2 regions absent from it.

>>> import s3graph
>>> from s3graph.namespaces import region_iri
>>> store = s3graph.open_built_store("memory")
>>> aragon = profile(store, region_iri("ES24"))
>>> aragon.kind, aragon.name
('region', 'Aragón')
>>> [table.key for table in aragon.tables]
['partnerships', 'organisations', 'partner-regions', 'sub-regions', 'nuts-changes', 'suggestions']
>>> partner_regions(store, "ES24", top=1).dicts()[0]["code"]
'FRD'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG
from rdflib.term import Node

from .catalogue import answer_query, get_query, run_query
from .comembership import every_member_region, partnership_names
from .errors import UnknownNameError
from .namespaces import NUTS, PREFIXES, S3
from .questions import partnerships_of_region, region_history, regions_of_partnership
from .resolve import Entity, resolve
from .results import Results
from .sparql import internal_query
from .store import Store
from .suggestions import Suggestions, suggest
from .summary import coverage_summary

DEFAULT_TOP_PARTNERS = 10
"""How many partner regions or overlapping partnerships a profile lists."""
SUGGESTIONS_SHOWN = 5
"""How many suggestions a profile lists."""
ORGANISATIONS_SHOWN = 100
"""How many of a partnership's organisations its profile lists (leads first) when it has more."""
VALUES_LISTED = 100
"""How many values of one property a profile's description holds: a property with more (a
partnership's org:hasMember, a region's org:memberOf, whose values its tables list) is
counted, not read."""


@dataclass(frozen=True)
class Excerpt:
    """What a table that lists only the first of many things leaves out.

    It lists ``shown`` of ``total`` things (``noun``); the named question ``question``,
    asked with ``params``, lists them all.
    """

    shown: int
    total: int
    noun: str
    question: str
    params: Mapping[str, str]


@dataclass(frozen=True)
class Table:
    """One table of a profile: a key for machines, a title for people, and the rows.

    ``links`` says, for a column whose values name entities, which kind they are: ``region``
    (a NUTS code), ``partnership`` or ``organisation`` (an id), ``any`` (a code or id of
    either kind), or ``url`` (a web address). ``excerpt`` is set when the table lists only
    the first of many things, and says where the whole list is.
    """

    key: str
    title: str
    results: Results
    links: Mapping[str, str] = field(default_factory=dict)
    excerpt: Excerpt | None = None


@dataclass(frozen=True)
class Profile:
    """An entity, its description and the tables about it.

    ``kind`` is ``region``, ``country`` (a NUTS level-0 region), ``partnership``,
    ``organisation``, ``platform``, ``area``, ``membership`` or ``entity`` (anything else).
    ``description`` is the entity's description (``describe``) but for its properties with more
    than ``VALUES_LISTED`` values: ``not_listed`` says how many values each of those has.
    """

    iri: URIRef
    kind: str
    name: str
    code: str
    description: Graph
    tables: tuple[Table, ...] = ()
    not_listed: Mapping[URIRef, int] = field(default_factory=dict)


def describe(store: Store, iri: URIRef, *, properties: tuple[URIRef, ...] | None = None) -> Graph:
    """The Linked Data description of an IRI: its triples and the names of what they point to.

    The entity's own hash IRIs (``...#during`` of a membership, and the ``#since`` that one
    points to) are described with it, as they share its document. With ``properties``, only
    the entity's triples with those properties (and its hash IRIs in full).

    Raises:
        UnknownNameError: the graph says nothing about ``iri``.
    """
    description: Graph | None = None
    pending, seen = [iri], set()
    while pending:
        subject = pending.pop()
        seen.add(subject)
        bound: dict[str, Node | tuple[Node, ...]] = {"entity": subject}
        if properties is not None and subject == iri:
            bound["property"] = properties
        answer = store.query(internal_query("entity-description"), bound)
        assert isinstance(answer, Graph)
        if description is None:  # the first answer is the description, not copied
            description = answer
        else:
            description += answer
        for value in answer.objects():
            if isinstance(value, URIRef) and value.startswith(f"{iri}#") and value not in seen:
                pending.append(value)
    assert description is not None
    for prefix, namespace in PREFIXES.items():
        description.bind(prefix, namespace)
    if (iri, None, None) not in description:
        raise UnknownNameError(f"the graph says nothing about {iri}")
    return description


def profile(store: Store, iri: URIRef) -> Profile:
    """The description of an IRI and the tables about it (see the module's description).

    Raises:
        UnknownNameError: the graph says nothing about ``iri``.
    """
    counts = store.select(internal_query("entity-property-counts"), {"entity": iri})
    # columns: ?entity ?property ?values
    not_listed = {
        URIRef(str(row[1])): int(str(row[2])) for row in counts if int(str(row[2])) > VALUES_LISTED
    }
    listed = tuple(URIRef(str(row[1])) for row in counts if URIRef(str(row[1])) not in not_listed)
    description = describe(store, iri, properties=listed if not_listed and listed else None)
    kind = _kind(description, iri)
    name = name_of(description, iri)
    if kind == "membership":  # named after who, where and as what
        member, partnership, role = (
            name_of(description, description.value(iri, predicate))
            for predicate in (ORG.member, ORG.organization, ORG.role)
        )
        name = f"{member} in {partnership} ({role})"
    code = description.value(iri, SKOS.notation) or description.value(iri, DCTERMS.identifier)
    entity = Entity(kind, iri, str(code or ""), str(name or code or iri))
    tables = _TABLES.get(kind, _no_tables)(store, entity)
    return Profile(iri, kind, entity.name, entity.code, description, tuple(tables), not_listed)


def partner_regions(
    store: Store, region: str | Entity, *, top: int = DEFAULT_TOP_PARTNERS
) -> Results:
    """The regions that share most partnerships with a region, as direct members of them.

    As ``s3graph pairs`` counts pairs, from the same member regions
    (``comembership.every_member_region``): a region counts the partnerships it is itself a
    member of. Columns: ``code``, ``region``, ``shared`` and ``partnerships`` (their ids).

    Raises:
        UnknownNameError: no region, or several, match ``region``.
    """
    found = resolve(store, "region", region)
    members = every_member_region(store)
    own = next((member.partnerships for member in members if member.code == found.code), None)
    ranked = sorted(
        (
            (len(shared), member.code, member.name, " ".join(sorted(shared)))
            for member in members
            if own and member.code != found.code and (shared := member.partnerships & own)
        ),
        key=lambda row: (-row[0], row[1]),
    )
    return Results(
        ["code", "region", "shared", "partnerships"],
        [
            (Literal(code), Literal(name), Literal(shared), Literal(ids))
            for shared, code, name, ids in ranked[:top]
        ],
    )


def overlapping_partnerships(
    store: Store, partnership: str | Entity, *, top: int | None = DEFAULT_TOP_PARTNERS
) -> Results:
    """The partnerships that share member regions with a partnership, most shared first.

    From the member regions (``comembership.every_member_region``), as
    ``comembership.partnership_pairs`` counts pairs. Columns: ``id``, ``partnership``,
    ``platform``, ``shared`` (how many member regions) and ``regions`` (their NUTS codes).

    Raises:
        UnknownNameError: no partnership, or several, match ``partnership``.
    """
    found = resolve(store, "partnership", partnership)
    regions: dict[str, set[str]] = defaultdict(set)
    for member in every_member_region(store):
        if found.code in member.partnerships:
            for other in member.partnerships - {found.code}:
                regions[other].add(member.code)
    named = partnership_names(store)
    ranked = sorted(
        (
            (len(codes), ident, *named[ident], " ".join(sorted(codes)))
            for ident, codes in regions.items()
            if ident in named
        ),
        key=lambda row: (-row[0], row[1]),
    )
    return Results(
        ["id", "partnership", "platform", "shared", "regions"],
        [
            (Literal(ident), Literal(name), Literal(platform), Literal(shared), Literal(codes))
            for shared, ident, name, platform, codes in (ranked if top is None else ranked[:top])
        ],
    )


def name_of(description: Graph, iri: Node | None) -> str | None:
    """What the description calls an IRI: its preferred name, label or code."""
    for naming in (SKOS.prefLabel, RDFS.label, SKOS.notation):
        name = description.value(iri, naming)
        if name is not None:
            return str(name)
    return None


def _kind(description: Graph, iri: URIRef) -> str:
    types = set(description.objects(iri, RDF.type))
    if S3.Region in types:
        level = description.value(iri, NUTS.level)
        return "country" if level is not None and int(str(level)) == 0 else "region"
    for rdf_type, kind in (
        (S3.Partnership, "partnership"),
        (ORG.Organization, "organisation"),
        (S3.ThematicPlatform, "platform"),
        (S3.ThematicArea, "area"),
        (S3.Membership, "membership"),
    ):
        if rdf_type in types:
            return kind
    return "entity"


def _region_tables(store: Store, region: Entity) -> list[Table]:
    return [
        Table(
            "partnerships",
            "Partnerships",
            partnerships_of_region(store, region),
            {"id": "partnership", "via": "region"},
        ),
        _first_organisations_table(store, region),
        Table(
            "partner-regions",
            "Regions it shares most partnerships with",
            partner_regions(store, region),
            {"code": "region"},
        ),
        Table(
            "sub-regions",
            "Sub-regions",
            store.select(internal_query("sub-regions"), {"region": region.iri}),
            {"code": "region"},
        ),
        Table(
            "nuts-changes",
            "Its code in NUTS 2016 and 2024 (Eurostat's correspondence)",
            region_history(store, region.code),
        ),
        _suggestions_table(
            "Partnerships it might join (suggestions: leads to check, not forecasts)",
            suggest(store, region=region, top=SUGGESTIONS_SHOWN),
        ),
    ]


def _first_organisations_table(store: Store, region: Entity) -> Table:
    """The rows of ``organisations-of-region`` for a hundred of a region's organisations (the
    first the store finds), and how many there are in all: a region may have thousands,
    and their rows take seconds to read."""
    count = store.select(internal_query("organisation-count-of-region"), {"region": region.iri})
    total = int(str(count.rows[0][1])) if count.rows else 0  # columns: ?region ?organisations
    first = store.select(internal_query("first-organisations-of-region"), {"region": region.iri})
    organisations = tuple(node for _, node in first if node is not None)
    rows = answer_query(
        store,
        get_query("organisations-of-region"),
        {"region": region.iri},
        narrowed={"o": organisations},
    )
    assert isinstance(rows, Results)
    return Table(
        "organisations",
        "Organisations based there",
        rows,
        {"org_id": "organisation", "code": "region", "id": "partnership"},
        _excerpt(
            len(organisations),
            total,
            "organisations",
            "organisations-of-region",
            {"region": region.code},
        ),
    )


def _excerpt(
    shown: int, total: int, noun: str, question: str, params: Mapping[str, str]
) -> Excerpt | None:
    """What a table leaves out when it shows ``shown`` of ``total`` things; ``None`` when it
    shows them all."""
    return None if shown == total else Excerpt(shown, total, noun, question, params)


def _partnership_tables(store: Store, partnership: Entity) -> list[Table]:
    # every partnership's coverage is read by one query: read once a generation of the store
    coverage = store.remembered("entities.coverage", partial(coverage_summary, store))
    own = [row for row in coverage if str(row[0]) == partnership.code]
    return [
        Table(
            "coverage",
            "Coverage: members found against the size reported",
            Results(coverage.variables[3:], [row[3:] for row in own]),
            {"leads": "any"},
        ),
        Table(
            "regions",
            "Member regions",
            regions_of_partnership(store, partnership),
            {"code": "region", "country": "region"},
        ),
        _organisations_table(store, partnership),
        Table(
            "overlap",
            "Partnerships that share member regions with it",
            overlapping_partnerships(store, partnership),
            {"id": "partnership", "regions": "region"},
        ),
        _sources_table(store, partnership),
        _suggestions_table(
            "Regions it might invite (suggestions: leads to check, not forecasts)",
            suggest(store, partnership=partnership, top=SUGGESTIONS_SHOWN),
        ),
    ]


def _members_order(role: Node | None, org_id: Node | None) -> tuple[bool, bool, str, str]:
    """How a partnership's organisations are ordered: leads and co-leads first, then by role
    and id."""
    return str(role) != "lead", str(role) != "co-lead", str(role), str(org_id)


def _organisations_table(store: Store, partnership: Entity) -> Table:
    """A partnership's organisations with their roles, or a hundred of them if it has more
    (leads and co-leads first), with how many it has: a partnership may have hundreds, and
    reading every one's type, region and dates is the page's longest query."""
    bound: dict[str, Node | tuple[Node, ...]] = {"partnership": partnership.iri}
    memberships = store.select(internal_query("organisation-memberships-of-partnership"), bound)
    ordered = sorted(memberships, key=lambda row: _members_order(row[3], row[2]))
    shown = list(dict.fromkeys(str(row[2]) for row in ordered))[:ORGANISATIONS_SHOWN]
    total = len({str(row[2]) for row in ordered})
    if len(shown) < total:  # the memberships of the first organisations alone
        kept = set(shown)
        bound["membership"] = tuple(
            row[1] for row in ordered if row[1] is not None and str(row[2]) in kept
        )
    members = store.select(internal_query("organisations-of-partnership"), bound)
    role, org_id = members.variables.index("role"), members.variables.index("org_id")
    in_order = sorted(members.rows, key=lambda row: _members_order(row[role], row[org_id]))
    return Table(
        "organisations",
        "Member organisations",
        Results(members.variables[1:], [row[1:] for row in in_order]),
        {"org_id": "organisation", "based_in": "region"},
        _excerpt(
            len(shown),
            total,
            "organisations",
            "sources-of-partnership",
            {"partnership": partnership.code},
        ),
    )


def _sources_table(store: Store, partnership: Entity) -> Table:
    """The rows of ``sources-of-partnership``, or a hundred of them if it has more (one a
    membership: a partnership may have hundreds), with how many it has."""
    bound = {"partnership": partnership.iri}
    count = store.select(internal_query("source-count-of-partnership"), bound)
    total = int(str(count.rows[0][1])) if count.rows else 0  # columns: ?partnership ?facts
    question = "sources-of-partnership"
    first = store.select(internal_query("first-sources-of-partnership"), bound)
    if len(first) == total:  # all of them: in the question's order
        rows = run_query(store, question, partnership=partnership.iri)
    else:
        rows = Results(first.variables[1:], [row[1:] for row in first])
    return Table(
        "sources",
        "Sources of the facts",
        rows,
        {"member_id": "any", "source": "url"},
        _excerpt(len(rows), total, "facts", question, {"partnership": partnership.code}),
    )


def _suggestions_table(title: str, found: Suggestions) -> Table:
    """The suggestions as a table, with the regions their reasons name (``named``)."""
    table = found.to_results()
    named = [
        Literal(" ".join(dict.fromkeys(code for reason in item.reasons for code in reason.regions)))
        for item in found.items
    ]
    return Table(
        "suggestions",
        title,
        Results(
            [*table.variables, "named"],
            [(*row, codes) for row, codes in zip(table, named, strict=True)],
        ),
        {table.variables[1]: found.suggested, "named": "region"},
    )


def _organisation_tables(store: Store, organisation: Entity) -> list[Table]:
    return [
        Table(
            "partnerships",
            "Partnerships",
            run_query(store, "partnerships-of-organisation", organisation=organisation.iri),
            {"id": "partnership"},
        )
    ]


def _platform_tables(store: Store, platform: Entity) -> list[Table]:
    return [
        *_theme_tables(store, platform, "platform"),
        Table(
            "absent-countries",
            "EU countries absent from it",
            run_query(store, "countries-absent-from-platform", platform=platform.iri),
            {"code": "region"},
        ),
        Table(
            "absent-regions",
            "NUTS 2 regions absent from it",
            run_query(store, "regions-absent-from-platform", platform=platform.iri),
            {"code": "region", "country": "region"},
        ),
    ]


def _area_tables(store: Store, area: Entity) -> list[Table]:
    return _theme_tables(store, area, "area")


def _theme_tables(store: Store, theme: Entity, column: str) -> list[Table]:
    """Partnerships and leads of a platform or area: the catalogue's rows with its name."""
    partnerships = run_query(store, "partnerships-per-platform")
    index = partnerships.variables.index(column)
    ids = {str(row[2]) for row in partnerships if str(row[index]) == theme.name}
    leads = run_query(store, "leads-per-platform")
    return [
        Table(
            "partnerships",
            "Partnerships",
            Results(partnerships.variables, [row for row in partnerships if str(row[2]) in ids]),
            {"id": "partnership"},
        ),
        Table(
            "leads",
            "Leads and co-leads",
            Results(leads.variables, [row for row in leads if str(row[1]) in ids]),
            {"id": "partnership", "member_id": "any"},
        ),
    ]


def _no_tables(store: Store, entity: Entity) -> list[Table]:
    return []


_TABLES = {
    "region": _region_tables,
    "country": _region_tables,
    "partnership": _partnership_tables,
    "organisation": _organisation_tables,
    "platform": _platform_tables,
    "area": _area_tables,
}
