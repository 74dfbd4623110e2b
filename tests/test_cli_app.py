"""`s3graph app`: the explorer served by uvicorn, on this machine only unless --public."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import Cli

ROOT = Path(__file__).parent.parent


def test_app_refuses_a_public_host_without_public(store_path: Path) -> None:
    result = Cli(store_path)("app", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "0.0.0.0 is reachable from other machines; add --public" in result.output


def test_public_needs_a_long_enough_token(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("S3GRAPH_APP_TOKEN", raising=False)
    result = Cli(store_path)("app", "--host", "0.0.0.0", "--public")
    assert result.exit_code == 2
    assert "--public needs an access token of 16 characters or more in $S3GRAPH_APP_TOKEN" in (
        result.output
    )
    monkeypatch.setenv("S3GRAPH_APP_TOKEN", "short")
    assert Cli(store_path)("app", "--host", "0.0.0.0", "--public").exit_code == 2


def test_app_reports_a_port_that_is_taken(store_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = Cli(store_path)("app", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1 port" in result.output
    assert "choose another --port" in result.output


@pytest.mark.slow
def test_app_serves_the_explorer_until_interrupted(store_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {key: value for key, value in os.environ.items() if key != "S3GRAPH_APP_TOKEN"}
    serving = subprocess.Popen(
        [sys.executable, "-m", "s3graph", "--store", str(store_path), "app", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        assert serving.stdout is not None
        url = f"http://127.0.0.1:{port}/"
        assert serving.stdout.readline() == f"The s3graph explorer is at {url} (Ctrl-C stops it).\n"
        page = _get_when_up(url + "region/ES24", serving)
        assert "<h1>Aragón</h1>" in page
        request = urllib.request.Request(url + "region/ES24", headers={"accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.headers["content-type"].startswith("text/turtle")
    finally:
        serving.send_signal(signal.SIGINT)
        _, errors = serving.communicate(timeout=20)
    assert serving.returncode == 0, errors
    assert "Traceback" not in errors


def _get_when_up(url: str, serving: subprocess.Popen[str]) -> str:
    import time

    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            assert serving.poll() is None, "s3graph app exited"
            assert time.monotonic() < deadline, "s3graph app did not answer"
            time.sleep(0.05)
