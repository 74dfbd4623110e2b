"""Pictures and files of a network view: pyvis HTML, GraphML, GEXF, Cytoscape, JSON, PNG, SVG.

Views take networkx graphs (from ``s3graph.network``) and know nothing of the store. One
styling step gives every node its colour, shape, size and position, so the HTML page and the
PNG/SVG drawing of a view look alike and the GEXF and Cytoscape files carry the same layout.

The HTML page is one self-contained file (vis-network inlined, no network access needed) with a
title, a caption that says what is shown and how many nodes and edges, a legend and tooltips.
Every label and tooltip value is escaped: data never becomes markup or script. Nodes and edges
are added to pyvis directly (its ``from_nx`` and ``add_edge`` check every earlier edge, which is
quadratic, and ``add_node`` every earlier node). Positions are computed in Python (networkx's
spring layout algorithm in numpy, community by community on large views, or coordinates for
the map), so the page has physics off and stands still as soon as it is drawn: vis-network needs
about 0.1 s per physics step on a 2,000-node, 20,000-edge view in headless Chromium, far too
slow to lay it out there.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .choices import ColorBy as ColorBy
from .choices import ExportFormat as ExportFormat
from .choices import Layout as Layout
from .tables import PLATFORMS

SPRING_LAYOUT_MAX_NODES = 500
"""Larger graphs are laid out community by community (``_force_layout``)."""
NODE_SPACING = 60.0
"""A group of n nodes is laid out in a circle of radius ``NODE_SPACING * sqrt(n - 1)``."""
GROUP_SPACING = 40.0
"""The gap between the circles of two groups."""
TOOLTIP_LIST_MAX = 8
TOOLTIP_SOURCES_MAX = 4
LARGE_VIEW_EDGES = 2_000
"""From this many edges on, edges are hidden while dragging or zooming."""


PLATFORM_COLOURS = {
    "agri-food": "#009E73",
    "energy": "#E69F00",
    "industrial-modernisation": "#0072B2",
    "several": "#CC79A7",
    "": "#8C959F",
}
"""Okabe-Ito colours, told apart by colour-blind readers too."""
PLATFORM_NAMES = {**PLATFORMS, "several": "Several platforms", "": "No platform"}
CATEGORY_COLOURS = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#17BECF",
    "#BCBD22",
    "#AEC7E8",
    "#FFBB78",
    "#98DF8A",
    "#FF9896",
    "#C5B0D5",
    "#C49C94",
    "#F7B6D2",
    "#9EDAE5",
    "#DBDB8D",
    "#393B79",
    "#637939",
    "#8C6D31",
    "#843C39",
    "#7B4173",
    "#3182BD",
)
"""Tableau 20 and a few darker tones, for countries and communities; the rest are grey."""
OTHER_COLOUR = "#8C959F"
NO_VALUE_COLOUR = "#D0D7DE"
SHAPES = {"region": "dot", "partnership": "diamond", "organisation": "triangle"}
KIND_NAMES = {"region": "Region", "partnership": "Partnership", "organisation": "Organisation"}
_MARKERS = {"dot": "o", "diamond": "D", "triangle": "^"}


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: a swatch, what it means, how many nodes have it."""

    label: str
    colour: str
    count: int
    shape: str = "dot"


@dataclass(frozen=True)
class LegendSection:
    """A titled group of legend lines."""

    heading: str
    entries: list[LegendEntry]


@dataclass(frozen=True)
class Style:
    """How a view is drawn: per node colour, shape, size and position, and the legend."""

    colours: dict[Any, str]
    shapes: dict[Any, str]
    sizes: dict[Any, float]
    positions: dict[Any, tuple[float, float]]
    legend: list[LegendSection]
    caption: str


