"""What a map of regions shows: for each region it draws, a measure or a role, from the store.

``map_data`` reads the store and says, for each region a map draws, what it shows:

- the number of partnerships the region takes part in, directly or through a region that
  contains it or lies inside it, as ``s3graph partnerships --region`` counts them, in
  classes for a sequential palette; or
- its role in one partnership (lead, co-lead, initiator, member, associate, observer),
  organisations standing at their home region.

At ``level`` 0 to 3 every region of that NUTS level is drawn; at ``auto`` each member region
at its own level, the finer on top of the coarser. A region without a boundary (loaded
with a code the bundled file lacks, ``s3graph.boundaries``) is never dropped in silence:
``MapData.not_drawn`` lists it and the caption names it. Drawing the data is
``s3graph.maps``' work; nothing here draws.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .asof import AsOf, undated_note
from .boundaries import ATTRIBUTION, Shape, country_shapes, project_point, region_shapes
from .choices import MapMeasure
from .comembership import membership_edges
from .errors import UnknownNameError
from .resolve import member_filter, resolve
from .sparql import internal_query
from .store import Store
from .vocabulary import AREAS, PLATFORMS, did_you_mean

LEVELS = ("0", "1", "2", "3", "auto")
ROLE_ORDER = ("lead", "co-lead", "initiator", "member", "associate", "observer")
"""Roles from the strongest: a region that holds several is shown in the first."""
NOT_A_MEMBER = "none"
_NO_BOUNDARY = "no boundary in the bundled NUTS 2021 file"
MAX_CLASSES = 6
"""Classes of a count above zero; a count up to this has one class per value."""
FRAME_MARGIN = 0.03
"""Space around the regions a map frames, as a share of the larger side."""


@dataclass(frozen=True)
class Participation:
    """A region's part in one partnership: its role, and the member that gives it the part.

    ``through`` is empty when the region itself is the member, else the member region that
    contains it or lies inside it, or the organisation based in it (``ES24 Aragón``,
    ``organisation Aragón Exterior``). ``undated``: counted as of a date without dates of
    its own (``s3graph.asof``).
    """

    partnership: str
    partnership_name: str
    role: str
    through: str = ""
    undated: bool = False


@dataclass(frozen=True)
class MapRegion:
    """One region a map shows, and what it shows of it.

    ``value`` is the number of partnerships on a map of ``MapMeasure.PARTNERSHIPS`` (else
    ``None``); ``category`` the key of its class in ``MapData.classes``.
    """

    code: str
    name: str
    level: int
    country: str
    value: int | None
    category: str
    participations: tuple[Participation, ...]


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: its key, what it means, and how many regions it holds."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MapLabel:
    """A name to write on a still map, at a region's label point (map kilometres)."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class NotDrawn:
    """Something the map should show but cannot: a region without a boundary, or an
    organisation without a home region."""

    code: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code} ({self.name}): {self.reason}"


@dataclass(frozen=True)
class MapData:
    """What a map of regions shows: the regions and their classes, the legend, the caption.

    ``regions`` are in drawing order, the coarser first; ``shows`` is ``partnerships`` (a
    count per region, sequential classes) or ``roles`` (the roles in one partnership).
    """

    title: str
    description: str
    shows: str
    level: int | None
    filters: str
    classes: tuple[MapClass, ...]
    regions: tuple[MapRegion, ...]
    not_drawn: tuple[NotDrawn, ...]
    frame: tuple[float, float, float, float]  # left, bottom, right, top, map kilometres
    labels: tuple[MapLabel, ...] = ()
    """The members of the partnership of a roles map, strongest role first."""
    attribution: str = ATTRIBUTION

    @property
    def level_text(self) -> str:
        """``NUTS level 2``, or how ``auto`` draws the regions."""
        if self.level is None:
            return "each region at its own NUTS level, the finer on top"
        return f"NUTS level {self.level}"

    @property
    def caption(self) -> str:
        """What is shown, how many regions, the filters, what is not drawn, the source."""
        shown = len(self.regions)
        sentences = [
            self.description,
            f"Shown: {shown:,} {'region' if shown == 1 else 'regions'}, {self.level_text}.",
        ]
        if self.filters:
            sentences.append(f"Filters: {self.filters}.")
        if self.not_drawn:
            listed = "; ".join(str(missing) for missing in self.not_drawn)
            sentences.append(f"Not drawn ({len(self.not_drawn):,}): {listed}.")
        sentences.append(self.attribution)
        return " ".join(sentences)


