"""Who: the actor list, its aliases, the chronicle's own actors, and who acted upon whom."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.content.records import ACTOR_KINDS, ActorRecord
from chronicle.extract import extract
from chronicle.extract.actors import ActorList, shipped_actors
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.places import Geoparser


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser(region=["SY", "IQ"], gazetteer=Gazetteer())


def who(gp: Geoparser, text: str, actors: ActorList | None = None) -> tuple[str | None, str | None]:
    events = extract(text, date(2017, 4, 10), gp, actors=actors).events
    main = next(e for e in events if e.main)
    return (
        main.actor1.id if main.actor1 else None,
        main.actor2.id if main.actor2 else None,
    )


def test_the_shipped_list_is_well_formed() -> None:
    actors = shipped_actors()
    ids = [a.id for a in actors]
    assert len(ids) == len(set(ids))
    assert all(a.kind in ACTOR_KINDS for a in actors)
    assert all(a.parent is None or a.parent in ids for a in actors)


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Islamic State", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("IS", "islamic-state"),
        ("regime forces", "syrian-arab-army"),
        ("Syrian Arab Army", "syrian-arab-army"),
        ("SDF", "syrian-democratic-forces"),
        ("Syrian Democratic Forces", "syrian-democratic-forces"),
        ("the Free Syrian Army", "free-syrian-army"),
        ("Jabhat Fateh al-Sham", "nusra-front"),
        ("al-Nusra Front", "nusra-front"),
        ("Hayat Tahrir al-Sham", "hayat-tahrir-al-sham"),
        ("the U.S.-led coalition", "us-led-coalition"),
        ("Peshmerga", "peshmerga"),
        ("Hashd al-Shaabi", "popular-mobilization-forces"),
        ("Hizballah", "hezbollah"),
    ],
)
def test_aliases(name: str, actor_id: str) -> None:
    found = ActorList().find(f"Yesterday {name} attacked the town.")
    assert [m.actor.id for m in found] == [actor_id]


def test_is_is_an_actor_only_in_capitals() -> None:
    assert ActorList().find("This is what the town is like.") == []


def test_generic_words_are_the_forces_of_the_article_s_country() -> None:
    actors = ActorList()
    assert [m.actor.id for m in actors.find("Government troops advanced.", country="SY")] == [
        "syrian-arab-army"
    ]
    assert [m.actor.id for m in actors.find("Government troops advanced.", country="IQ")] == [
        "iraqi-security-forces"
    ]


def test_chronicle_actor_records_extend_and_override_the_list(gp: Geoparser) -> None:
    own = [
        ActorRecord(id="liwa-al-quds", name="Liwa al-Quds", kind="political-militia"),
        ActorRecord(id="islamic-state", name="ISIS", kind="rebel", aliases=["Tanzim", "Daesh"]),
    ]
    actors = ActorList(own)
    assert who(gp, "Liwa al-Quds fighters shelled the village of Hader on Monday.", actors)[0] == (
        "liwa-al-quds"
    )
    assert actors.get("islamic-state").name == "ISIS"  # type: ignore[union-attr]
    assert [m.actor.id for m in actors.find("Tanzim militants attacked.")] == ["islamic-state"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian air strikes killed 12 civilians in the town of Saraqeb on Monday.",
            ("russian-forces", "civilians"),
        ),
        (
            "At least 29 rebels were killed in clashes with regime troops near Aleppo on Sunday.",
            ("syrian-arab-army", "syrian-rebels"),
        ),
        (
            "Air strikes by the US-led coalition killed 18 civilians in Raqqa on Tuesday.",
            ("us-led-coalition", "civilians"),
        ),
        (
            "Islamic State militants attacked Kurdish fighters in Hasakeh on Monday.",
            ("islamic-state", "ypg"),
        ),
        (
            "A suicide bomber from the Nusra Front killed 25 soldiers in Aleppo on Monday.",
            ("nusra-front", None),
        ),
        (
            "Syrian Air Force Targets ISIS in Deir Ezzor, 25 Terrorists Killed",
            ("syrian-arab-army", None),
        ),
        (
            "12 Daesh terrorists were killed by Kurdish-led Syrian Democratic Forces near Tabqa.",
            ("syrian-democratic-forces", "islamic-state"),
        ),
        (
            "More than 30 Nusra Front militants including three commanders were killed by the "
            "Syrian army near Hama on Sunday.",
            ("syrian-arab-army", "nusra-front"),
        ),
        (
            "A U.S. missile strike hit an airbase near Homs on Friday.",
            ("united-states-forces", None),
        ),
        (
            "Airstrikes carried out by the United States against the Nusra Front killed 11 "
            "civilians on Tuesday.",
            ("united-states-forces", None),
        ),
    ],
)
def test_who_acted_upon_whom(gp: Geoparser, text: str, expected: tuple) -> None:
    actor1, actor2 = who(gp, text)
    assert actor1 == expected[0]
    if expected[1]:
        assert actor2 == expected[1]


def test_a_place_held_by_an_actor_and_a_speaker_are_not_the_attacker(gp: Geoparser) -> None:
    text = (
        "Air strikes hit a rebel-held town in Idlib province on Monday, killing nine people, "
        "Russia said."
    )
    assert who(gp, text)[0] is None


def test_the_dead_are_not_the_attacker(gp: Geoparser) -> None:
    text = "US-led strikes killed 14 jihadists from the Islamic State group near Raqqa on Monday."
    assert who(gp, text)[0] == "us-led-coalition"


def test_the_arrested_are_acted_upon_even_when_named_again_as_planners(gp: Geoparser) -> None:
    text = (
        "Some 40 Islamic State militants were arrested near Tikrit, a police source said, "
        "after tip-offs about a plot by Islamic State militants to bomb a market."
    )
    assert who(gp, text) == (None, "islamic-state")


def test_a_year_before_the_lead_does_not_count_the_attackers_as_dead(gp: Geoparser) -> None:
    text = "AFP Sunday 3 Sep 2017 Syrian troops killed 14 rebels in an ambush near Daraa."
    assert who(gp, text) == ("syrian-arab-army", "syrian-rebels")


def test_a_town_that_fell_to_an_armed_group_was_taken_by_it(gp: Geoparser) -> None:
    text = "The desert town of Sukhnah fell to Islamic State fighters on Thursday."
    assert who(gp, text)[0] == "islamic-state"


def test_a_report_that_does_not_know_who_did_it_names_no_attacker(gp: Geoparser) -> None:
    text = (
        "Air strikes on a market in Maarat al-Numan killed 16 people on Monday, a monitor said. "
        "It was not immediately clear who carried out the raids. Syrian government forces "
        "have pounded the province for weeks."
    )
    assert who(gp, text)[0] is None