def style_view(
    graph: Any,
    *,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
    seed: int = 1,
) -> Style:
    """Colours, shapes, sizes, positions, legend and caption of a view.

    A graph without measures is measured first (on a copy) when colours show communities.
    """
    from .network import add_measures

    color_by, layout = ColorBy(color_by), Layout(layout)
    if color_by is ColorBy.COMMUNITY and any(
        "community" not in a for _, a in graph.nodes(data=True)
    ):
        graph = add_measures(graph.copy())
    colours, colour_legend = node_colours(graph, color_by)
    shapes = {node: SHAPES.get(kind, "dot") for node, kind in graph.nodes(data="kind")}
    sizes = {node: float(_size_measure(graph, node)) for node in graph}
    legend = [LegendSection(f"Colour: {color_by.value}", colour_legend)]
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    if len(kinds) > 1:
        entries = [
            LegendEntry(KIND_NAMES.get(kind, kind), "#8C959F", count, SHAPES.get(kind, "dot"))
            for kind, count in sorted(kinds.items())
        ]
        legend.append(LegendSection("Shape", entries))
    return Style(
        colours=colours,
        shapes=shapes,
        sizes=sizes,
        positions=node_positions(graph, layout, seed=seed),
        legend=legend,
        caption=describe_view(graph, color_by, layout),
    )


def node_colours(graph: Any, color_by: ColorBy) -> tuple[dict[Any, str], list[LegendEntry]]:
    """A colour per node and the legend lines that explain them.

    By platform, nodes in partnerships of more than one platform share one colour; by
    country or community, the most common categories get a colour each and the rest grey.
    """
    if color_by is ColorBy.PLATFORM:
        keys = {node: platform or "" for node, platform in graph.nodes(data="platform", default="")}
        counts = Counter(keys.values())
        colours = {node: PLATFORM_COLOURS.get(key, OTHER_COLOUR) for node, key in keys.items()}
        legend = [
            LegendEntry(PLATFORM_NAMES.get(key, key), PLATFORM_COLOURS[key], counts[key])
            for key in PLATFORM_COLOURS
            if counts[key]
        ]
        return colours, legend
    attribute = color_by.value
    keys = {node: value for node, value in graph.nodes(data=attribute, default="")}
    counts = Counter(keys.values())
    ranked = sorted((key for key in counts if key != ""), key=lambda key: (-counts[key], str(key)))
    palette = dict(zip(ranked, CATEGORY_COLOURS, strict=False))
    colours = {node: palette.get(key, OTHER_COLOUR) for node, key in keys.items()}
    legend = [
        LegendEntry(_category_name(color_by, key), colour, counts[key])
        for key, colour in palette.items()
    ]
    rest = [key for key in ranked if key not in palette]
    if rest:
        count = sum(counts[key] for key in rest)
        legend.append(LegendEntry(f"{len(rest)} more", OTHER_COLOUR, count))
    if counts[""]:
        colours.update({node: NO_VALUE_COLOUR for node, key in keys.items() if key == ""})
        legend.append(LegendEntry(f"No {attribute}", NO_VALUE_COLOUR, counts[""]))
    return colours, legend


