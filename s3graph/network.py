"""Network projections of the graph as networkx graphs, and their measures.

Every view starts from the membership edges (one SPARQL query, ``membership_edges``) and the
attributes of the nodes involved (``queries/internal/view-*.rq``). The weights of the region
and partnership projections come from sparse matrix algebra, never from a SPARQL self-join,
and ``min_weight`` and ``top_k`` trim that matrix before any networkx graph is built: at 1 M
triples the whole region projection has 590,000 edges, its top 10 per region 19,000. The
region network without a date or a focus is projected, and measured, from the member
regions (``member_regions``, one row a region) while a thread reads its edges and the
regions' facts, which only label its nodes.

The views (``View``):

- ``bipartite``: regions and the partnerships they take part in; an edge is a membership.
- ``region-network``: regions linked by the partnerships they share (weight: how many).
- ``partnership-overlap``: partnerships linked by the member regions they share.
- ``organisations``: organisations, the partnerships they take part in and the regions they
  are based in.

Nodes are keyed ``region:ES24``, ``partnership:im-h2valleys`` and ``organisation:cpmr``, and
carry ``kind``, ``code``, ``label``, ``platform`` (a slug, ``several`` or empty) and, after
``add_measures``, ``degree``, ``weighted_degree``, ``betweenness`` and ``community``. Every edge
has a ``weight`` and a ``relation``. The graph's own attributes name the view and its filters
and hold ``density``.
"""

from __future__ import annotations

import importlib
import math
import random
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .asof import AsOf, undated_note
from .choices import View as View
from .comembership import MembershipEdge, member_regions, membership_edges, shared_matrix
from .errors import UnknownNameError
from .resolve import ANY_NODE, member_filter, resolve
from .results import Results
from .sparql import internal_query
from .store import Store
from .vocabulary import did_you_mean

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray

Node = TypeVar("Node", bound=Hashable)
Row = dict[str, Any]
"""What the store says about one node or membership (``Results.dicts``)."""

BETWEENNESS_BUDGET = 10_000_000
"""How many steps betweenness may take, a step being one source node's pass over the graph's
nodes and edges (20 to 60 ns each here): exact betweenness costs ``nodes * (nodes + edges)``;
a graph that needs more gets betweenness estimated from as many seeded source nodes as the
budget allows. A 2,000-node, 21,000-edge view gets 426 sources (0.3 s); the betweenness of
its 20 top brokers is then off by 4 to 8 % (median), against 10 to 15 % from 100 sources."""
BETWEENNESS_MIN_SAMPLE = 10
BETWEENNESS_BATCH_CELLS = 500_000
"""Sources x nodes that betweenness sweeps at once: arrays of 4 MB, which stay in the cache."""
SEVERAL_PLATFORMS = "several"
PROJECTION_LIBRARIES = ("numpy", "scipy.sparse", "networkx")
"""What a projection imports: about half a second of CPU, which ``view_network`` spends while
the store answers its queries (``importing``)."""


_TITLES = {
    View.BIPARTITE: (
        "Regions and partnerships",
        "Regions linked to the S3 partnerships they take part in.",
    ),
    View.REGION_NETWORK: (
        "Region co-membership network",
        "Regions linked when they take part in the same partnership; "
        "line width is the number of partnerships they share.",
    ),
    View.PARTNERSHIP_OVERLAP: (
        "Partnership overlap",
        "Partnerships linked when they share member regions; "
        "line width is the number of regions they share.",
    ),
    View.ORGANISATIONS: (
        "Organisations",
        "Organisations, the partnerships they take part in and the regions they are based in.",
    ),
}


@dataclass(frozen=True)
class _Selection:
    """What a projection keeps: a platform or area, a country, and the strongest edges."""

    theme: str | None
    country: str | None
    min_weight: int = 1
    top_k: int | None = None


@dataclass(frozen=True)
class _Facts:
    """What the store says about the nodes a view may show, keyed by code or id.

    The regions' facts are read in a thread of their own (``_facts``): the projection of the
    region network needs none of them, and is made while the store answers.
    """

    reading_regions: Future[dict[str, Row]]
    partnerships: dict[str, Row]
    organisations: dict[str, Row]

    @property
    def regions(self) -> dict[str, Row]:
        """The regions' facts, once read (an error in reading them is raised here)."""
        return self.reading_regions.result()


