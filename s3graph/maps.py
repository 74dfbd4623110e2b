"""Maps of regions: a self-contained HTML page, PNG and SVG for reports, GeoJSON for GIS.

``region_map(store, ...)`` reads what to show (``s3graph.geo.map_data``) and returns a
``RegionMap``, which a notebook shows inline and which writes itself as a file. Drawing only
turns ``MapData`` into pictures: the store is read by ``geo``, never here.

The HTML page is one file that needs no network: the regions are SVG paths, with a little
JavaScript of s3graph's own for zoom, pan, hover and click, and no library. Every name is
text: names go into the page through Jinja's autoescape, or as JSON that the script reads
with ``JSON.parse`` and shows with ``textContent``; the only values not escaped are numbers
and s3graph's own colours.
PNG and SVG are drawn with matplotlib on an A4 landscape page (fonts of 6.5 to 14 pt); the
members of a partnership are named on the map, each label kept clear of the others.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .boundaries import INSETS, Shape, country_shapes, region_geometries, region_shapes
from .choices import MapFormat as MapFormat
from .choices import MapMeasure as MapMeasure
from .choices import format_of_file
from .geo import NOT_A_MEMBER, ROLE_ORDER, MapData, MapLabel, MapRegion, map_data
from .output_file import open_output
from .views.picture import keep_clear, save_figure

if TYPE_CHECKING:
    from jinja2 import Template

    from .asof import AsOf
    from .store import Store

SEQUENTIAL = (
    "#EDF8B1",
    "#C7E9B4",
    "#7FCDBB",
    "#41B6C4",
    "#1D91C0",
    "#225EA8",
    "#253494",
    "#081D58",
)
"""ColorBrewer YlGnBu (Cynthia Brewer, Apache 2.0), light to dark, for classes of a count."""
ZERO_COLOUR = "#EEF1F4"
GREY = "#D0D7DE"
"""Countries and regions a map shows nothing of."""
ROLE_COLOURS = {
    "lead": "#D55E00",
    "co-lead": "#E69F00",
    "initiator": "#CC79A7",
    "member": "#0072B2",
    "associate": "#009E73",
    "observer": "#56B4E9",
    NOT_A_MEMBER: GREY,
}
"""Okabe-Ito colours, told apart by colour-blind readers too."""
BORDER_COLOUR = "#57606A"
INK = "#1F2328"
A4_LANDSCAPE = (297 / 25.4, 210 / 25.4)
"""Inches."""
MAX_IMAGE_LABELS = 40
"""A still map names the regions of a partnership's members, up to this many."""
NOTEBOOK_HEIGHT = 640
_PATH_UNITS = 10
"""Path coordinates are whole tenths of a map kilometre."""


