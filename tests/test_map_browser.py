"""The map page in a real headless Chromium: drawn, legend true to the data, safe, usable.

Each test leaves a screenshot in its temporary directory (pytest keeps the last runs').
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import Chromium, chromium_path
from matplotlib.image import imread
from test_maps import HOSTILE, hostile_map

import s3graph
from s3graph.maps import RegionMap

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="needs chromium (apt-get install chromium)"),
]

STILL = "document.querySelector('.s3graph-map').dataset.state === 'still'"
SEA = (0xF0, 0xF6, 0xFC)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def europe(built_store: s3graph.Store) -> RegionMap:
    return s3graph.region_map(built_store)


def open_map(browser: Chromium, drawn: RegionMap, path: Path) -> None:
    drawn.write(path, "html")
    browser.open(path)
    browser.wait_for(STILL)


def assert_clean(browser: Chromium) -> None:
    assert browser.exceptions == []
    assert browser.console_errors == []
    assert browser.dialogs == []


def centre_of(browser: Chromium, index: int) -> dict[str, float]:
    """A point of the page inside region ``index``'s path, where it is the topmost element."""
    point: dict[str, float] = browser.evaluate(
        f"""(() => {{
          const path = document.querySelector('.regions path[data-i="{index}"]');
          const box = path.getBoundingClientRect();
          for (let step = 1; step < 16; step++) {{
            for (let across = 1; across < 16; across++) {{
              const x = box.left + box.width * across / 16, y = box.top + box.height * step / 16;
              if (document.elementFromPoint(x, y) === path) {{ return {{x: x, y: y}}; }}
            }}
          }}
          return null;
        }})()"""
    )
    assert point, f"region {index} is hidden"
    return point


def view_box(browser: Chromium) -> list[float]:
    box: list[float] = browser.evaluate(
        "document.querySelector('svg.map').getAttribute('viewBox').split(' ').map(Number)"
    )
    return box


def test_map_is_drawn_in_the_map_area(browser: Chromium, europe: RegionMap, tmp_path: Path) -> None:
    open_map(browser, europe, tmp_path / "europe.html")
    box: dict[str, Any] = browser.evaluate(
        "(() => { const r = document.querySelector('svg.map').getBoundingClientRect();"
        " return {left: r.left, top: r.top, width: r.width, height: r.height}; })()"
    )
    assert box["width"] > 600 and box["height"] > 400
    pixels = imread(browser.screenshot(tmp_path / "europe.png"))[..., :3] * 255
    area = pixels[
        int(box["top"]) : int(box["top"] + box["height"]),
        int(box["left"]) : int(box["left"] + box["width"]),
    ]
    land = (abs(area - SEA) > 3).any(axis=-1).mean()
    assert 0.2 < land < 0.8  # Europe's land and the insets, on the sea
    drawn = browser.evaluate("document.querySelectorAll('.regions path').length")
    assert drawn == len(europe.data.regions)
    assert_clean(browser)


def test_legend_and_colours_are_the_data_classes(
    browser: Chromium, europe: RegionMap, tmp_path: Path
) -> None:
    open_map(browser, europe, tmp_path / "europe.html")
    legend = browser.evaluate(
        "Array.from(document.querySelectorAll('.legend li')).map(li => ["
        " li.dataset.class, li.querySelector('.label').textContent,"
        " li.querySelector('.count').textContent,"
        " getComputedStyle(li.querySelector('.swatch')).backgroundColor])"
    )
    assert [row[:3] for row in legend] == [
        [cls.key, cls.label, f"{cls.count:,}"] for cls in europe.data.classes
    ]
    for number, (cls, row) in enumerate(zip(europe.data.classes, legend, strict=True)):
        fills = browser.evaluate(
            f"Array.from(document.querySelectorAll('.regions path.k{number}'))"
            ".map(path => getComputedStyle(path).fill)"
        )
        assert len(fills) == cls.count and set(fills) == {row[3]}


def test_hover_and_click_on_aragon_show_its_partnerships(
    browser: Chromium, europe: RegionMap, built_store: s3graph.Store, tmp_path: Path
) -> None:
    open_map(browser, europe, tmp_path / "europe.html")
    index = [region.code for region in europe.data.regions].index("ES24")
    names = {
        row["partnership"] for row in s3graph.partnerships_of_region(built_store, "ES24").dicts()
    }
    assert "European Hydrogen Valleys" in names
    point = centre_of(browser, index)
    browser.move_mouse(point["x"], point["y"])
    browser.wait_for("!document.querySelector('.s3graph-tip').hidden", timeout=5)
    tip = browser.evaluate("document.querySelector('.s3graph-tip').textContent")
    assert tip.startswith("Aragón ES24")
    assert all(name in tip for name in names)
    browser.screenshot(tmp_path / "hover.png")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send(
            "Input.dispatchMouseEvent",
            type=kind,
            x=point["x"],
            y=point["y"],
            button="left",
            clickCount=1,
        )
    info = browser.evaluate("document.querySelector('.info').textContent")
    assert "Aragón" in info and all(name in info for name in names)
    assert_clean(browser)


def test_wheel_zooms_at_the_pointer_and_dragging_moves(
    browser: Chromium, europe: RegionMap, tmp_path: Path
) -> None:
    open_map(browser, europe, tmp_path / "europe.html")
    before = view_box(browser)
    point = centre_of(browser, [region.code for region in europe.data.regions].index("ES24"))
    browser.send(
        "Input.dispatchMouseEvent",
        type="mouseWheel",
        x=point["x"],
        y=point["y"],
        deltaX=0,
        deltaY=-600,
    )
    zoomed = view_box(browser)
    assert zoomed[2] < before[2] / 2
    # Aragón stays under the pointer
    assert browser.evaluate(
        f"document.elementFromPoint({point['x']}, {point['y']}).dataset.i"
    ) == str([region.code for region in europe.data.regions].index("ES24"))
    for kind, x in (("mousePressed", 300), ("mouseMoved", 400), ("mouseReleased", 400)):
        browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=300, button="left", buttons=1)
    moved = view_box(browser)
    assert moved[0] < zoomed[0] and moved[2] == zoomed[2]
    browser.evaluate("document.querySelector('button[data-zoom=reset]').click()")
    assert view_box(browser) == before
    assert_clean(browser)


def test_hostile_names_are_shown_as_text_and_never_run(browser: Chromium, tmp_path: Path) -> None:
    hostile = RegionMap(hostile_map())
    open_map(browser, hostile, tmp_path / "hostile.html")
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.evaluate("document.querySelector('h1').textContent") == hostile.data.title
    caption = browser.evaluate("document.querySelector('.caption').textContent")
    assert hostile.data.description in caption and HOSTILE[3] in caption
    labels = browser.evaluate(
        "Array.from(document.querySelectorAll('.legend .label')).map(l => l.textContent)"
    )
    assert labels == [HOSTILE[0], HOSTILE[4]]
    for index, region in enumerate(hostile.data.regions):
        point = centre_of(browser, index)
        browser.move_mouse(point["x"], point["y"])
        browser.wait_for("!document.querySelector('.s3graph-tip').hidden", timeout=5)
        tip = browser.evaluate("document.querySelector('.s3graph-tip').textContent")
        assert tip.startswith(f"{region.name} {region.code}")
        assert (
            browser.evaluate(
                "document.querySelectorAll('.s3graph-tip *:not(div,b,span,ul,li)').length"
            )
            == 0
        )
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert_clean(browser)
    browser.screenshot(tmp_path / "hostile.png")
