"""The HTML views in a real headless Chromium: drawn completely, without errors, still, safe.

Each test leaves a screenshot in its temporary directory (pytest keeps the last runs').
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from chromium import Chromium, chromium_path
from test_views import HOSTILE, hostile_graph

import s3graph
from s3graph.views import Outline, view_page, write_view
from s3graph.views.layout import COUNTRY_FILL, map_position
from s3graph.views.style import rgb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="needs chromium (apt-get install chromium)"),
]

STILL = "document.querySelector('.s3graph-view').dataset.state === 'still'"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def open_view(browser: Chromium, graph: nx.Graph, path: Path, **style: str) -> None:
    write_view(graph, path, **style)
    browser.open(path)
    browser.wait_for(STILL)


def drawn(browser: Chromium) -> tuple[int, int]:
    """Nodes and edges the vis network holds and has positioned."""
    nodes, edges, positioned = browser.evaluate(
        "[network.body.data.nodes.length, network.body.data.edges.length,"
        " Object.keys(network.getPositions()).length]"
    )
    assert positioned == nodes
    return nodes, edges


def assert_clean(browser: Chromium) -> None:
    assert browser.exceptions == []
    assert browser.console_errors == []
    assert browser.dialogs == []


def test_region_network_draws_every_node_and_edge(
    browser: Chromium, built_store: s3graph.Store, tmp_path: Path
) -> None:
    graph = s3graph.region_network(built_store)
    open_view(browser, graph, tmp_path / "regions.html")
    assert drawn(browser) == (graph.number_of_nodes(), graph.number_of_edges())
    assert browser.evaluate("document.querySelector('h1').textContent") == graph.graph["title"]
    assert "Shown:" in browser.evaluate("document.querySelector('.caption').textContent")
    assert browser.evaluate("document.querySelectorAll('.legend li').length") >= 2
    assert_clean(browser)
    browser.screenshot(tmp_path / "regions.png")


def test_map_layout_keeps_the_regions_where_python_put_them(
    browser: Chromium, built_store: s3graph.Store, tmp_path: Path
) -> None:
    graph = s3graph.bipartite_network(built_store)
    open_view(browser, graph, tmp_path / "map.html", layout="map", color_by="country")
    spain, finland = browser.evaluate(
        "[network.getPositions(['region:ES61'])['region:ES61'],"
        " network.getPositions(['region:FI1D7'])['region:FI1D7']]"
    )
    assert spain["x"] < finland["x"] and spain["y"] > finland["y"]
    assert drawn(browser) == (graph.number_of_nodes(), graph.number_of_edges())
    assert_clean(browser)
    browser.screenshot(tmp_path / "map.png")


def test_hostile_labels_are_shown_as_text_and_never_run(browser: Chromium, tmp_path: Path) -> None:
    graph = hostile_graph()
    open_view(browser, graph, tmp_path / "hostile.html")
    assert drawn(browser) == (graph.number_of_nodes(), graph.number_of_edges())
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.evaluate("document.querySelector('h1').textContent") == graph.graph["title"]
    caption = browser.evaluate("document.querySelector('.caption').textContent")
    assert graph.graph["description"] in caption
    labels = browser.evaluate("network.body.data.nodes.map(node => node.label)")
    assert labels == HOSTILE
    tooltip = browser.evaluate("network.body.data.nodes.get('region:R1').title")
    assert "&lt;img src=x onerror=" in tooltip and "<img" not in tooltip
    # show that tooltip: hover the node
    point = browser.evaluate(
        "network.canvasToDOM(network.getPositions(['region:R1'])['region:R1'])"
    )
    box = browser.evaluate(
        "(() => { const r = document.querySelector('.canvas').getBoundingClientRect();"
        " return {x: r.left, y: r.top}; })()"
    )
    browser.move_mouse(box["x"] + point["x"], box["y"] + point["y"])
    browser.wait_for(
        "(document.querySelector('div.vis-tooltip') || {}).style"
        " && document.querySelector('div.vis-tooltip').style.visibility === 'visible'",
        timeout=5,
    )
    shown = browser.evaluate("document.querySelector('div.vis-tooltip').textContent")
    assert HOSTILE[1] in shown
    assert browser.evaluate("document.querySelectorAll('div.vis-tooltip img').length") == 0
    assert browser.evaluate("document.querySelectorAll('div.vis-tooltip a').length") == 1
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert_clean(browser)
    browser.screenshot(tmp_path / "hostile.png")


def test_large_view_is_drawn_still(browser: Chromium, tmp_path: Path) -> None:
    graph = nx.relaxed_caveman_graph(30, 20, 0.05, seed=1)
    graph = nx.relabel_nodes(graph, {node: f"region:{node}" for node in graph})
    write_view(s3graph.add_measures(graph), tmp_path / "large.html")
    browser.open(tmp_path / "large.html")
    browser.wait_for(STILL, timeout=60)
    assert drawn(browser) == (graph.number_of_nodes(), graph.number_of_edges())
    assert browser.evaluate("network.physics.options.enabled") is False
    before = browser.evaluate("JSON.stringify(network.getPositions())")
    time.sleep(0.3)
    assert browser.evaluate("JSON.stringify(network.getPositions())") == before
    assert_clean(browser)
    browser.screenshot(tmp_path / "large.png")


def test_outlines_are_drawn_under_the_network(browser: Chromium, tmp_path: Path) -> None:
    graph = nx.Graph()
    graph.add_node("region:A", label="A", lat=40.0, lon=0.0)
    graph.add_node("region:B", label="B", lat=60.0, lon=20.0)
    square = [map_position(lat, lon) for lat, lon in [(47, 7), (47, 13), (53, 13), (53, 7)]]
    page = view_page(
        s3graph.add_measures(graph), layout="map", background=[Outline([square], fill="#FF0000")]
    )
    (tmp_path / "outlines.html").write_text(page.html(), encoding="utf-8")
    browser.open(tmp_path / "outlines.html")
    browser.wait_for(STILL)
    x, y = map_position(50, 10)
    red = browser.evaluate(
        f"(() => {{ const p = network.canvasToDOM({{x: {x}, y: {y}}});"
        " const canvas = document.querySelector('.canvas canvas');"
        " const scale = canvas.width / canvas.clientWidth;"
        " return Array.from(canvas.getContext('2d')"
        ".getImageData(p.x * scale, p.y * scale, 1, 1).data); })()"
    )
    assert red == [255, 0, 0, 255]
    assert_clean(browser)


LABELS = "document.querySelector('.s3graph-view').labels"


def assert_labels_apart(labels: list[dict[str, float]]) -> None:
    """No two label boxes (page pixels) intersect."""
    for first, second in itertools.combinations(labels, 2):
        apart = (
            first["right"] <= second["left"]
            or second["right"] <= first["left"]
            or first["bottom"] <= second["top"]
            or second["bottom"] <= first["top"]
        )
        assert apart, (first, second)


def test_map_layout_draws_countries_and_labels_that_never_overlap(
    browser: Chromium, built_store: s3graph.Store, tmp_path: Path
) -> None:
    graph = s3graph.region_network(built_store)
    open_view(browser, graph, tmp_path / "map.html", layout="map", color_by="country")
    labels = browser.evaluate(LABELS)
    assert len(labels) >= 15
    assert_labels_apart(labels)
    hidden = len(labels) < graph.number_of_nodes()
    # Iceland, where no region of the view lies, is drawn as a country
    x, y = map_position(64.9, -18.5)
    iceland = browser.evaluate(
        f"(() => {{ const p = network.canvasToDOM({{x: {x}, y: {y}}});"
        " const canvas = document.querySelector('.canvas canvas');"
        " const scale = canvas.width / canvas.clientWidth;"
        " return Array.from(canvas.getContext('2d')"
        ".getImageData(p.x * scale, p.y * scale, 1, 1).data); })()"
    )
    assert iceland == [*rgb(COUNTRY_FILL), 255]
    browser.screenshot(tmp_path / "map.png")
    # closer in, labels left out for want of room come back, still apart
    browser.evaluate("network.moveTo({scale: network.getScale() * 3}); network.redraw()")
    closer = browser.evaluate(LABELS)
    assert_labels_apart(closer)
    assert not hidden or {label["text"] for label in closer} - {label["text"] for label in labels}
    assert_clean(browser)
    browser.screenshot(tmp_path / "closer.png")
