"""The still picture of a view (PNG or SVG), drawn with matplotlib like the HTML page."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, BinaryIO, Literal

from .layout import Node, Outline
from .style import Style

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

MARKERS = {"dot": "o", "diamond": "D", "triangle": "^"}
"""matplotlib's marker for each node shape of ``style.SHAPES``."""
LABELLED_MAX = 30
"""A picture names this many of its largest nodes."""
PICTURE_DPI = 150
"""Dots per inch of every PNG s3graph draws: views, maps and charts."""


def draw_picture(
    graph: nx.Graph[Node], style: Style[Node], file: BinaryIO, fmt: Literal["png", "svg"]
) -> None:
    """Draw the view into ``file`` as PNG or SVG: same layout, colours and legend as the page.

    The same view gives the same SVG file (no creation date, fixed ids).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    positions = style.positions
    figure = Figure(figsize=(12, 9), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    if style.outlines:
        draw_outlines(axes, style.outlines)
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
    largest = max(style.sizes.values(), default=1.0) or 1.0
    for shape in sorted(set(style.shapes.values())):
        nodes = [node for node in graph if style.shapes[node] == shape]
        axes.scatter(
            [positions[node][0] for node in nodes],
            [-positions[node][1] for node in nodes],
            s=[(30 + 400 * style.sizes[node] / largest) * crowd for node in nodes],
            c=[style.colours[node] for node in nodes],
            marker=MARKERS.get(shape, "o"),
            edgecolors="#1F2328",
            linewidths=0.5,
            zorder=2,
        )
    labels = []
    for node in sorted(graph, key=lambda node: (-style.sizes[node], str(node)))[:LABELLED_MAX]:
        x, y = positions[node]
        labels.append(
            axes.annotate(
                str(graph.nodes[node].get("label", node)),
                (x, -y),
                xytext=(0, 4 + 8 * math.sqrt(style.sizes[node] / largest)),
                textcoords="offset points",
                fontsize=7,
                ha="center",
                va="bottom",
                zorder=3,
                parse_math=False,
                bbox={
                    "boxstyle": "round,pad=0.1",
                    "facecolor": "white",
                    "alpha": 0.6,
                    "linewidth": 0,
                },
            )
        )
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=MARKERS.get(entry.shape, "o"),
            markersize=8,
            markerfacecolor=entry.colour,
            markeredgecolor="#1F2328",
            label=f"{entry.label} ({entry.count:,})",
        )
        for section in style.legend
        for entry in section.entries
    ]
    if handles:
        figure.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    figure.suptitle(graph.graph.get("title", "Network"), fontsize=14, x=0.01, ha="left")
    caption = "\n".join(textwrap.wrap(style.caption, 140))
    axes.set_title(caption, fontsize=8, loc="left", color="#57606A")
    keep_clear(figure, labels)
    save_figure(figure, file, fmt)


def save_figure(
    figure: Figure, target: BinaryIO | Path, fmt: str, *, text_as_paths: bool = False
) -> None:
    """Write a figure as PNG or SVG. The same figure gives the same SVG file (no creation
    date, fixed ids); its text stays text unless ``text_as_paths``."""
    from matplotlib import rc_context

    fonttype = "path" if text_as_paths else "none"
    metadata = {"Date": None} if fmt == "svg" else {}
    with rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "s3graph"}):
        figure.savefig(target, format=fmt, dpi=PICTURE_DPI, metadata=metadata)


def draw_outlines(axes: Axes, outlines: Iterable[Outline]) -> None:
    """Fill and stroke outlines given in screen coordinates (y down), under everything else."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    outlines = list(outlines)
    paths = [
        Path.make_compound_path(
            *(Path([(x, -y) for x, y in ring], closed=True) for ring in outline.rings)
        )
        for outline in outlines
    ]
    axes.add_collection(
        PathCollection(
            paths,
            facecolors=[outline.fill for outline in outlines],
            edgecolors=[outline.stroke for outline in outlines],
            linewidths=[0.5 * outline.width for outline in outlines],
            zorder=0,
        ),
        autolim=False,  # the picture frames the nodes; the outlines go beyond
    )


def keep_clear(figure: Figure, texts: Iterable[Text]) -> None:
    """Remove every text that would overlap one before it: the first ones are kept.

    The texts are left out of the page's layout, which is made first, so that their boxes
    are the ones drawn.
    """
    texts = list(texts)
    for text in texts:
        text.set_in_layout(False)
    figure.draw_without_rendering()
    kept: list[Bbox] = []
    for text in texts:
        box = text.get_window_extent()
        if any(box.overlaps(other) for other in kept):
            text.remove()
        else:
            kept.append(box)
