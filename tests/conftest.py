"""Shared fixtures: a small hand-written chronicle, and the sample articles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The gazetteer index (tens of MB, built on first use) goes to a folder of the repository
# (ignored by git), never into the user's own ~/.cache; it is kept between runs so that
# only the first run builds it. A CHRONICLE_CACHE_DIR set by the caller wins.
os.environ.setdefault("CHRONICLE_CACHE_DIR", str(REPO / ".test-cache"))
SAMPLE_ARTICLES = REPO / "examples" / "mosul" / "articles"
SAMPLE_MANIFEST = REPO / "examples" / "mosul" / "manifest.csv"

PLACES = {
    "iraq": "name: Iraq\nkind: country\naliases: []\nparent: null\ncountry: IQ\nlat: 33.0\nlon: 44.0\ngeonames: 99237\n",
    "nineveh-governorate": "name: Nineveh Governorate\nkind: admin1\naliases: [Nineveh]\nparent: iraq\ncountry: IQ\nlat: 36.0\nlon: 42.5\ngeonames: null\n",
    "mosul": "name: Mosul\nkind: city\naliases: [Mousl]\nparent: nineveh-governorate\ncountry: IQ\nlat: 36.335\nlon: 43.119\ngeonames: 99072\n",
    "old-city-mosul": "name: Old City\nkind: district\naliases: [Old Mosul]\nparent: mosul\ncountry: IQ\nlat: null\nlon: null\ngeonames: null\n",
}

ENTRY_A = """---
title: Forces enter the Old City
published: 2017-06-09
published_from: manifest
source: {file: a.txt, sha256: aaaa, url: null, outlet: null}
places: [old-city-mosul, mosul]
events:
- date: '2017-06-08'
  mention: on Thursday
  sentence: Forces on Thursday took a main entrance to the Old City of Mosul.
  places: [old-city-mosul, mosul]
- date: '2017-01'
  mention: in January
  sentence: Forces recaptured eastern Mosul in January.
  places: [mosul]
- date: '2014'
  mention: in 2014
  sentence: The group declared its rule in 2014.
  places: []
review: []
---

Forces on Thursday took a main entrance to the Old City of Mosul.
"""

ENTRY_B = """---
title: Week of fighting in Iraq
published: 2017-06-02
published_from: text
source: {file: b.txt, sha256: bbbb, url: 'https://example.org/b', outlet: Example News}
places: [iraq]
events:
- date: 2017-W22
  mention: Earlier this week
  sentence: Earlier this week, troops reached the border.
  places: [iraq]
review: [Check the date.]
---

Earlier this week, troops reached the border.
"""


def write_content(
    root: Path, places: dict[str, str] | None = None, entries: dict[str, str] | None = None
) -> Path:
    """A content/ folder with the given place and entry files (defaults: the small chronicle)."""
    content = root / "content"
    (content / "places").mkdir(parents=True, exist_ok=True)
    (content / "entries").mkdir(parents=True, exist_ok=True)
    for pid, meta in (PLACES if places is None else places).items():
        (content / "places" / f"{pid}.md").write_text(
            f"---\n{meta}---\n\nAbout {pid}.\n", encoding="utf-8"
        )
    for slug, text in (
        {"forces-enter-old-city": ENTRY_A, "week-of-fighting": ENTRY_B}
        if entries is None
        else entries
    ).items():
        (content / "entries" / f"{slug}.md").write_text(text, encoding="utf-8")
    return content


@pytest.fixture
def small_chronicle(tmp_path: Path) -> Path:
    """A chronicle folder with hand-written entries and places (no extraction involved)."""
    (tmp_path / "chronicle.toml").write_text(
        'title = "Test Chronicle"\nregion = ["IQ"]\n', encoding="utf-8"
    )
    write_content(tmp_path)
    return tmp_path


@pytest.fixture
def sample_articles(tmp_path: Path) -> Path:
    """A copy of the five sample articles and their manifest."""
    target = tmp_path / "articles"
    shutil.copytree(SAMPLE_ARTICLES, target)
    shutil.copy(SAMPLE_MANIFEST, tmp_path / "manifest.csv")
    return target


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the gazetteer index once, before any test (the first build takes a minute on
    a fresh machine): tests that run `chronicle` in a subprocess with a timeout then never
    pay for it."""
    from chronicle.extract.gazetteer import Gazetteer

    Gazetteer()
