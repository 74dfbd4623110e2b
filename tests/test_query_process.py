"""Runaway queries on the embedded store: stopped by the timeout, by Ctrl-C, by the memory cap.

The queries are real runaways over the bundled data (about 25,000 quads): a three-way
cartesian COUNT (10^13 rows) and an ORDER BY over a cartesian product (6 x 10^8 rows), which
pyoxigraph would evaluate for hours, or until memory ran out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import s3graph
from s3graph.store.oxigraph import EmbeddedStore

from conftest import Cli

CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
SORTED_CARTESIAN = "SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?b ?d LIMIT 1"


def test_a_runaway_query_stops_at_the_timeout_and_the_store_answers_on(store_path: Path) -> None:
    with s3graph.open_store(str(store_path), timeout=1.5) as store:
        started = time.monotonic()
        with pytest.raises(s3graph.LimitExceededError, match=r"did not finish within 1\.5 s"):
            store.select(CARTESIAN_COUNT)
        assert time.monotonic() - started < 5
        assert store.ask("ASK { ?r skos:notation 'ES24' }")


def test_a_query_that_needs_too_much_memory_is_stopped(store_path: Path) -> None:
    with EmbeddedStore(store_path, memory=300 * 2**20) as store:
        started = time.monotonic()
        with pytest.raises(s3graph.LimitExceededError, match="needed more than 300 MB of memory"):
            store.select(SORTED_CARTESIAN)
        assert time.monotonic() - started < 20
        assert store.ask("ASK { ?r skos:notation 'ES24' }")


def test_an_answer_of_many_pipefuls_streams_whole_and_one_left_unread_ends_its_process(
    store_path: Path,
) -> None:
    """The parent waits for the child's output through a thread that reads the pipe (no
    select, which takes no pipes on Windows); an answer cut short ends the child and its
    reader."""
    every_quad = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    with EmbeddedStore(store_path) as store:
        quads = store.quad_count()
        assert len(store.select(every_quad).rows) == quads  # megabytes of TSV
        store.max_results = 10
        with pytest.raises(s3graph.LimitExceededError):
            store.select(every_quad)
        assert store.ask("ASK { ?r skos:notation 'ES24' }")
    assert not [thread for thread in threading.enumerate() if thread.name == "query-output"]


def test_cli_timeout_bounds_a_local_query_with_one_line(store_path: Path) -> None:
    line = Cli(store_path).error("--timeout", "1", "query", CARTESIAN_COUNT)
    assert line == (
        "Error: the query did not finish within 1 s and was stopped; narrow it (filters, "
        "LIMIT) or give it longer with --timeout"
    )


def test_ctrl_c_stops_a_runaway_query_and_its_process(store_path: Path) -> None:
    # The command takes Ctrl-C as from a terminal even when these tests run where SIGINT is
    # ignored (started in the background by a shell), which a new process would inherit.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        command = subprocess.Popen(
            [sys.executable, "-m", "s3graph", "--store", str(store_path), "query", CARTESIAN_COUNT],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        worker = _query_process_of(store_path)
        command.send_signal(signal.SIGINT)
        _, stderr = command.communicate(timeout=10)
    finally:  # a command still running must not outlive its test
        command.kill()
        command.communicate()
    assert command.returncode != 0 and "Traceback" not in stderr
    _assert_ends(worker)


def test_a_killed_command_leaves_no_query_running(store_path: Path) -> None:
    command = subprocess.Popen(
        [sys.executable, "-m", "s3graph", "--store", str(store_path), "query", CARTESIAN_COUNT],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = _query_process_of(store_path)
    command.kill()
    command.wait()
    _assert_ends(worker)


def _query_process_of(store_path: Path) -> int:
    """The id of the query process that serves the store at ``store_path``, once it runs."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(store_path).encode() in arguments and b"-m" not in arguments:
                return int(pid)
        time.sleep(0.05)
    raise AssertionError("no query process started")


def _assert_ends(pid: int) -> None:
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        assert time.monotonic() < deadline, "the query process is still running"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
