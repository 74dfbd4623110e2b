"""A view written to a file: the HTML page, GraphML, GEXF, Cytoscape JSON, node-link JSON, PNG, SVG.

``write_view`` styles the view once and hands it to the writer of the format, which writes
its content to a binary file: one the caller opened, or the path opened by
``s3graph.output_file.open_output`` (the new file replaces an old one only once complete).
Every format carries the layout, colours and sizes of the page, and every attribute of the
graph (its measures too).
"""

from __future__ import annotations

import json
from functools import partial
from os import PathLike
from typing import TYPE_CHECKING, BinaryIO, Protocol

from ..choices import ColorBy, ExportFormat, Layout, format_of_file
from ..output_file import open_output
from .layout import Node
from .page import styled_page
from .picture import draw_picture
from .style import Style, rgb, style_view

if TYPE_CHECKING:
    import networkx as nx


def write_view(
    graph: nx.Graph[Node],
    target: str | PathLike[str] | BinaryIO,
    *,
    fmt: ExportFormat | str | None = None,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
    seed: int = 1,
) -> None:
    """Write a view to a file; only that file is written.

    Args:
        graph: a view whose nodes carry their measures (``s3graph.view_network`` adds them).
        target: the file to write: a path (``open_output``), or a file open for bytes.
        fmt: the file format [default: from the suffix of a path (``format_of``), else
            HTML].
        color_by: colour nodes by platform, country or community.
        layout: ``force`` or ``map`` (nodes at their coordinates).
        seed: seed of the force layout.

    Raises:
        ValueError: a node has no measures.
        OutputError: the path cannot be written; a file there is left as it was.
    """
    named = isinstance(target, (str, PathLike))
    writer = _WRITERS[ExportFormat(fmt) if fmt else format_of(str(target) if named else "")]
    style = style_view(graph, color_by=color_by, layout=layout, seed=seed)
    if isinstance(target, (str, PathLike)):
        with open_output(target) as file:
            writer(graph, style, file)
    else:
        writer(graph, style, target)


def format_of(path: str | PathLike[str]) -> ExportFormat:
    """The export format a file name asks for, HTML when its suffix names none.

    >>> format_of("overlap.GEXF"), format_of("regions.htm"), format_of("regions")
    (<ExportFormat.GEXF: 'gexf'>, <ExportFormat.HTML: 'html'>, <ExportFormat.HTML: 'html'>)
    """
    return format_of_file(path, ExportFormat)


def _write_html(graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None:
    file.write(styled_page(graph, style).html().encode("utf-8"))


def _write_graphml(graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None:
    """GraphML with every attribute plus ``x``, ``y``, ``size`` and ``color``."""
    import networkx as nx

    nx.write_graphml(_exportable(graph, style), file)


def _write_gexf(graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None:
    """GEXF (Gephi) with every attribute and the layout, colours and sizes as ``viz``."""
    import networkx as nx

    exported = _exportable(graph, style)
    for node, attributes in exported.nodes(data=True):
        x, y = style.positions[node]
        red, green, blue = rgb(style.colours[node])
        attributes["viz"] = {
            "position": {"x": x, "y": -y, "z": 0.0},
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": attributes["size"],
        }
    nx.write_gexf(exported, file)


def _write_cyjs(graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None:
    """Cytoscape JSON (``cytoscape_data``) with node positions and colours."""
    import networkx as nx

    data = nx.cytoscape_data(_exportable(graph, style))
    for element in data["elements"]["nodes"]:
        element["position"] = {"x": element["data"]["x"], "y": element["data"]["y"]}
    _write_json(data, file)


def _write_node_link(graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None:
    """networkx node-link JSON, lists kept, with ``x``, ``y``, ``size`` and ``color``."""
    import networkx as nx

    _write_json(nx.node_link_data(_styled_copy(graph, style), edges="edges"), file)


def _write_json(data: object, file: BinaryIO) -> None:
    file.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _styled_copy(graph: nx.Graph[Node], style: Style[Node]) -> nx.Graph[Node]:
    copy = graph.copy()
    for node, attributes in copy.nodes(data=True):
        x, y = style.positions[node]
        attributes.update(x=x, y=y, size=style.sizes[node], color=style.colours[node])
    return copy


def _exportable(graph: nx.Graph[Node], style: Style[Node]) -> nx.Graph[Node]:
    """A styled copy that GraphML and GEXF can hold: lists joined with ``; ``, no ``None``."""
    copy = _styled_copy(graph, style)
    attribute_sets = [
        copy.graph,
        *(attributes for _, attributes in copy.nodes(data=True)),
        *(attributes for *_, attributes in copy.edges(data=True)),
    ]
    for attributes in attribute_sets:
        for key, value in list(attributes.items()):
            if value is None:
                del attributes[key]
            elif isinstance(value, (list, tuple, set)):
                attributes[key] = "; ".join(map(str, value))
            elif not isinstance(value, (str, int, float, bool)):
                attributes[key] = str(value)
    return copy


class _Writer(Protocol):
    def __call__(self, graph: nx.Graph[Node], style: Style[Node], file: BinaryIO) -> None: ...


_WRITERS: dict[ExportFormat, _Writer] = {
    ExportFormat.HTML: _write_html,
    ExportFormat.GRAPHML: _write_graphml,
    ExportFormat.GEXF: _write_gexf,
    ExportFormat.CYJS: _write_cyjs,
    ExportFormat.JSON: _write_node_link,
    ExportFormat.PNG: partial(draw_picture, fmt="png"),
    ExportFormat.SVG: partial(draw_picture, fmt="svg"),
}
