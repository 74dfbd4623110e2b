"""s3graph: Europe's smart-specialisation (S3) partnerships as a knowledge graph.

>>> import s3graph
>>> store = s3graph.open_built_store("memory")
>>> s3graph.count_summary(store).dicts()[0]
{'what': 'regions', 'count': 2010}
"""

from __future__ import annotations

from .errors import (
    BadDataError,
    Fault,
    LimitExceededError,
    QueryError,
    S3GraphError,
    StoreBusyError,
    StoreError,
    StoreUnreachableError,
    UnknownNameError,
)
from .formatting import OutputFormat, render
from .loading import LoadReport, build_store, load_csv, open_built_store
from .names import Entity
from .namespaces import S3
from .network import (
    View,
    add_measures,
    bipartite_network,
    network_measures,
    network_summary,
    organisation_network,
    partnership_overlap_network,
    region_network,
    view_network,
)
from .queries.catalogue import NamedQuery, QueryParam, list_queries, run_query
from .questions import partnerships_of_region, region_pairs, regions_of_partnership
from .results import Results
from .store import RdfFormat, Store, default_location, open_store
from .summary import count_summary, coverage_summary, platform_summary
from .tables import Kind
from .validation import ValidationReport, validate_store
from .views import ColorBy, ExportFormat, Layout, to_pyvis, write_view

__all__ = [
    "S3",
    "BadDataError",
    "ColorBy",
    "Entity",
    "ExportFormat",
    "Fault",
    "Kind",
    "Layout",
    "LimitExceededError",
    "LoadReport",
    "NamedQuery",
    "OutputFormat",
    "QueryError",
    "QueryParam",
    "RdfFormat",
    "Results",
    "S3GraphError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreUnreachableError",
    "UnknownNameError",
    "ValidationReport",
    "View",
    "add_measures",
    "bipartite_network",
    "build_store",
    "count_summary",
    "coverage_summary",
    "default_location",
    "list_queries",
    "load_csv",
    "network_measures",
    "network_summary",
    "open_built_store",
    "open_store",
    "organisation_network",
    "partnership_overlap_network",
    "partnerships_of_region",
    "platform_summary",
    "region_network",
    "region_pairs",
    "regions_of_partnership",
    "render",
    "run_query",
    "to_pyvis",
    "validate_store",
    "view_network",
    "write_view",
]