def node_positions(
    graph: Any, layout: Layout | str = Layout.FORCE, *, seed: int = 1
) -> dict[Any, tuple[float, float]]:
    """Screen positions (y grows downwards) for a force layout or a map of coordinates.

    The force layout is networkx's spring layout, seeded. On the map, nodes sit at their
    ``lat``/``lon`` (an equirectangular projection); nodes at the same point are spread on a
    small circle, and nodes without coordinates are placed in a row below the map.
    """

    if not len(graph):
        return {}
    if Layout(layout) is Layout.FORCE:
        return _force_layout(graph, seed)
    degree = 30.0  # screen units per degree of latitude
    placed: dict[Any, tuple[float, float]] = {}
    at_point: dict[tuple[float, float], list[Any]] = {}
    for node, attributes in graph.nodes(data=True):
        if attributes.get("lat") is not None and attributes.get("lon") is not None:
            x = attributes["lon"] * math.cos(math.radians(50.0)) * degree
            point = (round(x, 1), round(-attributes["lat"] * degree, 1))
            at_point.setdefault(point, []).append(node)
    for (x, y), nodes in at_point.items():
        for index, node in enumerate(sorted(nodes, key=str)):
            angle = 2 * math.pi * index / len(nodes)
            radius = 0.0 if len(nodes) == 1 else 6.0 + 2.0 * len(nodes)
            placed[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    unplaced = sorted((node for node in graph if node not in placed), key=str)
    if unplaced:
        left = min((x for x, _ in placed.values()), default=0.0)
        below = max((y for _, y in placed.values()), default=0.0) + 80.0
        for index, node in enumerate(unplaced):
            placed[node] = (left + 60.0 * (index % 20), below + 60.0 * (index // 20))
    return placed


def _force_layout(graph: Any, seed: int) -> dict[Any, tuple[float, float]]:
    """A force layout that stays fast on thousands of nodes.

    The graph is cut into groups: its connected components, or above
    ``SPRING_LAYOUT_MAX_NODES`` nodes its communities (the ``community`` attribute, else
    Louvain). Each group gets a spring layout (``_spring_positions``) inside a circle sized by
    its node count; the circles are placed by a spring layout of the graph of groups (edge
    weights summed) and pushed apart until none overlap.
    """
    import networkx as nx
    import numpy as np

    if len(graph) <= SPRING_LAYOUT_MAX_NODES:
        groups: list[set[Any]] = list(nx.connected_components(graph))
    elif all("community" in attributes for _, attributes in graph.nodes(data=True)):
        by_community: dict[Any, set[Any]] = {}
        for node, community in graph.nodes(data="community"):
            by_community.setdefault(community, set()).add(node)
        groups = list(by_community.values())
    else:
        groups = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(
        (sorted(group, key=str) for group in groups), key=lambda nodes: (-len(nodes), str(nodes[0]))
    )
    radii = np.array([NODE_SPACING * math.sqrt(len(nodes) - 1) for nodes in ordered])
    group_of = {node: index for index, nodes in enumerate(ordered) for node in nodes}
    place = {node: index for nodes in ordered for index, node in enumerate(nodes)}
    inside = [np.zeros((len(nodes), len(nodes))) for nodes in ordered]
    between = np.zeros((len(ordered), len(ordered)))
    for a, b, weight in graph.edges(data="weight", default=1):
        first, second = group_of[a], group_of[b]
        if first == second:
            inside[first][place[a], place[b]] = inside[first][place[b], place[a]] = weight
        else:
            between[first, second] += weight
            between[second, first] += weight
    centres = _group_centres(between, radii, seed)
    # 50 steps, as networkx's spring layout; 25 for the communities of a large graph
    steps = 50 if len(graph) <= SPRING_LAYOUT_MAX_NODES else 25
    placed: dict[Any, tuple[float, float]] = {}
    for nodes, adjacency, radius, (x0, y0) in zip(ordered, inside, radii, centres, strict=True):
        points = _spring_positions(adjacency, seed=seed, iterations=steps) * radius
        placed.update(
            (node, (x0 + x, y0 - y))
            for node, x, y in zip(nodes, points.real.tolist(), points.imag.tolist(), strict=True)
        )
    return placed


def _spring_positions(adjacency: Any, *, seed: int = 1, iterations: int = 50) -> Any:
    """Fruchterman-Reingold positions of a weighted adjacency matrix, as complex numbers.

    The algorithm of networkx's ``spring_layout`` (ideal distance ``sqrt(1 / n)``, a
    temperature that falls from a tenth of the unit square to nothing, seeded random start),
    centred on 0 and scaled so that the farthest coordinate is 1. It runs on complex
    coordinates, a few n-by-n arrays per step: about four times faster than networkx's, whose
    spring layout also turns to a much slower sparse version from 500 nodes on.

    >>> import numpy as np
    >>> points = _spring_positions(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    >>> bool(abs(points.mean()) < 1e-9), float(np.abs(np.r_[points.real, points.imag]).max())
    (True, 1.0)
    """
    import numpy as np

    count = len(adjacency)
    random = np.random.default_rng(seed)
    points = random.random(count) + 1j * random.random(count)
    ideal = math.sqrt(1.0 / max(count, 1))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations if count > 1 else 0):
        delta = points[:, None] - points[None, :]
        distance = np.maximum(np.abs(delta), 0.01)
        pull = (delta * (ideal * ideal / distance**2 - adjacency * distance / ideal)).sum(axis=1)
        points += pull * (temperature / np.maximum(np.abs(pull), 0.01))
        temperature -= cooling
    points -= points.mean()
    reach = max(
        float(np.abs(points.real).max(initial=0.0)), float(np.abs(points.imag).max(initial=0.0))
    )
    return points / reach if reach > 0 else points


def _group_centres(between: Any, radii: Any, seed: int) -> Any:
    """Centres of the groups' circles: near the groups they link to, never overlapping.

    ``between`` holds the summed weights of the edges between each two groups.
    """
    import numpy as np

    if len(radii) == 1:
        return np.zeros((1, 2))
    spring = _spring_positions(between, seed=seed)
    # start packed tighter than needed; pushing the circles apart then leaves no wide gaps
    spread = 0.5 * math.sqrt(float(np.sum((radii + GROUP_SPACING) ** 2)))
    centres = np.column_stack((spring.real, spring.imag)) * spread
    reach = radii + GROUP_SPACING / 2
    for _ in range(500):
        delta = centres[:, None, :] - centres[None, :, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(distance, np.inf)
        overlap = np.clip(reach[:, None] + reach[None, :] - distance, 0.0, None)
        if not overlap.any():
            break
        push = (overlap / np.maximum(distance, 1e-9) / 2.0)[..., None] * delta
        centres = centres + push.sum(axis=1)
    return centres


def describe_view(graph: Any, color_by: ColorBy | str, layout: Layout | str) -> str:
    """The caption of a view: what it shows, how many nodes and edges, filters, encoding."""
    kinds = Counter(kind for _, kind in graph.nodes(data="kind", default="node"))
    parts = [f"{count:,} {kind}s" for kind, count in sorted(kinds.items())]
    nodes = f"{len(graph):,} nodes ({', '.join(parts)})" if len(parts) > 1 else "".join(parts)
    edges = graph.number_of_edges()
    sentences = [
        graph.graph.get("description", ""),
        f"Shown: {nodes or '0 nodes'} and {edges:,} {'edge' if edges == 1 else 'edges'}.",
    ]
    if graph.graph.get("filters"):
        sentences.append(f"Filters: {graph.graph['filters']}.")
    where = "placed at their coordinates" if Layout(layout) is Layout.MAP else "force layout"
    sentences.append(
        f"Colour: {ColorBy(color_by).value}; size: weighted degree; {where}."
        + (
            f" Betweenness is {graph.graph['betweenness']}."
            if "estimated" in graph.graph.get("betweenness", "")
            else ""
        )
    )
    return " ".join(sentence for sentence in sentences if sentence)


def to_pyvis(
    graph: Any,
    *,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
    title: str | None = None,
    height: str = "640px",
    notebook: bool = False,
    seed: int = 1,
) -> Any:
    """A pyvis ``Network`` of the view, drawn by s3graph's self-contained page.

    ``net.generate_html()`` gives the page; ``write_html`` writes it. In a notebook,
    ``IPython.display.HTML(net.generate_html(notebook=True))`` shows it inline, ``height``
    high.

    Args:
        graph: a view from ``s3graph.network`` (any networkx graph with ``label`` works).
        color_by: colour nodes by platform, country or community.
        layout: ``force`` or ``map`` (regions at their coordinates).
        title: the page title [default: the view's title].
        height: the height of the drawing in a notebook.
        notebook: prepare the network for pyvis' notebook display.
        seed: seed of the force layout.
    """
    from pyvis.network import Network

    layout = Layout(layout)
    style = style_view(graph, color_by=color_by, layout=layout, seed=seed)
    heading = title or graph.graph.get("title") or "Network"
    network = Network(
        height=height, width="100%", notebook=notebook, heading=heading, cdn_resources="in_line"
    )
    estimated = "estimated" in str(graph.graph.get("betweenness", ""))
    # what pyvis' add_node makes of each node, without its check against every earlier id
    for node, attributes in graph.nodes(data=True):
        key = str(node)
        if key in network.node_map:
            continue  # pyvis keeps the first of two nodes that print alike
        colour = style.colours[node]
        x, y = style.positions[node]
        options: dict[str, Any] = {
            "id": key,
            "label": str(attributes.get("label", node)) or key,
            "shape": style.shapes[node],
            "title": node_tooltip(attributes, estimated=estimated),
            "value": style.sizes[node],
            "color": {
                "background": colour,
                "border": _darker(colour),
                "highlight": {"background": colour, "border": "#1F2328"},
                "hover": {"background": colour, "border": "#1F2328"},
            },
            "x": x,
            "y": y,
        }
        if attributes.get("focus"):
            options["borderWidth"] = 4
        network.nodes.append(options)
        network.node_ids.append(key)
        network.node_map[key] = options
    labels = {node: str(label) for node, label in graph.nodes(data="label", default="")}
    weights = [weight for *_, weight in graph.edges(data="weight", default=1)]
    lightest, heaviest = min(weights, default=1), max(weights, default=1)
    network.edges.extend(
        {
            "id": f"edge:{index}",
            "from": str(a),
            "to": str(b),
            "width": _edge_width(attributes.get("weight", 1), lightest, heaviest),
            "title": edge_tooltip(labels.get(a) or str(a), labels.get(b) or str(b), attributes),
        }
        for index, (a, b, attributes) in enumerate(graph.edges(data=True))
    )
    network.options = _vis_options(len(graph), graph.number_of_edges())
    _use_page(network, style)
    return network


def node_tooltip(attributes: dict[str, Any], *, estimated: bool = False) -> str:
    """A node's tooltip as HTML, every value escaped; ``estimated`` marks betweenness so."""
    escape = _escaped
    kind = attributes.get("kind", "")
    lines = [
        f"<b>{escape(str(attributes.get('label', '')))}</b> "
        f"<span class='code'>{escape(str(attributes.get('code', '')))}</span>"
    ]
    facts = [KIND_NAMES.get(kind, kind.capitalize())] if kind else []
    if kind == "partnership":
        facts += [attributes.get("platform_label", ""), attributes.get("area_label", "")]
        if attributes.get("year"):
            facts.append(f"founded {attributes['year']}")
    elif kind == "region":
        facts += [attributes.get("country", ""), f"NUTS level {attributes.get('level', '')}"]
    elif kind == "organisation":
        facts.append(attributes.get("type", ""))
        if attributes.get("region"):
            facts.append(f"based in {attributes['region']}")
    lines.append(escape(" · ".join(str(fact) for fact in facts if str(fact).strip())))
    for heading, key in (("Partnerships", "partnerships"), ("Members", "members")):
        if attributes.get(key):
            lines.append(f"{heading} ({len(attributes[key])}):" + _html_list(attributes[key]))
    if "degree" in attributes:
        betweenness = f"{attributes['betweenness']:.3f}" + (" (estimated)" if estimated else "")
        lines.append(
            "<span class='measures'>"
            + html.escape(
                f"degree {attributes['degree']} · weighted degree "
                f"{attributes['weighted_degree']:g} · betweenness {betweenness}"
                f" · community {attributes['community']}"
            )
            + "</span>"
        )
    if attributes.get("sources"):
        lines.append("Sources: " + _html_links(attributes["sources"]))
    return "<br>".join(line for line in lines if line)


def edge_tooltip(first: str, second: str, attributes: dict[str, Any]) -> str:
    """An edge's tooltip as HTML, every value escaped."""
    escape = _escaped
    relation = attributes.get("relation", "")
    heading = f"<b>{escape(first)}</b> &ndash; <b>{escape(second)}</b>"
    if relation == "membership":
        years = f" ({attributes['years']})" if attributes.get("years") else ""
        text = heading + "<br>" + escape(f"role: {attributes.get('role', '')}{years}")
        if attributes.get("sources"):
            text += "<br>Sources: " + _html_links(attributes["sources"])
        return text
    if attributes.get("shared"):
        what = "partnerships" if relation == "co-membership" else "regions"
        return (
            heading
            + f"<br>{escape(str(attributes.get('weight', '')))} shared {what}:"
            + _html_list(attributes["shared"])
        )
    return heading + (f"<br>{escape(relation)}" if relation else "")


def write_html(network: Any, path: Path) -> None:
    """Write a pyvis network's page to ``path`` (UTF-8), and nothing else anywhere."""
    Path(path).write_text(network.generate_html(), encoding="utf-8")


def write_graphml(graph: Any, path: Path, **style: Any) -> None:
    """Write GraphML with every attribute plus ``x``, ``y``, ``size`` and ``color``."""
    import networkx as nx

    nx.write_graphml(_exportable(graph, style_view(graph, **style)), path)


def write_gexf(graph: Any, path: Path, **style: Any) -> None:
    """Write GEXF (Gephi) with every attribute and the layout, colours and sizes as ``viz``."""
    import networkx as nx

    styled = style_view(graph, **style)
    exported = _exportable(graph, styled)
    for node, attributes in exported.nodes(data=True):
        x, y = styled.positions[node]
        red, green, blue = _rgb(styled.colours[node])
        attributes["viz"] = {
            "position": {"x": x, "y": -y, "z": 0.0},
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": attributes["size"],
        }
    nx.write_gexf(exported, path)


def write_cyjs(graph: Any, path: Path, **style: Any) -> None:
    """Write Cytoscape JSON (``cytoscape_data``) with node positions and colours."""
    import networkx as nx

    styled = style_view(graph, **style)
    data = nx.cytoscape_data(_exportable(graph, styled))
    for element in data["elements"]["nodes"]:
        x, y = element["data"]["x"], element["data"]["y"]
        element["position"] = {"x": x, "y": y}
    _write_json(data, path)


def write_json(graph: Any, path: Path, **style: Any) -> None:
    """Write networkx node-link JSON, lists kept, with ``x``, ``y``, ``size`` and ``color``."""
    import networkx as nx

    styled = style_view(graph, **style)
    _write_json(nx.node_link_data(_styled_copy(graph, styled), edges="edges"), path)


def write_image(
    graph: Any, path: Path, fmt: ExportFormat | str = ExportFormat.PNG, **style: Any
) -> None:
    """Draw the view with matplotlib as PNG or SVG: same layout, colours and legend as HTML."""
    from matplotlib import rc_context
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fmt = ExportFormat(fmt)
    styled = style_view(graph, **style)
    positions = styled.positions
    figure = Figure(figsize=(12, 9), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    weights = [weight for *_, weight in graph.edges(data="weight", default=1)]
    heaviest = max(weights, default=1)
    crowd = min(1.0, math.sqrt(80 / max(len(graph), 1)))  # smaller marks for bigger views
    lines = [
        [(positions[a][0], -positions[a][1]), (positions[b][0], -positions[b][1])]
        for a, b in graph.edges
    ]
    axes.add_collection(
        LineCollection(
            lines,
            colors="#9AA0A6",
            alpha=0.45 * crowd,
            linewidths=[(0.4 + 3.0 * weight / heaviest) * crowd for weight in weights],
            zorder=1,
        )
    )
    largest = max(styled.sizes.values(), default=1.0) or 1.0
    for shape in sorted(set(styled.shapes.values())):
        nodes = [node for node in graph if styled.shapes[node] == shape]
        axes.scatter(
            [positions[node][0] for node in nodes],
            [-positions[node][1] for node in nodes],
            s=[(30 + 400 * styled.sizes[node] / largest) * crowd for node in nodes],
            c=[styled.colours[node] for node in nodes],
            marker=_MARKERS.get(shape, "o"),
            edgecolors="#1F2328",
            linewidths=0.5,
            zorder=2,
        )
    for node in _labelled_nodes(graph, styled):
        x, y = positions[node]
        axes.annotate(
            str(graph.nodes[node].get("label", node)),
            (x, -y),
            xytext=(0, 4 + 8 * math.sqrt(styled.sizes[node] / largest)),
            textcoords="offset points",
            fontsize=7,
            ha="center",
            va="bottom",
            zorder=3,
            parse_math=False,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.6, "linewidth": 0},
        )
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_MARKERS.get(entry.shape, "o"),
            markersize=8,
            markerfacecolor=entry.colour,
            markeredgecolor="#1F2328",
            label=f"{entry.label} ({entry.count:,})",
        )
        for section in styled.legend
        for entry in section.entries
    ]
    if handles:
        figure.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    figure.suptitle(graph.graph.get("title", "Network"), fontsize=14, x=0.01, ha="left")
    axes.set_title(_wrap(styled.caption, 140), fontsize=8, loc="left", color="#57606A")
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "s3graph"}):
        figure.savefig(path, format=fmt.value, dpi=150, metadata=_image_metadata(fmt))


