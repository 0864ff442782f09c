"""Sentences that name a happening without reporting one get no event type: halts, denials,
negations, threats, plans, conditions, wishes. Hand-written sentences."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.extract import extract
from chronicle.extract.event_types import classify
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.places import Geoparser


def sub_type(sentence: str) -> str | None:
    match = classify(sentence)
    return match.sub_event_type if match else None


@pytest.mark.parametrize(
    "sentence",
    [
        # halts, pauses, ends
        "Government and allied air forces halted airstrikes on the city on Tuesday.",
        "The ministry said it would keep up a halt on air strikes over the eastern districts.",
        "The two sides announced a daily pause in shelling to let convoys in.",
        "Aid groups demanded that the warring parties stop their bombing campaign.",
        "The envoy called for an end to the shelling of the besieged suburbs.",
        # negations and denials
        "The defence ministry says it has not bombed the city since last week.",
        "Warplanes of the air force have not carried out any strikes near the village.",
        "The minister said his troops were not behind a deadly attack on a convoy.",
        "There have been no US strikes in the province so far.",
        "The army denied carrying out the strike.",
        "The government has consistently denied using chemical weapons and chlorine gas.",
        "Officials rejected accusations of shelling residential areas.",
        # threats, plans, futures, conditions
        "The militants threatened to strike two villages they have surrounded.",
        "Officials said the halt of the bombing would hold.",
        "Commanders said the army would launch an offensive on the town.",
        "The general said an offensive to drive the militants out of the city would begin soon.",
        "The military asked for permission to resume its air strikes.",
        "The president said he would intervene if a chemical attack was carried out.",
    ],
)
def test_a_happening_named_but_not_reported_has_no_type(sentence: str) -> None:
    assert sub_type(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the hand is unknown, the strike happened
        ("It was not immediately clear who carried out the raids.", "Air/drone strike"),
        ("It was unclear if the planes that struck the market were foreign.", "Air/drone strike"),
        (
            "Elders agreed to hand over the town in exchange for a halt to the bombardment.",
            "Agreement",
        ),
        ("The clashes took place not far from the airport.", "Armed clash"),
        ("The town came under not only air strikes but also shelling.", "Air/drone strike"),
        (
            "Russia denied involvement the monitor said air strikes killed 20 in the town.",
            "Air/drone strike",
        ),
        ("Jets killed no fewer than 20 people in air strikes on the town.", "Air/drone strike"),
        ("The coalition continued to launch air strikes on the city.", "Air/drone strike"),
        (
            "After days of non-stop shelling the town fell silent.",
            "Shelling/artillery/missile attack",
        ),
        (
            "The rebels denied the town had fallen but shelling went on.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_a_happening_reported_near_such_words_keeps_its_type(sentence: str, expected: str) -> None:
    assert sub_type(sentence) == expected


def test_a_halt_reported_on_consecutive_days_is_no_happening_of_those_days() -> None:
    geoparser = Geoparser(region=["SY"], gazetteer=Gazetteer())
    text = (
        "Air strikes kill 12 in Aleppo\n\n"
        "Air strikes killed 12 civilians in Aleppo on Sunday, a monitor said. "
        "On Monday the air force halted air strikes over the city for a humanitarian pause. "
        "On Tuesday the ministry said it had not bombed Aleppo since Monday."
    )
    found = extract(text, date(2016, 10, 18), geoparser).events
    main = next(e for e in found if e.main)
    assert main.sub_event_type == "Air/drone strike"
    others = [e for e in found if "halted" in e.sentence or "not bombed" in e.sentence]
    assert others and all(e.event_type is None and e.sub_event_type is None for e in others)
