"""The interactive HTML page of a view: one self-contained file drawn by vis-network.

The page is s3graph's own template (``assets/page.html``) with vis-network's script and style
inlined, so it opens offline: a title, a caption that says what is shown and how many nodes and
edges, a legend, tooltips, and optionally a background of outlines drawn under the network
(country borders under a map). Every label and tooltip value is escaped: data never becomes
markup or script. The nodes and edges are vis-network's own options, made here in one pass
(drawing libraries that check each new node or edge against the earlier ones are quadratic).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..choices import ColorBy, Layout
from .layout import Node, Outline
from .style import KIND_NAMES, LegendSection, Style, is_estimated, rgb, style_view

if TYPE_CHECKING:
    import networkx as nx
    from jinja2 import Template

TOOLTIP_LIST_MAX = 8
TOOLTIP_SOURCES_MAX = 4
LARGE_VIEW_EDGES = 2_000
"""From this many edges on, edges are hidden while dragging or zooming."""

VisItem = dict[str, object]
"""A vis-network node or edge: its options, as the page hands them to ``vis.DataSet``."""


@dataclass(frozen=True)
class ViewPage:
    """A view as an interactive page: vis-network's nodes, edges and options, and their text.

    ``html()`` gives the page; in Jupyter the page shows itself in a frame of its own.
    """

    title: str
    caption: str
    legend: list[LegendSection]
    nodes: list[VisItem]
    edges: list[VisItem]
    options: dict[str, object]
    background: list[Outline] = field(default_factory=list)
    height: str = "640px"

    def html(self, *, fragment: bool = False, nonce: str | None = None) -> str:
        """The page as HTML.

        Args:
            fragment: a ``<div>`` to put in another page, ``height`` high.
            nonce: a nonce that every script and style element carries, for a page served
                under a Content-Security-Policy that allows only them (``script-src
                'nonce-...'``).
        """
        ids = json.dumps([node["id"] for node in self.nodes]) + str(len(self.edges))
        return _template().render(
            nonce=nonce,
            title=self.title,
            caption=self.caption,
            legend=self.legend,
            nodes=self.nodes,
            edges=self.edges,
            options=self.options,
            background=[asdict(outline) for outline in self.background],
            height=self.height,
            fragment=fragment,
            view_id="s3graph-" + hashlib.sha256(ids.encode()).hexdigest()[:10],
            vis_js=_asset("vis-network.min.js"),
            vis_css=_asset("vis-network.min.css"),
        )

    def _repr_html_(self) -> str:
        """The page in a frame of its own, as Jupyter shows it: apart from the notebook's page."""
        return (
            f'<iframe srcdoc="{html.escape(self.html())}" title="{html.escape(self.title)}"'
            f' style="width: 100%; height: {html.escape(self.height)}; border: 0"></iframe>'
        )


def view_page(
    graph: nx.Graph[Node],
    *,
    color_by: ColorBy | str = ColorBy.PLATFORM,
    layout: Layout | str = Layout.FORCE,
    seed: int = 1,
    title: str | None = None,
    height: str = "640px",
    background: Sequence[Outline] = (),
) -> ViewPage:
    """The interactive page of a view.

    Args:
        graph: a view from ``s3graph.view_network`` (any networkx graph whose nodes carry
            the measures of ``s3graph.add_measures`` works; ``label`` names a node).
        color_by: colour nodes by platform, country or community.
        layout: ``force`` or ``map`` (regions at their coordinates).
        seed: seed of the force layout.
        title: the page title [default: the view's title].
        height: the height of the drawing in a notebook or another page.
        background: outlines drawn under the network [default: the countries' outlines
            under the map layout, nothing under the force layout].

    Raises:
        ValueError: a node has no measures.
    """
    style = style_view(graph, color_by=color_by, layout=layout, seed=seed)
    return styled_page(graph, style, title=title, height=height, background=background)


