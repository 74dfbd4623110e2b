"""How long the map of all 2,010 NUTS regions takes to compute, write and open, and its size.

A loadable data set is made first: the bundled store plus 100 partnerships whose members are
all 2,010 regions (each in one, 200 in a second), loaded through ``load_csv``; so the default
map (``--level auto``: each member at its own level) draws every region. Then, as medians of
``--runs`` (wall and CPU seconds):

- cold: ``region_map`` and the HTML page written, with the boundaries read and projected
  again (their caches cleared), as a fresh ``s3graph map`` process pays;
- warm, stage by stage: the map data (SPARQL and Python), the HTML page, the GeoJSON file,
  the PNG and SVG pages (matplotlib imported first);
- the baseline in the same run: the same 2,010 GISCO features written as plain GeoJSON by
  ``json.dumps``, the least any file of these polygons costs to write; the HTML and GeoJSON
  times are also shown as ratios to it;
- headless Chromium: seconds from opening the page until its script has run
  (``--skip-browser`` leaves it out).

Issue 15 asks for the map of all 2,010 regions written in under 1 s.

Usage::

    python bench/map_scale.py
    python bench/map_scale.py --runs 5 --skip-browser
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import s3graph
from s3graph import boundaries
from s3graph.maps import RegionMap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import Chromium  # the browser driver of the tests

T = TypeVar("T")
PARTNERSHIPS = 100
SECOND_MEMBERSHIPS = 200
PLATFORMS = ("agri-food", "energy", "industrial-modernisation")
STILL = "document.querySelector('.s3graph-map').dataset.state === 'still'"
TARGET_SECONDS = 1.0
Rows = dict[str, list[tuple[float, float]]]


def timed(label: str, work: Callable[[], T], rows: Rows) -> T:
    """Run ``work``, keep its wall and CPU seconds under ``label``, and print them."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    rows.setdefault(label, []).append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu = rows[label][-1]
    print(f"{label:<52} {wall:7.3f} s  (CPU {cpu:6.3f} s)", flush=True)
    return result


def median(rows: Rows, label: str) -> float:
    """The median wall seconds of a stage."""
    return statistics.median(wall for wall, _ in rows[label])


def synthetic_store(folder: Path) -> s3graph.Store:
    """The bundled store plus 100 partnerships whose members are all 2,010 regions."""
    store = s3graph.open_built_store("memory")
    codes = sorted(boundaries.region_geometries())
    partnerships = [f"bench-{index:03d}" for index in range(PARTNERSHIPS)]
    members = {(partnerships[index % PARTNERSHIPS], code) for index, code in enumerate(codes)}
    members |= {
        (partnerships[(index * 7 + 3) % PARTNERSHIPS], code)
        for index, code in enumerate(codes[::10][:SECOND_MEMBERSHIPS])
    }
    with (folder / "bench-partnerships.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["partnership_id", "name", "platform"])
        for index, partnership in enumerate(partnerships):
            writer.writerow([partnership, f"Bench partnership {index}", PLATFORMS[index % 3]])
    with (folder / "bench-memberships.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["partnership_id", "member", "role"])
        for index, (partnership, code) in enumerate(sorted(members)):
            writer.writerow([partnership, code, "lead" if index % 21 == 0 else "member"])
    for name in ("bench-partnerships.csv", "bench-memberships.csv"):
        s3graph.load_csv(store, folder / name)
    return store


def cold_map(store: s3graph.Store, page: Path) -> RegionMap:
    """The map and its page, with the boundaries read and projected again."""
    boundaries.region_geometries.cache_clear()
    boundaries.region_shapes.cache_clear()
    drawn = s3graph.region_map(store)
    drawn.write(page, "html")
    return drawn


def plain_geojson(path: Path) -> None:
    """The baseline: the bundled features written as they are, by ``json.dumps``."""
    features = [
        {"type": "Feature", "properties": {"NUTS_ID": code}, "geometry": geometry}
        for code, geometry in boundaries.region_geometries().items()
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--skip-browser", action="store_true", help="leave out Chromium")
    parser.add_argument("--runs", type=int, default=3, help="repeat the stages; medians shown")
    arguments = parser.parse_args()
    rows: Rows = {}
    # Chromium may still be writing its profile as it exits
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        store = timed("setup: bundled store + synthetic CSV", lambda: synthetic_store(work), rows)
        files = {fmt: work / f"europe.{fmt}" for fmt in ("html", "geojson", "png", "svg")}
        with store:
            timed("imports: matplotlib", lambda: __import__("matplotlib.pyplot"), rows)
            for _ in range(arguments.runs):
                drawn = timed(
                    "cold: region_map + HTML page, boundaries re-read",
                    lambda: cold_map(store, files["html"]),
                    rows,
                )
                drawn = timed(
                    "warm: region_map (map data)", lambda: s3graph.region_map(store), rows
                )
                for fmt, path in files.items():
                    timed(
                        f"warm: write {fmt}",
                        partial(drawn.write, path, fmt),
                        rows,
                    )
                timed(
                    "baseline: plain GeoJSON, json.dumps",
                    lambda: plain_geojson(work / "plain.geojson"),
                    rows,
                )
        regions = len(drawn.data.regions)
        if not arguments.skip_browser:
            browser = Chromium(work / "profile")
            try:
                for _ in range(arguments.runs):
                    started = time.perf_counter()
                    browser.open(files["html"])
                    browser.wait_for(STILL, timeout=60)
                    rows.setdefault("chromium: open until drawn", []).append(
                        (time.perf_counter() - started, 0.0)
                    )
                if browser.exceptions or browser.console_errors:
                    raise RuntimeError(
                        f"script errors: {browser.exceptions + browser.console_errors}"
                    )
            finally:
                browser.close()
        sizes = {fmt: path.stat().st_size / 1e6 for fmt, path in files.items()}
        sizes["plain geojson"] = (work / "plain.geojson").stat().st_size / 1e6
        summarise(rows, arguments.runs, regions, sizes)


def summarise(rows: Rows, runs: int, regions: int, sizes: dict[str, float]) -> None:
    """The medians, the ratios to the baseline, the sizes, and the target."""
    print(f"\n{regions:,} regions drawn; medians of {runs} run(s): wall s (CPU s)")
    for label, measured in rows.items():
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        print(f"  {label:<52} {wall:7.3f} ({cpu:6.3f})")
    baseline = median(rows, "baseline: plain GeoJSON, json.dumps")
    for fmt in ("html", "geojson"):
        ratio = median(rows, f"warm: write {fmt}") / baseline
        print(f"  write {fmt} / plain GeoJSON: {ratio:5.2f}x")
    print("  sizes: " + ", ".join(f"{fmt} {size:.2f} MB" for fmt, size in sizes.items()))
    cold = median(rows, "cold: region_map + HTML page, boundaries re-read")
    verdict = "met" if cold < TARGET_SECONDS else "missed"
    print(f"  map of all regions, cold, written as HTML: {cold:.3f} s (target < 1 s: {verdict})")


if __name__ == "__main__":
    main()
