"""The options every command takes: ``--store``, ``--wait``, ``--version``."""

from __future__ import annotations

from pathlib import Path

import pytest

import s3graph

from conftest import Cli


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
