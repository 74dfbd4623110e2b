"""Shared fixtures: real Oxigraph stores (in memory, on disk, behind a real Oxigraph server)
and a CLI runner."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

import s3graph
from s3graph.cli import cli
from s3graph.cli.serve_command import oxigraph_binary

DATA = Path(__file__).parent / "data"

# Hypothesis: a short run in CI, a long campaign with HYPOTHESIS_PROFILE=fuzz (make fuzz).
settings.register_profile("ci", max_examples=30, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``pytest -n auto`` (``make test``): one more than the cores. Many tests wait
    for a process of their own (a server, a browser, a kernel, a load), so with one worker a
    core the cores stood idle about a sixth of the time. On 2 cores the suite took 208 s with
    2 workers, 177 s with 3 and 210 s with 4."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow tests (packaging, crashes, browsers, notebooks) first, so that the
    workers of ``pytest -n`` share the short ones at the end instead of one worker finishing
    a long test alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def built_store() -> s3graph.Store:
    """An in-memory store with the bundled data; tests must not write to it."""
    return s3graph.open_built_store("memory")


@pytest.fixture(scope="session")
def _bundled_nquads(built_store: s3graph.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled store as an N-Quads file."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.nq"
    built_store.export(path, s3graph.RdfFormat.NQUADS)
    return path


@pytest.fixture
def store_path(_store_template: Path, tmp_path: Path) -> Path:
    """A fresh on-disk store with the bundled data, private to the test."""
    path = tmp_path / "store"
    shutil.copytree(_store_template, path)
    return path


@pytest.fixture
def memory_store() -> Iterator[s3graph.Store]:
    """A fresh in-memory store with the bundled data, private to the test."""
    store = s3graph.open_built_store("memory")
    yield store
    store.close()


CROWDED_REGION = "ES24"
CROWDED_PARTNERSHIP = "im-h2valleys"
CROWDED_ORGANISATIONS = 150
"""How many organisations ``crowded_store`` adds in Huesca (ES241), inside Aragón (ES24), as
members of ``CROWDED_PARTNERSHIP``."""


@pytest.fixture(scope="session")
def crowded_store(tmp_path_factory: pytest.TempPathFactory) -> s3graph.Store:
    """An in-memory store with the bundled data and ``CROWDED_ORGANISATIONS`` more
    organisations in a sub-region of ``CROWDED_REGION``, each a member of
    ``CROWDED_PARTNERSHIP``: more than a page lists of a region's organisations or of the
    sources of a partnership's facts. Tests must not write to it."""
    store = s3graph.open_built_store("memory")
    folder = tmp_path_factory.mktemp("crowd")
    organisations, memberships = folder / "crowd.csv", folder / "crowd-members.csv"
    numbers = range(CROWDED_ORGANISATIONS)
    organisations.write_text(
        "org_id,name,type,region,source,note\n"
        + "".join(
            f"crowd-{n:03},Crowd {n:03},cluster,ES241,https://example.org/,\n" for n in numbers
        )
    )
    memberships.write_text(
        "partnership_id,member,role,since,until,source,note\n"
        + "".join(
            f"{CROWDED_PARTNERSHIP},crowd-{n:03},member,,,https://example.org/{n},\n"
            for n in numbers
        )
    )
    for path in (organisations, memberships):
        s3graph.load_csv(store, path)
    return store


class Cli:
    """Runs ``s3graph`` in-process against one store."""

    def __init__(self, location: Path | str) -> None:
        self.location = str(location)
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            cli, ["--store", self.location, *args], input=input, catch_exceptions=False
        )

    def json(self, *args: str) -> Any:
        """The answer of a command that succeeds, read from ``--format json``."""
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def csv(self, *args: str) -> list[dict[str, str]]:
        """The rows of a command that succeeds, read from ``--format csv``."""
        result = self(*args, "--format", "csv")
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout)))

    def error(self, *args: str) -> str:
        """The one line that a command failing with exit code 1 writes."""
        result = self(*args)
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        return lines[0]


class OxigraphServer:
    """A real ``oxigraph serve`` on 127.0.0.1, on a free port, over one directory."""

    def __init__(self, location: Path) -> None:
        self.location = location
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> OxigraphServer:
        """Start the server and wait until it answers a query."""
        address = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", address],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with s3graph.open_store(self.url, timeout=1) as store:
                    store.ask("ASK {}")
                return self
            except s3graph.StoreUnreachableError:
                assert self.process.poll() is None, "oxigraph serve exited"
                assert time.monotonic() < deadline, "oxigraph serve did not answer"
                time.sleep(0.02)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server (``SIGKILL`` to simulate a crash)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An empty Oxigraph server for the session; tests write only graphs of their own."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _store_template(_bundled_nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the bundled data, loaded by ``oxigraph load``: copies of it
    are the tests' stores on disk and their servers' stores.

    It is compacted afterwards (``oxigraph optimize``), so that a server starts on a copy
    in a tenth of a second. Building a store, on disk or over the SPARQL protocols, is
    tested on its own (``test_cli_build``).
    """
    location = tmp_path_factory.mktemp("store-template") / "db"
    for command in ("load", "optimize"):
        more = ("--file", str(_bundled_nquads)) if command == "load" else ()
        subprocess.run(
            [oxigraph_binary(), command, "--location", str(location), *more],
            check=True,
            capture_output=True,
        )
    return location


@pytest.fixture
def remote_url(_store_template: Path, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh Oxigraph server with the bundled data, private to the test."""
    location = tmp_path / "remote"
    shutil.copytree(_store_template, location)
    server = OxigraphServer(location).start()
    yield server.url
    server.stop()


@pytest.fixture(params=["embedded", "remote"])
def run(request: pytest.FixtureRequest) -> Cli:
    """The CLI bound to a fresh store with the bundled data: on disk, then on a server.

    Every test that uses it runs twice. Look at the store through ``run.location``
    (``quads(run.location)``), not through ``store_path``.
    """
    if request.param == "remote":
        return Cli(request.getfixturevalue("remote_url"))
    return Cli(request.getfixturevalue("store_path"))


def quads(path: Path | str) -> str:
    """The whole store at ``path`` as sorted N-Quads, for before/after comparisons."""
    with s3graph.open_store(str(path)) as store:
        return quads_of(store)


def quads_of(store: s3graph.Store) -> str:
    """The whole store as sorted N-Quads lines, as the store exports them."""
    dump = io.BytesIO()
    store.export(dump, s3graph.RdfFormat.NQUADS)
    return "\n".join(sorted(dump.getvalue().decode().splitlines()))
