"""How a view looks: each node's colour, shape, size and position, the legend and the caption.

One styling step (``style_view``) serves every drawing and file, so the HTML page and the
PNG/SVG picture of a view look alike and the GEXF and Cytoscape files carry the same layout.
Styling reads the measures the graph carries (``s3graph.add_measures``: size is the weighted
degree, community colours and large force layouts use the communities); it computes none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic

from ..boundaries import ATTRIBUTION
from ..choices import ColorBy, Layout
from ..vocabulary import PLATFORMS
from .layout import Node, Outline, Point, country_outlines, node_positions

if TYPE_CHECKING:
    import networkx as nx

PLATFORM_COLOURS = {
    "agri-food": "#009E73",
    "energy": "#E69F00",
    "industrial-modernisation": "#0072B2",
    "several": "#CC79A7",
    "": "#8C959F",
}
"""Okabe-Ito colours, told apart by colour-blind readers too."""
PLATFORM_NAMES = {**PLATFORMS.labels, "several": "Several platforms", "": "No platform"}
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
MEASURES = ("weighted_degree", "community")
"""The measures (of ``s3graph.add_measures``) that every node of a styled view carries."""


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
class Style(Generic[Node]):
    """How a view is drawn: per node colour, shape, size and position, the legend, and the
    outlines under the network (the countries under the map layout)."""

    colours: dict[Node, str]
    shapes: dict[Node, str]
    sizes: dict[Node, float]
    positions: dict[Node, Point]
    legend: list[LegendSection]
    caption: str
    outlines: tuple[Outline, ...] = ()


def style_view(
    graph: nx.Graph[Node],
    *,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
    seed: int = 1,
) -> Style[Node]:
    """Colours, shapes, sizes, positions, legend and caption of a view.

    Args:
        graph: a view whose nodes carry their measures (``s3graph.add_measures``).
        color_by: colour nodes by platform, country or community.
        layout: ``force`` or ``map`` (nodes at their ``lat``/``lon``).
        seed: seed of the force layout.

    Raises:
        ValueError: a node has no measures.
    """
    color_by, layout = ColorBy(color_by), Layout(layout)
    _check_measured(graph)
    colours, colour_legend = node_colours(graph, color_by)
    kind_of = {node: str(attributes.get("kind", "")) for node, attributes in graph.nodes(data=True)}
    shapes = {node: SHAPES.get(kind, "dot") for node, kind in kind_of.items()}
    sizes = {
        node: float(attributes["weighted_degree"]) for node, attributes in graph.nodes(data=True)
    }
    legend = [LegendSection(f"Colour: {color_by.value}", colour_legend)]
    kinds = Counter(kind_of.values())
    if len(kinds) > 1:
        entries = [
            LegendEntry(KIND_NAMES.get(kind, kind), OTHER_COLOUR, count, SHAPES.get(kind, "dot"))
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
        outlines=country_outlines() if layout is Layout.MAP else (),
    )


def node_colours(
    graph: nx.Graph[Node], color_by: ColorBy
) -> tuple[dict[Node, str], list[LegendEntry]]:
    """A colour per node and the legend lines that explain them.

    By platform, nodes in partnerships of more than one platform share one colour; by
    country or community, the most common categories get a colour each and the rest grey.
    """
    if color_by is ColorBy.PLATFORM:
        keys = {node: str(a.get("platform") or "") for node, a in graph.nodes(data=True)}
        counts = Counter(keys.values())
        colours = {node: PLATFORM_COLOURS.get(key, OTHER_COLOUR) for node, key in keys.items()}
        legend = [
            LegendEntry(PLATFORM_NAMES.get(key, key), PLATFORM_COLOURS[key], counts[key])
            for key in PLATFORM_COLOURS
            if counts[key]
        ]
        return colours, legend
    attribute = color_by.value
    keys = {node: a.get(attribute, "") for node, a in graph.nodes(data=True)}
    counts = Counter(keys.values())
    ranked = sorted((key for key in counts if key != ""), key=lambda key: (-counts[key], str(key)))
    palette = dict(zip(ranked, CATEGORY_COLOURS, strict=False))
    colours = {node: palette.get(key, OTHER_COLOUR) for node, key in keys.items()}
    legend = [
        LegendEntry(
            f"Community {key}" if color_by is ColorBy.COMMUNITY else str(key), colour, counts[key]
        )
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


def describe_view(graph: nx.Graph[Node], color_by: ColorBy | str, layout: Layout | str) -> str:
    """The caption of a view: what it shows, how many nodes and edges, filters, encoding."""
    kinds = Counter(str(a.get("kind", "node")) for _, a in graph.nodes(data=True))
    parts = [f"{count:,} {kind}s" for kind, count in sorted(kinds.items())]
    nodes = f"{len(graph):,} nodes ({', '.join(parts)})" if len(parts) > 1 else "".join(parts)
    edges = graph.number_of_edges()
    sentences = [
        graph.graph.get("description", ""),
        f"Shown: {nodes or '0 nodes'} and {edges:,} {'edge' if edges == 1 else 'edges'}.",
    ]
    if graph.graph.get("filters"):
        sentences.append(f"Filters: {graph.graph['filters']}.")
    on_map = Layout(layout) is Layout.MAP
    where = "placed at their coordinates over the countries' outlines" if on_map else "force layout"
    sentences.append(
        f"Colour: {ColorBy(color_by).value}; size: weighted degree; {where}."
        + (f" Betweenness is {graph.graph['betweenness']}." if is_estimated(graph) else "")
    )
    if on_map:
        sentences.append(ATTRIBUTION)
    return " ".join(sentence for sentence in sentences if sentence)


def is_estimated(graph: nx.Graph[Node]) -> bool:
    """Whether the graph's betweenness is estimated from a sample (``add_measures`` says so)."""
    return "estimated" in str(graph.graph.get("betweenness", ""))


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of a ``#RRGGBB`` colour.

    >>> rgb("#0072B2")
    (0, 114, 178)
    """
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _check_measured(graph: nx.Graph[Node]) -> None:
    for node, attributes in graph.nodes(data=True):
        missing = [measure for measure in MEASURES if measure not in attributes]
        if missing:
            raise ValueError(
                f"node {node!r} has no {' or '.join(missing)}: draw a graph with its measures"
                " (view_network adds them unless measures=False; else s3graph.add_measures(graph))"
            )
