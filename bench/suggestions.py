"""How well ``s3graph suggest`` finds memberships it was not shown, against two baselines.

The data are the bundled memberships of regions (each distinct region and partnership once).
Two protocols, both in this run:

- leave one out: each membership in turn is hidden, and the rest is the graph;
- seeded 20 %: a random fifth of the memberships is hidden at once, for ``--seeds`` seeds.

For each hidden membership of region ``r`` in partnership ``p``, both directions are ranked:
the partnerships ``r`` is not in (is ``p`` among the first 5, the first 10?) and the regions
that might join ``p`` (is ``r``?). A region hidden from its only partnership leaves the
graph, so no method can rank it for ``p``: those cases are counted apart, not as misses.

Rankings compared, over the same candidates:

- s3graph: ``rank_partnerships`` and ``rank_regions``, L3 with borders (and S3 priorities,
  where the data has any);
- L3 on partnerships alone: the same with no borders and no priorities (what geography and
  priorities add);
- most popular first: partnerships by member regions, regions by partnerships, then by code;
- random: the hit rate of a random order, computed exactly (``min(k, n) / n`` for a target
  among ``n`` candidates), so it has no noise of its own.

The gap between s3graph and most popular first comes with a 95 % interval from a paired
bootstrap over the hidden memberships (``--resamples``, seeded).

Usage::

    python bench/suggestions.py
    python bench/suggestions.py --seeds 5 --resamples 200 --output bench/SUGGESTIONS.md
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import s3graph
from s3graph.suggestions import Evidence, Ranking, Suggestion, rank_partnerships, rank_regions

KS = (5, 10)
Ranker = Callable[[Evidence, str], Ranking]


@dataclass(frozen=True)
class Case:
    """One hidden membership, ranked one way: where each method puts the target (or None)."""

    direction: str  # "partnerships for a region" or "regions for a partnership"
    warm: bool  # the region keeps another membership
    candidates: int
    positions: dict[str, int | None]


def positions(ranked: Sequence[Suggestion], target: str) -> dict[str, int | None]:
    """Where s3graph's order and the most-popular order put the target, from 0."""
    by_size = sorted(ranked, key=lambda item: (-item.size, item.code))
    found = {}
    for name, order in (("s3graph", ranked), ("most popular first", by_size)):
        codes = [item.code for item in order]
        found[name] = codes.index(target) if target in codes else None
    return found


def cases(evidence: Evidence, hidden: Iterable[tuple[str, str]]) -> list[Case]:
    """Rank both ways for each hidden membership, on the evidence without all of them."""
    hidden = set(hidden)
    shown = replace(evidence, memberships=evidence.memberships - hidden)
    bare = replace(shown, borders={}, priorities=frozenset())
    members = {region for region, _ in shown.memberships}
    found = []
    for region, partnership in sorted(hidden):
        warm = region in members
        ways: list[tuple[str, Ranker, str, str]] = [
            ("partnerships for a region", rank_partnerships, region, partnership)
        ]
        if warm:  # a region in no partnership is no candidate for any ranking
            ways.append(("regions for a partnership", rank_regions, partnership, region))
        for direction, rank, subject, target in ways:
            ranked = rank(shown, subject).items
            where = positions(ranked, target)
            alone = rank(bare, subject).items
            where["L3 on partnerships alone"] = positions(alone, target)["s3graph"]
            found.append(Case(direction, warm, len(ranked), where))
    return found


def hit_rate(found: Sequence[Case], method: str, k: int) -> float:
    """The share of cases whose target the method puts among its first k."""
    if method == "random":
        return statistics.fmean(min(k, case.candidates) / case.candidates for case in found)
    return statistics.fmean(_hit(case, method, k) for case in found)


def _hit(case: Case, method: str, k: int) -> float:
    position = case.positions[method]
    return float(position is not None and position < k)


def gap_interval(
    found: Sequence[Case], k: int, *, resamples: int, seed: int
) -> tuple[float, float, float]:
    """s3graph's hit rate minus most-popular's, and a 95 % paired bootstrap interval."""
    gaps = [_hit(case, "s3graph", k) - _hit(case, "most popular first", k) for case in found]
    rng = random.Random(seed)
    means = sorted(statistics.fmean(rng.choices(gaps, k=len(gaps))) for _ in range(resamples))
    low, high = means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]
    return statistics.fmean(gaps), low, high


METHODS = ("s3graph", "L3 on partnerships alone", "most popular first", "random")
HEADER = " | ".join(f"{method} @{k}" for method in METHODS for k in KS)


