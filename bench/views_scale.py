"""How long a 2,000-node / ~20,000-edge region network takes to build, write and open.

A synthetic but loadable data set is made first: 100 partnerships over 2,000 real NUTS
regions (each region in one partnership, 100 regions in a second one), loaded into an
in-memory store through ``load_csv``. Then, for that region network:

- projection (SPARQL edges + sparse co-membership) and measures, timed apart;
- ``to_pyvis`` + ``write_html`` for the force layout (laid out by vis-network in the
  browser, capped) and the map layout (positions from coordinates);
- the baseline in the same run: pyvis' own ``Network.from_nx`` + ``write_html`` on the same
  graph (``--skip-baseline`` leaves it out: it takes tens of seconds);
- headless Chromium: seconds from opening each page until the network stands still.

Issue 4 asks for under 2 s to write and under 5 s to stabilise.

Usage::

    python bench/views_scale.py
    python bench/views_scale.py --skip-baseline
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import s3graph
from s3graph.network import add_measures
from s3graph.views import to_pyvis, write_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import Chromium  # the browser driver of the tests

T = TypeVar("T")
REGIONS = 2_000
PARTNERSHIPS = 100
SECOND_MEMBERSHIPS = 100
PLATFORMS = ("agri-food", "energy", "industrial-modernisation")
STILL = "document.querySelector('.s3graph-view').dataset.state === 'still'"


def timed(label: str, work: Callable[[], T], rows: list[tuple[str, float]]) -> T:
    started = time.perf_counter()
    result = work()
    rows.append((label, time.perf_counter() - started))
    print(f"{label:<58} {rows[-1][1]:7.2f} s", flush=True)
    return result


def synthetic_store(folder: Path, seed: int = 1) -> s3graph.Store:
    """The bundled store plus 100 partnerships whose members are 2,000 regions."""
    store = s3graph.open_built_store("memory")
    codes = sorted(
        str(code)
        for (code,) in store.select(
            "SELECT ?code WHERE { ?region a s3:Region ; skos:notation ?code }"
        )
    )
    rng = random.Random(seed)
    regions = rng.sample(codes, REGIONS)
    partnerships = [f"bench-{index:03d}" for index in range(PARTNERSHIPS)]
    members = [(partnerships[index % PARTNERSHIPS], code) for index, code in enumerate(regions)]
    members += [
        (rng.choice(partnerships), code) for code in rng.sample(regions, SECOND_MEMBERSHIPS)
    ]
    with (folder / "bench-partnerships.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["partnership_id", "name", "platform"])
        for index, partnership in enumerate(partnerships):
            writer.writerow([partnership, f"Bench partnership {index}", PLATFORMS[index % 3]])
    with (folder / "bench-memberships.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["partnership_id", "member", "role"])
        for index, (partnership, code) in enumerate(sorted(set(members))):
            writer.writerow([partnership, code, "lead" if index % 21 == 0 else "member"])
    for name in ("bench-partnerships.csv", "bench-memberships.csv"):
        s3graph.load_csv(store, folder / name)
    return store


def stabilise(browser: Chromium, page: Path) -> tuple[float, int, int]:
    """Seconds from opening ``page`` until it stands still, and the nodes and edges drawn."""
    started = time.perf_counter()
    browser.open(page)
    browser.wait_for(STILL, timeout=120)
    elapsed = time.perf_counter() - started
    nodes, edges = browser.evaluate(
        "[network.body.data.nodes.length, network.body.data.edges.length]"
    )
    if browser.exceptions or browser.console_errors:
        raise RuntimeError(f"script errors: {browser.exceptions + browser.console_errors}")
    return elapsed, nodes, edges


def pyvis_from_nx(graph: Any, path: Path) -> None:
    """The baseline: pyvis' own conversion of the same graph."""
    from pyvis.network import Network

    network = Network(cdn_resources="in_line")
    network.from_nx(graph)
    network.write_html(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--skip-baseline", action="store_true", help="leave out pyvis from_nx")
    arguments = parser.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = timed(
            "setup: bundled store + synthetic CSV loaded", lambda: synthetic_store(work), rows
        )
        graph = timed(
            "projection: region_network(measures=False)",
            lambda: s3graph.region_network(store, measures=False),
            rows,
        )
        print(f"  -> {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
        timed("measures: degree, betweenness (sampled), Louvain", lambda: add_measures(graph), rows)
        pages = {layout: work / f"{layout}.html" for layout in ("force", "map")}
        for layout, page in pages.items():
            network = timed(
                f"to_pyvis(layout={layout})", partial(to_pyvis, graph, layout=layout), rows
            )
            timed(f"write_html(layout={layout})", partial(write_html, network, page), rows)
            print(f"  -> {page.stat().st_size / 1e6:.1f} MB")
        if not arguments.skip_baseline:
            timed(
                "baseline: pyvis Network.from_nx + write_html",
                lambda: pyvis_from_nx(graph, work / "from_nx.html"),
                rows,
            )
        browser = Chromium(work / "profile")
        try:
            for layout, page in pages.items():
                elapsed, nodes, edges = stabilise(browser, page)
                rows.append((f"chromium: open until still (layout={layout})", elapsed))
                print(f"{rows[-1][0]:<58} {elapsed:7.2f} s  ({nodes:,} nodes, {edges:,} edges)")
        finally:
            browser.close()
    by_label = dict(rows)
    for layout in ("force", "map"):
        write = by_label[f"to_pyvis(layout={layout})"] + by_label[f"write_html(layout={layout})"]
        still = by_label[f"chromium: open until still (layout={layout})"]
        print(
            f"{layout}: build+write {write:.2f} s (target < 2 s), "
            f"stabilise {still:.2f} s (target < 5 s)"
        )


if __name__ == "__main__":
    main()
