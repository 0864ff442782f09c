"""Recognition rules of the temporal tagger: the words and patterns of dates in news.

Each rule is a compiled regular expression and a builder that turns a match into one or
more `Proto` candidates: a span plus what is needed to resolve it later (`dates.py` picks
non-overlapping candidates, then resolves them in text order against the publication
date, the section anchor or the last date mentioned). Builders return [] to veto a match
("May" as a modal, "the 9th division", "2000 soldiers").

Patterns are compiled case-insensitively so headings ("JULY 7, 2017") match; builders
check that month and weekday names are capitalized, so "may", "march" and "sunday
paper" in lower case never become dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from chronicle.extract.date_resolve import HOLIDAYS
from chronicle.extract.types import DATE, DURATION, SET, TIME

# ---------------------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS: dict[str, float] = (
    {w: i for i, w in enumerate(_SMALL)}
    | _TENS
    | {
        "a": 1,
        "an": 1,
        "hundred": 100,
        "a hundred": 100,
        "dozen": 12,
        "a dozen": 12,
        "half a": 0.5,
        "a half": 0.5,
        "a couple of": 2,
        "couple of": 2,
    }
)
# vague quantities: the TIMEX3 value gets X for the number ("PXM")
VAGUE = {
    "a few",
    "few",
    "several",
    "many",
    "some",
    "a couple",
    "couple",
    "numerous",
    "countless",
    "a number of",
    "dozens of",
    "hundreds of",
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
# duration units -> (TIMEX3 letter, is a time unit, multiplier into that letter)
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("Q", False, 1),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}
# nouns after "N-year-old" that make it a person's age (TimeML does not annotate ages)
PERSON_NOUNS = frozenset(
    "man woman boy girl child children son daughter mother father brother sister wife husband "
    "student soldier fighter resident victim person people suspect teenager youth baby infant "
    "driver journalist reporter officer member leader farmer worker mom dad grandmother "
    "grandfather".split()
)

_MONTH_FULL = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH = rf"(?:{_MONTH_FULL}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEKDAY_ABBR = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|a\s+hundred|hundred|"
    r"a\s+dozen|dozen)"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{_NUM_WORD})"
_QUANT = (
    rf"(?:{_NUM}(?:\s+and\s+(?:a\s+)?half)?|a\s+few|few|several|many|some|a\s+couple\s+of|couple\s+of|"
    r"a\s+number\s+of|dozens\s+of|hundreds\s+of|half\s+a|an?)"
)
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies))"
_PART = r"(?:morning|afternoon|evening|night)"
# words after which a bare "May" is the month, not the modal verb
_MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|during|of|early|late|mid|last|next|this|that|"
    r"before|after|between|and|to|or|throughout)[\s-]+|\bmid-)\Z",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Proto:
    """A recognized span waiting for resolution. `kind` says how to resolve it; the
    integer slots a/b/c and `word` carry the kind's parameters (month, day, offset...)."""

    start: int
    end: int
    kind: str
    type: str = DATE
    value: str | None = None
    a: int = 0
    b: int = 0
    c: int = 0
    word: str = ""
    mod: str | None = None
    prep: str = ""
    explicit: bool = False  # a full calendar date written out (for infer_published)


Builder = Callable[[re.Match[str], str, bool], list[Proto]]


_DIGITS = re.compile(r"\d+")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_NUMBER_LABEL = re.compile(
    r"(?:No\.|number|#|flight|route|resolution|model|article|code)\s*$", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"\s*(?:[.,;:)]|$)")
_PUNCT = re.compile(r"[.,;)]")


def _cap(text: str, m: re.Match[str], group: str) -> bool:
    """Is the word of `group` capitalized in the original text? (Rules may run on a
    lower-cased copy of it: offsets are the same, letter case is not.)"""
    return text[m.start(group)].isupper()


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _day(s: str) -> int:
    return int(_DIGITS.match(s).group())  # type: ignore[union-attr]