def styled_page(
    graph: nx.Graph[Node],
    style: Style[Node],
    *,
    title: str | None = None,
    height: str = "640px",
    background: Sequence[Outline] = (),
) -> ViewPage:
    """The interactive page of a view styled by ``style_view``."""
    estimated = is_estimated(graph)
    nodes: dict[str, VisItem] = {}
    for node, attributes in graph.nodes(data=True):
        key = str(node)
        if key in nodes:
            continue  # two nodes that print alike: vis-network takes one id once
        colour = style.colours[node]
        x, y = style.positions[node]
        options: VisItem = {
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
        nodes[key] = options
    # each end's name is escaped once, not once for each of its edges
    names = {
        node: _bold(str(label) or str(node))
        for node, label in graph.nodes(data="label", default="")
    }
    graph_edges = list(graph.edges(data=True))
    weights = [attributes.get("weight", 1) for *_, attributes in graph_edges]
    lightest, heaviest = min(weights, default=1), max(weights, default=1)
    edges: list[VisItem] = [
        {
            "id": f"edge:{index}",
            "from": str(a),
            "to": str(b),
            "width": _edge_width(weight, lightest, heaviest),
            "title": _edge_tooltip(f"{names[a]} &ndash; {names[b]}", attributes),
        }
        for index, ((a, b, attributes), weight) in enumerate(zip(graph_edges, weights, strict=True))
    ]
    return ViewPage(
        title=title or graph.graph.get("title") or "Network",
        caption=style.caption,
        legend=style.legend,
        nodes=list(nodes.values()),
        edges=edges,
        options=_vis_options(len(graph), graph.number_of_edges()),
        background=list(background or style.outlines),
        height=height,
    )


def node_tooltip(attributes: dict[str, object], *, estimated: bool = False) -> str:
    """A node's tooltip as HTML, every value escaped; ``estimated`` marks betweenness so."""
    escape = _escaped
    kind = str(attributes.get("kind", ""))
    lines = [
        f"<b>{escape(str(attributes.get('label', '')))}</b> "
        f"<span class='code'>{escape(str(attributes.get('code', '')))}</span>"
    ]
    facts: list[object] = [KIND_NAMES.get(kind, kind.capitalize())] if kind else []
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
        items = _listed(attributes.get(key))
        if items:
            lines.append(f"{heading} ({len(items)}):" + _html_list(items))
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
    sources = _strings(attributes.get("sources"))
    if sources:
        lines.append("Sources: " + _html_links(sources))
    return "<br>".join(line for line in lines if line)


def edge_tooltip(first: str, second: str, attributes: dict[str, object]) -> str:
    """An edge's tooltip as HTML, every value escaped."""
    return _edge_tooltip(f"{_bold(first)} &ndash; {_bold(second)}", attributes)


def _edge_tooltip(heading: str, attributes: dict[str, object]) -> str:
    """An edge's tooltip under ``heading``, its two ends' names already escaped."""
    escape = _escaped
    relation = str(attributes.get("relation", ""))
    if relation == "membership":
        years = f" ({attributes['years']})" if attributes.get("years") else ""
        text = heading + "<br>" + escape(f"role: {attributes.get('role', '')}{years}")
        sources = _strings(attributes.get("sources"))
        if sources:
            text += "<br>Sources: " + _html_links(sources)
        return text
    shared = _listed(attributes.get("shared"))
    if shared:
        what = "partnerships" if relation == "co-membership" else "regions"
        return (
            heading
            + f"<br>{escape(str(attributes.get('weight', '')))} shared {what}:"
            + _html_list(shared)
        )
    return heading + (f"<br>{escape(relation)}" if relation else "")


def _vis_options(nodes: int, edges: int) -> dict[str, object]:
    large = edges >= LARGE_VIEW_EDGES
    return {
        "nodes": {
            "borderWidth": 1,
            # the page draws the labels itself, none overlapping another (assets/page.html)
            "font": {"size": 0},
            "scaling": {
                "min": 6 if nodes > 300 else 10,
                "max": 30 if nodes > 300 else 42,
                "label": {"enabled": False},
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


def _strings(value: object) -> list[str]:
    """A list attribute (partnerships, members, sources) as strings; nothing for no list."""
    return list(map(str, _listed(value)))


def _listed(value: object) -> Sequence[object]:
    """A list attribute as it is (``_html_list`` prints only its first items); else nothing."""
    return value if isinstance(value, (list, tuple)) else ()


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    """``html.escape`` (quotes too), remembered: views repeat the same labels many times."""
    return html.escape(text)


@lru_cache(maxsize=1 << 16)
def _bold(text: str) -> str:
    return f"<b>{_escaped(text)}</b>"


@lru_cache(maxsize=1 << 16)
def _list_item(text: str) -> str:
    return f"<li>{_escaped(text)}</li>"


def _html_list(items: Sequence[object]) -> str:
    shown = "".join(map(_list_item, map(str, items[:TOOLTIP_LIST_MAX])))
    more = len(items) - TOOLTIP_LIST_MAX
    tail = f"<li class='more'>and {more} more</li>" if more > 0 else ""
    return f"<ul>{shown}{tail}</ul>"


def _html_links(urls: list[str]) -> str:
    """Links for web addresses (http and https only), plain escaped text for anything else."""
    more = len(urls) - TOOLTIP_SOURCES_MAX
    links = ", ".join(map(_html_link, urls[:TOOLTIP_SOURCES_MAX]))
    return links + (f" and {more} more" if more > 0 else "")


@lru_cache(maxsize=1 << 16)
def _html_link(url: str) -> str:
    """One source as a link, remembered: many nodes cite the same sources."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return (
            f'<a href="{html.escape(url, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer">{html.escape(parts.netloc)}</a>'
        )
    return html.escape(url)


@lru_cache(maxsize=256)
def _darker(colour: str) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(part * 0.7) for part in rgb(colour)))


@lru_cache(maxsize=1)
def _template() -> Template:
    from jinja2 import Environment, PackageLoader

    environment = Environment(loader=PackageLoader("s3graph.views", "assets"), autoescape=True)
    return environment.get_template("page.html")


@cache
def _asset(name: str) -> str:
    return files("s3graph.views").joinpath("assets", name).read_text(encoding="utf-8")
