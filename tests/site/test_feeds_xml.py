"""Feeds and the sitemap are well-formed XML whatever an article holds: built with an XML
library that escapes everything and drops what XML 1.0 forbids, checked with a parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site import feeds
from tests.conftest import ENTRY_A, ENTRY_B, write_content

ATOM = "{http://www.w3.org/2005/Atom}"


def test_control_characters_make_no_feed_ill_formed(tmp_path: Path) -> None:
    (tmp_path / "chronicle.toml").write_text(
        'title = "War & <Peace>"\nbase_url = "https://example.org/w/"\n', encoding="utf-8"
    )
    odd = (
        ENTRY_B.replace("title: Week of fighting in Iraq", 'title: "Week of \\e[31mfighting\\f"')
        .replace(
            "sentence: Earlier this week, troops reached the border.",
            'sentence: "Earlier this week \\e, troops]]> reached </summary> the border\\uFFFE."',
        )
        .replace("outlet: Example News", 'outlet: "Example \\x01 News & Co"')
    )
    write_content(tmp_path, entries={"a": ENTRY_A, "b": odd})
    assert main(["--root", str(tmp_path), "build"]) == 0
    feeds = sorted((tmp_path / "site").rglob("*.xml"))
    assert len(feeds) > 3
    for path in feeds:
        ET.parse(path)  # raises on ill-formed XML
    feed = ET.parse(tmp_path / "site" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}title") == "War & <Peace>"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Week of [31mfighting" in titles
    summary = next(
        e.findtext(f"{ATOM}summary") or ""
        for e in feed.iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title") == "Week of [31mfighting"
    )
    assert "troops]]&gt; reached &lt;/summary&gt; the border." in summary
    assert "\x1b" not in (tmp_path / "site" / "feed.xml").read_text()
    authors = [n.text for n in feed.iter(f"{ATOM}name")]
    assert "Example  News & Co" in authors


def test_the_site_feed_lists_the_most_recent_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As feeds do (and the places' feeds): the newest reports, not all of them."""
    monkeypatch.setattr(feeds, "FEED_LIMIT", 1)
    (tmp_path / "chronicle.toml").write_text('title = "Feeds"\n', encoding="utf-8")
    write_content(tmp_path, entries={"a": ENTRY_A, "b": ENTRY_B})
    assert main(["--root", str(tmp_path), "build"]) == 0
    feed = ET.parse(tmp_path / "site" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Forces enter the Old City"]  # published 9 June, the other 2 June
    assert feed.findtext(f"{ATOM}updated") == "2017-06-09T00:00:00Z"