def view_network(
    store: Store,
    view: View | str,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | str | None = None,
    measures: bool = True,
) -> nx.Graph[str]:
    """One network view of the store as a networkx ``Graph``.

    Args:
        store: the store to read.
        view: which view (``View`` or its name, e.g. ``"region-network"``).
        platform: keep partnerships of this platform, by slug or name (``energy``,
            ``Industrial Modernisation``).
        area: keep partnerships of this thematic area, by slug or name (``cci``).
        country: keep members in this country, by NUTS country code or name (``ES``,
            ``España``).
        focus: keep only the neighbourhood of this region, partnership or organisation, by
            code, id or name (``ES24``, ``Aragón``, ``im-h2valleys``). A focus that is not
            itself a node of the view (a partnership in the region network) starts from the
            nodes it is linked to, one step away.
        depth: how many steps from ``focus`` to keep.
        min_weight: drop edges lighter than this.
        top_k: keep only each node's ``top_k`` heaviest edges (an edge stays when it is among
            the heaviest of either end; of equal weights, the neighbour whose key sorts first);
            a backbone for dense graphs.
        as_of: only the memberships active on this date (``s3graph.asof``); the caption
            says how many were counted without dates, and their tooltips say "undated".
        measures: add degree, weighted degree, betweenness and communities (``add_measures``).

    Raises:
        UnknownNameError: a platform, area, country or focus that matches nothing.
        QueryError: ``as_of`` is not a date.

    Example: ``view_network(store, "region-network", focus="ES24")`` is Aragón, the regions
    it shares a partnership with, and the links among them.
    """
    view = View(view)
    libraries = importing(PROJECTION_LIBRARIES)
    chosen = member_filter(store, platform=platform, area=area, country=country)
    platform, area, country = chosen.platform, chosen.area, chosen.country_code
    focus = resolve(store, ANY_NODE, focus).code if focus else None
    date = AsOf.parse(as_of) if as_of is not None else None
    selection = _Selection(platform or area, country, min_weight, top_k)
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="s3graph-view")
    try:
        if view is View.REGION_NETWORK and date is None and not focus:
            graph, edges, facts, found = _region_network_read_aside(
                store,
                reader,
                libraries,
                platform=platform,
                area=area,
                selection=selection,
                measures=measures,
            )
        else:
            edges = membership_edges(
                store,
                platform=platform,
                area=area,
                country=country,
                regions_only=view is View.REGION_NETWORK,  # it shows no organisation
                as_of=date,
            )
            if country and not edges:
                raise _no_member_in(country, platform)
            facts = _facts(store, reader, organisations=view is not View.REGION_NETWORK)
            libraries.join()
            graph, found = _PROJECTIONS[view](edges, facts, selection), None
        _add_attributes(graph, edges, facts)
        facts.reading_regions.result()  # an error met in reading them, if no node needed them
    finally:
        reader.shutdown(wait=True)  # the store is not read once this call has ended
    if focus:
        graph = ego_network(graph, focus, depth=depth, edges=edges)
    title, description = _TITLES[view]
    if date is not None:
        kinds = {key.split(":", 1)[0] for key in graph}
        shown = [edge for edge in edges if _shows(graph, kinds, edge)]
        undated = sum(edge.undated for edge in shown)
        description += " " + undated_note(date, undated=undated, counted=len(shown))
        graph.graph.update(as_of=date.text, undated=undated)
    graph.graph.update(
        view=view.value,
        title=title,
        description=description,
        filters=describe_filters(
            platform=platform,
            area=area,
            country=country,
            focus=focus,
            depth=depth,
            min_weight=min_weight,
            top_k=top_k,
            as_of=date,
        ),
    )
    if measures:
        _set_measures(graph, _measures(graph) if found is None else found)
    return graph


def _region_network_read_aside(
    store: Store,
    reader: ThreadPoolExecutor,
    libraries: threading.Thread,
    *,
    platform: str | None,
    area: str | None,
    selection: _Selection,
    measures: bool,
) -> tuple[nx.Graph[str], list[MembershipEdge], _Facts, _Measures | None]:
    """The region network of ``view_network`` without a date or a focus, and its measures
    (with ``measures``), made while the store reads the membership edges and the regions'
    facts.

    Its nodes and links are those of the member regions (``member_regions``, a query grouped
    by region that takes a quarter of the time of the edges at 1 M triples), which are the
    regions of the region edges; the edges, which only label the nodes, are read by
    ``reader`` meanwhile, and the measures need none of them.
    """
    partnerships = _keyed(store, "view-partnerships", "id")
    regions = member_regions(store, platform=platform, area=area, country=selection.country)
    if selection.country and not regions:
        raise _no_member_in(selection.country, platform)
    reading_edges = reader.submit(
        membership_edges,
        store,
        platform=platform,
        area=area,
        country=selection.country,
        regions_only=True,
    )
    facts = _Facts(reader.submit(_keyed, store, "view-regions", "code"), partnerships, {})
    libraries.join()
    graph = _regions_linked(
        {(region.code, partnership) for region in regions for partnership in region.partnerships},
        facts,
        selection,
    )
    found = _measures(graph) if measures else None
    return graph, reading_edges.result(), facts, found


def importing(modules: Iterable[str]) -> threading.Thread:
    """Import ``modules`` in a thread of their own, started now, and return the thread.

    A view waits for the store's answers (a second at 1 M triples, the store's query process
    working on its own core) before it needs the libraries of its projection; imported in
    the meantime, they cost no time. Join the thread before importing them: no module is
    then imported by two threads at once. A module that fails to import is left to fail
    where it is imported next.
    """

    def load() -> None:
        for name in missing:
            try:
                importlib.import_module(name)
            except ImportError:
                return

    missing = [name for name in modules if name not in sys.modules]
    thread = threading.Thread(target=load, name="s3graph-imports", daemon=True)
    thread.start()
    return thread


