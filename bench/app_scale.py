"""How fast the explorer answers: its start-up, and the time of its pages, by scale.

For each scale a store is built: the bundled data (``bundled``), or the bundled data with the
three CSV files of ``bench/generate.py`` loaded (``10k``, ``100k``, ``1m``...); stores are kept
in ``--out`` and reused. Then ``s3graph app`` runs on it as a whole process, and:

- start-up: seconds from starting the process to its first page answered, against
  ``python -c pass`` in the same run (medians of ``--starts``);
- pages: the time of each page over HTTP, its first request (the region page's is the
  first to read what the store remembers for every page: a page on a store just opened)
  and the median and 90th percentile of ``--runs`` requests after it, for the home page,
  the most active region, the largest partnership, the busiest organisation, a platform, a
  named question, the search and the SPARQL endpoint; against the library calls the region
  and partnership pages make (``s3graph.entities.profile``), timed in this process on the
  same store: what the explorer adds is the ratio.

Issue 16 asks for under 100 ms a page at the bundled scale and under 1 s at 1 M triples for
the region and partnership pages, and a start-up under 2 s.

Usage::

    python bench/app_scale.py                       # bundled and 1m
    python bench/app_scale.py --scales bundled --runs 10
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import FILES, generate, parse_scale  # noqa: E402

import s3graph  # noqa: E402
from s3graph.entities import profile  # noqa: E402
from s3graph.namespaces import organisation_iri, partnership_iri, region_iri  # noqa: E402

DEFAULT_OUT = BENCH / "out" / "app"
TARGETS = {"bundled": 0.1, "1m": 1.0}
"""Seconds a region or partnership page may take (issue 16)."""
STARTUP_TARGET = 2.0


def build(scale: str, out: Path) -> tuple[Path, dict[str, str]]:
    """The store of a scale (built once), and the region, partnership and organisation to ask."""
    store = out / scale / "store"
    probes = {"region": "ES24", "partnership": "im-h2valleys", "organisation": "ecrn"}
    if scale != "bundled":
        manifest = generate(parse_scale(scale), out / scale / "data")
        found = manifest["probe"]
        assert isinstance(found, dict)
        probes = {
            "region": str(found["region"]),
            "partnership": str(found["partnership"]),
            "organisation": str(found["organisation"]),
        }
    if not (store / "done").exists():
        shutil.rmtree(store, ignore_errors=True)
        with s3graph.open_built_store(str(store), write=True) as opened:
            for name in FILES.values() if scale != "bundled" else ():
                s3graph.load_csv(opened, out / scale / "data" / name, max_rows=10_000_000)
        (store / "done").write_text("built\n")
    return store, probes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, accept: str = "text/html") -> float:
    """Seconds until the whole answer to a GET has arrived."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"accept": accept})
    with urllib.request.urlopen(request, timeout=120) as answer:
        answer.read()
        assert answer.status == 200, (url, answer.status)
    return time.perf_counter() - started


def start_app(store: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """``s3graph app`` on the store, the address it answers at, and the seconds until its
    first page was answered."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "s3graph"),
            "--store",
            str(store),
            "app",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            get(url + "/")
            return process, url, time.perf_counter() - started
        except OSError:
            assert process.poll() is None, "s3graph app exited"
            time.sleep(0.01)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


def python_start() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def timings(work: Callable[[], object], runs: int) -> dict[str, float]:
    """Seconds of the first call, and median and 90th percentile of ``runs`` calls after it.

    The first call also reads what the store remembers for every page (``Store.remembered``:
    the evidence of suggestions, the partnerships' coverage): for the first page that needs
    it, it is the time of a page on a store just opened.
    """
    started = time.perf_counter()
    work()
    first = time.perf_counter() - started
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {
        "first": first,
        "median": statistics.median(seconds),
        "p90": seconds[min(len(seconds) - 1, int(0.9 * len(seconds)))],
    }


def measure(scale: str, out: Path, runs: int, starts: int) -> dict[str, Any]:
    store, probes = build(scale, out)
    region, partnership, organisation = (
        probes["region"],
        probes["partnership"],
        probes["organisation"],
    )
    startup = []
    for _ in range(starts):
        process, _, seconds = start_app(store)
        startup.append(seconds)
        stop(process)
    baseline_start = statistics.median(python_start() for _ in range(starts))
    process, url, _ = start_app(store)
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?p a s3:Partnership }")
    pages = {
        "home": "/",
        "region": f"/region/{region}",
        "partnership": f"/id/partnership/{partnership}",
        "organisation": f"/id/org/{organisation}",
        "platform": "/id/theme/energy",
        "region as Turtle": f"/region/{region}?format=ttl",
        "question": f"/questions/partnerships-of-region?region={region}",
        "search": f"/search?q={region}",
        "sparql": f"/sparql?query={query}",
    }
    try:
        answered = {
            name: timings(lambda path=path: get(url + path), runs) for name, path in pages.items()
        }
    finally:
        stop(process)
    with s3graph.open_store(str(store)) as opened:
        library = {
            "region": timings(lambda: profile(opened, region_iri(region)), runs),
            "partnership": timings(lambda: profile(opened, partnership_iri(partnership)), runs),
            "organisation": timings(lambda: profile(opened, organisation_iri(organisation)), runs),
        }
    return {
        "scale": scale,
        "probes": probes,
        "startup": {"app": statistics.median(startup), "python -c pass": baseline_start},
        "pages": answered,
        "library": library,
    }


def report(result: dict[str, Any]) -> str:
    scale = result["scale"]
    target = TARGETS.get(scale)
    lines = [
        f"### {scale}: {result['probes']}",
        "",
        "| page | first | median | p90 | library call | page / library |",
        "|---|---|---|---|---|---|",
    ]
    for name, seconds in result["pages"].items():
        library = result["library"].get(name)
        called, ratio = "", ""
        if library:
            called = f"{library['median'] * 1000:.0f} ms"
            ratio = f"{seconds['median'] / library['median']:.2f}x"
        lines.append(
            f"| {name} | {seconds['first'] * 1000:.0f} ms | {seconds['median'] * 1000:.0f} ms | "
            f"{seconds['p90'] * 1000:.0f} ms | "
            f"{called} | {ratio} |"
        )
    startup = result["startup"]
    lines += [
        "",
        f"Start-up to the first page: {startup['app']:.2f} s (python -c pass: "
        f"{startup['python -c pass']:.2f} s; target {STARTUP_TARGET:g} s).",
    ]
    if target:
        worst = max(result["pages"][name]["median"] for name in ("region", "partnership"))
        verdict = "met" if worst < target else "missed"
        lines.append(f"Region and partnership pages: target {target * 1000:.0f} ms, {verdict}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="bundled,1m", help="bundled, 10k, 100k, 1m, ...")
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    parser.add_argument("--starts", type=int, default=3, help="start-ups measured")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    results = []
    for scale in args.scales.split(","):
        result = measure(scale.strip(), args.out, args.runs, args.starts)
        results.append(result)
        print(report(result), flush=True)
        print(flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
