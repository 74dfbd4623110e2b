"""The explorer in a real browser: Playwright driving Debian's Chromium (no browser download)
against the explorer served by uvicorn on 127.0.0.1, over an in-memory store of its own.

The journey of the issue: search for "aragon", open Aragón, follow a partnership, ask a
named question and download its CSV, draw a view, load the README's broken CSV (its four
faults, nothing loaded) and then good ones. And a hostile name loaded from a CSV file runs no
script on any page. Locators are the ones a user sees (roles, labels, text); Playwright waits
for them, nothing sleeps.

``S3GRAPH_README_PICTURES=1`` also saves the README's picture of a partnership page.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from chromium import chromium_path
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_views import HOSTILE

import s3graph
from s3graph.app import ExplorerSettings, create_app
from s3graph.app.store_access import SharedStore

from conftest import quads_of

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="needs chromium (apt-get install chromium)"),
]

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "docs" / "examples"
README_PICTURE = ROOT / "docs" / "img" / "explorer-partnership.png"
HOSTILE_IDS = [f"p-hostile-{number}" for number in range(len(HOSTILE))]


@pytest.fixture(scope="module")
def store() -> Iterator[s3graph.Store]:
    """A fresh in-memory store with the bundled data, for this module's loads."""
    fresh = s3graph.open_built_store("memory")
    yield fresh
    fresh.close()


