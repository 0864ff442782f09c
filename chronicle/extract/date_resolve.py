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
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q([1-4])|-H([12])|-(SP|SU|FA|WI))?", value)
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
    r"\b(?:will|won['’]t|shall|going\s+to|plans?\s+to|planning\s+to|intends?\s+to|is\s+to|are\s+to|"
    r"(?:is|are|be)\s+(?:due|set|scheduled|expected|slated)\s+to|scheduled\s+(?:for|to)|due\s+(?:on|to)|"
    r"upcoming)\b|['’]ll\b",
    re.IGNORECASE,
)
# Past-tense and reporting verbs: a future marker before one of these is not this clause's.
_PAST = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|added|was|were|had|did|has|have|"
    r"[a-z]{3,}ed)\b",
    re.IGNORECASE,
)


def is_future(left: str, right: str) -> bool:
    """Tense of the clause around a mention: `left` is the sentence before it, `right`
    the few words after it. Future when a future marker governs the mention, i.e. comes
    after the last past-tense verb on the left, or directly follows the mention."""
    last_future = -1
    for m in _FUTURE.finditer(left):
        last_future = m.start()
    if last_future >= 0:
        last_past = -1
        for m in _PAST.finditer(left, last_future):
            if m.start() > last_future and not left[m.start():m.end()].lower().startswith(("schedul", "expect")):
                last_past = m.start()
        if last_past < 0:
            return True
    head = right[:30]
    fm = _FUTURE.match(head.lstrip(" ,"))
    return bool(fm)
