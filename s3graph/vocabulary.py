"""The controlled vocabulary, and how what people type is matched to it and to names.

Platforms, thematic areas, roles, organisation types and coverage are fixed lists, each a
``Vocabulary`` of ``Term``s. They are written here as a code table, not parsed from the
ontology's Turtle: ``import s3graph`` and ``s3graph --help`` load no rdflib (a test holds
that), and parsing ``ontology/schemes.ttl`` would cost every start tens of milliseconds.
``tests/test_vocabulary.py`` holds the table equal to ``ontology/schemes.ttl`` and
``ontology/s3.ttl``: a slug, label, area, role property or class that differs fails it.

What people type is matched one way everywhere (CSV files, the command line, the Python API,
named questions' parameters): by slug, label or alternative label, whatever the case, the
accents and the punctuation (``fold``). Something that matches nothing gets one kind of hint,
``did_you_mean``, which the entity names (``s3graph.resolve``), the CSV reader and the query
catalogue use too.

>>> PLATFORMS.resolve("Industrial Modernisation"), AREAS.resolve("cci"), ROLES.resolve("CO-LEAD")
('industrial-modernisation', 'cci', 'co-lead')
>>> PLATFORMS.resolve("enrgy")
Traceback (most recent call last):
...
s3graph.errors.UnknownNameError: unknown platform 'enrgy'; did you mean energy?
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import UnknownNameError

MAX_SUGGESTIONS = 3
"""How many close names a ``did you mean`` offers at most (each may stand for several)."""


def fold(text: str) -> str:
    """A name folded for comparison: no accents, no case, punctuation as single spaces.

    >>> fold("  Provence-Alpes-Côte d'Azur ")
    'provence alpes cote d azur'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.split(r"[\W_]+", bare.casefold())).strip()


def priority_slug(name: str) -> str:
    """The slug that identifies an S3 priority: its name folded, words joined by ``-``.

    Regions that name a priority alike (in case, accents or punctuation) share it.

    >>> priority_slug("Eco - Industry"), priority_slug("eco-industry")
    ('eco-industry', 'eco-industry')
    """
    return fold(name).replace(" ", "-")


def did_you_mean(
    text: str, candidates: Iterable[str] | Iterable[tuple[str, str]], *, cutoff: float = 0.6
) -> str:
    """``did you mean X, Y or Z?`` for the candidates closest to ``text``, or ``""``.

    Names are compared folded (``fold``). A candidate is a name, or a pair of a name and what
    to show for it (``("aragon", "ES24 (Aragón, level 2)")``); a name in several pairs shows
    them all. ``cutoff`` is difflib's: how alike, from 0 to 1, a name must be.

    >>> did_you_mean("regions-of-partnershp", ["regions-of-partnership", "pairs"])
    'did you mean regions-of-partnership?'
    >>> did_you_mean("Agrifood", [("agri-food", "agri-food"), ("Agri-food", "agri-food")])
    'did you mean agri-food?'
    """
    shown: dict[str, list[str]] = {}
    for candidate in candidates:
        name, value = (candidate, candidate) if isinstance(candidate, str) else candidate
        values = shown.setdefault(fold(name), [])
        if value not in values:
            values.append(value)
    close = difflib.get_close_matches(fold(text), sorted(shown), n=MAX_SUGGESTIONS, cutoff=cutoff)
    suggestions = list(dict.fromkeys(value for name in close for value in shown[name]))
    return f"did you mean {either(suggestions)}?" if suggestions else ""