def number(s: str) -> float | None:
    """A quantity as a number, None when vague ("several", "a few")."""
    s = " ".join(s.lower().replace("-", " ").split())
    half = 0.0
    if s.endswith("half") and " and " in s:
        s, half = s.split(" and ")[0], 0.5
    if s in VAGUE:
        return None
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s] + half
    parts = s.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBER_WORDS:
        return _TENS[parts[0]] + NUMBER_WORDS[parts[1]] + half
    try:
        return float(s.replace(",", "")) + half
    except ValueError:
        return None


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P3M, PT5H, P2.5Y, PXW (unknown quantity)."""
    letter, is_time, mult = UNITS[unit]
    if n is None:
        q = "X"
    else:
        v = n * mult
        q = str(int(v)) if v == int(v) else f"{v:g}"
    return f"PT{q}{letter}" if is_time else f"P{q}{letter}"


def _unit(word: str) -> str:
    w = word.lower()
    return "century" if w.startswith("centur") else w.rstrip("s")


# ---------------------------------------------------------------------------- builders
# Each takes (match, text, day_first) and returns candidates.


def _exists(year: int, month: int, day: int) -> bool:
    """Is this a day of the calendar? (No 30 February, no 31 June.)"""
    return (
        1 <= month <= 12
        and 1 <= day <= _MONTH_DAYS[month]
        and (month != 2 or day < 29 or year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
    )


_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _void(m: re.Match[str]) -> list[Proto]:
    """A date-shaped span that names no day ("February 30, 2017"): it is not a date, and
    it keeps the shorter rules from reading parts of it ("February 30", "2017") as dates."""
    return [Proto(m.start(), m.end(), "void")]


def _iso(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _exists(y, mo, d):
        return _void(m)
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["hh"]:
        return [
            Proto(m.start(), m.end(), "abs", TIME, f"{value}T{m['hh']}:{m['mi']}", explicit=True)
        ]
    return [Proto(m.start(), m.end(), "abs", DATE, value, explicit=True)]


def _numeric(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    if a > 12 and b > 12 or a == 0 or b == 0:
        return []
    day, month = (a, b) if (day_first and a <= 31 and b <= 12) or a > 12 else (b, a)
    if month > 12 or day > 31:
        return []
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    if not _exists(year, month, day):
        return _void(m)
    return [
        Proto(m.start(), m.end(), "abs", DATE, f"{year:04d}-{month:02d}-{day:02d}", explicit=True)
    ]


def _mdy(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    if not _cap(text, m, "mon"):
        return []
    if not _exists(int(m["y"]), _month(m["mon"]), _day(m["d"])):
        return _void(m)
    return [
        Proto(
            m.start(),
            m.end(),
            "abs",
            DATE,
            f"{int(m['y']):04d}-{_month(m['mon']):02d}-{_day(m['d']):02d}",
            explicit=True,
        )
    ]


def _md(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    if not _cap(text, m, "mon"):
        return []
    if m["mon"].lower() == "may" and not m["d"]:
        return []
    if not _exists(2000, _month(m["mon"]), _day(m["d"])):
        return _void(m)  # "June 31"; 29 February is checked against the year it resolves to
    return [Proto(m.start(), m.end(), "month_day", DATE, a=_month(m["mon"]), b=_day(m["d"]))]


def _day_range(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "12-15 May", "from 12 to 15 May 2017", "May 12-15": one mention per end."""
    if not _cap(text, m, "mon"):
        return []
    month, d1, d2 = _month(m["mon"]), _day(m["d1"]), _day(m["d2"])
    if d1 >= d2:
        return []
    if not _exists(int(m["y"] or 2000), month, d2):
        return _void(m)
    s1, e1 = m.span("d1")
    if m["y"]:
        y = int(m["y"])
        first = Proto(s1, e1, "abs", DATE, f"{y:04d}-{month:02d}-{d1:02d}", explicit=True)
        second = Proto(
            m.end("d1") + 1, m.end(), "abs", DATE, f"{y:04d}-{month:02d}-{d2:02d}", explicit=True
        )
    else:
        first = Proto(s1, e1, "month_day", DATE, a=month, b=d1)
        second = Proto(m.end("d1") + 1, m.end(), "month_day", DATE, a=month, b=d2)
    if m.start("mon") < s1:  # "May 12-15": the month starts the first mention
        first.start = m.start()
    # the second mention starts at its own day number (skip the dash or "to")
    second.start = m.start("d2") if m.start("d2") > m.end("d1") else second.start
    if m.start("mon") < s1:
        second.end = m.end()
    return [first, second]


