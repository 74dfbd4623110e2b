"""Crash consistency: a load killed at any point leaves the old graph or the new one.

A real ``python -m s3graph load`` of an organisations file (started from a process that has
already imported what a load imports: see ``Launcher``) is killed with SIGKILL at several
points of its life, on one on-disk store, again and again: while it reads and checks the
file, while it builds the write transaction, the moment the store's write-ahead log starts
to grow (the commit), halfway through that growth, and while the store is flushed on close.
After every kill the store is reopened: the loaded graph is absent or complete, in its old
version or its new one, never a mix; the other graphs are untouched; and the next load works.

On a SPARQL server, a client that dies in mid-upload leaves the old graph (here); a server
killed in mid-upload is tested in test_store_remote.py.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from rdflib import Literal, URIRef

import s3graph
from s3graph.namespaces import graph_iri
from s3graph.store import bulk
from s3graph.store.lock import StoreLock
from s3graph.store.oxigraph import BULK_MIN_QUADS

from conftest import Cli, OxigraphServer

ROOT = Path(__file__).parent.parent
ORGANISATIONS = 200
"""Enough for each kill point: the write of a replacing load still takes some 0.1 s before its
commit, and a load is over in about a second, most of it before it locks the store."""
BULK_ORGANISATIONS = 1_250
"""The fewest whose triples (8 each) reach ``BULK_MIN_QUADS``, so that their graph takes the bulk
loader."""
TRIPLES_PER_ORGANISATION = 8  # org:Organization, foaf:Agent, s3:Cluster, id, 2 labels, region, note
PROVENANCE_TRIPLES = 10
GRAPH = "crash/organisations"
REGIONS = ("ES24", "FI1D7", "ITH5", "ES61", "DE21", "FR10", "PL91", "SE11")
TIMEOUT = 120.0
OPTIONS = ("--graph", GRAPH)


def organisations_file(path: Path, version: str, count: int = ORGANISATIONS) -> Path:
    """A valid file of ``count`` organisations; ``version`` is in every name and note."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["org_id", "name", "type", "region", "note"])
        for number in range(count):
            writer.writerow(
                [
                    f"crash-org-{number:05d}",
                    f"Organisation {number} ({version})",
                    "cluster",
                    REGIONS[number % len(REGIONS)],
                    f"version {version}",
                ]
            )
    return path


# -- watching the store from outside ----------------------------------------------------------


@dataclass(frozen=True)
class Disk:
    """What the store directory holds: write-ahead log bytes and table files."""

    log_bytes: int
    table_files: int

    @classmethod
    def of(cls, store: Path) -> Disk:
        log_bytes = table_files = 0
        for entry in store.iterdir():
            if entry.suffix == ".log":
                with contextlib.suppress(FileNotFoundError):  # deleted as we looked
                    log_bytes += entry.stat().st_size
            elif entry.suffix == ".sst":
                table_files += 1
        return cls(log_bytes, table_files)


def is_locked(store: Path) -> bool:
    """Whether a writer holds the store's lock."""
    try:
        StoreLock(store, exclusive=False, wait=0).release()
    except s3graph.StoreBusyError:
        return True
    return False


LAUNCHER = """
import json, os, runpy, sys
import pyshacl, s3graph.cli, s3graph.loading  # what a load imports before it locks the store
for line in sys.stdin:
    args, stderr = json.loads(line)
    pid = os.fork()
    if pid == 0:  # the command, which ends as a process of its own would (never loops back)
        os.dup2(os.open(os.devnull, os.O_RDWR), 0)
        os.dup2(0, 1)
        os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
        sys.argv = ["s3graph", *args]
        runpy.run_module("s3graph", run_name="__main__", alter_sys=True)
        sys.exit()
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


class Launcher:
    """Starts ``python -m s3graph`` commands, each in a process forked from one that has already
    imported what a load imports: 0.4 s of the second a load of ``ORGANISATIONS`` takes, all of
    it before the store is locked, where no kill point lies. One command at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,  # each line read as it comes, so that select sees the next one
        )
        self.started = 0

    def start(self, *args: str) -> Launched:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.started += 1
        stderr = self.folder / f"stderr-{self.started}.txt"
        self.process.stdin.write(json.dumps([args, str(stderr)]).encode() + b"\n")
        pid = self.process.stdout.readline()
        assert pid, "the launcher ended (its error is in the test's output)"
        return Launched(int(pid), self.process.stdout, stderr)

    def close(self) -> None:
        self.process.communicate(timeout=TIMEOUT)  # its input ends: it ends


