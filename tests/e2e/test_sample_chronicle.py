"""The sample chronicle shipped in the repository: it re-ingests to itself and builds clean."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import places as place_files
from chronicle.site.linkcheck import broken_links
from tests.conftest import REPO, SAMPLE_ARTICLES, SAMPLE_MANIFEST


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "chronicle.toml", tmp_path / "chronicle.toml")
    return tmp_path


def test_ingesting_the_samples_reproduces_the_committed_entries(
    sample_copy: Path, capsys: pytest.CaptureFixture
) -> None:
    before = {p.name: p.read_bytes() for p in (sample_copy / "content").rglob("*.md")}
    assert (
        main(
            [
                "--root",
                str(sample_copy),
                "ingest",
                str(SAMPLE_ARTICLES),
                "--manifest",
                str(SAMPLE_MANIFEST),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    # every entry is either exactly what ingest makes, or was reviewed by hand and kept
    assert "0 written" in out and "0 failed; 0 new places" in out
    after = {p.name: p.read_bytes() for p in (sample_copy / "content").rglob("*.md")}
    assert after == before


def test_sample_places_have_their_hierarchy() -> None:
    places = {
        p.stem: place_files.load_place(p).record for p in (REPO / "content/places").glob("*.md")
    }

    def chain(pid: str) -> list[str]:
        out = []
        while pid:
            out.append(pid)
            pid = places[pid].parent
        return out

    assert chain("bab-al-toub") == [
        "bab-al-toub",
        "old-city-mosul",
        "mosul",
        "nineveh-governorate",
        "iraq",
    ]
    assert chain("abu-massoud-camp")[1:3] == ["albu-seif", "nineveh-governorate"]
    assert chain("shirqat")[1] == "salahuddin-governorate"
    assert "Enna" in places["anah"].aliases and "Mousl" in places["mosul"].aliases


def test_sample_builds_with_no_broken_link(sample_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHRONICLE_PAGEFIND", "")
    assert main(["--root", str(sample_copy), "build"]) == 0
    site = sample_copy / "site"
    assert broken_links(site) == []
    html = (site / "places" / "old-city-mosul.html").read_text()
    assert "Nineveh Governorate" in html and "Bab al-Toub" in html


# The sample's key pages, one of each kind, compared byte for byte with the files in
# tests/e2e/golden/ (Pelican's functional tests do the same). After an intended change of
# the output, regenerate them and review the diff:
#     CHRONICLE_UPDATE_GOLDEN=1 pytest tests/e2e/test_sample_chronicle.py
GOLDEN = Path(__file__).parent / "golden"
KEY_PAGES = (
    "index.html",
    "timeline/index.html",
    "map/index.html",
    "entries/index.html",
    "entries/west-mosul-breached-as-war-on-is-rages-in-iraq-syria.html",
    "places/index.html",
    "places/mosul.html",
    "places/iraq.html",
    "feed.xml",
    "data/events.csv",
)


def test_key_pages_of_the_sample_are_as_reviewed(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert main(["--root", str(sample_copy), "build"]) == 0
    site = sample_copy / "site"
    update = bool(os.environ.get("CHRONICLE_UPDATE_GOLDEN"))
    different = []
    for page in KEY_PAGES:
        built = (site / page).read_bytes()
        golden = GOLDEN / page
        if update:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(built)
        elif not golden.is_file() or golden.read_bytes() != built:
            different.append(page)
    assert not different, (
        f"pages differ from tests/e2e/golden/: {different}; if the change is intended, "
        "regenerate with CHRONICLE_UPDATE_GOLDEN=1 and review the diff"
    )