def either(items: Collection[str]) -> str:
    """``A``, ``A or B``, ``A, B or C``."""
    listed = list(items)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary: its slug (the IRI's last part) and labels."""

    slug: str
    label: str
    alt_labels: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Everything the term may be called: slug, label and alternative labels."""
        return (self.slug, self.label, *self.alt_labels)


@dataclass(frozen=True)
class Area(Term):
    """A thematic area, within one platform (``skos:broader``)."""

    platform: str = ""


@dataclass(frozen=True)
class Role(Term):
    """A membership role; ``shortcut`` is the property a member in that role gets
    (``org:roleProperty``, a prefixed name), if any."""

    shortcut: str = ""


@dataclass(frozen=True)
class OrganisationType(Term):
    """A type of organisation: its class and the superclasses written with it (prefixed names)."""

    classes: tuple[str, ...] = ()


T = TypeVar("T", bound=Term, covariant=True)


class Vocabulary(Generic[T]):
    """A closed list of terms, matched by slug or label in any case, accents optional."""

    def __init__(self, what: str, terms: Iterable[T]) -> None:
        self.what = what
        self.terms = tuple(terms)
        self._by_name = {fold(name): term for term in self.terms for name in term.names}
        self._as_written = {name: term for term in self.terms for name in term.names}

    def __iter__(self) -> Iterator[T]:
        return iter(self.terms)

    def __getitem__(self, slug: str) -> T:
        """The term with this slug (``KeyError`` if none: slugs come from code, not people)."""
        for term in self.terms:
            if term.slug == slug:
                return term
        raise KeyError(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(term.slug for term in self.terms)

    @property
    def labels(self) -> dict[str, str]:
        """The label of each term, by slug."""
        return {term.slug: term.label for term in self.terms}

    def find(self, text: str) -> T | None:
        """The term that ``text`` names, if any."""
        # A name written as the vocabulary writes it needs no folding (most CSV values).
        return self._as_written.get(text) or self._by_name.get(fold(text))

    def resolve(self, text: str) -> str:
        """The slug of the term that ``text`` names.

        Raises:
            UnknownNameError: no term has that slug or label (the message says what to give).
        """
        term = self.find(text)
        if term is None:
            raise UnknownNameError(f"unknown {self.what} {text!r}; {self.hint(text)}")
        return term.slug

    def hint(self, text: str) -> str:
        """What to give instead of ``text``: the closest slugs, or all of them."""
        names = [(name, term.slug) for term in self.terms for name in term.names]
        return did_you_mean(text, names) or f"use one of: {', '.join(self.slugs)}"


PLATFORMS = Vocabulary(
    "platform",
    (
        Term("agri-food", "Agri-food"),
        Term("energy", "Energy"),
        Term("industrial-modernisation", "Industrial Modernisation"),
    ),
)
"""The S3 thematic platforms (``s3:ThematicPlatform`` in ``ontology/schemes.ttl``)."""

AREAS = Vocabulary(
    "thematic area",
    (
        Area(
            "cci",
            "Cultural and Creative Industries",
            ("CCI",),
            platform="industrial-modernisation",
        ),
    ),
)
"""The thematic areas within platforms (``s3:ThematicArea`` in ``ontology/schemes.ttl``)."""

ROLES = Vocabulary(
    "role",
    (
        Role("lead", "lead", shortcut="s3:leads"),
        Role("co-lead", "co-lead", shortcut="s3:coLeads"),
        Role("member", "member"),
        Role("observer", "observer"),
        Role("initiator", "initiator"),
        Role("associate", "associate"),
    ),
)
"""The roles of a member in a partnership (``org:Role`` in ``ontology/schemes.ttl``)."""

ORGANISATION_TYPES = Vocabulary(
    "organisation type",
    (
        OrganisationType(
            "public-body", "Public body", classes=("s3:PublicBody", "cv:PublicOrganisation")
        ),
        OrganisationType("cluster", "Cluster", classes=("s3:Cluster",)),
        OrganisationType("creative-hub", "Creative hub", classes=("s3:CreativeHub",)),
        OrganisationType("network", "Regional network", classes=("s3:RegionalNetwork",)),
        OrganisationType("agency", "Agency", classes=("s3:Agency",)),
        OrganisationType("university", "University", classes=("s3:University",)),
        OrganisationType("company", "Company", classes=("s3:Company", "org:FormalOrganization")),
        OrganisationType("other", "Other"),
    ),
)
"""Types of organisation: each its class in ``ontology/s3.ttl`` and the superclasses there
that the loader writes too (no reasoner runs at query time); ``other`` is only an
``org:Organization``."""

COVERAGE = Vocabulary("coverage", (Term("partial", "partial"), Term("complete", "complete")))
"""Whether a partnership's member list is complete (``s3:memberListComplete``)."""
