"""Calendar arithmetic and tense cues for the temporal tagger (see `dates.py`).

Everything here is pure: dates in, TIMEX3 value strings out. The rules that decide
*which* arithmetic applies live in `date_rules.py` and `dates.py`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# TIMEX3 season codes by our season words
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def day_value(d: date) -> str:
    return d.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: date) -> str:
    """ISO week of a day, as TIMEX3 writes it: 2017-W22."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by n months."""
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """The calendar day, or None when it does not exist (31 June, 29 Feb 2017)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` of a month (n = -1: the last one)."""
    if n > 0:
        return weekday_after(date(year, month, 1), weekday) + timedelta(weeks=n - 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return weekday_before(last, weekday)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lm = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lm) // 451
    month = (h + lm - 7 * m + 114) // 31
    return date(year, month, (h + lm - 7 * m + 114) % 31 + 1)


# Movable feasts news names without a date, by the day they fall on in a year.
HOLIDAYS = {
    "thanksgiving": lambda y: nth_weekday(y, 11, 3, 4),  # US: fourth Thursday of November
    "easter": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "easter monday": lambda y: easter(y) + timedelta(days=1),
    "palm sunday": lambda y: easter(y) - timedelta(days=7),
    "memorial day": lambda y: nth_weekday(y, 5, 0, -1),  # US: last Monday of May
    "labor day": lambda y: nth_weekday(y, 9, 0, 1),  # US: first Monday of September
    "election day": lambda y: (
        nth_weekday(y, 11, 0, 1) + timedelta(days=1)
    ),  # US: Tuesday after 1st Monday
}


def weekday_before(anchor: date, weekday: int) -> date:
    """The most recent `weekday` (0 = Monday) on or before `anchor`."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_after(anchor: date, weekday: int) -> date:
    """The first `weekday` on or after `anchor`."""
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)


def month_year(anchor: date, month: int, future: bool) -> int:
    """The year of a month named without one: the latest such month not after the anchor
    (reporting looks back), or the first not before it in a future-tense sentence."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


LIMIT_AHEAD = 92  # days: how far ahead a limit set in the past may lie ("extended to Nov. 20")


def limit_year(anchor: date, month: int, day: int) -> int:
    """The year of a date that limits a past action: the nearest such date, unless that
    is more than a season ahead (then the latest one not after the anchor)."""
    year = nearest_year(anchor, month, day)
    d = safe_date(year, month, day) or date(year, month, 28)
    return year if (d - anchor).days <= LIMIT_AHEAD else month_day_year(anchor, month, day, False)


def month_day_year(anchor: date, month: int, day: int, future: bool) -> int:
    """The year of "May 12" without a year. Same rule as `month_year`, on days; news
    mentions dates just after the publication day only when speaking of the future."""
    this = safe_date(anchor.year, month, day) or date(anchor.year, month, 28)
    if future:
        return anchor.year if this >= anchor - timedelta(days=1) else anchor.year + 1
    return anchor.year if this <= anchor + timedelta(days=1) else anchor.year - 1


def season_year(anchor: date, code: str, future: bool) -> int:
    start = _SEASON_START_MONTH[code]
    if future:
        return anchor.year if start >= anchor.month - 2 else anchor.year + 1
    return anchor.year if start <= anchor.month else anchor.year - 1


def shift_value(value: str, years: int = 0, months: int = 0, days: int = 0) -> str | None:
    """Move a TIMEX3 point value (day, month, year, week, quarter, season) keeping its
    granularity; None for values that cannot move."""
    m = re.fullmatch(
        r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q([1-4])|-H([12])|-(SP|SU|FA|WI))?", value
    )
    if not m:
        return None
    y = int(m.group(1)) + years
    if m.group(3):
        d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is None:
            return None
        yy, mm = shift_month(d.year, d.month, months + 12 * years)
        d2 = safe_date(yy, mm, min(d.day, 28) if d.day > 28 else d.day) or date(yy, mm, 28)
        return day_value(d2 + timedelta(days=days))
    if m.group(2):
        yy, mm = shift_month(int(m.group(1)), int(m.group(2)), months + 12 * years)
        return month_value(yy, mm)
    if m.group(4):
        d = date.fromisocalendar(int(m.group(1)), int(m.group(4)), 1)
        return week_value(d.replace(year=d.year + years) if years else d + timedelta(days=days))
    if m.group(5):
        return f"{y:04d}-Q{m.group(5)}"
    if m.group(6):
        return f"{y:04d}-H{m.group(6)}"
    if m.group(7):
        return f"{y:04d}-{m.group(7)}"
    return f"{y:04d}"


# ---------------------------------------------------------------------------- tense

