"""Cleaning: the body keeps the article's text and drops the page around it."""

from __future__ import annotations

from chronicle.extract.sentences import sentence_spans
from chronicle.read import clean
from chronicle.read.article import read_article, title_from_sentence
from tests.conftest import SAMPLE_ARTICLES

# Page furniture of each sample article (from the sample's reference annotations).
FURNITURE = {
    "002_01363808ca93a349.txt": ["Article page new theme", "International"],
    "003_07e63e06108ae30e.txt": [
        "date 2017-07-08 Posted on by martyrashrakat",
        "South front",
        "08.07.2017",
    ],
    "004_85c70263a7e25411.txt": [
        "Representational photo",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "13 IS militants, including four leaders with explosive belts, killed in Diyala",
        "Military operation launched to pursuit Islamic State in Diyala province",
    ],
}
TITLES = {
    "000_100826d0863d3c9b.txt": "A large number of ISIS elements escaped from the Iraqi city of Enna",
    "001_9d3294fc48c0c803.txt": "International Coalition underlined the coming fighting in Mousl",
    "002_01363808ca93a349.txt": "West Mosul Breached as War on IS Rages in Iraq, Syria",
    "004_85c70263a7e25411.txt": "Joint troops kill 60 Islamic State militants at southern Mosul island",
}


def test_sample_furniture_is_found_and_dropped() -> None:
    for path in sorted(SAMPLE_ARTICLES.glob("*.txt")):
        lines = clean.classify_lines(path.read_text(encoding="utf-8"))
        furniture = [ln.text for ln in lines if ln.role == clean.FURNITURE]
        assert furniture == FURNITURE.get(path.name, []), path.name
        article = read_article(path)
        body = "\n".join(article.blocks)
        for junk in furniture:
            assert junk not in body


def test_sample_headlines() -> None:
    for name, title in TITLES.items():
        assert read_article(SAMPLE_ARTICLES / name).title == title


def test_dated_sub_heading_stays_a_heading() -> None:
    article = read_article(SAMPLE_ARTICLES / "003_07e63e06108ae30e.txt")
    headings = [b for b in article.blocks if b.startswith("## ")]
    assert headings == [
        "## BATTLE FOR MOSUL – JULY 7, 2017: IRAQI FORCES PURGING REMAINING "
        "ISIS TERRORISTS IN OLD MOSUL"
    ]


def test_generic_furniture_patterns() -> None:
    text = (
        "World News\nPosted by Jane Doe on March 3, 2017\n\nDam reopened after the attack\n\n"
        "Engineers reopened the dam on Monday after a week of repairs, officials said.\n"
        "Photo: AFP\n"
        "The reservoir is full again and the turbines run, the ministry added today.\n"
        "Share this:\nTwitter\nFacebook\n"
    )
    lines = clean.classify_lines(text)
    roles = {ln.text: ln.role for ln in lines}
    assert roles["Dam reopened after the attack"] == clean.TITLE
    for junk in (
        "World News",
        "Posted by Jane Doe on March 3, 2017",
        "Photo: AFP",
        "Share this:",
        "Twitter",
        "Facebook",
    ):
        assert roles[junk] == clean.FURNITURE, junk


def test_mask_keeps_offsets() -> None:
    text = "South front\n\nOn Saturday, troops advanced into the city, the army said today."
    lines = clean.classify_lines(text)
    masked = clean.mask(text, lines)
    assert len(masked) == len(text) and masked.startswith(" " * 11)
    assert masked[13:] == text[13:]


def test_generated_title_is_short() -> None:
    title = title_from_sentence(
        "On Saturday, Iraqi security forces (ISF) liberated the strategic "
        "Old Mosul city, the last ISIS stronghold in the city of Mosul."
    )
    assert title == "Iraqi security forces (ISF) liberated the strategic Old Mosul city, the last…"


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = (
        "Lt. Gen. Abdul-Amir Yarallah said forces took the area. Brig. Gen. Saleh Harz "
        "told the U.S.-led coalition. Next sentence here."
    )
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == [
        "Lt. Gen. Abdul-Amir Yarallah said forces took the area.",
        "Brig. Gen. Saleh Harz told the U.S.-led coalition.",
        "Next sentence here.",
    ]


def test_hard_wrapped_paragraphs_are_text_not_furniture() -> None:
    text = (
        "DETROIT The U.S. Transportation Department on Wednesday issued voluntary guidelines for\n"
        "makers of mobile devices, asking them to help keep eyes on the road while driving.\n"
        "The guidelines also ask manufacturers to make it easy to pair mobile devices with\n"
        "in-vehicle systems, officials said.\n"
    )
    lines = clean.classify_lines(text)
    assert [ln.role for ln in lines] == [clean.PARAGRAPH, clean.PARAGRAPH]
    assert lines[0].text.startswith("DETROIT The U.S.") and lines[0].text.endswith("driving.")
    assert text[lines[1].start : lines[1].end].endswith("officials said.")