@dataclass(frozen=True)
class _Region:
    code: str
    name: str
    level: int
    country: str
    parent: str


def map_data(
    store: Store,
    *,
    measure: MapMeasure | str = MapMeasure.PARTNERSHIPS,
    partnership: str | None = None,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    level: int | str = "auto",
    as_of: AsOf | str | None = None,
) -> MapData:
    """The regions a map draws and what it shows of each, read from the store.

    Args:
        store: the store to read.
        measure: what shades each region when no ``partnership`` is given.
        partnership: show the members of this partnership by role instead (id or name).
        platform: only partnerships of this thematic platform (slug or name).
        area: only partnerships of this thematic area (slug or name).
        country: only regions of this country (NUTS code or name); the map frames it.
        level: the NUTS level drawn, 0 to 3, or ``auto``: each member at its own level.
        as_of: only the memberships active on this date (``s3graph.asof``); the caption
            says how many were counted without dates, and their tooltips say "undated".

    Raises:
        UnknownNameError: an unknown partnership, platform, area, country, measure or level
            (the message suggests the closest names).
        QueryError: ``as_of`` is not a date.
    """
    drawn_level = _level(level)
    measure = _measure(measure)
    chosen = resolve(store, "partnership", partnership) if partnership else None
    chosen_filter = member_filter(store, platform=platform, area=area, country=country)
    platform, area, nation = chosen_filter.platform, chosen_filter.area, chosen_filter.country
    date = AsOf.parse(as_of) if as_of is not None else None
    regions = _regions(store)
    direct, homeless = _members(
        store, regions, chosen.code if chosen else None, platform, area, date
    )
    if drawn_level is None:
        codes = sorted(direct, key=lambda code: (regions[code].level, code))
    else:
        codes = sorted(code for code, region in regions.items() if region.level == drawn_level)
    if nation is not None:
        codes = [code for code in codes if regions[code].country == nation.code]
    shapes = region_shapes()
    shown = [code for code in codes if code in shapes]
    missing = [code for code in codes if code not in shapes]
    parts = _participations(shown, regions, direct)
    values: dict[str, int] = {}
    if chosen is None:
        title = "Partnerships per region"
        description = (
            "Each region shaded by the number of S3 partnerships it takes part in, directly or "
            "through a region that contains it or lies inside it."
        )
        values = {code: len({part.partnership for part in parts[code]}) for code in shown}
        category, classes = _count_classes(values)
        labels: tuple[MapLabel, ...] = ()
    else:
        title = f"{chosen.name} ({chosen.code}): members by role"
        description = (
            f"The members of {chosen.name} by role; a region shows the strongest role held by "
            "itself, a region that contains it or a region inside it; organisations stand at "
            "their home region; every other region is grey."
        )
        category, classes = _role_classes(parts)
        labels = _member_labels(store, direct, regions, [code for code in shown if code in direct])
    if date is not None:
        counted = [part for code in direct for part in direct[code]]
        undated = sum(part.undated for part in counted)
        description += " " + undated_note(date, undated=undated, counted=len(counted))
    return MapData(
        title=title,
        description=description,
        shows="roles" if chosen else measure.value,
        level=drawn_level,
        filters=_filters(platform, area, nation.name if nation else None, date),
        classes=classes,
        regions=tuple(
            MapRegion(
                code=code,
                name=regions[code].name,
                level=regions[code].level,
                country=regions[code].country,
                value=values.get(code),
                category=category[code],
                participations=parts[code],
            )
            for code in shown
        ),
        not_drawn=tuple(
            [NotDrawn(code, regions[code].name, _NO_BOUNDARY) for code in missing] + homeless
        ),
        frame=_frame([shapes[code] for code in shown] if nation else []),
        labels=labels,
    )


def ancestors(code: str, parents: Mapping[str, str]) -> list[str]:
    """The regions that contain a region, from its parent up, given each region's parent.

    >>> ancestors("ES243", {"ES243": "ES24", "ES24": "ES2", "ES2": "ES"})
    ['ES24', 'ES2', 'ES']
    """
    found: list[str] = []
    parent = parents.get(code)
    while parent and parent not in found:
        found.append(parent)
        parent = parents.get(parent)
    return found


