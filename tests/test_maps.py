"""Maps as files (s3graph.maps): the HTML page, GeoJSON read back, PNG and SVG at A4."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

import geojson
import pytest
from matplotlib.image import imread

import s3graph
from s3graph.boundaries import region_geometries
from s3graph.geo import MapClass, MapData, MapLabel, MapRegion, NotDrawn, Participation
from s3graph.maps import MapFormat, RegionMap, map_format_of

from bundled import regions_at_level

HOSTILE = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '"><svg onload="window.pwned = 3">',
    "</script><script>window.pwned = 4</script>",
    "$x^2$ & {{ seven }} \u2028",
]
A4_POINTS = (841.9, 595.3)


def hostile_map() -> MapData:
    """A roles map of real regions whose every name tries to become markup or script."""
    codes = ["ES24", "FRK", "ITH5", "NL1", "PT11"]
    regions = tuple(
        MapRegion(
            code=code,
            name=text,
            level=len(code) - 2,
            country=code[:2],
            value=None,
            category="lead" if index % 2 else "none",
            participations=(Participation(f"p-{index}", text, "lead", text),),
        )
        for index, (code, text) in enumerate(zip(codes, HOSTILE, strict=True))
    )
    return MapData(
        title="<script>window.pwned = 5</script>Title $x^2$ costs $5",
        description='<img src=x onerror="window.pwned = 6">',
        shows="roles",
        level=None,
        filters="<b>bold</b>",
        classes=(MapClass("lead", HOSTILE[0], 2), MapClass("none", HOSTILE[4], 3)),
        regions=regions,
        not_drawn=(NotDrawn(HOSTILE[2], HOSTILE[3], "no boundary"),),
        frame=(2_000.0, 1_000.0, 7_500.0, 5_500.0),
        labels=tuple(MapLabel(text, 3_500.0 + 300 * i, 2_500.0) for i, text in enumerate(HOSTILE)),
    )


@pytest.fixture(scope="module")
def europe(built_store: s3graph.Store) -> RegionMap:
    return s3graph.region_map(built_store)


@pytest.fixture(scope="module")
def hydrogen(built_store: s3graph.Store) -> RegionMap:
    return s3graph.region_map(built_store, partnership="im-h2valleys", level=2)


def test_page_is_one_file_that_needs_no_network(europe: RegionMap) -> None:
    page = europe.to_html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert page.count('<path class="k') == len(europe.data.regions)
    assert "© EuroGeographics for the administrative boundaries" in page
    assert "Partnerships per region" in page


def test_page_legend_is_the_data_classes(europe: RegionMap) -> None:
    page = europe.to_html()
    legend = re.findall(
        r'<li data-class="([^"]+)">.*?<span class="label">([^<]+)</span>'
        r'<span class="count">([\d,]+)</span>',
        page,
        re.DOTALL,
    )
    expected = [(cls.key, cls.label, f"{cls.count:,}") for cls in europe.data.classes]
    assert legend == expected
    for number, cls in enumerate(europe.data.classes):
        assert page.count(f'<path class="k{number}"') == cls.count


def test_hostile_names_stay_text_in_the_page() -> None:
    page = RegionMap(hostile_map()).to_html()
    for text in HOSTILE:
        assert text not in page.replace("\u2028", "")
    assert "<script>window.pwned" not in page and "<img" not in page and "<svg onload" not in page
    assert "&lt;script&gt;window.pwned = 5&lt;/script&gt;Title" in page
    # the data block holds the names as JSON without a character that could end it
    block = re.search(r'class="s3graph-map-data">(.*?)</script>', page, re.DOTALL)
    assert block is not None
    data = json.loads(block.group(1))
    assert [region[1] for region in data["regions"]] == HOSTILE
    assert list(data["partnerships"].values()) == HOSTILE


def test_notebook_shows_the_page_in_a_frame_of_its_own(hydrogen: RegionMap) -> None:
    shown = hydrogen._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "<script" not in shown  # all of the page is inside the escaped srcdoc
    assert repr(hydrogen) == (
        "<RegionMap 'European Hydrogen Valleys (im-h2valleys): members by role': "
        f"{len(regions_at_level(2))} regions>"
    )


def test_geojson_validates_and_reads_back(hydrogen: RegionMap, tmp_path: Path) -> None:
    path = tmp_path / "hydrogen.geojson"
    assert hydrogen.write(path) is MapFormat.GEOJSON
    collection = geojson.loads(path.read_text(encoding="utf-8"))
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    features = collection["features"]
    assert len(features) == len(hydrogen.data.regions) == len(regions_at_level(2))
    for feature in features:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["geometry"]["coordinates"]
        assert re.fullmatch(r"[A-Z]{2}[A-Z0-9]{2}", feature["properties"]["nuts_code"])
        assert feature["id"] == feature["properties"]["nuts_code"]
    aragon = next(f for f in features if f["id"] == "ES24")["properties"]
    assert aragon == {
        "nuts_code": "ES24",
        "name": "Aragón",
        "level": 2,
        "country": "ES",
        "class": "lead",
        "class_label": "lead",
        "role": "lead",
        "memberships": "European Hydrogen Valleys (im-h2valleys): lead",
    }
    catalonia = next(f for f in features if f["id"] == "ES51")["properties"]
    assert catalonia["role"] is None and catalonia["class_label"] == "not a member"
    assert "© EuroGeographics" in collection["description"]


def test_geojson_of_counts_holds_every_regions_measure(europe: RegionMap) -> None:
    collection = europe.to_geojson()
    counted = {f["properties"]["nuts_code"]: f["properties"] for f in collection["features"]}
    assert {code: p["partnerships"] for code, p in counted.items()} == {
        region.code: region.value for region in europe.data.regions
    }
    assert counted["FRK"]["memberships"].startswith(
        "Efficient and Sustainable Manufacturing (ESM) (im-esm): lead"
    )
    # GISCO's coordinates, as bundled
    assert (
        counted
        and collection["features"][0]["geometry"]
        == region_geometries()[collection["features"][0]["id"]]
    )


@pytest.mark.slow
def test_png_is_an_a4_page_with_the_regions_in_colour(hydrogen: RegionMap, tmp_path: Path) -> None:
    path = tmp_path / "hydrogen.png"
    assert hydrogen.write(path) is MapFormat.PNG
    pixels = imread(path)
    height, width = pixels.shape[:2]
    assert (width, height) == pytest.approx((1754, 1240), abs=1)  # A4 landscape at 150 dpi
    lead = (0xD5 / 255, 0x5E / 255, 0x00)
    close = (abs(pixels[..., :3] - lead) < 0.02).all(axis=-1)
    assert close.sum() > 500  # Aragón and the other leads, in the lead colour


@pytest.mark.slow
def test_svg_is_an_a4_page_with_text_as_text(hydrogen: RegionMap, tmp_path: Path) -> None:
    path = tmp_path / "hydrogen.svg"
    assert hydrogen.write(path) is MapFormat.SVG
    root = ElementTree.parse(path).getroot()
    size = tuple(float(root.get(side, "").removesuffix("pt")) for side in ("width", "height"))
    assert size == pytest.approx(A4_POINTS, abs=1)
    text = "".join(root.itertext())
    for words in ("European Hydrogen Valleys", "Aragón", "lead (", "© EuroGeographics"):
        assert words in text
    again = tmp_path / "again.svg"
    hydrogen.write(again)
    assert again.read_bytes() == path.read_bytes()  # no date: the same map, the same file


@pytest.mark.slow
def test_hostile_names_on_a_still_map_are_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.svg"
    RegionMap(hostile_map()).write(path)
    text = "".join(ElementTree.parse(path).getroot().itertext())
    assert "<script>window.pwned = 1</script> (2)" in text  # a legend line
    assert "$x^2$ & {{ seven }}" in text  # a label, a legend line: dollars stay dollars
    assert "Title $x^2$ costs $5" in text


def test_format_follows_the_suffix_unless_given(hydrogen: RegionMap, tmp_path: Path) -> None:
    assert map_format_of(Path("a.htm")) is MapFormat.HTML
    assert map_format_of(Path("a.json")) is MapFormat.GEOJSON
    assert map_format_of(Path("a.SVG")) is MapFormat.SVG
    assert map_format_of(Path("a.txt")) is MapFormat.HTML
    path = tmp_path / "map.txt"
    assert hydrogen.write(path, "geojson") is MapFormat.GEOJSON
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.txt"]


def test_a_map_of_nothing_still_draws(built_store: s3graph.Store) -> None:
    empty = s3graph.region_map(built_store, partnership="im-ai")  # no member known
    assert empty.data.regions == () and empty.data.classes == ()
    assert "Shown: 0 regions" in empty.data.caption
    assert "<svg" in empty.to_html()
    assert empty.to_geojson()["features"] == []
    counts = replace(empty.data, shows="partnerships")
    assert "<svg" in RegionMap(counts).to_html()
