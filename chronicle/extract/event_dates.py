"""When a happening took place: how an event reads the dates of its sentence.

The temporal tagger (`dates.py`) resolves every date mention; an event then decides which of
its sentence's mentions dates the happening it reports and how far to trust it:

* A weekday that the tagger put after the publication date ("On Sunday it is claimed a
  helicopter struck ..." read as the Sunday ahead) dates a happening the report tells in
  the past: it is the week before, unless the sentence speaks of the future.
* "Since Tuesday" starts a period that runs to the report's day: it dates a running toll's
  start, not the day of the report's news.
* "said on Sunday", "announced on Friday" date the telling, not the happening.
* A period that reaches the publication date ("this week", "this month", "2017" in a 2017
  report) says no more than the report's own day does.

Helpers over TIMEX3 values (first and last day of a year, month, week) live here too.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from chronicle.extract.types import DateMention

_WEEKDAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.IGNORECASE
)
# Words that put a sentence's happening ahead of the report: "will vote on Sunday", "the
# forum due to be held on Monday"
_FUTURE = re.compile(
    r"\b(?:will|shall|to be held|due to|scheduled|set to|expected to|plans? to|planning to|"
    r"upcoming|next)\b",
    re.IGNORECASE,
)
_SINCE_BEFORE = re.compile(r"\b(?:since|from|starting)\s+$", re.IGNORECASE)
# A date at the end of a "since" clause: "have intensified since rebels launched a campaign
# to break the siege on July 31"
_SINCE_CLAUSE = re.compile(
    r"\bsince\s+(?!(?:then|that|this)\b)(?:[^\s.,;:!?]+\s+){1,15}(?:(?:on|in)\s+)?$",
    re.IGNORECASE,
)
# A date that belongs to a verb of telling: "said on Sunday", "announced Friday", "told AFP
# on Monday", "a statement released Saturday"
_TELLING_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|told|stated|added|confirmed|claimed|declared|"
    r"released|published|quoted|tweeted|wrote)\s+"
    # "told AFP", "in a statement": not a number or a verb of the happening ("said 20
    # people died on Monday" dates the deaths)
    r"(?:(?!\S*(?:\d|ed\b|dead\b))\S+\s+){0,3}?(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


# Words that open a clause of its own between a happening's verb and a date: "killed trying
# to reopen the road which regime forces severed on Thursday"
_OTHER_CLAUSE = re.compile(r"\b(?:which|who|whom|whose)\b|[;:]", re.IGNORECASE)


# A clause of another happening that opens before a date: "After fighters drove them out of
# the town last month, jihadists attacked ..."
_EARLIER_CLAUSE = re.compile(r"\b(?:after|before|following)\b", re.IGNORECASE)


def attached(text: str, mention: DateMention, anchor: int, start: int) -> bool:
    """The date belongs to the clause of the words at `anchor` (no relative clause or
    semicolon between them, nor an "after" clause that holds the date before them) in the
    sentence that begins at `start`."""
    lo, hi = sorted((anchor, mention.start))
    if _OTHER_CLAUSE.search(text, lo, hi):
        return False
    if mention.start < anchor:
        return not _EARLIER_CLAUSE.search(text, max(start, mention.start - 100), mention.start)
    return True


def happening_value(
    text: str, mention: DateMention, value: str, start: int, end: int, published: date | None
) -> str:
    """The value of a date mention as the date of a happening the sentence text[start:end]
    reports: a weekday read ahead of the publication date is the one before it."""
    if published is None or len(value) != 10 or not _WEEKDAY.search(mention.text):
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if not published < day <= published + timedelta(days=6):
        return value
    if _FUTURE.search(text, start, end):
        return value
    if day == published + timedelta(days=1):
        # "on Tuesday" in a report dated Monday: the dateline runs a day behind (another
        # time zone, the first version's date), not a week-old happening
        return published.isoformat()
    return (day - timedelta(days=7)).isoformat()


def is_since(text: str, mention: DateMention) -> bool:
    """'Since Tuesday', 'since September 16': the start of a period, not a day of news."""
    if mention.text.lower().startswith(("since ", "from ")):
        return True
    if _SINCE_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return True
    return bool(_SINCE_CLAUSE.search(text, max(0, mention.start - 140), mention.start))


def is_telling(text: str, mention: DateMention) -> bool:
    """'said on Sunday': the day of the telling, not of what is told."""
    return bool(_TELLING_BEFORE.search(text, max(0, mention.start - 40), mention.start))


def reaches(value: str, published: date) -> bool:
    """A period (coarser than a day) that reaches the publication date: "this week",
    "earlier this month", "2017" in a 2017 report."""
    if len(value) == 10:
        return False
    last = last_day(value)
    return last is not None and last >= published


def after(value: str | None, published: date | None) -> bool:
    """A value that begins after the publication date: not a happening the report tells."""
    if not value or published is None:
        return False
    first = first_day(value) if len(value) != 10 else _day(value)
    return first is not None and first > published


def last_day(value: str | None) -> date | None:
    """The last day a TIMEX3 value covers ("2014" -> 2014-12-31)."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = int(value[:4]), int(value[5:])
            return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        if re.fullmatch(r"\d{4}-W\d{2}", value):
            return date.fromisocalendar(int(value[:4]), int(value[6:]), 7)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 12, 31)
        if re.fullmatch(r"\d{3}X", value):
            return date(int(value[:3]) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def first_day(value: str) -> date | None:
    """The first day a TIMEX3 value covers ("2015-W08" -> 2015-02-16)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date(int(value[:4]), int(value[5:]), 1)
        if re.fullmatch(r"\d{4}-W\d{2}", value):
            return date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1)
        if re.fullmatch(r"\d{3}X", value):
            return date(int(value[:3]) * 10, 1, 1)
    except ValueError:
        return None
    return None


def within(day: str, period: str) -> bool:
    """A day inside a coarser period ("2015-02-17" in "2015-W08")."""
    if len(day) != 10 or len(period) == 10:
        return False
    first, last = first_day(period), last_day(period)
    return first is not None and last is not None and first <= date.fromisoformat(day) <= last


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
