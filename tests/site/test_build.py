"""`chronicle build`: every page kind, cross-links, safety of the output, determinism."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site.linkcheck import broken_links
from tests.conftest import write_content


def build(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "build", *extra])


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_every_page_kind(small_chronicle: Path) -> None:
    assert build(small_chronicle) == 0
    site = small_chronicle / "site"
    for page in (
        "index.html",
        "timeline/index.html",
        "entries/index.html",
        "places/index.html",
        "entries/forces-enter-old-city.html",
        "entries/week-of-fighting.html",
        "places/mosul.html",
        "places/old-city-mosul.html",
        "places/iraq.html",
        "404.html",
        "static/style.css",
    ):
        assert (site / page).is_file(), page


def test_every_internal_link_resolves(small_chronicle: Path) -> None:
    build(small_chronicle)
    assert broken_links(small_chronicle / "site") == []


def test_timeline_in_date_order_with_precision_and_anchors(small_chronicle: Path) -> None:
    """The timeline is paged by year (issue 17): an index of the years, then each year's
    incidents in date order, each at the precision its reports give, with an anchor."""
    build(small_chronicle)
    timeline = small_chronicle / "site" / "timeline"
    index = (timeline / "index.html").read_text()
    assert index.index('href="../timeline/2014.html"') < index.index('href="../timeline/2017.html"')
    html = (timeline / "2017.html").read_text()
    order = [
        html.index(s)
        for s in ('datetime="2017-01"', 'datetime="2017-W22"', 'datetime="2017-06-08"')
    ]
    assert order == sorted(order)
    assert "8 June 2017" in html and "January 2017" in html and "week of 29 May 2017" in html
    assert html.count('class="incident" id="inc-') == 3
    early = (timeline / "2014.html").read_text()
    assert 'datetime="2014"' in early and early.count('class="incident" id="inc-') == 1
    assert 'rel="next" href="../timeline/2017.html"' in early


def test_place_page_shows_chain_children_and_events_inside(small_chronicle: Path) -> None:
    build(small_chronicle)
    mosul = (small_chronicle / "site" / "places" / "mosul.html").read_text()
    # chain to the country, links to the places above and inside
    assert 'href="../places/nineveh-governorate.html"' in mosul
    assert 'href="../places/iraq.html"' in mosul
    assert 'href="../places/old-city-mosul.html"' in mosul
    assert "36.3350, 43.1190" in mosul
    iraq = (small_chronicle / "site" / "places" / "iraq.html").read_text()
    # events at places inside Iraq show on Iraq's page
    assert "took a main entrance to the Old City" in iraq
    assert "Earlier this week, troops reached the border" in iraq
    old_city = (small_chronicle / "site" / "places" / "old-city-mosul.html").read_text()
    assert "coordinates unknown" in old_city


def test_entry_page_links_events_to_timeline_and_places(small_chronicle: Path) -> None:
    build(small_chronicle)
    html = (small_chronicle / "site" / "entries" / "forces-enter-old-city.html").read_text()
    assert 'href="../timeline/2017.html#inc-' in html
    assert 'href="../places/old-city-mosul.html"' in html
    assert 'Published <time datetime="2017-06-09">9 June 2017</time>' in html


def test_links_work_under_a_sub_path_and_from_disk(small_chronicle: Path) -> None:
    build(small_chronicle, "--base-url", "https://example.org/mosul/")
    site = small_chronicle / "site"
    html = (site / "places" / "mosul.html").read_text()
    assert '<link rel="canonical" href="https://example.org/mosul/places/mosul.html">' in html
    # page links stay relative, so the same files work at any address and from disk
    assert 'href="/' not in html.replace('href="/', "", 0) or 'href="/places' not in html
    assert broken_links(site) == []
    not_found = (site / "404.html").read_text()
    assert 'href="https://example.org/mosul/timeline/index.html"' in not_found


def test_same_content_builds_byte_identical_output(small_chronicle: Path, tmp_path: Path) -> None:
    build(small_chronicle, "--out", str(tmp_path / "one"))
    build(small_chronicle, "--out", str(tmp_path / "two"))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_content_error_stops_build_and_keeps_previous_site(
    small_chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    build(small_chronicle)
    before = tree_digest(small_chronicle / "site")
    bad = small_chronicle / "content" / "entries" / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    assert build(small_chronicle) == 2
    err = capsys.readouterr().err
    assert "broken.md:2" in err and "1 content error" in err
    assert tree_digest(small_chronicle / "site") == before
    # --keep-going builds the rest
    assert build(small_chronicle, "--keep-going") == 0


def test_unknown_place_id_is_an_error_naming_the_entry(
    small_chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    path = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    path.write_text(
        path.read_text().replace("places: [iraq]\nevents", "places: [atlantis]\nevents")
    )
    assert build(small_chronicle) == 2
    assert "week-of-fighting.md" in capsys.readouterr().err


def test_article_text_cannot_inject_markup(tmp_path: Path) -> None:
    evil = """---
