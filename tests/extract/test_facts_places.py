"""Where an event is: a country named as a qualifier or as an agent does not locate it; the
main event takes the town its incident's next sentences name. Hand-written sentences."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.extract import extract
from chronicle.extract.events import Event
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.places import Geoparser


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(region=["SY", "IQ"], gazetteer=Gazetteer())


def places_of(gp: Geoparser, sentence: str) -> list[str]:
    """The place names of the event of a one-sentence text."""
    result = extract(sentence, date(2016, 9, 20), gp)
    event: Event = result.events[0]
    mentions = [result.places[n] for n in event.place_mentions]
    return [m.place.name if m.place else m.text for m in mentions]


@pytest.mark.parametrize(
    ("sentence", "left_out"),
    [
        ("US President Barack Obama announced air strikes on Raqqa on Monday.", "United States"),
        ("A US aid worker was executed near Raqqa on Sunday.", "United States"),
        ("At least 22 people were killed in U.S. air strikes on Raqqa on Sunday.", "United States"),
        (
            "Air strikes carried out by the United States killed 11 people in Idlib on Tuesday.",
            "United States",
        ),
        ("The US launched air strikes on Raqqa on Tuesday.", "United States"),
        ("US-led coalition jets struck Raqqa on Tuesday.", "United States"),
        ("Russia's jets struck Idlib on Tuesday, killing nine.", "Russia"),
        (
            "A ceasefire brokered by the United States and Russia collapsed in Aleppo on Monday.",
            "Russia",
        ),
        ("Clashes killed 14 near the border with Turkey in Idlib on Monday.", "Turkey"),
    ],
)
def test_a_country_that_says_who_does_not_say_where(
    gp: Geoparser, sentence: str, left_out: str
) -> None:
    found = places_of(gp, sentence)
    assert left_out not in found
    assert found  # the town stays


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Air strikes killed 12 people in northern Syria on Sunday.", "Syria"),
        ("Air strikes killed 12 people in Iraq on Sunday, a monitor said.", "Iraq"),
        ("Syria air strikes kill 32 on Monday.", "Syria"),  # the report's own country, alone
        ("Turkish jets pounded Iraq on Monday.", "Iraq"),
    ],
)
def test_a_country_the_sentence_puts_its_event_in_locates_it(
    gp: Geoparser, sentence: str, kept: str
) -> None:
    assert kept in places_of(gp, sentence)


def test_a_foreign_qualifier_alone_locates_nothing(gp: Geoparser) -> None:
    text = (
        "Strikes kill 12 in Raqqa\n\n"
        "Air strikes killed 12 people in Raqqa on Sunday, a monitor said. "
        "The strike was carried out by a United States drone, the monitor said on Monday."
    )
    result = extract(text, date(2016, 9, 20), gp)
    drone = next(e for e in result.events if "drone" in e.sentence)
    assert "united-states" not in drone.places


def test_a_main_event_in_a_country_only_takes_the_town_of_its_next_sentence(
    gp: Geoparser,
) -> None:
    text = (
        "Suicide bombing kills 16 in northeast Syria\n\n"
        "A suicide bomber killed at least 16 people at a checkpoint in Qamishli on Tuesday, "
        "a monitor said."
    )
    result = extract(text, date(2016, 7, 5), gp)
    main = next(e for e in result.events if e.main)
    assert main.sentence.startswith("Suicide bombing kills 16")
    town = next(m for m in result.places if m.text == "Qamishli")
    assert town.place is not None and town.place.id in main.places


def test_a_town_of_another_incident_does_not_place_the_main_event(gp: Geoparser) -> None:
    text = (
        "Air strikes kill 12 in northern Syria\n\n"
        "Air strikes killed 12 civilians in northern Syria on Sunday, a monitor said. "
        "Rebels clashed with Kurdish fighters near Manbij on Saturday."
    )
    result = extract(text, date(2016, 7, 5), gp)
    main = next(e for e in result.events if e.main)
    assert "Manbij" not in [result.places[n].text for n in main.place_mentions]


def test_an_attacker_only_named_near_the_town_does_not_make_it_another_incident(
    gp: Geoparser,
) -> None:
    text = (
        "Government shelling kills 31 near the capital\n\n"
        "At least 31 people were killed on Saturday in government shelling of an "
        "opposition-held town northeast of the capital, a monitor said. "
        "Casualties were high, he said. "
        "The shelling struck the town of Jayrud, where rebels have a base, on Friday night."
    )
    result = extract(text, date(2016, 7, 3), gp)
    main = next(e for e in result.events if e.main)
    town = next(m for m in result.places if m.text == "Jayrud")
    assert town.place is not None and town.place.id in main.places
