"""What s3graph lets you choose (formats, kinds of file, views, maps, colours, layouts) and limits.

Enums, numbers and the rule that reads a file format from a file name: this module imports
none of s3graph's dependencies, so the command line builds its options, and ``s3graph --help``
runs, without loading rdflib, pyoxigraph or networkx. Each name is also importable from the
module that uses it (``OutputFormat`` from ``s3graph.formatting``, ``RdfFormat`` from
``s3graph.store``...).

>>> OutputFormat("md"), RdfFormat.TRIG.has_graphs
(<OutputFormat.MD: 'md'>, True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

DEFAULT_MAX_RESULTS = 1_000_000
"""Rows a read command holds in memory at most (``--max-results``)."""
DEFAULT_MAX_ROWS = 2_000_000
"""Data rows a CSV file may have (``load --max-rows``)."""
DEFAULT_TIMEOUT = 60.0
"""Seconds one query (or one exchange with a SPARQL server) may take (``--timeout``)."""
DEFAULT_WAIT = 10.0
"""Seconds to wait while another s3graph process uses the store (``--wait``)."""
DEFAULT_MAX_UPLOAD_BYTES = 10 * 2**20
"""The largest CSV file the explorer takes (``app --max-upload-mb``)."""
DEFAULT_MAX_UPLOAD_ROWS = 100_000
"""The most data rows a CSV file uploaded to the explorer may have (``app --max-upload-rows``)."""
DEFAULT_QUERY_MEMORY = 2 * 2**30
"""Bytes of memory one query on the embedded store may use."""
DEFAULT_TOP_PAIRS = 20
"""How many region pairs ``region_pairs`` gives (``pairs --top``)."""
DEFAULT_TOP_SUGGESTIONS = 10
"""How many suggestions ``suggest`` gives (``suggest --top``)."""


class OutputFormat(str, Enum):
    """How a read command prints its answer."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MD = "md"


class RdfFormat(str, Enum):
    """RDF serialisations s3graph imports and exports, by file extension."""

    TURTLE = "ttl"
    NTRIPLES = "nt"
    NQUADS = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdf"

    @property
    def has_graphs(self) -> bool:
        """Whether the format keeps named graphs."""
        return self in (RdfFormat.NQUADS, RdfFormat.TRIG, RdfFormat.JSONLD)


class Kind(str, Enum):
    """The kinds of CSV file s3graph loads."""

    REGIONS = "regions"
    ORGANISATIONS = "organisations"
    PARTNERSHIPS = "partnerships"
    MEMBERSHIPS = "memberships"
    PRIORITIES = "priorities"
    NUTS_CHANGES = "nuts-changes"


class NutsVersion(str, Enum):
    """The NUTS versions whose codes a file may use: the graph's own (2021), the one before it
    and the one after it, read through Eurostat's correspondence tables."""

    V2016 = "2016"
    V2021 = "2021"
    V2024 = "2024"


GRAPH_NUTS_VERSION = NutsVersion.V2021
"""The NUTS version of the graph's regions; the codes of the other versions are linked to
them, each version to the next (``NutsVersion`` is in order)."""


class ColorBy(str, Enum):
    """What node colours show."""

    PLATFORM = "platform"
    COUNTRY = "country"
    COMMUNITY = "community"


class Layout(str, Enum):
    """Where nodes are placed."""

    FORCE = "force"
    MAP = "map"


class View(str, Enum):
    """The network views s3graph can draw."""

    BIPARTITE = "bipartite"
    REGION_NETWORK = "region-network"
    PARTNERSHIP_OVERLAP = "partnership-overlap"
    ORGANISATIONS = "organisations"


class ExportFormat(str, Enum):
    """The files a view can be written as."""

    HTML = "html"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYJS = "cyjs"
    JSON = "json"
    PNG = "png"
    SVG = "svg"


class MapMeasure(str, Enum):
    """What shades the regions of a map."""

    PARTNERSHIPS = "partnerships"


class ChartFormat(str, Enum):
    """The files a chart (``s3graph timeline``) can be written as."""

    HTML = "html"
    PNG = "png"
    SVG = "svg"


class MapFormat(str, Enum):
    """The files a map can be written as."""

    HTML = "html"
    PNG = "png"
    SVG = "svg"
    GEOJSON = "geojson"


FileFormat = TypeVar("FileFormat", ExportFormat, MapFormat, ChartFormat)


def format_of_file(
    path: str | os.PathLike[str],
    formats: type[FileFormat],
    aliases: Mapping[str, str] | None = None,
) -> FileFormat:
    """The format of ``formats`` that a file name's suffix asks for (any case; ``.htm`` is
    HTML, ``aliases`` name others), HTML when it names none.

    >>> format_of_file("europe.GeoJSON", MapFormat), format_of_file("h2.htm", ChartFormat)
    (<MapFormat.GEOJSON: 'geojson'>, <ChartFormat.HTML: 'html'>)
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    suffix = {"htm": "html", **(aliases or {})}.get(suffix, suffix)
    return formats(suffix) if suffix in {fmt.value for fmt in formats} else formats("html")