def write_view(
    graph: Any,
    path: Path,
    fmt: ExportFormat | str = ExportFormat.HTML,
    *,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
) -> None:
    """Write a view to ``path`` in ``fmt``; only that file is written."""
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.HTML:
        write_html(to_pyvis(graph, color_by=color_by, layout=layout), path)
    elif fmt in (ExportFormat.PNG, ExportFormat.SVG):
        write_image(graph, path, fmt, color_by=color_by, layout=layout)
    else:
        _WRITERS[fmt](graph, path, color_by=color_by, layout=layout)


def format_of(path: Path) -> ExportFormat:
    """The export format a file name asks for, HTML when its suffix names none."""
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = {"htm": "html"}.get(suffix, suffix)
    return (
        ExportFormat(suffix) if suffix in {fmt.value for fmt in ExportFormat} else ExportFormat.HTML
    )


def _use_page(network: Any, style: Style) -> None:
    """Render ``network`` with s3graph's page template (pyvis' own loads Bootstrap online)."""
    from jinja2 import Environment, FileSystemLoader

    vis = Path(network.template_dir) / "lib" / "vis-9.1.2"
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True
    )
    ids = json.dumps([node["id"] for node in network.nodes]) + str(len(network.edges))
    environment.globals.update(
        caption=style.caption,
        legend=style.legend,
        view_id="s3graph-" + hashlib.sha256(ids.encode()).hexdigest()[:10],
        vis_js=_read(vis / "vis-network.min.js"),
        vis_css=_read(vis / "vis-network.css"),
    )
    network.templateEnv = environment
    network.path = "network.html"
    network.template = environment.get_template(network.path)


