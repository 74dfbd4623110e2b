"""Resolve the names people type to the regions, partnerships and organisations they mean.

A region is given by NUTS code or name, a partnership or an organisation by id or name.
Case, accents and punctuation do not matter: ``es24``, ``Aragon`` and ``ARAGÓN`` are all
Aragón. A name that starts a word of exactly one label is enough (``hydrogen`` is European
Hydrogen Valleys). A name that matches nothing, or more than one thing, is an
``UnknownNameError`` that lists the candidates.

A code is looked up in the store (``queries/internal/labels-of-code.rq``); a name is matched
against the labels of every entity of its kind (``queries/internal/labels.rq``). The text
typed is only ever bound as a value, never part of any query text. So
``resolve(store, "region", "aragon")`` is Aragón (ES24), and ``resolve_region(store, "Berlin")``
fails with ``region 'Berlin' is ambiguous; did you mean DE3 (Berlin, level 1), DE30 (Berlin,
level 2) or DE300 (Berlin, level 3)?``. Platforms, areas and roles come from a fixed list:

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

from .errors import UnknownNameError
from .namespaces import S3
from .queries import internal_query
from .results import Row
from .store import Store
from .tables import PLATFORMS, ROLES, THEMATIC_AREAS

MAX_CANDIDATES_SHOWN = 8
_CLASSES = {
    "region": S3.Region,
    "country": S3.Region,
    "partnership": S3.Partnership,
    "organisation": ORG.Organization,
}
_NUTS_KINDS = ("region", "country")
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


def resolve(store: Store, kind: str, text: str) -> Entity:
    """The region, country, partnership or organisation that a code, id or name means.

    Args:
        store: the store to look in.
        kind: ``region`` (by NUTS code or name), ``country`` (a NUTS level-0 region, by code
            or name: ``ES``, ``España``), ``partnership`` or ``organisation`` (by id or name).
        text: what the user typed.

    Raises:
        UnknownNameError: nothing of that kind, or more than one thing, has that code or name.
    """
    key = normalise(text)
    if not key:
        raise UnknownNameError(f"no {kind} given; {_HINTS[kind]}")
    code = text.strip()
    by_code = _entity_of_code(store, kind, code.upper() if kind in _NUTS_KINDS else code.lower())
    if by_code is not None:
        return by_code
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


def resolve_region(store: Store, text: str) -> Entity:
    """The region a NUTS code or name means: ``resolve(store, "region", text)``."""
    return resolve(store, "region", text)


def resolve_partnership(store: Store, text: str) -> Entity:
    """The partnership an id or name means: ``resolve(store, "partnership", text)``."""
    return resolve(store, "partnership", text)


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


def _entity_of_code(store: Store, kind: str, code: str) -> Entity | None:
    """The entity of a kind that has ``code``, if any (the first by code if several)."""
    bindings = {"class": _CLASSES[kind], "code": Literal(code)}
    found = _labelled(kind, store.select(internal_query("labels-of-code"), bindings))
    return found[0][0] if found else None


def _entities(store: Store, kind: str) -> list[tuple[Entity, set[str]]]:
    """The entities of a kind and the folded forms of their names."""
    return _labelled(kind, store.select(internal_query("labels"), {"class": _CLASSES[kind]}))


def _labelled(kind: str, rows: Iterable[Row]) -> list[tuple[Entity, set[str]]]:
    """Entities from rows of ``labels.rq``, each with the folded forms of its names, by code."""
    found: dict[str, tuple[Entity, set[str]]] = {}
    for _, code_term, iri, name, alternative, level in rows:
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
