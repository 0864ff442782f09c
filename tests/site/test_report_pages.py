"""The reports index stays small (issue 17): past REPORTS_PER_PAGE reports it becomes an
index of years with the latest reports, and one page per year of publication."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site import render
from tests.conftest import ENTRY_A, ENTRY_B, write_content


def build(root: Path) -> int:
    return main(["--root", str(root), "build"])


def test_a_long_list_of_reports_is_split_by_year(
    small_chronicle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = ENTRY_B.replace("published: 2017-06-02", "published: 2016-11-20").replace(
        "title: Week of fighting in Iraq", "title: Autumn fighting in Iraq"
    )
    write_content(small_chronicle, entries={"a": ENTRY_A, "b": ENTRY_B, "c": older})
    monkeypatch.setattr(render, "REPORTS_PER_PAGE", 2)
    monkeypatch.setattr(render, "LATEST_REPORTS", 1)
    assert build(small_chronicle) == 0
    site = small_chronicle / "site" / "entries"
    index = (site / "index.html").read_text()
    assert 'href="../entries/2017.html"' in index and 'href="../entries/2016.html"' in index
    assert "Forces enter the Old City" in index  # the latest
    assert "Autumn fighting in Iraq" not in index
    year = (site / "2016.html").read_text()
    assert "Autumn fighting in Iraq" in year and "Forces enter the Old City" not in year
    both = (site / "2017.html").read_text()
    assert "Forces enter the Old City" in both and "Week of fighting in Iraq" in both


def test_a_short_list_is_one_page(small_chronicle: Path) -> None:
    assert build(small_chronicle) == 0
    site = small_chronicle / "site" / "entries"
    assert not (site / "2017.html").exists()
    index = (site / "index.html").read_text()
    assert "Forces enter the Old City" in index and "Week of fighting in Iraq" in index
