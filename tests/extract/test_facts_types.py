"""What happened: ACLED event types from hand-written sentences, one per kind."""

from __future__ import annotations

import pytest

from chronicle.extract.event_types import ACLED_TYPES, EVENT_TYPE_OF, classify, names_no_weapon


def sub_type(sentence: str) -> str | None:
    match = classify(sentence)
    return match.sub_event_type if match else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Warplanes struck the market in Maarat al-Numan on Sunday.", "Air/drone strike"),
        ("A drone strike hit a car on the road to Idlib.", "Air/drone strike"),
        ("Helicopters dropped barrel bombs on the town.", "Air/drone strike"),
        (
            "Rebel shelling of the old city killed four civilians.",
            "Shelling/artillery/missile attack",
        ),
        ("Mortar rounds fell on a school in the capital.", "Shelling/artillery/missile attack"),
        ("Dozens suffocated after a chlorine gas attack on the town.", "Chemical weapon"),
        ("An air strike that released toxic gas killed 72 people.", "Chemical weapon"),
        ("A helicopter dropped a toxic gas barrel over the town.", "Chemical weapon"),
        ("A suicide car bomb hit a convoy of buses at the crossing.", "Suicide bomb"),
        ("A car bomb went off near a checkpoint in the city.", "Remote explosive/landmine/IED"),
        ("A roadside bomb killed two soldiers.", "Remote explosive/landmine/IED"),
        ("A man threw a grenade into the crowd.", "Grenade"),
        ("Troops clashed with militants on the outskirts of the town.", "Armed clash"),
        ("The militants executed nine men in the main square.", "Attack"),
        ("Gunmen kidnapped three aid workers on the highway.", "Abduction/forced disappearance"),
        ("Police arrested 14 suspects after the blast.", "Arrests"),
        ("The two sides agreed to a ceasefire in the south.", "Agreement"),
        ("A truce took effect at midnight.", "Agreement"),
        ("Thousands protested in the city center on Friday.", "Peaceful protest"),
        ("Police dispersed the protesters with tear gas.", "Protest with intervention"),
        ("Rioters set fire to the governor's office.", "Violent demonstration"),
        ("The fighters looted shops and homes in the village.", "Looting/property destruction"),
        ("Engineers defused a bomb planted under a bridge.", "Disrupted weapons use"),
        (
            "Russia established a new military base near the coast.",
            "Headquarters or base established",
        ),
        ("The rebel factions merged into a new alliance.", "Change to group/activity"),
        ("The rebels withdrew from the town under the deal.", "Non-violent transfer of territory"),
    ],
)
def test_types(sentence: str, expected: str) -> None:
    assert sub_type(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The war began in March 2011 with peaceful demonstrations.".replace(
            "demonstrations", "marches of students"
        ),
        "The minister met his counterpart in Moscow on Tuesday.",
        "Residents returned to their homes on Sunday.",
    ],
)
def test_no_happening(sentence: str) -> None:
    assert sub_type(sentence) is None


def test_a_trigger_that_has_not_happened_yet_is_none() -> None:
    assert (
        sub_type("Ankara has massed tanks on the border but the assault has yet to begin.") is None
    )


def test_the_weapon_next_to_the_dead_wins() -> None:
    sentence = (
        "One woman was killed in an air strike on the town, the site of a suspected chemical "
        "weapons attack earlier this week."
    )
    dead = (sentence.index("One woman"), sentence.index(" in an air"))
    match = classify(sentence, near=[dead])
    assert match is not None and match.sub_event_type == "Air/drone strike"


def test_sub_event_types_are_acled_s() -> None:
    assert EVENT_TYPE_OF["Air/drone strike"] == "Explosions/Remote violence"
    assert set(ACLED_TYPES) == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels launched a push to recapture the district from regime forces.",
        "Families are waiting for the army to liberate their neighbourhood.",
    ],
)
def test_a_purpose_to_take_ground_is_no_happening_yet(sentence: str) -> None:
    assert sub_type(sentence) != "territory"


def test_an_execution_names_its_manner_a_massacre_does_not() -> None:
    assert not names_no_weapon("Attack", "executed")
    assert names_no_weapon("Attack", "massacre")


def test_managing_to_take_ground_is_taking_it() -> None:
    assert sub_type("Troops managed on Friday to take over the airport road.") == "territory"