# Words that put a clause in the future ("will vote on Sunday", "plans to hold talks").
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would|going\s+to|plans?\s+to|planned\s+(?:to|for)|planning\s+to|intends?\s+to|"
    r"is\s+to|are\s+to|(?:due|set|scheduled|expected|slated|likely|poised)\s+(?:to|for)|expects?\s+to|"
    r"scheduled|upcoming|as\s+(?:soon|early)\s+as|between\s+now\s+and|"
    r"(?:must|should|ought\s+to|needs?\s+to|ha(?:s|ve)\s+to|(?-i:may|might))(?!\s+(?:not\s+)?(?:have|been)\b))\b|"
    r"['’]ll\b",
    re.IGNORECASE,
)
# Past-tense verbs: a future marker before one of these is not this clause's. Regular
# verbs by their ending, and the irregular ones news reporting uses most.
_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|took|began|came|went|fought|fled|won|lost|made|held|left|met|"
    r"sent|saw|struck|fell|rose|led|shot|hit|set|put|got|gave|broke|drove|ran|found|kept|knew|thought|"
    r"brought|bought|sold|spoke|wrote|became|stood|overran|retook|[a-z]{2,}ed|"
    r"ha(?:s|ve)\s+(?:been|[a-z]{2,}(?:ed|en)))\b",
    re.IGNORECASE,
)
_NOT_PAST = (
    "schedul",
    "expect",
    "plann",
    "need",
    "speed",
    "feed",
    "seed",
    "bleed",
    "proceed",
    "succeed",
    "exceed",
    "indeed",
    "hundred",
    "red",
    "bed",
    "united",
    "based",
    "armed",
    "unidentified",
    "related",
    "led",
)
# the word before an -ed form that makes it a present or future passive, not a past tense
# ("must be returned", "is expected", "to be completed")
_PASSIVE_AUX = frozenset("be being is are am".split())
_WORD_BEFORE = re.compile(r"([a-z]+)\s+\Z", re.IGNORECASE)
_BY_AFTER = re.compile(r"\s+by\b", re.IGNORECASE)
_PAST_AUX = frozenset("was were been had has have".split())


def _past_verbs(s: str) -> list[int]:
    out = []
    for m in _PAST.finditer(s):
        w = m.group().lower()
        if " " not in w and w not in _PAST_AUX:
            if w.endswith("ed") and (w.startswith(_NOT_PAST[:5]) or w in _NOT_PAST):
                continue
            before = _WORD_BEFORE.search(s, max(0, m.start() - 12), m.start())
            prev = before.group(1).lower() if before else ""
            if prev in _PASSIVE_AUX:
                continue  # "must be returned by Jan. 14", "would be held", "is expected"
            if prev not in _PAST_AUX and _BY_AFTER.match(s, m.end()):
                continue  # "shares tendered by holders", "a town held by": an adjective
        out.append(m.start())
    return out


# Present tense: "is", "are", "says", "is calling for". A present verb after the last past
# one governs the clause: the date is not necessarily behind the publication date.
_PRESENT = re.compile(r"\b(?:is|are|am|says|does|do)\b", re.IGNORECASE)
# Verbs of scheduled events: in the present tense they speak of the days ahead ("leaders
# meet Monday", "the summit opens Friday", "talks begin Sunday"), not of habits.
_SCHEDULED = re.compile(
    r"\b(?:(?:meet|begin|start|resume|arrive|leave|depart|travel|convene|testify|appear|sign|expire|fly|go|"
    r"come|kick\s+off|get\s+under\s*way|take\s+(?:effect|office|place))(?:s|es)?|"
    r"(?:open|close|end|visit|vote|return|hold|host|attend|launch|head|play|face)(?:s|es))\b",
    re.IGNORECASE,
)

_CLAUSE_BREAK = re.compile(r"[,;:(\u2013\u2014]|\s-\s|\bthat\b")
_TO_VERB = re.compile(
    r"\bto\s+(?!death\b|date\b|power\b|the\b|a\b|an\b|his\b|her\b|their\b|its\b)[a-z]+\b"
)
# verbs whose infinitive complement looks ahead of them ("asked it to respond by ...")
_INFINITIVE = re.compile(
    r"\b(?:asked|told|ordered|decided|agreed|voted|urged|called\s+on|promised|pledged|threatened|"
    r"wanted|hoped|vowed|planned|expected|scheduled|invited|allowed|gave\s+\w+\s+until)\b"
    r"(?:\s+\w+){0,3}?\s+(?:to|until)\s+[a-z]+",
    re.IGNORECASE,
)
# a date that closes an interval or sets a limit ("by Jan. 14", "extended to Nov. 20",
# "until Tuesday"): the verb's tense says when it was set, not where it lies
_LIMIT = re.compile(
    r"\b(?:by|to|until|till|through|before|payable|effective|due|starting|beginning|expiring|"
    r"ending)\s+(?:on\s+)?(?:(?:the\s+)?(?:early|mid|late|end\s+of)[\s-]+)?"
    r"(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)\s*(?:[a-z]{2,4}\s+)?(?:on\s+)?)?\Z",
    re.IGNORECASE,
)
# a limit set by moving a deadline or an event lies ahead ("extended its deadline until
# 9 a.m. Tuesday", "postponed until Tuesday morning", "gave them until Friday")
_MOVED_TO = re.compile(
    r"\b(?:extend|postpon|delay|defer|adjourn|push(?:ed)?\s+back|put\s+off|gave|give|given|"
    r"grant)\w*\b[^.;]*\b(?:until|till|to)\b",
    re.IGNORECASE,
)


