"""The maps and the places index as a reader meets them, in Debian's Chromium, at a
phone's width and a desktop's: the map opens on the chronicle's region (not on a single
place abroad), clusters close markers, colours the provinces by their events with a
legend and links them to their pages; a place's small map shows its province and the
neighbours, labelled, with the place on top; the places index filters as one types.
Nothing is fetched from another server, names go in as text, axe-core finds no serious
violation.

One site build, one web server and one browser serve the whole module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import write_content
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}


def place(name: str, kind: str, parent: str | None, country: str, lat: float, lon: float) -> str:
    return (
        f"name: {name}\nkind: {kind}\naliases: []\nparent: {parent or 'null'}\n"
        f"country: {country}\nlat: {lat}\nlon: {lon}\ngeonames: null\n"
    )


PLACES = {
    "iraq": place("Iraq", "country", None, "IQ", 33.0, 44.0),
    # An HTML-looking name: it must show as text on the map, never as markup.
    "nineveh-governorate": place(
        "Nineveh <b>Governorate</b>", "admin1", "iraq", "IQ", 36.15, 42.73
    ),
    "mosul": place("Mosul", "city", "nineveh-governorate", "IQ", 36.335, 43.119),
    "tal-afar": place("Tal Afar", "city", "nineveh-governorate", "IQ", 36.374, 42.448),
    "bartella": place("Bartella", "town", "nineveh-governorate", "IQ", 36.352, 43.38),
    "qayyarah": place("Qayyarah", "town", "nineveh-governorate", "IQ", 35.8, 43.29),
    "hamdaniya": place("Hamdaniya", "town", "nineveh-governorate", "IQ", 36.27, 43.37),
    "syria": place("Syria", "country", None, "SY", 35.0, 38.0),
    "aleppo-governorate": place("Aleppo Governorate", "admin1", "syria", "SY", 36.2, 37.6),
    "aleppo": place("Aleppo", "city", "aleppo-governorate", "SY", 36.202, 37.159),
    "al-bab": place("Al-Bab", "city", "aleppo-governorate", "SY", 36.371, 37.516).replace(
        "aliases: []", "aliases: [Al Bāb]"
    ),
    "manbij": place("Manbij", "city", "aleppo-governorate", "SY", 36.528, 37.955),
    "france": place("France", "country", None, "FR", 46.0, 2.0),
    "paris": place("Paris", "city", "france", "FR", 48.857, 2.352),
}
EVENTS = {
    "mosul": 10,
    "tal-afar": 3,
    "bartella": 2,
    "qayyarah": 2,
    "hamdaniya": 1,
    "aleppo": 4,
    "al-bab": 2,
    "manbij": 1,
    "paris": 1,  # a single place abroad
}


def entry(pid: str, times: int) -> str:
    events = "".join(
        f"- date: '2017-03-{day:02d}'\n  mention: on {day} March\n"
        f"  sentence: Shelling was reported in the area on {day} March.\n  places: [{pid}]\n"
        for day in range(1, times + 1)
    )
    return (
        f"---\ntitle: Shelling around {pid}\npublished: 2017-04-01\npublished_from: manifest\n"
        f"source: {{file: {pid}.txt, sha256: abcd, url: null, outlet: null}}\n"
        f"places: [{pid}]\nevents:\n{events}review: []\n---\n\nShelling was reported.\n"
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("map-site")
    # No region set: the map infers it from where the events are.
    (root / "chronicle.toml").write_text('title = "Map Test"\n', encoding="utf-8")
    write_content(root, PLACES, {f"report-{p}": entry(p, n) for p, n in EVENTS.items()})
    assert main(["--root", str(root), "build"]) == 0
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture(params=sorted(WIDTHS))
def page(request, browser, base: str):
    """A page at a phone's or a desktop's width, collecting console errors, page errors
    and every request made to another server."""
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 844})
    p = context.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(f"console: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(f"pageerror: {e}"))
    p.on("request", lambda r: None if r.url.startswith(base) else p.errors.append(r.url))
    p.width = WIDTHS[request.param]
    yield p
    context.close()


def in_view(page, selector: str, lat: float, lon: float) -> bool:
    return page.evaluate(
        "([s, lat, lon]) => document.querySelector(s).chronicleMap.getBounds()"
        ".contains([lat, lon])",
        [selector, lat, lon],
    )


def shown_places(page, selector: str) -> int:
    """Places drawn on their own plus the places folded into the clusters."""
    return page.evaluate(
        """s => document.querySelectorAll(s + ' path.map-marker').length +
        Array.from(document.querySelectorAll(s + ' .map-cluster'))
            .reduce((n, c) => n + parseInt(c.querySelector('span').textContent, 10), 0)""",
        selector,
    )


def test_map_opens_on_the_region_with_clusters_and_province_choropleth(page, base: str) -> None:
    page.goto(base + "map/index.html")
    page.wait_for_selector("#map.map-ready")
    # The region: Iraq and Syria (nearly all events), not France's single one.
    assert in_view(page, "#map", 36.335, 43.119) and in_view(page, "#map", 36.202, 37.159)
    assert not in_view(page, "#map", 48.857, 2.352)
    assert not in_view(page, "#map", 24.0, 29.0)  # nor Egypt: not the world either
    # Close markers are clustered; every place in view is drawn, alone or in a cluster
    # (all but France and Paris).
    assert page.locator("#map .map-cluster").count() >= 1
    assert shown_places(page, "#map") == len(PLACES) - 2
    # Province outlines of Iraq (18) and Syria (15), coloured by their events.
    assert page.locator("#map path.map-area").count() == 33
    assert page.locator("#map path.map-area-c5").count() == 1  # Nineveh, 18 events
    assert page.locator("#map path.map-area-c1").count() == 1  # Aleppo, 7 events
    assert page.locator("#map path.map-area-c0").count() == 31
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.width
    legend = page.locator(".map-legend li")
    assert legend.first.is_visible()
    assert legend.all_inner_texts() == ["no incidents", "1–7 incidents", "8–18 incidents"]
    assert page.errors == []


def test_a_province_links_to_its_page_and_a_cluster_opens_on_selection(page, base: str) -> None:
    page.goto(base + "map/index.html")
    page.wait_for_selector("#map.map-ready")
    assert "leaflet-interactive" in page.locator("#map path.map-area-c5").get_attribute("class")
    # Open its popup as a click would (a click at the middle of its box could land on a
    # marker or outside the province).
    page.evaluate("""() => {
        const map = document.querySelector('#map').chronicleMap;
        map.eachLayer(l => { if (l.feature && l.getPopup() &&
            l._path.classList.contains('map-area-c5')) l.openPopup(); });
    }""")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == "Nineveh <b>Governorate</b>"  # text, not markup
    assert link.get_attribute("href") == "../places/nineveh-governorate.html"
    assert "18 incidents in it" in page.locator(".leaflet-popup-content").inner_text()
    page.keyboard.press("Escape")
    clusters = page.locator("#map .map-cluster").count()
    before = page.evaluate("() => document.querySelector('#map').chronicleMap.getZoom()")
    page.locator("#map .map-cluster").first.focus()
    page.keyboard.press("Enter")  # reachable and usable by keyboard
    page.wait_for_function(
        "z => document.querySelector('#map').chronicleMap.getZoom() > z", arg=before
    )
    page.wait_for_timeout(400)
    assert page.locator("#map path.map-marker").count() > 0 or (
        page.locator("#map .map-cluster").count() != clusters
    )
    assert page.errors == []


def test_small_map_shows_the_province_and_its_neighbours_labelled(page, base: str) -> None:
    page.goto(base + "places/mosul.html")
    page.wait_for_selector(".map-small.map-ready")
    small = page.locator(".map-small")
    assert small.locator("path.map-area-focus").count() == 1
    labels = set(small.locator(".map-label").all_inner_texts())
    # its province, as the chronicle names it, and the neighbours, as Natural Earth does
    assert {"Nineveh <b>Governorate</b>", "Dihok", "Arbil", "Hasaka"} <= labels
    assert small.locator("b").count() == 0  # the name's markup stays text
    # The place's own marker is drawn last, on top of the others.
    here = small.locator("path.map-marker-here")
    assert here.count() == 1
    assert page.evaluate(
        "() => { const m = document.querySelectorAll('.map-small path.map-marker');"
        " return m[m.length - 1].classList.contains('map-marker-here'); }"
    )
    # The view is the province, not the country.
    assert in_view(page, ".map-small", 36.335, 43.119)
    assert not in_view(page, ".map-small", 30.5, 47.8)  # Basra
    assert page.errors == []


def test_country_page_small_map_names_its_provinces(page, base: str) -> None:
    page.goto(base + "places/syria.html")
    page.wait_for_selector(".map-small.map-ready")
    assert page.locator(".map-small path.map-area").count() >= 15
    assert "Aleppo" in page.locator(".map-small .map-label").all_inner_texts()
    assert page.errors == []


def test_places_index_filters_as_one_types(page, base: str) -> None:
    page.goto(base + "places/index.html")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.width
    headings = page.locator(".place-group h2 > a").all_inner_texts()
    assert headings == ["France", "Iraq", "Syria"]  # by name
    box = page.locator("#place-filter-q")
    assert box.is_visible()
    items = page.locator(".place-group li")
    total = items.count()
    box.fill("bab")  # matches "Al-Bab" and its other spelling "Al Bāb"
    from playwright.sync_api import expect

    expect(page.locator("#place-filter-status")).to_have_text("1 place matches “bab”.")
    visible = page.locator(".place-group li:visible > a").all_inner_texts()
    assert visible == ["Aleppo Governorate", "Al-Bab"]  # the place, inside its province
    assert not page.locator(".place-group").nth(1).is_visible()  # Iraq: nothing there
    assert "q=bab" in page.url  # linkable
    box.fill("zzz")
    expect(page.locator("#place-filter-status")).to_have_text("No place matches “zzz”.")
    box.fill("")
    expect(page.locator(".place-group li:visible")).to_have_count(total)
    page.goto(base + "places/index.html?q=tal")
    expect(page.locator(".place-group li:visible > a")).to_have_text(
        ["Nineveh <b>Governorate</b>", "Tal Afar"]
    )
    assert page.errors == []


def test_places_index_is_complete_without_javascript(browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "places/index.html")
    assert not page.locator("#place-filter").is_visible()
    assert page.locator(".place-group li").count() == len(PLACES) - 3  # all but countries
    assert "Paris city · 1 incident · 1 report" in page.locator(".place-group").nth(0).inner_text()
    context.close()


@pytest.mark.parametrize("path", ["map/index.html", "places/mosul.html", "places/index.html"])
def test_no_serious_accessibility_violations(browser, base: str, path: str) -> None:
    for width, scheme in [(w, s) for w in WIDTHS.values() for s in ("light", "dark")]:
        # axe-core is injected as a script of its own: the site's CSP (rightly) forbids
        # that, so this context alone bypasses CSP.
        context = browser.new_context(
            bypass_csp=True, viewport={"width": width, "height": 844}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(base + path)
        if "places/index" not in path:
            page.wait_for_selector(".map.map-ready")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')));
        }""")
        context.close()
        assert violations == [], f"{path} at {width} px, {scheme}: {violations}"