def bipartite_network(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | str | None = None,
    measures: bool = True,
) -> nx.Graph[str]:
    """Regions and the partnerships they take part in; options as for ``view_network``."""
    return view_network(
        store,
        View.BIPARTITE,
        platform=platform,
        area=area,
        country=country,
        focus=focus,
        depth=depth,
        min_weight=min_weight,
        top_k=top_k,
        as_of=as_of,
        measures=measures,
    )


def region_network(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | str | None = None,
    measures: bool = True,
) -> nx.Graph[str]:
    """Regions linked by shared partnerships; options as for ``view_network``."""
    return view_network(
        store,
        View.REGION_NETWORK,
        platform=platform,
        area=area,
        country=country,
        focus=focus,
        depth=depth,
        min_weight=min_weight,
        top_k=top_k,
        as_of=as_of,
        measures=measures,
    )


def partnership_overlap_network(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | str | None = None,
    measures: bool = True,
) -> nx.Graph[str]:
    """Partnerships linked by shared member regions; options as for ``view_network``."""
    return view_network(
        store,
        View.PARTNERSHIP_OVERLAP,
        platform=platform,
        area=area,
        country=country,
        focus=focus,
        depth=depth,
        min_weight=min_weight,
        top_k=top_k,
        as_of=as_of,
        measures=measures,
    )


def organisation_network(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | str | None = None,
    measures: bool = True,
) -> nx.Graph[str]:
    """Organisations, their partnerships and home regions; options as for ``view_network``."""
    return view_network(
        store,
        View.ORGANISATIONS,
        platform=platform,
        area=area,
        country=country,
        focus=focus,
        depth=depth,
        min_weight=min_weight,
        top_k=top_k,
        as_of=as_of,
        measures=measures,
    )


def keep_strongest(
    graph: nx.Graph[Node], *, min_weight: int = 1, top_k: int | None = None
) -> nx.Graph[Node]:
    """The graph without edges lighter than ``min_weight`` or outside each node's top ``k``.

    An edge stays when it is among the ``top_k`` heaviest of either end; of equal weights,
    the neighbour whose key (as text) sorts first (``strongest_pairs``). Nodes left without
    edges by the trimming are dropped; nodes that had none stay.

    >>> import networkx as nx
    >>> graph = nx.Graph([("a", "b", {"weight": 3}), ("a", "c", {"weight": 1}),
    ...                   ("c", "d", {"weight": 2})])
    >>> sorted(keep_strongest(graph, min_weight=3).edges)
    [('a', 'b')]
    >>> sorted(keep_strongest(graph, top_k=1).edges)
    [('a', 'b'), ('c', 'd')]
    """
    import numpy as np

    keys = sorted(graph, key=str)
    index = {node: position for position, node in enumerate(keys)}
    edges = list(graph.edges(data="weight", default=1))
    first = np.array([index[a] for a, _, _ in edges], dtype=np.intp)
    second = np.array([index[b] for _, b, _ in edges], dtype=np.intp)
    weight = np.array([weight for *_, weight in edges])
    low, high, _ = strongest_pairs(
        np.r_[first, second],
        np.r_[second, first],
        np.r_[weight, weight],
        keys=len(keys),
        min_weight=min_weight,
        top_k=top_k,
    )
    strongest = set(zip(low.tolist(), high.tolist(), strict=True))
    kept = graph.copy()
    kept.remove_edges_from(
        [
            (a, b)
            for (a, b, _), one, other in zip(edges, first.tolist(), second.tolist(), strict=True)
            if (min(one, other), max(one, other)) not in strongest
        ]
    )
    kept.remove_nodes_from([node for node in graph if graph.degree(node) and not kept.degree(node)])
    return kept


