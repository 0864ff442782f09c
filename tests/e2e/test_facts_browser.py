"""Event facts as a reader meets them (issue 14), in Debian's Chromium: each incident says
what happened, who did it and how many died; the timeline filters by type and by actor;
an actor has a page listing its incidents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chronicle.cli import main
from tests.conftest import write_content
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser

ACTORS = {
    "islamic-state": "name: Islamic State\nkind: rebel\naliases: [IS]\ncountry: null\nparent: null\n",
    "iraqi-security-forces": (
        "name: Iraqi Security Forces\nkind: state\naliases: [Iraqi forces]\ncountry: IQ\n"
        "parent: null\n"
    ),
    "civilians": "name: Civilians\nkind: civilians\naliases: []\ncountry: null\nparent: null\n",
}

STRIKE = """---
title: Car bomb kills 12 in Mosul market
published: 2017-03-10
published_from: manifest
source: {file: a.txt, sha256: aaaa, url: null, outlet: Example Wire}
places: [mosul]
events:
- date: '2017-03-09'
  mention: on Thursday
  sentence: A car bomb set off by IS killed 12 civilians, among them 3 children, in a Mosul market on Thursday.
  places: [mosul]
  event_type: Explosions/Remote violence
  sub_event_type: Remote explosive/landmine/IED
  actor1: islamic-state
  actor2: civilians
  fatalities: 12
  civilian_fatalities: 12
  child_fatalities: 3
  main: true
review: []
---

A car bomb set off by IS killed 12 civilians, among them 3 children, in a Mosul market on Thursday.
"""

ADVANCE = """---
title: Troops retake the Old City
published: 2017-06-09
published_from: manifest
source: {file: b.txt, sha256: bbbb, url: null, outlet: Example Wire}
places: [old-city-mosul]
events:
- date: '2017-06-08'
  mention: on Thursday
  sentence: Iraqi forces retook the Old City from IS on Thursday.
  places: [old-city-mosul]
  event_type: Battles
  sub_event_type: Government regains territory
  actor1: iraqi-security-forces
  actor2: islamic-state
  main: true
review: []
---

Iraqi forces retook the Old City from IS on Thursday.
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("facts-site")
    (root / "chronicle.toml").write_text('title = "Facts"\nregion = ["IQ"]\n', encoding="utf-8")
    write_content(root, entries={"car-bomb": STRIKE, "old-city": ADVANCE})
    actors = root / "content" / "actors"
    actors.mkdir()
    for actor_id, meta in ACTORS.items():
        (actors / f"{actor_id}.md").write_text(f"---\n{meta}---\n", encoding="utf-8")
    assert main(["--root", str(root), "build"]) == 0
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[object]:
    with launch() as browser:
        p = browser.new_page(viewport={"width": 1200, "height": 900})
        p.errors = []
        p.on("pageerror", lambda e: p.errors.append(str(e)))
        yield p


def shown(page) -> list[str]:
    items = page.locator("li.incident")
    return [items.nth(i).inner_text() for i in range(items.count()) if items.nth(i).is_visible()]


def test_an_incident_says_what_who_and_how_many(page, base: str) -> None:
    page.goto(base + "timeline/2017.html")
    [bomb] = [text for text in shown(page) if "car bomb" in text.lower()]
    assert "Islamic State" in bomb
    assert "12 killed" in bomb and "3 children" in bomb
    assert page.errors == []


def test_the_timeline_filters_by_type_and_by_actor(page, base: str) -> None:
    page.goto(base + "timeline/2017.html")
    assert len(shown(page)) == 2
    page.select_option("#filter-type", label="Battles")
    [left] = shown(page)
    assert "Old City" in left
    page.click("button[type=reset]")
    page.select_option("#filter-actor", "civilians")
    [left] = shown(page)
    assert "12 killed" in left
    # on either side: Islamic State acted in one, was acted upon in the other
    page.select_option("#filter-actor", "islamic-state")
    assert len(shown(page)) == 2
    assert page.errors == []


def test_an_actor_has_a_page_with_its_incidents(page, base: str) -> None:
    page.goto(base + "actors/index.html")
    page.click("a:text('Iraqi Security Forces')")
    assert page.locator("h1").inner_text() == "Iraqi Security Forces"
    items = page.locator("li.incident")
    assert items.count() == 1 and "Old City" in items.first.inner_text()
    assert "Iraqi forces" in page.locator("main").inner_text()  # its aliases
    assert page.errors == []
