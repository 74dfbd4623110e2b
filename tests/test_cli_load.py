"""`s3graph load`: exit codes, messages, and a store that never changes on failure."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, Cli, quads


def test_good_file_loads_and_reload_is_idempotent(run: Cli) -> None:
    first = run("load", str(DATA / "good_partnerships.csv"))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Loaded 2 partnerships (")
    assert "into https://w3id.org/s3graph/graph/csv/good_partnerships." in first.stdout
    before = quads(run.location).count("\n")
    again = run("load", str(DATA / "good_partnerships.csv"))
    assert again.exit_code == 0 and again.stdout.startswith("Replaced 2 partnerships")
    assert quads(run.location).count("\n") == before


def test_a_first_load_into_a_new_store_builds_it_so_its_references_resolve(
    tmp_path: Path,
) -> None:
    first = Cli(tmp_path / "new-store")("load", str(DATA / "good_partnerships.csv"))
    assert first.exit_code == 0, first.output
    assert "Building the store at" in first.stderr
    assert first.stdout.startswith("Loaded 2 partnerships (")


def test_faulty_file_exits_1_with_located_faults_and_changes_nothing(run: Cli) -> None:
    before = quads(run.location)
    result = run("load", str(DATA / "bad_memberships.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: 8 faults; nothing was written:\n")
    assert "bad_memberships.csv:3: column 'role': unknown role (value 'boss')" in result.output
    assert "Traceback" not in result.output
    assert quads(run.location) == before


def test_dry_run_reports_and_writes_nothing(run: Cli) -> None:
    before = quads(run.location)
    result = run("load", "--dry-run", str(DATA / "good_memberships_semicolon.csv"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Would load 3 memberships")
    assert quads(run.location) == before


def test_kind_and_delimiter_options(run: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("partnership_id;member;role\nim-ccre;ES24;observer\n", encoding="utf-8")
    result = run("load", "--kind", "memberships", "--delimiter", ";", str(path))
    assert result.exit_code == 0, result.output


def test_missing_file_is_a_clear_error(run: Cli, tmp_path: Path) -> None:
    result = run("load", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: 1 fault; nothing was written:\n{tmp_path / 'nope.csv'}:0: file not found\n"
    )


def test_bad_option_is_a_usage_error(run: Cli) -> None:
    result = run("load", "--kind", "cats", str(DATA / "good_partnerships.csv"))
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.output
