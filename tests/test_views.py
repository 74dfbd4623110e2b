"""Views of networkx graphs: the page, the picture, and the exported files."""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import networkx as nx
import pytest
from matplotlib.path import Path as MplPath

import s3graph
from s3graph.boundaries import INSETS, country_shapes
from s3graph.choices import ColorBy, ExportFormat, Layout
from s3graph.views import Outline, ViewPage, format_of, view_page, write_view
from s3graph.views.layout import (
    COUNTRY_FILL,
    SPRING_LAYOUT_MAX_NODES,
    map_position,
    node_positions,
)
from s3graph.views.page import edge_tooltip, node_tooltip
from s3graph.views.style import node_colours

HOSTILE = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '"><svg onload="window.pwned = 3">',
    "$x^2$ & {{ seven }}",
]


def hostile_graph() -> nx.Graph:
    """A small view whose every label, code and source tries to become markup."""
    graph = nx.Graph(
        view="region-network",
        title="<script>window.pwned = 4</script>Title",
        description='<img src=x onerror="window.pwned = 5">',
        filters="<b>bold</b>",
    )
    for index, text in enumerate(HOSTILE):
        graph.add_node(
            f"region:R{index}",
            kind="region",
            code=text,
            label=text,
            country=text,
            platform="energy",
            level=2,
            partnerships=[f"{text}: lead"],
            sources=["javascript:window.pwned = 6", f"https://example.org/?q={text}"],
        )
    nodes = list(graph)
    for first, second in itertools.pairwise(nodes):
        graph.add_edge(first, second, weight=2, relation="co-membership", shared=HOSTILE[:2])
    return s3graph.add_measures(graph)


@pytest.fixture(scope="module")
def region_graph(built_store: s3graph.Store) -> nx.Graph:
    return s3graph.region_network(built_store)


def node_of(page: ViewPage, key: str) -> dict[str, object]:
    """The vis-network options of one node of a page."""
    return next(node for node in page.nodes if node["id"] == key)


def test_view_page_builds_every_node_and_edge(region_graph: nx.Graph) -> None:
    page = view_page(region_graph)
    assert len(page.nodes) == region_graph.number_of_nodes()
    assert len(page.edges) == region_graph.number_of_edges()
    aragon = node_of(page, "region:ES24")
    assert aragon["label"] == "Aragón"
    assert {"x", "y", "title", "value", "color"} <= set(aragon)
    assert page.options["physics"] == {"enabled": False}  # laid out already: still page
    assert page.title == "Region co-membership network"


