"""Suggestions: the partnerships a region might join, and the regions a partnership might invite.

A suggestion is a link predicted in the bipartite graph of regions and the partnerships
they are direct members of. The score of a region ``r`` and a partnership ``p`` that it is
not in is L3, the degree-normalised count of the paths of length three between them
(Kovács et al. 2019, "Network-based prediction of protein interactions", Nature
Communications 10: 1240), in which geography and S3 priorities count as groups of regions
just as partnerships do::

    score(r, p) = sum over the member regions m of p of  alike(r, m) / sqrt(k(m))
    alike(r, m) = sum over the groups g holding both r and m of  1 / sqrt(size(g))

``k(m)`` is the number of partnerships ``m`` is a member of. A group is a partnership (its
member regions), a border (the two regions that share it: ``bordering_regions``) or an S3
priority (the regions that hold it). With partnerships alone this is L3 itself: a path
``r - q - m - p`` weighs ``1 / sqrt(size(q) * k(m))``, so a small partnership shared says
more than a large one, and a member in many partnerships says less about each. A region
that borders ``r`` counts as much as one that shares a partnership of two with it.

A region also takes part in a partnership through a region that contains it or lies inside
it, as ``s3graph partnerships --region`` counts: such partnerships are never suggested to
it, and such regions are not counted as regions like it. Equal scores are ranked by size
(a partnership's member regions, a region's partnerships), then by code; a candidate that
nothing links to the subject scores 0, is ranked by size alone, and its reason says so.
Every suggestion carries its reasons in words and numbers, each with its part of the score.

How far to trust it: ``bench/suggestions.py`` hides each known membership in turn and
ranks; the README gives its figures against random and most-popular rankings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property, partial
from typing import Any, NamedTuple

from rdflib import Literal, URIRef

from .boundaries import bordering_regions
from .choices import DEFAULT_TOP_SUGGESTIONS
from .comembership import every_member_region, incidence_matrix, partnership_names, weighted
from .geo import ancestors
from .resolve import Entity, resolve_partnership, resolve_region
from .results import Results
from .sparql import internal_query
from .store import Store

BORDER_WEIGHT = 1 / math.sqrt(2)
"""What a shared border adds to how alike two regions are: a group of two."""
REGIONS_SHOWN = 5
"""Regions a reason names before it says how many more there are."""
SHARED_SHOWN = 3
"""Partnerships or priorities a reason names for one region before it says how many more."""


class Ground(str, Enum):
    """What a reason rests on."""

    PARTNERSHIPS = "partnerships"
    BORDERS = "borders"
    PRIORITIES = "priorities"
    SIZE = "size"


Parts = dict[str, dict[Ground, float]]
"""What each member region gives a score, by ground."""


@dataclass(frozen=True)
class Reason:
    """Why a candidate is suggested: one ground, in words, with its part of the score.

    ``regions`` are the NUTS codes of the regions the reason names, the weightiest first.
    """

    ground: Ground
    text: str
    score: float
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A partnership suggested to a region, or a region suggested to a partnership.

    ``code`` is the partnership id or NUTS code; ``size`` the partnership's member regions
    or the region's partnerships, which breaks ties of ``score``.
    """

    code: str
    name: str
    score: float
    size: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Suggestions:
    """The first suggestions for a region or a partnership, best first.

    ``subject`` is the region or partnership asked about; ``candidates`` how many were ranked
    (partnerships the region is not in, or regions in other partnerships that are not members).
    """

    subject: Entity
    items: tuple[Suggestion, ...]
    candidates: int

    @property
    def suggested(self) -> str:
        """What is suggested: ``partnership`` (to a region) or ``region`` (to a partnership)."""
        return "region" if self.subject.kind == "partnership" else "partnership"

    def __str__(self) -> str:
        what = "Partnerships for" if self.suggested == "partnership" else "Regions to invite to"
        return (
            f"{what} {self.subject}: the first {len(self.items)} of {self.candidates}, "
            "by regions alike in partnerships, borders and S3 priorities (L3)"
        )

    def to_results(self) -> Results:
        """A table: rank, code, name, score, size and reasons (joined by ``; ``)."""
        if self.suggested == "partnership":
            variables = ["rank", "id", "partnership", "score", "members", "reasons"]
        else:
            variables = ["rank", "code", "region", "score", "partnerships", "reasons"]
        rows = [
            tuple(
                Literal(value)
                for value in (
                    rank,
                    item.code,
                    item.name,
                    f"{item.score:.3f}",
                    item.size,
                    "; ".join(reason.text for reason in item.reasons),
                )
            )
            for rank, item in enumerate(self.items, start=1)
        ]
        return Results(variables, rows)


