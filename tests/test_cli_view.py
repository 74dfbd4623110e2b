"""``s3graph view`` and ``s3graph network-stats``."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from conftest import Cli


@pytest.fixture
def embedded(store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI on a fresh on-disk store, run from an empty working directory."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return Cli(store_path)


def test_view_writes_one_self_contained_page_and_nothing_else(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("view", "region-network", "-o", "regions.html")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote regions.html (html): ")
    assert os.listdir(work) == ["regions.html"]
    page = (work / "regions.html").read_text(encoding="utf-8")
    assert "<h1>Region co-membership network</h1>" in page


@pytest.mark.parametrize(
    ("arguments", "reader"),
    [
        (["-o", "view.graphml"], nx.read_graphml),
        (["-o", "view.gexf"], nx.read_gexf),
        (["-o", "view.xml", "--format", "graphml"], nx.read_graphml),
    ],
)
def test_view_exports_follow_the_suffix_or_format(
    embedded: Cli, arguments: list[str], reader: object
) -> None:
    result = embedded("view", "partnership-overlap", *arguments)
    assert result.exit_code == 0, result.output
    graph = reader(arguments[1])  # type: ignore[operator]
    assert graph.number_of_nodes() > 10
    assert {"label", "degree", "betweenness", "community"} <= set(next(iter(graph.nodes.values())))


def test_view_filters_focus_and_map(embedded: Cli) -> None:
    result = embedded(
        "view",
        "bipartite",
        "--focus",
        "ES24",
        "--depth",
        "2",
        "--layout",
        "map",
        "--color-by",
        "country",
        "-o",
        "aragon.json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(Path("aragon.json").read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.nodes["region:ES24"]["focus"] is True
    assert data["graph"]["filters"] == "focus ES24 (depth 2)"
    energy = embedded(
        "view", "region-network", "--platform", "energy", "--top-k", "2", "-o", "e.png"
    )
    assert energy.exit_code == 0, energy.output
    assert Path("e.png").read_bytes().startswith(b"\x89PNG")


def test_view_with_stats_prints_the_measures(embedded: Cli) -> None:
    result = embedded("view", "partnership-overlap", "-o", "overlap.svg", "--stats")
    assert result.exit_code == 0, result.output
    assert "density" in result.stdout and "betweenness" in result.stdout
    assert "im-h2valleys" in result.stdout


def test_view_to_standard_output_keeps_messages_apart(embedded: Cli) -> None:
    result = embedded("view", "partnership-overlap", "-o", "-", "--format", "gexf", "--stats")
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(io.BytesIO(result.stdout_bytes))
    assert "partnership:im-h2valleys" in graph
    assert result.stderr.startswith("Wrote standard output (gexf): ")
    assert "density" in result.stderr
    assert os.listdir() == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--focus", "XX99"], "Error: unknown region, partnership or organisation 'XX99'"),
        (["--focus", "ES2"], "Error: focus 'ES2' is not in this view"),
        (["--platform", "enrgy"], "Error: unknown platform 'enrgy'; did you mean energy?"),
        (["--country", "ZZ"], "Error: unknown country 'ZZ'"),
        (["--country", "MT"], "Error: no member of any partnership in country 'MT'"),
    ],
)
def test_view_names_unknown_values(embedded: Cli, arguments: list[str], message: str) -> None:
    result = embedded("view", "region-network", "-o", "x.html", *arguments)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(message)
    assert not Path("x.html").exists()


def test_view_rejects_an_unknown_view_name(embedded: Cli) -> None:
    result = embedded("view", "regions", "-o", "x.html")
    assert result.exit_code == 2
    assert "'regions' is not one of 'bipartite', 'region-network'" in result.output


def test_network_stats_in_every_format(embedded: Cli) -> None:
    rows = json.loads(embedded("network-stats", "region-network", "--format", "json").stdout)
    assert rows[0]["betweenness"] == max(row["betweenness"] for row in rows)
    assert {"node", "label", "degree", "weighted_degree", "community"} <= set(rows[0])
    table = embedded("network-stats", "region-network", "--country", "ES").stdout
    assert table.splitlines()[0].split()[:3] == ["node", "label", "kind"]
    summary = embedded("network-stats", "organisations", "--summary", "--format", "csv").stdout
    measures = {row["measure"]: row["value"] for row in csv.DictReader(io.StringIO(summary))}
    assert measures["view"] == "organisations" and float(measures["density"]) > 0
    markdown = embedded("network-stats", "bipartite", "--focus", "im-h2valleys", "--format", "md")
    assert markdown.stdout.startswith("| node | label |")
