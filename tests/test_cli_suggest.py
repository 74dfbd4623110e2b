"""`s3graph suggest`: partnerships for a region, regions for a partnership."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli


def test_partnerships_for_a_region(run: Cli) -> None:
    result = run("suggest", "--region", "Aragón", "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Partnerships for Aragón (ES24): the first 3 of ")
    header, _, *lines = result.stdout.splitlines()
    assert header.split() == ["rank", "id", "partnership", "score", "members", "reasons"]
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert "regions that share a partnership with Aragón" in result.stdout


def test_regions_for_a_partnership_as_csv(store_path: Path) -> None:
    rows = Cli(store_path).csv("suggest", "--partnership", "hydrogen valleys", "--top", "5")
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert not {"ES24", "FRD", "FRK", "NL1"} & {row["code"] for row in rows}
    assert all(row["reasons"] for row in rows)
    assert float(rows[0]["score"]) >= float(rows[-1]["score"])


def test_one_of_region_and_partnership(store_path: Path) -> None:
    run = Cli(store_path)
    for args in ([], ["--region", "ES24", "--partnership", "im-h2valleys"]):
        result = run("suggest", *args)
        assert result.exit_code == 2
        assert "Error: give one of --region and --partnership" in result.output
    assert run.error("suggest", "--partnership", "no such thing").startswith(
        "Error: unknown partnership 'no such thing'"
    )


def test_priorities_loaded_from_a_file_are_reasons(store_path: Path, tmp_path: Path) -> None:
    """Aragón given a priority that Lombardy (bundled priorities) holds: Lombardy's
    partnerships gain it as a reason."""
    run = Cli(store_path)
    before = {row["id"]: row for row in run.csv("suggest", "--region", "ES24", "--top", "30")}
    priorities = tmp_path / "aragon-priorities.csv"
    priorities.write_text(
        "nuts_code,priority,source\nES24,Aeronautics and space,https://example.org/es24\n",
        encoding="utf-8",
    )
    loaded = run("load", str(priorities))
    assert loaded.exit_code == 0, loaded.output
    after = {row["id"]: row for row in run.csv("suggest", "--region", "ES24", "--top", "30")}
    reason = "1 member shares S3 priorities with Aragón: ITC4 Lombardia (Aeronautics and Space)"
    assert reason in after["im-chemicals"]["reasons"]
    assert reason not in before["im-chemicals"]["reasons"]
    assert float(after["im-chemicals"]["score"]) > float(before["im-chemicals"]["score"])