def moved_ahead(left: str) -> bool:
    """Does the clause move something to the date that follows ("postponed until")?"""
    return _MOVED_TO.search(left[-120:]) is not None


_DEADLINE_AFTER = re.compile(r"\s*(?:deadline|target\s+date|due\s+date)\b", re.IGNORECASE)


def _cues(s: str, lo: int = 0) -> list[tuple[int, str]]:
    """(position, "future" | "past" | "present") for the tense cues of `s` from `lo` on."""
    cues = [(m.start(), "future") for m in _FUTURE.finditer(s, lo)]
    cues += [(p, "past") for p in _past_verbs(s) if p >= lo]
    cues += [(m.start(), "present") for m in _PRESENT.finditer(s, lo)]
    cues.sort()
    return cues


def tense(left: str, right: str) -> str | None:
    """Tense of the clause around a mention: `left` is its sentence before it, `right`
    the rest of the sentence. The last tense cue before the mention governs it (in its
    own clause, or in the sentence when its clause has no verb: "..., president and
    chief executive in March"): "future" for a future marker ("will", "plans to", "must
    be returned by"), "past" for a past-tense verb, "present" for a present one ("said it
    is calling for ... on Dec. 7"). A fronted mention ("In May, the commander said ...")
    takes the tense of the main verb after it. None when there is no cue ("payable
    Dec. 7 to holders of record Nov. 22", "asked it to respond by Oct. 31"); "limit" when
    the date sets a limit to a past action ("extended to Nov. 20", "by Jan. 14")."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(left)]
    clause_start = breaks[-1] if breaks else 0
    cues = _cues(left)
    in_clause = [c for c in cues if c[0] >= clause_start]
    head = right[:30].lstrip(" ,")
    if not in_clause and cues:
        # the clause has no verb before the mention: its verb may follow ("..., where the
        # Aug. 7 blasts killed 257"), else the sentence's earlier verb governs it
        end = _CLAUSE_BREAK.search(right)
        own = _cues(right[: end.start()] if end else right)
        if own and not _FUTURE.match(head):
            return own[0][1]
    last_at, kind = (in_clause or cues)[-1] if (in_clause or cues) else (-1, None)
    if kind == "past":
        if _FUTURE.match(head):
            return "future"
        # an infinitive after the verb ("asked it to respond by ...") looks ahead of it
        if _INFINITIVE.search(left, clause_start) or _TO_VERB.search(left, last_at):
            return None
        if _LIMIT.search(left[-24:]) or _DEADLINE_AFTER.match(right):
            return "limit"
        return "past"
    if kind is not None:
        return kind
    if _FUTURE.match(head):
        return "future"
    if not left.strip(" \n\"“'‘") or not cues:
        rc = _cues(right)
        if rc:
            return rc[0][1]
    return None


def scheduled(left: str, right: str) -> bool:
    """A present-tense verb of a scheduled event governs the mention ("leaders meet
    Monday", "the talks begin Friday", "Sunday's vote"): it lies ahead."""
    m = None
    for m in _SCHEDULED.finditer(left[-40:]):  # noqa: B007 - the last match
        pass
    if m is None:
        return False
    tail = left[-40:][m.end() :]
    return len(tail.split()) <= 3 and not re.search(r"ed\b|\b(?:was|were|had|did)\b", tail)


def _has_verb(s: str) -> bool:
    return bool(_past_verbs(s) or _FUTURE.search(s) or _PRESENT.search(s))


def is_future(left: str, right: str) -> bool:
    return tense(left, right) == "future"


def nearest_year(anchor: date, month: int, day: int) -> int:
    """The year putting (month, day) nearest to the anchor (news names dates within a few
    months of the day it is written, on either side)."""
    best = anchor.year
    best_gap = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = safe_date(y, month, day) or date(y, month, 28)
        gap = abs((d - anchor).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best