def strongest_pairs(
    first: NDArray[np.intp],
    second: NDArray[np.intp],
    weight: NDArray[Any],
    *,
    keys: int,
    min_weight: int = 1,
    top_k: int | None = None,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[Any]]:
    """The rule of the strongest edges, on the edges of ``keys`` keys numbered in key order.

    Each edge is given both ways round (``first[i]``, ``second[i]``, ``weight[i]``). An edge
    stays when it weighs at least ``min_weight`` and, with ``top_k``, is among the ``top_k``
    heaviest edges of either end, the edges of one end ranked heaviest first, then by the
    other end's number. Returns the kept edges once each, as ``(low, high, weight)`` arrays
    in the order of ``(low, high)``.

    >>> import numpy as np
    >>> low, high, weight = strongest_pairs(np.array([0, 1, 1, 2]), np.array([1, 0, 2, 1]),
    ...                                     np.array([1, 1, 2, 2]), keys=3, top_k=1)
    >>> low.tolist(), high.tolist(), weight.tolist()
    ([0, 1], [1, 2], [1, 2])
    """
    import numpy as np

    heavy = weight >= min_weight
    first, second, weight = first[heavy], second[heavy], weight[heavy]
    if top_k is not None and len(weight):
        # by end, heaviest first, then by the other end: one sort of one number (four times
        # faster than a lexsort of three keys on the 1.2 M of a 1 M-triple region view)
        if np.issubdtype(weight.dtype, np.integer):
            heavier, levels = weight.max() - weight, int(weight.max() - weight.min()) + 1
        else:
            distinct, heavier = np.unique(-weight, return_inverse=True)
            levels = len(distinct)
        level = first.astype(np.int64) * levels + heavier
        if keys * levels <= len(weight):
            # Only an edge with fewer than top_k heavier edges at its end can rank among
            # them: counted by end and weight, the others are left out before the sort
            # (of the 1.2 M of a 1 M-triple region view, 1 in 20 is sorted).
            by_level = np.bincount(level, minlength=keys * levels).reshape(keys, levels)
            heavier_edges = np.cumsum(by_level, axis=1) - by_level
            candidate = heavier_edges.ravel()[level] < top_k
            first, second, weight = first[candidate], second[candidate], weight[candidate]
            level = level[candidate]
        order = np.argsort(level * keys + second)
        first, second, weight = first[order], second[order], weight[order]
        rank = np.arange(len(first)) - np.searchsorted(first, np.arange(keys))[first]
        strongest = rank < top_k
        first, second, weight = first[strongest], second[strongest], weight[strongest]
    low, high = np.minimum(first, second), np.maximum(first, second)
    _, once = np.unique(low.astype(np.int64) * keys + high, return_index=True)
    return low[once], high[once], weight[once]


def ego_network(
    graph: nx.Graph[str], focus: str, *, depth: int = 1, edges: Iterable[MembershipEdge] = ()
) -> nx.Graph[str]:
    """The part of ``graph`` within ``depth`` steps of ``focus``.

    Args:
        graph: a view from ``view_network``.
        focus: a node key (``region:ES24``) or code (``ES24``, ``im-h2valleys``, any case).
        depth: steps to keep (1: the focus and its neighbours).
        edges: the membership edges the view was made from; with them a focus that is not a
            node of the view starts from the nodes it is linked to by a membership.

    Raises:
        UnknownNameError: the focus is neither a node nor a member or partnership.
    """
    import networkx as nx

    wanted = focus.strip().lower()
    nodes = [node for node in graph if _is_named(node, wanted)]
    if nodes:
        sources, steps = set(nodes), depth
    else:
        linked = {
            other
            for edge in edges
            for named, other in _membership_ends(edge)
            if _is_named(named, wanted)
        }
        sources, steps = {node for node in linked if node in graph}, depth - 1
        if not sources:
            raise UnknownNameError(_unknown_focus(focus, graph, edges))
    # Steps are counted edge by edge: an edge's weight is how many partnerships it stands for,
    # not a length.
    distances = nx.multi_source_dijkstra_path_length(
        graph, sources, cutoff=steps, weight=lambda *_: 1
    )
    ego = graph.subgraph(distances).copy()
    for node in nodes:
        ego.nodes[node]["focus"] = True
    return ego


def add_measures(graph: nx.Graph[Node], *, seed: int = 1) -> nx.Graph[Node]:
    """Add degree, weighted degree, betweenness, community and density to ``graph``.

    Betweenness is networkx's ``betweenness_centrality(graph, k=sample, seed=seed)``
    (normalised, edge weights ignored), computed many sources at a time (``betweenness``).
    It is exact while it fits ``BETWEENNESS_BUDGET``; above, it is estimated from a sample of
    source nodes drawn with ``seed`` (as many as the budget allows, at least
    ``BETWEENNESS_MIN_SAMPLE``), and the graph's ``betweenness`` attribute says so.
    Communities are networkx's Louvain on the edge weights with ``seed``, numbered from 1 by
    size. Both depend only on the graph and its node order. Returns the same graph.
    """
    return _set_measures(graph, _measures(graph, seed=seed))


@dataclass(frozen=True)
class _Measures:
    """What ``add_measures`` adds to a graph, by node and for the whole graph."""

    degree: dict[Any, int]
    weighted_degree: dict[Any, float]
    betweenness: dict[Any, float]
    community: dict[Any, int]
    density: float
    communities: int
    sample: int | None


def _measures(graph: nx.Graph[Node], *, seed: int = 1) -> _Measures:
    """The measures of ``add_measures``, which depend only on the nodes and edges of
    ``graph`` and their order."""
    import networkx as nx

    sample = betweenness_sample(graph)
    sources = None if sample is None else random.Random(seed).sample(list(graph), sample)
    centrality = betweenness(graph, sources)
    communities = sorted(
        nx.community.louvain_communities(graph, weight="weight", seed=seed),
        key=lambda members: (-len(members), min(map(str, members))),
    )
    community = {node: number for number, members in enumerate(communities, 1) for node in members}
    return _Measures(
        degree=dict(graph.degree()),
        weighted_degree=dict(graph.degree(weight="weight")),
        betweenness=centrality,
        community=community,
        density=nx.density(graph) if len(graph) > 1 else 0.0,
        communities=len(communities),
        sample=sample,
    )