def test_with_tiles_the_attribution_is_text_and_the_land_is_the_tiles(
    browser, tmp_path: Path
) -> None:
    root = tmp_path / "tiled"
    root.mkdir()
    (root / "chronicle.toml").write_text(
        'title = "Tiled"\ntiles = "https://tiles.example.org/{z}/{x}/{y}.png"\n'
        'tiles_attribution = "<b>Tiles</b> & co"\n',
        encoding="utf-8",
    )
    write_content(root, PLACES, {"report-mosul": entry("mosul", 3)})
    assert main(["--root", str(root), "build"]) == 0
    with serve(root / "site") as url:
        context = browser.new_context()
        asked: list[str] = []

        def tile(route) -> None:  # answered here: nothing leaves the machine
            asked.append(route.request.url)
            route.fulfill(status=404, body="")

        context.route("https://tiles.example.org/**", tile)
        page = context.new_page()
        page.goto(url + "map/index.html")
        page.wait_for_selector("#map.map-ready")
        attribution = page.locator(".leaflet-control-attribution")
        assert "<b>Tiles</b> & co" in attribution.inner_text()
        assert attribution.locator("b").count() == 0
        assert asked  # the tiles were asked for, from the configured server only
        assert page.locator("#map path.map-country").count() == 0  # the tiles are the land
        assert page.locator("#map path.map-area").count() == 18
        context.close()
