"""A place's incidents paged by year (issue 17), as a reader meets them in Chromium: the
place's page links its years, a year's page filters its incidents (and redraws its chart),
previous/next lead through the years (and carry the filters), no horizontal scroll on a phone, and axe-core finds
no serious violation.

Pages are made for places of more than `paging.SHORT_LIST` incidents: the small test
chronicle is built with that limit at 1, and with a report of 2016 at Iraq.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site import paging
from tests.conftest import ENTRY_A, ENTRY_B, write_content
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

AUTUMN = (
    ENTRY_B.replace("bbbb", "dddd")
    .replace("Week of fighting in Iraq", "An autumn report")
    .replace("2017-06-02", "2016-10-20")
    .replace("2017-W22", "'2016-10-17'")
    .replace("Earlier this week, troops reached the border", "Troops crossed the river")
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("paged-site")
    (root / "chronicle.toml").write_text('title = "Paged"\nregion = ["IQ"]\n', encoding="utf-8")
    write_content(root, entries={"a": ENTRY_A, "b": ENTRY_B, "autumn": AUTUMN})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHORT_LIST", 1)
        assert main(["--root", str(root), "build"]) == 0
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(f"console: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(f"pageerror: {e}"))
    yield p
    context.close()


def test_a_place_leads_through_its_years(page, base: str) -> None:
    page.goto(base + "places/iraq.html")
    page.click("ol.timeline-index >> text=2016")
    page.wait_for_url("**/places/iraq/2016.html")
    assert page.locator("h1").inner_text() == "Iraq: 2016"
    assert page.locator("li.incident").count() == 1
    page.click("a[rel=next]")
    page.wait_for_url("**/places/iraq/2017.html")
    page.click("nav.pager >> text=All years")
    page.wait_for_url("**/places/iraq.html")
    assert page.errors == []


def test_a_year_page_filters_its_incidents(page, base: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "places/iraq/2017.html")
    items = page.locator("li.incident")
    assert page.locator("#timeline-filters").is_visible()  # shown once JS runs
    total = items.count()
    assert total == 3
    page.select_option("#filter-place", "mosul")  # Mosul and the places inside it
    expect(page.locator("li.incident:not([hidden])")).to_have_count(2)
    assert "2 of 3 incidents shown" in page.locator("#filter-status").inner_text()
    assert "place=mosul" in page.url
    # the filter follows the reader to the year before
    page.click("a[rel=prev]")
    page.wait_for_url("**/places/iraq/2016.html?place=mosul")
    assert page.locator("#filter-place").input_value() == "mosul"
    expect(page.locator("li.incident:not([hidden])")).to_have_count(0)
    page.click("button[type=reset]")
    expect(page.locator("li.incident:not([hidden])")).to_have_count(1)
    assert "?" not in (page.locator("a[rel=next]").first.get_attribute("href") or "?")
    assert page.errors == []


def test_a_year_page_fits_a_phone_and_has_no_serious_violation(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "places/iraq/2017.html")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    assert violations == []
    context.close()
