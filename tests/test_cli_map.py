"""``s3graph map``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import s3graph
from s3graph.errors import UnknownNameError

from bundled import member_regions, regions_at_level
from conftest import Cli


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_map_writes_one_self_contained_page_and_nothing_else(
    run: Cli, work: Path, built_store: s3graph.Store
) -> None:
    result = run("map", "-o", "europe.html")
    assert result.exit_code == 0, result.output
    regions = len(s3graph.region_map(built_store).data.regions)
    assert result.stdout == (
        f"Wrote europe.html (html): {regions} regions, each region at its own NUTS level, "
        "the finer on top.\n"
    )
    assert os.listdir(work) == ["europe.html"]
    page = (work / "europe.html").read_text(encoding="utf-8")
    assert "<h1>Partnerships per region</h1>" in page


def test_map_formats_follow_the_suffix_or_format(store_path: Path, work: Path) -> None:
    run = Cli(store_path)
    assert run("map", "--level", "2", "-o", "regions.json").exit_code == 0
    assert len(json.loads(Path("regions.json").read_text(encoding="utf-8"))["features"]) == len(
        regions_at_level(2)
    )
    result = run("map", "--partnership", "hydrogen valleys", "-o", "h2.txt", "--format", "geojson")
    assert result.exit_code == 0, result.output
    codes = {
        feature["id"]
        for feature in json.loads(Path("h2.txt").read_text(encoding="utf-8"))["features"]
    }
    assert codes == set(member_regions("im-h2valleys"))


def test_map_names_what_it_cannot_draw(store_path: Path, work: Path) -> None:
    result = Cli(store_path)("map", "--partnership", "im-chemicals", "-o", "chemicals.geojson")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "Not drawn (1): ecrn (European Chemical Regions Network (ECRN)): "
        "organisation without a home region\n"
    )


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["--partnership", "hydrogn"], {"partnership": "hydrogn"}),
        (["--platform", "enrgy"], {"platform": "enrgy"}),
        (["--level", "auot"], {"level": "auot"}),
        (["--country", "Spain"], {"country": "Spain"}),
    ],
)
def test_map_refuses_unknown_names_in_one_line(
    built_store: s3graph.Store,
    store_path: Path,
    work: Path,
    arguments: list[str],
    options: dict[str, str],
) -> None:
    with pytest.raises(UnknownNameError) as caught:
        s3graph.region_map(built_store, **options)  # type: ignore[arg-type]
    line = Cli(store_path).error("map", "-o", "map.html", *arguments)
    assert line == f"Error: {caught.value}"
    assert os.listdir(work) == []


def test_map_will_not_write_into_the_store(store_path: Path, work: Path) -> None:
    line = Cli(store_path).error("map", "-o", str(store_path / "map.html"))
    assert line.startswith("Error: will not write ")


def test_map_to_standard_output_keeps_messages_apart(store_path: Path, work: Path) -> None:
    result = Cli(store_path)(
        "map", "--partnership", "im-h2valleys", "-o", "-", "--format", "geojson"
    )
    assert result.exit_code == 0, result.output
    codes = {feature["id"] for feature in json.loads(result.stdout_bytes)["features"]}
    assert codes == set(member_regions("im-h2valleys"))
    assert result.stderr.startswith(f"Wrote standard output (geojson): {len(codes)} regions")
    assert os.listdir(work) == []


def test_a_map_that_fails_leaves_the_old_file(store_path: Path, work: Path) -> None:
    (work / "europe.html").write_text("the old map", encoding="utf-8")
    Cli(store_path).error("map", "--level", "9", "-o", "europe.html")
    assert (work / "europe.html").read_text(encoding="utf-8") == "the old map"
    assert os.listdir(work) == ["europe.html"]
