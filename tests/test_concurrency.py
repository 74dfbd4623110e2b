"""Concurrency: real s3graph processes sharing one on-disk store.

A load checks its file with the store open for reading, so readers go on meanwhile, then
holds the store's lock alone while it writes; a second writer waits for it up to
``--wait`` seconds and then loads, or gives up with the "in use" message; a reader waits for
a writer and a writer for the readers, so a reader sees the old graph or the new one; and a
crowd of readers and writers all finish.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from test_crash import ROOT, is_locked, organisations_file

import s3graph
from s3graph.namespaces import graph_iri
from s3graph.store.lock import LOCK_FILE

ORGANISATIONS = 400
TIMEOUT = 120.0
NOTES = (
    "SELECT ?note (COUNT(?org) AS ?organisations) WHERE { GRAPH ?g "
    "{ ?org a org:Organization ; skos:note ?note } } GROUP BY ?note"
)


def organisation_files(folder: Path) -> dict[str, Path]:
    """Two versions, a and b, of one organisations file."""
    return {
        version: organisations_file(folder / f"{version}.csv", version, ORGANISATIONS)
        for version in "ab"
    }


def s3graph_process(store: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "s3graph", "--store", str(store), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for a process (never for ever); its exit code, stdout and stderr."""
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return process.returncode, stdout, stderr


