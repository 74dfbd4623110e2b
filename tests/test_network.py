"""Network projections and measures, checked against counts made the plain way."""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from typing import Any

import networkx as nx
import pytest

import s3graph
import s3graph.network
from s3graph.comembership import membership_edges, partnership_pairs
from s3graph.network import (
    View,
    add_measures,
    betweenness,
    betweenness_sample,
    ego_network,
    importing,
    keep_strongest,
    network_measures,
    network_summary,
    view_network,
)
from s3graph.resolve import member_filter


def shared_counts(groups: dict[str, set[str]]) -> dict[frozenset[str], int]:
    """How many members each pair of keys shares, by brute force."""
    counts = {}
    for first, second in combinations(sorted(groups), 2):
        shared = len(groups[first] & groups[second])
        if shared:
            counts[frozenset((first, second))] = shared
    return counts


@pytest.fixture(scope="module")
def regions_of(built_store: s3graph.Store) -> dict[str, set[str]]:
    """Member regions of each partnership."""
    members = defaultdict(set)
    for edge in membership_edges(built_store):
        if edge.member_is_region:
            members[edge.partnership].add(edge.member)
    return members


@pytest.fixture(scope="module")
def region_graph(built_store: s3graph.Store) -> nx.Graph:
    return s3graph.region_network(built_store)


def test_region_network_weights_are_shared_partnerships(
    region_graph: nx.Graph, regions_of: dict[str, set[str]]
) -> None:
    partnerships_of = defaultdict(set)
    for partnership, regions in regions_of.items():
        for region in regions:
            partnerships_of[region].add(partnership)
    expected = shared_counts(partnerships_of)
    got = {
        frozenset((a.split(":")[1], b.split(":")[1])): weight
        for a, b, weight in region_graph.edges(data="weight")
    }
    assert got == expected
    assert {node.split(":")[1] for node in region_graph} == set(partnerships_of)
    for *_, attributes in region_graph.edges(data=True):
        assert len(attributes["shared"]) == attributes["weight"]
        assert attributes["relation"] == "co-membership"


def test_region_nodes_carry_labels_places_and_memberships(region_graph: nx.Graph) -> None:
    aragon = region_graph.nodes["region:ES24"]
    assert aragon["label"] == "Aragón"
    assert aragon["kind"] == "region"
    assert aragon["country"] == "ES"
    assert 40 < aragon["lat"] < 43 and -2 < aragon["lon"] < 1
    assert any(
        line.startswith("European Hydrogen Valleys: lead") for line in aragon["partnerships"]
    )
    assert all(url.startswith("http") for url in aragon["sources"])
    assert region_graph.graph["view"] == "region-network"


def test_partnership_overlap_weights_are_shared_regions(
    built_store: s3graph.Store, regions_of: dict[str, set[str]]
) -> None:
    graph = s3graph.partnership_overlap_network(built_store)
    got = {
        frozenset((a.split(":")[1], b.split(":")[1])): weight
        for a, b, weight in graph.edges(data="weight")
    }
    assert got == shared_counts(regions_of)
    pairs = partnership_pairs(membership_edges(built_store))
    assert pairs == sorted(pairs, key=lambda pair: -pair.shared)
    hydrogen = graph.nodes["partnership:im-h2valleys"]
    assert hydrogen["platform"] == "industrial-modernisation"
    assert "lat" in hydrogen and "lon" in hydrogen  # the mean of its member regions


def test_bipartite_edges_are_memberships_with_roles(
    built_store: s3graph.Store, regions_of: dict[str, set[str]]
) -> None:
    graph = s3graph.bipartite_network(built_store)
    assert graph.number_of_edges() == sum(len(regions) for regions in regions_of.values())
    assert nx.is_bipartite(graph)
    assert graph.edges["region:ES24", "partnership:im-h2valleys"]["role"] == "lead"
    assert {kind for _, kind in graph.nodes(data="kind")} == {"region", "partnership"}


