"""`chronicle check`: content errors, events outside the period, orphan places, theme
errors and, with --site, every internal link and anchor of the built site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from chronicle.cli import main


def check(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "check", *extra])


@pytest.fixture
def chronicle(small_chronicle: Path) -> Path:
    (small_chronicle / "chronicle.toml").write_text(
        'title = "Test"\nregion = ["IQ"]\nperiod = { start = "2016-10-01", end = "2017-07-31" }\n'
    )
    return small_chronicle


def test_help(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--site" in out and "--strict" in out and "orphan places" in out


def test_a_sound_chronicle_passes_with_its_warnings_listed(
    chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    assert check(chronicle) == 0
    out = capsys.readouterr().out
    assert "check: ok: 0 error(s), 1 warning(s) in 2 entries, 4 places, 4 events" in out
    # the 2014 event of entry A, named with its line
    assert (
        "warning: content/entries/forces-enter-old-city.md:16: event 2014 ('in 2014') is "
        "outside the period 2016-10-01 – 2017-07-31"
    ) in out.replace(str(chronicle) + "/", "")
    # --strict makes warnings fail the check
    assert check(chronicle, "--strict") == 1


def test_no_period_no_period_warnings(small_chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    assert check(small_chronicle) == 0
    assert "0 warning(s)" in capsys.readouterr().out


def test_period_with_only_an_end(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    (chronicle / "chronicle.toml").write_text('title = "T"\nperiod = { end = "2017-05-31" }\n')
    assert check(chronicle) == 0
    out = capsys.readouterr().out
    assert "event 2017-06-08" in out and "event 2017-W22" not in out and "event 2014" not in out


def test_content_errors_fail_the_check(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    entry = chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(
        entry.read_text()
        .replace("published: 2017-06-02", "published: 2017-02-30")
        .replace("places: [iraq]\nevents", "places: [atlantis]\nevents")
    )
    (chronicle / "content" / "places" / "Iraq.md").write_text(
        "---\nname: Iraq\nkind: country\n---\n"
    )
    assert check(chronicle) == 1
    out = capsys.readouterr().out
    assert "content/entries/week-of-fighting.md:3: published must be a real date" in out
    assert "duplicate slug: Iraq.md, iraq.md" in out
    assert "check: FAILED: " in out


def test_unknown_place_and_parent_cycle(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    entry = chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(
        entry.read_text().replace("places: [iraq]\nevents", "places: [atlantis]\nevents")
    )
    places = chronicle / "content" / "places"
    (places / "a.md").write_text("---\nname: A\nkind: area\nparent: b\n---\n")
    (places / "b.md").write_text("---\nname: B\nkind: area\nparent: a\n---\n")
    assert check(chronicle) == 1
    out = capsys.readouterr().out
    assert "unknown place id 'atlantis'" in out and "parent cycle: a -> b -> a" in out


def test_orphan_places(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    places = chronicle / "content" / "places"
    (places / "kenya.md").write_text("---\nname: Kenya\nkind: country\n---\n")
    (places / "nairobi.md").write_text("---\nname: Nairobi\nkind: city\nparent: kenya\n---\n")
    assert check(chronicle) == 0
    out = capsys.readouterr().out
    assert "content/places/kenya.md: orphan place 'kenya'" in out
    assert "content/places/nairobi.md: orphan place 'nairobi'" in out
    # a place only ever named as the parent of a named place is no orphan
    assert "nineveh-governorate.md: orphan" not in out and "iraq.md: orphan" not in out
    assert "3 warning(s)" in out


def test_unknown_keys_are_warnings(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    with (chronicle / "chronicle.toml").open("a") as toml:
        toml.write('titel = "typo"\n')
    entry = chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(entry.read_text().replace("review:", "reveiw: []\nreview:"))
    assert check(chronicle) == 0
    out = capsys.readouterr().out
    assert re.search(r"chronicle\.toml:\d+: unknown key 'titel'", out)
    assert "week-of-fighting.md:12: unknown key 'reveiw'" in out


def test_theme_syntax_errors(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    templates = chronicle / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "entry.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n")
    assert check(chronicle, "--theme", "mine") == 1
    assert "themes/mine/templates/entry.html:3: template error" in capsys.readouterr().out


def test_site_links_and_anchors(chronicle: Path, capsys: pytest.CaptureFixture) -> None:
    assert check(chronicle, "--site") == 1  # nothing built yet
    assert "no built site here" in capsys.readouterr().out
    assert main(["--root", str(chronicle), "build"]) == 0
    assert check(chronicle, "--site") == 0
    out = capsys.readouterr().out
    assert "links of" in out and "pages checked" in out
    site = chronicle / "site"
    (site / "places" / "old-city-mosul.html").unlink()
    timeline = site / "timeline" / "2017.html"
    html = timeline.read_text()
    first_anchor = html.split('id="inc-', 1)[1].split('"', 1)[0]
    timeline.write_text(html.replace(f'id="inc-{first_anchor}"', 'id="gone"'))
    assert check(chronicle, "--site") == 1
    out = capsys.readouterr().out
    assert "old-city-mosul.html" in out and "broken link" in out
    assert f"#inc-{first_anchor} (no such anchor)" in out


def test_site_in_another_folder(
    chronicle: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out_dir = tmp_path / "public"
    assert main(["--root", str(chronicle), "build", "--out", str(out_dir)]) == 0
    shutil.rmtree(chronicle / "site", ignore_errors=True)
    assert check(chronicle, "--site", str(out_dir)) == 0