def test_large_views_are_laid_out_by_community_without_overlaps() -> None:
    graph = nx.relaxed_caveman_graph(SPRING_LAYOUT_MAX_NODES // 20 + 5, 20, 0.05, seed=1)
    graph = nx.relabel_nodes(graph, {node: f"region:{node}" for node in graph})
    s3graph.add_measures(graph)
    positions = node_positions(graph, Layout.FORCE)
    assert len(set(positions.values())) == len(graph) > SPRING_LAYOUT_MAX_NODES
    centres = {}
    for community in {c for _, c in graph.nodes(data="community")}:
        members = [positions[n] for n, c in graph.nodes(data="community") if c == community]
        centres[community] = (
            sum(x for x, _ in members) / len(members),
            sum(y for _, y in members) / len(members),
        )
    spread = {  # each community sits together, nearer its own centre than any other
        node: min(centres, key=lambda c: math.dist(centres[c], positions[node])) == community
        for node, community in graph.nodes(data="community")
    }
    assert sum(spread.values()) > 0.95 * len(graph)
    page = view_page(graph)
    assert page.options["physics"] == {"enabled": False}  # the page stands still at once
    assert all({"x", "y"} <= set(node) for node in page.nodes)


def test_tooltips_say_when_betweenness_is_estimated() -> None:
    graph = s3graph.add_measures(nx.relabel_nodes(nx.path_graph(3), str))
    assert "estimated" not in str(node_of(view_page(graph), "1")["title"])
    graph.graph["betweenness"] = "estimated from 2 seeded source nodes"
    assert "betweenness 1.000 (estimated)" in str(node_of(view_page(graph), "1")["title"])
    page = view_page(graph).html()
    assert "Betweenness is estimated from 2 seeded source nodes." in page


def test_page_is_self_contained(region_graph: nx.Graph) -> None:
    page = view_page(region_graph).html()
    assert "vis.Network" in page and "s3graph-view" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # nothing fetched
    assert "cdn." not in page and "bootstrap" not in page.lower()
    assert f"Shown: {region_graph.number_of_nodes()} regions" in page
    assert f"{region_graph.number_of_edges():,} edges" in page


def test_every_label_and_tooltip_is_escaped() -> None:
    page = view_page(hostile_graph()).html()
    for text in HOSTILE[:3]:
        assert text not in page
    assert "window.pwned = 4</script>Title" not in page
    assert "&lt;script&gt;window.pwned = 4&lt;/script&gt;Title" in page  # heading, shown literally
    tooltip = node_tooltip(hostile_graph().nodes["region:R1"])
    assert "<img" not in tooltip and "&lt;img src=x onerror=" in tooltip
    assert 'href="javascript' not in tooltip and "javascript:window.pwned = 6" in tooltip
    assert 'href="https://example.org/?q=&lt;img' in tooltip
    edge = edge_tooltip(
        "<b>a</b>", "b", {"relation": "co-membership", "weight": 2, "shared": HOSTILE}
    )
    assert "<b>a</b>" not in edge and "&lt;script&gt;" in edge


def test_write_view_writes_only_its_file(
    region_graph: nx.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_view(region_graph, "view.html")
    assert os.listdir(tmp_path) == ["view.html"]
    page = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Region co-membership network" in page
    assert page == view_page(region_graph).html()


def test_write_view_into_an_open_file_or_not_at_all(region_graph: nx.Graph, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_view(region_graph, buffer, fmt="gexf")
    assert nx.read_gexf(io.BytesIO(buffer.getvalue())).number_of_nodes() == len(region_graph)
    old = tmp_path / "view.html"
    old.write_text("the old view", encoding="utf-8")
    with pytest.raises(ValueError, match="has no weighted_degree"):
        write_view(nx.path_graph(3), old)
    assert old.read_text(encoding="utf-8") == "the old view"
    assert os.listdir(tmp_path) == ["view.html"]


def test_a_fragment_of_fixed_height_and_a_frame_for_jupyter(region_graph: nx.Graph) -> None:
    page = view_page(region_graph, height="500px")
    fragment = page.html(fragment=True)
    assert "<html" not in fragment and "height: 500px" in fragment
    assert "html, body" not in fragment  # leaves the other page alone
    frame = page._repr_html_()
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "height: 500px" in frame


def test_outlines_are_drawn_under_the_map(region_graph: nx.Graph) -> None:
    spain = [map_position(lat, lon) for lat, lon in [(43.8, -9.3), (36.0, -5.6), (42.4, 3.3)]]
    page = view_page(region_graph, layout="map", background=[Outline([spain], fill="#EEE")])
    assert page.background[0].rings == [spain]
    html = page.html()
    assert '"fill": "#EEE"' in html and 'network.on("beforeDrawing", drawBackground)' in html


def test_the_map_layout_draws_the_countries_under_the_network(region_graph: nx.Graph) -> None:
    page = view_page(region_graph, layout="map")
    countries = [outline for outline in page.background if outline.fill == COUNTRY_FILL]
    assert len(countries) == len(country_shapes())
    assert len(page.background) == len(countries) + len(INSETS)
    spain = countries[list(country_shapes()).index("ES")]
    aragon = next(node for node in page.nodes if node["id"] == "region:ES24")
    point = (aragon["x"], aragon["y"])
    assert any(MplPath(ring).contains_point(point) for ring in spain.rings)  # in one projection
    assert "© EuroGeographics for the administrative boundaries" in page.caption
    assert view_page(region_graph).background == []


def test_keep_clear_leaves_no_two_labels_overlapping() -> None:
    from matplotlib.figure import Figure

    from s3graph.views.picture import keep_clear

    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    texts = [axes.annotate(f"label {n}", (0.5 + 0.01 * n, 0.5)) for n in range(10)]
    texts.append(axes.annotate("far away", (0.1, 0.1)))
    keep_clear(figure, texts)
    kept = [text for text in texts if text.figure is not None]
    assert [text.get_text() for text in kept] == ["label 0", "far away"]
    boxes = [text.get_window_extent() for text in kept]
    assert not boxes[0].overlaps(boxes[1])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_reopen_with_attributes(
    region_graph: nx.Graph, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"view.{fmt}"
    write_view(region_graph, path)
    reopened = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert reopened.number_of_nodes() == region_graph.number_of_nodes()
    assert reopened.number_of_edges() == region_graph.number_of_edges()
    aragon = reopened.nodes["region:ES24"]
    original = region_graph.nodes["region:ES24"]
    assert aragon["label"] == "Aragón"
    for measure in ("degree", "community"):
        assert int(aragon[measure]) == original[measure]
    assert float(aragon["betweenness"]) == pytest.approx(original["betweenness"])
    assert "European Hydrogen Valleys: lead" in aragon["partnerships"]  # a list, joined
    if fmt == "gexf":
        assert set(aragon["viz"]) >= {"position", "color", "size"}
    else:
        assert {"x", "y", "color", "size"} <= set(aragon)
        assert float(reopened.graph["density"]) == pytest.approx(region_graph.graph["density"])


def test_cytoscape_and_node_link_json_reopen(region_graph: nx.Graph, tmp_path: Path) -> None:
    write_view(region_graph, tmp_path / "view.cyjs", fmt=ExportFormat.CYJS, layout=Layout.MAP)
    cytoscape = json.loads((tmp_path / "view.cyjs").read_text(encoding="utf-8"))
    nodes = cytoscape["elements"]["nodes"]
    assert len(nodes) == region_graph.number_of_nodes()
    assert all({"x", "y"} == set(node["position"]) for node in nodes)
    assert nx.cytoscape_graph(cytoscape).number_of_edges() == region_graph.number_of_edges()
    write_view(region_graph, tmp_path / "view.json")
    data = json.loads((tmp_path / "view.json").read_text(encoding="utf-8"))
    reopened = nx.node_link_graph(data, edges="edges")
    assert (
        reopened.nodes["region:ES24"]["partnerships"]
        == (region_graph.nodes["region:ES24"]["partnerships"])
    )


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_images_are_drawn_with_escaped_text(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"view.{fmt}"
    write_view(hostile_graph(), path, fmt=fmt, color_by="community")
    if fmt == "png":
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        return
    svg = ElementTree.parse(path).getroot()  # well-formed despite the labels
    texts = "".join(svg.itertext())
    assert "<script>window.pwned = 1</script>" in texts and "$x^2$" in texts


def test_map_layout_places_regions_by_coordinates(region_graph: nx.Graph) -> None:
    positions = node_positions(region_graph, Layout.MAP)
    andalucia, lappi = positions["region:ES61"], positions["region:FI1D7"]
    assert andalucia[0] < lappi[0]  # west is left
    assert andalucia[1] > lappi[1]  # south is down (screen y grows downwards)
    assert len(set(positions.values())) == len(positions)  # nothing drawn on top of another


def test_colours_and_legends_count_every_node(region_graph: nx.Graph) -> None:
    for color_by in ColorBy:
        colours, legend = node_colours(region_graph, color_by)
        assert set(colours) == set(region_graph)
        assert sum(entry.count for entry in legend) == region_graph.number_of_nodes()
        assert {entry.colour for entry in legend} >= set(colours.values())
    _, platforms = node_colours(region_graph, ColorBy.PLATFORM)
    assert {entry.label for entry in platforms} <= {
        "Agri-food",
        "Energy",
        "Industrial Modernisation",
        "Several platforms",
        "No platform",
    }


def test_format_follows_the_file_suffix(region_graph: nx.Graph, tmp_path: Path) -> None:
    assert format_of(Path("a.GEXF")) is ExportFormat.GEXF
    assert format_of(Path("a.htm")) is ExportFormat.HTML
    assert format_of(Path("a.txt")) is ExportFormat.HTML
    write_view(region_graph, tmp_path / "view.txt", fmt="graphml")  # fmt wins
    assert nx.read_graphml(tmp_path / "view.txt").number_of_nodes() == len(region_graph)


def test_any_networkx_graph_with_its_measures_can_be_drawn(tmp_path: Path) -> None:
    graph = nx.karate_club_graph()
    with pytest.raises(ValueError, match=r"node 0 has no weighted_degree or community: draw a"):
        view_page(graph)  # views compute no measures
    s3graph.add_measures(graph)
    page = view_page(graph, color_by=ColorBy.COMMUNITY)
    assert len(page.nodes) == 34 and node_of(page, "0")["label"] == "0"
    colours = {str(node["color"]) for node in page.nodes}
    assert len(colours) > 1
    rows = s3graph.network_measures(graph).dicts()
    assert rows[0]["node"] == "0" and rows[0]["degree"] == 16
    write_view(graph, tmp_path / "karate.svg")
    assert ElementTree.parse(tmp_path / "karate.svg").getroot().tag.endswith("svg")


@pytest.mark.parametrize("fragment", [False, True])
def test_a_nonce_is_on_every_script_and_style_of_a_page(
    region_graph: nx.Graph, fragment: bool
) -> None:
    page = view_page(region_graph)
    marked = page.html(fragment=fragment, nonce="n0nce")
    elements = re.findall(r"^<(script|style)([^>]*)>", marked, flags=re.MULTILINE)
    assert elements and all(attributes == ' nonce="n0nce"' for _, attributes in elements)
    assert "nonce" not in page.html(fragment=fragment)
