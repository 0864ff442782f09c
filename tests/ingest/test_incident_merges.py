"""Incident merges near the threshold (issue 16): two reports that may tell one happening are
a review item; the editor merges them (content/incidents.yml `merge`, the site then shows
one incident) or keeps them apart (`apart`: never proposed again)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content.incidents import load_incident_decisions

PLACES = {
    "syria": "name: Syria\nkind: country\ncountry: SY\nlat: 35.0\nlon: 38.0",
    "homs-governorate": "name: Homs Governorate\nkind: admin1\nparent: syria\n"
    "country: SY\nlat: 34.5\nlon: 37.5",
    "rastan": "name: Rastan\nkind: town\nparent: homs-governorate\ncountry: SY\n"
    "lat: 34.92\nlon: 36.73",
}
# Two reports of a strike on Rastan a day apart, the second vague about what hit the town:
# short of a merge by less than a point.
ENTRIES = {
    "warplanes-strike-rastan": (
        "Warplanes strike Rastan",
        "2017-06-10",
        "- date: '2017-06-09'\n  mention: on Friday\n"
        "  sentence: Warplanes struck Rastan on Friday.\n  places: [rastan]\n"
        "  event_type: Explosions/Remote violence\n  sub_event_type: Air/drone strike\n"
        "  main: true\n",
        "Warplanes struck Rastan on Friday.",
    ),
    "market-burns-in-rastan": (
        "A market burns in Rastan",
        "2017-06-11",
        "- date: '2017-06-10'\n  mention: on Saturday\n"
        "  sentence: A fire swept the market of the town on Saturday.\n"
        "  places: [rastan]\n  event_type: Explosions/Remote violence\n  main: true\n",
        "A fire swept the market of the town on Saturday.",
    ),
}


def near_pair_chronicle(root: Path) -> Path:
    """A chronicle at `root` of the two reports (no ingest: the entries as written)."""
    assert main(["init", str(root)]) == 0
    content = root / "content"
    for folder in ("entries", "places"):
        for old in (content / folder).glob("*.md"):
            old.unlink()
        (content / folder).mkdir(parents=True, exist_ok=True)
    for pid, meta in PLACES.items():
        (content / "places" / f"{pid}.md").write_text(f"---\n{meta}\n---\n")
    for slug, (title, published, events, body) in ENTRIES.items():
        (content / "entries" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\npublished: {published}\nplaces: [rastan]\n"
            f"events:\n{events}---\n\n{body}\n"
        )
    return root


@pytest.fixture
def war(tmp_path: Path) -> Path:
    return near_pair_chronicle(tmp_path / "war")


def review(root: Path, capsys: pytest.CaptureFixture, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["--root", str(root), "review", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def incidents(root: Path) -> list[dict]:
    assert main(["--root", str(root), "build"]) == 0
    return json.loads((root / "site" / "data" / "incidents.json").read_text())


def test_a_near_merge_is_listed_and_filtered(war: Path, capsys: pytest.CaptureFixture) -> None:
    [item] = review(war, capsys)
    assert item["kind"] == "incident" and item["label"] == "incident merge"
    assert item["entry"] == "warplanes-strike-rastan"  # the earlier incident's report
    assert item["weight"] == 2  # the two reports it would bring together
    assert "Rastan" in item["text"] and "9 June 2017" in item["text"]
    assert "10 June 2017" in item["text"] and "a day apart" in item["reason"]
    first, second = item["incidents"]
    assert first["reports"] == ["warplanes-strike-rastan"]
    assert second["reports"] == ["market-burns-in-rastan"]
    assert review(war, capsys, "--kind", "incident") == [item]
    assert review(war, capsys, "--kind", "place") == []
    assert review(war, capsys, "--entry", "market-burns") == [item]
    assert review(war, capsys, "--place", "rastan") == [item]
    assert review(war, capsys, "--place", "aleppo") == []
    assert main(["--root", str(war), "review"]) == 0
    text = capsys.readouterr().out
    assert f"chronicle decide warplanes-strike-rastan {item['key']} merge|apart" in text
    assert len(incidents(war)) == 2


def test_merge_writes_the_file_closes_the_item_and_the_site_shows_one_incident(
    war: Path, capsys: pytest.CaptureFixture
) -> None:
    incidents_file = war / "content" / "incidents.yml"
    incidents_file.write_text("# my decisions\nhide: []  # none yet\n")
    [item] = review(war, capsys)
    first, second = (i["id"] for i in item["incidents"])
    decide = ["--root", str(war), "decide", item["entry"], item["key"]]
    assert main([*decide, "merge"]) == 0
    text = incidents_file.read_text()
    assert text == f"# my decisions\nhide: []  # none yet\nmerge:\n- [{first}, {second}]\n"
    assert review(war, capsys) == []  # decided: gone
    [incident] = incidents(war)
    assert {s["entry"] for s in incident["sources"]} == set(ENTRIES)
    assert main([*decide, "merge"]) != 0  # decided already
    assert "decided already" in capsys.readouterr().err


def test_apart_is_recorded_and_never_proposed_again(
    war: Path, capsys: pytest.CaptureFixture
) -> None:
    [item] = review(war, capsys)
    # filed under either report
    assert main(["--root", str(war), "decide", "market-burns-in-rastan", item["key"], "apart"]) == 0
    decisions = load_incident_decisions(war / "content" / "incidents.yml")
    [(a, b)] = [(x.name, y.name) for x, y in decisions.apart]
    assert [a, b] == [i["id"] for i in item["incidents"]]
    assert review(war, capsys) == []
    assert len(incidents(war)) == 2
    assert main(["--root", str(war), "check"]) == 0
    # the report of one of them removed: check names the stale line
    (war / "content" / "entries" / "market-burns-in-rastan.md").unlink()
    capsys.readouterr()
    main(["--root", str(war), "check"])
    out = capsys.readouterr()
    assert f"no incident {b} any more" in out.out + out.err


def test_the_review_page_shows_both_incidents_and_the_two_answers(war: Path) -> None:
    from chronicle.desk.listing import review_items
    from chronicle.desk.web import render_page

    found, errors = review_items(war / "content")
    html = render_page(
        found,
        war / "content",
        errors=errors,
        token="the-token",
        title="War",
        places=[],
        filters={"kind": "", "place": "", "entry": ""},
        done=None,
        failed=None,
        build_error=None,
    )
    [item] = found
    assert html.count('class="desk-side"') == 2
    assert "Warplanes struck Rastan on Friday." in html and "of the town on Saturday" in html
    for action, words in (("merge", "Merge: one incident"), ("apart", "Keep apart")):
        assert f'name="action" value="{action}"' in html and words in html
    assert html.count('name="token" value="the-token"') == 2
    assert f'name="key" value="{item.item.key}"' in html


def test_serve_regroups_when_only_the_incidents_file_changed(
    war: Path, capsys: pytest.CaptureFixture
) -> None:
    from chronicle.config import load_config
    from chronicle.site.options import BuildOptions
    from chronicle.site.serve import LiveSite

    config = load_config(war)
    live = LiveSite(
        BuildOptions(
            config=config,
            content_dir=war / "content",
            out_dir=war / "site",
            theme=config.theme,
            search=False,
        )
    )
    live.rebuild()
    shown = war / "site" / "data" / "incidents.json"
    assert len(json.loads(shown.read_text())) == 2
    [item] = review(war, capsys)
    assert main(["--root", str(war), "decide", item["entry"], item["key"], "merge"]) == 0
    live.rebuild()  # the entries are as they were: the fast path must not be taken
    assert live.last == "slow" and len(json.loads(shown.read_text())) == 1
