"""s3graph: Europe's smart-specialisation (S3) partnerships as a knowledge graph.

>>> import s3graph
>>> store = s3graph.open_built_store("memory")
>>> s3graph.count_summary(store).dicts()[0]
{'what': 'regions', 'count': 2010}
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .choices import ColorBy, ExportFormat, Kind, Layout, OutputFormat, RdfFormat
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
    from .formatting import render
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
    from .store import Store, default_location, open_store
    from .summary import count_summary, coverage_summary, platform_summary
    from .validation import ValidationReport, validate_store
    from .views import to_pyvis, write_view

_SUBMODULE_OF = {
    "S3": "namespaces",
    "BadDataError": "errors",
    "ColorBy": "choices",
    "Entity": "names",
    "ExportFormat": "choices",
    "Fault": "errors",
    "Kind": "choices",
    "Layout": "choices",
    "LimitExceededError": "errors",
    "LoadReport": "loading",
    "NamedQuery": "queries.catalogue",
    "OutputFormat": "choices",
    "QueryError": "errors",
    "QueryParam": "queries.catalogue",
    "RdfFormat": "choices",
    "Results": "results",
    "S3GraphError": "errors",
    "Store": "store",
    "StoreBusyError": "errors",
    "StoreError": "errors",
    "StoreUnreachableError": "errors",
    "UnknownNameError": "errors",
    "ValidationReport": "validation",
    "View": "network",
    "add_measures": "network",
    "bipartite_network": "network",
    "build_store": "loading",
    "count_summary": "summary",
    "coverage_summary": "summary",
    "default_location": "store",
    "list_queries": "queries.catalogue",
    "load_csv": "loading",
    "network_measures": "network",
    "network_summary": "network",
    "open_built_store": "loading",
    "open_store": "store",
    "organisation_network": "network",
    "partnership_overlap_network": "network",
    "partnerships_of_region": "questions",
    "platform_summary": "summary",
    "region_network": "network",
    "region_pairs": "questions",
    "regions_of_partnership": "questions",
    "render": "formatting",
    "run_query": "queries.catalogue",
    "to_pyvis": "views",
    "validate_store": "validation",
    "view_network": "network",
    "write_view": "views",
}
"""Where each public name lives: it is imported from there on first use."""

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


def __getattr__(name: str) -> Any:
    """Import a public name from its submodule on first use (PEP 562).

    ``import s3graph`` therefore loads none of rdflib, pyoxigraph or networkx until a name
    that needs them is used.
    """
    try:
        submodule = _SUBMODULE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{submodule}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Module attributes and every public name, imported or not yet."""
    return sorted({*globals(), *__all__})