def leave_one_out_table(groups: dict[str, list[Case]], resamples: int) -> list[str]:
    """Hit rates at 5 and 10 of every method, and the gap to most popular with its interval."""
    lines = [
        f"| cases | n | candidates (median) | {HEADER} | s3graph - most popular @5 "
        "(95 % CI) | @10 (95 % CI) |",
        "|---|---:|---:|" + "---:|" * (len(METHODS) * len(KS) + 2),
    ]
    for name, found in groups.items():
        gaps = []
        for k in KS:
            mean, low, high = gap_interval(found, k, resamples=resamples, seed=k)
            gaps.append(f"{mean:+.3f} ({low:+.3f} to {high:+.3f})")
        lines.append(
            f"| {name} | {len(found)} | {_median_candidates(found)} | {_rates(found)} | "
            + " | ".join(gaps)
            + " |"
        )
    return lines


def seeded_table(groups_by_seed: list[dict[str, list[Case]]]) -> list[str]:
    """Hit rates of every method over the cases of all seeds, and the gap to most popular
    seed by seed: its mean, and in how many seeds s3graph is ahead and behind."""
    lines = [
        f"| cases | n | candidates (median) | {HEADER} | s3graph - most popular @5 "
        "(seeds ahead/behind) | @10 (seeds ahead/behind) |",
        "|---|---:|---:|" + "---:|" * (len(METHODS) * len(KS) + 2),
    ]
    for name in groups_by_seed[0]:
        pooled = [case for groups in groups_by_seed for case in groups[name]]
        gaps = []
        for k in KS:
            by_seed = [
                hit_rate(groups[name], "s3graph", k)
                - hit_rate(groups[name], "most popular first", k)
                for groups in groups_by_seed
                if groups[name]
            ]
            ahead, behind = sum(gap > 0 for gap in by_seed), sum(gap < 0 for gap in by_seed)
            gaps.append(f"{statistics.fmean(by_seed):+.3f} ({ahead}/{behind})")
        lines.append(
            f"| {name} | {len(pooled)} | {_median_candidates(pooled)} | "
            f"{_rates(pooled)} | " + " | ".join(gaps) + " |"
        )
    return lines


def _rates(found: Sequence[Case]) -> str:
    return " | ".join(f"{hit_rate(found, method, k):.3f}" for method in METHODS for k in KS)


def _median_candidates(found: Sequence[Case]) -> str:
    return f"{statistics.median(case.candidates for case in found):g}"


def grouped(found: Sequence[Case]) -> dict[str, list[Case]]:
    """The cases by direction, and partnerships for a region split by whether it is warm."""
    region = [case for case in found if case.direction == "partnerships for a region"]
    return {
        "partnerships for a region": region,
        "... region in other partnerships": [case for case in region if case.warm],
        "... region in no other partnership": [case for case in region if not case.warm],
        "regions for a partnership": [
            case for case in found if case.direction == "regions for a partnership"
        ],
    }


def _regions(count: int) -> str:
    return f"{count} region{'' if count == 1 else 's'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="seeds of the 20 %% protocol")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--output", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from s3graph.suggestions import read_evidence

    with s3graph.open_built_store("memory") as store:
        evidence = read_evidence(store)
    memberships = sorted(evidence.memberships)
    regions = {region for region, _ in memberships}
    partnerships = {partnership for _, partnership in memberships}
    lines = [
        "# How well suggestions find hidden memberships",
        "",
        f"Bundled data: {len(memberships)} memberships of {len(regions)} regions in "
        f"{len(partnerships)} partnerships (of {len(evidence.partnerships)}); "
        f"S3 priorities of {_regions(len({region for region, _ in evidence.priorities}))}. "
        "Hit rate at k: the share of hidden memberships whose partnership (or region) is "
        "among the first k suggestions.",
        "",
    ]
    leave_one_out = [case for hidden in memberships for case in cases(evidence, [hidden])]
    alone = sum(1 for region, _ in memberships if len(_partnerships(region, memberships)) == 1)
    lines += [
        "## Leave one out",
        "",
        *leave_one_out_table(grouped(leave_one_out), args.resamples),
        "",
        f"Regions for a partnership leaves out the {alone} memberships whose region is in no "
        "other partnership: hidden, the region is in no partnership, and no method ranks it. "
        f"Intervals: paired bootstrap over the hidden memberships, {args.resamples} resamples.",
        "",
        f"## Seeded 20 % hidden at once ({args.seeds} seeds)",
        "",
    ]
    by_seed = []
    for seed in range(args.seeds):
        hidden = random.Random(seed).sample(memberships, k=round(0.2 * len(memberships)))
        by_seed.append(grouped(cases(evidence, hidden)))
    lines += [*seeded_table(by_seed), ""]
    lines.append(f"Measured in {time.perf_counter() - started:.1f} s.")
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


def _partnerships(region: str, memberships: Iterable[tuple[str, str]]) -> set[str]:
    return {partnership for member, partnership in memberships if member == region}


if __name__ == "__main__":
    sys.exit(main())