@dataclass(frozen=True)
class Evidence:
    """What suggestions are made from, as plain codes.

    Args:
        memberships: ``(NUTS code, partnership id)`` for every direct membership of a region.
        partnerships: every partnership's name, by id.
        regions: every region's name, by NUTS code.
        parents: every region's parent region, by NUTS code.
        borders: the regions each region borders, by NUTS code.
        priorities: ``(NUTS code, priority)`` for every S3 priority of a region.
    """

    memberships: frozenset[tuple[str, str]]
    partnerships: Mapping[str, str]
    regions: Mapping[str, str]
    parents: Mapping[str, str]
    borders: Mapping[str, frozenset[str]]
    priorities: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def _graph(self) -> _Graph:
        """The regions and partnerships the memberships link, worked out once: evidence is
        remembered for a generation of the store, and each page of it asks again."""
        return _Graph(self.memberships, self.parents)

    @cached_property
    def _likeness(self) -> _Likeness:
        """How alike the member regions are, worked out once (as ``_graph``)."""
        return _Likeness(self, self._graph.partnerships_of)


def suggest(
    store: Store,
    *,
    region: str | Entity | None = None,
    partnership: str | Entity | None = None,
    top: int = DEFAULT_TOP_SUGGESTIONS,
) -> Suggestions:
    """The partnerships a region might join, or the regions a partnership might invite.

    Give one of ``region`` and ``partnership``. See the module's documentation for the score.

    Args:
        store: the store to read.
        region: a NUTS code (``ES24``), a name (``Aragón``) or a resolved ``Entity``: rank
            the partnerships it does not take part in.
        partnership: an id (``im-h2valleys``), a name or a resolved ``Entity``: rank the
            regions in other partnerships that are not members.
        top: how many suggestions to give.

    Raises:
        UnknownNameError: no region or partnership, or several, match (with candidates).
        ValueError: neither or both of ``region`` and ``partnership``, or ``top`` below 1.

    >>> import s3graph
    >>> store = s3graph.open_built_store("memory")
    >>> found = suggest(store, region="Aragón", top=3)
    >>> str(found.subject), len(found.items)
    ('Aragón (ES24)', 3)
    """
    if (region is None) == (partnership is None):
        raise ValueError("give a region or a partnership, not both or neither")
    if top < 1:
        raise ValueError(f"top must be 1 or more (got {top})")
    if region is not None:
        subject = resolve_region(store, region)
        ranking = rank_partnerships(read_evidence(store, region=subject), subject.code, top=top)
    else:
        assert partnership is not None
        subject = resolve_partnership(store, partnership)
        ranking = rank_regions(read_evidence(store), subject.code, top=top)
    return Suggestions(subject, tuple(ranking.items), ranking.candidates)


def read_evidence(store: Store, *, region: Entity | None = None) -> Evidence:
    """What suggestions rest on: memberships, names, borders, priorities, and the part of the
    NUTS hierarchy above the member regions (and above ``region``, if given).

    What is the same for every region is read once for each generation of the store
    (``Store.remembered``).
    """
    evidence = store.remembered(_EVIDENCE, partial(_read_evidence, store))
    if region is None:
        return evidence
    above = _rows(store, "regions-above", {"start": region.iri})
    return replace(
        evidence,
        regions={**evidence.regions, region.code: region.name},
        parents={**evidence.parents, **{row["code"]: row["parent"] for row in above}},
    )


_EVIDENCE = "suggestions.evidence"
"""The key under which the store remembers the evidence of every suggestion."""


def _read_evidence(store: Store) -> Evidence:
    members = every_member_region(store)
    return Evidence(
        memberships=frozenset(
            (member.code, partnership) for member in members for partnership in member.partnerships
        ),
        partnerships={ident: name for ident, (name, _) in partnership_names(store).items()},
        regions={member.code: member.name for member in members},
        parents={row["code"]: row["parent"] for row in _rows(store, "regions-above-members")},
        borders=bordering_regions(),
        priorities=frozenset(
            (row["code"], row["priority"]) for row in _rows(store, "region-priorities")
        ),
    )


