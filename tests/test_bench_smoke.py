"""The benchmark harness runs end to end at a tiny scale (nothing here is timed)."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.mark.slow
def test_smallest_scale_gives_a_table_and_json(tmp_path: Path, store_path: Path) -> None:
    results_md = tmp_path / "RESULTS.md"
    finished = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--scales",
            "1k",
            "--runs",
            "1",
            "--budget",
            "0",
            "--cap",
            "0.05",
            "--skip-views-scale",
            "--queries",
            "regions-of-partnership,region-pairs",
            "--out",
            str(tmp_path),
            "--base",
            str(store_path),
            "--results-md",
            str(results_md),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "| load 3 CSV files, validated" in finished.stdout
    assert "| shortcut `pairs`" in finished.stdout
    assert "| start-up: `s3graph --help`" in finished.stdout
    result = json.loads((tmp_path / "results-1k.json").read_text())
    assert result["triples"] >= 1_000
    assert result["load"]["median_s"] > 0
    assert result["load"]["limit"]["median_s"] > 0
    assert result["load"]["peer"]["median_s"] > 0
    queries = result["answers"]["queries"]
    assert {"regions", "partnerships", "pairs", "regions-of-partnership"} <= set(queries)
    assert all(entry["rows"] > 0 for name, entry in queries.items() if name != "pairs")
    assert result["views"]["store"]["html_mb"] > 0
    assert set(result["startup"]) == {
        "python -c pass",
        "s3graph --help",
        "s3graph partnerships --region ES24",
    }
    table = results_md.read_text()
    assert "Machine:" in table and "| measure |" in table
    assert str(tmp_path) not in table


@pytest.mark.slow
def test_suggestions_are_measured_against_both_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, so that the bundled graph is built once for the tests (the in-memory
    # build is remembered by the process; a new interpreter would build it again, about 3 s).
    main = runpy.run_path(str(RUN.with_name("suggestions.py")))["main"]
    output = tmp_path / "SUGGESTIONS.md"
    returncode = main(["--seeds", "1", "--resamples", "20", "--output", str(output)])
    stdout = capsys.readouterr().out
    assert returncode == 0
    table = output.read_text()
    assert table == stdout
    for direction in ("partnerships for a region", "regions for a partnership"):
        row = next(line for line in table.splitlines() if line.startswith(f"| {direction} |"))
        rates = [float(cell) for cell in row.split("|")[4:12]]
        ours, _, _, _, popular, _, random, _ = rates
        assert ours > random and popular > random