def wait_until_locked(store: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not is_locked(store):
        assert process.poll() is None, finish(process)
        assert time.monotonic() < deadline, "the writer never took the store"
        time.sleep(0.01)


def load(store: Path, path: Path, graph: str, *, wait: float) -> subprocess.Popen[str]:
    return s3graph_process(store, "--wait", str(wait), "load", str(path), "--graph", graph)


def versions(store: s3graph.Store, graph: str) -> dict[str, int]:
    """Organisations per note in one graph: one version, whole, is {"version a": 400}."""
    rows = store.select(NOTES, {"g": graph_iri(graph)})
    return {str(note): int(count) for note, count in rows}


def busy_message(store: Path, wait: float) -> str:
    return (
        f"Error: the store at {store} is in use by another s3graph process (waited {wait:g} s); "
        "try again when it has finished, or raise --wait\n"
    )


def test_a_second_writer_waits_for_the_first_then_loads(store_path: Path, tmp_path: Path) -> None:
    files = organisation_files(tmp_path)
    first = load(store_path, files["a"], "shared", wait=0)
    wait_until_locked(store_path, first)
    second = load(store_path, files["b"], "shared", wait=TIMEOUT)
    assert finish(first)[0] == 0
    code, stdout, stderr = finish(second)
    assert code == 0, stderr
    assert stdout.startswith(f"Loaded {ORGANISATIONS} organisations")
    assert f", replacing {files['a']} (loaded " in stdout
    with s3graph.open_store(str(store_path)) as store:
        assert versions(store, "shared") == {"version b": ORGANISATIONS}


def test_a_second_writer_gives_up_within_its_wait_with_the_in_use_message(
    store_path: Path, tmp_path: Path
) -> None:
    files = organisation_files(tmp_path)
    with s3graph.open_store(str(store_path), write=True):  # a writer that takes its time
        started = time.monotonic()
        result = finish(load(store_path, files["b"], "shared", wait=0.5))
        waited = time.monotonic() - started
    assert result == (1, "", busy_message(store_path, 0.5))
    assert 0.5 <= waited < 0.5 + 20  # the wait, plus starting Python on a busy machine
    with s3graph.open_store(str(store_path)) as store:
        assert versions(store, "shared") == {}


def test_a_reader_holds_a_writer_off_and_sees_one_version(store_path: Path, tmp_path: Path) -> None:
    files = {
        version: organisations_file(tmp_path / f"{version}.csv", version, ORGANISATIONS)
        for version in "ab"
    }
    assert finish(load(store_path, files["a"], "shared", wait=0))[0] == 0
    with s3graph.open_store(str(store_path)) as reader:
        writer = load(store_path, files["b"], "shared", wait=TIMEOUT)
        impatient = load(store_path, files["b"], "shared", wait=0.2)
        assert finish(impatient) == (1, "", busy_message(store_path, 0.2))
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:  # the writer waits; the reader sees version a
            assert versions(reader, "shared") == {"version a": ORGANISATIONS}
            assert writer.poll() is None
            time.sleep(0.1)
    code, _, stderr = finish(writer)
    assert code == 0, stderr
    with s3graph.open_store(str(store_path)) as reader:
        assert versions(reader, "shared") == {"version b": ORGANISATIONS}


def test_readers_during_a_load_see_the_old_graph_or_the_new_one(
    store_path: Path, tmp_path: Path
) -> None:
    files = {
        version: organisations_file(tmp_path / f"{version}.csv", version, ORGANISATIONS)
        for version in "ab"
    }
    assert finish(load(store_path, files["a"], "shared", wait=0))[0] == 0
    writer = load(store_path, files["b"], "shared", wait=TIMEOUT)
    sparql = NOTES.replace("?g", f"<{graph_iri('shared')}>")
    readers = [
        s3graph_process(store_path, "--wait", str(TIMEOUT), "query", sparql, "--format", "json")
    ]
    wait_until_locked(store_path, writer)
    readers += [
        s3graph_process(store_path, "--wait", str(wait), "query", sparql, "--format", "json")
        for wait in (TIMEOUT, TIMEOUT, 0)
    ]
    assert finish(writer)[0] == 0
    seen = []
    for reader in readers:
        code, stdout, stderr = finish(reader)
        if code == 1:
            assert stderr == busy_message(store_path, 0), stderr
            continue
        assert code == 0, stderr
        (row,) = json.loads(stdout)
        assert row["organisations"] == ORGANISATIONS
        seen.append(row["note"])
    assert set(seen) <= {"version a", "version b"}
    assert seen.count("version b") >= 2  # the readers that waited for the writer


def test_a_crowd_of_readers_and_writers_all_finish(store_path: Path, tmp_path: Path) -> None:
    files = {
        version: organisations_file(tmp_path / f"{version}.csv", version, ORGANISATIONS)
        for version in "ab"
    }
    crowd = [
        load(store_path, files["a"], "crowd", wait=TIMEOUT),
        s3graph_process(store_path, "--wait", str(TIMEOUT), "stats", "--format", "json"),
        load(store_path, files["b"], "crowd", wait=TIMEOUT),
        s3graph_process(store_path, "--wait", str(TIMEOUT), "stats", "--format", "json"),
        load(store_path, files["a"], "crowd", wait=TIMEOUT),
    ]
    for process in crowd:
        code, _, stderr = finish(process)
        assert code == 0, stderr
    with s3graph.open_store(str(store_path)) as store:
        assert list(versions(store, "crowd").values()) == [ORGANISATIONS]


def holds_the_lock_file(process: subprocess.Popen[str], store: Path) -> bool:
    """Whether ``process`` has the store's lock file open (Linux: ``/proc``)."""
    try:
        return any(
            os.readlink(descriptor) == str(store / LOCK_FILE)
            for descriptor in Path(f"/proc/{process.pid}/fd").iterdir()
        )
    except FileNotFoundError:  # the process or a descriptor went as we looked
        return False


def test_readers_go_on_while_a_load_checks_its_file(store_path: Path, tmp_path: Path) -> None:
    """While a load holds the store open for reading, to check a file, others read it too."""
    path = organisations_file(tmp_path / "big.csv", "a", 2_000)  # a second or more of SHACL
    loader = load(store_path, path, "checked", wait=TIMEOUT)
    reads = busy = 0
    while loader.poll() is None:
        if holds_the_lock_file(loader, store_path) and not is_locked(store_path):
            try:
                with s3graph.open_store(str(store_path), wait=0) as reader:
                    assert versions(reader, "checked") == {}
                reads += 1
            except s3graph.StoreBusyError:  # the load went on to write as we opened
                busy += 1
        time.sleep(0.02)
    code, _, stderr = finish(loader)
    assert code == 0, stderr
    assert reads >= 1, f"no read while the file was checked ({busy} found the store busy)"
    with s3graph.open_store(str(store_path)) as store:
        assert versions(store, "checked") == {"version a": 2_000}
