"""Review items (issue 16) and what ingest publishes of places (issue 13): only places
extraction is sure of; the rest are items with reason, confidence and candidates, weighed
by the events they change; the chronicle's list of names that are not places."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chronicle.cli import main
from chronicle.content import entries
from chronicle.content.review import add_not_place, load_not_places

KEFRAYA = (
    "Strike on a village\n\nWarplanes struck the village of Kefraya on Monday, a monitor "
    "said. Syrian forces advanced near Homs on Tuesday.\n"
)
WASHINGTON = (
    "Car bomb in Damascus\n\nA car bomb exploded in Damascus on Monday. Officials in "
    "Washington condemned the attack on Tuesday.\n"
)


@pytest.fixture
def war(tmp_path: Path) -> Path:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    config = root / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    return root


def ingest(root: Path, *args: str) -> int:
    dated = ("--published", "2017-03-08") if "--published" not in args else ()
    return main(["--root", str(root), "ingest", *args, *dated])


def article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_entry(root: Path) -> tuple[entries.EntryFile, list]:
    [path] = (root / "content" / "entries").glob("*.md")
    return entries.load_entry_items(path)


def test_a_name_held_back_is_a_review_item_never_a_place(war: Path, tmp_path: Path) -> None:
    ingest(war, str(article(tmp_path / "in", "a.txt", KEFRAYA)))
    entry, items = only_entry(war)
    assert "kefraya" not in entry.places
    assert all("kefraya" not in e["places"] for e in entry.events)
    assert not (war / "content" / "places" / "kefraya.md").exists()
    [item] = [i for i in items if i.is_item]
    assert item.kind == "name" and item.mention == "Kefraya"
    assert item.confidence is not None and item.confidence < 0.5 and item.reason
    assert "Kefraya on Monday" in (item.sentence or "")
    assert item.weight >= 1  # it would place the Monday strike
    assert "homs" in entry.places  # what extraction is sure of is published


def test_a_foreign_namesake_held_back_carries_its_candidates(war: Path, tmp_path: Path) -> None:
    ingest(war, str(article(tmp_path / "in", "a.txt", WASHINGTON)))
    entry, items = only_entry(war)
    assert "damascus" in entry.places and "washington" not in entry.places
    [item] = [i for i in items if i.is_item]
    assert item.kind == "place" and item.mention == "Washington"
    assert item.candidates and item.candidates[0]["lat"] is not None
    assert item.text.startswith('"Washington" held back')


def test_ingest_prints_counts_and_the_top_items_not_every_path(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "in"
    for n in range(8):
        article(
            folder,
            f"{n}.txt",
            KEFRAYA.replace("Monday", ["Monday", "Sunday"][n % 2]) + f"\nReport {n}.\n",
        )
    assert ingest(war, str(folder)) == 0
    out = capsys.readouterr().out
    assert "8 needing review (8 review items)" in out
    assert "review: 8 items in 8 entries (8 name not in the gazetteer)" in out
    assert out.count('"Kefraya"') == 5  # the top five, then where to find the rest
    assert "needs review:" not in out and "chronicle review" in out


def test_names_that_are_not_places_are_never_published(war: Path, tmp_path: Path) -> None:
    content = war / "content"
    assert add_not_place(content, "Washington")
    assert not add_not_place(content, "washington")  # once
    assert load_not_places(content) == ["Washington"]
    ingest(war, str(article(tmp_path / "in", "a.txt", WASHINGTON)))
    entry, items = only_entry(war)
    assert "washington" not in entry.places
    assert not [i for i in items if i.mention == "Washington"]


def test_an_item_the_editor_removed_is_not_raised_again(war: Path, tmp_path: Path) -> None:
    source = article(tmp_path / "in", "a.txt", KEFRAYA)
    ingest(war, str(source))
    [path] = (war / "content" / "entries").glob("*.md")
    text = path.read_text()
    start = text.index("review:\n") + len("review:\n")
    end = text.index("ingested:")
    path.write_text(text[:start].replace("review:\n", "review: []\n") + text[end:])
    ingest(war, str(source), "--published", "2017-03-09")  # a change ingest brings
    entry, items = only_entry(war)
    assert not [i for i in items if i.is_item]
    assert str(entry.published) == "2017-03-09"  # the rest was updated


def test_an_inferred_publication_date_is_an_item(tmp_path: Path) -> None:
    root = tmp_path / "war"
    main(["init", str(root)])
    text = (
        "Clashes in Homs\n\nFighting broke out in Homs on 3 March 2017, and troops "
        "shelled the town again on Monday, a monitor said.\n"
    )
    main(["--root", str(root), "ingest", str(article(tmp_path / "in", "a.txt", text))])
    entry, items = only_entry(root)
    assert entry.published_from == "inferred"
    [item] = [i for i in items if i.kind == "published"]
    assert item.value == "2017-03-03" and item.weight >= 2  # the report's date and Monday


TOLL_RISES = (
    "Air strike kills 26 in Aleppo market\n\nAn air strike killed 26 civilians in a market "
    "in Aleppo on Tuesday, a monitor said. Rescuers said later that the death toll from the "
    "air strike on the market in Aleppo had risen to 41 civilians. Among the dead were "
    "5 children.\n"
)


def test_death_tolls_that_disagree_within_a_report_are_an_item(war: Path) -> None:
    assert ingest(war, str(article(war / "articles", "toll.txt", TOLL_RISES))) == 0
    [path] = sorted((war / "content" / "entries").glob("*.md"))
    review = yaml.safe_load(path.read_text().split("---\n")[1])["review"]
    [item] = [i for i in review if isinstance(i, dict) and i["kind"] == "casualties"]
    assert "26" in item["text"] and "41" in item["text"]
    assert "risen to 41" in item["sentence"]
    # a part of the loss ("5 children") is no disagreement
    assert not any("5 in this one" in i["text"] for i in review if isinstance(i, dict))


def test_tolls_a_fifth_apart_or_less_are_no_disagreement(war: Path) -> None:
    close = TOLL_RISES.replace("risen to 41", "risen to 28")
    assert ingest(war, str(article(war / "articles", "close.txt", close))) == 0
    [path] = sorted((war / "content" / "entries").glob("*.md"))
    review = yaml.safe_load(path.read_text().split("---\n")[1])["review"]
    assert not any(isinstance(i, dict) and i["kind"] == "casualties" for i in review)