class Ranking(NamedTuple):
    """The first suggestions, best first, and how many candidates were ranked."""

    items: list[Suggestion]
    candidates: int


def rank_partnerships(evidence: Evidence, region: str, *, top: int | None = None) -> Ranking:
    """The partnerships ``region`` does not take part in, best suggestion first.

    Args:
        evidence: what suggestions rest on.
        region: the NUTS code of the region.
        top: how many to explain and give (all when ``None``).
    """
    graph = evidence._graph
    relatives = graph.relatives([region])
    taking_part = set().union(
        *(graph.partnerships_of.get(code, ()) for code in {region, *relatives})
    )
    # counted a member of the partnerships it takes part in through a relative
    partnerships_of = dict(graph.partnerships_of)
    if taking_part:
        partnerships_of[region] = partnerships_of.get(region, set()) | taking_part
    likeness = _Likeness(evidence, partnerships_of)
    alike = {
        other: grounds
        for other, grounds in likeness.alike([region])[region].items()
        if other not in relatives and other in graph.partnerships_of
    }
    parts = graph.parts(alike)
    weight = {member: sum(part.values()) for member, part in parts.items()}
    scores = {
        partnership: sum(
            weight.get(member, 0.0) for member in graph.members_of.get(partnership, ())
        )
        for partnership in evidence.partnerships
        if partnership not in taking_part
    }
    sizes = {partnership: len(graph.members_of.get(partnership, ())) for partnership in scores}
    sharing = sum(Ground.PARTNERSHIPS in grounds for grounds in alike.values())
    subject = evidence.regions.get(region, region)

    def words(ground: Ground, count: int, listed: str) -> str:
        if ground is Ground.PARTNERSHIPS:
            verb = "is a member" if count == 1 else "are members"
            return (
                f"{count} of the {sharing} regions that share a partnership with {subject} "
                f"{verb}: {listed}"
            )
        verb = "borders" if ground is Ground.BORDERS else "shares S3 priorities with"
        if count > 1:
            verb = "border" if ground is Ground.BORDERS else "share S3 priorities with"
        return f"{_count(count, 'member')} {verb} {subject}: {listed}"

    def explain(partnership: str) -> Suggestion:
        members = graph.members_of.get(partnership, set())
        return Suggestion(
            partnership,
            evidence.partnerships[partnership],
            scores[partnership],
            sizes[partnership],
            _reasons(
                {member: parts[member] for member in members if member in parts},
                evidence.regions,
                partial(likeness.shared, region),
                words,
                f"no member shares a partnership, a border or an S3 priority with {subject}: "
                f"ranked by its {_count(sizes[partnership], 'member region')}",
            ),
        )

    return Ranking([explain(code) for code in _first(scores, sizes, top)], len(scores))


def rank_regions(evidence: Evidence, partnership: str, *, top: int | None = None) -> Ranking:
    """The regions in other partnerships that are not members of ``partnership``, best first.

    A region that contains a member or lies inside one is no candidate.

    Args:
        evidence: what suggestions rest on.
        partnership: the id of the partnership.
        top: how many to explain and give (all when ``None``).
    """
    graph, likeness = evidence._graph, evidence._likeness
    members = graph.members_of.get(partnership, set())
    excluded = members | graph.relatives(members)
    # what every region gets from the members, each weighing 1 / sqrt(its partnerships)
    totals = likeness.combined(
        {member: 1 / math.sqrt(len(graph.partnerships_of[member])) for member in members}
    )
    scores = {
        candidate: totals.get(candidate, 0.0)
        for candidate in graph.partnerships_of
        if candidate not in excluded
    }
    sizes = {candidate: len(graph.partnerships_of[candidate]) for candidate in scores}
    verbs = {
        Ground.PARTNERSHIPS: "shares partnerships with",
        Ground.BORDERS: "borders",
        Ground.PRIORITIES: "shares S3 priorities with",
    }

    def words(ground: Ground, count: int, listed: str) -> str:
        return f"{verbs[ground]} {count} of the {_count(len(members), 'member region')}: {listed}"

    chosen = _first(scores, sizes, top)
    alike_to = likeness.alike(chosen)  # alike is symmetric

    def explain(candidate: str) -> Suggestion:
        alike = alike_to[candidate]
        return Suggestion(
            candidate,
            evidence.regions.get(candidate, candidate),
            scores[candidate],
            sizes[candidate],
            _reasons(
                graph.parts({member: alike[member] for member in members if member in alike}),
                evidence.regions,
                partial(likeness.shared, candidate),
                words,
                "shares no partnership, border or S3 priority with a member: ranked by its "
                + _count(sizes[candidate], "partnership"),
            ),
        )

    return Ranking([explain(code) for code in chosen], len(scores))


