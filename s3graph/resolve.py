"""Resolve the names people type to the regions, partnerships and organisations they mean.

A region is given by NUTS code or name, a partnership or an organisation by id or name.
Names are matched as ``s3graph.vocabulary`` matches every name (``fold``): ``es24``,
``Aragon`` and ``ARAGÓN`` are all Aragón. A name that starts a word of exactly one label is
enough (``hydrogen`` is European Hydrogen Valleys). A name that matches nothing, or more than
one thing, is an ``UnknownNameError`` that lists the candidates (``did_you_mean``).

A code is looked up in the store (``queries/internal/labels-of-code.rq``); a name is matched
against the labels of every entity of its kind (``queries/internal/labels.rq``). The text
typed is only ever bound as a value, never part of any query text. So
``resolve(store, "region", "aragon")`` is Aragón (ES24), and ``resolve_region(store, "Berlin")``
fails with ``region 'Berlin' is ambiguous; did you mean DE3 (Berlin, level 1), DE30 (Berlin,
level 2) or DE300 (Berlin, level 3)?``. Platforms, areas and roles are no entities: they are
matched against ``s3graph.vocabulary``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import ORG

from .choices import GRAPH_NUTS_VERSION, NutsVersion
from .errors import UnknownNameError
from .namespaces import S3
from .results import TextRow
from .sparql import internal_query
from .store import Store
from .tables import CodeReading
from .triples import NUTS_CHANGES
from .vocabulary import AREAS, PLATFORMS, did_you_mean, either, fold

MAX_CANDIDATES_SHOWN = 8
ANY_NODE = ("region", "partnership", "organisation")
"""The kinds of entity a network view shows, for ``resolve(store, ANY_NODE, text)``."""
_CLASSES = {
    "region": S3.Region,
    "country": S3.Region,
    "partnership": S3.Partnership,
    "organisation": ORG.Organization,
}
_NUTS_KINDS = ("region", "country")
_EXAMPLES = {
    "region": "a NUTS code such as ES24 or a region name",
    "country": "a NUTS country code such as ES or EL (Greece)",
    "partnership": "a partnership id such as im-h2valleys or its name",
    "organisation": "an organisation id such as aragon-exterior or its name",
}
_SEARCH = "; find one with: s3graph query --name search-names --param text=WORD"


@dataclass(frozen=True)
class Entity:
    """A region, partnership or organisation, as a name resolved to it."""

    kind: str
    iri: URIRef
    code: str
    name: str
    level: int | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def describe(self) -> str:
        """``ES24 (Aragón, level 2)``: the code first, as a candidate in an error message."""
        level = "" if self.level is None else f", level {self.level}"
        return f"{self.code} ({self.name}{level})"


def resolve(store: Store, kind: str | tuple[str, ...], text: str | Entity) -> Entity:
    """The region, country, partnership or organisation that a code, id or name means (an
    ``Entity`` already resolved is itself).

    Args:
        store: the store to look in.
        kind: ``region`` (by NUTS code or name), ``country`` (a NUTS level-0 region, by code
            or name: ``ES``, ``España``), ``partnership`` or ``organisation`` (by id or name);
            or several of them (``ANY_NODE``), to find whichever the text names.
        text: what the user typed.

    Raises:
        UnknownNameError: nothing of that kind, or more than one thing, has that code or name.
    """
    if isinstance(text, Entity):
        return text
    kinds = (kind,) if isinstance(kind, str) else kind
    what = either(kinds)
    key = fold(text)
    if not key:
        raise UnknownNameError(f"no {what} given; {_give(kinds)}")
    by_code = [
        entity for kind in kinds if (entity := _entity_of_code(store, kind, text)) is not None
    ]
    if len(by_code) == 1:
        return by_code[0]
    if by_code:
        raise _ambiguous(text, what, by_code)
    entities = [pair for kind in kinds for pair in _entities(store, kind)]
    exact = [entity for entity, keys in entities if key in keys]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _ambiguous(text, what, exact)
    starts = [
        entity for entity, keys in entities if any(f" {key}" in f" {label}" for label in keys)
    ]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise _ambiguous(text, what, starts)
    raise UnknownNameError(_unknown(text, what, kinds, entities))


def resolve_region(store: Store, text: str | Entity) -> Entity:
    """The region a NUTS code or name means: ``resolve(store, "region", text)``."""
    return resolve(store, "region", text)


def resolve_partnership(store: Store, text: str | Entity) -> Entity:
    """The partnership an id or name means: ``resolve(store, "partnership", text)``."""
    return resolve(store, "partnership", text)


@dataclass(frozen=True)
class MemberFilter:
    """Which memberships an answer counts: a platform's and a thematic area's slugs, and a
    country (its NUTS level-0 region); ``None`` where any will do."""

    platform: str | None = None
    area: str | None = None
    country: Entity | None = None

    @property
    def country_code(self) -> str | None:
        """The country's NUTS code, if one was given."""
        return self.country.code if self.country else None