def _level(value: int | str) -> int | None:
    """A NUTS level given as 0 to 3 or ``auto`` (``None``).

    >>> _level("2"), _level("AUTO")
    (2, None)
    >>> _level("4")
    Traceback (most recent call last):
    ...
    s3graph.errors.UnknownNameError: unknown NUTS level '4'; use one of: 0, 1, 2, 3, auto
    """
    text = str(value).strip().lower()
    if text not in LEVELS:
        hint = did_you_mean(text, LEVELS) or f"use one of: {', '.join(LEVELS)}"
        raise UnknownNameError(f"unknown NUTS level {str(value)!r}; {hint}")
    return None if text == "auto" else int(text)


def _measure(value: MapMeasure | str) -> MapMeasure:
    try:
        return MapMeasure(str(getattr(value, "value", value)).strip().lower())
    except ValueError:
        choices = [measure.value for measure in MapMeasure]
        hint = did_you_mean(str(value), choices) or f"use one of: {', '.join(choices)}"
        raise UnknownNameError(f"unknown measure {str(value)!r}; {hint}") from None


def _regions(store: Store) -> dict[str, _Region]:
    """Every region, read as text: its 2,000 rows took twice as long as rdflib terms."""
    regions = {}
    for code, name, level, country, parent in store.select_texts(internal_query("map-regions")):
        assert code is not None and name is not None
        regions[code] = _Region(
            code=code,
            name=name,
            level=len(code) - 2 if level is None else int(level),
            country=country or code[:2],
            parent=parent or "",
        )
    return regions


def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    return store.select(internal_query(query)).dicts()


def _members(
    store: Store,
    regions: dict[str, _Region],
    partnership: str | None,
    platform: str | None,
    area: str | None,
    as_of: AsOf | None,
) -> tuple[dict[str, list[Participation]], list[NotDrawn]]:
    """The parts each member region takes, and the organisation members that have no home.

    Without a ``partnership``, the member regions of every partnership (organisations do not
    count, as in ``partnerships --region``); with one, its members, each organisation at its
    home region.
    """
    names = {row["id"]: row["label"] for row in _rows(store, "view-partnerships")}
    edges = [
        edge
        for edge in membership_edges(store, platform=platform, area=area, as_of=as_of)
        if partnership is None or edge.partnership == partnership
    ]
    organisations = (
        {row["id"]: row for row in _rows(store, "view-organisations")} if partnership else {}
    )
    direct: dict[str, list[Participation]] = defaultdict(list)
    homeless = []
    for edge in edges:
        name = names.get(edge.partnership, "")
        if edge.member_is_region:
            if edge.member in regions:
                direct[edge.member].append(
                    Participation(edge.partnership, name, edge.role, undated=edge.undated)
                )
        elif partnership is not None:
            info = organisations.get(edge.member, {})
            label, home = info.get("label") or edge.member, info.get("region")
            if home in regions:
                through = f"organisation {label} ({home})"
                direct[home].append(
                    Participation(edge.partnership, name, edge.role, through, edge.undated)
                )
            else:
                homeless.append(NotDrawn(edge.member, label, "organisation without a home region"))
    return direct, homeless


def _participations(
    codes: Sequence[str], regions: dict[str, _Region], direct: dict[str, list[Participation]]
) -> dict[str, tuple[Participation, ...]]:
    """Each region's parts: its own, and those of the member regions above and below it."""
    parents = {region.code: region.parent for region in regions.values() if region.parent}
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in parents.items():
        children[parent].append(code)

    def below(code: str) -> list[str]:
        found, stack = [], list(children.get(code, ()))
        while stack:
            child = stack.pop()
            found.append(child)
            stack.extend(children.get(child, ()))
        return found

    relayed: dict[str, list[Participation]] = {}

    def through(other: str) -> list[Participation]:
        """The parts of member ``other`` as they reach the regions above and below it."""
        if other not in relayed:
            via = f"{other} {regions[other].name}"
            relayed[other] = [
                part if part.through else replace(part, through=via) for part in direct[other]
            ]
        return relayed[other]

    found: dict[str, tuple[Participation, ...]] = {}
    for code in codes:
        parts = list(direct.get(code, ()))
        for other in (*ancestors(code, parents), *below(code)):
            if other in direct:
                parts.extend(through(other))
        found[code] = tuple(
            sorted(set(parts), key=lambda part: (part.partnership, part.through, part.role))
        )
    return found


