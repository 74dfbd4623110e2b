"""Where a store is: memory, a directory or an http(s) URL, read by one parser.

Text that looks like a URL but is not a well-formed http(s) one is an error, never a new
local store: a load would otherwise "succeed" while the server got nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import s3graph
from s3graph.namespaces import graph_iri
from s3graph.store import StoreKind, parse_location

from conftest import Cli

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "my-partnerships.csv"


@pytest.mark.parametrize(
    ("text", "kind", "parsed"),
    [
        ("memory", StoreKind.MEMORY, "memory"),
        ("HTTP://127.0.0.1:7878", StoreKind.SERVER, "http://127.0.0.1:7878"),
        (
            "Https://sparql.example.org/s3graph?x=1",
            StoreKind.SERVER,
            "https://sparql.example.org/s3graph?x=1",
        ),
        ("http://[::1]:7878", StoreKind.SERVER, "http://[::1]:7878"),
        ("stores/s3graph", StoreKind.DIRECTORY, "stores/s3graph"),
        ("http", StoreKind.DIRECTORY, "http"),
        ("http/stores", StoreKind.DIRECTORY, "http/stores"),
        ("C:\\Users\\me\\store", StoreKind.DIRECTORY, "C:\\Users\\me\\store"),
        ("C://store", StoreKind.DIRECTORY, "C://store"),
    ],
)
def test_a_location_is_memory_a_server_or_a_directory(
    text: str, kind: StoreKind, parsed: str
) -> None:
    location = parse_location(text)
    assert (location.kind, location.text) == (kind, parsed)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ftp://example.org/store", "s3graph reaches SPARQL servers by http:// or https:// only"),
        ("file:///srv/store", "s3graph reaches SPARQL servers by http:// or https:// only"),
        ("httpx://example.org", "s3graph reaches SPARQL servers by http:// or https:// only"),
        ("http//127.0.0.1:7878", "a URL needs '://'; did you mean 'http://127.0.0.1:7878'?"),
        ("HTTPS:/example.org", "a URL needs '://'; did you mean 'https://example.org'?"),
        ("http:example.org", "a URL needs '://'; did you mean 'http://example.org'?"),
        ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
        ("http://example.org:port", "not a valid URL (Port could not be cast to integer value"),
        ("http://", "the URL names no server"),
    ],
)
def test_a_url_that_is_not_http_is_refused(text: str, message: str) -> None:
    with pytest.raises(s3graph.StoreError) as refused:
        parse_location(text)
    assert str(refused.value).startswith(f"{text!r} is not a store location: {message}")


@pytest.mark.parametrize("text", ["ftp://127.0.0.1:7878", "http//127.0.0.1:7878", "http://[::1"])
def test_the_cli_refuses_such_a_store_and_creates_nothing(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    error = Cli(text).error("load", str(EXAMPLE))
    assert error.startswith(f"Error: {text!r} is not a store location: ")
    assert list(tmp_path.iterdir()) == []


def test_an_upper_case_scheme_reaches_the_server(remote_url: str) -> None:
    shouted = remote_url.replace("http://", "HTTP://")
    assert Cli(shouted)("load", str(EXAMPLE)).exit_code == 0
    with s3graph.open_store(remote_url) as server:
        assert graph_iri("csv/my-partnerships") in server.named_graphs()
