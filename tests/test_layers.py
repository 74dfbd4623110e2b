"""The modules of s3graph stand on floors (DESIGN §8): none imports a module on a floor above
its own, and no modules import each other in a cycle.

Every import counts, also one inside a function or under ``TYPE_CHECKING``. A module's floor
is that of its top-level name in ``FLOORS`` (``store.remote`` is on the floor of ``store``).
A new module or package gets its floor here, once.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).parents[1] / "s3graph"

FLOORS = {
    # 1: no store, no records; what every floor above may use
    "errors": 1,
    "choices": 1,
    "namespaces": 1,
    "results": 1,
    "vocabulary": 1,
    "asof": 1,
    "sparql": 1,
    "sparql_guard": 1,
    "bundle": 1,
    "resources": 1,
    "output_file": 1,
    "boundaries": 1,
    # 2: the store; CSV rows to records and records to triples
    "store": 2,
    "records": 2,
    "triples": 2,
    "tables": 2,
    # 3: loading and checking data; names people type to entities
    "validation": 3,
    "loading": 3,
    "build": 3,
    "resolve": 3,
    # 4: questions and networks
    "computed": 4,
    "catalogue": 4,
    "questions": 4,
    "summary": 4,
    "entities": 4,
    "comembership": 4,
    "network": 4,
    "geo": 4,
    "suggestions": 4,
    "timeline": 4,
    # 5: what is shown, given answers and graphs, never the store
    "formatting": 5,
    "workbook": 5,
    "views": 5,
    "maps": 5,
    "timeline_chart": 5,
    # 6: entry points
    "cli": 6,
    "app": 6,
    "__main__": 6,
    "__init__": 6,
}


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name, ``s3graph`` itself as ``__init__``."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of the package that a module imports, by name as in ``module_names``."""
    here = ["s3graph", *([] if name == "__init__" else name.split("."))]
    if path.name != "__init__.py":
        here = here[:-1]  # the package that relative imports start from
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            stem = node.module or ""
            if node.level:
                stem = ".".join([*here[: len(here) - node.level + 1], stem]).strip(".")
            inner = [f"{stem}.{alias.name}" for alias in node.names]
            targets = [target for target in inner if _inside(target) in modules] or [stem]
        else:
            continue
        found.update(_inside(target) for target in targets if target.split(".")[0] == "s3graph")
    found.discard(name)
    return found & (modules | {"__init__"})


def _inside(dotted: str) -> str:
    """The name of a module inside the package: ``s3graph.store`` -> ``store``."""
    return dotted.removeprefix("s3graph").strip(".") or "__init__"


@cache
def import_graph() -> nx.DiGraph:
    modules = module_names()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for imported in imports_of(name, path, set(modules)):
            graph.add_edge(name, imported)
    return graph


def floor(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def test_every_module_has_a_floor() -> None:
    missing = {name.split(".")[0] for name in module_names()} - set(FLOORS)
    assert not missing, f"give these modules a floor in FLOORS: {sorted(missing)}"


def test_no_module_imports_one_above_it() -> None:
    upward = [
        f"{module} (floor {floor(module)}) imports {imported} (floor {floor(imported)})"
        for module, imported in import_graph().edges
        if floor(imported) > floor(module)
    ]
    assert not upward


def test_no_import_cycle() -> None:
    cycles = [sorted(group) for group in nx.strongly_connected_components(import_graph())]
    assert [group for group in cycles if len(group) > 1] == []


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("tables", "vocabulary"),
        ("store.remote", "sparql"),
        ("store", "store.oxigraph"),
        ("catalogue", "computed"),
        ("questions", "catalogue"),
        ("cli.question_commands", "computed"),
        ("__init__", "catalogue"),
    ],
)
def test_the_import_graph_sees_relative_absolute_and_inner_imports(
    module: str, imported: str
) -> None:
    assert import_graph().has_edge(module, imported)