class RegionMap:
    """A map of regions: shown inline in a notebook, written as HTML, PNG, SVG or GeoJSON.

    Attributes:
        data: what the map shows (``s3graph.geo.MapData``): regions, classes, caption.
    """

    def __init__(self, data: MapData) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<RegionMap {self.data.title!r}: {len(self.data.regions)} regions>"

    def to_html(self, *, nonce: str | None = None) -> str:
        """The interactive page: one self-contained file that opens offline.

        ``nonce``: a nonce that its script and style elements carry, for a page served under
        a Content-Security-Policy that allows only them.
        """
        return map_html(self.data, nonce=nonce)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection (RFC 7946): every region drawn, with its measures."""
        return map_geojson(self.data)

    def write(self, target: Path | str | BinaryIO, fmt: MapFormat | str | None = None) -> MapFormat:
        """Write the map to a file, whole or not at all, or into an open binary file.

        The format is ``fmt``, else the one a file name's suffix asks for, else HTML.
        Returns the format written.

        Raises:
            OutputError: the file cannot be written; a file already there is left as it was.
        """
        if isinstance(target, (str, PathLike)):
            chosen = MapFormat(fmt) if fmt else map_format_of(Path(target))
            with open_output(target) as file:
                self.write(file, chosen)
            return chosen
        chosen = MapFormat(fmt or MapFormat.HTML)
        if chosen is MapFormat.HTML:
            target.write(self.to_html().encode("utf-8"))
        elif chosen is MapFormat.GEOJSON:
            text = json.dumps(self.to_geojson(), ensure_ascii=False, separators=(",", ":"))
            target.write(text.encode("utf-8"))
        else:
            write_map_image(self.data, target, chosen)
        return chosen

    def _repr_html_(self) -> str:
        """The page in a frame of its own, as a notebook shows it."""
        return (
            f'<iframe srcdoc="{html.escape(self.to_html(), quote=True)}" width="100%" '
            f'height="{NOTEBOOK_HEIGHT}" style="border: 1px solid #d0d7de" '
            f'title="{html.escape(self.data.title, quote=True)}"></iframe>'
        )


def region_map(
    store: Store,
    *,
    measure: MapMeasure | str = MapMeasure.PARTNERSHIPS,
    partnership: str | None = None,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    level: int | str = "auto",
    as_of: AsOf | str | None = None,
) -> RegionMap:
    """A map of the NUTS regions, shaded by a measure or by the roles in one partnership.

    Args:
        store: the store to read.
        measure: what shades each region (``partnerships``: how many it takes part in,
            directly or through a region that contains it or lies inside it).
        partnership: show the members of this partnership (id or name) by role instead.
        platform: only partnerships of this thematic platform (slug or name).
        area: only partnerships of this thematic area (slug or name).
        country: only regions of this country (NUTS code or name); the map frames it.
        level: the NUTS level drawn, 0 to 3, or ``auto``: each member region at its own
            level, the finer on top.
        as_of: only the memberships active on this date (``s3graph.asof``).

    Raises:
        UnknownNameError: an unknown partnership, platform, area, country, measure or level.
        QueryError: ``as_of`` is not a date.

    >>> import s3graph
    >>> store = s3graph.open_built_store("memory")
    >>> s3graph.region_map(store, partnership="hydrogen valleys")
    <RegionMap 'European Hydrogen Valleys (im-h2valleys): members by role': 7 regions>
    """
    return RegionMap(
        map_data(
            store,
            measure=measure,
            partnership=partnership,
            platform=platform,
            area=area,
            country=country,
            level=level,
            as_of=as_of,
        )
    )


def map_format_of(path: Path) -> MapFormat:
    """The map format a file name asks for: ``.png``, ``.svg``, ``.geojson`` or ``.json``;
    HTML otherwise.

    >>> map_format_of(Path("europe.GeoJSON")), map_format_of(Path("europe"))
    (<MapFormat.GEOJSON: 'geojson'>, <MapFormat.HTML: 'html'>)
    """
    return format_of_file(path, MapFormat, {"json": "geojson"})


@dataclass(frozen=True)
class MapStyle:
    """The colour of each class of a map, in the order of its legend."""

    colours: dict[str, str]

    def of(self, region: MapRegion) -> str:
        """The fill of one region."""
        return self.colours[region.category]


def map_style(data: MapData) -> MapStyle:
    """Colours: roles in fixed colours; counts light to dark, 0 in a pale grey.

    Count classes take colours spread over ``SEQUENTIAL`` so that few classes still run
    from light to dark.
    """
    if data.shows == "roles":
        return MapStyle({cls.key: ROLE_COLOURS[cls.key] for cls in data.classes})
    colours = {"0": ZERO_COLOUR} if any(cls.key == "0" for cls in data.classes) else {}
    counted = [cls.key for cls in data.classes if cls.key != "0"]
    steps = max(len(counted) - 1, 1)
    for index, key in enumerate(counted):
        share = index / steps if len(counted) > 1 else 0.5
        colours[key] = SEQUENTIAL[round(share * (len(SEQUENTIAL) - 1))]
    return MapStyle(colours)


def map_html(data: MapData, *, nonce: str | None = None) -> str:
    """The interactive page of a map (see the module's description)."""
    from markupsafe import Markup

    style = map_style(data)
    classes = {cls.key: number for number, cls in enumerate(data.classes)}
    paths = "".join(
        f'<path class="k{classes[region.category]}" data-i="{index}" '
        f'd="{_svg_path(region_shapes()[region.code])}"/>'
        for index, region in enumerate(data.regions)
    )
    countries = "".join(
        f'<path vector-effect="non-scaling-stroke" d="{_svg_path(shape)}"/>'
        for shape in country_shapes().values()
    )
    left, bottom, right, top = data.frame
    return _page_template().render(
        nonce=nonce,
        data=data,
        colours=[(classes[key], colour) for key, colour in style.colours.items()],
        swatches=[style.colours[cls.key] for cls in data.classes],
        view_box=f"{left:.1f} {-top:.1f} {right - left:.1f} {top - bottom:.1f}",
        scale=f"{1 / _PATH_UNITS} {-1 / _PATH_UNITS}",
        countries=Markup(countries),
        regions=Markup(paths),
        insets=[_inset_frame(inset) for inset in INSETS if _in_frame(inset.box, data.frame)],
        grey=GREY,
        regions_json=Markup(_script_json(_page_facts(data))),
    )


@cache
def _page_template() -> Template:
    from jinja2 import Environment, PackageLoader

    environment = Environment(loader=PackageLoader("s3graph.views", "assets"), autoescape=True)
    return environment.get_template("map.html")


def map_geojson(data: MapData) -> dict[str, Any]:
    """The map as a GeoJSON FeatureCollection (RFC 7946, WGS84, GISCO's coordinates).

    Each feature is one region drawn, with ``nuts_code``, ``name``, ``level``, ``country``,
    its class (``class``, ``class_label``), ``partnerships`` (the count) or ``role`` (the
    strongest), and ``memberships``: each partnership, role and the member it comes through.
    ``title``, ``description`` (the caption) and ``not_drawn`` are members of the collection.
    """
    labels = {cls.key: cls.label for cls in data.classes}
    geometries = region_geometries()
    features = []
    for region in data.regions:
        properties: dict[str, Any] = {
            "nuts_code": region.code,
            "name": region.name,
            "level": region.level,
            "country": region.country,
            "class": region.category,
            "class_label": labels[region.category],
        }
        if data.shows == "roles":
            properties["role"] = None if region.category == NOT_A_MEMBER else region.category
        else:
            properties[data.shows] = region.value
        properties["memberships"] = "; ".join(
            f"{name} ({partnership}): {roles}"
            for name, partnership, roles in membership_lines(region)
        )
        features.append(
            {
                "type": "Feature",
                "id": region.code,
                "properties": properties,
                "geometry": geometries[region.code],
            }
        )
    return {
        "type": "FeatureCollection",
        "title": data.title,
        "description": data.caption,
        "not_drawn": [str(missing) for missing in data.not_drawn],
        "features": features,
    }


def write_map_image(
    data: MapData, target: Path | BinaryIO, fmt: MapFormat | str = MapFormat.PNG
) -> None:
    """Draw the map with matplotlib on an A4 landscape page, as PNG or SVG."""
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    fmt = MapFormat(fmt)
    style = map_style(data)
    figure = Figure(figsize=A4_LANDSCAPE, layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    left, bottom, right, top = data.frame
    axes.set_xlim(left, right)
    axes.set_ylim(bottom, top)
    countries = [_mpl_path(shape) for shape in country_shapes().values()]
    axes.add_collection(PathCollection(countries, facecolors=GREY, edgecolors="none", zorder=1))
    shapes = region_shapes()
    axes.add_collection(
        PathCollection(
            [_mpl_path(shapes[region.code]) for region in data.regions],
            facecolors=[style.of(region) for region in data.regions],
            edgecolors="#FFFFFF",
            linewidths=0.15,
            zorder=2,
        )
    )
    axes.add_collection(
        PathCollection(
            countries, facecolors="none", edgecolors=BORDER_COLOUR, linewidths=0.35, zorder=3
        )
    )
    for inset in INSETS:
        if not _in_frame(inset.box, data.frame):
            continue
        x, y, width, height = inset.box
        axes.add_patch(
            Rectangle((x, y), width, height, fill=False, edgecolor="#8C959F", linewidth=0.5)
        )
        axes.annotate(inset.name, (x + 6, y + height - 6), fontsize=6, va="top", color="#57606A")
    _write_labels(figure, axes, data.labels)
    handles = [
        Patch(
            facecolor=style.colours[cls.key],
            edgecolor="#8C959F",
            label=f"{cls.label} ({cls.count:,})",
        )
        for cls in data.classes
    ]
    legend = figure.legend(handles=handles, loc="outside right upper", fontsize=9, frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)  # names are text: a $ is a dollar sign
    figure.suptitle(data.title, fontsize=14, x=0.01, ha="left", parse_math=False)
    axes.set_title(
        _wrap(data.caption, 150), fontsize=7.5, loc="left", color="#57606A", parse_math=False
    )
    save_figure(figure, target, fmt.value)


def _write_labels(figure: Any, axes: Any, labels: Sequence[MapLabel]) -> None:
    """Write the labels in their order, leaving out any that would overlap one written."""
    texts = [
        axes.annotate(
            label.text,
            (label.x, label.y),
            fontsize=6.5,
            ha="center",
            va="center",
            color=INK,
            zorder=4,
            parse_math=False,
            annotation_clip=True,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )
        for label in labels[:MAX_IMAGE_LABELS]
    ]
    keep_clear(figure, texts)


def _svg_path(shape: Shape) -> str:
    """SVG path data of a shape: whole tenths of a kilometre, each ring a move and relative
    lines, so that neighbours share their borders exactly."""
    import numpy as np

    parts = []
    for ring in shape.rings:
        points = np.rint(ring * _PATH_UNITS).astype(np.int64)
        steps = np.diff(points[:-1], axis=0)
        moves = " ".join(map(str, steps.ravel().tolist()))
        parts.append(f"M{points[0, 0]} {points[0, 1]}l{moves}z")
    return "".join(parts)


def _mpl_path(shape: Shape) -> Any:
    from matplotlib.path import Path as MplPath

    return MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in shape.rings))