title: '<script>alert(1)</script> </title><img src=x onerror=alert(2)>'
published: 2017-01-01
source: {file: '<b>x</b>', sha256: x, url: 'https://example.org/?q=alert(3)', outlet: '<i>'}
places: []
events:
- date: '2017-01-01'
  mention: x
  sentence: '<svg onload=alert(4)>'
  places: []
review: []
---

<script>alert(5)</script> [click](javascript:alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=)
<iframe src="https://evil.example"></iframe>
"""
    write_content(tmp_path, places={}, entries={"evil": evil})
    assert main(["--root", str(tmp_path), "build"]) == 0
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "<svg onload" not in html
        assert "<img src=x" not in html and "<iframe" not in html
        assert 'href="javascript:' not in html and 'href="data:' not in html
    entry = (tmp_path / "site" / "entries" / "evil.html").read_text()
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in entry and "&lt;i&gt;" in entry
    assert "Content-Security-Policy" in entry


def test_user_theme_overrides_one_template(small_chronicle: Path) -> None:
    templates = small_chronicle / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text(
        "{% extends 'base.html' %}{% block main %}Lost here.{% endblock %}"
    )
    assert build(small_chronicle, "--theme", "mine") == 0
    assert "Lost here." in (small_chronicle / "site" / "404.html").read_text()
    # the other templates still come from the default theme
    assert "Timeline" in (small_chronicle / "site" / "timeline" / "index.html").read_text()


def test_theme_template_extends_the_default_one_and_overrides_a_block(
    small_chronicle: Path,
) -> None:
    """`{% extends "!default/entry.html" %}`: a theme changes one block of a page and keeps
    the rest of the default theme's page."""
    templates = small_chronicle / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "entry.html").write_text(
        '{% extends "!default/entry.html" %}'
        "{% block title %}Report: {{ entry.title }}{% endblock %}"
    )
    assert build(small_chronicle, "--theme", "mine") == 0
    page = (small_chronicle / "site" / "entries" / "forces-enter-old-city.html").read_text()
    assert "<title>Report: Forces enter the Old City</title>" in page
    assert "Events in this report" in page  # the default's page around the block


def test_template_error_names_template_file_and_line(
    small_chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    templates = small_chronicle / "themes" / "broken" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text("line one\n{% if %}\n")
    assert build(small_chronicle, "--theme", "broken") == 2
    assert "404.html:2" in capsys.readouterr().err


def test_public_pages_never_show_editor_notes_or_file_names(small_chronicle: Path) -> None:
    """Review notes and the local source file are the editor's: only `serve`'s draft view
    shows them; the public site shows outlet, address and publication date."""
    from chronicle.config import load_config
    from chronicle.site.build import BuildOptions
    from chronicle.site.build import build as build_site

    assert build(small_chronicle) == 0
    for page in (small_chronicle / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Check the date." not in html and "Editor's notes" not in html, page
        assert "b.txt" not in html and "source file" not in html, page
    public = (small_chronicle / "site" / "entries" / "week-of-fighting.html").read_text()
    assert "Example News" in public and 'href="https://example.org/b"' in public
    config = load_config(small_chronicle)
    draft = small_chronicle / "draft"
    build_site(
        BuildOptions(config, config.content_dir, draft, search=False, cache=False, draft=True)
    )
    html = (draft / "entries" / "week-of-fighting.html").read_text(encoding="utf-8")
    assert "Check the date." in html and "source file b.txt" in html