def test_organisations_view_links_organisations_partnerships_and_home_regions(
    built_store: s3graph.Store,
) -> None:
    graph = s3graph.organisation_network(built_store)
    organisations = [node for node in graph if node.startswith("organisation:")]
    assert len(organisations) == len(
        built_store.select("SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#Organization> }")
    )
    assert graph.edges["organisation:aragon-exterior", "region:ES24"]["relation"] == "based in"
    memberships = [edge for edge in graph.edges(data="relation") if edge[2] == "membership"]
    assert memberships
    assert graph.nodes["organisation:aragon-exterior"]["type"] == "Public body"


def test_platform_area_and_country_filters(built_store: s3graph.Store) -> None:
    energy = s3graph.bipartite_network(built_store, platform="energy")
    partnerships = [a for node, a in energy.nodes(data=True) if a["kind"] == "partnership"]
    assert partnerships and all(a["platform"] == "energy" for a in partnerships)
    cci = s3graph.bipartite_network(built_store, area="cci")
    assert all(a["area"] == "cci" for _, a in cci.nodes(data=True) if a["kind"] == "partnership")
    spain = s3graph.region_network(built_store, country="es")
    assert spain.number_of_nodes() and {a for _, a in spain.nodes(data="country")} == {"ES"}
    assert "country ES" in spain.graph["filters"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"platform": "enrgy"}, "unknown platform 'enrgy'; did you mean energy?"),
        ({"area": "music"}, "unknown thematic area 'music'; use one of: cci"),
        ({"country": "XX"}, "unknown country 'XX'; give a NUTS country code"),
        ({"country": "Malta"}, "no member of any partnership in country 'MT'"),
        ({"focus": "ES2"}, "focus 'ES2' is not in this view, or its filters leave it out; did"),
    ],
)
def test_unknown_names_are_errors_with_a_hint(
    built_store: s3graph.Store, options: dict[str, str], message: str
) -> None:
    with pytest.raises(s3graph.UnknownNameError, match=message):
        s3graph.region_network(built_store, **options)


def test_focus_keeps_the_neighbourhood(built_store: s3graph.Store, region_graph: nx.Graph) -> None:
    one = s3graph.region_network(built_store, focus="es24")
    assert set(one) == {"region:ES24", *region_graph["region:ES24"]}
    assert one.nodes["region:ES24"]["focus"] is True
    two = s3graph.region_network(built_store, focus="ES24", depth=2)
    assert set(one) < set(two)
    assert "focus ES24 (depth 1)" in one.graph["filters"]


def test_focus_on_a_partnership_in_the_region_network_starts_at_its_members(
    built_store: s3graph.Store, regions_of: dict[str, set[str]]
) -> None:
    graph = s3graph.region_network(built_store, focus="im-h2valleys")
    assert {node.split(":")[1] for node in graph} == regions_of["im-h2valleys"]
    bipartite = s3graph.bipartite_network(built_store, focus="IM-H2VALLEYS")
    assert set(bipartite) == {"partnership:im-h2valleys"} | {
        f"region:{code}" for code in regions_of["im-h2valleys"]
    }


def test_ego_network_on_a_plain_graph() -> None:
    graph = nx.path_graph(["region:A", "region:B", "region:C", "region:D"])
    nx.set_node_attributes(graph, {node: node.split(":")[1] for node in graph}, "code")
    assert set(ego_network(graph, "b", depth=1)) == {"region:A", "region:B", "region:C"}
    graph.edges["region:B", "region:C"]["weight"] = 5  # steps count, not weights
    assert set(ego_network(graph, "b", depth=1)) == {"region:A", "region:B", "region:C"}
    with pytest.raises(s3graph.UnknownNameError, match="did you mean"):
        ego_network(graph, "C1")


