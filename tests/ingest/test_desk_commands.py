"""Corrections made once (issue 16): `chronicle review` lists and filters the items,
`chronicle decide` writes a decision, `chronicle places merge | rename | prune` change every
entry at once, and names that are not places nor actors are set aside for the chronicle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries
from chronicle.content import places as place_files
from chronicle.content.review import add_not_place

ARTICLES = {
    "washington.txt": (
        "Car bomb in Damascus\n\nA car bomb exploded in Damascus on Monday. Officials in "
        "Washington condemned the attack on Tuesday.\n"
    ),
    "kefraya.txt": (
        "Strike on a village\n\nWarplanes struck the village of Kefraya on Monday, a monitor "
        "said. Syrian forces advanced near Homs on Tuesday.\n"
    ),
    "daesh.txt": (
        "Militants attack the town of Homs\n\nDaesh fighters attacked the town of Homs on Monday, killing "
        "five soldiers, a monitor said.\n"
    ),
}


@pytest.fixture
def war(tmp_path: Path) -> Path:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    config = root / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    return root


def ingest(root: Path, capsys: pytest.CaptureFixture | None = None) -> str:
    folder = root.parent / "articles"
    assert main(["--root", str(root), "ingest", str(folder), "--published", "2017-03-08"]) == 0
    return capsys.readouterr().out if capsys else ""


def review(root: Path, capsys: pytest.CaptureFixture, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["--root", str(root), "review", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def entry(root: Path, word: str) -> Path:
    [path] = [p for p in (root / "content" / "entries").glob("*.md") if word in p.read_text()]
    return path


def test_review_lists_ranks_and_filters(war: Path, capsys: pytest.CaptureFixture) -> None:
    ingest(war)
    items = review(war, capsys)
    assert {i["mention"] for i in items} == {"Washington", "Kefraya"}
    assert [i["weight"] for i in items] == sorted((i["weight"] for i in items), reverse=True)
    assert {i["kind"] for i in review(war, capsys, "--kind", "name")} == {"name"}
    [only] = review(war, capsys, "--place", "washington")
    assert only["mention"] == "Washington" and only["candidates"]
    assert review(war, capsys, "--entry", "strike-on")[0]["mention"] == "Kefraya"
    assert main(["--root", str(war), "review"]) == 0
    text = capsys.readouterr().out
    assert "review: 2 items in 2 entries" in text and "“A car bomb" not in text


def test_decide_pick_teaches_every_later_ingest(war: Path, capsys: pytest.CaptureFixture) -> None:
    ingest(war)
    [item] = review(war, capsys, "--place", "Washington")
    candidate = item["candidates"][0]["id"]
    args = ["--root", str(war), "decide", item["entry"], item["key"], "pick"]
    assert main([*args, "--candidate", candidate]) == 0
    path = entry(war, "Washington")
    assert candidate in entries.load_entry(path).places
    place = war / "content" / "places" / f"{candidate}.md"
    assert entries.is_hand_edited(place.read_text())  # an editor's place file now
    ingest(war)  # the editor's decision stays, the item does not come back
    assert candidate in entries.load_entry(path).places
    assert review(war, capsys, "--place", "Washington") == []
    # a decided item is gone: deciding it again is one clear line
    assert main([*args, "--candidate", candidate]) == 2
    assert "no such review item" in capsys.readouterr().err


def test_decide_merge_into_an_existing_place(war: Path, capsys: pytest.CaptureFixture) -> None:
    ingest(war)
    [item] = review(war, capsys, "--place", "Kefraya")
    code = main(
        ["--root", str(war), "decide", item["entry"], item["key"], "merge", "--place", "homs"]
    )
    assert code == 0
    assert "homs" in entries.load_entry(entry(war, "Kefraya")).places
    homs = place_files.load_place(war / "content" / "places" / "homs.md").record
    assert "Kefraya" in homs.aliases


def test_names_that_are_not_actors_are_set_aside(war: Path) -> None:
    ingest(war)
    actors = {e.get("actor1") for e in entries.load_entry(entry(war, "Daesh")).events}
    assert "islamic-state" in actors
    assert (war / "content" / "actors" / "islamic-state.md").exists()  # written for the entry
    add_not_place(war / "content", "Daesh")
    ingest(war)
    actors = {e.get("actor1") for e in entries.load_entry(entry(war, "Daesh")).events}
    assert "islamic-state" not in actors


def test_an_editor_s_correction_of_the_facts_is_kept(war: Path) -> None:
    ingest(war)
    path = entry(war, "Daesh")
    text = path.read_text()
    assert "fatalities: 5" in text
    path.write_text(text.replace("fatalities: 5", "fatalities: 6"))
    ingest(war)
    events = entries.load_entry(path).events
    assert any(e.get("fatalities") == 6 for e in events)
    assert not any(e.get("fatalities") == 5 for e in events)


def test_places_merge_rename_prune(war: Path, capsys: pytest.CaptureFixture) -> None:
    ingest(war)
    places = war / "content" / "places"
    root = ["--root", str(war), "places"]
    damascus = entry(war, "Washington")
    assert "damascus" in entries.load_entry(damascus).places
    # rename: the name changes, the old one stays an alias; with --id, every entry follows
    assert main([*root, "rename", "damascus", "Dimashq", "--id", "dimashq"]) == 0
    assert not (places / "damascus.md").exists()
    record = place_files.load_place(places / "dimashq.md").record
    assert record.name == "Dimashq" and "Damascus" in record.aliases
    loaded = entries.load_entry(damascus)
    assert "dimashq" in loaded.places and "damascus" not in loaded.places
    assert all("damascus" not in e["places"] for e in loaded.events)
    # merge: one place, every entry and event naming it
    assert main([*root, "merge", "dimashq", "homs"]) == 0
    assert not (places / "dimashq.md").exists()
    loaded = entries.load_entry(damascus)
    assert "homs" in loaded.places and "dimashq" not in loaded.places
    assert "Dimashq" in place_files.load_place(places / "homs.md").record.aliases
    # prune: place files no entry uses (an editor's are kept unless asked)
    (places / "nowhere.md").write_text(
        place_files.render_place(
            record.__class__(id="nowhere", name="Nowhere", kind="village", country="SY")
        )
    )
    (places / "mine.md").write_text("---\nname: Mine\nkind: village\n---\n\nMy notes.\n")
    capsys.readouterr()
    assert main([*root, "prune", "--dry-run"]) == 0
    assert (places / "nowhere.md").exists()
    assert main([*root, "prune"]) == 0
    out = capsys.readouterr().out
    assert not (places / "nowhere.md").exists() and (places / "mine.md").exists()
    assert "kept" in out and "mine.md" in out
    assert (places / "homs.md").exists() and (places / "syria.md").exists()
    assert main(["--root", str(war), "check"]) == 0
