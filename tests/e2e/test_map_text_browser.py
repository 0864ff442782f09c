"""Text from the data goes into the page as text in the theme's scripts: a place name that
is HTML (an image with onerror, a meta refresh) shows as its characters in the map's
tooltip and popup, runs nothing and sends the reader nowhere, with the Content-Security-
Policy on and off. The same for search results (Pagefind's excerpts)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_A, write_content
from tests.e2e.browser import launch, serve
from tests.e2e.test_xss_browser import DOM_PROBE

pytestmark = pytest.mark.browser

JS = "alert(1);window.__xss=1"
NAMES = {
    "img-town": f'Img<img src=x onerror="{JS}">town',
    "refresh-town": 'Refresh<meta http-equiv="refresh" content="0;url=https://evil.example/">town',
}


def place(name: str, lat: float) -> str:
    return (
        f"name: {json.dumps(name)}\nkind: town\naliases: []\nparent: null\ncountry: IQ\n"
        f"lat: {lat}\nlon: 43.1\ngeonames: null\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("maptext")
    (root / "chronicle.toml").write_text('title = "T"\n', encoding="utf-8")
    entry = ENTRY_A.replace("places: [old-city-mosul, mosul]", "places: [img-town, refresh-town]")
    entry = entry.replace(
        "sentence: Forces recaptured eastern Mosul in January.\n  places: [mosul]",
        "sentence: Forces recaptured eastern Mosul in January.\n  places: [img-town, refresh-town]",
    )
    entry = entry.replace(
        "\nForces on Thursday", f'\nZorbafind <img src=x onerror="{JS}"> Forces on Thursday'
    )
    write_content(
        root,
        places={pid: place(name, 36.0 + i) for i, (pid, name) in enumerate(NAMES.items())},
        entries={"report": entry.replace("[old-city-mosul, mosul]", "[img-town]")},
    )
    assert main(["--root", str(root), "build"]) == 0
    return root / "site"


@pytest.mark.parametrize("bypass_csp", [False, True])
def test_place_names_in_map_tooltips_and_popups_are_text(site: Path, bypass_csp: bool) -> None:
    with launch() as browser, serve(site) as base:
        context = browser.new_context(bypass_csp=bypass_csp)
        left: list[str] = []
        context.route(
            re.compile(rf"^(?!{re.escape(base)})"),
            lambda route, req: (left.append(req.url), route.abort()),
        )
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("map/index.html", "places/img-town.html", "entries/report.html"):
            page.goto(base + path, wait_until="load")
            page.wait_for_selector(".map-ready")
            markers = page.locator("path.map-marker")
            assert markers.count() >= 1, path
            shown: list[str] = []
            for i in range(markers.count()):
                markers.nth(i).dispatch_event("mouseover")
                tooltip = page.locator(".leaflet-tooltip").last
                shown.append(tooltip.inner_text())
                markers.nth(i).dispatch_event("click")
                popup = page.locator(".leaflet-popup-content").last
                shown.append(popup.inner_text())
                page.wait_for_timeout(50)
                assert page.evaluate(DOM_PROBE) == [], (path, page.evaluate(DOM_PROBE))
            assert any(NAMES["img-town"] in text for text in shown), shown
            page.wait_for_timeout(300)  # a meta refresh of 0 s would have left by now
            assert page.url == base + path
        assert dialogs == [] and left == [], (dialogs, left)
        context.close()


@pytest.mark.parametrize("bypass_csp", [False, True])
def test_search_excerpts_are_text(site: Path, bypass_csp: bool) -> None:
    if not (site / "pagefind").is_dir():
        pytest.skip("built without Pagefind")
    with launch() as browser, serve(site) as base:
        context = browser.new_context(bypass_csp=bypass_csp)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "search/index.html?q=zorbafind", wait_until="load")
        results = page.locator("#search-results li")
        results.first.wait_for()
        text = page.locator("#search-results").inner_text()
        assert "onerror" in text  # the payload shows, as its characters
        page.wait_for_timeout(200)
        assert page.evaluate(DOM_PROBE) == [] and dialogs == []
        assert page.locator("#search-results mark").count() >= 1  # the words found
        context.close()