def test_keep_strongest_backbone_keeps_each_nodes_heaviest_edges(region_graph: nx.Graph) -> None:
    backbone = keep_strongest(region_graph, top_k=2)
    assert backbone.number_of_edges() < region_graph.number_of_edges()
    for a, b, weight in backbone.edges(data="weight"):
        heaviest = [
            sorted((w for *_, w in region_graph.edges(end, data="weight")), reverse=True)[1]
            if region_graph.degree(end) > 1
            else 0
            for end in (a, b)
        ]
        assert weight >= min(heaviest)
    heavy = keep_strongest(region_graph, min_weight=2)
    assert all(weight >= 2 for *_, weight in heavy.edges(data="weight"))
    assert all(heavy.degree(node) for node in heavy)  # nodes left without edges are dropped


def test_keep_strongest_ranks_weights_of_any_number_type() -> None:
    graph = nx.Graph([("a", "b", {"weight": 0.5}), ("a", "c", {"weight": 2.5}), ("c", "d", {})])
    assert sorted(keep_strongest(graph, min_weight=0, top_k=1).edges) == [
        ("a", "b"),
        ("a", "c"),
        ("c", "d"),
    ]
    assert sorted(keep_strongest(graph, min_weight=1, top_k=1).edges) == [("a", "c"), ("c", "d")]


@pytest.mark.parametrize(
    "trim", [{"top_k": 1}, {"top_k": 3}, {"min_weight": 2}, {"min_weight": 2, "top_k": 1}]
)
@pytest.mark.parametrize("view", ["region-network", "partnership-overlap"])
def test_trimming_the_matrix_keeps_what_keep_strongest_keeps(
    built_store: s3graph.Store, view: str, trim: dict[str, int]
) -> None:
    whole = view_network(built_store, view, measures=False)
    trimmed = view_network(built_store, view, measures=False, **trim)
    expected = keep_strongest(whole, **trim)
    assert list(trimmed) == list(expected)
    assert sorted(map(sorted, trimmed.edges)) == sorted(map(sorted, expected.edges))
    for a, b, attributes in trimmed.edges(data=True):
        assert attributes == expected.edges[a, b]
    for node, attributes in trimmed.nodes(data=True):
        assert attributes == expected.nodes[node]


def test_measures_are_node_attributes_and_reproducible(
    built_store: s3graph.Store, region_graph: nx.Graph
) -> None:
    betweenness = nx.betweenness_centrality(region_graph)
    for node, attributes in region_graph.nodes(data=True):
        assert attributes["degree"] == region_graph.degree(node)
        assert attributes["weighted_degree"] == region_graph.degree(node, weight="weight")
        assert attributes["betweenness"] == pytest.approx(betweenness[node])
    assert region_graph.graph["density"] == pytest.approx(nx.density(region_graph))
    communities = {node: a["community"] for node, a in region_graph.nodes(data=True)}
    again = s3graph.region_network(built_store)
    assert communities == {node: a["community"] for node, a in again.nodes(data=True)}
    sizes = [list(communities.values()).count(n) for n in range(1, max(communities.values()) + 1)]
    assert sizes == sorted(sizes, reverse=True)  # numbered by size, from 1


def betweenness_cases() -> list[nx.Graph]:
    disconnected = nx.disjoint_union(nx.karate_club_graph(), nx.cycle_graph(7))
    disconnected.add_nodes_from(["alone", "apart"])
    looped = nx.path_graph(6)
    looped.add_edge(2, 2)
    multi = nx.MultiGraph(nx.ladder_graph(5))
    multi.add_edge(0, 1)
    return [
        nx.empty_graph(0),
        nx.empty_graph(1),
        nx.path_graph(2),
        nx.karate_club_graph(),
        disconnected,
        looped,
        multi,
        nx.gnp_random_graph(40, 0.08, seed=2, directed=True),
        nx.relaxed_caveman_graph(6, 8, 0.1, seed=1),
    ]


