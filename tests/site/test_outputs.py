"""The published site beyond its pages: exports, feeds, sitemap, search index, chart, map
data, Open Graph, <time> tags and dates in the chronicle's language."""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site.exports import COLUMNS
from chronicle.site.linkcheck import broken_links
from tests.conftest import ENTRY_A, write_content

ATOM = "{http://www.w3.org/2005/Atom}"


def build(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "build", *extra])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small chronicle built once for the read-only tests of this module."""
    root = tmp_path_factory.mktemp("outputs")
    (root / "chronicle.toml").write_text(
        'title = "Test Chronicle"\nregion = ["IQ"]\ndescription = "A small test."\n',
        encoding="utf-8",
    )
    write_content(root)
    assert build(root) == 0
    return root / "site"


def test_events_csv_has_the_agreed_columns_and_one_row_per_event(site: Path) -> None:
    text = (site / "data" / "events.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(csv.reader(io.StringIO(text)).__next__()) == COLUMNS
    assert COLUMNS == (
        "event_id",
        "date",
        "date_precision",
        "place",
        "place_id",
        "admin1",
        "country",
        "latitude",
        "longitude",
        "geo_precision",
        # ACLED's event coding (issue 14)
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "fatalities",
        "civilian_targeting",
        "civilian_fatalities",
        "child_fatalities",
        "injured",
        "sentence",
        "entry_url",
        "source",
        "published",
    )
    assert len(rows) == 4
    by_date = {r["date"]: r for r in rows}
    old_city = by_date["2017-06-08"]
    # the most specific place; coordinates from the nearest place that has them (Mosul)
    assert old_city["place_id"] == "old-city-mosul" and old_city["place"] == "Old City"
    assert old_city["admin1"] == "Nineveh Governorate" and old_city["country"] == "IQ"
    assert (old_city["latitude"], old_city["longitude"]) == ("36.335", "43.119")
    assert old_city["geo_precision"] == "city" and old_city["date_precision"] == "day"
    assert old_city["entry_url"] == "entries/forces-enter-old-city.html"
    assert old_city["published"] == "2017-06-09"
    assert old_city["event_id"].startswith("ev-")
    week = by_date["2017-W22"]
    assert week["date_precision"] == "week" and week["geo_precision"] == "country"
    assert week["source"] == "Example News"
    unplaced = by_date["2014"]
    assert (
        unplaced["place"] == ""
        and unplaced["latitude"] == ""
        and unplaced["date_precision"] == "year"
    )
    # events.json holds the same rows
    data = json.loads((site / "data" / "events.json").read_text(encoding="utf-8"))
    assert [d["event_id"] for d in data] == [r["event_id"] for r in rows]
    assert list(data[0]) == list(COLUMNS)
    assert next(d for d in data if d["date"] == "2017-06-08")["latitude"] == 36.335


def test_places_geojson_and_timelinejs(site: Path) -> None:
    geo = json.loads((site / "data" / "places.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    features = {f["id"]: f for f in geo["features"]}
    assert features["mosul"]["geometry"] == {"type": "Point", "coordinates": [43.119, 36.335]}
    assert features["old-city-mosul"]["geometry"] is None
    props = features["mosul"]["properties"]
    assert props["events"] == 2 and props["events_here"] == 2
    assert [p["id"] for p in props["parents"]] == ["iraq", "nineveh-governorate"]
    tl = json.loads((site / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert tl["title"]["text"]["headline"] == "Test Chronicle"
    assert len(tl["events"]) == 4
    first = tl["events"][0]
    assert first["start_date"] == {"year": "2014"} and first["end_date"]["month"] == "12"
    day = next(e for e in tl["events"] if e["start_date"].get("day") == "8")
    assert day["start_date"] == {"year": "2017", "month": "6", "day": "8"}
    assert "took a main entrance" in day["text"]["text"] and "end_date" not in day


def test_home_links_the_exports_and_the_feed(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    for href in (
        "data/events.csv",
        "data/events.json",
        "data/places.geojson",
        "data/timeline.json",
        "feed.xml",
        "map/index.html",
    ):
        assert f'href="{href}"' in home


def test_atom_feeds_are_valid_and_dated_from_content(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2017-06-09T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Forces enter the Old City",
        "Week of fighting in Iraq",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == "entries/forces-enter-old-city.html"
    assert entries[0].findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert "took a main entrance" in entries[0].findtext(f"{ATOM}summary")
    mosul = ET.parse(site / "places" / "mosul.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in mosul.findall(f"{ATOM}entry")]
    assert titles == ["Forces enter the Old City"]
    assert mosul.find(f"{ATOM}link").get("href") == "../places/mosul.xml"
    iraq = ET.parse(site / "places" / "iraq.xml").getroot()
    assert len(iraq.findall(f"{ATOM}entry")) == 2  # events inside Iraq count too
    page = (site / "places" / "mosul.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page and 'href="../places/mosul.xml"' in page


def test_feed_without_dates_uses_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    undated = ENTRY_A.replace("published: 2017-06-09", "published: null")
    undated = re.sub(r"events:\n(- .*\n(  .*\n)*)+", "events: []\n", undated)
    write_content(tmp_path, entries={"undated": undated})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert build(tmp_path) == 0
    feed = ET.parse(tmp_path / "site" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2017-07-14T02:40:00Z"


def test_robots_and_sitemap(site: Path, small_chronicle: Path) -> None:
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert not (site / "sitemap.xml").exists()  # a sitemap needs absolute addresses
    assert build(small_chronicle, "--base-url", "https://example.org/mosul") == 0
    out = small_chronicle / "site"
    assert "Sitemap: https://example.org/mosul/sitemap.xml" in (out / "robots.txt").read_text()
    urls = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in urls]
    assert "https://example.org/mosul/" in locs
    assert "https://example.org/mosul/places/mosul.html" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    entry = (out / "entries" / "forces-enter-old-city.html").read_text(encoding="utf-8")
    assert (
        '<meta property="og:url" content="https://example.org/mosul/entries/forces-enter-old-city.html">'
        in entry
    )
    assert '<meta property="og:type" content="article">' in entry
    assert '<meta property="article:published_time" content="2017-06-09">' in entry
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("https://example.org/mosul/")
    assert broken_links(out) == []


def test_open_graph_and_time_elements_on_every_page(site: Path) -> None:
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    for page in sorted(site.rglob("*.html")):
        if "search/data" in page.as_posix():
            continue
        html = page.read_text(encoding="utf-8")
        assert '<meta property="og:title" content="' in html, page
        assert '<meta property="og:description" content="' in html, page
        # every date a reader sees is inside <time datetime>
        text = re.sub(r"<time datetime=\"[^\"]+\">[^<]*</time>", "", html)
        text = re.sub(
            r"<svg.*?</svg>|<figcaption.*?</figcaption>|<title>.*?</title>", "", text, flags=re.S
        )
        assert not re.search(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", text), page


def test_timeline_chart_bars_link_to_events(site: Path) -> None:
    html = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    bars = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    # two events dated to a day or a week: two weekly bars, each linking its event
    assert len(bars) == 2
    assert all(href.startswith("../timeline/index.html#ev-") for href, _ in bars)
    assert any("Week of 29 May 2017: 1 event (Iraq 1)" in label for _, label in bars)
    assert "2 events dated only to a month or a year" in html
    place = (site / "places" / "iraq.html").read_text(encoding="utf-8")
    assert '<svg class="chart"' in place and "Nineveh Governorate (1)" in place


def test_timeline_filters_are_progressive_enhancement(site: Path) -> None:
    html = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<form class="filters" id="timeline-filters" hidden' in html
    assert '<script src="../static/filter.js" defer></script>' in html
    item = re.search(
        r'<li class="event" id="ev-[^"]+" data-places="([^"]+)" data-year="2017"[^>]*>'
        r'\s*<h4 class="event-date"[^>]*><time datetime="2017-06-08"',
        html,
    )
    assert item and item.group(1) == "iraq mosul nineveh-governorate old-city-mosul"
    assert (
        '<option value="old-city-mosul">' in html and '<option value="2014">2014</option>' in html
    )


def test_map_data_in_attributes_no_inline_script(site: Path) -> None:
    html = (site / "map" / "index.html").read_text(encoding="utf-8")
    raw = re.search(r'<div class="map map-full" id="map" data-places="([^"]*)"', html).group(1)
    markers = json.loads(raw.replace("&#34;", '"').replace("&quot;", '"'))
    by_id = {m["id"]: m for m in markers}
    assert set(by_id) == {"iraq", "mosul", "nineveh-governorate"}  # Old City: no coordinates
    assert by_id["mosul"]["url"] == "../places/mosul.html" and by_id["mosul"]["here"] == 2
    assert "data-tiles" not in html  # no tile server unless the author sets one
    for page in sorted(site.rglob("*.html")):
        if "search/data" in page.as_posix():
            continue
        html = htmllib.unescape(page.read_text(encoding="utf-8"))
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), page  # no inline script
        assert "script-src 'self'" in html and " style=" not in html, page
    entry = (site / "entries" / "forces-enter-old-city.html").read_text(encoding="utf-8")
    assert 'class="map map-small" data-places=' in entry


def test_tile_layer_is_opt_in(small_chronicle: Path) -> None:
    toml = small_chronicle / "chronicle.toml"
    toml.write_text(
        toml.read_text() + 'tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"\n'
        'tiles_attribution = "© OpenStreetMap contributors"\n',
        encoding="utf-8",
    )
    assert build(small_chronicle) == 0
    html = htmllib.unescape((small_chronicle / "site" / "map" / "index.html").read_text("utf-8"))
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in html


def test_search_index_is_built_and_search_can_be_turned_off(
    site: Path,
    small_chronicle: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    """Chronicle's own index: static files under search/data, no WebAssembly, the main
    text of each page marked; CHRONICLE_SEARCH=0 builds without it and says search is off."""
    import json

    meta = json.loads((site / "search" / "data" / "meta.json").read_text(encoding="utf-8"))
    assert meta
    search = htmllib.unescape((site / "search" / "index.html").read_text(encoding="utf-8"))
    assert "script-src 'self';" in search and "wasm" not in search
    home = htmllib.unescape((site / "index.html").read_text(encoding="utf-8"))
    assert 'action="search/index.html"' in home
    for page in ("entries/forces-enter-old-city.html", "places/mosul.html", "timeline/index.html"):
        assert "data-search-body" in (site / page).read_text(encoding="utf-8")
    monkeypatch.setenv("CHRONICLE_SEARCH", "0")
    assert build(small_chronicle) == 0
    assert "search is off" in capsys.readouterr().out
    assert not (small_chronicle / "site" / "search" / "data").exists()
    assert (small_chronicle / "site" / "search" / "index.html").is_file()


def test_dates_in_the_chronicles_language(small_chronicle: Path) -> None:
    toml = small_chronicle / "chronicle.toml"
    toml.write_text(toml.read_text() + 'language = "fr"\n', encoding="utf-8")
    assert build(small_chronicle) == 0
    html = (small_chronicle / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert '<time datetime="2017-06-08">8 juin 2017</time>' in html
    assert '<time datetime="2017-W22">semaine du 29 mai 2017</time>' in html
    assert '<time datetime="2017-01">janvier 2017</time>' in html


def test_unknown_language_falls_back_to_english(small_chronicle: Path) -> None:
    toml = small_chronicle / "chronicle.toml"
    toml.write_text(toml.read_text() + 'language = "xx"\n', encoding="utf-8")
    assert build(small_chronicle) == 0
    html = (small_chronicle / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2017-06-08">8 June 2017</time>' in html