def _month_year(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    if not _cap(text, m, "mon"):
        return []
    return [Proto(m.start(), m.end(), "abs", DATE, f"{int(m['y']):04d}-{_month(m['mon']):02d}")]


def _month_only(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    mon = m["mon"]
    if not _cap(text, m, "mon"):
        return []
    rel = (m["rel"] or "").lower()
    if (
        mon.lower() == "may"
        and not rel
        and not _MAY_CONTEXT.search(text, max(0, m.start() - 20), m.start())
    ):
        return []
    return [Proto(m.start(), m.end(), "month", DATE, a=_month(mon), word=rel)]


def _week_of(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "the week of March 6": the week that day falls in."""
    mg, dg = ("mon", "d") if m["mon"] else ("mon2", "d2")
    if not _cap(text, m, mg):
        return []
    month, day = _month(m[mg]), _day(m[dg])
    if not _exists(int(m["y"] or 2000), month, day):
        return _void(m)
    return [Proto(m.start(), m.end(), "week_of", DATE, a=month, b=day, c=int(m["y"] or 0))]


def _month_rel_year(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "June last year", "January of this year", "March next year"."""
    if not _cap(text, m, "mon"):
        return []
    offset = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return [Proto(m.start(), m.end(), "month_rel_year", DATE, a=_month(m["mon"]), c=offset)]


def _year_range(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not (y1 < y2 <= y1 + 100):
        return []
    return [
        Proto(m.start("y1"), m.end("y1"), "abs", DATE, f"{y1:04d}"),
        Proto(m.start("y2"), m.end("y2"), "abs", DATE, f"{y2:04d}"),
    ]


# words before a number that make it a year whatever follows ("in 2014 troops took...")
_YEAR_PREP = re.compile(
    r"\b(?:in|since|until|till|before|after|during|through|throughout|early|late|mid|end|fiscal|year|"
    r"circa|spring|summer|autumn|fall|winter)[\s-]+\Z",
    re.IGNORECASE,
)
# lowercase words after a number that make it a count, not a year ("of 2000 soldiers")
_COUNT_NOUN = re.compile(
    r"\s+(?:[a-z]+s|people|men|women|children|police|personnel|feet|km|"
    r"kilometres|strong|more|others|of)\b"
)
_NOT_PLURAL = ("was", "has", "is", "as", "its", "this", "his", "thus", "versus", "plus")


# a clock time written as four digits ("2037 UTC+3" is 20:37, "at 1924 local time")
_TIME_ZONE = re.compile(
    r"\s*(?:\(?(?:gmt|utc|zulu|local(?:\s+time)?|hrs|hours|h|[ecmp][sd]t|bst|cet|cest|eet|eest|"
    r"ast|msk|ist|pkt|irst|aest|jst)\b|\)?\s*[+-]\d)",
    re.IGNORECASE,
)
_AT = re.compile(r"\bat\s+\Z", re.IGNORECASE)
# a count: a number, then up to two words that describe, then a plural noun ("2000 air
# raids", "1500 government troops", "2000 Russian air strikes")
_COUNTED = re.compile(
    r"\s+(?P<words>(?:[A-Za-z][a-z-]*\s+){1,2})(?:[a-z]+s|people|men|women|children|police|"
    r"personnel)\b"
)
# words that cannot describe a counted noun: verbs and function words ("2016 saw heavy
# strikes", "2016 and its elections")
_NOT_DESCRIBING = frozenset(
    "the a an and or but to of for in on at by with as from that this these those its his her "
    "their our was were is are be been being has had have will would could should may might "
    "saw brought began ended marked became started witnessed seemed proved remained when "
    "while after before since until so which who whom where what".split()
)
# a determiner or a possessive before the number makes it a year's modifier ("the 2016
# presidential elections", "a 1971 Convention", "the company's 1989 operating results")
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|this|that|whose|our|my|your)|['’]s?)\s+\Z", re.IGNORECASE
)


def _clock_time(y: int, before: str, after: str) -> bool:
    """Is the four-digit number a clock time (hhmm) rather than a year?"""
    if y % 100 > 59 or y // 100 > 23:
        return False
    return bool(_TIME_ZONE.match(after)) or (
        bool(_AT.search(before)) and not re.match(r"\s+[A-Za-z]", after)
    )


def _count(before: str, after: str) -> bool:
    """Is the number a count of things ("2000 air raids") rather than a year?"""
    m = _COUNTED.match(after)
    if m is None or _DETERMINER.search(before):
        return False
    return not any(w.lower() in _NOT_DESCRIBING for w in m["words"].split())


def _year(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    y = int(m["y"])
    before = text[max(0, m.start() - 16) : m.start()]
    after = text[m.end() : m.end() + 40]
    if _clock_time(y, before, after):
        return []
    if _YEAR_PREP.search(before):
        return [Proto(m.start(), m.end(), "abs", DATE, f"{y:04d}")]
    if y < 1800:
        return []
    nxt = _NEXT_WORD.match(after)
    if nxt and _COUNT_NOUN.match(after) and nxt.group(1) not in _NOT_PLURAL:
        return []
    if _count(before, after):
        return []
    if _NUMBER_LABEL.search(before):
        return []
    return [Proto(m.start(), m.end(), "abs", DATE, f"{y:04d}")]


def _decade(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    # TIMEX3 writes a decade as its first three digits: "the 1990s" = 199
    if m["dec"]:
        value = m["dec"][:3]
    elif m["short"]:
        d = int(m["short"])
        value = ("19" if d >= 20 else "20") + str(d // 10)
    else:
        value = "19" + str(DECADE_WORDS[m["word"].lower()])
    return [Proto(m.start(), m.end(), "abs", DATE, value)]


def _century(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    n = (
        _day(m["n"])
        if m["n"][0].isdigit()
        else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}[m["n"].lower()]
    )
    return [Proto(m.start(), m.end(), "abs", DATE, f"{n - 1:02d}")]


def _quarter(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "the third quarter", "third-quarter", "the fourth quarter of 2016", "the latest
    quarter", "the year-ago quarter", "the first half of 2017". The year comes from
    context in dates.py; `word` says how: "" (by tense), "rel" (this/last/next year's),
    "latest", "current", "same", "ago" (a year before the one under discussion)."""
    unit = "H" if m["unit"].lower() == "half" else "Q"
    n = ORDINALS.get((m["ord"] or "").lower(), 0)
    pres = set(re.findall(r"[a-z]+(?:-[a-z]+)?", (m["pres"] or "").lower()))
    year = int(m["y"] or m["y0"] or 0)
    rel = (m["rel"] or m["rel2"] or ("this" if m["this"] else "")).lower()
    if pres & {"year-earlier", "year-ago", "comparable"}:
        code = "ago"
    elif pres & {"latest", "last", "previous", "past"} and not n:
        code = "latest"
    elif "current" in pres and not n:
        code = "current"
    elif "same" in pres:
        code = "same"
    elif rel and not year:
        code = "rel"
    else:
        code = ""
    if unit == "H" and (n not in (1, 2) or not (year or rel)):
        return []  # "the first half" alone is as often a match or a film as a date
    if not n and code in ("", "rel"):
        return []  # "a quarter of the city", "the Christian quarter", "2000 quarter"
    offset = {"this": 0, "last": -1, "next": 1}.get(rel, 0)
    return [
        Proto(m.start(), m.end(), "quarter", DATE, value=unit, a=n, b=year, c=offset, word=code)
    ]


def _the_quarter(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    return [Proto(m.start(), m.end(), "quarter_ref", DATE)]


def _season(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    s = m["s"].lower()
    rel = (m["rel"] or "").lower()
    if not (rel or m["y"] or m["det"]):
        return []
    if s == "fall" and not (rel or m["y"]):
        return []  # "the fall of Mosul" is an event, not autumn
    return [Proto(m.start(), m.end(), "season", DATE, a=int(m["y"] or 0), word=rel, value=s)]


def _rel_day(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    w = " ".join(m["w"].lower().split())
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "last night": -1,
        "last evening": -1,
    }[w]
    ty = (
        TIME
        if (m["part"] or w in ("tonight", "last night", "last evening") or w.startswith("this "))
        else DATE
    )
    mod = {"early": "START", "late": "END"}.get((m["mod"] or "").lower())
    return [Proto(m.start(), m.end(), "rel_day", ty, a=offset, mod=mod)]


def _weekday(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    if not _cap(text, m, "wd"):
        return []
    wd = WEEKDAYS[m["wd"].lower()]
    ty = TIME if m["part"] else DATE
    return [
        Proto(
            m.start(),
            m.end(),
            "weekday",
            ty,
            a=wd,
            word=(m["rel"] or "").lower(),
            c=1 if m["poss"] else 0,
        )
    ]


def _weekday_set(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    group = "wd" if m["wd"] else "wd2"
    wd = m[group]
    if not _cap(text, m, group):
        return []
    return [Proto(m.start(), m.end(), "fixed", SET, f"XXXX-WXX-{WEEKDAYS[wd.lower()] + 1}")]


def _rel_unit(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "last week", "earlier this month", "next year", "the past year" (a duration)."""
    rel, unit = m["rel"].lower(), m["unit"].lower()
    if m["the"] and rel in ("past", "last"):
        return [
            Proto(
                m.start(),
                m.end(),
                "fixed",
                DURATION,
                duration_value(1, unit) if unit != "weekend" else "P2D",
            )
        ]
    if rel == "past" or (m["the"] and rel not in ("same", "following", "previous", "current")):
        return []
    offset = {
        "this": 0,
        "current": 0,
        "last": -1,
        "previous": -1,
        "next": 1,
        "coming": 1,
        "following": 1,
        "same": 0,
    }[rel]
    mod = {"early": "START", "late": "END"}.get((m["mod"] or "").lower())
    anaphoric = rel in ("same", "following") or (rel == "previous" and bool(m["the"]))
    return [
        Proto(
            m.start(),
            m.end(),
            "rel_unit",
            DATE,
            a=offset,
            word=unit,
            mod=mod,
            c=1 if anaphoric else 0,
        )
    ]


def _that_unit(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "that day", "the same day", "the next day", "earlier in the day": relative to the
    date under discussion (the last one mentioned), not to the publication date."""
    w = " ".join(m[0].lower().split())
    offset = (
        1
        if re.search(r"next|following|after", w)
        else -1
        if re.search(r"previous|preceding|before", w)
        else 0
    )
    other = re.search(r"week|month|year", w)
    unit = "day" if re.search(r"day|morning|evening|night|afternoon", w) or not other else other[0]
    ty = TIME if re.search(r"morning|evening|night|afternoon", w) else DATE
    return [Proto(m.start(), m.end(), "rel_unit", ty, a=offset, word=unit, c=1)]


def _weekend(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    """ "the weekend", "over the weekend": the weekend nearest the story, by tense."""
    return [Proto(m.start(), m.end(), "weekend", DATE)]


def _ago(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    direction = m["dir"].lower()
    if direction in ("before", "after"):
        # "two days before the vote" counts from the vote: only a clause-final one counts
        # from the date under discussion
        if not _CLAUSE_END.match(text, m.end(), m.end() + 2):
            return []
    n = number(m["num"])
    sign = -1 if direction in ("ago", "earlier", "before", "previously") else 1
    return [
        Proto(
            m.start(),
            m.end(),
            "ago",
            DATE,
            a=sign * int(n) if n is not None and n == int(n) else 0,
            b=0 if n is not None and n == int(n) else 1,
            word=_unit(m["unit"]),
            c=1 if direction != "ago" else 0,
        )
    ]


_APPROX_MOD = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "nearly": "APPROX",
    "almost": "APPROX",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "some": "APPROX",
    "roughly": "APPROX",
    "up to": "EQUAL_OR_LESS",
}


def _duration(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    unit = _unit(m["unit"])
    num = m["num"] or (
        m["det"] if (m["det"] or "").lower() in ("a", "an") and not m["pre"] else None
    )
    plural = bool(m["pl"]) or m["unit"].lower() == "centuries"
    if not num and not plural and not m["pre"]:
        return []  # "the year", "day" alone
    if not num and m["pre"] and not plural and (m["pre"].lower() in ("first", "same", "remaining")):
        return []  # "the first day", "the same year"
    if m["adj"]:
        if unit == "year":
            return []  # "a 25-year-old": ages are not dates (TimeML does not mark them)
    if (
        unit == "second"
        and num
        and num.lower() in ("a", "an")
        and not _PUNCT.match(text, m.end(), m.end() + 1)
    ):
        return []  # "a second attack"
    n = number(num) if num else (1 if not plural else None)
    if num and (num.lower() in ("a", "an") and plural):
        return []
    approx = " ".join((m["approx"] or "").lower().split())
    mod = _APPROX_MOD.get(approx)
    if unit == "quarter":
        value = "PXQ" if n is None else f"P{n * 3:g}M"
    else:
        value = duration_value(n, unit)
    return [Proto(m.start(), m.end(), "fixed", DURATION, value, mod=mod)]


def _set(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    w = m[0].lower()
    for adv, v in (
        ("hourly", "PT1H"),
        ("daily", "P1D"),
        ("nightly", "P1D"),
        ("weekly", "P1W"),
        ("monthly", "P1M"),
        ("yearly", "P1Y"),
        ("annually", "P1Y"),
        ("quarterly", "P3M"),
    ):
        if w == adv:
            return [Proto(m.start(), m.end(), "fixed", SET, v)]
    unit = _unit(m["unit"] or m["unit2"] or "day")
    if m["unit"] and m["unit"].lower() in ("morning", "afternoon", "evening", "night"):
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[
            m["unit"].lower()
        ]
        return [Proto(m.start(), m.end(), "fixed", SET, f"XXXX-XX-XXT{part}")]
    n = number(m["n"]) if m["n"] else 1
    if m["n"] and m["n"].lower() == "other":
        n = 2
    return [
        Proto(
            m.start(),
            m.end(),
            "fixed",
            SET,
            duration_value(n, unit) if unit != "quarter" else "P3M",
        )
    ]


def _ref(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    w = " ".join(m[0].lower().split())
    if re.search(r"future|soon|near term|coming", w):
        v = "FUTURE_REF"
    elif re.search(r"recent|past|previous|former|ago", w):
        v = "PAST_REF"
    else:
        v = "PRESENT_REF"
    return [Proto(m.start(), m.end(), "fixed", DATE, v)]


def _clock(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    hour = m["h"] or m["h2"]
    h = int(hour) if hour else (12 if m["word"].lower() == "noon" else 24)
    mi = int(m["mi"] or m["mi2"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return []
    return [Proto(m.start(), m.end(), "clock", TIME, a=h, b=mi)]


def _holiday(m: re.Match[str], text: str, day_first: bool) -> list[Proto]:
    w = m["h"].lower()
    if not _cap(text, m, "h"):
        return []
    name = " ".join(w.replace("’", "'").split())
    if name.startswith("thanksgiving"):
        name = "thanksgiving"
    if name in HOLIDAYS:
        if m["y"]:
            return [Proto(m.start(), m.end(), "abs", DATE, HOLIDAYS[name](int(m["y"])).isoformat())]
        return [
            Proto(m.start(), m.end(), "holiday", DATE, value=(m["rel"] or "").lower(), word=name)
        ]
    md = {
        "christmas eve": (12, 24),
        "christmas day": (12, 25),
        "christmas": (12, 25),
        "new year's eve": (12, 31),
        "new year's day": (1, 1),
        "new year’s eve": (12, 31),
        "new year’s day": (1, 1),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "valentine’s day": (2, 14),
    }.get(" ".join(w.split()))
    if md is None or m["rel"]:
        return []
    if m["y"]:
        return [
            Proto(m.start(), m.end(), "abs", DATE, f"{int(m['y']):04d}-{md[0]:02d}-{md[1]:02d}")
        ]
    return [Proto(m.start(), m.end(), "month_day", DATE, a=md[0], b=md[1])]


# ---------------------------------------------------------------------------- the rules

_WD_PREFIX = rf"(?:{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+(?:the\s+)?"

_RULES: list[tuple[str, str, Builder]] = [
    (
        "iso",
        r"(?<![\w./-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[t\s](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)"
        r"(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?(?![\w-]|\.\d)",
        _iso,
    ),
    (
        "numeric",
        r"(?<![\w./:-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
        r"(?![\w/-]|[.:]\d)",
        _numeric,
    ),
    (
        "mdy",
        rf"\b(?:{_WD_PREFIX})?\b(?P<mon>{_MONTH})\s*(?P<d>{_DAY})(?:\s*,\s*|\s+)(?P<y>{_YEAR})\b(?!-\d)",
        _mdy,
    ),
    (
        "dmy",
        rf"\b(?:{_WD_PREFIX})?\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})(?:\s*,\s*|\s+)(?P<y>{_YEAR})\b(?!-\d)",
        _mdy,
    ),
    (
        "range_dm",
        rf"\b(?P<d1>{_DAY})\s*(?:-|–|—|to|and|until|till|through)\s*(?P<d2>{_DAY})\s+(?:of\s+)?"
        rf"(?P<mon>{_MONTH})(?!\w)(?:\s*,?\s*(?P<y>{_YEAR})\b)?",
        _day_range,
    ),
    (
        "range_md",
        rf"\b(?P<mon>{_MONTH})\s*(?P<d1>{_DAY})\s*(?:-|–|—|to|and|until|till|through)\s*(?P<d2>{_DAY})\b"
        rf"(?:\s*,\s*(?P<y>{_YEAR})\b)?",
        _day_range,
    ),
    (
        "md",
        rf"\b(?:{_WD_PREFIX})?\b(?P<mon>{_MONTH})\s*(?P<d>{_DAY})\b(?!\s*(?:%|percent|,\s*\d|\d|:\d|-\d))",
        _md,
    ),
    ("dm", rf"\b(?:{_WD_PREFIX})?\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})(?!\w)", _md),
    ("my", rf"\b(?P<mon>{_MONTH})(?:\s*,\s*|\s+)(?:of\s+)?(?P<y>{_YEAR})\b(?!-\d)", _month_year),
    (
        "week_of",
        rf"\b(?:the\s+)?week\s+of\s+(?:(?P<mon>{_MONTH})\s*(?P<d>{_DAY})|(?P<d2>{_DAY})\s+(?:of\s+)?"
        rf"(?P<mon2>{_MONTH}))(?:(?:\s*,\s*|\s+)(?P<y>{_YEAR}))?\b",
        _week_of,
    ),
    (
        "month_rel_year",
        rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
        _month_rel_year,
    ),
    (
        "month",
        rf"\b(?:(?P<rel>last|next|this|that|coming|past|previous)\s+)?(?P<mon>{_MONTH_FULL})\b(?!['’-]\w)",
        _month_only,
    ),
    (
        "year_range",
        rf"(?<![\w$#£€.,/-])(?P<y1>{_YEAR})\s*(?:-|–|—|/|to)\s*(?P<y2>{_YEAR}|\d\d)(?![\w%-])",
        _year_range,
    ),
    (
        "year",
        rf"(?<![\w$#£€.,/:-])(?:fiscal\s+(?:year\s+)?)?(?P<y>{_YEAR})(?![\w%°-]|[.,:]\d|\s*(?:%|percent|per\s))",
        _year,
    ),
    (
        "decade",
        r"(?:\bthe\s+)?(?:\b(?P<dec>(?:1[5-9]|20)\d0)['’]?s\b|['’](?P<short>\d0)s\b|"
        r"\b(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
        _decade,
    ),
    (
        "century",
        r"\bthe\s+(?P<n>1[5-9]th|2[01](?:st|th)|nineteenth|twentieth|twenty-first)[\s-]+century\b",
        _century,
    ),
    (
        "quarter",
        rf"\b(?:(?:the|its|a|(?P<this>this)\s+year['’]s|(?P<rel2>last|next)\s+year['’]s)\s+)?"
        rf"(?:(?P<y0>{_YEAR})\s+)?"
        r"(?P<pres>(?:(?:year-earlier|year-ago|comparable|fiscal|calendar|latest|current|last|previous|"
        r"past|same|flat)[\s-]+)*)"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)?[\s-]*(?:fiscal[\s-]+)?(?P<unit>quarter|half)\b"
        rf"(?:\s+of\s+(?:(?P<y>{_YEAR})|(?:the\s+)?(?P<rel>this|last|next)\s+year))?",
        _quarter,
    ),
    (
        "season",
        rf"\b(?:(?P<rel>last|this|next|early|late|mid|past|coming)[\s-]+)?(?P<det>(?:in\s+|during\s+|over\s+)?the\s+|in\s+)?"
        rf"(?P<s>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(?P<y>{_YEAR})\b)?",
        _season,
    ),
    (
        "rel_day",
        rf"\b(?:(?P<mod>early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|"
        r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|this\s+(?:morning|afternoon|evening)|"
        rf"last\s+(?:night|evening))(?:['’]s)?(?:\s+(?P<part>{_PART}))?\b",
        _rel_day,
    ),
    (
        "weekday",
        rf"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{_WEEKDAY})(?P<poss>['’]s)?"
        rf"(?:\s+(?P<part>{_PART}))?\b",
        _weekday,
    ),
    (
        "weekday_set",
        rf"\b(?:every|each)\s+(?P<wd>{_WEEKDAY})\b|\b(?:on\s+)(?P<wd2>{_WEEKDAY})s\b",
        _weekday_set,
    ),
    (
        "rel_unit",
        r"\b(?:(?P<mod>earlier|later|early|late)\s+(?:in\s+)?)?(?P<the>the\s+)?"
        r"(?P<rel>this|last|next|past|previous|coming|current|following|same)\s+(?:fiscal\s+)?"
        r"(?P<unit>week|weekend|month|year|decade|century)\b(?!-)",
        _rel_unit,
    ),
    (
        "that_unit",
        r"\b(?:(?:earlier|later)\s+(?:in\s+)?(?:that|the)\s+(?:same\s+)?(?:day|week|month|year)|"
        r"(?:the\s+same|that\s+(?:same\s+)?)(?:day|morning|evening|night|afternoon)|"
        r"the\s+(?:next|following|previous|preceding)\s+(?:day|morning|evening|night|afternoon)|"
        r"the\s+day\s+(?:before|after)(?=\s*[.,;]))",
        _that_unit,
    ),
    ("weekend", r"\bthe\s+weekend\b(?!s)", _weekend),
    (
        "ago",
        rf"\b(?:(?:about|around|almost|nearly|roughly|some|approximately|more\s+than|less\s+than|over|"
        rf"just|only|barely|exactly|at\s+least)\s+)?(?P<num>{_QUANT})[\s-]+(?P<unit>{_UNIT})s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|"
        r"hence|previously)\b",
        _ago,
    ),
    (
        "duration",
        rf"\b(?:(?P<det>the|a|an)\s+)?(?:(?P<pre>past|last|next|first|final|coming|previous|following|"
        r"initial|remaining|same|recent)\s+)?(?:(?P<approx>about|around|approximately|nearly|almost|over|"
        rf"more\s+than|less\s+than|fewer\s+than|at\s+least|some|up\s+to|roughly)\s+)?"
        rf"(?:(?P<num>{_QUANT})[\s-]+)?(?P<unit>{_UNIT})(?P<pl>s)?(?P<adj>-(?:old|long))?\b(?!-)",
        _duration,
    ),
    (
        "set",
        rf"\b(?:(?:every|each|per)\s+(?:(?P<n>{_NUM}|other)\s+)?(?P<unit>{_UNIT}|morning|afternoon|evening|night)s?|"
        r"(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|an|per)\s+(?P<unit2>day|week|month|year))\b|"
        r"\b(?:hourly|daily|nightly|weekly|monthly|yearly|annually)\b",
        _set,
    ),
    (
        "ref",
        r"\b(?:now|currently|nowadays|presently|at\s+present|these\s+days|for\s+the\s+time\s+being|"
        r"recently|lately|in\s+the\s+past|the\s+past|(?:in\s+)?recent\s+(?:days|weeks|months|years)|"
        r"(?:in\s+)?the\s+(?:near\s+)?future|the\s+near\s+term|current)\b(?!-)",
        _ref,
    ),
    (
        "clock",
        r"\b(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)"
        r"(?:\s+(?:[ecmp][sd]t|gmt|utc)\b)?|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\s+(?:gmt|utc|[ecmp][sd]t)\b|"
        r"(?P<word>noon|midnight))",
        _clock,
    ),
    (
        "holiday",
        rf"\b(?:(?P<rel>last|next|this|past|previous|coming)\s+)?"
        rf"(?P<h>christmas(?:\s+(?:eve|day))?|new\s+year['’]s\s+(?:eve|day)|halloween|valentine['’]s\s+day|"
        r"thanksgiving(?:\s+day)?|easter(?:\s+monday)?|good\s+friday|palm\s+sunday|memorial\s+day|"
        r"labor\s+day|election\s+day)\b"
        rf"(?:\s*,?\s+(?P<y>{_YEAR})\b)?",
        _holiday,
    ),
]

_MONTH_NEEDLE = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_UNIT_NEEDLE = r"second|minute|hour|day|week|fortnight|month|year|decade|centur"
# Per rule: words every match of it contains (its "needle"), and how far a match may
# reach left and right of them. A rule runs only on the stretches of text around its
# needles: most of an article is other words, and this is what makes tagging fast.
NEEDLES: dict[str, tuple[str, int, int]] = {
    "iso": (r"[0-9]{4}-[0-9][0-9]-[0-9][0-9]", 2, 30),
    "numeric": (r"[0-9][./-][0-9]", 6, 16),
    "mdy": (_MONTH_NEEDLE, 25, 30),
    "dmy": (_MONTH_NEEDLE, 40, 20),
    "range_dm": (_MONTH_NEEDLE, 40, 20),
    "range_md": (_MONTH_NEEDLE, 2, 30),
    "md": (_MONTH_NEEDLE, 25, 16),
    "dm": (_MONTH_NEEDLE, 40, 4),
    "my": (_MONTH_NEEDLE, 2, 20),
    "month_rel_year": (_MONTH_NEEDLE, 2, 24),
    "week_of": (r"week", 6, 36),
    "month": (_MONTH_NEEDLE, 20, 12),
    "year_range": (r"[0-9]{4}", 2, 16),
    "year": (r"[0-9]{4}", 20, 20),
    "decade": (r"0['’]?s\b|ties\b", 12, 4),
    "century": (r"century", 35, 2),
    "quarter": (r"quarter|half", 55, 35),
    "season": (r"spring|summer|autumn|fall|winter", 30, 16),
    "rel_day": (r"today|tonight|yesterday|tomorrow|morning|afternoon|evening|night", 40, 24),
    "weekday": (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", 12, 22),
    "weekday_set": (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", 12, 12),
    "rel_unit": (r"week|month|year|decade|century", 40, 4),
    "that_unit": (r"day|week|month|year|morning|evening|night|afternoon", 40, 4),
    "weekend": (r"weekend", 6, 2),
    "ago": (r"ago|earlier|later|before|after|from now|hence|previously", 55, 14),
    "duration": (_UNIT_NEEDLE, 65, 14),
    "set": (
        r"every|each|per |once|twice|times|hourly|daily|nightly|weekly|monthly|yearly|annually|quarterly",
        20,
        30,
    ),
    "ref": (r"now|current|present|days|being|recent|lately|previous|past|future|term|soon", 20, 20),
    "clock": (r"[0-9](?::[0-9][0-9]|\s*[ap]\.?m\b)|noon|midnight", 14, 16),
    "holiday": (
        r"christmas|new year|halloween|valentine|thanksgiving|easter|good friday|palm sunday|"
        r"memorial day|labor day|election day",
        12,
        24,
    ),
}


@dataclass(frozen=True)
class Rule:
    """A recognition rule: its pattern (lower-case and case-insensitive versions), its
    builder, and its needle with the reach of a match around it."""

    name: str
    rx_low: re.Pattern[str]
    rx_any: re.Pattern[str]
    build: Builder
    needle: re.Pattern[str]
    left: int
    right: int
    digits: bool = False  # the needle is made of digits: no digit in the text, no match


# The patterns are written in lower case: `dates.py` runs them on a lower-cased copy of
# the text (several times faster than case-insensitive matching), or case-insensitively
# on the text itself when lower-casing would move offsets (rare Unicode letters).
RULES: list[Rule] = [
    Rule(
        name,
        re.compile(rx),
        re.compile(rx, re.IGNORECASE),
        fn,
        re.compile(NEEDLES[name][0]),
        NEEDLES[name][1],
        NEEDLES[name][2],
        NEEDLES[name][0].startswith("[0-9]") and "|" not in NEEDLES[name][0],
    )
    for name, rx, fn in _RULES
]


def _literal_needles() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], frozenset[int]]:
    """One scan for all the word needles: the union of the rules' needles that are plain
    words (longest first, so "monthly" is not read as "month"), and for each word the
    rules whose needle it contains ("weekend" serves the rules needing "week" too)."""
    words: set[str] = set()
    literal_rules: set[int] = set()
    for i, rule in enumerate(RULES):
        alts = rule.needle.pattern.split("|")
        if all(re.fullmatch(r"[a-z ]+", a) for a in alts):
            words.update(alts)
            literal_rules.add(i)
    # Every rule starts its words at a word boundary, so a needle only counts at the start
    # of a word ("mar" in "market" or "now" in "known" would only widen the windows). The
    # words go into a trie-shaped pattern: the engine tests a letter once, not every word.
    union = re.compile(r"(?<![a-z])" + _trie(sorted(words)))
    # a word serves the rules whose needle starts it ("weekend" serves the "week" rules;
    # "today" and "Monday" do not serve the rules of the unit "day")
    serves = {w: tuple(i for i in sorted(literal_rules) if RULES[i].needle.match(w)) for w in words}
    return union, serves, frozenset(literal_rules)


def _trie(words: list[str]) -> str:
    """A pattern matching the longest of `words` at a position ("monthly" before "month")."""
    heads: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    if not heads:
        return ""
    alts = [re.escape(c) + _trie(rest) for c, rest in sorted(heads.items())]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if ends else body


WORD_NEEDLES, NEEDLE_RULES, LITERAL_RULES = _literal_needles()
# "the quarter" alone: only once a quarter is under discussion (see dates.py)
THE_QUARTER = re.compile(
    r"\b(?:the|that|this)\s+quarter\b(?!\s+of\s+(?:the\s+)?[A-Z])", re.IGNORECASE
)


# Dates run into the next word by a scraper that dropped the space between two page
# elements: "07.07.2015Get short URL", "Last updated at Apr 232017". Read only where page
# furniture is expected (the top of a text), never in running text.
_GLUED_NUMERIC = re.compile(
    r"(?<![\w./:-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?=[A-Za-z])"
)
_GLUED_DAY_YEAR = re.compile(
    rf"\b(?P<mon>{_MONTH})\s*(?P<d>0?[1-9]|[12]\d|3[01])(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE
)


def glued_date(text: str, day_first: bool) -> list[Proto]:
    """Full dates run into the word after them, or a day run into its year."""
    out: list[Proto] = []
    for m in _GLUED_NUMERIC.finditer(text):
        out += [p for p in _numeric(m, text, day_first) if p.kind == "abs"]
    for m in _GLUED_DAY_YEAR.finditer(text):
        out += [p for p in _mdy(m, text, day_first) if p.kind == "abs"]
    return out
