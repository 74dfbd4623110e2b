"""Resolve the names people type to the regions, partnerships and organisations they mean.

A region is given by NUTS code or name, a partnership or an organisation by id or name.
Case, accents and punctuation do not matter: ``es24``, ``Aragon`` and ``ARAGÓN`` are all
Aragón. A name that starts a word of exactly one label is enough (``hydrogen`` is European
Hydrogen Valleys). A name that matches nothing, or more than one thing, is an
``UnknownNameError`` that lists the candidates.

The labels come from the store in one SPARQL query per lookup (``queries/internal/labels.rq``);
the name typed is never part of any query text. So ``resolve_region(store, "aragon")`` is
Aragón (ES24), and ``resolve_region(store, "Berlin")`` fails with ``region 'Berlin' is
ambiguous; did you mean DE3 (Berlin, level 1), DE30 (Berlin, level 2) or DE300 (Berlin,
level 3)?``. Platforms, areas and roles come from a fixed list:

>>> resolve_platform("Industrial Modernisation")
'industrial-modernisation'
>>> resolve_platform("enrgy")
Traceback (most recent call last):
...
s3graph.errors.UnknownNameError: unknown platform 'enrgy'; did you mean energy?
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import ORG
from rdflib.term import Node

from .errors import UnknownNameError
from .namespaces import S3
from .queries import internal_query
from .store import Store
from .tables import PLATFORMS, ROLES, THEMATIC_AREAS

MAX_CANDIDATES_SHOWN = 8
_CLASSES = {"region": S3.Region, "partnership": S3.Partnership, "organisation": ORG.Organization}
_HINTS = {
    "region": "give a NUTS code such as ES24 or a region name",
    "country": "give a NUTS country code such as ES or EL (Greece)",
    "partnership": "give a partnership id such as im-h2valleys or its name",
    "organisation": "give an organisation id such as aragon-exterior or its name",
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


def resolve_region(store: Store, text: str) -> Entity:
    """The region a NUTS code or name means.

    Raises:
        UnknownNameError: no region, or more than one, has that code or name.
    """
    return _resolve(store, text, "region")


def resolve_country(store: Store, text: str) -> Entity:
    """The country (NUTS level-0 region) a code or name means: ``ES``, ``España``.

    Raises:
        UnknownNameError: no country, or more than one, has that code or name.
    """
    return _resolve(store, text, "country")


def resolve_partnership(store: Store, text: str) -> Entity:
    """The partnership an id or name means.

    Raises:
        UnknownNameError: no partnership, or more than one, has that id or name.
    """
    return _resolve(store, text, "partnership")


def resolve_organisation(store: Store, text: str) -> Entity:
    """The organisation an id or name means.

    Raises:
        UnknownNameError: no organisation, or more than one, has that id or name.
    """
    return _resolve(store, text, "organisation")


def region_names(store: Store) -> dict[str, str]:
    """The preferred name of every region, by NUTS code."""
    return {entity.code: entity.name for entity, _ in _entities(store, "region")}


def resolve_platform(text: str) -> str:
    """The slug of a thematic platform given by slug or label: ``Energy`` -> ``energy``."""
    return _choose(text, "platform", PLATFORMS)


def resolve_area(text: str) -> str:
    """The slug of a thematic area given by slug or label: ``CCI`` -> ``cci``."""
    labels = {slug: label for slug, (label, _) in THEMATIC_AREAS.items()}
    return _choose(text, "thematic area", labels)


def resolve_role(text: str) -> str:
    """The slug of a membership role: ``Co-Lead`` -> ``co-lead``."""
    return _choose(text, "role", {role: role for role in ROLES})


def normalise(text: str) -> str:
    """A name folded for comparison: no accents, no case, punctuation as single spaces.

    >>> normalise("  Provence-Alpes-Côte d'Azur ")
    'provence alpes cote d azur'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.split(r"[\W_]+", bare.casefold())).strip()


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """``did you mean X or Y?`` for the choices closest to ``value``, or ``""``.

    >>> did_you_mean("regions-of-partnershp", ["regions-of-partnership", "pairs"])
    'did you mean regions-of-partnership?'
    """
    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=0.6)
    return f"did you mean {_either(close)}?" if close else ""


def _entities(store: Store, kind: str, *, code: str | None = None) -> list[tuple[Entity, set[str]]]:
    """The entities of a kind (or the one with ``code``) and the folded forms of their names."""
    bindings: dict[str, Node] = {"class": _CLASSES["region" if kind == "country" else kind]}
    if code is not None:
        bindings["code"] = Literal(code)
    found: dict[str, tuple[Entity, set[str]]] = {}
    for _, code_term, iri, name, alternative, level in store.select(
        internal_query("labels"), bindings
    ):
        number = None if level is None else int(str(level))
        if kind == "country" and number != 0:
            continue
        entity, keys = found.setdefault(
            str(iri),
            (Entity(kind, URIRef(str(iri)), str(code_term), str(name), number), set()),
        )
        keys.add(normalise(entity.name))
        if alternative is not None:
            keys.add(normalise(str(alternative)))
    return sorted(found.values(), key=lambda pair: pair[0].code)


def _resolve(store: Store, text: str, kind: str) -> Entity:
    key = normalise(text)
    if not key:
        raise UnknownNameError(f"no {kind} given; {_HINTS[kind]}")
    code = text.strip()
    code = code.upper() if kind in ("region", "country") else code.lower()
    by_code = _entities(store, kind, code=code)
    if by_code:
        return by_code[0][0]
    entities = _entities(store, kind)
    exact = [entity for entity, keys in entities if key in keys]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _ambiguous(text, kind, exact)
    starts = [
        entity for entity, keys in entities if any(f" {key}" in f" {label}" for label in keys)
    ]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise _ambiguous(text, kind, starts)
    raise UnknownNameError(_unknown(text, kind, entities))


def _ambiguous(text: str, kind: str, candidates: list[Entity]) -> UnknownNameError:
    shown = [entity.describe() for entity in candidates[:MAX_CANDIDATES_SHOWN]]
    more = len(candidates) - len(shown)
    if more:
        shown.append(f"{more} more")
    return UnknownNameError(f"{kind} {text!r} is ambiguous; did you mean {_either(shown)}?")


def _unknown(text: str, kind: str, entities: list[tuple[Entity, set[str]]]) -> str:
    by_key: dict[str, list[Entity]] = {}
    for entity, keys in entities:
        for name in {*keys, entity.code.casefold()}:
            by_key.setdefault(name, []).append(entity)
    close = difflib.get_close_matches(normalise(text), list(by_key), n=3, cutoff=0.7)
    suggestions = list(dict.fromkeys(entity.describe() for key in close for entity in by_key[key]))
    if suggestions:
        return f"unknown {kind} {text!r}; did you mean {_either(suggestions)}?"
    return f"unknown {kind} {text!r}; {_HINTS[kind]}{_SEARCH}"


def _choose(text: str, what: str, choices: Mapping[str, str]) -> str:
    key = normalise(text)
    for slug, label in choices.items():
        if key in (normalise(slug), normalise(label)):
            return slug
    hint = did_you_mean(text.strip().lower(), choices)
    if not hint:
        hint = f"use one of: {', '.join(choices)}"
    raise UnknownNameError(f"unknown {what} {text!r}; {hint}")


def _either(items: Collection[str]) -> str:
    listed = list(items)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"
