"""Shared fixtures: real Oxigraph stores (in memory and on disk) and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import s3graph
from s3graph.cli import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def built_store() -> s3graph.Store:
    """An in-memory store with the bundled data; tests must not write to it."""
    return s3graph.open_built_store("memory")


@pytest.fixture(scope="session")
def _built_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "store"
    s3graph.open_built_store(str(path)).close()
    return path


@pytest.fixture
def store_path(_built_store_template: Path, tmp_path: Path) -> Path:
    """A fresh on-disk store with the bundled data, private to the test."""
    path = tmp_path / "store"
    shutil.copytree(_built_store_template, path)
    return path


@pytest.fixture
def memory_store(built_store: s3graph.Store) -> Iterator[s3graph.Store]:
    """A fresh in-memory store with the bundled data, private to the test."""
    store = s3graph.open_store("memory")
    for graph in built_store.named_graphs():
        store.replace_graph(graph, built_store.graph(graph))
    yield store
    store.close()


class Cli:
    """Runs ``s3graph`` in-process against one store."""

    def __init__(self, location: Path | str) -> None:
        self.location = str(location)
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            cli, ["--store", self.location, *args], input=input, catch_exceptions=False
        )


@pytest.fixture
def run(store_path: Path) -> Cli:
    """The CLI bound to a fresh on-disk store."""
    return Cli(store_path)


def quads(path: Path | str) -> str:
    """The whole store at ``path`` as sorted N-Quads, for before/after comparisons."""
    with s3graph.open_store(str(path)) as store:
        return quads_of(store)


def quads_of(store: s3graph.Store) -> str:
    """The whole store as sorted N-Quads lines."""
    answer = store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return "\n".join(sorted(" ".join(term.n3() for term in row if term) for row in answer))
