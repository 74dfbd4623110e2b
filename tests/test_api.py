"""The public Python surface is pinned: its names, where they live, and how they are called."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import s3graph

PUBLIC_API = [
    "AsOf",
    "BadDataError",
    "ColorBy",
    "Entity",
    "ExportFormat",
    "Fault",
    "Ground",
    "Kind",
    "Layout",
    "LimitExceededError",
    "LoadReport",
    "MapFormat",
    "MapMeasure",
    "NamedQuery",
    "OutputError",
    "OutputFormat",
    "QueryError",
    "QueryParam",
    "RdfFormat",
    "Reason",
    "RegionMap",
    "Results",
    "S3",
    "S3GraphError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreUnreachableError",
    "Suggestion",
    "Suggestions",
    "UnknownNameError",
    "ValidationReport",
    "View",
    "ViewPage",
    "add_measures",
    "bipartite_network",
    "build_store",
    "count_summary",
    "coverage_summary",
    "default_location",
    "list_queries",
    "load_csv",
    "membership_timeline",
    "network_measures",
    "network_summary",
    "open_built_store",
    "open_store",
    "organisation_network",
    "partnership_overlap_network",
    "partnerships_of_region",
    "platform_summary",
    "region_history",
    "region_map",
    "region_network",
    "region_pairs",
    "regions_of_partnership",
    "render",
    "run_query",
    "suggest",
    "validate_store",
    "view_network",
    "view_page",
    "write_timeline",
    "write_view",
]
POSITIONAL_OPTIONS = {"open_store": {"location"}, "open_built_store": {"location"}}
"""Parameters with a default that may still be given by position: where a store is."""


def test_all_is_pinned() -> None:
    assert s3graph.__all__ == PUBLIC_API


def test_type_checkers_see_the_names_python_imports() -> None:
    """The ``TYPE_CHECKING`` imports of ``__init__.py`` are the lazily imported names."""
    tree = ast.parse(Path(s3graph.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    static = {
        alias.asname or alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert static == s3graph._SUBMODULE_OF


def test_every_public_name_is_its_modules_own() -> None:
    for name, module in s3graph._SUBMODULE_OF.items():
        owner = importlib.import_module(f"s3graph.{module}")
        assert getattr(s3graph, name) is getattr(owner, name)
    assert set(PUBLIC_API) <= set(dir(s3graph))


def test_public_functions_take_typed_keyword_only_options() -> None:
    for name in PUBLIC_API:
        function = getattr(s3graph, name)
        if not inspect.isfunction(function):
            continue
        for parameter in inspect.signature(function).parameters.values():
            where = f"{name}({parameter.name})"
            assert parameter.annotation is not inspect.Parameter.empty, f"{where}: no type"
            if parameter.kind is parameter.VAR_KEYWORD:
                assert "Any" not in parameter.annotation, f"{where}: options of any name"
            elif parameter.default is not inspect.Parameter.empty:
                assert parameter.kind is parameter.KEYWORD_ONLY or parameter.name in (
                    POSITIONAL_OPTIONS.get(name, set())
                ), f"{where}: an option that is not keyword-only"