def _vis_options(nodes: int, edges: int) -> dict[str, Any]:
    large = edges >= LARGE_VIEW_EDGES
    return {
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
                "color": "#1F2328",
                "strokeWidth": 4,
                "strokeColor": "#FFFFFF",
            },
            "scaling": {
                "min": 6 if nodes > 300 else 10,
                "max": 30 if nodes > 300 else 42,
                "label": {"enabled": True, "min": 12, "max": 24, "drawThreshold": 7},
            },
        },
        "edges": {
            "color": {
                "color": "rgba(140, 149, 159, 0.5)",
                "highlight": "#1F2328",
                "hover": "#57606A",
            },
            "smooth": False,
            "selectionWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {"enabled": False},
    }


def _edge_width(weight: float, lightest: float, heaviest: float) -> float:
    """1 to 8 pixels by weight (vis-network's own scaling costs time on every edge)."""
    spread = heaviest - lightest
    return 1.0 if spread <= 0 else round(1.0 + 7.0 * (weight - lightest) / spread, 2)


def _styled_copy(graph: Any, style: Style) -> Any:
    copy = graph.copy()
    for node, attributes in copy.nodes(data=True):
        x, y = style.positions[node]
        attributes.update(x=x, y=y, size=style.sizes[node], color=style.colours[node])
    return copy