def _set_measures(graph: nx.Graph[Node], found: _Measures) -> nx.Graph[Node]:
    """Give ``graph`` the measures ``found`` of it (``_measures``); returns the graph."""
    for node, attributes in graph.nodes(data=True):
        attributes["degree"] = found.degree[node]
        attributes["weighted_degree"] = found.weighted_degree[node]
        attributes["betweenness"] = found.betweenness[node]
        attributes["community"] = found.community[node]
    graph.graph["density"] = found.density
    graph.graph["communities"] = found.communities
    graph.graph["betweenness"] = (
        "exact" if found.sample is None else f"estimated from {found.sample} seeded source nodes"
    )
    return graph


def betweenness_sample(graph: nx.Graph[Node]) -> int | None:
    """How many source nodes ``add_measures`` estimates betweenness from; ``None``: exact.

    >>> import networkx as nx
    >>> betweenness_sample(nx.path_graph(2_000)), betweenness_sample(nx.empty_graph(10_000))
    (None, 1000)
    """
    nodes, steps = len(graph), len(graph) + int(graph.number_of_edges())
    if nodes * steps <= BETWEENNESS_BUDGET:
        return None
    sample = max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // steps)
    return None if sample >= nodes else sample


def betweenness(graph: nx.Graph[Node], sources: Iterable[Node] | None = None) -> dict[Node, float]:
    """Normalised betweenness centrality, as networkx's, from ``sources`` (all nodes: exact).

    Brandes' algorithm for many sources at once: a breadth-first sweep counts the shortest
    paths from each source with one sparse matrix product per level, and a sweep back
    accumulates each node's dependency the same way. Edge weights are ignored. From a sample
    of sources, nodes are scaled as networkx scales them (sources and others apart), so
    ``betweenness(g, random.Random(seed).sample(list(g), k))`` is
    ``networkx.betweenness_centrality(g, k=k, seed=seed)``, some 50 times faster.

    >>> import networkx as nx
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    import networkx as nx
    import numpy as np

    nodes = list(graph)
    count = len(nodes)
    if not count:
        return {}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    adjacency.data[:] = 1.0  # two edges between the same nodes are one step, as in networkx
    forward = adjacency.T.tocsr()
    index = {node: position for position, node in enumerate(nodes)}
    chosen = np.arange(count) if sources is None else np.array([index[s] for s in sources])
    total = np.zeros(count)
    batch = max(1, BETWEENNESS_BATCH_CELLS // max(count, 1))
    for start in range(0, len(chosen), batch):
        total += _dependencies(adjacency, forward, chosen[start : start + batch])
    others = count - 1  # the targets a path through a node can have
    if others < 2:
        return dict(zip(nodes, total.tolist(), strict=True))
    if sources is None:
        total /= others * (others - 1)
    else:
        sampled = len(chosen)
        total /= sampled * (others - 1)
        total[chosen] *= sampled / (sampled - 1) if sampled > 1 else math.nan
    return dict(zip(nodes, total.tolist(), strict=True))


def _dependencies(adjacency: Any, forward: Any, sources: NDArray[np.intp]) -> NDArray[np.float64]:
    """Each node's summed dependency on the shortest paths from ``sources`` (Brandes)."""
    import numpy as np

    count, width = adjacency.shape[0], len(sources)
    columns = np.arange(width)
    paths = np.zeros((count, width))  # shortest paths from each source (column) to each node
    paths[sources, columns] = 1.0
    reached = paths > 0
    levels = [reached.copy()]
    frontier = paths.copy()
    while True:
        arriving = forward @ frontier
        fresh = (arriving > 0) & ~reached
        if not fresh.any():
            break
        frontier = np.where(fresh, arriving, 0.0)
        paths += frontier
        reached |= fresh
        levels.append(fresh)
    dependency = np.zeros((count, width))
    for level, before in zip(levels[:0:-1], levels[-2::-1], strict=True):
        share = np.where(level, (1.0 + dependency) / np.where(level, paths, 1.0), 0.0)
        dependency += np.where(before, paths * (adjacency @ share), 0.0)
    dependency[sources, columns] = 0.0
    total: NDArray[np.float64] = dependency.sum(axis=1)
    return total


def network_measures(graph: nx.Graph[Node]) -> Results:
    """One row per node: degree, weighted degree, betweenness and community, brokers first.

    A graph without measures gets them first (``add_measures``).
    """
    from rdflib import Literal

    if graph.number_of_nodes() and "degree" not in next(iter(graph.nodes.values())):
        add_measures(graph)
    columns = ["node", "label", "kind", "platform", "degree", "weighted_degree"]
    columns += ["betweenness", "community"]
    nodes = sorted(
        graph.nodes.items(),
        key=lambda item: (-item[1]["betweenness"], -item[1]["weighted_degree"], str(item[0])),
    )
    rows = [
        (
            Literal(attributes.get("code", str(node))),
            Literal(attributes.get("label", str(node))),
            Literal(attributes.get("kind", "")),
            Literal(attributes.get("platform", "")),
            Literal(attributes["degree"]),
            Literal(attributes["weighted_degree"]),
            Literal(round(attributes["betweenness"], 4)),
            Literal(attributes["community"]),
        )
        for node, attributes in nodes
    ]
    return Results(columns, rows)