class Launched:
    """A command started by a ``Launcher``, handled as a ``subprocess.Popen``."""

    def __init__(self, pid: int, statuses: IO[bytes], stderr: Path) -> None:
        self.pid, self.statuses, self.stderr = pid, statuses, stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.statuses], [], [], 0)[0]:
            self.returncode = int(self.statuses.readline())
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.kill(self.pid, sig)

    def communicate(self) -> tuple[None, bytes]:
        if self.returncode is None:
            self.returncode = int(self.statuses.readline())
        return None, self.stderr.read_bytes()


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[Launcher]:
    started = Launcher(tmp_path)
    yield started
    started.close()


class Load:
    """One ``python -m s3graph load`` process, watched every few milliseconds from outside."""

    timeout = TIMEOUT

    def __init__(self, store: Path, path: Path, launcher: Launcher) -> None:
        self.store = store
        self.started = time.monotonic()
        self.process: subprocess.Popen[bytes] | Launched = launcher.start(
            "--store", str(store), "load", str(path), *OPTIONS
        )
        self.locked_at: float | None = None  # seconds after the start
        self.log_low = 0  # the smallest log since the lock: the opened store's fresh log
        self.commit_at: float | None = None  # when the log began to grow
        self.tables_at_commit = 0
        self.stderr = ""

    def watch(self, stop: Callable[[Load, Disk], bool] | None = None) -> bool:
        """Watch until ``stop`` says so (then SIGKILL, return True) or the load ends."""
        while self.process.poll() is None:
            assert self.elapsed < self.timeout, "the load hangs"
            disk = Disk.of(self.store)
            if self.locked_at is None:
                if not is_locked(self.store):
                    time.sleep(0.005)
                    continue
                self.locked_at, self.log_low = self.elapsed, disk.log_bytes
            self.log_low = min(self.log_low, disk.log_bytes)
            if self.commit_at is None and disk.log_bytes > self.log_low:
                self.commit_at, self.tables_at_commit = self.elapsed, disk.table_files
            if stop is not None and stop(self, disk):
                self.process.send_signal(signal.SIGKILL)
                self.stderr = self.process.communicate()[1].decode()
                return True
            time.sleep(0.005)
        self.stderr = self.process.communicate()[1].decode()
        return False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def since_lock(self) -> float:
        return 0.0 if self.locked_at is None else self.elapsed - self.locked_at

    def log_growth(self, disk: Disk) -> int:
        return disk.log_bytes - self.log_low


@dataclass(frozen=True)
class Timeline:
    """When a complete load locked the store and began its commit, and how much it logged."""

    locked: float
    commit: float
    log_growth: int


def run_to_the_end(store: Path, path: Path, launcher: Launcher) -> Timeline:
    """Run a whole load and note its timeline."""
    load = Load(store, path, launcher)
    load.watch()
    assert load.process.returncode == 0, load.stderr
    assert load.locked_at is not None and load.commit_at is not None
    return Timeline(load.locked_at, load.commit_at, load.log_growth(Disk.of(store)))


# -- the state of the graph -------------------------------------------------------------------

STATE_QUERY = """
SELECT ?g ?note (COUNT(DISTINCT ?org) AS ?organisations) WHERE {
  GRAPH ?g { ?org a org:Organization ; skos:note ?note }
} GROUP BY ?note ?g"""
GRAPH_SIZE_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ROW_COUNT_QUERY = "SELECT ?g ?rows WHERE { GRAPH ?g { ?g s3:rowCount ?rows } }"