def _exportable(graph: Any, style: Style) -> Any:
    """A styled copy that GraphML and GEXF can hold: lists joined with ``; ``, no ``None``."""
    copy = _styled_copy(graph, style)
    items: Iterable[dict[str, Any]] = [copy.graph]
    items = [
        *items,
        *(a for _, a in copy.nodes(data=True)),
        *(a for *_, a in copy.edges(data=True)),
    ]
    for attributes in items:
        for key, value in list(attributes.items()):
            if value is None:
                del attributes[key]
            elif isinstance(value, (list, tuple, set)):
                attributes[key] = "; ".join(map(str, value))
            elif not isinstance(value, (str, int, float, bool)):
                attributes[key] = str(value)
    return copy


def _size_measure(graph: Any, node: Any) -> float:
    attributes = graph.nodes[node]
    if "weighted_degree" in attributes:
        return float(attributes["weighted_degree"])
    return float(graph.degree(node, weight="weight"))


def _category_name(color_by: ColorBy, key: Any) -> str:
    return f"Community {key}" if color_by is ColorBy.COMMUNITY else str(key)


def _labelled_nodes(graph: Any, style: Style, most: int = 30) -> list[Any]:
    """All nodes of a small view; the ``most`` largest of a big one."""
    ranked = sorted(graph, key=lambda node: (-style.sizes[node], str(node)))
    return ranked[:most]


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    """``html.escape`` (quotes too), remembered: views repeat the same labels many times."""
    return html.escape(text)


