"""Places an editor can trust (issue 13, the ingest half): the region inferred from the
batch and written into chronicle.toml, names readers know on new place files, and wrong
places that a correction leaves behind are not published."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.config import load_config
from chronicle.content import places as place_files
from chronicle.ingest.region import write_region

SYRIA = [
    "Troops advance in Syria\n\nSyrian troops advanced on Raqqa on Monday, the Syrian army said. "
    "The Syrian government said the offensive in Syria would go on.\n",
    "Raids near Raqqa\n\nAir strikes hit Raqqa on Sunday, Syrian activists said, as Syria's "
    "army moved closer. A Syrian monitor counted ten dead.\n",
    "Aid reaches Syria\n\nAid reached Raqqa in Syria on Tuesday, a Syrian official said. "
    "Syria's government welcomed it.\n",
]


def write_articles(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def war(tmp_path: Path) -> Path:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    return root


def ingest(root: Path, *args: str) -> int:
    return main(["--root", str(root), "ingest", *args, "--published", "2017-03-08"])


def test_without_a_region_the_batch_region_is_inferred_and_written(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    config = war / "chronicle.toml"
    before = config.read_text().splitlines()
    assert ingest(war, str(write_articles(tmp_path / "in", SYRIA))) == 0
    out = capsys.readouterr().out
    assert "region: none set in chronicle.toml; inferred SY" in out
    assert load_config(war).region == ["SY"]
    after = config.read_text().splitlines()
    [line] = [ln for ln in after if ln.startswith("region")]
    assert line.startswith('region = ["SY"]  # inferred by `chronicle ingest`')
    # every other line (the settings and their comments) as it was
    assert [ln for ln in after if not ln.startswith("region")] == [
        ln for ln in before if not ln.startswith("region")
    ]
    # the next ingest agrees: the region is set, nothing is inferred again
    assert ingest(war, str(tmp_path / "in")) == 0
    assert "inferred" not in capsys.readouterr().out


def test_a_region_the_user_set_is_never_replaced(war: Path, tmp_path: Path) -> None:
    config = war / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["IQ"]'))
    ingest(war, str(write_articles(tmp_path / "in", SYRIA)))
    assert load_config(war).region == ["IQ"]


def test_one_article_says_too_little_to_write_a_region(war: Path, tmp_path: Path) -> None:
    ingest(war, str(write_articles(tmp_path / "in", SYRIA[:1])))
    assert load_config(war).region == []


@pytest.mark.parametrize(
    "text",
    [
        'title = "War"  # my title\n# my comment\nday_first = false\n',
        'title = "War"\nregion = [\n  # none yet\n]\nday_first = false\n',
        'title = "War"\nregion=[]   # to be set\nday_first = false\n',
    ],
)
def test_the_region_is_written_keeping_the_user_s_file(tmp_path: Path, text: str) -> None:
    config = tmp_path / "chronicle.toml"
    config.write_text(text)
    write_region(config, ["SY", "IQ"], 12)
    written = config.read_text()
    data = tomllib.loads(written)
    assert data == {"title": "War", "day_first": False, "region": ["SY", "IQ"]}
    assert "inferred by `chronicle ingest` from 12 articles" in written
    assert written.startswith('title = "War"')
    if "# my comment" in text:
        assert "# my comment" in written and "# my title" in written


def test_new_place_files_take_the_spelling_the_articles_use(war: Path, tmp_path: Path) -> None:
    config = war / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    assert ingest(war, str(write_articles(tmp_path / "in", SYRIA))) == 0
    raqqa = place_files.load_place(war / "content" / "places" / "ar-raqqah.md").record
    assert raqqa.name == "Raqqa"  # the gazetteer says "Ar Raqqah"
    assert "Ar Raqqah" in raqqa.aliases
    assert place_files.load_place(war / "content" / "places" / "syria.md").record.name == "Syria"


def test_an_editor_s_place_file_name_always_wins(war: Path, tmp_path: Path) -> None:
    config = war / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    places = war / "content" / "places"
    (places / "ar-raqqah.md").write_text(
        "---\nname: Al-Raqqa\nkind: city\naliases: [Raqqa]\nparent: null\ncountry: SY\n"
        "lat: 35.95\nlon: 39.01\ngeonames: 163915\n---\n"
    )
    ingest(war, str(write_articles(tmp_path / "in", SYRIA)))
    assert place_files.load_place(places / "ar-raqqah.md").record.name == "Al-Raqqa"


PALMYRA = "Fighting near Palmyra\n\nTroops fought near Palmyra on Monday, officials said.\n"


def test_after_a_change_of_region_the_wrong_place_is_no_longer_published(
    war: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHRONICLE_PAGEFIND", "")
    config = war / "chronicle.toml"
    text = config.read_text()
    config.write_text(text.replace("region = []", 'region = ["US"]'))
    source = write_articles(tmp_path / "in", [PALMYRA])
    ingest(war, str(source))
    [entry] = (war / "content" / "entries").glob("*.md")
    wrong = [p for p in entry.read_text().split("places: [", 1)[1].split("]")[0].split(", ")]
    assert "palmyra" not in wrong  # a namesake in the United States
    # the editor says where the chronicle is, and ingests again: the entry follows
    config.write_text(text.replace("region = []", 'region = ["SY"]'))
    ingest(war, str(source))
    assert "places: [palmyra" in entry.read_text()
    assert (war / "content" / "places" / f"{wrong[0]}.md").exists()  # never deleted by ingest
    assert main(["--root", str(war), "build"]) == 0
    site = war / "site"
    assert not (site / "places" / f"{wrong[0]}.html").exists()
    assert (site / "places" / "palmyra.html").exists()
    geo = json.loads((site / "data" / "places.geojson").read_text())
    assert wrong[0] not in json.dumps(geo) and "palmyra" in json.dumps(geo)
    # `chronicle check` still names the leftover, and `places prune` would remove it
    assert main(["--root", str(war), "check"]) == 0