def network_summary(graph: nx.Graph[Node]) -> Results:
    """The view, its filters, node and edge counts, density, communities and components.

    A graph without measures gets them first (``add_measures``).
    """
    import networkx as nx
    from rdflib import Literal

    if "density" not in graph.graph:
        add_measures(graph)
    facts: list[tuple[str, object]] = [
        ("view", graph.graph.get("view", "")),
        ("filters", graph.graph.get("filters", "") or "none"),
        ("nodes", graph.number_of_nodes()),
        ("edges", graph.number_of_edges()),
        ("density", round(graph.graph["density"], 4)),
        ("components", nx.number_connected_components(graph) if len(graph) else 0),
        ("communities", graph.graph["communities"]),
        ("betweenness", graph.graph["betweenness"]),
    ]
    return Results(["measure", "value"], [(Literal(name), Literal(value)) for name, value in facts])


def describe_filters(
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    top_k: int | None = None,
    as_of: AsOf | None = None,
) -> str:
    """The filters in effect as one line.

    >>> describe_filters(platform="energy", focus="ES24", depth=2, min_weight=1)
    'platform energy, focus ES24 (depth 2)'
    """
    parts = [
        f"{name} {value}"
        for name, value in (("platform", platform), ("area", area), ("country", country))
        if value
    ]
    if focus:
        parts.append(f"focus {focus} (depth {depth})")
    if min_weight > 1:
        parts.append(f"weight at least {min_weight}")
    if top_k:
        parts.append(f"top {top_k} edges per node")
    if as_of:
        parts.append(f"memberships as of {as_of}")
    return ", ".join(parts)


def _bipartite(edges: list[MembershipEdge], facts: _Facts, selection: _Selection) -> nx.Graph[str]:
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    for edge in edges:
        if edge.member_is_region:
            _add_membership(graph, edge, facts)
    return _trimmed(graph, selection)


def _region_network(
    edges: list[MembershipEdge], facts: _Facts, selection: _Selection
) -> nx.Graph[str]:
    return _regions_linked(
        {(edge.member, edge.partnership) for edge in edges if edge.member_is_region},
        facts,
        selection,
    )


def _regions_linked(
    memberships: set[tuple[str, str]], facts: _Facts, selection: _Selection
) -> nx.Graph[str]:
    """The region network of (region, partnership) pairs."""
    return _co_membership(
        "region",
        {region for region, _ in memberships},
        memberships,
        relation="co-membership",
        label=lambda code: _partnership_label(facts, code),
        selection=selection,
    )


def _partnership_overlap(
    edges: list[MembershipEdge], facts: _Facts, selection: _Selection
) -> nx.Graph[str]:
    return _co_membership(
        "partnership",
        {edge.partnership for edge in edges},
        {(edge.partnership, edge.member) for edge in edges if edge.member_is_region},
        relation="overlap",
        label=lambda code: _region_label(facts, code),
        selection=selection,
    )


def _co_membership(
    kind: str,
    keys: set[str],
    incidences: set[tuple[str, str]],
    *,
    relation: str,
    label: Callable[[str], str],
    selection: _Selection,
) -> nx.Graph[str]:
    """Nodes of one kind linked by what they share, trimmed before the graph is built.

    ``incidences`` are (key, shared thing) pairs; an edge's ``weight`` is how many things its
    ends share and ``shared`` their labels. Nodes are added in key order and edges in the
    order of their ends, so measures that depend on order (Louvain, sampled betweenness) do
    not depend on the order in which the store returned the memberships.
    """
    import networkx as nx

    shared_by: dict[str, set[str]] = defaultdict(set)
    for key, thing in incidences:
        shared_by[key].add(thing)
    labels = {thing: label(thing) for thing in {thing for _, thing in incidences}}
    pairs, linked = _shared_pairs(incidences, selection)
    kept = {key for first, second, _ in pairs for key in (first, second)}
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(
        f"{kind}:{key}" for key in sorted(keys) if key in kept or key not in linked
    )
    graph.add_edges_from(
        (
            f"{kind}:{first}",
            f"{kind}:{second}",
            {
                "weight": weight,
                "relation": relation,
                "shared": sorted(map(labels.__getitem__, shared_by[first] & shared_by[second])),
            },
        )
        for first, second, weight in pairs
    )
    return graph


