"""What one large CSV file costs to load and to reload, against the raw bulk load, in one run.

Cases (each file loaded by ``s3graph load`` as a whole process, into a fresh copy of a built
store holding the files it refers to; peak RSS from ``wait4``):

- ``skewed``: ``bench/generate.py skewed``, one memberships file of 100,000 rows of regions
  drawn very unevenly, 1.6 M triples: past the bulk loader's batch of 1,000,000 quads;
- ``1m-organisations`` and ``1m-memberships``: the files of the 1 M scale (below the batch);
- each file loaded again: the reload replaces its graph (same triples but the provenance).

The limit is pyoxigraph's ``bulk_load`` of the same graph's triples (exported as N-Triples)
into a fresh store, in its own process; the ratio is s3graph / limit, medians of ``--runs``.
The machine may be shared: the load average is printed with the figures.

Usage::

    python bench/load_scale.py                      # all cases, 1 run each
    python bench/load_scale.py --cases skewed --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import DEFAULT_OUT, SCALES, SKEWED, generate, generate_skewed  # noqa: E402
from run import build_base, child, progress, run_process, s3graph_command  # noqa: E402

GRAPH = "https://w3id.org/s3graph/graph/csv/{stem}"
CASES = {
    SKEWED: ("partnerships.csv", "memberships.csv"),
    "1m-organisations": ("organisations.csv",),
    "1m-memberships": ("partnerships.csv", "organisations.csv", "memberships.csv"),
}
"""Each case: the files loaded first (untimed), the last one measured."""


def data_folder(case: str) -> Path:
    if case == SKEWED:
        folder = DEFAULT_OUT / SKEWED
        generate_skewed(folder)
    else:
        folder = DEFAULT_OUT / "1m"
        generate(SCALES["1m"], folder)
    return folder


def measure(case: str, base: Path, work: Path, runs: int) -> dict[str, Any]:
    """Load, reload and the limit of one case, ``runs`` times each."""
    folder = data_folder(case)
    *before, measured = CASES[case]
    store, nt = work / "store", work / "graph.nt"
    loads: list[tuple[float, float]] = []
    reloads: list[tuple[float, float]] = []
    limits: list[tuple[float, float]] = []
    triples = 0
    for run in range(1, runs + 1):
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(base, store)
        for name in before:
            run_process(s3graph_command("--store", str(store), "load", str(folder / name)))
        for label, into in (("load", loads), ("reload", reloads)):
            progress(f"  {case}: {label} {measured}, run {run}")
            done = run_process(
                s3graph_command("--store", str(store), "load", str(folder / measured))
            )
            into.append((done.seconds, done.peak_mb))
            found = re.search(r"\((\d+) triples\)", done.stdout)
            triples = int(found.group(1)) if found else 0
        graph = GRAPH.format(stem=Path(measured).stem)
        run_process(
            s3graph_command(
                "--store", str(store), "export", "--format", "nt", "--graph", graph, "-o", str(nt)
            )
        )
        shutil.rmtree(work / "limit", ignore_errors=True)
        progress(f"  {case}: limit (pyoxigraph bulk_load), run {run}")
        done = run_process(child("bulk_load", source=str(nt), store=str(work / "limit")))
        limits.append((done.seconds, done.peak_mb))
    shutil.rmtree(work / "limit", ignore_errors=True)

    def median(samples: list[tuple[float, float]]) -> dict[str, float]:
        return {
            "median_s": statistics.median(seconds for seconds, _ in samples),
            "peak_rss_mb": max(peak for _, peak in samples),
        }

    result = {"triples": triples, "load": median(loads), "reload": median(reloads)}
    result["limit"] = median(limits)
    return result


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| case | triples | load | reload | limit | load/limit | reload/limit | peak RSS "
        "(load, reload, limit) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case, result in results.items():
        load, reload, limit = result["load"], result["reload"], result["limit"]
        lines.append(
            f"| {case} | {result['triples']:,} | {load['median_s']:.1f} s | "
            f"{reload['median_s']:.1f} s | {limit['median_s']:.1f} s | "
            f"{load['median_s'] / limit['median_s']:.2f}x | "
            f"{reload['median_s'] / limit['median_s']:.2f}x | "
            f"{load['peak_rss_mb']:,.0f} / {reload['peak_rss_mb']:,.0f} / "
            f"{limit['peak_rss_mb']:,.0f} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--cases", default=",".join(CASES), help="comma-separated, of: " + ", ".join(CASES)
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    args = parser.parse_args()
    work = args.out / "work-load"
    work.mkdir(parents=True, exist_ok=True)
    base = build_base(args.out)
    results = {}
    for case in args.cases.split(","):
        results[case] = measure(case, base, work, args.runs)
        (args.out / "results-load.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nLoad average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
