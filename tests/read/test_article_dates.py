"""What a file states about its publication date, as read (issue 11, 16): metadata as a
date, dateline lines as text for `chronicle.extract.published`; never a body's event date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from chronicle.read.article import read_article

PARAGRAPH = (
    "Militants attacked the dam on 3 March 2016 and were repelled after hours of fighting, "
    "a military spokesman told reporters in a statement."
)


def test_a_page_without_date_markup_has_no_date_from_its_body(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Dam attacked</title></head><body><article><h1>Dam attacked</h1>"
        f"<p>{PARAGRAPH}</p><p>Engineers said the structure of the dam was not damaged and "
        "that the water level remained stable throughout the day.</p></article></body></html>"
    )
    assert read_article(page).published is None


def test_a_page_date_markup_is_its_date(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Dam attacked</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2017-03-07T10:00:00Z"}</script></head>'
        f"<body><article><h1>Dam attacked</h1><p>{PARAGRAPH}</p></article></body></html>"
    )
    found = read_article(page)
    assert (found.published, found.published_from) == (date(2017, 3, 7), "html")


def test_plain_text_datelines_are_reported_not_parsed(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "Dam attacked\n\nPosted on 08.03.2016 by a correspondent\n\n"
        f"{PARAGRAPH}\n\nRelated: Dam reopened 12.04.2016\n"
    )
    found = read_article(report)
    assert found.published is None  # read parses no dates: extract.published does
    assert found.date_lines == ["Posted on 08.03.2016 by a correspondent"]  # not the tail's