@pytest.fixture(scope="module")
def explorer_url(store: s3graph.Store) -> Iterator[str]:
    """The explorer, loads allowed, served by uvicorn in a thread on a free port."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(ExplorerSettings(allow_load=True), store=SharedStore(store=store))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the explorer did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def problems() -> list[str]:
    """What went wrong in the page: dialogs opened, script errors, console errors."""
    return []


@pytest.fixture
def page(browser: Browser, explorer_url: str, problems: list[str]) -> Iterator[Page]:
    """A page of a fresh browser context, which records its problems."""
    context = browser.new_context(
        base_url=explorer_url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    yield page
    context.close()


def test_an_analyst_finds_aragon_and_follows_a_partnership(
    page: Page, problems: list[str], store: s3graph.Store
) -> None:
    page.goto("/")
    search = page.get_by_label("Find a region, partnership or organisation by code or name")
    search.fill("aragon")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aragón")
    suggested = s3graph.suggest(store, region="ES24", top=1).items[0].code
    expect(page.locator("#suggestions").get_by_role("link", name=suggested)).to_be_visible()
    partnerships = page.locator("#partnerships")
    partnerships.get_by_role("link", name="im-h2valleys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("European Hydrogen Valleys")
    members = page.locator("#regions")
    expect(members.get_by_role("link", name="ES24")).to_be_visible()
    # the map of its members is drawn in its frame
    frame = page.frame_locator('iframe[title="Its members on the map"]')
    expect(frame.get_by_role("heading", level=1)).to_contain_text("members by role")
    if os.environ.get("S3GRAPH_README_PICTURES"):
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.reload()
        overlap = page.frame_locator('iframe[title="The partnerships it overlaps with"]')
        expect(overlap.locator(".s3graph-view")).to_have_attribute("data-state", "still")
        page.screenshot(path=README_PICTURE)
    assert problems == []


def test_an_analyst_asks_a_question_and_downloads_its_csv(
    page: Page, problems: list[str], store: s3graph.Store
) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    page.get_by_role("link", name="Partnerships of a region").click()
    page.get_by_label("region", exact=True).fill("aragon")
    page.get_by_role("button", name="Ask").click()
    answer = page.get_by_role("region", name="Answer")
    expected = s3graph.run_query(store, "partnerships-of-region", region="aragon")
    expect(answer.get_by_role("row")).to_have_count(len(expected) + 1)
    # a click on a heading sorts the rows
    answer.get_by_role("button", name="role").click()
    roles = answer.locator("tbody tr td:nth-child(4)").all_text_contents()
    assert roles == sorted(roles)
    with page.expect_download() as download:
        answer.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "partnerships-of-region.csv"
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    assert text == s3graph.render(expected, s3graph.OutputFormat.CSV)
    assert problems == []


def test_an_analyst_draws_a_view(page: Page, problems: list[str]) -> None:
    page.goto("/views")
    page.get_by_label("View", exact=True).select_option("region-network")
    page.get_by_label("Focus").fill("Aragón")
    page.get_by_role("button", name="Draw").click()
    # as a user would, scroll to the drawing: Chromium draws no frame that is out of sight
    page.get_by_title("The network view").scroll_into_view_if_needed()
    frame = page.frame_locator('iframe[title="The network view"]')
    expect(frame.locator(".s3graph-view")).to_have_attribute("data-state", "still", timeout=20_000)
    expect(frame.get_by_role("heading", level=1)).to_have_text("Region co-membership network")
    expect(page.get_by_role("link", name="GEXF")).to_be_visible()
    assert problems == []


def test_an_analyst_loads_csv_files_and_a_broken_one_loads_nothing(
    page: Page, problems: list[str], store: s3graph.Store
) -> None:
    upload_file(page, EXAMPLES / "my-partnerships.csv")
    before = quads_of(store)
    page.get_by_label("CSV file").set_input_files(EXAMPLES / "broken-memberships.csv")
    page.get_by_role("button", name="Check the file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Error: 4 faults; nothing was written:")
    for line, column in ((2, "member"), (3, "role"), (4, "since"), (5, "until")):
        expect(alert).to_contain_text(f"broken-memberships.csv:{line}: column '{column}'")
    expect(page.get_by_role("button", name="Load broken-memberships.csv")).to_have_count(0)
    assert quads_of(store) == before
    assert problems == [  # the refusal's own status, and nothing else
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    problems.clear()
    upload_file(page, EXAMPLES / "my-memberships.csv")
    rows = s3graph.regions_of_partnership(store, "green ports").dicts()
    assert [row["code"] for row in rows] == ["ES24", "NL33", "PT11"]
    assert problems == []


def test_a_hostile_name_runs_no_script_on_any_page(
    page: Page, problems: list[str], store: s3graph.Store, tmp_path: Path
) -> None:
    partnerships = tmp_path / "hostile-partnerships.csv"
    memberships = tmp_path / "hostile-memberships.csv"
    partnerships.write_text(
        _csv(
            ["partnership_id", "name", "platform", "note", "source"],
            [
                [ident, name, "energy", name, f"https://example.org/?q={quote(name)}"]
                for ident, name in zip(HOSTILE_IDS, HOSTILE, strict=True)
            ],
        ),
        encoding="utf-8",
    )
    memberships.write_text(
        _csv(
            ["partnership_id", "member", "role", "note"],
            [
                [ident, "ES24", "lead", name]
                for ident, name in zip(HOSTILE_IDS, HOSTILE, strict=True)
            ]
            + [[ident, "FI1D7", "member", ""] for ident in HOSTILE_IDS],
        ),
        encoding="utf-8",
    )
    upload_file(page, partnerships)
    upload_file(page, memberships)
    paths = [
        "/",
        "/region/ES24",
        "/region/FI1D7",
        *(f"/id/partnership/{ident}" for ident in HOSTILE_IDS),
        "/questions/partnerships-of-region?region=ES24",
        "/questions/leads-per-platform",
        "/views?view=bipartite&focus=ES24",
        "/views?view=partnership-overlap&platform=energy",
        f"/map?partnership={HOSTILE_IDS[0]}",
        "/id/theme/energy",
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        for frame in page.frames:
            assert frame.evaluate("typeof window.pwned") == "undefined", (path, frame.url)
    page.goto(f"/id/partnership/{HOSTILE_IDS[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE[0])
    assert problems == []


def upload_file(page: Page, path: Path) -> None:
    """Upload a good file through the form, check it, confirm it, and see it loaded."""
    page.goto("/load")
    page.get_by_label("CSV file").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("status")).to_contain_text(f"{path.name} is fine. Would load")
    page.get_by_role("button", name=f"Load {path.name}").click()
    expect(page.get_by_role("status")).to_contain_text("Loaded ")


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