@pytest.mark.parametrize("graph", betweenness_cases())
def test_betweenness_is_networkx_betweenness(graph: nx.Graph) -> None:
    assert betweenness(graph) == pytest.approx(nx.betweenness_centrality(graph), abs=1e-12)
    for k, seed in [(5, 3), (len(graph) - 1, 1)] if len(graph) > 5 else []:
        sources = random.Random(seed).sample(list(graph), k)
        assert betweenness(graph, sources) == pytest.approx(
            nx.betweenness_centrality(graph, k=k, seed=seed), abs=1e-12
        )


def test_measures_of_an_empty_graph() -> None:
    graph = add_measures(nx.Graph())
    assert graph.graph["betweenness"] == "exact" and graph.graph["density"] == 0.0


def test_betweenness_is_estimated_on_large_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=1)
    assert betweenness_sample(graph) is None  # 300 x 1,200 steps: within the budget
    monkeypatch.setattr(s3graph.network, "BETWEENNESS_BUDGET", 50 * (300 + 900))
    assert betweenness_sample(graph) == 50
    add_measures(graph)
    assert graph.graph["betweenness"] == "estimated from 50 seeded source nodes"
    expected = nx.betweenness_centrality(graph, k=50, seed=1)
    assert dict(graph.nodes(data="betweenness")) == pytest.approx(expected, abs=1e-12)
    assert max(expected.values()) > 0


def test_measures_table_lists_brokers_first(region_graph: nx.Graph) -> None:
    table = network_measures(region_graph)
    assert table.variables == [
        "node",
        "label",
        "kind",
        "platform",
        "degree",
        "weighted_degree",
        "betweenness",
        "community",
    ]
    rows = table.dicts()
    assert len(rows) == region_graph.number_of_nodes()
    assert [row["betweenness"] for row in rows] == sorted(
        (row["betweenness"] for row in rows), reverse=True
    )
    summary = {row["measure"]: row["value"] for row in network_summary(region_graph).dicts()}
    assert summary["nodes"] == region_graph.number_of_nodes()
    assert summary["edges"] == region_graph.number_of_edges()
    assert summary["density"] == pytest.approx(nx.density(region_graph), abs=1e-4)


def test_every_view_by_name(built_store: s3graph.Store) -> None:
    for view in View:
        graph = view_network(built_store, view.value, measures=False)
        assert graph.number_of_nodes() and graph.number_of_edges()
        assert all("label" in attributes for _, attributes in graph.nodes(data=True))
        assert "degree" not in next(iter(graph.nodes.values()))


def test_libraries_are_imported_in_a_thread_and_a_failure_is_left_to_the_next_import() -> None:
    thread = importing(["tabnanny", "s3graph_has_no_such_module"])
    thread.join()
    assert "tabnanny" in sys.modules
    assert "s3graph_has_no_such_module" not in sys.modules


@pytest.mark.parametrize(
    "filters", [{}, {"platform": "energy"}, {"country": "ES"}, {"area": "cci"}, {"top_k": 2}]
)
def test_the_region_network_made_beside_the_edges_is_the_one_made_from_them(
    built_store: s3graph.Store, filters: dict[str, Any]
) -> None:
    shown = view_network(built_store, "region-network", **filters)
    chosen = member_filter(
        built_store,
        platform=filters.get("platform"),
        area=filters.get("area"),
        country=filters.get("country"),
    )
    edges = membership_edges(
        built_store,
        platform=chosen.platform,
        area=chosen.area,
        country=chosen.country_code,
        regions_only=True,
    )
    with ThreadPoolExecutor(max_workers=1) as reader:
        facts = s3graph.network._facts(built_store, reader, organisations=False)
        selection = s3graph.network._Selection(
            chosen.platform or chosen.area, chosen.country_code, top_k=filters.get("top_k")
        )
        expected = s3graph.network._region_network(edges, facts, selection)
        s3graph.network._add_attributes(expected, edges, facts)
    add_measures(expected)
    assert list(shown.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(shown.edges(data=True)) == list(expected.edges(data=True))
