"""The sample chronicle shipped in the repository: it re-ingests to itself and builds clean."""

from __future__ import annotations

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
