"""The ontology and the bundled data that ship with s3graph, and where they live.

The files stay in the project's top-level ``ontology/`` and ``data/`` folders (installed in
editable mode, as the Makefile does); nothing is read from outside the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError
from .tables import Kind

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"

ONTOLOGY_FILES = ("s3.ttl", "schemes.ttl")
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class BundledFile:
    """One bundled data file and the named graph it goes into."""

    name: str
    graph_slug: str
    kind: Kind | None  # None: an RDF file loaded as it is

    @property
    def path(self) -> Path:
        return _existing(DATA_DIR / self.name)


# In load order: each file may refer to what the files before it define.
BUNDLED_FILES = (
    BundledFile("regions.csv", "data/regions", Kind.REGIONS),
    BundledFile("partnerships.csv", "data/partnerships", Kind.PARTNERSHIPS),
    BundledFile("organisations.csv", "data/organisations", Kind.ORGANISATIONS),
    BundledFile("memberships.csv", "data/memberships", Kind.MEMBERSHIPS),
    BundledFile("events.ttl", "data/events", None),
)
ONTOLOGY_GRAPH_SLUG = "ontology"


def ontology_paths() -> list[Path]:
    """The Turtle files of the ontology and its concept schemes."""
    return [_existing(ONTOLOGY_DIR / name) for name in ONTOLOGY_FILES]


def shapes_path() -> Path:
    """The SHACL shapes that loaded data must satisfy."""
    return _existing(ONTOLOGY_DIR / SHAPES_FILE)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise StoreError(
            f"bundled file {path.name} is missing; reinstall s3graph from its source tree "
            "(pip install -e .)"
        )
    return path