def _page_facts(data: MapData) -> dict[str, Any]:
    """What the page's script shows: each partnership's name once, and for each region its
    code, name, level, value, class, and a line a partnership (id, roles)."""
    partnerships: dict[str, str] = {}
    regions = []
    for region in data.regions:
        lines = []
        for name, partnership, roles in membership_lines(region):
            partnerships[partnership] = name
            lines.append([partnership, roles])
        regions.append(
            [region.code, region.name, region.level, region.value, region.category, lines]
        )
    return {"shows": data.shows, "partnerships": partnerships, "regions": regions}


def membership_lines(region: MapRegion) -> list[tuple[str, str, str]]:
    """A region's partnerships, one line each: name, id, and the roles held, with the
    member they come through (``lead through FRK Auvergne-Rhône-Alpes``; ``member through
    12 members`` when several).
    """
    names: dict[str, str] = {}
    own: dict[str, set[str]] = defaultdict(set)
    relayed: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    undated: set[str] = set()
    for part in region.participations:
        names[part.partnership] = part.partnership_name or part.partnership
        if part.undated:
            undated.add(part.partnership)
        if part.through:
            relayed[part.partnership].add(part.role)
            members[part.partnership].add(part.through)
        else:
            own[part.partnership].add(part.role)
    lines = []
    for partnership, name in names.items():
        said = [_roles(own[partnership])] if own[partnership] else []
        if relayed[partnership]:
            via = sorted(members[partnership])
            through = via[0] if len(via) == 1 else f"{len(via)} members"
            said.append(f"{_roles(relayed[partnership])} through {through}")
        if partnership in undated:
            said.append("undated")
        lines.append((name, partnership, "; ".join(said)))
    return lines


def _roles(roles: set[str]) -> str:
    return ", ".join(sorted(roles, key=ROLE_ORDER.index))


def _script_json(value: Any) -> str:
    """JSON that stays inert inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _inset_frame(inset: Any) -> dict[str, Any]:
    x, y, width, height = inset.box
    return {"name": inset.name, "x": x, "y": -(y + height), "width": width, "height": height}


def _in_frame(
    box: tuple[float, float, float, float], frame: tuple[float, float, float, float]
) -> bool:
    x, y, width, height = box
    left, bottom, right, top = frame
    return x < right and x + width > left and y < top and y + height > bottom


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))