def _member_labels(
    store: Store,
    direct: dict[str, list[Participation]],
    regions: dict[str, _Region],
    codes: Iterable[str],
) -> tuple[MapLabel, ...]:
    """The names of member regions (or homes of members), strongest role first, each at
    its label point (GISCO's, from the store), else in the middle of its shape."""
    points = {
        row["code"]: (float(row["lon"]), float(row["lat"]))
        for row in _rows(store, "view-regions")
        if row["lat"] is not None and row["lon"] is not None
    }
    ranked = sorted(
        codes,
        key=lambda code: (
            ROLE_ORDER.index(_strongest_role(direct[code])),
            regions[code].level,
            code,
        ),
    )
    labels = []
    for code in ranked:
        if code in points:
            x, y = project_point(*points[code])
        else:
            left, bottom, right, top = region_shapes()[code].bounds
            x, y = (left + right) / 2, (bottom + top) / 2
        labels.append(MapLabel(regions[code].name, x, y))
    return tuple(labels)


def _strongest_role(parts: Iterable[Participation]) -> str:
    roles = {part.role for part in parts}
    return next((role for role in ROLE_ORDER if role in roles), NOT_A_MEMBER)


def _count_classes(values: dict[str, int]) -> tuple[dict[str, str], tuple[MapClass, ...]]:
    """Each region's class of a count, and the classes (``count_bounds``) with their sizes."""
    bounds = count_bounds(values.values())
    keys = [str(low) if low == high else f"{low}-{high}" for low, high in bounds]
    category = {}
    for code, value in values.items():
        place = next(index for index, (low, high) in enumerate(bounds) if low <= value <= high)
        category[code] = keys[place]
    sizes = Counter(category.values())
    classes = tuple(
        MapClass(key, _count_label(low, high), sizes[key])
        for key, (low, high) in zip(keys, bounds, strict=True)
    )
    return category, classes


def count_bounds(values: Iterable[int]) -> list[tuple[int, int]]:
    """Classes ``(low, high)`` for counts: 0 alone (if any region has 0), then one class a
    value up to ``MAX_CLASSES``; above, 1 alone and classes that grow geometrically.

    >>> count_bounds([0, 3, 1])
    [(0, 0), (1, 1), (2, 2), (3, 3)]
    >>> count_bounds([1, 40])
    [(1, 1), (2, 2), (3, 3), (4, 6), (7, 12), (13, 22), (23, 40)]
    """
    counts = set(values)
    top = max(counts, default=0)
    classes = [(0, 0)] if 0 in counts else []
    if top <= MAX_CLASSES:
        return classes + [(value, value) for value in range(1, top + 1)]
    steps = range(1, MAX_CLASSES + 1)
    highs = sorted({1} | {round(top ** (step / MAX_CLASSES)) for step in steps})
    lows = [1] + [high + 1 for high in highs[:-1]]
    return classes + list(zip(lows, highs, strict=True))


def _count_label(low: int, high: int) -> str:
    count = str(low) if low == high else f"{low}\N{EN DASH}{high}"
    return f"{count} {'partnership' if high == 1 else 'partnerships'}"


def _role_classes(
    parts: dict[str, tuple[Participation, ...]],
) -> tuple[dict[str, str], tuple[MapClass, ...]]:
    """Each region's strongest role (or none), and the roles held with their sizes."""
    category = {code: _strongest_role(held) for code, held in parts.items()}
    sizes = Counter(category.values())
    keys = [(role, role) for role in ROLE_ORDER] + [(NOT_A_MEMBER, "not a member")]
    return category, tuple(MapClass(key, label, sizes[key]) for key, label in keys if sizes[key])


def _filters(
    platform: str | None, area: str | None, country: str | None, as_of: AsOf | None
) -> str:
    parts = []
    if platform:
        parts.append(f"platform {PLATFORMS[platform].label}")
    if area:
        parts.append(f"thematic area {AREAS[area].label}")
    if country:
        parts.append(f"country {country}")
    if as_of:
        parts.append(f"memberships as of {as_of}")
    return ", ".join(parts)


def _frame(shapes: Sequence[Shape]) -> tuple[float, float, float, float]:
    """The box around some shapes, with a margin; the whole of Europe if there are none."""
    if not shapes:
        shapes = list(country_shapes().values())
    left = min(shape.bounds[0] for shape in shapes)
    bottom = min(shape.bounds[1] for shape in shapes)
    right = max(shape.bounds[2] for shape in shapes)
    top = max(shape.bounds[3] for shape in shapes)
    margin = FRAME_MARGIN * max(right - left, top - bottom, 1.0)
    return left - margin, bottom - margin, right + margin, top + margin
