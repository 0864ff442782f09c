"""The temporal tagger (issue 3): one case per line of the issue, on hand-written sentences."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.extract.dates import find_dateline, section_anchors, tag_dates
from chronicle.extract.published import infer_published
from chronicle.extract.types import DATE, DURATION, SET

FRI = date(2017, 2, 24)  # a Friday
SAT = date(2017, 7, 8)  # a Saturday
MON = date(2017, 7, 24)  # a Monday


def values(text: str, published: date | None = FRI, **kw) -> dict[str, str | None]:
    return {m.text: m.value for m in tag_dates(text, published, **kw)}


def only(text: str, published: date | None = FRI, **kw):
    ms = tag_dates(text, published, **kw)
    assert len(ms) == 1, ms
    return ms[0]


# ---------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    "text, mention, value",
    [
        ("The city fell on July 7, 2017 after a siege.", "on July 7, 2017", "2017-07-07"),
        ("The city fell on 7 July 2017 after a siege.", "on 7 July 2017", "2017-07-07"),
        ("BATTLE FOR MOSUL – JULY 7, 2017: FORCES ADVANCE", "JULY 7, 2017", "2017-07-07"),
        ("The report is dated 2017-07-08 in the archive.", "2017-07-08", "2017-07-08"),
        ("The report is dated 08.07.2017 in the archive.", "08.07.2017", "2017-07-08"),
        ("An offensive was launched on May 12.", "on May 12", "2017-05-12"),
        ("On July 10, the prime minister announced victory.", "On July 10", "2017-07-10"),
        ("The campaign started in October 2016.", "in October 2016", "2016-10"),
        ("The group declared a caliphate in June 2014.", "in June 2014", "2014-06"),
        ("The group captured the city in 2014.", "in 2014", "2014"),
        ("Civilians have been killed since 2014.", "since 2014", "2014"),
        ("Sanctions were imposed in the 1990s.", "in the 1990s", "199"),  # TIMEX3 decade
    ],
)
def test_explicit(text: str, mention: str, value: str) -> None:
    m = only(text, MON)
    assert (m.text, m.value, m.relative) == (mention, value, value in ("2017-05-12", "2017-07-10"))


def test_numeric_date_order_is_configurable() -> None:
    assert only("Dated 08.07.2017 here.", None).value == "2017-07-08"
    assert only("Dated 08.07.2017 here.", None, day_first=False).value == "2017-08-07"
    assert (
        only("Dated 25.07.2017 here.", None, day_first=False).value == "2017-07-25"
    )  # 25 cannot be a month


def test_year_range_gives_both_ends() -> None:
    assert values("The war of 2006-2007 displaced thousands.") == {"2006": "2006", "2007": "2007"}


def test_day_range_gives_both_ends() -> None:
    v = values("Talks were held from 12 to 15 May in Geneva.", MON)
    assert sorted(v.values()) == ["2017-05-12", "2017-05-15"]


# ---------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "text, value",
    [
        ("Iraqi forces on Friday entered west Mosul.", "2017-02-24"),  # the publication day
        ("The force retook the airport on Thursday.", "2017-02-23"),
        ("A spokesman said Thursday that the fighting continued.", "2017-02-23"),
        ("Gunmen attacked a checkpoint early Thursday, killing a captain.", "2017-02-23"),
        ("Late on Thursday, reports appeared of a full liberation.", "2017-02-23"),
        ("Friday’s raid was the deadliest to date.", "2017-02-24"),
        ("Parliament will vote on Sunday on the new law.", "2017-02-26"),  # future: forward
        ("Parliament voted on Sunday on the new law.", "2017-02-19"),  # past: back
    ],
)
def test_weekday(text: str, value: str) -> None:
    m = only(text)
    assert m.value == value and m.relative and m.type == DATE


def test_weekday_mentions_keep_their_modifiers() -> None:
    assert only("Gunmen attacked early Thursday.").text == "early Thursday"
    m = only("Late on Thursday, reports appeared.")
    assert (m.text, m.mod) == ("Late on Thursday", "END")
    assert only("Previously on Thursday, troops cleared a village.").text.endswith("on Thursday")


# ---------------------------------------------------------------------------- relative to publication


@pytest.mark.parametrize(
    "text, value",
    [
        ("The ministry announced today that the road was open.", "2017-02-24"),
        ("Three car bombs were destroyed this morning.", "2017-02-24"),
        ("The ministry said yesterday that the road was open.", "2017-02-23"),
        ("Shelling continued last night in the old city.", "2017-02-23"),
        ("Troops resumed the offensive last week.", "2017-W07"),
        ("Earlier this week, the commander said troops reached the border.", "2017-W08"),
        ("Militants retreated last month.", "2017-01"),
        ("A second phase was launched earlier this month.", "2017-02"),
        ("They lost the city earlier this year.", "2017"),
        ("Elections were held last year.", "2016"),
        ("Elections are planned for next year.", "2018"),
        ("The bridge was destroyed three days ago.", "2017-02-21"),
        ("The bridge was destroyed two weeks ago.", "2017-W06"),
        ("The bridge was destroyed six months ago.", "2016-08"),
        ("The bridge was destroyed a year ago.", "2016"),
    ],
)
def test_relative_to_publication(text: str, value: str) -> None:
    m = only(text)
    assert m.value == value and m.relative


def test_relative_without_publication_date_is_unresolved() -> None:
    m = only("Militants retreated last month.", None)
    assert m.value is None and m.text == "last month"


@pytest.mark.parametrize(
    "text, value, mod",
    [
        ("In May, the commander said troops reached the border.", "2017-05", None),
        ("The operation has been running since October.", "2016-10", None),  # never the future
        ("Forces pushed into the west in mid-February.", "2017-02", "MID"),
        ("Forces pushed into the west in mid February.", "2017-02", "MID"),
        ("Iraqi forces began late April to advance.", "2017-04", "END"),
        ("Forces began in early March to advance.", "2017-03", "START"),
        ("317 Iraqis were killed during the month of April.", "2017-04", None),
    ],
)
def test_month_without_year(text: str, value: str, mod: str | None) -> None:
    m = only(text, date(2017, 6, 2))
    assert (m.value, m.mod) == (value, mod) and m.relative


def test_month_in_future_tense_looks_forward() -> None:
    assert only("The summit will take place in March.", date(2017, 6, 2)).value == "2018-03"


def test_earlier_in_the_day_is_the_day_of_the_story() -> None:
    text = (
        "Sixty militants were killed south of Mosul on Sunday, a source said. The army has been "
        "attacking since Saturday evening. Earlier in the day, troops repelled an attack."
    )
    v = values(text, MON)
    assert v == {
        "on Sunday": "2017-07-23",
        "since Saturday evening": "2017-07-22",
        "Earlier in the day": "2017-07-23",
    }


def test_earlier_in_the_day_defaults_to_publication_day() -> None:
    assert only("Earlier in the day, troops repelled an attack.", MON).value == "2017-07-24"


# ---------------------------------------------------------------------------- sections

SECTIONED = """On Saturday, security forces liberated the old city.

