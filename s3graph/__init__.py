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
    # What type checkers and editors see: the same names from the same modules as
    # _SUBMODULE_OF (tests/test_api.py holds the two equal).
    from .asof import AsOf as AsOf
    from .build import build_store as build_store
    from .build import open_built_store as open_built_store
    from .catalogue import NamedQuery as NamedQuery
    from .catalogue import QueryParam as QueryParam
    from .catalogue import list_queries as list_queries
    from .catalogue import run_query as run_query
    from .choices import ColorBy as ColorBy
    from .choices import ExportFormat as ExportFormat
    from .choices import Kind as Kind
    from .choices import Layout as Layout
    from .choices import MapFormat as MapFormat
    from .choices import MapMeasure as MapMeasure
    from .choices import OutputFormat as OutputFormat
    from .choices import RdfFormat as RdfFormat
    from .choices import View as View
    from .computed import region_pairs as region_pairs
    from .errors import BadDataError as BadDataError
    from .errors import Fault as Fault
    from .errors import LimitExceededError as LimitExceededError
    from .errors import OutputError as OutputError
    from .errors import QueryError as QueryError
    from .errors import S3GraphError as S3GraphError
    from .errors import StoreBusyError as StoreBusyError
    from .errors import StoreError as StoreError
    from .errors import StoreUnreachableError as StoreUnreachableError
    from .errors import UnknownNameError as UnknownNameError
    from .formatting import render as render
    from .loading import LoadReport as LoadReport
    from .loading import load_csv as load_csv
    from .maps import RegionMap as RegionMap
    from .maps import region_map as region_map
    from .namespaces import S3 as S3
    from .network import add_measures as add_measures
    from .network import bipartite_network as bipartite_network
    from .network import network_measures as network_measures
    from .network import network_summary as network_summary
    from .network import organisation_network as organisation_network
    from .network import partnership_overlap_network as partnership_overlap_network
    from .network import region_network as region_network
    from .network import view_network as view_network
    from .questions import partnerships_of_region as partnerships_of_region
    from .questions import region_history as region_history
    from .questions import regions_of_partnership as regions_of_partnership
    from .resolve import Entity as Entity
    from .results import Results as Results
    from .store import Store as Store
    from .store import default_location as default_location
    from .store import open_store as open_store
    from .suggestions import Ground as Ground
    from .suggestions import Reason as Reason
    from .suggestions import Suggestion as Suggestion
    from .suggestions import Suggestions as Suggestions
    from .suggestions import suggest as suggest
    from .summary import count_summary as count_summary
    from .summary import coverage_summary as coverage_summary
    from .summary import platform_summary as platform_summary
    from .timeline import membership_timeline as membership_timeline
    from .timeline_chart import write_timeline as write_timeline
    from .validation import ValidationReport as ValidationReport
    from .validation import validate_store as validate_store
    from .views import ViewPage as ViewPage
    from .views import view_page as view_page
    from .views import write_view as write_view

_SUBMODULE_OF = {
    "AsOf": "asof",
    "BadDataError": "errors",
    "ColorBy": "choices",
    "Entity": "resolve",
    "ExportFormat": "choices",
    "Fault": "errors",
    "Ground": "suggestions",
    "Kind": "choices",
    "Layout": "choices",
    "LimitExceededError": "errors",
    "LoadReport": "loading",
    "MapFormat": "choices",
    "MapMeasure": "choices",
    "NamedQuery": "catalogue",
    "OutputError": "errors",
    "OutputFormat": "choices",
    "QueryError": "errors",
    "QueryParam": "catalogue",
    "RdfFormat": "choices",
    "RegionMap": "maps",
    "Reason": "suggestions",
    "Results": "results",
    "S3": "namespaces",
    "S3GraphError": "errors",
    "Store": "store",
    "StoreBusyError": "errors",
    "StoreError": "errors",
    "StoreUnreachableError": "errors",
    "Suggestion": "suggestions",
    "Suggestions": "suggestions",
    "UnknownNameError": "errors",
    "ValidationReport": "validation",
    "View": "choices",
    "ViewPage": "views",
    "add_measures": "network",
    "bipartite_network": "network",
    "build_store": "build",
    "count_summary": "summary",
    "coverage_summary": "summary",
    "default_location": "store",
    "list_queries": "catalogue",
    "load_csv": "loading",
    "membership_timeline": "timeline",
    "network_measures": "network",
    "network_summary": "network",
    "open_built_store": "build",
    "open_store": "store",
    "organisation_network": "network",
    "partnership_overlap_network": "network",
    "partnerships_of_region": "questions",
    "platform_summary": "summary",
    "region_history": "questions",
    "region_map": "maps",
    "region_network": "network",
    "region_pairs": "computed",
    "regions_of_partnership": "questions",
    "render": "formatting",
    "run_query": "catalogue",
    "suggest": "suggestions",
    "validate_store": "validation",
    "view_network": "network",
    "view_page": "views",
    "write_timeline": "timeline_chart",
    "write_view": "views",
}
"""The public API: each name and the module it lives in, imported from there on first use."""

__all__ = sorted(_SUBMODULE_OF)


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
