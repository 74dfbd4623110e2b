"""How long a 2,000-node / ~20,000-edge region network takes to build, write and open.

A synthetic but loadable data set is made first: 100 partnerships over 2,000 real NUTS
regions (each region in one partnership, 100 regions in a second one), loaded into an
in-memory store through ``load_csv``. ``--store PATH`` measures an existing store instead
(opened read-only), with ``--top-k`` strongest links per region. Then, for that region network,
each stage timed apart (wall and CPU seconds, median of ``--runs``; imports are made first, so
no stage pays for them):

- projection: ``region_network(measures=False)``: the SPARQL edges and node facts, then the
  co-membership matrix trimmed to the view; the time its SPARQL queries take (``store.select``,
  results converted) is shown apart, query by query;
- measures: ``add_measures`` (degree, betweenness, Louvain);
- ``view_page`` + writing its ``html()`` for the force layout (positions computed in Python)
  and the map layout (positions from coordinates);
- the baseline in the same run: pyvis' own ``Network.from_nx`` + ``write_html`` on the same
  graph (``--skip-baseline`` leaves it out: it takes minutes);
- headless Chromium: seconds from opening each page until the network stands still
  (``--skip-browser`` leaves it out).

Issue 4 asks for under 2 s to write and under 5 s to stabilise; issue 7 for the projection with
measures, the page and the write together under 2 s.

Usage::

    python bench/views_scale.py --skip-baseline
    python bench/views_scale.py --skip-baseline --runs 5 --skip-browser
    python bench/views_scale.py --store PATH --top-k 10 --skip-baseline
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import s3graph
from s3graph.network import add_measures
from s3graph.views import ViewPage, view_page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import Chromium  # the browser driver of the tests

T = TypeVar("T")
REGIONS = 2_000
PARTNERSHIPS = 100
SECOND_MEMBERSHIPS = 100
PLATFORMS = ("agri-food", "energy", "industrial-modernisation")
STILL = "document.querySelector('.s3graph-view').dataset.state === 'still'"


def timed(label: str, work: Callable[[], T], rows: dict[str, list[tuple[float, float]]]) -> T:
    """Run ``work``, keep its wall and CPU seconds under ``label``, and print them."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    rows.setdefault(label, []).append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu = rows[label][-1]
    print(f"{label:<58} {wall:7.2f} s  (CPU {cpu:5.2f} s)", flush=True)
    return result


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and CPU seconds of some runs."""
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


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


def write_page(view: ViewPage, path: Path) -> None:
    """The page's HTML written to ``path``, as ``write_view`` writes it."""
    path.write_bytes(view.html().encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--skip-baseline", action="store_true", help="leave out pyvis from_nx")
    parser.add_argument("--skip-browser", action="store_true", help="leave out Chromium")
    parser.add_argument("--runs", type=int, default=1, help="repeat the stages; medians shown")
    parser.add_argument("--store", help="measure this store instead of the synthetic one")
    parser.add_argument("--top-k", type=int, help="keep each region's K strongest links")
    arguments = parser.parse_args()
    rows: dict[str, list[tuple[float, float]]] = {}
    timed("imports: numpy, scipy, networkx, jinja2", import_dependencies, rows)
    # Chromium may still be writing its profile as it exits
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        store = timed(
            "setup: store opened" if arguments.store else "setup: bundled store + synthetic CSV",
            lambda: (
                s3graph.open_store(arguments.store) if arguments.store else synthetic_store(work)
            ),
            rows,
        )
        pages = {layout: work / f"{layout}.html" for layout in ("force", "map")}
        with store:
            for _ in range(arguments.runs):
                queries = TimedQueries(store)
                graph = timed(
                    "projection: region_network(measures=False)",
                    partial(s3graph.region_network, queries, top_k=arguments.top_k, measures=False),
                    rows,
                )
                for title, seconds in queries.seconds.items():
                    rows.setdefault(f"  of which SPARQL: {title}", []).append(seconds)
                sparql = [sum(seconds) for seconds in zip(*queries.seconds.values(), strict=True)]
                projection = rows["projection: region_network(measures=False)"][-1]
                rows.setdefault("  of which SPARQL, all queries", []).append((sparql[0], sparql[1]))
                rows.setdefault("  the rest (Python)", []).append(
                    (projection[0] - sparql[0], projection[1] - sparql[1])
                )
                timed("measures: degree, betweenness, Louvain", partial(add_measures, graph), rows)
                for layout, page in pages.items():
                    making = partial(view_page, graph, layout=layout)
                    view = timed(f"view_page(layout={layout})", making, rows)
                    timed(f"html written(layout={layout})", partial(write_page, view, page), rows)
        print(
            f"  -> {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges;"
            f" betweenness {graph.graph['betweenness']};"
            f" pages {', '.join(f'{p.stat().st_size / 1e6:.1f} MB' for p in pages.values())}"
        )
        if not arguments.skip_baseline:
            timed(
                "baseline: pyvis Network.from_nx + write_html",
                lambda: pyvis_from_nx(graph, work / "from_nx.html"),
                rows,
            )
        if not arguments.skip_browser:
            browse(pages, work, rows)
    summarise(rows, arguments.runs)


class TimedQueries:
    """A store whose SELECT queries are timed, by the title line of their text."""

    def __init__(self, store: s3graph.Store) -> None:
        self.store = store
        self.seconds: dict[str, tuple[float, float]] = {}

    def select(self, sparql: str, bindings: Any = None) -> Any:
        title = sparql.split("\n", 1)[0].removeprefix("# title: ")
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return self.store.select(sparql, bindings)
        finally:
            wall, used = self.seconds.get(title, (0.0, 0.0))
            self.seconds[title] = (
                wall + time.perf_counter() - started,
                used + time.process_time() - cpu,
            )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def import_dependencies() -> None:
    import jinja2  # noqa: F401
    import networkx  # noqa: F401
    import scipy.sparse  # noqa: F401


def browse(pages: dict[str, Path], work: Path, rows: dict[str, list[tuple[float, float]]]) -> None:
    """Open each page in headless Chromium and time it until it stands still."""
    browser = Chromium(work / "profile")
    try:
        for layout, page in pages.items():
            elapsed, nodes, edges = stabilise(browser, page)
            label = f"chromium: open until still (layout={layout})"
            rows[label] = [(elapsed, 0.0)]
            print(f"{label:<58} {elapsed:7.2f} s  ({nodes:,} nodes, {edges:,} edges)")
    finally:
        browser.close()


def summarise(rows: dict[str, list[tuple[float, float]]], runs: int) -> None:
    """The medians of the stages and the totals the issues set targets for."""
    print(f"\nmedians of {runs} run(s): wall s (CPU s)")
    for label, measured in rows.items():
        wall, cpu = medians(measured)
        print(f"  {label:<58} {wall:7.2f} ({cpu:5.2f})")
    sparql = medians(rows["  of which SPARQL, all queries"])[0]
    python = medians(rows["  the rest (Python)"])[0]
    measures = medians(rows["measures: degree, betweenness, Louvain"])[0]
    for layout in ("force", "map"):
        html = medians(rows[f"view_page(layout={layout})"])[0]
        html += medians(rows[f"html written(layout={layout})"])[0]
        line = (
            f"{layout}: projection with measures {sparql + python + measures:.2f} s (SPARQL"
            f" {sparql:.2f} s, the rest {python + measures:.2f} s) + HTML {html:.2f} s ="
            f" {sparql + python + measures + html:.2f} s (target < 2 s); without the SPARQL"
            f" {python + measures + html:.2f} s"
        )
        still = rows.get(f"chromium: open until still (layout={layout})")
        if still:
            line += f"; stabilise {still[0][0]:.2f} s (target < 5 s)"
        print(line)


if __name__ == "__main__":
    main()
