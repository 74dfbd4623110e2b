"""`s3graph serve`: Oxigraph's read-only server on the store, loopback unless --public."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import s3graph
from s3graph.store.lock import LOCK_FILE

from bundled import counts
from conftest import Cli, OxigraphServer

ROOT = Path(__file__).parent.parent


def test_serve_refuses_a_public_address_without_public(store_path: Path) -> None:
    result = Cli(store_path)("serve", "--bind", "0.0.0.0")
    assert result.exit_code == 2
    assert "0.0.0.0 is reachable from other machines" in result.output
    assert "add --public" in result.output


@pytest.mark.parametrize("location", ["memory", "http://127.0.0.1:7878"])
def test_serve_needs_a_store_directory(location: str) -> None:
    result = Cli(location)("serve")
    assert result.exit_code == 2
    assert "serve needs a store directory; give --store DIR" in result.output


def test_serve_on_a_port_where_another_server_answers_fails(
    store_path: Path, oxigraph_server: OxigraphServer
) -> None:
    result = Cli(store_path)("serve", "--port", str(oxigraph_server.port))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot serve at 127.0.0.1:{oxigraph_server.port}: Address already in use; "
        "stop what listens there, or choose another --port\n"
    )


def start_serving(store: Path) -> tuple[subprocess.Popen[str], int]:
    """A real ``s3graph serve`` process on a free port, once it says it is serving."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serving = subprocess.Popen(
        [sys.executable, "-m", "s3graph", "--store", str(store), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert serving.stdout is not None
    first = serving.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    assert first == f"Serving {store} read-only at {url}/query (SPARQL 1.1 Protocol).\n"
    return serving, port


@pytest.mark.slow
def test_serve_answers_read_only_until_interrupted(store_path: Path) -> None:
    serving, port = start_serving(store_path)
    url = f"http://127.0.0.1:{port}"
    try:
        with s3graph.open_store(url) as served:
            regions = s3graph.count_summary(served).dicts()[0]
            assert regions == {"what": "regions", "count": counts()["regions"]}
        with (
            s3graph.open_store(url, write=True) as served,
            pytest.raises(s3graph.StoreError) as refused,
        ):
            served.replace_graph(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal(1))])
        assert "403" in str(refused.value) and "read-only" in str(refused.value)
        with pytest.raises(s3graph.StoreBusyError):
            s3graph.open_store(str(store_path), write=True, wait=0.2)
        serving.send_signal(signal.SIGINT)
        _, errors = serving.communicate(timeout=20)
        assert serving.returncode == 0, errors
        assert errors.strip().endswith("Stopped.")
        with s3graph.open_store(url) as gone, pytest.raises(s3graph.StoreUnreachableError):
            gone.ask("ASK {}")
        s3graph.open_store(str(store_path), write=True, wait=0.2).close()
    finally:
        serving.kill()
        serving.communicate()


@pytest.mark.slow
def test_a_killed_serve_leaves_no_server_that_writers_could_outrun(store_path: Path) -> None:
    """SIGKILL of serve: its Oxigraph server keeps the store's lock while it lives, and dies.

    The server is stopped (SIGSTOP) before serve is killed, so that it outlives serve for a
    while: writers must wait meanwhile. Once it runs again it gets its parent-death signal.
    """
    serving, port = start_serving(store_path)
    try:
        [server] = (Path(f"/proc/{serving.pid}/task/{serving.pid}/children")).read_text().split()
        fds = Path(f"/proc/{server}/fd")
        assert store_path / LOCK_FILE in {(fds / fd).resolve() for fd in os.listdir(fds)}
        os.kill(int(server), signal.SIGSTOP)
        # Stopped only once it is next scheduled: until then a SIGTERM from serve's death would
        # be taken first (the lower signal number) and end it, releasing the lock.
        deadline = time.monotonic() + 20
        while state_of(server) not in ("T", "t"):
            assert time.monotonic() < deadline, "the server did not stop"
            time.sleep(0.01)
        serving.kill()
        serving.communicate(timeout=20)
        with pytest.raises(s3graph.StoreBusyError):
            s3graph.open_store(str(store_path), write=True, wait=0.5)
        os.kill(int(server), signal.SIGCONT)
        deadline = time.monotonic() + 20
        while is_alive(server):
            assert time.monotonic() < deadline, "the server outlived serve"
            time.sleep(0.05)
        s3graph.open_store(str(store_path), write=True, wait=5).close()
        url = f"http://127.0.0.1:{port}"
        with s3graph.open_store(url) as gone, pytest.raises(s3graph.StoreUnreachableError):
            gone.ask("ASK {}")
    finally:
        serving.kill()
        serving.communicate()


def state_of(pid: str) -> str:
    """A process's state letter (R running, S sleeping, T stopped, Z zombie...)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return status.split("\nState:\t", 1)[1][:1]


def is_alive(pid: str) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status
