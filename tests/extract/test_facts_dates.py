"""The main event's date: the day its own sentence gives the happening, else the day the
next sentences give the same incident, else the publication date; never a day after the
publication, never the day of a telling or the start of a "since" period."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.extract import extract
from chronicle.extract.event_dates import is_telling
from chronicle.extract.events import Event
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.places import Geoparser
from chronicle.extract.types import DateMention

SATURDAY = date(2017, 4, 15)
SUNDAY = date(2017, 4, 16)
MONDAY = date(2017, 4, 17)


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(region=["SY", "IQ"], gazetteer=Gazetteer())


def main(gp: Geoparser, text: str, published: date | None) -> Event:
    found = [e for e in extract(text, published, gp).events if e.main]
    assert len(found) == 1
    return found[0]


def test_a_weekday_in_the_lead_is_no_dateline(gp: Geoparser) -> None:
    text = (
        "At least 12 people were killed Friday in a car bomb attack on a market in Homs, a "
        "monitoring group said Saturday."
    )
    assert main(gp, text, SATURDAY).date == "2017-04-14"


def test_a_weekday_read_ahead_of_the_report_is_last_week_s(gp: Geoparser) -> None:
    text = "On Thursday a helicopter dropped barrel bombs on Darayya, killing seven people."
    assert main(gp, text, date(2017, 4, 11)).date == "2017-04-06"  # Tuesday's report


def test_a_weekday_one_day_ahead_is_the_report_s_own_day(gp: Geoparser) -> None:
    # a dateline a day behind the text (another time zone): not a week-old happening
    text = "On Tuesday it is claimed a helicopter dropped barrel bombs near Hama, killing five."
    assert main(gp, text, MONDAY).date == "2017-04-17"


def test_the_day_of_a_telling_beats_a_period_of_another_clause(gp: Geoparser) -> None:
    text = (
        "After Kurdish fighters drove them out of the town last month, jihadists attacked "
        "Tal Abyad, killing nine people, a monitor said on Saturday."
    )
    assert main(gp, text, SUNDAY).date == "2017-04-15"


def test_a_date_in_a_relative_clause_dates_another_happening(gp: Geoparser) -> None:
    text = (
        "Nine rebels were killed in clashes with government forces overnight near Aleppo.\n\n"
        "The fighters died trying to reopen a road which the army cut on Thursday, a monitor "
        "said."
    )
    assert main(gp, text, SUNDAY).date == "2017-04-16"


def test_the_start_of_a_since_clause_is_not_the_news(gp: Geoparser) -> None:
    text = (
        "Air strikes on Idlib province have killed 40 civilians, a monitor said.\n\n"
        "Raids have intensified since rebels launched an offensive to break the siege of "
        "the city on March 30."
    )
    assert main(gp, text, SUNDAY).date == "2017-04-16"


def test_the_lead_gives_the_headline_s_day(gp: Geoparser) -> None:
    text = (
        "Coalition raids kill 14 in Raqqa\n\n"
        "Air raids by the US-led coalition killed 14 people in Raqqa on Friday, a monitor said."
    )
    assert main(gp, text, SUNDAY).date == "2017-04-14"


def test_a_retelling_with_no_day_leaves_the_day_untold(gp: Geoparser) -> None:
    text = (
        "Eleven soldiers were killed in an ambush near Palmyra.\n\n"
        "Eleven soldiers were killed when jihadists ambushed their convoy, the army said.\n\n"
        "The ambush came after soldiers seized a hill which had been shelled on Tuesday."
    )
    assert main(gp, text, SUNDAY).date == "2017-04-16"


def test_last_week_stays_a_week(gp: Geoparser) -> None:
    text = "At least 30 people were killed last week in air raids on Douma, a monitor said."
    assert main(gp, text, SUNDAY).date == "2017-W14"


def test_a_since_clause_ends_at_its_comma(gp: Geoparser) -> None:
    text = "Since the rebels withdrew, Syrian troops entered Maadan on Friday, killing 20 people."
    assert main(gp, text, SUNDAY).date == "2017-04-14"


@pytest.mark.parametrize(
    ("text", "telling"),
    [
        ("A monitor said on Friday that air raids hit Douma.", True),
        ("The army told reporters on Friday that the town had fallen.", True),
        ("Activists said 20 people died on Friday in air raids on Douma.", False),
        ("Activists said people were killed on Friday in air raids on Douma.", False),
    ],
)
def test_the_day_of_a_telling(text: str, telling: bool) -> None:
    at = text.index("on Friday")
    mention = DateMention(at, at + len("on Friday"), "on Friday", "2017-04-14")
    assert is_telling(text, mention) is telling