def member_filter(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> MemberFilter:
    """The filter that a platform, a thematic area and a country, as typed, name.

    Raises:
        UnknownNameError: one of them matches nothing (with candidates).
    """
    return MemberFilter(
        PLATFORMS.resolve(platform) if platform else None,
        AREAS.resolve(area) if area else None,
        resolve(store, "country", country) if country else None,
    )


def region_names(store: Store) -> dict[str, str]:
    """The preferred name of every region, by NUTS code."""
    return {entity.code: entity.name for entity, _ in _entities(store, "region")}


def _entity_of_code(store: Store, kind: str, text: str) -> Entity | None:
    """The entity of a kind whose code ``text`` is, if any (the first by code if several)."""
    code = text.strip().upper() if kind in _NUTS_KINDS else text.strip().lower()
    bindings = {"class": _CLASSES[kind], "code": Literal(code)}
    found = _labelled(kind, store.select_texts(internal_query("labels-of-code"), bindings))
    return found[0][0] if found else None


def _entities(store: Store, kind: str) -> list[tuple[Entity, set[str]]]:
    """The entities of a kind and the folded forms of their names, read once for each
    generation of the store (see ``Store.remembered``)."""

    def read() -> list[tuple[Entity, set[str]]]:
        labels = store.select_texts(internal_query("labels"), {"class": _CLASSES[kind]})
        return _labelled(kind, labels)

    return store.remembered(("resolve.entities", kind), read)


def _labelled(kind: str, rows: Iterable[TextRow]) -> list[tuple[Entity, set[str]]]:
    """Entities from rows of ``labels.rq`` as text, each with the folded forms of its names,
    by code."""
    found: dict[str, tuple[Entity, set[str]]] = {}
    for _, code, iri, name, alternative, level in rows:
        assert code is not None and iri is not None and name is not None
        number = None if level is None else int(level)
        if kind == "country" and number != 0:
            continue
        entity, keys = found.setdefault(iri, (Entity(kind, URIRef(iri), code, name, number), set()))
        keys.add(fold(entity.name))
        if alternative is not None:
            keys.add(fold(alternative))
    return sorted(found.values(), key=lambda pair: pair[0].code)


def _ambiguous(text: str, what: str, candidates: list[Entity]) -> UnknownNameError:
    shown = [entity.describe() for entity in candidates[:MAX_CANDIDATES_SHOWN]]
    more = len(candidates) - len(shown)
    if more:
        shown.append(f"{more} more")
    return UnknownNameError(f"{what} {text!r} is ambiguous; did you mean {either(shown)}?")


def _unknown(
    text: str, what: str, kinds: tuple[str, ...], entities: list[tuple[Entity, set[str]]]
) -> str:
    names = [(name, entity.describe()) for entity, keys in entities for name in keys]
    names += [(entity.code, entity.describe()) for entity, _ in entities]
    hint = did_you_mean(text, names, cutoff=0.7)
    return f"unknown {what} {text!r}; {hint or _give(kinds) + _SEARCH}"


def _give(kinds: tuple[str, ...]) -> str:
    return f"give {either([_EXAMPLES[kind] for kind in kinds])}"


@dataclass(frozen=True)
class CodeChange:
    """One link of Eurostat's correspondence: a NUTS code of one version and a code of the
    next (``from_version`` 2016 and ``to_version`` 2021, or 2021 and 2024), with the change."""

    from_version: str
    from_code: str
    from_name: str
    to_version: str
    to_code: str
    to_name: str
    change: str
    """A kind of change of ``s3graph.triples.NUTS_CHANGES`` (``recoded``, ``split``...)."""


_CHANGE_OF_PROPERTY = {str(term): change for change, term in NUTS_CHANGES.items()}
_ONE_TO_ONE = {
    "recoded": "the same region under another code",
    "boundary-shift": "the same region, its boundary shifted",
}


def nuts_changes(store: Store) -> list[CodeChange]:
    """Every link between NUTS codes of two versions that the store holds, sorted."""
    found: dict[tuple[str, str, str], CodeChange] = {}
    graph = GRAPH_NUTS_VERSION.value
    for change, old, old_name, new, new_name, from_region in store.select(
        internal_query("nuts-changes")
    ):
        versions = (graph, "2024") if str(from_region) == "true" else ("2016", graph)
        key = (versions[0], str(old), str(new))
        found.setdefault(  # a code of 2016 and of 2024 may have a name of each; keep one
            key,
            CodeChange(
                versions[0],
                str(old),
                str(old_name or ""),
                versions[1],
                str(new),
                str(new_name or ""),
                _CHANGE_OF_PROPERTY[str(change)],
            ),
        )
    return [found[key] for key in sorted(found)]


def code_readings(
    changes: Iterable[CodeChange], version: NutsVersion | None = None
) -> dict[str, CodeReading]:
    """How the NUTS codes that changed read in NUTS 2021, for a file of codes of ``version``.

    A code of 2016 or 2024 linked one-to-one (recoded, or its boundary shifted) reads as its
    2021 region; one split or merged reads as nothing, and its reading lists the candidates.
    With no ``version``, a code is read in whichever version has it, and a code of both 2016
    and 2024 that reads differently in each is a fault asking for ``--nuts-version``. With a
    version, a NUTS 2021 code that version does not have is a fault.

    >>> recoded = CodeChange("2021", "NL332", "'s-Gravenhage", "2024", "NL361", "'s-Gravenhage",
    ...                      "recoded")
    >>> code_readings([recoded])["NL361"].region
    'NL332'
    >>> print(code_readings([recoded], NutsVersion.V2024)["NL332"].message)  # doctest: +ELLIPSIS
    NL332 is a NUTS 2021 code, not one of NUTS 2024: in 2024 it became NL361 ('s-Gravenhage, ...
    """
    to_2021: dict[str, dict[str, list[CodeChange]]] = {
        "2016": defaultdict(list),
        "2024": defaultdict(list),
    }
    from_2021: dict[str, dict[str, list[CodeChange]]] = {
        "2016": defaultdict(list),
        "2024": defaultdict(list),
    }
    for change in changes:
        if change.from_version == "2016":
            to_2021["2016"][change.from_code].append(change)
            from_2021["2016"][change.to_code].append(change)
        else:
            to_2021["2024"][change.to_code].append(change)
            from_2021["2024"][change.from_code].append(change)
    readings: dict[str, CodeReading] = {}
    for other in ("2016", "2024"):
        if version is None or version.value == other:
            for code, links in to_2021[other].items():
                reading = _reading(code, other, links)
                earlier = readings.get(code)
                readings[code] = reading if earlier in (None, reading) else _ambiguous_code(code)
        elif version is GRAPH_NUTS_VERSION:
            for code in to_2021[other]:
                readings[code] = _not_in_version(code, other, version.value, [])
    if version is not None and version is not GRAPH_NUTS_VERSION:
        for code, links in from_2021[version.value].items():
            readings.setdefault(
                code, _not_in_version(code, GRAPH_NUTS_VERSION.value, version.value, links)
            )
    return readings


def _reading(code: str, version: str, links: list[CodeChange]) -> CodeReading:
    """How one code of 2016 or 2024 reads in NUTS 2021, from its links to 2021 codes."""
    name = links[0].from_name if version == "2016" else links[0].to_name
    regions = [
        (link.to_code, link.to_name) if version == "2016" else (link.from_code, link.from_name)
        for link in links
    ]
    if len(links) == 1 and links[0].change in _ONE_TO_ONE:
        region, region_name = regions[0]
        return CodeReading(
            region,
            f"NUTS {version} code {code} ({name}) read as NUTS 2021 {region} ({region_name}): "
            f"{_ONE_TO_ONE[links[0].change]}",
        )
    candidates = [
        f"{region} ({region_name}, {link.change})"
        for (region, region_name), link in zip(regions, links, strict=True)
    ]
    return CodeReading(
        "",
        f"NUTS {version} code {code} ({name}) is no single NUTS 2021 region; candidates: "
        + ", ".join(candidates),
        "give the NUTS 2021 code of the region the row means: "
        + either([region for region, _ in regions]),
    )


def _ambiguous_code(code: str) -> CodeReading:
    return CodeReading(
        "",
        f"{code} is a code of NUTS 2016 and of NUTS 2024, which read it differently",
        "say which version the file's codes are with --nuts-version 2016 or 2024",
    )


def _not_in_version(code: str, actual: str, claimed: str, links: list[CodeChange]) -> CodeReading:
    """A fault for a code of one version in a file said to be of another."""
    became = ", ".join(
        f"{link.to_code if claimed == '2024' else link.from_code} "
        f"({link.to_name if claimed == '2024' else link.from_name}, {link.change})"
        for link in links
    )
    when = (
        f": in {claimed} it became {became}"
        if claimed == "2024"
        else f", made from {became} in 2021"
    )
    return CodeReading(
        "",
        f"{code} is a NUTS {actual} code, not one of NUTS {claimed}{when if links else ''}",
        f"check --nuts-version {claimed}: is the file's code of that version?",
    )
