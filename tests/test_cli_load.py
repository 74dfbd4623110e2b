"""`s3graph load`: exit codes, messages, and a store that never changes on failure."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from conftest import DATA, Cli, quads

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"


def test_good_file_loads_and_reload_is_idempotent(run: Cli) -> None:
    first = run("load", str(DATA / "good_partnerships.csv"))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Loaded 2 partnerships (")
    assert "into https://w3id.org/s3graph/graph/csv/good_partnerships." in first.stdout
    before = quads(run.location).count("\n")
    again = run("load", str(DATA / "good_partnerships.csv"))
    assert again.exit_code == 0 and again.stdout.startswith("Loaded 2 partnerships (")
    assert f", replacing {DATA / 'good_partnerships.csv'} (loaded " in again.stdout
    assert again.stdout.endswith(" UTC, 2 rows).\n")
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


def test_a_reload_that_would_leave_references_dangling_is_refused(run: Cli, tmp_path: Path) -> None:
    """The case of the issue: the partnership of loaded memberships reloaded away."""
    for name in ("my-partnerships.csv", "my-memberships.csv"):
        assert run("load", str(EXAMPLES / name)).exit_code == 0
    other = tmp_path / "my-partnerships.csv"
    other.write_text(
        "partnership_id,name,platform,source\ndemo-other,Other,energy,https://example.org/o\n"
    )
    organisations = tmp_path / "orgs.csv"
    organisations.write_text("org_id,name,type\ndemo-org,An organisation,cluster\n")
    before = quads(run.location)
    refusal = (
        "this file removes partnership demo-green-ports, but 14 triples of graph "
        "https://w3id.org/s3graph/graph/csv/my-memberships (my-memberships.csv) refer to it; "
        "keep demo-green-ports in this file, or first remove what refers to it from "
        "my-memberships.csv and reload it"
    )
    for path in (other, organisations):  # the same file name, or another file, --graph
        result = run("load", str(path), "--graph", "csv/my-partnerships")
        assert result.exit_code == 1
        assert result.output == f"Error: 1 fault; nothing was written:\n{path}:0: {refusal}\n"
    assert quads(run.location) == before
    if not run.location.startswith("http"):  # the same data: one check of it is enough
        assert run("validate").exit_code == 0
    assert run.csv("regions", "--partnership", "demo-green-ports")[0]["code"] == "ES24"
    kept = tmp_path / "members.csv"
    kept.write_text("partnership_id,member,role\nim-h2valleys,PT11,observer\n")
    assert run("load", str(kept), "--graph", "csv/my-memberships").exit_code == 0
    assert run("load", str(other), "--graph", "csv/my-partnerships").exit_code == 0


def test_two_files_of_one_name_do_not_share_a_graph(store_path: Path, tmp_path: Path) -> None:
    run = Cli(store_path)
    first, second = (tmp_path / year / "memberships.csv" for year in ("2023", "2024"))
    for path, member in ((first, "ES24"), (second, "NL33")):
        path.parent.mkdir()
        path.write_text(f"partnership_id,member,role\nim-h2valleys,{member},observer\n")
    assert run("load", str(first)).exit_code == 0
    result = run("load", str(second))
    assert result.exit_code == 1
    assert re.fullmatch(
        re.escape(
            f"Error: 1 fault; nothing was written:\n{second}:0: graph "
            f"https://w3id.org/s3graph/graph/csv/memberships holds another file, {first} "
            "(loaded "
        )
        + r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 1 row\); "
        + re.escape(
            "load this one beside it with --graph csv/memberships-2024, or replace that one "
            "by naming its graph: --graph csv/memberships\n"
        ),
        result.output,
    )
    beside = run("load", str(second), "--graph", "csv/memberships-2024")
    assert beside.exit_code == 0 and "replacing" not in beside.stdout
    members = {row["code"] for row in run.csv("regions", "--partnership", "im-h2valleys")}
    assert {"ES24", "NL33"} <= members
    replaced = run("load", str(second), "--graph", "csv/memberships")
    assert replaced.exit_code == 0
    assert f"into https://w3id.org/s3graph/graph/csv/memberships, replacing {first} (" in (
        replaced.stdout
    )


def test_a_named_pipe_or_a_device_is_refused_at_once(store_path: Path, tmp_path: Path) -> None:
    """Read twice (to check it, then for its checksum), a pipe made a load hang."""
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text("org_id,name,type\n"), daemon=True)
    writer.start()
    run = Cli(store_path)
    result = run("load", str(pipe))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 1 fault; nothing was written:\n{pipe}:0: a named pipe, not a file; save the "
        "data to a CSV file first, and load that file\n"
    )
    assert "/dev/zero:0: a directory or a device, not a file" in run("load", "/dev/zero").output
    assert pipe.read_bytes() == b"org_id,name,type\n"  # all the writer wrote is still there
    writer.join(10)


def test_a_region_out_of_place_in_the_nuts_hierarchy_is_refused(run: Cli, tmp_path: Path) -> None:
    """The parents in the store count: Aragón (ES24) is of level 2, in Spain."""
    path = tmp_path / "regions.csv"
    path.write_text("nuts_code,name,level,country,parent\nES24Z,Below Aragón,2,PT,ES24\n")
    before = quads(run.location)
    result = run("load", str(path))
    assert result.exit_code == 1
    assert result.output == (
        "Error: 2 faults; nothing was written:\n"
        f"{path}:2: column 'level': the parent ES24 is of level 2 (value '2'); a region under "
        "it is of level 3\n"
        f"{path}:2: column 'country': in country PT, but the parent ES24 is in ES (value 'PT'); "
        "a region is in its parent's country\n"
    )
    assert quads(run.location) == before


def test_progress_is_a_bar_on_a_terminal_only(store_path: Path) -> None:
    """On a terminal, click's bar (the bytes read, with the rows); elsewhere, no bar."""
    command = [sys.executable, "-m", "s3graph", "--store", str(store_path), "load", "--dry-run"]
    path = str(DATA / "good_partnerships.csv")
    terminal, inside = os.openpty()
    with subprocess.Popen([*command, path], stdout=subprocess.PIPE, stderr=inside) as loading:
        os.close(inside)
        shown = b""
        with contextlib.suppress(OSError):  # the pty ends with EIO once the load has closed it
            while chunk := os.read(terminal, 1 << 16):
                shown += chunk
        assert loading.wait(60) == 0
    os.close(terminal)
    last = shown.decode().replace("\r\n", "\n").split("\r")[-1]
    assert re.search(r"reading good_partnerships\.csv +\[#+\] +100% +2 rows", last), shown
    assert "Would load 2 partnerships" not in shown.decode()  # the report is on stdout
    elsewhere = Cli(store_path)("load", "--dry-run", path)
    assert elsewhere.exit_code == 0 and elsewhere.stderr == ""
