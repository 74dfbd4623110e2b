"""The ontology and the bundled data that ship with s3graph, read through importlib.resources.

Their one source is the project's top-level ``ontology/`` and ``data/`` folders. The package
holds symbolic links to them (``s3graph/ontology``, ``s3graph/data``): an editable install
reads the folders through the links, and a wheel or sdist build copies the files in. Either
way they are package resources, found wherever s3graph is installed.

Nothing here imports rdflib or pyoxigraph, so ``s3graph --version`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from .choices import Kind
from .errors import S3GraphError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

ONTOLOGY_FILES = ("s3.ttl", "schemes.ttl")
SHAPES_FILE = "shapes.ttl"
DATA_DATE_FILE = "data-date.txt"
"""One line, ``YYYY-MM-DD``: when the bundled data was last compiled."""
ONTOLOGY_GRAPH_SLUG = "ontology"


@dataclass(frozen=True)
class BundledFile:
    """One bundled data file and the named graph it goes into."""

    name: str
    graph_slug: str
    kind: Kind | None  # None: an RDF file loaded as it is

    @property
    def resource(self) -> Traversable:
        return data_file(self.name)


# In load order: each file may refer to what the files before it define.
BUNDLED_FILES = (
    BundledFile("regions.csv", "data/regions", Kind.REGIONS),
    BundledFile("nuts-changes.csv", "data/nuts-changes", Kind.NUTS_CHANGES),
    BundledFile("partnerships.csv", "data/partnerships", Kind.PARTNERSHIPS),
    BundledFile("organisations.csv", "data/organisations", Kind.ORGANISATIONS),
    BundledFile("memberships.csv", "data/memberships", Kind.MEMBERSHIPS),
    BundledFile("priorities.csv", "data/priorities", Kind.PRIORITIES),
    BundledFile("events.ttl", "data/events", None),
)


def ontology_files() -> list[Traversable]:
    """The Turtle files of the ontology and its concept schemes."""
    return [_bundled("ontology", name) for name in ONTOLOGY_FILES]


def shapes_file() -> Traversable:
    """The SHACL shapes that loaded data must satisfy."""
    return _bundled("ontology", SHAPES_FILE)


def data_file(name: str) -> Traversable:
    """A file of the bundled data, such as ``regions.csv``."""
    return _bundled("data", name)


def data_date() -> dt.date:
    """When the bundled data was last compiled (``data/data-date.txt``).

    >>> data_date() > dt.date(2020, 1, 1)
    True
    """
    text = data_file(DATA_DATE_FILE).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    dates = [line for line in lines if line and not line.startswith("#")]
    try:
        return dt.date.fromisoformat(dates[0])
    except (IndexError, ValueError) as err:
        raise S3GraphError(
            f"s3graph's bundled file data/{DATA_DATE_FILE} holds no date (YYYY-MM-DD); "
            "the installation is damaged: reinstall the s3graph package"
        ) from err


def _bundled(folder: str, name: str) -> Traversable:
    resource = resources.files("s3graph") / folder / name
    if not resource.is_file():
        raise S3GraphError(
            f"s3graph's bundled file {folder}/{name} is missing; the installation is damaged: "
            "reinstall the s3graph package (pip install --force-reinstall s3graph)"
        )
    return resource
