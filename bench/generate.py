"""Deterministic synthetic S3 data of a chosen size, in the CSV formats s3graph loads.

The regions are the real NUTS regions bundled with s3graph (``data/regions.csv``), so the
generated files are the other three kinds: partnerships, organisations and memberships that
refer to real NUTS codes. The shape follows the real platforms: a few hundred partnerships
across agri-food, energy and industrial modernisation (a quarter of the latter in the CCI
thematic area); region activity skewed like Zipf's law (a few regions join many
partnerships, most join one or two); organisations based in regions, joining partnerships
their region takes part in more often than others.

The size is counted in triples: every record is turned into triples by s3graph's own
functions (``s3graph.tables.SPECS``) while it is generated, and generation stops once the
target is reached. The same scale and seed always give the same files.

Usage::

    python bench/generate.py 100k              # into bench/out/data/100k/
    python bench/generate.py 1m --out /tmp/data
    python bench/generate.py skewed            # 100,000 memberships of regions, 1.6 M triples
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from s3graph.records import Date, MembershipRecord, OrganisationRecord, PartnershipRecord, Record
from s3graph.resources import data_file
from s3graph.tables import SPECS, Kind
from s3graph.vocabulary import ORGANISATION_TYPES

SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
SKEWED = "skewed"
"""The name of the case of ``generate_skewed``, beside the scales."""
SKEWED_ROWS = 100_000
SKEWED_MEMBERS = 100  # regions per partnership
SKEWED_EXPONENT = 1.2
SEED = 20_240_607
GENERATOR_VERSION = 1
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "data"

# Load order: memberships refer to the partnerships and organisations before them.
FILES = {
    Kind.PARTNERSHIPS: "partnerships.csv",
    Kind.ORGANISATIONS: "organisations.csv",
    Kind.MEMBERSHIPS: "memberships.csv",
}
PLATFORM_SHARES = {"agri-food": 0.30, "energy": 0.25, "industrial-modernisation": 0.45}
PLATFORM_PREFIX = {"agri-food": "agri", "energy": "energy", "industrial-modernisation": "im"}
CCI_SHARE = 0.25  # of industrial-modernisation partnerships
REGION_TRIPLE_SHARE = 0.25  # of the target, spent on region memberships
LEVEL_WEIGHTS = {1: 0.5, 2: 1.0, 3: 0.3}  # partnerships are mostly NUTS 2 regions
ZIPF_EXPONENT = 0.9
MIN_ORGANISATIONS = 10  # even the smallest scale has organisations to ask about
DEMO_REGION = "ES24"  # ranked first, so the start-up probe asks about an active region
ORGANISATION_TYPE_WEIGHTS = (0.10, 0.25, 0.05, 0.03, 0.12, 0.20, 0.20, 0.05)
TOPICS = (
    "Smart Farming",
    "Hydrogen Valleys",
    "Marine Renewables",
    "Bioeconomy",
    "Circular Textiles",
    "Advanced Materials",
    "Creative Tourism",
    "Digital Health",
    "Solar Energy",
    "Food Traceability",
    "Batteries",
    "Sustainable Construction",
)


@dataclass
class Synthetic:
    """The generated rows of each kind and the number of triples they make."""

    target: int
    rows: dict[Kind, list[dict[str, str]]] = field(
        default_factory=lambda: {kind: [] for kind in FILES}
    )
    triples: int = 0

    def add(self, kind: Kind, row: dict[str, str], record: Record) -> None:
        self.rows[kind].append(row)
        self.triples += sum(1 for _ in SPECS[kind].triples(record))


@dataclass(frozen=True)
class Region:
    code: str
    level: int
    parent: str


def parse_scale(text: str) -> int:
    """A scale as a number of triples: ``10k``, ``1m``, or digits.

    >>> parse_scale("100k"), parse_scale("2500")
    (100000, 2500)
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", text.strip().lower())
    if not match:
        raise ValueError(f"not a scale: {text!r}; give e.g. 10k, 1m or 250000")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2)]
    return int(float(match.group(1)) * factor)