class _Graph:
    """Regions and partnerships linked by direct memberships, and the regions above each."""

    def __init__(self, memberships: Iterable[tuple[str, str]], parents: Mapping[str, str]) -> None:
        partnerships_of: dict[str, set[str]] = defaultdict(set)
        members_of: dict[str, set[str]] = defaultdict(set)
        for region, partnership in memberships:
            partnerships_of[region].add(partnership)
            members_of[partnership].add(region)
        self.partnerships_of, self.members_of = dict(partnerships_of), dict(members_of)
        self.parents = parents
        self.above = {region: set(ancestors(region, parents)) for region in self.partnerships_of}

    def relatives(self, regions: Iterable[str]) -> set[str]:
        """The member regions that contain one of ``regions`` or lie inside one."""
        regions = set(regions)
        above = set().union(*(ancestors(region, self.parents) for region in regions))
        return {
            member
            for member, its_above in self.above.items()
            if member in above or its_above & regions
        }

    def parts(self, alike: Mapping[str, Mapping[Ground, float]]) -> Parts:
        """Each member's part of an L3 score: how alike it is, over the root of its degree."""
        return {
            member: {
                ground: value / math.sqrt(len(self.partnerships_of[member]))
                for ground, value in grounds.items()
            }
            for member, grounds in alike.items()
        }


class _Likeness:
    """How alike regions are by the partnerships, borders and S3 priorities they share.

    Each group two regions are both in adds ``1 / sqrt(size)``: the weighted co-membership
    counts of ``shared_matrix``, for partnerships and for priorities.
    """

    def __init__(self, evidence: Evidence, partnerships_of: Mapping[str, set[str]]) -> None:
        self.borders = evidence.borders
        self.partnerships_of = partnerships_of
        priorities_of: dict[str, set[str]] = defaultdict(set)
        for region, priority in evidence.priorities:
            priorities_of[region].add(priority)
        self.priorities_of = dict(priorities_of)
        self.by_ground = {
            Ground.PARTNERSHIPS: _Shared(partnerships_of),
            Ground.PRIORITIES: _Shared(self.priorities_of),
        }

    def alike(self, regions: list[str]) -> dict[str, dict[str, dict[Ground, float]]]:
        """For each of ``regions``, every other region alike to it and what each ground
        adds."""
        rows = {ground: shared.rows(regions) for ground, shared in self.by_ground.items()}
        alike = {}
        for region in regions:
            found: dict[str, dict[Ground, float]] = defaultdict(dict)
            for ground in self.by_ground:
                for other, value in rows[ground].get(region, {}).items():
                    found[other][ground] = value
            for other in self.borders.get(region, ()):
                found[other][Ground.BORDERS] = BORDER_WEIGHT
            found.pop(region, None)
            alike[region] = found
        return alike

    def combined(self, weights: Mapping[str, float]) -> dict[str, float]:
        """How alike each region is to the weighted ``weights`` regions, summed over them."""
        totals: dict[str, float] = defaultdict(float)
        for shared in self.by_ground.values():
            for other, value in shared.combined(weights).items():
                totals[other] += value
        for region, weight in weights.items():
            for other in self.borders.get(region, ()):
                totals[other] += BORDER_WEIGHT * weight
        return totals

    def shared(self, region: str, other: str, ground: Ground) -> list[str]:
        """The partnerships or priorities two regions share (none for a border)."""
        groups = {
            Ground.PARTNERSHIPS: self.partnerships_of,
            Ground.PRIORITIES: self.priorities_of,
        }.get(ground)
        if groups is None:
            return []
        return sorted(groups.get(region, set()) & groups.get(other, set()))


