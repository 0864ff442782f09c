"""The incidents of a place and of an actor paged by year, like the timeline (issue 17):
stable addresses, previous/next links, the filters on every page, one page kept for a place
with few incidents; an edit rewrites only the pages that show it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chronicle.site import paging
from chronicle.site.linkcheck import broken_links
from tests.conftest import ENTRY_B
from tests.site.test_incremental import Chronicle

ACTOR = "---\nname: Example Brigade\nkind: rebel\naliases: []\ncountry: null\nparent: null\n---\n"


def with_actor(entry: str) -> str:
    return entry.replace("  places: [iraq]\n", "  places: [iraq]\n  actor1: example-brigade\n")


@pytest.fixture
def chron(small_chronicle: Path, tmp_path: Path) -> Chronicle:
    """The small chronicle, with a report of 2016 at Iraq, and an actor in two years."""
    c = Chronicle(small_chronicle, tmp_path / "clean")
    c.write("content/actors/example-brigade.md", ACTOR)
    c.write("content/entries/week-of-fighting.md", with_actor(ENTRY_B))
    c.write(
        "content/entries/autumn-report.md",
        with_actor(
            ENTRY_B.replace("bbbb", "dddd")
            .replace("Week of fighting in Iraq", "An autumn report")
            .replace("2017-06-02", "2016-10-20")
            .replace("2017-W22", "'2016-10-17'")
            .replace("Earlier this week, troops reached the border", "Troops crossed the river")
        ),
    )
    for path in (small_chronicle / "content").rglob("*.md"):
        c.touch(path)
    return c


def read(chron: Chronicle, page: str) -> str:
    return (chron.root / "site" / page).read_text(encoding="utf-8")


def test_a_place_with_few_incidents_keeps_one_page(chron: Chronicle) -> None:
    chron.check()
    site = chron.root / "site"
    assert not (site / "places" / "iraq").exists()
    assert not (site / "actors" / "example-brigade").exists()
    iraq = read(chron, "places/iraq.html")
    assert iraq.count('<li class="incident"') >= 3  # listed on the place's own page
    assert "one page per year" not in iraq


def test_places_and_actors_get_a_page_per_year(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "SHORT_LIST", 1)
    monkeypatch.setattr(paging, "RECENT_REPORTS", 1)
    chron.check()  # incremental and clean builds: the same bytes
    site = chron.root / "site"
    assert broken_links(site) == []

    # the place's own page lists its years, with their counts, instead of its incidents
    iraq = read(chron, "places/iraq.html")
    assert '<li class="incident"' not in iraq
    assert iraq.index('href="../places/iraq/2016.html"') < iraq.index(
        'href="../places/iraq/2017.html"'
    )
    assert "1 incident" in iraq
    # each year's page: its incidents, linked to the years before and after it
    early, late = read(chron, "places/iraq/2016.html"), read(chron, "places/iraq/2017.html")
    assert "Troops crossed the river" in early and "troops reached the border" not in early
    assert "troops reached the border" in late and "Forces on Thursday took" in late
    assert 'rel="next" href="../../places/iraq/2017.html"' in early
    assert 'rel="prev" href="../../places/iraq/2016.html"' in late
    assert 'href="../../places/iraq.html">All years</a>' in late
    # the filters: the place and the places inside it, and the items carry what they ask
    assert 'id="timeline-filters"' in late and "static/filter.js" in late
    options = re.findall(r'<option value="([^"]*)">', late)
    assert "iraq" in options and "mosul" in options
    assert 'data-places="iraq"' in late
    # the reports that name it: the most recent on its page, each year's on the year's
    listed = iraq[iraq.index("Reports that name Iraq") :]
    assert "Week of fighting in Iraq" in listed and "An autumn report" not in listed
    assert "Reports of 2016 that name Iraq" in early and "An autumn report" in early
    assert "Week of fighting in Iraq" in late[late.index("Reports of 2017") :]
    # an incident's anchor stays on the timeline's page alone
    assert 'class="incident" id=' not in late
    # a place inside it with one year only: one page, under its own address
    assert (site / "places" / "mosul" / "2017.html").is_file()
    assert not (site / "places" / "mosul" / "2016.html").exists()

    # an actor's pages, the same way
    brigade = read(chron, "actors/example-brigade.html")
    assert 'href="../actors/example-brigade/2016.html"' in brigade
    year = read(chron, "actors/example-brigade/2017.html")
    assert "troops reached the border" in year and 'rel="prev"' in year


def test_an_edit_of_an_event_rewrites_only_the_pages_of_its_year(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "SHORT_LIST", 1)
    chron.check()
    chron.edit(
        "content/entries/week-of-fighting.md",
        "sentence: Earlier this week, troops reached the border.",
        "sentence: Earlier this week, troops reached the northern border.",
    )
    changed, _ = chron.check()  # (and equal to a clean build)
    assert {"places/iraq/2017.html", "actors/example-brigade/2017.html"} <= changed
    assert "places/iraq/2016.html" not in changed
    assert "actors/example-brigade/2016.html" not in changed
    assert "places/mosul/2017.html" not in changed  # it shows no incident of that report
    assert "the northern border" in read(chron, "places/iraq/2017.html")

    changed, result = chron.check()  # nothing changed: nothing written
    assert changed == set() and result.rewritten == 0