def generate(target: int, folder: Path, *, seed: int = SEED) -> dict[str, object]:
    """Write the three CSV files and ``manifest.json`` for ``target`` triples into ``folder``.

    Files already there for the same target, seed and generator version are kept.

    Returns:
        The manifest: counts, the triples produced, and probe values for the benchmark
        (the most active region, the largest partnership, the busiest organisation).
    """
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (manifest.get("target"), manifest.get("seed"), manifest.get("version")) == (
            target,
            seed,
            GENERATOR_VERSION,
        ):
            return manifest
    rng = random.Random(seed)
    regions = _ranked_regions(rng)
    data = Synthetic(target)
    partnerships = _partnerships(rng, data, target)
    _region_memberships(rng, data, regions, partnerships, target)
    _organisations(rng, data, regions, partnerships, target)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, name in FILES.items():
        _write_csv(folder / name, SPECS[kind].columns.all, data.rows[kind])
    manifest = _manifest(data, target, seed)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def generate_skewed(
    folder: Path, *, rows: int = SKEWED_ROWS, seed: int = SEED
) -> dict[str, object]:
    """A case unlike the scales: one memberships file of ``rows`` rows, all of regions.

    Regions are drawn far more unevenly (Zipf exponent ``SKEWED_EXPONENT``: the first ones
    are in nearly every partnership), every row has a start, an end and a source (16 triples
    a row: 1.6 M for 100,000 rows, more than the bulk loader's batch of 1,000,000 quads), and
    ``partnerships.csv`` holds the partnerships it refers to. Files already there for the
    same rows, seed and generator version are kept.

    Returns:
        The manifest: the files, their rows and triples.
    """
    manifest_path = folder / "manifest.json"
    key = {"version": GENERATOR_VERSION, "seed": seed, "rows": rows}
    if manifest_path.is_file():
        manifest: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(manifest.get(name) == value for name, value in key.items()):
            return manifest
    rng = random.Random(seed)
    pool, _ = _ranked_regions(rng)
    weights = (1 / (rank + 1) ** SKEWED_EXPONENT for rank in range(len(pool)))
    regions = (pool, list(itertools.accumulate(weights)))
    data = Synthetic(0)
    partnerships = _partnerships(rng, data, 0, count=-(-rows // SKEWED_MEMBERS))
    partnership_triples = data.triples
    for number, (partnership_id, _) in enumerate(partnerships):
        size = min(SKEWED_MEMBERS, rows - number * SKEWED_MEMBERS)
        for index, region in enumerate(_sample_regions(rng, regions, size)):
            since = rng.randint(2016, 2022)
            dates = (str(since), str(rng.randint(since + 1, 2025)))
            role = "lead" if index == 0 else "member"
            _add_membership(rng, data, partnership_id, region.code, True, role, dates)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in (Kind.PARTNERSHIPS, Kind.MEMBERSHIPS):
        _write_csv(folder / FILES[kind], SPECS[kind].columns.all, data.rows[kind])
        triples = (
            partnership_triples if kind is Kind.PARTNERSHIPS else data.triples - partnership_triples
        )
        files[FILES[kind]] = {"rows": len(data.rows[kind]), "triples": triples}
    manifest = {**key, "files": files}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _ranked_regions(rng: random.Random) -> tuple[list[Region], list[float]]:
    """Member-able regions in a fixed random order, with cumulative Zipf x level weights."""
    with data_file("regions.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    pool = [
        Region(row["nuts_code"], int(row["level"]), row["parent"])
        for row in rows
        if int(row["level"]) in LEVEL_WEIGHTS
    ]
    pool.sort(key=lambda region: region.code)
    rng.shuffle(pool)
    pool.sort(key=lambda region: region.code != DEMO_REGION)
    weights = [
        LEVEL_WEIGHTS[region.level] / (rank + 1) ** ZIPF_EXPONENT
        for rank, region in enumerate(pool)
    ]
    return pool, list(itertools.accumulate(weights))


def _partnerships(
    rng: random.Random, data: Synthetic, target: int, *, count: int | None = None
) -> list[tuple[str, float]]:
    """A few hundred partnerships (or ``count``); returns (id, popularity) pairs."""
    count = count or min(300, max(30, target // 330))
    platforms = list(PLATFORM_SHARES)
    chosen = rng.choices(platforms, weights=list(PLATFORM_SHARES.values()), k=count)
    partnerships = []
    for number, platform in enumerate(chosen, start=1):
        area = "cci" if platform == "industrial-modernisation" and rng.random() < CCI_SHARE else ""
        partnership_id = f"bench-{PLATFORM_PREFIX[platform]}-{number:04d}"
        name = f"{rng.choice(TOPICS)} {number}"
        year = str(rng.randint(2015, 2023))
        complete = rng.random() < 0.3
        source = f"https://example.org/s3/{partnership_id}"
        row = {
            "partnership_id": partnership_id,
            "name": name,
            "platform": platform,
            "thematic_area": area,
            "year_established": year,
            "website": f"https://example.org/partnership/{number}",
            "reported_size": f"{rng.randint(5, 60)} regions",
            "coverage": "complete" if complete else "partial",
            "source": source,
        }
        record = PartnershipRecord(
            line=0,
            partnership_id=partnership_id,
            name=name,
            platform=platform,
            thematic_area=area,
            year_established=year,
            website=row["website"],
            reported_size=row["reported_size"],
            complete=complete,
            sources=(source,),
        )
        data.add(Kind.PARTNERSHIPS, row, record)
        partnerships.append((partnership_id, rng.lognormvariate(0, 0.7)))
    return partnerships


def _dates(rng: random.Random) -> tuple[str, str]:
    """Membership dates at mixed precision: none, a start, or a start and an end."""
    if rng.random() < 0.4:
        return "", ""
    year = rng.randint(2016, 2023)
    precision = rng.random()
    if precision < 0.7:
        since = f"{year}"
    elif precision < 0.9:
        since = f"{year}-{rng.randint(1, 12):02d}"
    else:
        since = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    until = f"{rng.randint(year + 1, 2025)}" if rng.random() < 0.15 else ""
    return since, until


def _add_membership(
    rng: random.Random,
    data: Synthetic,
    partnership_id: str,
    member: str,
    is_region: bool,
    role: str,
    dates: tuple[str, str] | None = None,
) -> None:
    since, until = dates or _dates(rng)
    source = f"https://example.org/s3/{partnership_id}/members"
    row = {
        "partnership_id": partnership_id,
        "member": member,
        "role": role,
        "since": since,
        "until": until,
        "source": source,
    }
    record = MembershipRecord(
        line=0,
        partnership_id=partnership_id,
        member=member,
        member_is_region=is_region,
        role=role,
        since=Date(since) if since else None,
        until=Date(until) if until else None,
        sources=(source,),
    )
    data.add(Kind.MEMBERSHIPS, row, record)


def _sample_regions(
    rng: random.Random, regions: tuple[list[Region], list[float]], size: int
) -> list[Region]:
    """``size`` distinct regions drawn by their skewed weights."""
    pool, cumulative = regions
    chosen: dict[str, Region] = {}
    while len(chosen) < size:
        region = pool[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
        chosen.setdefault(region.code, region)
    return list(chosen.values())


def _region_memberships(
    rng: random.Random,
    data: Synthetic,
    regions: tuple[list[Region], list[float]],
    partnerships: list[tuple[str, float]],
    target: int,
) -> None:
    """Regions join partnerships: a lead, a few co-leads, members and some observers."""
    budget = REGION_TRIPLE_SHARE * target
    triples_per_membership = 11
    total = budget / triples_per_membership
    popularity = sum(weight for _, weight in partnerships)
    largest = len(regions[0]) // 4
    for partnership_id, weight in partnerships:
        size = max(3, min(largest, round(total * weight / popularity)))
        members = _sample_regions(rng, regions, size)
        co_leads = rng.randint(0, 2)
        for index, region in enumerate(members):
            if index == 0:
                role = "lead"
            elif index <= co_leads:
                role = "co-lead"
            else:
                role = "observer" if rng.random() < 0.05 else "member"
            _add_membership(rng, data, partnership_id, region.code, True, role)


def _organisations(
    rng: random.Random,
    data: Synthetic,
    regions: tuple[list[Region], list[float]],
    partnerships: list[tuple[str, float]],
    target: int,
) -> None:
    """Organisations in regions, each joining one or more partnerships, up to the target."""
    in_region: defaultdict[str, list[str]] = defaultdict(list)
    for row in data.rows[Kind.MEMBERSHIPS]:
        in_region[row["member"]].append(row["partnership_id"])
    ids = [partnership_id for partnership_id, _ in partnerships]
    cumulative = list(itertools.accumulate(weight for _, weight in partnerships))
    roles = ("member", "observer", "initiator", "co-lead", "lead")
    role_weights = (0.80, 0.10, 0.05, 0.03, 0.02)
    for number in itertools.count(1):
        if data.triples >= target and number > MIN_ORGANISATIONS:
            return
        org_id = f"bench-org-{number:06d}"
        region = _sample_regions(rng, regions, 1)[0] if rng.random() < 0.9 else None
        org_type = rng.choices(ORGANISATION_TYPES.slugs, weights=ORGANISATION_TYPE_WEIGHTS)[0]
        name = f"{org_type.replace('-', ' ').title()} {number}" + (
            f" ({region.code})" if region else ""
        )
        source = f"https://example.org/org/{number}"
        row = {
            "org_id": org_id,
            "name": name,
            "type": org_type,
            "region": region.code if region else "",
            "website": f"https://example.org/org/{number}/home",
            "source": source,
        }
        record = OrganisationRecord(
            line=0,
            org_id=org_id,
            name=name,
            type=org_type,
            region=row["region"],
            website=row["website"],
            sources=(source,),
        )
        data.add(Kind.ORGANISATIONS, row, record)
        nearby = in_region.get(region.code, []) + in_region.get(region.parent, []) if region else []
        joined: set[str] = set()
        for _ in range(min(len(ids), 1 + int(rng.expovariate(1.0)))):
            if nearby and rng.random() < 0.7:
                partnership_id = rng.choice(nearby)
            else:
                partnership_id = ids[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
            if partnership_id in joined:
                continue
            joined.add(partnership_id)
            role = rng.choices(roles, weights=role_weights)[0]
            _add_membership(rng, data, partnership_id, org_id, False, role)


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)


def _manifest(data: Synthetic, target: int, seed: int) -> dict[str, object]:
    memberships = data.rows[Kind.MEMBERSHIPS]
    region_codes = {row["member"] for row in memberships if not row["member"].startswith("bench")}
    by_region = Counter(row["member"] for row in memberships if row["member"] in region_codes)
    by_partnership = Counter(row["partnership_id"] for row in memberships)
    by_organisation = Counter(
        row["member"] for row in memberships if row["member"] not in region_codes
    )
    top_region = by_region.most_common(1)[0][0]
    return {
        "version": GENERATOR_VERSION,
        "seed": seed,
        "target": target,
        "triples": data.triples,
        "files": {kind.value: name for kind, name in FILES.items()},
        "partnerships": len(data.rows[Kind.PARTNERSHIPS]),
        "organisations": len(data.rows[Kind.ORGANISATIONS]),
        "memberships": len(memberships),
        "region_memberships": sum(by_region.values()),
        "member_regions": len(by_region),
        "probe": {
            "region": top_region,
            "country": top_region[:2],
            "partnership": by_partnership.most_common(1)[0][0],
            "organisation": by_organisation.most_common(1)[0][0],
            "platform": "energy",
            "area": "cci",
            "role": "lead",
            "year": 2018,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scale", help=f"10k, 100k, 1m, 10m, a number of triples, or {SKEWED} (generate_skewed)"
    )
    parser.add_argument("--out", type=Path, help="folder [default: bench/out/data/SCALE]")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    folder = args.out or DEFAULT_OUT / args.scale.lower()
    if args.scale == SKEWED:
        print(json.dumps(generate_skewed(folder, seed=args.seed)["files"]))
        return
    manifest = generate(parse_scale(args.scale), folder, seed=args.seed)
    print(json.dumps({key: manifest[key] for key in ("triples", "memberships")}))


if __name__ == "__main__":
    main()
