"""`s3graph serve`: Oxigraph's read-only server on the store, loopback unless --public."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import s3graph

from conftest import Cli

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


def test_serve_reports_a_port_that_is_taken(store_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = Cli(store_path)("serve", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 1
    assert result.output.startswith("Error: the Oxigraph server could not start: ")


@pytest.mark.slow
def test_serve_answers_read_only_until_interrupted(store_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    serving = subprocess.Popen(
        [sys.executable, "-m", "s3graph", "--store", str(store_path), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serving.stdout is not None
        first = serving.stdout.readline()
        assert first == f"Serving {store_path} read-only at {url}/query (SPARQL 1.1 Protocol).\n"
        with s3graph.open_store(url) as served:
            assert s3graph.count_summary(served).dicts()[0] == {"what": "regions", "count": 2010}
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