def graph_version(
    location: Path | str, others: int, organisations: int = ORGANISATIONS
) -> str | None:
    """The version the loaded graph holds (None: no graph), checking it is whole."""
    with s3graph.open_store(str(location)) as store:
        target = {"g": graph_iri(GRAPH)}
        sizes = {str(g): int(n) for g, n in store.select(GRAPH_SIZE_QUERY)}
        assert sum(sizes.values()) - sizes.get(str(graph_iri(GRAPH)), 0) == others
        notes = store.select(STATE_QUERY, target).rows
        if not sizes.get(str(graph_iri(GRAPH))):
            assert notes == []
            return None
        assert len(notes) == 1, f"a mix of versions: {notes}"
        (_, note, count), rows = notes[0], store.select(ROW_COUNT_QUERY, target).rows
        assert int(count) == organisations, f"{count} of {organisations} organisations"
        assert rows == [(graph_iri(GRAPH), Literal(organisations))]
        expected = organisations * TRIPLES_PER_ORGANISATION + PROVENANCE_TRIPLES
        assert sizes[str(graph_iri(GRAPH))] == expected
        return str(note).removeprefix("version ")


def other_quads(location: Path | str) -> int:
    with s3graph.open_store(str(location)) as store:
        return store.quad_count()


# -- the test ---------------------------------------------------------------------------------

Stop = Callable[[Load, Disk], bool]


