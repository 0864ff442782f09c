"""Incidents: mentions of one happening, within a report and across reports, become one item;
what cannot be one stays apart; the editor's decisions are applied last."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

from chronicle.content.incidents import parse_incident_decisions
from chronicle.site.incidents import (
    MERGE_SCORE,
    NEAR_MARGIN,
    Mention,
    candidate_pairs,
    incident_of,
    incidents_json,
    merge_incidents,
    near_merges,
)

PARENT = {
    "syria": None,
    "homs-governorate": "syria",
    "rastan": "homs-governorate",
    "talbiseh": "homs-governorate",
    "homs": "homs-governorate",
    "khalidiya": "homs",
    "aleppo-governorate": "syria",
    "aleppo": "aleppo-governorate",
    "iraq": None,
    "nineveh-governorate": "iraq",
    "mosul": "nineveh-governorate",
}
NAMES = {
    "syria": "Syria",
    "homs-governorate": "Homs Governorate",
    "rastan": "Rastan",
    "talbiseh": "Talbiseh",
    "homs": "Homs",
    "khalidiya": "Khalidiya",
    "aleppo-governorate": "Aleppo Governorate",
    "aleppo": "Aleppo",
}
AIR = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
SHELLING = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
}
CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash"}


def mention(entry: str, n: int, when: str, places: list[str], sentence: str, **facts) -> Mention:
    published = facts.pop("published", date(2017, 6, 10))
    return Mention(
        entry=entry,
        file=f"{entry}.txt",
        outlet=facts.pop("outlet", "Wire"),
        url=f"https://news.example.org/{entry}",
        published=published,
        anchor=f"ev-{entry}{n}",
        date=when,
        places=tuple(places),
        sentence=sentence,
        position=n,
        **facts,
    )


def merge(mentions: list[Mention], decisions=None):
    return merge_incidents(mentions, PARENT, decisions, NAMES)


def groups(incidents) -> list[list[str]]:
    return sorted(sorted(inc.anchors) for inc in incidents)


def test_two_reports_of_one_air_strike_are_one_incident_with_both_sources():
    later = mention(
        "b",
        1,
        "2017-06-09",
        ["rastan"],
        "Warplanes struck Rastan in Homs province on Friday, killing four children.",
        published=date(2017, 6, 11),
        fatalities=4,
        child_fatalities=4,
        main=True,
        **AIR,
    )
    earlier = mention(
        "a",
        1,
        "2017-06-09",
        ["rastan", "syria"],
        "An air strike on the town of Rastan on Friday killed three children.",
        published=date(2017, 6, 10),
        fatalities=3,
        child_fatalities=3,
        main=True,
        **AIR,
    )
    [incident] = merge([later, earlier])
    assert [s.entry for s in incident.sources] == ["a", "b"]  # in order of publication
    assert incident.date == "2017-06-09" and incident.date_precision == "day"
    assert incident.places == ["rastan"]
    assert (incident.fatalities.min, incident.fatalities.max) == (3, 4)
    assert dict(incident.child_fatalities.by) == {"a": 3, "b": 4}
    assert incident.title == "Air strike on Rastan, Homs: 3–4 children killed"
    assert incident.id == "inc-a1"  # founded by the earliest report's event


def test_title_is_written_from_the_facts():
    [incident] = merge(
        [
            mention(
                "a",
                1,
                "2017-06-09",
                ["rastan"],
                "An air strike on Rastan killed three children.",
                fatalities=3,
                child_fatalities=3,
                **AIR,
            )
        ]
    )
    assert incident.title == "Air strike on Rastan, Homs: 3 children killed"
    [clash] = merge(
        [
            mention(
                "c",
                1,
                "2017-06-09",
                ["aleppo"],
                "Rebels and government troops clashed in Aleppo, leaving 12 dead and 30 wounded.",
                fatalities=12,
                injured=30,
                **CLASH,
            )
        ]
    )
    # (a city that names its province is not named twice)
    assert clash.title == "Clashes in Aleppo: 12 killed, 30 wounded"


def test_a_weekday_and_a_month_can_be_one_incident_dated_by_the_day():
    day = mention(
        "a",
        1,
        "2017-06-09",
        ["rastan"],
        "An air strike on Rastan on Friday killed 26 people.",
        fatalities=26,
        **AIR,
    )
    month = mention(
        "b",
        1,
        "2017-06",
        ["rastan"],
        "In June, an air strike on Rastan killed 26 people.",
        published=date(2017, 7, 2),
        fatalities=26,
        **AIR,
    )
    [incident] = merge([day, month])
    assert (incident.date, incident.date_precision) == ("2017-06-09", "day")


def test_two_different_days_are_never_one_incident():
    friday = mention(
        "a", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 5 people.", **AIR
    )
    saturday = mention(
        "b", 1, "2017-06-10", ["rastan"], "An air strike on Rastan killed 5 people.", **AIR
    )
    assert len(merge([friday, saturday])) == 2


def test_neighbouring_towns_stay_apart_but_a_town_and_its_governorate_can_be_one():
    rastan = mention(
        "a", 1, "2017-06-09", ["rastan"], "Air strikes hit Rastan, killing 7.", fatalities=7, **AIR
    )
    talbiseh = mention(
        "b",
        1,
        "2017-06-09",
        ["talbiseh"],
        "Air strikes hit Talbiseh, killing 7.",
        fatalities=7,
        **AIR,
    )
    province = mention(
        "c",
        1,
        "2017-06-09",
        ["homs-governorate"],
        "Air strikes in Homs province killed 7 on Friday.",
        fatalities=7,
        **AIR,
    )
    result = groups(merge([rastan, talbiseh, province]))
    assert ["ev-a1", "ev-b1"] not in result
    assert len(result) == 2  # the province's report joins one of the towns, not both


def test_two_cities_are_never_one_incident_through_their_country():
    aleppo = mention("a", 1, "2017-06-09", ["aleppo", "syria"], "Shelling killed 4 in Aleppo.")
    homs = mention("b", 1, "2017-06-09", ["homs", "syria"], "Shelling killed 4 in Homs.")
    syria = mention("c", 1, "2017-06-09", ["syria"], "Shelling killed 4 people in Syria.")
    result = groups(merge([aleppo, homs, syria]))
    assert not any({"ev-a1", "ev-b1"} <= set(g) for g in result)
    # "in Syria" says not which governorate: another report's "in Syria" joins neither
    assert result == [["ev-a1"], ["ev-b1"], ["ev-c1"]]


def test_a_country_alone_needs_more_than_place_and_day():
    aleppo = mention("a", 1, "2017-06-09", ["aleppo"], "Government forces advanced in Aleppo.")
    syria = mention("c", 1, "2017-06-09", ["syria"], "A car bomb exploded in Syria.")
    assert len(merge([aleppo, syria])) == 2


def test_background_never_merges_with_news():
    news = mention("a", 1, "2011-03", ["syria"], "Protests began in Syria in March 2011.")
    background = mention(
        "b",
        1,
        "2011-03",
        ["syria"],
        "Protests began in Syria in March 2011.",
        background=True,
    )
    incidents = merge([news, background])
    assert len(incidents) == 2
    assert [i.background for i in incidents].count(True) == 1
    assert [s["entry"] for i in incidents_json(incidents) for s in i["sources"]] == ["a"]


def test_different_event_types_or_tolls_are_different_incidents():
    strike = mention(
        "a", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 3.", fatalities=3, **AIR
    )
    clash = mention(
        "b", 1, "2017-06-09", ["rastan"], "Clashes in Rastan killed 3.", fatalities=3, **CLASH
    )
    massacre = mention(
        "c",
        1,
        "2017-06-09",
        ["rastan"],
        "An air strike on Rastan killed 70.",
        fatalities=70,
        **AIR,
    )
    assert len(merge([strike, clash, massacre])) == 3


def test_a_chain_of_near_matches_does_not_make_one_incident():
    friday = mention(
        "a", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 5.", fatalities=5, **AIR
    )
    june = mention(
        "b",
        1,
        "2017-06",
        ["rastan"],
        "In June an air strike on Rastan killed 5.",
        fatalities=5,
        published=date(2017, 7, 1),
        **AIR,
    )
    sunday = mention(
        "c", 1, "2017-06-11", ["rastan"], "An air strike on Rastan killed 5.", fatalities=5, **AIR
    )
    result = groups(merge([friday, june, sunday]))
    assert len(result) == 2 and ["ev-a1", "ev-c1"] not in result


def test_sentences_of_one_report_about_one_attack_are_one_incident():
    mentions = [
        mention(
            "a",
            1,
            "2017-06-09",
            ["rastan"],
            "Syrian warplanes bombed Rastan on Friday.",
            main=True,
        ),
        mention(
            "a",
            2,
            "2017-06-09",
            [],
            "The bombing on Friday killed 12 people, including five children, medics said.",
            fatalities=12,
        ),
        mention("b", 1, "2017-06-09", [], "The bombing on Friday killed 12 people."),
    ]
    incidents = merge(mentions)
    assert groups(incidents) == [["ev-a1", "ev-a2"], ["ev-b1"]]  # no place: only its report
    incident = incident_of(incidents)["ev-a2"]
    [source] = incident.sources
    assert source.main and source.sentence == "Syrian warplanes bombed Rastan on Friday."
    assert source.anchors == ["ev-a1", "ev-a2"]


def test_same_place_and_day_merge_on_words_when_facts_are_missing():
    a = mention("a", 1, "2017-06-09", ["mosul"], "Iraqi forces entered the Old City of Mosul.")
    b = mention(
        "b",
        1,
        "2017-06-09",
        ["mosul"],
        "Iraqi troops pushed into Mosul's Old City on Friday.",
        published=date(2017, 6, 12),
    )
    assert len(merge([a, b])) == 1


def test_the_grouping_does_not_depend_on_input_order():
    rng = random.Random(4)
    mentions = []
    for n in range(60):
        place = rng.choice(["rastan", "talbiseh", "homs", "khalidiya", "homs-governorate"])
        day = f"2017-06-{rng.randint(1, 5):02d}"
        sub = rng.choice([AIR, SHELLING])
        mentions.append(
            mention(
                f"r{n:02d}",
                1,
                day,
                [place],
                f"An attack hit {NAMES[place]} killing {rng.randint(1, 4)}.",
                published=date(2017, 6, 5 + rng.randint(0, 5)),
                **sub,
            )
        )
    first = merge(mentions)
    rng.shuffle(mentions)
    second = merge(mentions)
    assert [(i.id, i.anchors) for i in first] == [(i.id, i.anchors) for i in second]


def test_ids_stay_the_same_when_unrelated_reports_and_later_sources_come():
    a = mention("a", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 3.", **AIR)
    other = mention("z", 1, "2017-05-01", ["aleppo"], "Clashes in Aleppo.", **CLASH)
    later = mention(
        "b",
        1,
        "2017-06-09",
        ["rastan"],
        "Warplanes hit Rastan, killing 3.",
        published=date(2017, 6, 20),
        **AIR,
    )
    before = {i.id for i in merge([a])}
    after = merge([a, other, later])
    assert before <= {i.id for i in after}
    assert incident_of(after)["ev-b1"].id == "inc-a1"


def test_candidates_are_found_by_place_and_date_not_all_pairs():
    rng = random.Random(1)
    towns = [f"town-{n}" for n in range(50)]
    parent = {"syria": None, "gov": "syria", **{t: "gov" for t in towns}}
    mentions = [
        Mention(
            entry=f"e{n}",
            file=f"e{n}.txt",
            outlet=None,
            url=None,
            published=date(2017, 1, 1),
            anchor=f"ev-{n}",
            date=f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            places=(rng.choice(towns),),
        )
        for n in range(3000)
    ]
    from chronicle.site.incidents import _items, _Places

    places = _Places(parent)
    pairs = candidate_pairs(_items(mentions, places), places)
    assert len(pairs) < 3000 * 5  # all pairs would be 4.5 million


def test_export_has_exactly_the_schema():
    [row] = incidents_json(
        merge(
            [
                mention(
                    "a",
                    1,
                    "2017-06-09",
                    ["rastan"],
                    "An air strike on Rastan killed 3 and wounded 5.",
                    fatalities=3,
                    injured=5,
                    actor1="syrian-arab-army",
                    main=True,
                    **AIR,
                )
            ]
        )
    )
    assert list(row) == [
        "id",
        "date",
        "date_precision",
        "places",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "fatalities",
        "civilian_fatalities",
        "child_fatalities",
        "injured",
        "title",
        "sources",
    ]
    assert row["fatalities"] == {"min": 3, "max": 3} and row["civilian_fatalities"] is None
    assert row["actor1"] == "syrian-arab-army" and row["actor2"] is None
    assert row["sources"] == [
        {
            "entry": "a",
            "file": "a.txt",
            "outlet": "Wire",
            "url": "https://news.example.org/a",
            "published": "2017-06-10",
            "sentence": "An air strike on Rastan killed 3 and wounded 5.",
            "main": True,
        }
    ]


# --------------------------------------------------------------------------- the editor


def decide(text: str):
    return parse_incident_decisions(text, Path("content/incidents.yml"))


def three_incidents() -> list[Mention]:
    return [
        mention("a", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 3.", **AIR),
        mention(
            "b",
            1,
            "2017-06-09",
            ["rastan"],
            "Warplanes struck Rastan, killing 3.",
            published=date(2017, 6, 11),
            **AIR,
        ),
        mention("c", 1, "2017-06-09", ["aleppo"], "Shelling of Aleppo killed 2.", **SHELLING),
        mention("d", 1, "2017-06-12", ["aleppo"], "Clashes in Aleppo left 9 dead.", **CLASH),
    ]


def test_the_editor_merges_incidents_the_evidence_kept_apart():
    assert len(merge(three_incidents())) == 3
    incidents = merge(three_incidents(), decide("merge:\n- [inc-c1, ev-d1]\n"))
    assert groups(incidents) == [["ev-a1", "ev-b1"], ["ev-c1", "ev-d1"]]
    merged = incident_of(incidents)["ev-d1"]
    assert merged.id == "inc-c1"
    # sources disagree on the day: the incident is dated by what holds both
    assert (merged.date, merged.date_precision) == ("2017-06", "month")


def test_the_editor_splits_an_event_out_or_breaks_an_incident_up():
    incidents = merge(three_incidents(), decide("split:\n- ev-b1\n"))
    assert groups(incidents) == [["ev-a1"], ["ev-b1"], ["ev-c1"], ["ev-d1"]]
    assert incident_of(incidents)["ev-b1"].id == "inc-b1"
    incidents = merge(three_incidents(), decide("split:\n- inc-a1\n"))
    assert groups(incidents) == [["ev-a1"], ["ev-b1"], ["ev-c1"], ["ev-d1"]]


def test_a_split_group_stays_together_apart_from_the_rest():
    mentions = [
        *three_incidents(),
        mention(
            "e",
            1,
            "2017-06-09",
            ["rastan"],
            "Jets bombed Rastan, killing 3.",
            published=date(2017, 6, 12),
            **AIR,
        ),
    ]
    assert ["ev-a1", "ev-b1", "ev-e1"] in groups(merge(mentions))
    incidents = merge(mentions, decide("split:\n- [ev-b1, ev-e1]\n"))
    assert ["ev-a1"] in groups(incidents) and ["ev-b1", "ev-e1"] in groups(incidents)


def test_the_editor_hides_and_retitles():
    incidents = merge(
        three_incidents(),
        decide("hide: [ev-c1]\nretitle:\n  inc-a1: The Rastan market strike\n"),
    )
    shown = incidents_json(incidents)
    assert {row["id"] for row in shown} == {"inc-a1", "inc-d1"}
    assert incident_of(incidents)["ev-c1"].hidden
    strike = incident_of(incidents)["ev-b1"]
    assert strike.title == "The Rastan market strike" and strike.retitled


def test_a_stale_name_in_the_file_changes_nothing():
    incidents = merge(three_incidents(), decide("merge:\n- [inc-gone, inc-c1]\nhide: [ev-gone]\n"))
    assert groups(incidents) == groups(merge(three_incidents()))
    assert not any(i.hidden for i in incidents)


def test_a_sentence_without_a_place_is_where_its_report_says_that_day():
    mentions = [
        mention("a", 1, "2017-06-09", ["rastan"], "Syrian warplanes bombed Rastan on Friday."),
        mention(
            "a",
            2,
            "2017-06-09",
            [],
            "The air strike on Friday killed 12 people, including five children.",
            fatalities=12,
            main=True,
            **AIR,
        ),
        mention(
            "b",
            1,
            "2017-06-09",
            ["rastan"],
            "An air strike on Rastan on Friday killed 12 people, five of them children.",
            published=date(2017, 6, 11),
            fatalities=12,
            main=True,
            **AIR,
        ),
    ]
    [incident] = merge(mentions)
    assert [s.main for s in incident.sources] == [True, True]


def test_a_headline_in_the_country_is_its_reports_town_but_joins_no_other_report():
    mentions = [
        mention(
            "a",
            1,
            "2017-06-09",
            ["syria"],
            "Air strikes kill 12 in central Syria",
            fatalities=12,
            main=True,
            **AIR,
        ),
        mention(
            "a",
            2,
            "2017-06-09",
            ["rastan"],
            "Air strikes on Rastan killed 12 people on Friday, medics said.",
            fatalities=12,
            **AIR,
        ),
        mention(
            "b",
            1,
            "2017-06-09",
            ["syria"],
            "Air strikes kill 12 in central Syria",
            fatalities=12,
            main=True,
            **AIR,
        ),
    ]
    assert groups(merge(mentions)) == [["ev-a1", "ev-a2"], ["ev-b1"]]


def test_a_chemical_attack_a_car_bomb_and_an_air_strike_are_three_incidents():
    gas = mention(
        "a",
        1,
        "2017-06-09",
        ["rastan"],
        "A gas attack on Rastan killed 9 people on Friday.",
        fatalities=9,
        event_type="Explosions/Remote violence",
        sub_event_type="Chemical weapon",
    )
    car_bomb = mention(
        "b",
        1,
        "2017-06-09",
        ["rastan"],
        "A car bomb in Rastan killed 9 people on Friday.",
        fatalities=9,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
    )
    strike = mention(
        "c", 1, "2017-06-09", ["rastan"], "An air strike on Rastan killed 9 on Friday.", **AIR
    )
    shelling = mention(
        "d", 1, "2017-06-09", ["rastan"], "Shelling of Rastan killed 9 on Friday.", **SHELLING
    )
    # barrel bombs are called air strikes by one and shelling by another: those may be one
    assert groups(merge([gas, car_bomb, strike, shelling])) == [
        ["ev-a1"],
        ["ev-b1"],
        ["ev-c1", "ev-d1"],
    ]


def test_a_headline_dated_only_by_its_year_is_its_leads_incident():
    mentions = [
        mention(
            "a",
            1,
            "2017",
            ["rastan"],
            "2017 Air strike on Rastan kills 12",
            fatalities=12,
            main=True,
            **AIR,
        ),
        mention(
            "a",
            2,
            "2017-06-09",
            ["rastan"],
            "An air strike on Rastan killed 12 people on Friday.",
            fatalities=12,
            **AIR,
        ),
    ]
    [incident] = merge(mentions)
    assert (incident.date, incident.date_precision) == ("2017-06-09", "day")


def test_with_a_days_slack_reports_a_day_apart_are_one_but_never_two_days():
    friday = mention(
        "a",
        1,
        "2017-06-09",
        ["rastan"],
        "An air strike on Rastan killed 12 people.",
        fatalities=12,
        **AIR,
    )
    saturday = mention(
        "b",
        1,
        "2017-06-10",
        ["rastan"],
        "An air strike on Rastan killed 12 people.",
        fatalities=12,
        published=date(2017, 6, 11),
        **AIR,
    )
    sunday = mention(
        "c",
        1,
        "2017-06-11",
        ["rastan"],
        "An air strike on Rastan killed 12 people.",
        fatalities=12,
        published=date(2017, 6, 12),
        **AIR,
    )
    result = groups(merge_incidents([friday, saturday, sunday], PARENT, None, NAMES, day_slack=1))
    assert len(result) == 2 and ["ev-a1", "ev-c1"] not in result


def test_reports_a_day_apart_date_their_incident_by_the_day_most_give():
    def report(entry: str, when: str) -> Mention:
        return mention(
            entry,
            1,
            when,
            ["rastan"],
            "An air strike on Rastan killed 12 people.",
            fatalities=12,
            published=date(2017, 7, 1),  # Friday 30 June and Saturday 1 July: two weeks
            **AIR,
        )

    reports = [report("a", "2017-06-30"), report("b", "2017-07-01"), report("c", "2017-07-01")]
    [incident] = merge_incidents(reports, PARENT, None, NAMES, day_slack=1)
    assert (incident.date, incident.date_precision) == ("2017-07-01", "day")
    [incident] = merge_incidents(reports[:2], PARENT, None, NAMES, day_slack=1)
    assert (incident.date, incident.date_precision) == ("2017-06-30", "day")


def test_a_headline_dated_by_its_publication_is_its_leads_happening_of_the_day_before():
    def report(day_stated: bool) -> list[Mention]:
        return [
            mention(
                "a",
                1,
                "2017-06-10",  # published Saturday
                ["syria"],
                "Shelling hits Syrian town",
                main=True,
                date_stated=day_stated,
            ),
            mention(
                "a",
                2,
                "2017-06-09",
                ["rastan"],
                "Government shelling of Rastan on Friday killed 43 people, a monitor said.",
                fatalities=43,
                **SHELLING,
            ),
        ]

    def merged(mentions: list[Mention]) -> list[list[str]]:
        return groups(merge_incidents(mentions, PARENT, None, NAMES, day_slack=1))

    assert merged(report(day_stated=False)) == [["ev-a1", "ev-a2"]]
    # a headline that says "Saturday" needs more to be Friday's happening
    assert merged(report(day_stated=True)) == [["ev-a1"], ["ev-a2"]]


def test_a_months_summary_in_another_report_is_not_a_days_happening_told_differently():
    day = mention(
        "a",
        1,
        "2017-06-09",
        ["homs"],
        "A mortar shell hit a bakery in Homs on Friday, wounding four people.",
        injured=4,
        **SHELLING,
    )
    summary = mention(
        "b",
        1,
        "2017-06",
        ["homs"],
        "Rebel shelling of Homs went on through June, residents said.",
        published=date(2017, 7, 2),
        **SHELLING,
    )
    assert len(merge_incidents([day, summary], PARENT, None, NAMES, day_slack=1)) == 2


def test_a_country_that_holds_no_place_of_the_chronicle_is_still_no_governorate():
    def strike(entry: str) -> Mention:
        return mention(
            entry,
            1,
            "2017-06-09",
            ["russia"],
            "Russian air strikes killed 20 people in Syria.",
            fatalities=20,
            **AIR,
        )

    both = [strike("a"), strike("b")]
    assert len(merge_incidents(both, PARENT, None, NAMES, countries={"russia"})) == 2


def test_one_reports_incident_of_two_days_is_dated_by_the_day_its_headline_states():
    headline = mention(
        "a",
        1,
        "2017-06-10",
        ["rastan"],
        "June 10: air strikes on Rastan kill 12",
        fatalities=12,
        main=True,
        **AIR,
    )
    lead = mention(
        "a",
        2,
        "2017-06-09",
        ["rastan"],
        "Air strikes on Rastan late on Friday killed 12 people.",
        fatalities=12,
        **AIR,
    )
    [incident] = merge_incidents([headline, lead], PARENT, None, NAMES, day_slack=1)
    assert incident.date == "2017-06-10"
    unstated = replace(headline, date_stated=False)  # dated by its publication
    [incident] = merge_incidents([unstated, lead], PARENT, None, NAMES, day_slack=1)
    assert incident.date == "2017-06-09"


# --------------------------------------------------------------------------- near merges


def _near_pair() -> list[Mention]:
    """Two reports of a strike on Rastan a day apart, one of them vague about what hit the
    town and whom: short of a merge by less than a point."""
    return [
        mention(
            "a",
            1,
            "2017-06-09",
            ["rastan"],
            "Warplanes struck Rastan on Friday.",
            published=date(2017, 6, 10),
            actor2="civilians",
            **AIR,
        ),
        mention(
            "b",
            1,
            "2017-06-10",
            ["rastan"],
            "A market burned in the town of Rastan on Saturday.",
            published=date(2017, 6, 11),
            actor2="rebels",
            event_type=AIR["event_type"],
        ),
    ]


def test_two_reports_just_below_the_threshold_are_a_near_merge():
    mentions = _near_pair()
    assert len(merge_incidents(mentions, PARENT, None, NAMES, day_slack=1)) == 2
    [near] = near_merges(mentions, PARENT, None, NAMES, day_slack=1)
    assert (near.first, near.second) == ("inc-a1", "inc-b1")  # the earlier first
    assert near.anchors == ("ev-a1", "ev-b1")
    assert MERGE_SCORE - NEAR_MARGIN <= near.score < MERGE_SCORE
    assert "the same place" in near.agree and "dates a day apart" in near.agree
    assert near_merges(mentions, PARENT, None, NAMES, day_slack=1) == [near]  # deterministic
    # one point below the threshold is still a question; two points are not
    apart_words = replace(mentions[1], sentence="A fire swept the market of the town on Saturday.")
    [near] = near_merges([mentions[0], apart_words], PARENT, None, NAMES, day_slack=1)
    assert near.score == MERGE_SCORE - NEAR_MARGIN == 3.0
    other_words = replace(apart_words, sentence="Gunfire rang out in the town on Saturday.")
    assert near_merges([mentions[0], other_words], PARENT, None, NAMES, day_slack=1) == []


def test_merged_kept_apart_and_far_pairs_are_not_near_merges():
    mentions = _near_pair()
    merged = parse_incident_decisions("merge:\n- [inc-a1, inc-b1]\n", Path("incidents.yml"))
    assert near_merges(mentions, PARENT, merged, NAMES, day_slack=1) == []
    apart = parse_incident_decisions("apart:\n- [inc-b1, inc-a1]\n", Path("incidents.yml"))
    assert near_merges(mentions, PARENT, apart, NAMES, day_slack=1) == []
    # one report of the pair in Aleppo instead: nothing in common to ask about
    far = [mentions[0], replace(mentions[1], places=("aleppo",))]
    assert near_merges(far, PARENT, None, NAMES, day_slack=1) == []
    # a pair merged by Chronicle itself is no question
    sure = [mentions[0], replace(mentions[1], date="2017-06-09", **AIR, actor2="civilians")]
    assert len(merge_incidents(sure, PARENT, None, NAMES, day_slack=1)) == 1
    assert near_merges(sure, PARENT, None, NAMES, day_slack=1) == []


def test_incidents_kept_apart_are_never_merged():
    first = mention("a", 1, "2017-06-09", ["rastan"], "An air strike hit Rastan.", **AIR)
    second = mention("b", 1, "2017-06-09", ["rastan"], "An air strike hit Rastan.", **AIR)
    assert len(merge([first, second])) == 1
    apart = parse_incident_decisions("apart:\n- [ev-a1, inc-b1]\n", Path("incidents.yml"))
    assert groups(merge([first, second], apart)) == [["ev-a1"], ["ev-b1"]]


def test_one_report_stating_two_days_tells_two_happenings():
    first = mention("a", 1, "2017-03-01", ["rastan"], "Shelling hit Rastan on 1 March.", **SHELLING)
    second = mention(
        "a", 2, "2017-03-02", ["rastan"], "Shelling hit Rastan on 2 March.", **SHELLING
    )
    assert len(merge_incidents([first, second], PARENT, None, NAMES, day_slack=1)) == 2