class _Shared:
    """What each two regions share of one kind of group, each group weighing 1/sqrt(size).

    The shares are the region-by-region matrix ``B @ W @ B.T`` of ``shared_matrix``; only the
    rows asked for are computed, from ``B @ W`` and ``B.T``, with the same numbers.
    """

    def __init__(self, groups_of: Mapping[str, set[str]]) -> None:
        incidences = {(region, group) for region, groups in groups_of.items() for group in groups}
        sizes: dict[str, int] = defaultdict(int)
        for _, group in incidences:
            sizes[group] += 1
        self.keys: list[str] = []
        self.index: dict[str, int] = {}
        if incidences:
            keys, groups, incidence = incidence_matrix(incidences)
            self.scaled = weighted(incidence, groups, lambda group: 1 / math.sqrt(sizes[group]))
            self.incidence = incidence
            self.transposed = incidence.T.tocsr()
            self.keys = keys.tolist()
            self.index = {key: row for row, key in enumerate(self.keys)}

    def rows(self, regions: list[str]) -> dict[str, dict[str, float]]:
        """What each of ``regions`` shares with each region it shares anything with (itself
        too), from one product for them all."""
        asked = [region for region in regions if region in self.index]
        if not asked:
            return {}
        shares = self.scaled[[self.index[region] for region in asked]] @ self.transposed
        found = {}
        for number, region in enumerate(asked):
            start, end = shares.indptr[number], shares.indptr[number + 1]
            columns = shares.indices[start:end].tolist()
            found[region] = dict(
                zip(
                    [self.keys[column] for column in columns],
                    shares.data[start:end].tolist(),
                    strict=True,
                )
            )
        return found

    def combined(self, weights: Mapping[str, float]) -> dict[str, float]:
        """What each region shares with the ``weights`` regions, each share times its weight."""
        import numpy as np

        rows = sorted(
            self.index[region]
            for region, weight in weights.items()
            if region in self.index and weight
        )
        if not rows:
            return {}
        vector = np.array([weights[self.keys[row]] for row in rows], dtype=float)
        # the columns of the weighted regions (the rows of a symmetric matrix)
        totals = (self.scaled @ self.incidence[rows].T) @ vector
        return {self.keys[row]: float(totals[row]) for row in np.flatnonzero(totals).tolist()}


def _reasons(
    parts: Parts,
    regions: Mapping[str, str],
    named: Callable[[str, Ground], list[str]],
    words: Callable[[Ground, int, str], str],
    otherwise: str,
) -> tuple[Reason, ...]:
    """One reason a ground, from the members' parts of the score, the weightiest named first.

    Args:
        parts: what each member gives the score, by ground.
        regions: region names by code.
        named: the partnerships or priorities a member shares with the other end, by ground.
        words: the reason in words, given its ground, its number of members and their list.
        otherwise: the reason when no member gives anything (ranked by size).
    """
    reasons = []
    for ground in (Ground.PARTNERSHIPS, Ground.BORDERS, Ground.PRIORITIES):
        weights = {member: part[ground] for member, part in parts.items() if ground in part}
        if not weights:
            continue
        ranked = sorted(weights, key=lambda member: (-weights[member], member))
        listed = []
        for member in ranked[:REGIONS_SHOWN]:
            shared = named(member, ground)
            detail = f" ({_listed(shared[:SHARED_SHOWN], len(shared))})" if shared else ""
            listed.append(f"{member} {regions.get(member, member)}{detail}")
        text = words(ground, len(ranked), _listed(listed, len(ranked)))
        reasons.append(Reason(ground, text, sum(weights.values()), tuple(ranked)))
    return tuple(reasons) or (Reason(Ground.SIZE, otherwise, 0.0),)


def _first(scores: Mapping[str, float], sizes: Mapping[str, int], top: int | None) -> list[str]:
    """The codes of the ``top`` best scores; of equal scores, the larger first, then by code."""
    # scores equal but for rounding are equal
    ranked = sorted(scores, key=lambda code: (-round(scores[code], 9), -sizes[code], code))
    return ranked if top is None else ranked[:top]


def _listed(names: list[str], total: int) -> str:
    """Names of some of ``total`` things, and how many more there are.

    >>> _listed(["a", "b"], 3)
    'a, b and 1 more'
    """
    more = f" and {total - len(names)} more" if total > len(names) else ""
    return ", ".join(names) + more


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _rows(
    store: Store, query: str, bindings: Mapping[str, URIRef] | None = None
) -> list[dict[str, Any]]:
    return store.select(internal_query(query), bindings).dicts()
