"""What answering in a query process costs ordinary queries, against answering in this process.

An embedded store opened for reading sends its queries to a child process, which can be
stopped when a query runs too long or needs too much memory (``s3graph.store.query_process``).
This measures, in one run on one store, each named question (and an ASK, the smallest query
there is) answered both ways: through ``EmbeddedStore(path)``, as every read command and the
Python API do, and in this process, through the same store opened for writing (which answers
in-process: its queries are s3graph's own). It also times the first query of a store opened
for reading, which starts the child, and ``s3graph partnerships --region ES24`` end to end.

Medians of ``--runs`` after a warm-up; the ratio is query process / in this process.

Usage::

    python bench/query_process.py                  # the bundled data, built in a temporary folder
    python bench/query_process.py --store PATH     # an existing store (bench/run.py's at 1M, say)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import s3graph
from s3graph.store.oxigraph import EmbeddedStore

PARAMETERS = {
    "countries-absent-from-platform": {"platform": "energy"},
    "members-with-role": {"role": "lead"},
    "most-connected-regions": {"minimum": 2},
    "organisations-of-region": {"region": "ES24"},
    "partnerships-established-since": {"year": 2018},
    "partnerships-of-organisation": {"organisation": "aragon-exterior"},
    "partnerships-of-region": {"region": "ES24"},
    "regions-absent-from-platform": {"platform": "energy"},
    "regions-of-partnership": {"partnership": "im-h2valleys"},
    "search-names": {"text": "valley"},
    "sources-of-partnership": {"partnership": "im-h2valleys"},
}


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median time of ``runs`` calls of ``work``, after one to warm up."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: the bundled data)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "store"
        if args.store:
            shutil.copytree(args.store, path)
        else:
            s3graph.open_built_store(str(path)).close()
        measure(path, args.runs)


def measure(path: Path, runs: int) -> None:
    questions: dict[str, Callable[[s3graph.Store], object]] = {
        "ASK { ?s ?p ?o }": lambda store: store.ask("ASK { ?s ?p ?o }")
    }
    for query in s3graph.list_queries():
        params = PARAMETERS.get(query.name, {})
        questions[query.name] = lambda store, name=query.name, params=params: s3graph.run_query(
            store, name, **params
        )

    starts = []
    for _ in range(runs):
        with EmbeddedStore(path) as store:
            started = time.perf_counter()
            store.ask("ASK {}")
            starts.append(time.perf_counter() - started)
    print(
        f"first query of a store opened for reading (starts the child): "
        f"{1000 * statistics.median(starts):.1f} ms"
    )

    # Taken in turns, so that both ways meet the same load on the machine.
    apart: dict[str, list[float]] = {name: [] for name in questions}
    inside: dict[str, list[float]] = {name: [] for name in questions}
    for _ in range(runs):
        with EmbeddedStore(path) as isolated:
            for name, ask in questions.items():
                apart[name].append(median_seconds(partial(ask, isolated), 1))
        with EmbeddedStore(path, write=True) as here:
            for name, ask in questions.items():
                inside[name].append(median_seconds(partial(ask, here), 1))

    print("\n| question | query process | in this process | ratio |\n|---|---:|---:|---:|")
    for name in questions:
        one, other = statistics.median(apart[name]), statistics.median(inside[name])
        print(f"| {name} | {1000 * one:.2f} ms | {1000 * other:.2f} ms | {one / other:.2f}x |")
    total_apart = sum(map(statistics.median, apart.values()))
    total_inside = sum(map(statistics.median, inside.values()))
    print(
        f"| all of the above | {1000 * total_apart:.1f} ms | {1000 * total_inside:.1f} ms | "
        f"{total_apart / total_inside:.2f}x |"
    )

    command = [
        sys.executable,
        "-m",
        "s3graph",
        "--store",
        str(path),
        "partnerships",
        "--region",
        "ES24",
    ]
    wall = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), runs)
    print(f"\n`s3graph partnerships --region ES24`, end to end: {1000 * wall:.0f} ms")


if __name__ == "__main__":
    main()
