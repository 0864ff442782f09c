"""Always the same: the same content gives byte-identical sites whatever the process, hash
seed, time zone, locale, clock, folder or order the files were written in; feed timestamps
with no date in the content come from SOURCE_DATE_EPOCH, never from the clock."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ENTRY_B, PLACES, REPO, write_content

UNDATED = """---
title: An undated report
published: null
source: {file: u.txt, sha256: cccc, url: null, outlet: null}
places: [iraq]
events: []
review: [No date.]
---

Nothing here is dated.
"""


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_in_child(root: Path, out: Path, **env: str) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    for key in [k for k, v in env.items() if v is None]:
        environment.pop(key, None)
    done = subprocess.run(
        [sys.executable, "-m", "chronicle", "--root", str(root), "build", "--out", str(out)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def chronicle_copy(folder: Path, reverse: bool = False) -> Path:
    """The small chronicle plus an undated entry, files written in either order."""
    folder.mkdir(parents=True)
    (folder / "chronicle.toml").write_text('title = "Test Chronicle"\nregion = ["IQ"]\n')
    from tests.conftest import ENTRY_A

    entries = {
        "forces-enter-old-city": ENTRY_A,
        "week-of-fighting": ENTRY_B,
        "an-undated-report": UNDATED,
    }
    places = dict(PLACES)
    if reverse:
        entries = dict(reversed(list(entries.items())))
        places = dict(reversed(list(places.items())))
    write_content(folder, places=places, entries=entries)
    return folder


@pytest.mark.slow
def test_builds_are_byte_identical_across_processes_and_environments(tmp_path: Path) -> None:
    one = chronicle_copy(tmp_path / "one")
    two = chronicle_copy(tmp_path / "elsewhere" / "two", reverse=True)
    for path in (two / "content").rglob("*.md"):  # other modification times
        os.utime(path, (1_000_000_000, 1_000_000_000))
    build_in_child(
        one,
        tmp_path / "site-a",
        PYTHONHASHSEED="1",
        TZ="UTC",
        LC_ALL="C",
        SOURCE_DATE_EPOCH="1500000000",
    )
    time.sleep(1.1)  # another second on the clock
    build_in_child(
        two,
        tmp_path / "site-b",
        PYTHONHASHSEED="2",
        TZ="Asia/Baghdad",
        LC_ALL="C.UTF-8",
        SOURCE_DATE_EPOCH="1500000000",
    )
    a, b = tree_digest(tmp_path / "site-a"), tree_digest(tmp_path / "site-b")
    assert len(a) > 10
    assert a == b, sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def test_rebuild_in_place_is_identical(tmp_path: Path) -> None:
    root = chronicle_copy(tmp_path / "c")
    build_in_child(root, root / "site")
    first = tree_digest(root / "site")
    build_in_child(root, root / "site")
    assert tree_digest(root / "site") == first


@pytest.fixture
def undated_only(tmp_path: Path) -> Path:
    root = tmp_path / "u"
    root.mkdir()
    (root / "chronicle.toml").write_text('title = "Undated"\n')
    write_content(root, places={"iraq": PLACES["iraq"]}, entries={"an-undated-report": UNDATED})
    return root


def feeds(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.xml"))}


def test_source_date_epoch_sets_undated_feed_timestamps(undated_only: Path, tmp_path: Path) -> None:
    build_in_child(undated_only, tmp_path / "epoch", SOURCE_DATE_EPOCH="1500000000")
    build_in_child(undated_only, tmp_path / "later", SOURCE_DATE_EPOCH="1600000000")
    build_in_child(undated_only, tmp_path / "unset", SOURCE_DATE_EPOCH=None)
    epoch, later, unset = (feeds(tmp_path / d) for d in ("epoch", "later", "unset"))
    if "feed.xml" not in epoch:
        pytest.skip("this build writes no feeds")
    assert "2017-07-14T02:40:00Z" in epoch["feed.xml"]
    assert "2020-09-13T12:26:40Z" in later["feed.xml"]
    # unset: a fixed time, not the clock (so still reproducible)
    this_year = str(time.gmtime().tm_year)
    assert f"<updated>{this_year}" not in unset["feed.xml"]
    build_in_child(undated_only, tmp_path / "unset-again", SOURCE_DATE_EPOCH=None)
    assert feeds(tmp_path / "unset-again") == unset


def test_dated_content_ignores_the_clock_and_source_date_epoch(tmp_path: Path) -> None:
    root = tmp_path / "d"
    root.mkdir()
    write_content(root)  # every entry has a date
    build_in_child(root, tmp_path / "a", SOURCE_DATE_EPOCH="1500000000")
    build_in_child(root, tmp_path / "b", SOURCE_DATE_EPOCH="1600000000")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