def _shared_pairs(
    incidences: set[tuple[str, str]], selection: _Selection
) -> tuple[list[tuple[str, str, int]], set[str]]:
    """The strongest pairs of the keys that share things, and the keys that share any.

    Returns ``(a, b, n)`` for keys a < b that share n things, kept by ``strongest_pairs``, in
    key order; and the keys that share anything with another before trimming. The counts are
    ``B @ B.T`` for the sparse key-by-thing incidence matrix ``B`` (``shared_matrix``), trimmed
    as arrays: a dense projection (590,000 region pairs at 1 M triples) is never made into
    Python objects.

    >>> pairs, linked = _shared_pairs({("a", 1), ("b", 1), ("c", 1), ("b", 2), ("c", 2)},
    ...                               _Selection(None, None, top_k=1))
    >>> pairs, sorted(linked)
    ([('a', 'b', 1), ('b', 'c', 2)], ['a', 'b', 'c'])
    """
    import numpy as np

    if not incidences:
        return [], set()
    keys, shared = shared_matrix(incidences)
    count = np.diff(shared.indptr)  # each key shares its things with itself too
    linked = set(keys[count > 1])
    first = np.repeat(np.arange(len(keys)), count)
    other = first != shared.indices
    low, high, weight = strongest_pairs(
        first[other],
        shared.indices[other],
        shared.data[other],
        keys=len(keys),
        min_weight=selection.min_weight,
        top_k=selection.top_k,
    )
    return list(zip(keys[low], keys[high], weight.tolist(), strict=True)), linked


def _organisations(
    edges: list[MembershipEdge], facts: _Facts, selection: _Selection
) -> nx.Graph[str]:
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    for edge in edges:
        if not edge.member_is_region:
            _add_membership(graph, edge, facts)
    if not selection.theme:
        # organisations in no partnership belong to no platform: shown when none is chosen
        graph.add_nodes_from(
            f"organisation:{code}"
            for code, info in facts.organisations.items()
            if not selection.country
            or facts.regions.get(info.get("region") or "", {}).get("country")
            == selection.country.upper()
        )
    for node in [node for node in graph if node.startswith("organisation:")]:
        home = facts.organisations.get(node.split(":", 1)[1], {}).get("region")
        if home:
            graph.add_edge(node, f"region:{home}", weight=1, relation="based in")
    for edge in edges:
        ends = (f"region:{edge.member}", f"partnership:{edge.partnership}")
        if edge.member_is_region and all(end in graph for end in ends):
            _add_membership(graph, edge, facts)
    return _trimmed(graph, selection)


def _trimmed(graph: nx.Graph[str], selection: _Selection) -> nx.Graph[str]:
    """The graph in key order, as ``_co_membership`` makes it, and trimmed to ``selection``."""
    import networkx as nx

    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes.items()))
    ordered.add_edges_from(
        sorted((min(a, b), max(a, b), data) for a, b, data in graph.edges(data=True))
    )
    if selection.min_weight <= 1 and selection.top_k is None:
        return ordered  # every membership edge weighs 1
    return keep_strongest(ordered, min_weight=selection.min_weight, top_k=selection.top_k)


_PROJECTIONS: dict[View, Callable[[list[MembershipEdge], _Facts, _Selection], nx.Graph[str]]] = {
    View.BIPARTITE: _bipartite,
    View.REGION_NETWORK: _region_network,
    View.PARTNERSHIP_OVERLAP: _partnership_overlap,
    View.ORGANISATIONS: _organisations,
}


def _add_membership(graph: nx.Graph[str], edge: MembershipEdge, facts: _Facts) -> None:
    """Link a member and a partnership; a second membership of the same two (another role)
    joins its role, years and sources to the link's."""
    (member, partnership), _ = _membership_ends(edge)
    link = {"role": edge.role, "years": _years(edge), "sources": list(edge.sources)}
    if graph.has_edge(member, partnership):
        known = graph.edges[member, partnership]
        for key in ("role", "years"):
            values = {value for value in (*known[key].split(", "), link[key]) if value}
            known[key] = ", ".join(sorted(values))
        known["sources"] = sorted({*known["sources"], *edge.sources})
        return
    graph.add_edge(member, partnership, weight=1, relation="membership", **link)


