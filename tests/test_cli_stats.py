"""`s3graph stats` on the bundled data."""

from __future__ import annotations

import json

from conftest import Cli


def test_stats_counts_bundled_data(run: Cli) -> None:
    result = run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout.split("\n\n")[0])
    assert {"what": "regions", "count": 2010} in counts
    assert {"what": "partnerships", "count": 20} in counts
    assert {"what": "memberships", "count": 93} in counts
