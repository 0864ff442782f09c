"""The publication date read from an article's words (issue 16): datelines and
"published/updated" lines, inline as scraped text has them; never an event's date."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.extract.dates import tag_dates
from chronicle.extract.published import INFERRED, NO_DATE_NOTE, TEXT, find_published

BODY = "Air strikes hit the town of Tabqa on Saturday, killing ten people, a monitor said."


@pytest.mark.parametrize(
    "text, day",
    [
        # labels, inline at the very start of a one-paragraph scraped text
        (f"Published July 5 2015 U.S.-led strikes resumed. {BODY}", date(2015, 7, 5)),
        (f"Date of publication 19 June 2016 At least 25 civilians died. {BODY}", date(2016, 6, 19)),
        (f"Last updated at Aug 14 2016 Scores of civilians were killed. {BODY}", date(2016, 8, 14)),
        (f"Last updated at Apr 232017 Three fighters were killed. {BODY}", date(2017, 4, 23)),
        (
            f"Posted on August 3 2016 by Jane Doe Toxic gas dropped on town. {BODY}",
            date(2016, 8, 3),
        ),
        (f"Published: 12:30 GMT, 5 July 2015\n\n{BODY}", date(2015, 7, 5)),
        (f"Updated 1030 GMT (1830 HKT) July 5, 2015\n\n{BODY}", date(2015, 7, 5)),
        (f"First published on Sun 5 Jul 2015 12.30 BST\n\n{BODY}", date(2015, 7, 5)),
        (f"By Jane Doe, Reuters | July 5, 2015 Strikes hit Tabqa. {BODY}", date(2015, 7, 5)),
        # an agency dateline opening the body, below the headline
        (f"Strikes hit Tabqa\n\nBEIRUT, July 5, 2015 (Reuters) - {BODY}", date(2015, 7, 5)),
        (f"Strikes hit Tabqa\n\nDAMASCUS, Syria, 6 May 2014 (AP) — {BODY}", date(2014, 5, 6)),
        # a date leading the text, with or without its weekday and time
        (f"Wed 05 Apr 2017 Syria attack symptoms reported WHO. {BODY}", date(2017, 4, 5)),
        (f"Fri 07 Apr 2017 at 0914 Governor says strike caused deaths. {BODY}", date(2017, 4, 7)),
        (f"24.08.2013 State media accused rebels of shelling. {BODY}", date(2013, 8, 24)),
        (f"07.07.2015Get short URL A suicide bomber struck. {BODY}", date(2015, 7, 7)),
        (f"Saturday 17 September 2016 21:09 Council condemns strikes. {BODY}", date(2016, 9, 17)),
        # in the run of words before the story: beside a weekday, an agency, a clock time
        (
            f"Car bomb kills 20 near border Monitor AFP Friday 15 Jul 2016 At least 20 died. {BODY}",
            date(2016, 7, 15),
        ),
        (
            f"Jets pound positions in Hama Killing 50 Fighters Fri Sep 30 2016 102138 {BODY}",
            date(2016, 9, 30),
        ),
        (
            f"Three executed in Raqqa 8 November 2016 SANA Members of the group {BODY}",
            date(2016, 11, 8),
        ),
        (
            f"Print this page Tuesday 19 July 2016 16:45 Strikes hit clinic. {BODY}",
            date(2016, 7, 19),
        ),
    ],
)
def test_stated_publication_dates_are_found(text: str, day: date) -> None:
    found = find_published(text)
    assert (found.date, found.how) == (day, TEXT), found
    assert found.review_note() is None


@pytest.mark.parametrize(
    "text",
    [
        "1. Ghouta: On August 21 2013 the army fired rockets on the suburbs, killing hundreds.",
        "The report, published July 5 2015, found that the strikes had killed twenty people.",
        "Syrian state TV said Friday 15 July 2016 that twenty people had died in the attack.",
        "Rebels shelled the city of Aleppo Friday 15 July 2016, the Observatory said today.",
        "A spokesman told AFP Friday 15 July 2016 that the strikes had killed twelve people.",
        "The attack came on Friday 15 July 2016. Rescuers pulled twelve bodies from the rubble.",
        "On 5 July 2015 a car bomb exploded in the market of the town, killing at least twelve.",
        "March 15, 2011: Protests erupt in Deraa over the arrest of schoolboys who wrote graffiti.",
        # a timeline: lines that each begin with a different date
        "Syria's war\n\nMarch 15, 2011 Protests erupt in Deraa.\n\nMarch 18, 2011 Troops open fire.",
        "The report is dated 2017-07-08 in the archive of the ministry, officials said on Monday.",
    ],
)
def test_event_dates_in_the_body_are_never_stated_publication_dates(text: str) -> None:
    found = find_published(text)
    assert found.how != TEXT, found
    assert find_published(text, infer=False).date is None


def test_published_wins_over_updated_and_lines_over_the_text() -> None:
    text = f"Last updated: 7 July 2015\n\nPublished on 5 July 2015\n\n{BODY}"
    assert find_published(text).date == date(2015, 7, 5)
    found = find_published(f"Wed 01 Apr 2015 {BODY}", ["Published July 5 2015"])
    assert (found.date, found.evidence) == (date(2015, 7, 5), "Published July 5 2015")
    assert find_published(BODY, ["Last updated 14:20 GMT, 6 July 2015"]).date == date(2015, 7, 6)


def test_an_inferred_date_is_flagged_and_no_date_says_how_to_give_one() -> None:
    found = find_published("Troops entered on 3 May 2016. The city fell on 12 June 2016.")
    assert (found.date, found.how) == (date(2016, 6, 12), INFERRED)
    assert "inferred" in (found.review_note() or "") and "--manifest" in (found.review_note() or "")
    nothing = find_published("Troops advanced on Tuesday.")
    assert nothing.date is None and nothing.review_note() == NO_DATE_NOTE
    assert "--manifest FILE.csv" in NO_DATE_NOTE and "--published" in NO_DATE_NOTE


def test_a_stated_date_is_furniture_not_an_event() -> None:
    text = f"Published July 5 2015 Strikes resumed. {BODY}\nLast updated 14:20 GMT, 6 July 2015"
    assert [m.text for m in tag_dates(text, date(2015, 7, 5))] == ["on Saturday"]
    text = f"Wed 05 Apr 2017 Syria attack symptoms reported WHO. {BODY}"
    assert [m.text for m in tag_dates(text, date(2017, 4, 5))] == ["on Saturday"]
