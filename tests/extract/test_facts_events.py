"""Events of an article: which sentence the report is about, its date, what is history, and
what an entry keeps of each event."""

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


def events(gp: Geoparser, text: str, published: date | None = date(2017, 4, 10)) -> list[Event]:
    return extract(text, published, gp).events


def main(gp: Geoparser, text: str, published: date | None = date(2017, 4, 10)) -> Event:
    found = [e for e in events(gp, text, published) if e.main]
    assert len(found) == 1
    return found[0]


ARTICLE = (
    "Air strikes kill 11 in Syrian market\n\n"
    "At least 11 civilians, including two children, were killed on Sunday in air strikes on "
    "a market in Maarat al-Numan, a monitor said. The Observatory said the strikes were "
    "probably carried out by regime forces. Idlib has been under rebel control since 2015. "
    "In 2014 ISIS seized Mosul in neighbouring Iraq. The war has killed more than 300,000 "
    "people since it began in March 2011."
)


def test_the_headline_event_is_main_with_the_lead_s_facts(gp: Geoparser) -> None:
    found = events(gp, ARTICLE)
    assert [e.start for e in found] == sorted(e.start for e in found)  # text order
    first = found[0]
    assert first.main and first.sentence == "Air strikes kill 11 in Syrian market"
    assert (first.event_type, first.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert first.actor1 is not None and first.actor1.id == "syrian-arab-army"
    assert (first.fatalities, first.civilian_fatalities, first.child_fatalities) == (11, 11, 2)
    assert first.date == "2017-04-09"  # the lead's "on Sunday"
    assert first.casualty_words and "including two children" in first.casualty_words


def test_history_is_background_and_never_main(gp: Geoparser) -> None:
    found = events(gp, ARTICLE)
    mosul = next(e for e in found if "Mosul" in e.sentence)
    assert mosul.background and not mosul.main
    assert mosul.sub_event_type == "Non-state actor overtakes territory"
    assert mosul.actor1 is not None and mosul.actor1.id == "islamic-state"
    war = next(e for e in found if "300,000" in e.sentence)
    assert war.background
    assert sum(e.main for e in found) == 1


def test_an_undated_lead_takes_the_publication_date(gp: Geoparser) -> None:
    event = main(gp, "Rebel rocket fire killed four civilians in Aleppo.", date(2016, 8, 10))
    assert event.date == "2016-08-10" and event.mention is None


def test_a_sentence_without_a_date_continues_the_one_before(gp: Geoparser) -> None:
    text = (
        "Iraqi forces retook the town of Tal Afar from Islamic State on Thursday. "
        "They met little resistance as militants fled the town."
    )
    found = events(gp, text, date(2017, 9, 2))
    assert found[0].date == "2017-08-31"
    assert found[0].sub_event_type == "Government regains territory"
    assert found[0].actor1 is not None and found[0].actor1.id == "iraqi-security-forces"
    assert found[0].actor2 is not None and found[0].actor2.id == "islamic-state"
    assert len(found) == 1 or found[1].date == "2017-08-31"


def test_no_publication_date_and_no_date_in_the_text(gp: Geoparser) -> None:
    found = events(gp, "Troops clashed with militants near the border.", None)
    assert found and found[0].date is None


@pytest.mark.parametrize(
    ("text", "sub", "actor1"),
    [
        (
            "Islamic State militants seized the ancient town of Palmyra on Wednesday.",
            "Non-state actor overtakes territory",
            "islamic-state",
        ),
        (
            "Turkish police arrested 20 suspected Islamic State members in Istanbul on Tuesday.",
            "Arrests",
            "turkish-forces",
        ),
        (
            "Russia and Turkey agreed on a ceasefire for the whole of Syria on Thursday.",
            "Agreement",
            "russian-forces",
        ),
        (
            "Syrian troops clashed with Islamic State fighters near Deir Ezzor airport on Friday.",
            "Armed clash",
            "syrian-arab-army",
        ),
    ],
)
def test_clashes_territory_arrests_agreements(
    gp: Geoparser, text: str, sub: str, actor1: str
) -> None:
    event = main(gp, text)
    assert event.sub_event_type == sub
    sides = {a.id for a in (event.actor1, event.actor2) if a is not None}
    assert event.actor1 is not None and actor1 in sides  # an agreement has two sides


def test_a_killing_with_no_weapon_named_is_an_attack(gp: Geoparser) -> None:
    event = main(gp, "Activists say Daesh has killed 33 young men near the border with Iraq.")
    assert (event.sub_event_type, event.fatalities, event.civilian_fatalities) == ("Attack", 33, 33)
    assert event.actor1 is not None and event.actor1.id == "islamic-state"


def test_the_copyright_line_is_no_event(gp: Geoparser) -> None:
    found = events(gp, "Troops shelled the town on Monday.\n\nCopyright © 2018 Some Agency.")
    assert [e.date for e in found] == ["2017-04-10"]


def test_counts_are_no_junk_events(gp: Geoparser) -> None:
    found = events(gp, "The regime has carried out 2000 air raids on the province.")
    assert all(e.fatalities is None for e in found)


def test_as_dict_keeps_what_an_entry_needs_and_leaves_out_what_is_empty(gp: Geoparser) -> None:
    found = events(gp, ARTICLE)
    data = found[0].as_dict()
    assert data == {
        "date": "2017-04-09",
        "mention": "on Sunday",
        "sentence": "Air strikes kill 11 in Syrian market",
        "places": data["places"],
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "syrian-arab-army",
        "actor2": "civilians",
        "fatalities": 11,
        "civilian_fatalities": 11,
        "child_fatalities": 2,
        "casualty_words": data["casualty_words"],
        "main": True,
    }
    quiet = Event(date=None, mention=None, sentence="Nothing.").as_dict()
    assert quiet == {"date": None, "sentence": "Nothing.", "places": []}


def test_a_number_later_in_the_report_replaces_the_lead_s_magnitude(gp: Geoparser) -> None:
    text = (
        "Dozens of civilians were killed on Sunday in regime air strikes on Saraqib.\n\n"
        "The regime air strikes killed 41 civilians, among them nine children, rescuers said."
    )
    event = main(gp, text)
    assert (event.fatalities, event.civilian_fatalities, event.child_fatalities) == (41, 41, 9)


def test_the_headline_names_the_weapon_the_lead_s_attack_leaves_out(gp: Geoparser) -> None:
    text = (
        "Car bombs kill several in Tartus\n\n"
        "The governor put the death toll from the attack at nine and the number of injured "
        "at 40."
    )
    event = main(gp, text)
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert (event.fatalities, event.injured) == (9, 40)


def test_a_count_far_down_the_report_fills_a_headline_without_one(gp: Geoparser) -> None:
    text = (
        "Civilians killed by Russian air strikes on Aleppo\n\n"
        "The opposition said Moscow had lost all credibility as a broker of talks. It said "
        "the truce was a cover for more bombing. Diplomats in Geneva said the talks would "
        "resume next month. The opposition urged the United Nations to act. Activists "
        "recorded dozens of breaches of the truce. At least 37 civilians were killed in "
        "air strikes by Russian jets on Aleppo and nearby villages."
    )
    event = main(gp, text)
    assert (event.fatalities, event.civilian_fatalities) == (37, 37)


@pytest.mark.parametrize(
    "text",
    [
        "The town of Maadan was liberated from Islamic State militants on Friday.",
        "Officials hailed the liberation of the town of Maadan from Islamic State.",
    ],
)
def test_an_armed_group_s_ground_liberated_by_no_one_named_goes_back_to_the_state(
    gp: Geoparser, text: str
) -> None:
    event = main(gp, text)
    assert event.sub_event_type == "Government regains territory"
    assert event.actor2 is not None and event.actor2.id == "islamic-state"
    assert event.actor1 is None or event.actor1.id != "islamic-state"


def test_an_arrest_told_after_a_killing_does_not_make_it_an_arrest(gp: Geoparser) -> None:
    text = (
        "Iraqi troops kill 45 Islamic State militants on an island south of Mosul\n\n"
        "Dozens of Islamic State militants were arrested while others fled, the source said."
    )
    event = main(gp, text)
    assert event.sub_event_type != "Arrests" and event.fatalities == 45


def test_an_execution_is_not_replaced_by_ground_taken_later(gp: Geoparser) -> None:
    text = (
        "Islamic State executed 40 men from a tribe that resisted it, a monitor said.\n\n"
        "The group seized the tribe's villages near the Euphrates in the summer."
    )
    assert main(gp, text).sub_event_type == "Attack"


def test_with_no_attacker_named_the_weapon_ties_a_far_count(gp: Geoparser) -> None:
    text = (
        "Inspectors to visit the site of the sarin attack\n\n"
        "The United Nations said its team would arrive within days. Officials in Geneva "
        "welcomed the decision. Diplomats said the talks would go on. The opposition asked "
        "for a ceasefire. Activists said the sarin attack killed 92 people in the town."
    )
    event = main(gp, text)
    assert event.sub_event_type == "Chemical weapon" and event.fatalities == 92


def test_a_running_toll_far_down_is_no_count_of_the_headline_s_incident(gp: Geoparser) -> None:
    text = (
        "Civilians killed by Russian air strikes on Aleppo\n\n"
        "The opposition said Moscow had lost all credibility. It said the truce was a cover. "
        "Diplomats said talks would resume next month. The opposition urged the UN to act. "
        "Russian air strikes have killed 300 civilians in Aleppo since the truce began."
    )
    assert main(gp, text).fatalities is None