BATTLE FOR MOSUL – JULY 7, 2017: FORCES PURGING REMAINING MILITANTS

On Thursday, security forces advanced in the old city.
Late on Thursday and early on Friday, reports appeared in social media."""


def test_dated_sub_heading_re_anchors_the_section_below() -> None:
    v = values(SECTIONED, SAT)
    assert v == {
        "On Saturday": "2017-07-08",
        "JULY 7, 2017": "2017-07-07",
        "On Thursday": "2017-07-06",
        "Late on Thursday": "2017-07-06",
        "early on Friday": "2017-07-07",
    }
    assert [d for _pos, d in section_anchors(SECTIONED)] == [date(2017, 7, 7)]


# ---------------------------------------------------------------------------- durations and sets


@pytest.mark.parametrize(
    "text, value, type_",
    [
        ("Troops regained the east after three months of fighting.", "P3M", DURATION),
        ("The four-month-old offensive entered a new phase.", "P4M", DURATION),
        ("Militants were besieged for weeks.", "PXW", DURATION),
        ("The war has gone on for more than two and a half years.", "P2.5Y", DURATION),
        ("Prayers are held every Friday.", "XXXX-WXX-5", SET),
        ("Patrols go out daily.", "P1D", SET),
    ],
)
def test_durations_and_sets(text: str, value: str, type_: str) -> None:
    m = only(text)
    assert (m.value, m.type) == (value, type_) and not m.is_point


def test_ages_of_people_are_not_durations() -> None:
    assert tag_dates("A 25-year-old man was arrested.", FRI) == []


# ---------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "The 9th division's armored vehicles stopped at the 13th brigade.",
        "The commander of the 34th brigade spoke.",
        "Troops killed thirteen of the militants.",
        "Violence claimed the lives of 317 Iraqis.",
        "The group captured a T-72 tank.",
        "The camp extended along 1,500 meters, 10 meters under the ground.",
        "Militants hold less than 10 sq. km.",
        "Officials say the talks may fail. May God protect them.",
        "The group ruled a third of Iraq.",
        "Troops advanced for the second day in row.",
        "Operation Inherent Resolve continues.",
        "A force of 2000 soldiers moved north.",
    ],
)
def test_not_dates(text: str) -> None:
    assert tag_dates(text, FRI) == []


# ---------------------------------------------------------------------------- publication date


@pytest.mark.parametrize(
    "text, published",
    [
        (
            " date 2017-07-08 Posted on by someone\n\nSouth front\n\n08.07.2017\n\nOn Saturday, troops advanced.",
            date(2017, 7, 8),
        ),
        ("South front\n\n08.07.2017\n\nOn Saturday, troops advanced.", date(2017, 7, 8)),
        ("Published July 21 2015\n\nTroops advanced on Tuesday.", date(2015, 7, 21)),
        (
            "Troops entered the city on 3 May 2016. The city fell on 12 June 2016.",
            date(2016, 6, 12),
        ),
        ("Troops advanced on Tuesday.", None),
    ],
)
def test_infer_published(text: str, published: date | None) -> None:
    assert infer_published(text) == published


def test_furniture_lines_yield_nothing_but_the_dateline_is_found() -> None:
    text = " date 2017-07-08 Posted on by someone\n\nSouth front\n\n08.07.2017\n\nOn Saturday, troops advanced."
    assert [m.text for m in tag_dates(text, SAT)] == ["On Saturday"]
    dl = find_dateline(text)
    assert dl is not None and dl.value == "2017-07-08" and text[dl.start : dl.end] == dl.text


def test_relative_mentions_resolve_against_inferred_date() -> None:
    text = "South front\n\n08.07.2017\n\nOn Thursday, troops advanced."
    assert values(text, infer_published(text)) == {"On Thursday": "2017-07-06"}


# ---------------------------------------------------------------------------- properties

VALUE = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?|-W\d{2}(?:-WE)?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?"
    r"|\d{3}|\d{2}|P(?:T?(?:\d+(?:\.\d+)?|X)[YMWDHSQ])+|XXXX-WXX-[1-7]|XXXX-XX-XXT(?:MO|AF|EV|NI)"
    r"|(?:PRESENT|PAST|FUTURE)_REF"
)
WORDS = st.sampled_from(
    [
        "on",
        "Friday",
        "since",
        "May",
        "may",
        "12",
        "2014",
        "last",
        "week",
        "month",
        "year",
        "ago",
        "three",
        "days",
        "the",
        "1990s",
        "early",
        "mid-February",
        "JULY 7, 2017:",
        "08.07.2017",
        "will",
        "said",
        "\n",
        "Earlier",
        "in",
        "this",
        "morning",
        "every",
        "quarter",
        "third",
        "-",
        ",",
        ".",
        "’s",
        "2017-07-08",
        "a",
        "half",
        "Posted",
        "by",
        "from",
        "to",
        "until",
        "next",
        "Thursday",
        "yesterday",
        "today",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join)),
    st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))),
)
def test_any_text_gives_well_formed_mentions(text: str, published: date | None) -> None:
    ms = tag_dates(text, published)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.type in (DATE, "TIME", DURATION, SET)
        assert m.value is None or VALUE.fullmatch(m.value), m
    infer_published(text)


# ---------------------------------------------------------------------------- impossible dates


@pytest.mark.parametrize(
    "phrase",
    [
        "February 30, 2017",
        "2017-02-30",
        "31/04/2017",
        "30.02.2017",
        "31 June 2017",
        "June 31",
        "Friday, February 29, 2017",
        "29-31 June 2017",
    ],
)
def test_impossible_dates_are_not_dates(phrase: str) -> None:
    text = f"The offensive began on {phrase}, officials said. A new one began on Friday.\nBATTLE – {phrase}:\nOn Monday, troops advanced."
    for day_first in (True, False):
        for published in (None, FRI):
            ms = tag_dates(text, published, day_first=day_first)
            assert all(m.value is None or not m.value.startswith("2017-02-3") for m in ms)
            assert not any(phrase in m.text or m.text in phrase and m.value for m in ms), ms
    assert infer_published(f"{phrase}\nThe offensive began on Friday.") is None


def test_leap_day_exists_in_leap_years_only() -> None:
    assert only("It began on February 29, 2016.").value == "2016-02-29"
    assert (
        values("It began on February 29 last year.", date(2017, 3, 3)).get("on February 29") is None
    )


# ---------------------------------------------------------------------------- tense of the clause


@pytest.mark.parametrize(
    "text, value",
    [
        ("Leaders meet separately Monday with the envoy.", "2017-02-27"),  # present for future
        ("The talks are scheduled for Sunday.", "2017-02-26"),
        ("The summit opens Saturday in Baghdad.", "2017-02-25"),
        ("Officials said talks begin Tuesday.", "2017-02-28"),
        ("The minister arrives Sunday, officials said.", "2017-02-26"),
        ("The vote is on Sunday.", "2017-02-26"),
        ("The army says it retook the town on Thursday.", "2017-02-23"),  # past stays past
        ("Parliament voted on Sunday on the new law.", "2017-02-19"),
        ("The attack began as previously planned Saturday night.", "2017-02-18"),
        ("Troops that began the assault on Tuesday pushed on.", "2017-02-21"),
    ],
)
def test_present_tense_future(text: str, value: str) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("He must be returned to his father by March 14.", "2017-03-14"),  # a passive is no past
        ("They said they expect the deal to be completed by March 15.", "2017-03-15"),
        ("The company said it is calling for the redemption on March 7.", "2017-03-07"),
        ("The offer was extended to March 20.", "2017-03-20"),  # a limit set in the past
        ("Shares tendered by holders through March 17 will be bought.", "2017-03-17"),
        ("The board declared a dividend, payable March 1 to holders of record.", "2017-03-01"),
        ("Fighting continued until July 10.", "2016-07-10"),  # never far ahead
        ("The offensive began on May 12.", "2016-05-12"),
        ("He stepped down as chairman, president and chief executive in October.", "2016-10"),
    ],
)
def test_tense_cues_for_dates_without_a_year(text: str, value: str) -> None:
    assert only(text).value == value


# ---------------------------------------------------------------------------- more recognition


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("He spent Thanksgiving Day with the troops.", date(2000, 1, 7), "1999-11-25"),
        ("Last Thanksgiving he was in Baghdad.", date(2000, 1, 7), "1999-11-25"),
        ("Voters will go to the polls on Election Day.", date(1998, 10, 26), "1998-11-03"),
        ("Easter 2016 passed quietly in the city.", None, "2016-03-27"),
        ("Good Friday prayers were held under guard.", date(2017, 5, 2), "2017-04-14"),
        ("In June last year, troops left the city.", date(2017, 2, 24), "2016-06"),
        ("Revenue for the current fiscal year fell.", date(2017, 2, 24), "2017"),
        ("The town fell almost four years ago.", date(2017, 2, 24), "2013"),
        ("The group has been fined annually.", date(2017, 2, 24), "P1Y"),
    ],
)
def test_holidays_and_compounds(text: str, published: date | None, value: str) -> None:
    assert only(text, published).value == value


def test_eastern_and_quarterly_dividends_are_not_dates() -> None:
    assert values("Eastern forces paid a quarterly dividend.") == {}


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "A ceremony would still be held at the summit on April 24.",
            "2017-04-24",
        ),  # passive, not past
        (
            "Officials gave no reason for the March 14 deadline.",
            "2017-03-14",
        ),  # a deadline is a limit
        (
            "Gen. Smith said the city fell on Feb. 3. Troops left.",
            "2017-02-03",
        ),  # "Gen." ends no sentence
    ],
)
def test_passives_deadlines_and_abbreviations(text: str, value: str) -> None:
    assert only(text).value == value


def test_a_verbless_clause_takes_the_verb_after_the_mention() -> None:
    text = "She hoped aid would follow for Kenya, where the Aug. 7 blasts killed 257 people."
    assert only(text, date(2017, 8, 18)).value == "2017-08-07"
    assert only("He said that on Tuesday the army will attack.").value == "2017-02-28"


@pytest.mark.parametrize(
    "text, mention, value",
    [
        (
            "The blast occurred at about 10:35 a.m. (0735 GMT) Thursday, toppling a building.",
            "10:35 a.m.",
            "2017-02-23T10:35",
        ),  # a clock takes its day
        ("The ministry extended its deadline until 9 a.m. Monday.", "Monday", "2017-02-27"),
        ("Talks were postponed until Tuesday morning.", "until Tuesday morning", "2017-02-28"),
        ("Fighting continued until Tuesday.", "until Tuesday", "2017-02-21"),
        ("The case may finally be settled at a hearing on March 6.", "on March 6", "2017-03-06"),
    ],
)
def test_clock_days_and_moved_limits(text: str, mention: str, value: str) -> None:
    assert values(text)[mention] == value


def test_the_week_of_a_date() -> None:
    assert only("A court hearing is expected the week of March 6.").value == "2017-W10"
    assert only("The week of 6 March 2016 was calm.").value == "2016-W09"


# ---------------------------------------------------------------------------- junk (issue 14)


@pytest.mark.parametrize(
    "text",
    [
        "The strikes began at 2037 UTC+3 and lasted an hour.",
        "Another salvo came at 1924 local time, the army said.",
        "A second blast was heard at 1924, residents said.",
        "The convoy was hit (0735 GMT) near the border crossing.",
        "More than 2000 air raids hit the province, a monitor said.",
        "Some 1500 government troops moved north of the city.",
        "Warplanes carried out 2000 Russian air strikes on the villages.",
        "Copyright 2016 Reuters. All rights reserved.",
        "© 2010-2017 The News Agency. All rights reserved.",
        "Last updated 14:20 GMT, 6 July 2015",
        "Last updated at Aug 14 2016",
        "Published July 5 2015",
    ],
)
def test_junk_never_becomes_a_date(text: str) -> None:
    assert [m for m in tag_dates(text, FRI) if m.is_point] == []


@pytest.mark.parametrize(
    "text, mention, value",
    [
        ("The 2016 presidential elections were held in November.", "2016", "2016"),
        ("Judges overruled a 1971 Convention which gives Libya the right.", "1971", "1971"),
        ("It will be in the company's 1989 operating results.", "1989", "1989"),
        ("The army retook the town in 2014 after heavy fighting.", "in 2014", "2014"),
        ("2016 saw heavy air strikes on the city.", "2016", "2016"),
    ],
)
def test_years_beside_counts_and_clocks_stay_years(text: str, mention: str, value: str) -> None:
    assert {m.text: m.value for m in tag_dates(text, FRI)}.get(mention) == value


def test_dated_headings_are_looked_for_within_their_line_only(monkeypatch) -> None:
    """A text without line breaks (scraped) once had each of its full dates test the whole
    text as "its line" for a dated sub-heading: quadratic (issue 12). Counted, not timed."""
    from chronicle.extract import dates

    seen: list[int] = []
    heading_like = dates._heading_like
    monkeypatch.setattr(
        dates, "_heading_like", lambda line: seen.append(len(line)) or heading_like(line)
    )
    body = " ".join(f"Troops took the village on {d % 28 + 1} March 2016." for d in range(2000))
    mentions = tag_dates(f"BATTLE FOR THE VALLEY – 7 MARCH 2016:\n{body}", FRI)
    assert len(mentions) == 2001 and seen and max(seen) <= 260
