"""How many died: the counts a reader would take from a sentence, with their words."""

from __future__ import annotations

import pytest

from chronicle.extract.casualties import count_casualties


def counts(sentence: str) -> tuple[int | None, int | None, int | None, int | None]:
    c = count_casualties(sentence)
    return c.fatalities, c.civilian, c.child, c.injured


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the cases
        (
            "Government air strikes killed at least 26 in the town on Monday.",
            (26, None, None, None),
        ),
        ("Three children from one family were killed in the shelling.", (3, 3, 3, None)),
        ("Dozens of civilians were killed in the raids.", (12, 12, None, None)),
        ("A child and his mother were killed when the shell hit their home.", (2, 2, 1, None)),
        ("The army said 175 ISIS members were killed in the fighting.", (175, None, None, None)),
        # number words, digits with commas, quantifiers, ranges
        ("The bombing killed twenty-five people.", (25, 25, None, None)),
        ("More than 1,200 people were killed in the siege.", (1200, 1200, None, None)),
        ("Between 40 and 45 soldiers were killed.", (40, None, None, None)),
        ("Officials said 30-35 villagers died.", (30, 30, None, None)),
        ("Hundreds of people were killed.", (100, 100, None, None)),
        # parts of a toll are not more dead
        (
            "At least 11 civilians including two children were killed in strikes on a market.",
            (11, 11, 2, None),
        ),
        ("Ten children were among at least 48 people killed in the village.", (48, 48, 10, None)),
        ("The strike killed 12 people, eight of them children.", (12, 12, 8, None)),
        ("Six children were among the dead.", (None, 6, 6, None)),
        ("At least 20 people including 10 civilians were killed.", (20, 10, None, None)),
        # groups joined by "and" are one toll; wounded are not dead
        ("Five women and a child were killed in the raid.", (6, 6, 1, None)),
        ("Seven people were killed and 12 others wounded in the attack.", (7, 7, None, 12)),
        ("A car bomb killed 20 people and injured 30 others.", (20, 20, None, 30)),
        ("45 opposition fighters and 43 soldiers were killed.", (88, None, None, None)),
        ("The death toll from the blast rose to 112, a monitor said.", (112, None, None, None)),
        ("6 Killed 12 Wounded in Shelling of Aleppo Neighbourhood", (6, None, None, 12)),
        ("Thursday 28 January 2016 17:27 Nine Civilians Killed in Airstrikes", (9, 9, None, None)),
        ("19 Killed and Injured in Tell Abyad Attack", (None, None, None, None)),
        ("The attack on a clinic killed two patients injured eight others.", (2, 2, None, 8)),
        ("Eleven civilians were killed among them a child and two women.", (11, 11, 1, None)),
        (
            "Air raids kill 11 civilians in east Syria AFP Friday At least 11 civilians - among "
            "them four women and four children - were killed in air raids.",
            (11, 11, 4, None),
        ),
        (
            "At least 12 civilians were killed by airstrikes on Monday, bringing the number "
            "killed in 24 hours of bombardment to 45.",
            (12, 12, None, None),
        ),
        (
            "Gunmen targeted tens of civilians with rockets and gunfire, killing 3 of them and "
            "injuring 22.",
            (3, None, None, 22),
        ),
        # a part with no number between the dead and their verb
        (
            "Nearly 40 people including women and children were killed in the shelling.",
            (40, 40, None, None),
        ),
        ("Nine villagers, mostly farmers and shepherds, died in the raid.", (9, 9, None, None)),
        ("Twelve people, most of them civilians, were killed.", (12, 12, None, None)),
        ("A shell hit the market and left a boy dead and a man injured.", (1, 1, 1, 1)),
        # a headline glued to its lead tells the same dead twice
        (
            "Rocket kills 9 including 4 kids in Hama. Activists say a rocket killed nine "
            "people including four children.",
            (9, 9, 4, None),
        ),
        (
            "Six civilians were killed among them a child while 30 others were injured. Six "
            "civilians were killed among them a child while 30 others were injured.",
            (6, 6, 1, 30),
        ),
        (
            "Dozens of civilians dead in raids on Douma. Air raids on Douma killed 41 "
            "civilians on Sunday.",
            (41, 41, None, None),
        ),
        # a magnitude is at least its numbered part
        (
            "Dozens of people were killed in the bombing, including at least 27 people in one market.",
            (27, 27, None, None),
        ),
    ],
)
def test_counts(sentence: str, expected: tuple) -> None:
    assert counts(sentence) == expected


def test_attacker_losses_count_as_dead_not_civilians() -> None:
    c = count_casualties("At least 287 IS fighters, among them 26 minors, have been killed.")
    assert (c.fatalities, c.civilian, c.combatant) == (287, None, 287)


@pytest.mark.parametrize(
    "sentence",
    [
        "The regime has carried out 2000 air raids on the province this year.",
        "The convoy carried at least 5000 people including 300 fighters.",
        "The offensive began in 2016 and 300,000 civilians remain in the city.",
        "23-04-2016 Child killed in Aleppo.",  # the year is no count
    ],
)
def test_numbers_that_count_no_dead(sentence: str) -> None:
    c = count_casualties(sentence)
    assert c.fatalities in (None, 1) and c.civilian in (None, 1)


def test_the_words_that_carry_the_numbers_are_kept() -> None:
    c = count_casualties("Air strikes killed at least 26 civilians on Monday and wounded dozens.")
    assert c.words == ["killed at least 26 civilians", "wounded dozens"]
    assert c.injured == 12


def test_a_magnitude_is_marked_vague_and_a_number_is_not() -> None:
    assert count_casualties("Scores of villagers were killed in the raids.").vague
    assert not count_casualties("At least 23 villagers were killed in the raids.").vague
