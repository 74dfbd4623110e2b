"""`s3graph regions`, `s3graph partnerships` and `s3graph pairs`: the analysts' shortcuts."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import s3graph
from s3graph.computed import region_pairs
from s3graph.errors import UnknownNameError
from s3graph.resolve import resolve
from s3graph.vocabulary import PLATFORMS

from bundled import member_regions
from conftest import Cli


def test_partnerships_of_a_region(run: Cli) -> None:
    result = run("partnerships", "--region", "ES24")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Aragón \(ES24\): \d+ partnerships\n", result.stderr)
    header, _, *lines = result.stdout.splitlines()
    assert header.split() == ["id", "partnership", "platform", "role", "via", "via_region"]
    assert re.search(
        r"^im-h2valleys +European Hydrogen Valleys +Industrial Modernisation +lead +direct$",
        "\n".join(lines),
        re.M,
    )
    assert any(line.startswith("im-ccre ") and " initiator " in line for line in lines)


def test_partnerships_of_a_region_by_name_in_every_format(run: Cli) -> None:
    table = run("partnerships", "--region", "aragon").stdout
    as_csv = run.csv("partnerships", "--region", "ARAGÓN")
    as_json = run.json("partnerships", "--region", "Aragón")
    markdown = run("partnerships", "--region", "es24", "--format", "md").stdout.splitlines()
    assert as_csv == [
        {key: "" if value is None else str(value) for key, value in row.items()} for row in as_json
    ]
    assert list(as_json[0])[:2] == ["id", "partnership"]
    assert markdown[0] == "| id | partnership | platform | role | via | via_region |"
    assert len(markdown) - 2 == len(as_json) == len(table.splitlines()) - 2
    assert {"im-h2valleys", "im-ccre"} <= {row["id"] for row in as_json}


def test_partnerships_through_a_parent_region(run: Cli) -> None:
    rows = run.json("partnerships", "--region", "FRK21")
    valleys = next(row for row in rows if row["id"] == "im-h2valleys")
    assert (valleys["via"], valleys["via_region"]) == ("FRK", "Auvergne-Rhône-Alpes")


def test_every_partnership_without_a_region(run: Cli) -> None:
    rows = run.json("partnerships")
    ccre = next(row for row in rows if row["id"] == "im-ccre")
    assert ccre["platform"] == "Industrial Modernisation"
    assert ccre["area"] == "Cultural and Creative Industries"


def test_a_region_in_no_partnership(run: Cli) -> None:
    result = run("partnerships", "--region", "MT")
    assert result.stdout == "(no results)\n"
    assert result.stderr == "Malta (MT): 0 partnerships\n"
    as_csv = run("partnerships", "--region", "MT", "--format", "csv").stdout
    assert as_csv.splitlines() == ["id,partnership,platform,role,via,via_region"]


def test_regions_of_a_partnership(run: Cli) -> None:
    result = run("regions", "--partnership", "im-h2valleys")
    assert result.exit_code == 0, result.output
    regions = member_regions("im-h2valleys")
    name = "European Hydrogen Valleys (im-h2valleys)"
    assert result.stderr == f"{name}: {len(regions)} member regions\n"
    header, _, first, *_ = result.stdout.splitlines()
    assert header.split() == ["code", "region", "level", "country", "role", "since", "until"]
    assert first.split() == ["ES24", "Aragón", "2", "ES", "lead"]
    by_name = run.csv("regions", "--partnership", "hydrogen valleys")
    assert [row["code"] for row in by_name] == regions
    assert list(by_name[0])[:2] == ["code", "region"]


@pytest.mark.parametrize(
    ("args", "mistake"),
    [
        (("regions", "--partnership", "bio"), lambda store: resolve(store, "partnership", "bio")),
        (("partnerships", "--region", "Aragn"), lambda store: resolve(store, "region", "Aragn")),
        (("pairs", "--platform", "enrgy"), lambda _: PLATFORMS.resolve("enrgy")),
    ],
)
def test_name_errors_are_the_library_messages_on_one_line(
    run: Cli,
    built_store: s3graph.Store,
    args: tuple[str, ...],
    mistake: Callable[[s3graph.Store], object],
) -> None:
    with pytest.raises(UnknownNameError) as caught:
        mistake(built_store)
    assert run.error(*args) == f"Error: {caught.value}"


def test_usage_errors(run: Cli) -> None:
    missing = run("regions")
    assert missing.exit_code == 2 and "give either --partnership or --code" in missing.output
    assert run("pairs", "--top", "0").exit_code == 2
    assert run("pairs", "--format", "xml").exit_code == 2


def test_pairs(run: Cli, built_store: s3graph.Store) -> None:
    top = run.json("pairs", "--top", "3")
    assert len(top) == 3
    assert list(top[0]) == ["code_1", "region_1", "code_2", "region_2", "shared", "partnerships"]
    assert [row["shared"] for row in top] == sorted((row["shared"] for row in top), reverse=True)
    assert all(len(row["partnerships"].split()) == row["shared"] for row in top)
    cci = run.csv("pairs", "--area", "CCI")
    expected = region_pairs(built_store, area="cci").dicts()
    assert cci == [{key: str(value) for key, value in row.items()} for row in expected]
    table = run("pairs", "--platform", "energy", "--country", "ES").stdout
    assert table.splitlines()[0].split() == [
        "code_1",
        "region_1",
        "code_2",
        "region_2",
        "shared",
        "partnerships",
    ]


@pytest.mark.parametrize("command", ["regions", "partnerships", "pairs"])
def test_help_has_examples_and_formats(run: Cli, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "table|csv|json|md" in result.stdout
