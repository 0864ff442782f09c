"""Event facts on the site: what happened, who, how many died, in words; actor pages;
undated and background events kept with their report; filters by type and actor."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_A, write_content

ACTORS = {
    "syrian-arab-army": "name: Syrian Arab Army\nkind: state\naliases: [SAA, regime forces]\n"
    "country: SY\nparent: null\n",
    "islamic-state": "name: Islamic State\nkind: rebel\naliases: [ISIS, Daesh]\n"
    "country: null\nparent: null\n",
}

ENTRY_FACTS = """---
title: Air strike on Mosul
published: 2017-06-10
published_from: manifest
source: {file: c.txt, sha256: cccc, url: null, outlet: Example News}
places: [mosul]
events:
- date: '2017-06-09'
  mention: on Friday
  sentence: An air strike by the Syrian army killed three children in Mosul on Friday.
  places: [mosul]
  event_type: Explosions/Remote violence
  sub_event_type: Air/drone strike
  actor1: syrian-arab-army
  actor2: islamic-state
  fatalities: 3
  civilian_fatalities: 3
  child_fatalities: 3
  injured: 5
  casualty_words: killed three children
  main: true
- date: null
  sentence: Residents fled the district.
  places: [mosul]
- date: '2014'
  mention: in 2014
  sentence: The group seized Mosul in 2014.
  places: [mosul]
  event_type: Battles
  sub_event_type: Non-state actor overtakes territory
  actor1: islamic-state
  background: true
review: []
---

An air strike by the Syrian army killed three children in Mosul on Friday.
"""


@pytest.fixture
def chronicle(tmp_path: Path) -> Path:
    (tmp_path / "chronicle.toml").write_text('title = "T"\n', encoding="utf-8")
    content = write_content(tmp_path, entries={"a": ENTRY_A, "strike": ENTRY_FACTS})
    (content / "actors").mkdir()
    for aid, meta in ACTORS.items():
        (content / "actors" / f"{aid}.md").write_text(f"---\n{meta}---\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "build"]) == 0
    return tmp_path / "site"


def test_an_event_says_what_happened_who_did_it_and_how_many_died(chronicle: Path) -> None:
    timeline = (chronicle / "timeline" / "2017.html").read_text(encoding="utf-8")
    assert "Air strike by the Syrian Arab Army" in (
        chronicle / "entries" / "strike.html"
    ).read_text(encoding="utf-8")
    assert "Air strike on Mosul" in timeline
    assert "3 children killed, 5 wounded" in timeline
    assert 'data-type="Explosions/Remote violence"' in timeline
    assert 'data-actors="syrian-arab-army islamic-state"' in timeline
    assert '<select id="filter-actor"' in timeline and '<select id="filter-type"' in timeline


def test_background_and_undated_events_stay_with_their_report(chronicle: Path) -> None:
    timeline = "".join(
        p.read_text(encoding="utf-8") for p in (chronicle / "timeline").glob("*.html")
    )
    assert "The group seized Mosul in 2014." not in timeline
    assert "Residents fled the district." not in timeline
    entry = (chronicle / "entries" / "strike.html").read_text(encoding="utf-8")
    assert "The group seized Mosul in 2014." in entry
    assert "Residents fled the district." in entry and "date not given" in entry
    assert "the report's main event" in entry


def test_actor_pages_list_their_events_and_reports(chronicle: Path) -> None:
    page = (chronicle / "actors" / "syrian-arab-army.html").read_text(encoding="utf-8")
    assert "<h1>Syrian Arab Army</h1>" in page
    assert "Also called: SAA, regime forces" in page
    assert "An air strike by the Syrian army killed three children" in page
    assert 'href="../entries/strike.html"' in page
    index = (chronicle / "actors" / "index.html").read_text(encoding="utf-8")
    assert 'href="../actors/islamic-state.html"' in index or 'href="islamic-state.html"' in index


def test_an_unknown_actor_id_is_an_error_naming_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    write_content(tmp_path, entries={"strike": ENTRY_FACTS})
    assert main(["--root", str(tmp_path), "build"]) == 2
    err = capsys.readouterr().err
    assert "strike.md" in err and "unknown actor id 'syrian-arab-army'" in err


def test_a_wrong_event_type_is_an_error_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = ENTRY_FACTS.replace("sub_event_type: Air/drone strike", "sub_event_type: Airstrike")
    write_content(tmp_path, entries={"strike": bad})
    assert main(["--root", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "strike.md:13: event 1: sub_event_type 'Airstrike' is not an ACLED" in out


def test_exports_carry_acled_columns(chronicle: Path) -> None:
    import csv
    import json

    rows = list(csv.DictReader((chronicle / "data" / "events.csv").open(encoding="utf-8")))
    strike = next(r for r in rows if r["sentence"].startswith("An air strike"))
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert (strike["actor1"], strike["actor2"]) == ("Syrian Arab Army", "Islamic State")
    assert (strike["fatalities"], strike["civilian_fatalities"], strike["child_fatalities"]) == (
        "3",
        "3",
        "3",
    )
    assert strike["injured"] == "5" and strike["civilian_targeting"] == ""
    data = json.loads((chronicle / "data" / "events.json").read_text(encoding="utf-8"))
    assert any(e["fatalities"] == 3 and e["actor1"] == "Syrian Arab Army" for e in data)