def _add_attributes(graph: nx.Graph[str], edges: list[MembershipEdge], facts: _Facts) -> None:
    """Label every node and say what it takes part in, from the edges of the view.

    Regions keep their coordinates; an organisation sits at its home region and a partnership
    at the mean of its member regions, so that every node has a place on a map.
    """
    platforms: dict[str, set[str]] = defaultdict(set)
    taking_part: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    member_regions: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        (member, partnership), _ = _membership_ends(edge)
        member_shown, partnership_shown = member in graph, partnership in graph
        if not (member_shown or partnership_shown):
            continue
        years = _years(edge)
        role = edge.role + (f" ({years})" if years else "")
        if member_shown:
            platforms[member].add(edge.platform)
            sources[member].update(edge.sources)
            taking_part[member].append(f"{_partnership_label(facts, edge.partnership)}: {role}")
        if not partnership_shown:
            continue
        if edge.member_is_region:
            member_regions[partnership].add(edge.member)
            name = _region_label(facts, edge.member)
        else:
            name = facts.organisations.get(edge.member, {}).get("label", edge.member)
        members[partnership].append(f"{name} ({edge.member}): {role}")
    for node, attributes in graph.nodes(data=True):
        kind, code = node.split(":", 1)
        attributes.update(kind=kind, code=code)
        if kind == "partnership":
            info = facts.partnerships.get(code, {})
            attributes.update(
                label=info.get("label") or code,
                platform=info.get("platform", ""),
                platform_label=info.get("platformLabel", ""),
                area=info.get("area") or "",
                area_label=info.get("areaLabel") or "",
                year=info.get("year") or "",
                members=sorted(members[node]),
                sources=info.get("sources", []),
                **_coordinates(facts, *sorted(member_regions[node])),
            )
            continue
        slugs = sorted(platforms[node])
        attributes.update(
            platform=slugs[0] if len(slugs) == 1 else (SEVERAL_PLATFORMS if slugs else ""),
            platforms=slugs,
            partnerships=sorted(taking_part[node]),
        )
        if kind == "region":
            info = facts.regions.get(code, {})
            attributes.update(
                label=info.get("label") or code,
                native_label=info.get("nativeLabel") or "",
                country=info.get("country") or "",
                level=info.get("level", ""),
                sources=sorted(sources[node]),
                **_coordinates(facts, code),
            )
        else:
            info = facts.organisations.get(code, {})
            home = info.get("region") or ""
            attributes.update(
                label=info.get("label") or code,
                type=info.get("type") or "",
                region=home,
                country=facts.regions.get(home, {}).get("country") or "",
                sources=sorted(sources[node] | set(info.get("sources", []))),
                **_coordinates(facts, home),
            )


def _coordinates(facts: _Facts, *regions: str) -> dict[str, float]:
    """``lat`` and ``lon``: the mean of the regions' coordinates, or nothing if none has any."""
    points = [
        (float(info["lat"]), float(info["lon"]))
        for info in (facts.regions.get(code, {}) for code in regions)
        if info.get("lat") is not None and info.get("lon") is not None
    ]
    if not points:
        return {}
    return {
        "lat": sum(lat for lat, _ in points) / len(points),
        "lon": sum(lon for _, lon in points) / len(points),
    }


def _is_named(key: str, wanted: str) -> bool:
    """Whether a node key (``region:ES24``) is ``wanted`` (lower case), in full or by code."""
    return wanted in (key.lower(), key.split(":", 1)[1].lower())


def _membership_ends(edge: MembershipEdge) -> list[tuple[str, str]]:
    """The node keys of a membership, both ways round: (member, partnership) first."""
    member = f"{'region' if edge.member_is_region else 'organisation'}:{edge.member}"
    partnership = f"partnership:{edge.partnership}"
    return [(member, partnership), (partnership, member)]


def _years(edge: MembershipEdge) -> str:
    since, until = edge.since, edge.until
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"since {since}"
    if until:
        return f"until {until}"
    return "undated" if edge.undated else ""


def _shows(graph: nx.Graph[str], kinds: set[str], edge: MembershipEdge) -> bool:
    """Whether a view whose nodes are of ``kinds`` shows a membership: each of its ends that
    is of such a kind is a node (a region network shows the memberships of its regions)."""
    ends = [end for end in _membership_ends(edge)[0] if end.split(":", 1)[0] in kinds]
    return bool(ends) and all(end in graph for end in ends)


def _region_label(facts: _Facts, code: str) -> str:
    return str(facts.regions.get(code, {}).get("label") or code)


def _partnership_label(facts: _Facts, code: str) -> str:
    return str(facts.partnerships.get(code, {}).get("label") or code)


def _facts(store: Store, reader: ThreadPoolExecutor, *, organisations: bool = True) -> _Facts:
    """The facts of the view queries; ``organisations=False`` leaves organisations out.

    The regions' are read by ``reader`` (a thread), after the others; wait for them
    (``_Facts.reading_regions``) before the store may be closed.
    """
    partnerships = _keyed(store, "view-partnerships", "id")
    organisations_read = _keyed(store, "view-organisations", "id") if organisations else {}
    # the store answers one query at a time: this one is asked after the others
    return _Facts(
        reader.submit(_keyed, store, "view-regions", "code"), partnerships, organisations_read
    )


def _keyed(store: Store, query: str, key: str) -> dict[str, Row]:
    """The rows of a view query (``view-regions``...) by their ``key`` column."""
    table: dict[str, Row] = {}
    for row in store.select(internal_query(query)).dicts():
        row["sources"] = sorted(str(row.get("sources") or "").split())
        table[row[key]] = row
    return table


def _no_member_in(country: str, platform: str | None) -> UnknownNameError:
    return UnknownNameError(
        f"no member of any partnership in country {country!r}"
        + (f" on platform {platform!r}" if platform else "")
        + "; give a NUTS country code such as ES or EL (Greece)"
    )


def _unknown_focus(focus: str, graph: nx.Graph[str], edges: Iterable[MembershipEdge]) -> str:
    codes = {str(code) for _, code in graph.nodes(data="code")}
    codes.update(code for edge in edges for code in (edge.member, edge.partnership))
    hint = did_you_mean(focus, codes) or (
        "give a NUTS code, a partnership id or an organisation id that takes part in the view"
    )
    return f"focus {focus!r} is not in this view, or its filters leave it out; {hint}"
