"""A report of one line (a wire flash, a scraped headline with its text lost) is a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.errors import ChronicleError
from chronicle.read.article import read_article


def test_a_one_line_report_is_its_own_text(tmp_path: Path) -> None:
    path = tmp_path / "flash.txt"
    path.write_text("Air strikes kill 34 civilians in the east of the province, monitor says\n")
    article = read_article(path)
    assert article.blocks == [
        "Air strikes kill 34 civilians in the east of the province, monitor says"
    ]
    assert article.title and article.title.startswith("Air strikes kill 34")
    # told once to extraction, not as headline and body
    assert article.text.count("kill 34 civilians") == 1
    assert any("one line" in note for note in article.review)


def test_a_lone_short_line_is_still_no_article(tmp_path: Path) -> None:
    path = tmp_path / "name.txt"
    path.write_text("Home | World | Middle East\n")
    with pytest.raises(ChronicleError, match="no article text"):
        read_article(path)
