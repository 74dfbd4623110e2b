"""`s3graph export` into regular files, devices, pipes and full disks, and its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import Cli

MEMBERSHIPS = "https://w3id.org/s3graph/graph/data/memberships"


def test_export_to_standard_output_and_of_one_graph(run: Cli) -> None:
    result = run("export", "--format", "nt", "--graph", MEMBERSHIPS, "-o", "-")
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) > 1000
    assert not result.stderr


def test_dev_stdout_is_written_as_standard_output(store_path: Path, tmp_path: Path) -> None:
    """Not a file to replace: the pipe or file it stands for gets the RDF, and no message."""
    command = [sys.executable, "-m", "s3graph", "--store", str(store_path), "export"]
    command += ["--format", "nt", "--graph", MEMBERSHIPS, "-o", "/dev/stdout"]
    piped = subprocess.run(command, capture_output=True, check=True)
    assert len(list(ox.parse(piped.stdout, format=ox.RdfFormat.N_TRIPLES))) > 1000
    redirected = tmp_path / "out.nt"
    with redirected.open("wb") as out:
        subprocess.run(command, stdout=out, check=True)
        assert os.stat(redirected).st_ino == os.fstat(out.fileno()).st_ino  # not replaced
    assert redirected.read_bytes() == piped.stdout


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--graph", "not an iri"],
            "Error: the store at {store} has no graph 'not an iri'; its graphs are "
            "https://w3id.org/s3graph/graph/data/events, ",
        ),
        (
            ["--graph", MEMBERSHIPS + "-2024"],
            f"Error: the store at {{store}} has no graph '{MEMBERSHIPS}-2024'; its graphs are ",
        ),
    ],
)
def test_an_unknown_graph_is_one_line_error(
    store_path: Path, tmp_path: Path, args: list[str], error: str
) -> None:
    target = tmp_path / "out.trig"
    line = Cli(store_path).error("export", *args, "-o", str(target))
    assert line.startswith(error.format(store=store_path))
    assert not target.exists()


def test_an_empty_output_name_is_a_usage_error(store_path: Path) -> None:
    result = Cli(store_path)("export", "-o", "")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '-o' / '--output': give a file name, or '-' for standard output"
    )