def _html_list(items: list[str]) -> str:
    shown = "".join(f"<li>{_escaped(str(item))}</li>" for item in items[:TOOLTIP_LIST_MAX])
    more = len(items) - TOOLTIP_LIST_MAX
    tail = f"<li class='more'>and {more} more</li>" if more > 0 else ""
    return f"<ul>{shown}{tail}</ul>"


def _html_links(urls: list[str]) -> str:
    """Links for web addresses (http and https only), plain escaped text for anything else."""
    links = []
    for url in urls[:TOOLTIP_SOURCES_MAX]:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            links.append(
                f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">{html.escape(parts.netloc)}</a>'
            )
        else:
            links.append(html.escape(url))
    more = len(urls) - TOOLTIP_SOURCES_MAX
    return ", ".join(links) + (f" and {more} more" if more > 0 else "")


def _darker(colour: str) -> str:
    red, green, blue = _rgb(colour)
    return "#{:02X}{:02X}{:02X}".format(*(int(part * 0.7) for part in (red, green, blue)))


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _image_metadata(fmt: ExportFormat) -> dict[str, Any]:
    # no creation date in SVG, so the same view gives the same file
    return {"Date": None} if fmt is ExportFormat.SVG else {}


def _write_json(data: Any, path: Path) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


_WRITERS = {
    ExportFormat.GRAPHML: write_graphml,
    ExportFormat.GEXF: write_gexf,
    ExportFormat.CYJS: write_cyjs,
    ExportFormat.JSON: write_json,
}
