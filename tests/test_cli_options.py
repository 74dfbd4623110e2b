"""The options every command takes: ``--store``, ``--wait``, ``--timeout``, ``--version``."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from test_cli_startup import HEAVY, imported_by

import s3graph
from s3graph.resources import data_file

from conftest import Cli

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("wait", ["nan", "inf", "-inf", "1e999", "-1", "soon"])
def test_wait_must_be_a_finite_number_of_seconds(store_path: Path, wait: str) -> None:
    result = Cli(store_path)("--wait", wait, "stats")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--wait': '{wait}' is not a number of seconds; "
        "give 0 or more, such as 10"
    )


@pytest.mark.parametrize("wait", [float("nan"), float("inf"), -1.0])
def test_open_store_refuses_a_wait_that_is_not_finite(store_path: Path, wait: float) -> None:
    with pytest.raises(ValueError, match="wait must be a finite number of seconds"):
        s3graph.open_store(str(store_path), wait=wait)


def test_version_gives_the_package_version_and_the_date_of_the_bundled_data() -> None:
    lines = (ROOT / "data" / "data-date.txt").read_text(encoding="utf-8").splitlines()
    [date] = [line for line in lines if line and not line.startswith("#")]
    output, modules = imported_by(["--version"])
    assert output == f"s3graph {metadata.version('s3graph')} (bundled data of {date})"
    assert modules.isdisjoint(HEAVY)


def test_a_missing_bundled_file_is_named_with_the_fix() -> None:
    with pytest.raises(s3graph.S3GraphError) as missing:
        data_file("regions.tsv")
    assert str(missing.value) == (
        "s3graph's bundled file data/regions.tsv is missing; the installation is damaged: "
        "reinstall the s3graph package (pip install --force-reinstall s3graph)"
    )


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-1", "soon"])
def test_timeout_must_be_a_finite_number_of_seconds_above_zero(
    store_path: Path, timeout: str
) -> None:
    result = Cli(store_path)("--timeout", timeout, "stats")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for '--timeout': '{timeout}' is not a number of seconds; "
        "give more than 0, such as 60"
    )
    with pytest.raises(ValueError, match="timeout must be a finite number of seconds"):
        s3graph.open_store(str(store_path), timeout=float(timeout.replace("soon", "nan")))
