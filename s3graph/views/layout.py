"""Where the nodes of a view are drawn: a force layout, or a map of their coordinates.

Positions are screen coordinates (y grows downwards), the same for the HTML page, the still
picture and the exported files. They are computed here, in Python, so the page has physics off
and stands still as soon as it is drawn: vis-network needs about 0.1 s per physics step on a
2,000-node, 20,000-edge view in headless Chromium, far too slow to lay it out there.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from ..choices import Layout

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray

Node = TypeVar("Node", bound=Hashable)
Point = tuple[float, float]

SPRING_LAYOUT_MAX_NODES = 500
"""Larger graphs are laid out community by community (``_force_layout``)."""
NODE_SPACING = 60.0
"""A group of n nodes is laid out in a circle of radius ``NODE_SPACING * sqrt(n - 1)``."""
GROUP_SPACING = 40.0
"""The gap between the circles of two groups."""
MAP_UNITS_PER_KM = 0.25
"""Screen units per kilometre on the map."""


@dataclass(frozen=True)
class Outline:
    """A shape drawn under the network, such as a country's border under the map layout.

    ``rings`` are closed rings of points in the view's coordinates (``map_position`` places
    a longitude and latitude); a ring inside another is a hole.
    """

    rings: list[list[Point]]
    fill: str = "#F6F8FA"
    stroke: str = "#D0D7DE"
    width: float = 1.0


COUNTRY_FILL, COUNTRY_STROKE = "#EEF1F4", "#AFB8C1"
"""The countries under the map layout; the frames of the insets are stroked alike."""


def node_positions(
    graph: nx.Graph[Node], layout: Layout | str = Layout.FORCE, *, seed: int = 1
) -> dict[Node, Point]:
    """Screen positions for a force layout or a map of coordinates.

    The force layout is networkx's spring layout, seeded; a graph of more than
    ``SPRING_LAYOUT_MAX_NODES`` nodes is laid out community by community, from the
    ``community`` of every node (``s3graph.add_measures``). On the map, nodes sit at their
    ``lat``/``lon`` (``map_position``); nodes at the same point are spread on a small circle,
    and nodes without coordinates are placed in a row below the map.
    """
    if not len(graph):
        return {}
    if Layout(layout) is Layout.FORCE:
        return _force_layout(graph, seed)
    placed: dict[Node, Point] = {}
    at_point: dict[Point, list[Node]] = {}
    for node, attributes in graph.nodes(data=True):
        if attributes.get("lat") is not None and attributes.get("lon") is not None:
            x, y = map_position(attributes["lat"], attributes["lon"])
            at_point.setdefault((round(x, 1), round(y, 1)), []).append(node)
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


def map_position(lat: float, lon: float) -> Point:
    """The screen position of a point on the map, in the projection of ``s3graph map``.

    Eurostat's equal-area projection (EPSG:3035), the outermost regions in their insets
    (``s3graph.boundaries``), ``MAP_UNITS_PER_KM`` screen units a kilometre. Anything drawn
    under the map layout (``Outline``, ``country_outlines``) is placed with it too.

    >>> [round(coordinate, 1) for coordinate in map_position(50.0, 10.0)]
    [1080.2, -746.9]
    """
    from ..boundaries import project_point

    x, y = project_point(lon, lat)
    return x * MAP_UNITS_PER_KM, -y * MAP_UNITS_PER_KM


@cache
def country_outlines() -> tuple[Outline, ...]:
    """The countries of the bundled boundaries and the frames of their insets, placed as
    ``map_position`` places points: what the map layout draws under the network."""
    from ..boundaries import INSETS, country_shapes

    scale = (MAP_UNITS_PER_KM, -MAP_UNITS_PER_KM)
    countries = [
        Outline(
            [(ring * scale).round(1).tolist() for ring in shape.rings],
            fill=COUNTRY_FILL,
            stroke=COUNTRY_STROKE,
        )
        for shape in country_shapes().values()
    ]
    frames = []
    for inset in INSETS:
        left, bottom, width, height = (MAP_UNITS_PER_KM * side for side in inset.box)
        corners = [(left, -bottom), (left + width, -bottom), (left + width, -bottom - height)]
        frame = [[*corners, (left, -bottom - height)]]
        frames.append(Outline(frame, fill="#FFFFFF00", stroke=COUNTRY_STROKE))
    return (*countries, *frames)


def _force_layout(graph: nx.Graph[Node], seed: int) -> dict[Node, Point]:
    """A force layout that stays fast on thousands of nodes.

    The graph is cut into groups: its connected components, or above
    ``SPRING_LAYOUT_MAX_NODES`` nodes its communities (the ``community`` attribute). Each
    group gets a spring layout (``_spring_positions``) inside a circle sized by its node
    count; the circles are placed by a spring layout of the graph of groups (edge weights
    summed) and pushed apart until none overlap.
    """
    import networkx as nx
    import numpy as np

    groups: list[set[Node]]
    if len(graph) <= SPRING_LAYOUT_MAX_NODES:
        groups = list(nx.connected_components(graph))
    else:
        by_community: dict[object, set[Node]] = {}
        for node, attributes in graph.nodes(data=True):
            by_community.setdefault(attributes["community"], set()).add(node)
        groups = list(by_community.values())
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
    placed: dict[Node, Point] = {}
    for nodes, adjacency, radius, (x0, y0) in zip(ordered, inside, radii, centres, strict=True):
        points = _spring_positions(adjacency, seed=seed, iterations=steps) * radius
        placed.update(
            (node, (x0 + x, y0 - y))
            for node, x, y in zip(nodes, points.real.tolist(), points.imag.tolist(), strict=True)
        )
    return placed


def _spring_positions(
    adjacency: NDArray[np.float64], *, seed: int = 1, iterations: int = 50
) -> NDArray[np.complex128]:
    """Fruchterman-Reingold positions of a weighted adjacency matrix, as complex numbers.

    The algorithm of networkx's ``spring_layout`` (ideal distance ``sqrt(1 / n)``, a
    temperature that falls from a tenth of the unit square to nothing, seeded random start),
    centred on 0 and scaled so that the farthest coordinate is 1. It runs on complex
    coordinates, a few n-by-n arrays per step: about four times faster than networkx's, whose
    spring layout also turns to a much slower sparse version from 500 nodes on.

    >>> import numpy as np
    >>> points = _spring_positions(np.array([[0.0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    >>> bool(abs(points.mean()) < 1e-9), float(np.abs(np.r_[points.real, points.imag]).max())
    (True, 1.0)
    """
    import numpy as np

    count = len(adjacency)
    random = np.random.default_rng(seed)
    points: NDArray[np.complex128] = random.random(count) + 1j * random.random(count)
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
    if reach > 0:
        points /= reach
    return points


def _group_centres(
    between: NDArray[np.float64], radii: NDArray[np.float64], seed: int
) -> NDArray[np.float64]:
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
