"""Joins and departures by year: how a partnership's members, or a region's partnerships,
changed over time.

A membership joins in the year it began (``since``) or, without ``since``, in its
partnership's year (``year_established``), as ``s3graph.asof`` counts it: such a join is
*undated*. It leaves in the year it ended (``until``). At a year's end the members are those
joined by then and not left by then (a membership ``until 2019`` no longer counts at the end
of 2019, as it does not as of 2019). A membership with no ``since`` in a partnership whose
year is not known cannot be placed in time: it is listed as not placed, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from rdflib import Literal

from .errors import QueryError
from .resolve import Entity, resolve
from .results import Results
from .sparql import internal_query
from .store import Store

TIMELINE_COLUMNS = ("year", "joined", "undated", "left", "members", "who_joined", "who_left")
"""The columns of ``Timeline.table()``: per year, how many joined (of them, how many
undated), how many left, how many were members at the year's end, and who."""


@dataclass(frozen=True)
class Membership:
    """One membership as the timeline places it: who (a member, or a partnership of the
    region), when it joined and left."""

    key: str
    """The member's code or id (the partnership's id in a region's timeline)."""
    who: str
    """``ES24 Aragón (lead)``: the key, a name, the role."""
    joined: int | None
    left: int | None
    undated: bool
    """Joined in its partnership's year, for want of a date of its own."""


@dataclass(frozen=True)
class TimelineYear:
    """What changed in one year, and the members at its end."""

    year: int
    joined: tuple[str, ...]
    undated: tuple[str, ...]
    """Of ``joined``, those placed by their partnership's year."""
    left: tuple[str, ...]
    members: int
    """How many members (partnerships of a region) at the year's end."""


@dataclass(frozen=True)
class Timeline:
    """The joins and departures of one partnership's members or one region's partnerships."""

    subject: Entity
    memberships: tuple[Membership, ...]

    @property
    def title(self) -> str:
        what = "members" if self.subject.kind == "partnership" else "partnerships"
        return f"{self.subject}: {what} joined and left, by year"

    @cached_property
    def years(self) -> tuple[TimelineYear, ...]:
        """Every year from the first join or departure to the last, changes or not (worked
        out once)."""
        placed = [item for item in self.memberships if item.joined is not None]
        events = [year for item in placed for year in (item.joined, item.left) if year]
        if not events:
            return ()
        joined: dict[int, list[Membership]] = defaultdict(list)
        left: dict[int, list[str]] = defaultdict(list)
        for item in placed:
            joined[item.joined or 0].append(item)
            if item.left is not None:
                left[item.left].append(item.who)
        return tuple(
            TimelineYear(
                year=year,
                joined=tuple(item.who for item in joined[year]),
                undated=tuple(item.who for item in joined[year] if item.undated),
                left=tuple(left[year]),
                members=len(
                    {
                        item.key
                        for item in placed
                        if (item.joined or 0) <= year and (item.left is None or item.left > year)
                    }
                ),
            )
            for year in range(min(events), max(events) + 1)
        )

    @cached_property
    def not_placed(self) -> tuple[str, ...]:
        """The memberships with no date and no partnership year: in no year."""
        return tuple(item.who for item in self.memberships if item.joined is None)

    def note(self) -> str:
        """What the table counts without dates of its own, in a sentence."""
        undated = sum(item.undated for item in self.memberships)
        parts = [f"{len(self.memberships)} memberships"]
        if undated:
            parts.append(
                f"{undated} without a start date of their own, placed in their partnership's "
                "year (undated)"
            )
        if self.not_placed:
            parts.append(
                f"{len(self.not_placed)} with no date and no partnership year, in no year: "
                + ", ".join(self.not_placed)
            )
        return "; ".join(parts) + "."

    def table(self) -> Results:
        """One row a year (``TIMELINE_COLUMNS``)."""
        rows = [
            tuple(
                Literal(value)
                for value in (
                    year.year,
                    len(year.joined),
                    len(year.undated),
                    len(year.left),
                    year.members,
                    "; ".join(year.joined),
                    "; ".join(year.left),
                )
            )
            for year in self.years
        ]
        return Results(list(TIMELINE_COLUMNS), rows)


def membership_timeline(
    store: Store, *, partnership: str | Entity | None = None, region: str | Entity | None = None
) -> Timeline:
    """The joins and departures by year of a partnership's members, or of a region's
    partnerships (the region's own memberships), from the dates in the data and the
    partnerships' years.

    Args:
        store: the store to read.
        partnership: an id (``im-h2valleys``), a name, or a resolved ``Entity``.
        region: a NUTS code (``ES24``), a name (``Aragón``), or a resolved ``Entity``.

    Raises:
        QueryError: neither or both of ``partnership`` and ``region`` given.
        UnknownNameError: no partnership or region, or several, match (with candidates).
    """
    if (partnership is None) == (region is None):
        raise QueryError("give a partnership or a region, not both")
    kind, text = ("partnership", partnership) if partnership is not None else ("region", region)
    subject = resolve(store, kind, text or "")
    variable = "partnership" if kind == "partnership" else "member"
    answer = store.select(internal_query("membership-dates"), {variable: subject.iri})
    memberships = []
    for terms in answer:
        row = {
            name: "" if term is None else str(term)
            for name, term in zip(answer.variables, terms, strict=True)
        }
        since, established = _year(row["since"]), _year(row["established"])
        key, name = (
            (row["member_id"], row["member_name"])
            if kind == "partnership"
            else (row["id"], row["name"])
        )
        memberships.append(
            Membership(
                key=key,
                who=f"{key} {name} ({row['role']})",
                joined=since if since is not None else established,
                left=_year(row["until"]),
                undated=since is None and established is not None,
            )
        )
    return Timeline(subject, tuple(memberships))


def _year(text: str) -> int | None:
    """The year of a date as the data gives it (``2019``, ``2019-06``, ``2019-06-30``)."""
    return int(text[:4]) if text else None
