"""Field-level re-ingest (issue 16): what the editor changed is kept, field by field and
event by event (compared with what ingest wrote last, which the entry records), the rest
is updated, and what was kept is shown as a short word-level diff."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chronicle.cli import main
from chronicle.content import entries
from chronicle.content.review import add_not_place
from chronicle.ingest.merge import word_diff

ARTICLE = (
    "Syrian troops enter Homs\n\nSyrian troops entered Homs on Monday after a week of fighting, "
    "the army said. On Tuesday, shells hit Hama, a monitor said. Officials in Washington "
    "condemned the shelling on Wednesday.\n"
)


@pytest.fixture
def war(tmp_path: Path) -> Path:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    config = root / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    return root


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "a.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE)
    return path


def ingest(root: Path, source: Path, published: str = "2017-03-08") -> int:
    return main(["--root", str(root), "ingest", str(source), "--published", published])


def entry_path(root: Path) -> Path:
    [path] = (root / "content" / "entries").glob("*.md")
    return path


def edit(path: Path, change) -> None:
    """Change the front matter as an editor would (in their editor, YAML and all)."""
    text = path.read_text()
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head)
    change(meta)
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body)


def test_a_changed_title_is_kept_and_everything_else_updated(
    war: Path, source: Path, capsys: pytest.CaptureFixture
) -> None:
    ingest(war, source)
    path = entry_path(war)
    edit(path, lambda m: m.update(title="Syrian troops take Homs"))
    capsys.readouterr()
    ingest(war, source, "2017-03-15")  # a week later: the weekdays move
    out = capsys.readouterr().out
    entry = entries.load_entry(path)
    assert entry.title == "Syrian troops take Homs"
    assert str(entry.published) == "2017-03-15"
    assert entry.events[0]["date"] == "2017-03-13"  # Monday, from the new date
    assert "1 updated around your edits" in out
    assert "title: Syrian troops [-enter-]{+take+} Homs" in out


def test_events_are_kept_one_by_one(war: Path, source: Path) -> None:
    ingest(war, source)
    path = entry_path(war)

    def change(meta: dict) -> None:
        events = meta["events"]
        events[0]["date"] = "2017-03-05"  # the editor corrects the first event's date
        del events[1]  # deletes the second
        events.append({"date": "2017-03-01", "sentence": "An editor's event.", "places": []})

    edit(path, change)
    ingest(war, source, "2017-03-15")
    events = entries.load_entry(path).events
    sentences = [e["sentence"] for e in events]
    assert events[0]["date"] == "2017-03-05"  # kept
    assert not any(s.startswith("On Tuesday") for s in sentences)  # stays deleted
    assert "An editor's event." in sentences  # kept
    wednesday = next(e for e in events if "Wednesday" in e["sentence"])
    assert wednesday["date"] == "2017-03-15"  # untouched by the editor: updated


def test_place_edits_are_replayed_on_the_new_list(war: Path, source: Path) -> None:
    ingest(war, source)
    path = entry_path(war)
    places = entries.load_entry(path).places
    assert "homs" in places and "hama" in places

    def change(meta: dict) -> None:
        meta["places"] = [p for p in meta["places"] if p != "hama"] + ["mosul"]

    edit(path, change)
    add_not_place(war / "content", "Homs")  # a correction made once, for the chronicle
    ingest(war, source)
    places = entries.load_entry(path).places
    assert "hama" not in places  # the editor removed it
    assert "mosul" in places  # the editor added it
    assert "homs" not in places  # ingest's new list no longer has it


def test_an_edited_publication_date_dates_the_events(war: Path, source: Path) -> None:
    ingest(war, source)
    path = entry_path(war)
    edit(path, lambda m: m.update(published="2017-04-05", published_from="editor"))
    ingest(war, source)  # --published says 2017-03-08: the editor's date wins
    entry = entries.load_entry(path)
    assert str(entry.published) == "2017-04-05"
    assert entry.events[0]["date"] == "2017-04-03"  # that Monday


def test_an_entry_that_records_nothing_is_kept_whole(
    war: Path, source: Path, capsys: pytest.CaptureFixture
) -> None:
    ingest(war, source)
    path = entry_path(war)
    edit(path, lambda m: (m.pop("ingested"), m.update(title="Mine")))
    before = path.read_text()
    ingest(war, source, "2017-03-15")
    assert path.read_text() == before
    assert "kept whole" in capsys.readouterr().out


def test_force_replaces_the_editor_s_changes(war: Path, source: Path) -> None:
    ingest(war, source)
    path = entry_path(war)
    edit(path, lambda m: m.update(title="Mine"))
    main(["--root", str(war), "ingest", str(source), "--published", "2017-03-08", "--force"])
    assert entries.load_entry(path).title == "Syrian troops enter Homs"


def test_the_word_diff_of_a_one_word_change_is_short() -> None:
    paragraph = " ".join(f"word{n}" for n in range(200))
    diff = word_diff(paragraph, paragraph.replace("word100", "changed"))
    assert diff == "… word97 word98 word99 [-word100-]{+changed+} word101 word102 word103 …"
    assert word_diff("a b c", "a b c") == "a b c"