def kill_points(reference: Timeline) -> dict[str, Stop]:
    """The moments to kill a load at, placed by a complete reference load."""
    before_commit = reference.commit - reference.locked

    def after_lock(fraction: float) -> Stop:
        return lambda load, disk: load.since_lock >= fraction * before_commit

    def log_grown(by: int) -> Stop:
        return lambda load, disk: load.log_growth(disk) >= by

    def flushing(load: Load, disk: Disk) -> bool:
        committed = load.log_growth(disk) >= reference.log_growth
        return committed and disk.table_files != load.tables_at_commit

    return {
        "reading the file": after_lock(0.05),
        "checking the shapes": after_lock(0.5),
        "building the transaction": after_lock(0.9),
        "starting the commit": log_grown(1),
        "halfway through the commit": log_grown(reference.log_growth // 2),
        "flushing on close": flushing,
    }


def kill(store: Path, path: Path, stop: Stop, full_log: int, launcher: Launcher) -> str:
    """Kill a load of ``path`` where ``stop`` says; when it died, as told by the log."""
    load = Load(store, path, launcher)
    killed = load.watch(stop)
    logged = load.log_growth(Disk.of(store))  # before reopening replays the log
    if not killed:
        return "finished"
    if logged == 0:
        return "killed before the commit"
    if logged >= full_log:
        return "killed after the commit"
    return "killed during the commit"


@pytest.mark.slow
def test_a_load_killed_at_any_point_leaves_the_old_graph_or_the_new_one(
    store_path: Path, tmp_path: Path, launcher: Launcher
) -> None:
    files = {version: organisations_file(tmp_path / f"{version}.csv", version) for version in "ab"}
    others = other_quads(store_path)

    # A new graph, killed as its commit starts: there whole, or not at all.
    Load(store_path, files["a"], launcher).watch(lambda load, disk: load.log_growth(disk) > 0)
    first = graph_version(store_path, others)
    assert first in (None, "a")
    if first is None:  # the load below is to replace graph a
        run_to_the_end(store_path, files["a"], launcher)
        assert graph_version(store_path, others) == "a"

    # The next load works; a complete replacing load places the kill points.
    reference = run_to_the_end(store_path, files["b"], launcher)
    assert graph_version(store_path, others) == "b"

    outcomes: dict[str, str] = {}
    old = "b"
    for name, stop in kill_points(reference).items():
        new = "a" if old == "b" else "b"
        what = kill(store_path, files[new], stop, reference.log_growth, launcher)
        found = graph_version(store_path, others)
        outcomes[name] = f"{what}: {old} -> {found}"
        allowed = {
            "killed before the commit": {old},
            "killed during the commit": {old, new},
            "killed after the commit": {new},
            "finished": {new},
        }[what]
        assert found in allowed, outcomes
        old = found or old
    kinds = {outcome.split(":")[0] for outcome in outcomes.values()}
    assert {"killed before the commit", "killed after the commit"} <= kinds, outcomes

    assert Cli(store_path)("stats", "--format", "json").exit_code == 0


def bulk_files(store: Path) -> list[Path]:
    """The files Oxigraph's bulk loader writes before RocksDB takes them in."""
    return list(store.glob(bulk.LEFTOVERS))


def journal_written(load: Load, disk: Disk) -> bool:
    return (load.store / bulk.JOURNAL).is_file()


class Ingesting:
    """Stops once RocksDB has taken in some of the bulk files, but not all of them yet."""

    def __init__(self) -> None:
        self.most = 0

    def __call__(self, load: Load, disk: Disk) -> bool:
        waiting = len(bulk_files(load.store))
        self.most = max(self.most, waiting)
        return 0 < waiting < self.most


class FirstBatchIn:
    """Stops once RocksDB takes in bulk files (new table files appear), before the write ends."""

    def __init__(self) -> None:
        self.tables: int | None = None

    def __call__(self, load: Load, disk: Disk) -> bool:
        waiting = len(bulk_files(load.store))
        tables = disk.table_files - waiting
        if self.tables is None and waiting:  # the first bulk files: note the tables then
            self.tables = tables
        return self.tables is not None and tables > self.tables


def bulk_stops() -> dict[str, Stop]:
    """Points in the life of a bulk write, each seen on disk (the file is read and checked
    before the write lock is taken)."""
    return {
        "journal written": journal_written,
        "writing the bulk files": lambda load, disk: bool(bulk_files(load.store)),
        "ingesting them": Ingesting(),
    }


@pytest.mark.slow
def test_a_bulk_load_killed_at_any_point_leaves_the_old_graph_or_the_new_one(
    store_path: Path, tmp_path: Path, launcher: Launcher
) -> None:
    """Past ``BULK_MIN_QUADS`` the bulk loader writes, new graph or old: still all or nothing."""
    files = {
        version: organisations_file(tmp_path / f"{version}.csv", version, BULK_ORGANISATIONS)
        for version in "ab"
    }
    assert BULK_ORGANISATIONS * TRIPLES_PER_ORGANISATION >= BULK_MIN_QUADS
    others = other_quads(store_path)
    outcomes = {}
    old: str | None = None
    for replacing in (False, True):
        for name, stop in bulk_stops().items():
            new = "b" if old == "a" else "a"
            load = Load(store_path, files[new], launcher)
            killed = load.watch(stop)
            # A kill seen on disk may land just after the write ended (its journal removed):
            # the new graph then stays. While the journal is there, the old graph comes back.
            unfinished = (store_path / bulk.JOURNAL).exists()
            found = graph_version(store_path, others, BULK_ORGANISATIONS)
            outcomes[f"{name}{' (replacing)' if replacing else ''}"] = (
                f"{'killed' if killed else 'finished'}: {old} -> {found}"
            )
            assert found in ({old} if unfinished else {old, new}), outcomes
            assert not bulk_files(store_path) and not (store_path / bulk.JOURNAL).exists()
            if not replacing and found:
                with s3graph.open_store(str(store_path), write=True) as store:
                    store.drop_graph(graph_iri(GRAPH))
                found = None
            old = found
        if not replacing:  # the replacing round starts from a complete graph
            finished = Load(store_path, files["a"], launcher)
            assert not finished.watch() and finished.process.returncode == 0, finished.stderr
            old = "a"
    killed = [name for name, outcome in outcomes.items() if outcome.startswith("killed")]
    assert {
        "journal written",
        "writing the bulk files",
        "journal written (replacing)",
        "writing the bulk files (replacing)",
    } <= set(killed), outcomes  # RocksDB's ingestion may be too quick to catch
    finished = Load(store_path, files["b"], launcher)
    assert not finished.watch() and finished.process.returncode == 0, finished.stderr
    assert graph_version(store_path, others, BULK_ORGANISATIONS) == "b"


LARGE_QUADS = 1_000_100
"""Just more than one batch of Oxigraph's bulk loader (1,000,000 quads)."""
LARGE_WRITE = """
import sys
from pathlib import Path
import pyoxigraph as ox
from s3graph.store import bulk
from s3graph.store.lock import StoreLock
store, version, graph, count = sys.argv[1:]
name = ox.NamedNode(graph)
# Numbers as objects: short keys and no strings to store, which the loader writes faster. The
# quads are parsed from N-Quads: making each in Python took longer than the write (4.4 s).
integer = "http://www.w3.org/2001/XMLSchema#integer"
line = f'<urn:x:s> <urn:x:{version}> "%d"^^<{integer}> <{graph}> .\\n'
lines = "".join(line % n for n in range(int(count))).encode()
quads = ox.parse(lines, ox.RdfFormat.N_QUADS)
with StoreLock(Path(store), exclusive=True, wait=10):
    bulk.write_graph(ox.Store(store), Path(store), name, quads)
"""


class LargeWrite(Load):
    """A write of ``LARGE_QUADS`` quads by ``bulk.write_graph``, in its own process (about
    10 s, some 15 s on a busy machine); its predicate is the version."""

    timeout = 900.0

    def __init__(self, store: Path, version: str) -> None:
        self.store = store
        self.started = time.monotonic()
        graph = str(graph_iri(GRAPH))
        self.process = subprocess.Popen(
            [sys.executable, "-c", LARGE_WRITE, str(store), version, graph, str(LARGE_QUADS)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.locked_at, self.log_low, self.commit_at = None, 0, None
        self.tables_at_commit, self.stderr = 0, ""


def large_version(store: Path) -> str | None:
    """The version the large graph holds, checking that it is whole."""
    with s3graph.open_store(str(store)) as opened:
        rows = opened.select(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p",
            {"g": graph_iri(GRAPH)},
        ).rows
    assert len(rows) <= 1, f"a mix of versions: {rows}"
    if not rows:
        return None
    assert int(rows[0][1]) == LARGE_QUADS, f"{rows[0][1]} of {LARGE_QUADS} quads"
    return str(rows[0][0]).removeprefix("urn:x:")


@pytest.mark.slow
def test_a_write_of_more_than_one_bulk_batch_killed_leaves_no_graph(store_path: Path) -> None:
    """Killed as RocksDB takes in its batches: the graph goes again. (pyoxigraph 0.5 writes the
    files of every batch first, then has RocksDB take them all in.)

    (Replacing takes the same path as in the test above, whatever the size.)"""
    write = LargeWrite(store_path, "a")
    assert write.watch(FirstBatchIn()), "the write ended before it could be killed"
    assert large_version(store_path) is None
    assert not bulk_files(store_path) and not (store_path / bulk.JOURNAL).exists()


# -- the remote backend -----------------------------------------------------------------------


def test_an_upload_cut_off_midway_leaves_the_server_with_the_old_graph(
    oxigraph_server: OxigraphServer,
) -> None:
    """A client that dies in mid-upload: the server drops the half it received."""
    graph = graph_iri("crash/cut-off")
    old = {(URIRef(f"urn:x:s{n}"), URIRef("urn:x:p"), Literal("old")) for n in range(10)}
    with s3graph.open_store(oxigraph_server.url, write=True) as store:
        store.replace_graph(graph, old)
    lines = [f'<urn:x:s{n}> <urn:x:p> "new {n}" .\n'.encode() for n in range(50_000)]
    body = b"".join(lines)
    half = b"".join(lines[: len(lines) // 2])  # whole lines: valid N-Triples, but cut short
    connection = http.client.HTTPConnection("127.0.0.1", oxigraph_server.port, timeout=10)
    connection.putrequest("PUT", "/store?" + urllib.parse.urlencode({"graph": str(graph)}))
    connection.putheader("Content-Type", "application/n-triples")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    connection.send(half)
    connection.close()
    time.sleep(0.5)  # time for the server to do something with the half
    with s3graph.open_store(oxigraph_server.url, write=True) as store:
        assert set(store.graph(graph)) == old
        store.replace_graph(graph, [])  # and the next write works
