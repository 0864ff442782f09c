"""Dates that are page furniture: the publication date a text states, its last update,
its copyright year. None of them is an event; the publication date is read from them.

News states when it was published in a few set ways, whatever the outlet:

- a label: "Published July 5 2015", "Date of publication 19 June 2016", "Posted on
  August 3 2016 by ...", "Last updated at Aug 14 2016" (an update ranks below the rest);
- an agency dateline: "BEIRUT, July 5, 2015 (Reuters) -";
- a date that leads a line at the top of the text: "Wed 05 Apr 2017 Syria attack ...",
  "24.08.2013 Syrian state media ...", a line that is only a date;
- in the run of words before the story begins (headline, outlet, agency), a date beside a
  weekday, an agency name or a clock time: "... Monitor AFP Friday 15 Jul 2016 At least".

A date inside a sentence ("killed on Friday 15 July 2016", "the report, published July 5
2015, found") is none of these: a dateline is never preceded by a preposition or a
lower-case word, nor followed by one. The rules work on the full calendar dates that the
recognition rules found (`Proto`s), so the date grammar is the tagger's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from chronicle.extract.date_rules import Proto, glued_date

# How a stated date ranks as the publication date: lower wins, then the earlier one.
PUBLISHED, DATELINE, UPDATED = 0, 1, 2

HEAD_CHARS = 2000  # datelines, labels and bylines live at the top of a text
_HEAD_LINE_CHARS = 400  # the run of words before the story, on one line
_TOP_LINES = 8

_LABEL = re.compile(
    r"(?P<label>date\s+of\s+publication|first\s+published|published|posted|publication\s+date|"
    r"last\s+updated|updated|last\s+modified|modified|dated|date)"
    r"(?:\s+(?:on|at))?\s*[:|–—-]?\s*"
    # a time may stand between the label and the date ("Published: 12:30 GMT, 5 July 2015")
    # ("Updated 1030 GMT (1830 HKT) July 5, 2015")
    r"(?:\d{1,2}[:.]?\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*(?:\([^()\n]{1,24}\)\s*)?"
    r"[,|–—-]?\s*)?\Z",
    re.IGNORECASE,
)
_UPDATE_LABELS = ("updated", "modified")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–—]|to)\s*)?\Z|copyright\s+©\s*\Z", re.IGNORECASE
)
# "BEIRUT, " or "DAMASCUS, Syria, " at the start of a line; "(Reuters) -" after the date
_CITY = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s*\Z")
_AGENCY_DASH = re.compile(r"\s*(?:\([A-Za-z][A-Za-z .'’/-]{1,40}\)\s*)?[-–—:]")
# Wire agencies and state news agencies that sign datelines (as they write their names).
_AGENCIES = (
    "AFP|AP|Reuters|REUTERS|SANA|NNA|ANSA|DPA|dpa|Xinhua|XINHUA|TASS|RIA Novosti|Sputnik|IRNA|"
    "Anadolu|UPI|EFE|Kyodo|Yonhap|PTI|IANS|WAM|SPA|KUNA|QNA|MENA|Bernama|Interfax|Petra|INA|"
    "Associated Press|Agence France-Presse|Press Association|Bloomberg"
)
_AGENCY_BEFORE = re.compile(rf"(?<![\w-])(?:{_AGENCIES})[\s,|–—-]*\Z")
_AGENCY_AFTER = re.compile(rf"[ \t,|–—-]*(?:{_AGENCIES})(?![\w-])")
_CLOCK_BEFORE = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3])[:.]?[0-5]\d\s*\Z")
# "at 0914", "21:09", "16:45 GMT", "| 10:30 am", "102138" (hhmmss run together)
_CLOCK_AFTER = re.compile(
    r"[ \t,|–—-]*(?:at[ \t]+)?(?:[01]?\d|2[0-3])[:.]?[0-5]\d(?:[:.]?[0-5]\d)?(?![\d:.])"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{3,4})(?:\s*[+-]\d{1,2})?)?"
)
_WEEKDAY_START = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)
_FIELD = re.compile(r"[a-z]{2,12}:")  # a scraped field name: "title: ..."
_PREPOSITIONS = frozenset(
    "on in at since until till by from of before after during to through between and or "
    "than about around until".split()
)
_BY = re.compile(r"\s*by\b")  # "Posted on August 3 2016 by Jordan Dakamseh"
_WORD_BEFORE = re.compile(r"(\S+)[\s,]*\Z")
_LINE_LEAD = re.compile(r"[\s(\[*|•·>#–—-]*\Z")
# the end of the first sentence of a line: a stop after a word of two letters or more
_STOP = re.compile(r"(?<=[A-Za-z0-9]{2})[.!?][\"”’)]*\s")


@dataclass
class Stated:
    """A date the text states about itself, and the furniture that carries it."""

    start: int  # the furniture: label, date and time
    end: int
    date_start: int  # the date itself
    date_end: int
    value: str  # YYYY-MM-DD
    rank: int  # PUBLISHED, DATELINE or UPDATED
    head: bool  # at the top of the text, where a publication date is stated


def _full_dates(text: str, protos: list[Proto]) -> list[Proto]:
    """The calendar days written out in full, the longest reading of each span; one that
    runs over a line break starts on the line of its day ("until Friday\nSeptember 18,
    2008" is a sentence's end, then a dateline)."""
    days = []
    for p in protos:
        if p.kind == "abs" and p.explicit and p.value and len(p.value) >= 10 and p.value[4] == "-":
            cut = text.rfind("\n", p.start, p.end)
            days.append(p if cut < 0 else replace(p, start=cut + 1))
    days.sort(key=lambda p: (p.start, -p.end))
    out: list[Proto] = []
    for p in days:
        if out and p.start < out[-1].end:
            continue  # inside a longer reading ("05 Apr 2017" in "Wed 05 Apr 2017")
        out.append(p)
    return out


def _line_start(text: str, pos: int) -> bool:
    """Is `pos` the first word of its line (after bullets, brackets or dashes)?"""
    lo = max(0, pos - 80)
    before = text[lo:pos]
    k = before.rfind("\n")
    if k < 0 and lo > 0:
        return False
    return bool(_LINE_LEAD.match(before, k + 1))


@dataclass
class _After:
    end: int  # the end of the furniture after the date
    clock: bool  # a clock time follows the date
    agency: bool  # an agency's name follows it
    free: bool  # what follows is not the rest of a sentence
    colon: bool  # a colon follows (a timeline's "March 15, 2011: ...")


def _after(text: str, end: int) -> _After:
    """What follows a date: a clock time, an agency, then the story (a capital, a digit,
    a quote, a field name such as "title:") or nothing, unless the date is part of a
    sentence (a lower-case word or a comma follows)."""
    clock = _CLOCK_AFTER.match(text, end, end + 40)
    if clock:
        end = clock.end()
    agency = _AGENCY_AFTER.match(text, end, end + 40)
    if agency:
        end = agency.end()
    k = end
    n = min(len(text), end + 40)
    while k < n and text[k] in " \t":
        k += 1
    nxt = text[k] if k < len(text) and text[k] != "\n" else ""
    free = nxt == "" or not (nxt.islower() or nxt in ",;") or bool(_FIELD.match(text, k))
    return _After(end, bool(clock), bool(agency), free, nxt == ":")


def _word_before(text: str, start: int) -> str | None:
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m.group(1) if m else None


def _free_before(word: str | None, strong: bool) -> bool:
    """Does nothing lead into the date as into a part of a sentence? A preposition never
    may ("killed on Friday 15 July 2016"); another lower-case word ("Print this page
    Tuesday 19 July 2016 16:45") only before a date with strong marks of a timestamp."""
    if word is None:
        return True
    if word[-1:] in ",;" or word.lower() in _PREPOSITIONS:
        return False
    return strong or not word[:1].islower()


def _head_segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of the start of each of the first lines: the run of words before
    its first sentence ends, at most `_HEAD_LINE_CHARS` long."""
    out: list[tuple[int, int]] = []
    pos = 0
    limit = min(len(text), HEAD_CHARS)
    while pos < limit and len(out) < _TOP_LINES:
        nl = text.find("\n", pos, limit)
        end = limit if nl < 0 else nl
        if text[pos:end].strip():
            cut = min(end, pos + _HEAD_LINE_CHARS)
            stop = _STOP.search(text, pos, cut)
            out.append((pos, stop.start() + 1 if stop else cut))
        pos = end + 1
    return out


def stated_dates(text: str, protos: list[Proto], *, day_first: bool = True) -> list[Stated]:
    """Every date `text` states about itself (see the module's doc), in text order.

    `protos` are the recognition rules' candidates over `text` (or a prefix of it)."""
    days = _full_dates(text, protos) + glued_date(text[:HEAD_CHARS], day_first)
    days.sort(key=lambda p: p.start)
    segments = _head_segments(text)
    out: list[Stated] = []
    seen: set[int] = set()
    for p in days:
        if p.start in seen:
            continue
        seen.add(p.start)
        value = (p.value or "")[:10]
        head = p.start < HEAD_CHARS
        label = _LABEL.search(text, max(0, p.start - 60), p.start)
        if label and (
            label.group("label")[:1].isupper() or _line_start(text, label.start("label"))
        ):
            after = _after(text, p.end)
            if not (after.free or _BY.match(text, after.end)):
                continue  # "Dated 08.07.2017 here": a sentence about a date
            word = label.group("label").lower()
            rank = UPDATED if any(w in word for w in _UPDATE_LABELS) else PUBLISHED
            out.append(Stated(label.start(), after.end, p.start, p.end, value, rank, head))
            continue
        if not head:
            continue
        city = _CITY.search(text, max(0, p.start - 70), p.start)
        if city and _AGENCY_DASH.match(text, p.end):
            start = city.start() + (1 if text[city.start()] == "\n" else 0)
            out.append(Stated(start, p.end, p.start, p.end, value, PUBLISHED, head))
            continue
        after = _after(text, p.end)
        if _line_start(text, p.start):
            if after.free and not after.colon:
                out.append(Stated(p.start, after.end, p.start, p.end, value, DATELINE, head))
            continue
        if not any(s <= p.start and p.end <= e for s, e in segments):
            continue
        # the marks of a timestamp beside the date: a weekday, a clock time, an agency
        marks = (
            bool(_WEEKDAY_START.match(text, p.start))
            + (after.clock or bool(_CLOCK_BEFORE.search(text, max(0, p.start - 12), p.start)))
            + (after.agency or bool(_AGENCY_BEFORE.search(text, max(0, p.start - 30), p.start)))
        )
        strong = marks >= 2
        if marks and after.free and _free_before(_word_before(text, p.start), strong):
            out.append(Stated(p.start, after.end, p.start, p.end, value, DATELINE, head))
    return _drop_timelines(out)


def _drop_timelines(found: list[Stated]) -> list[Stated]:
    """Lines that each begin with a different date are a timeline ("March 15, 2011 ...
    / March 18, 2011 ..."), not a dateline: a text has one publication date."""
    leads = {s.value for s in found if s.rank == DATELINE and s.start == s.date_start}
    if len(leads) < 2:
        return found
    return [s for s in found if not (s.rank == DATELINE and s.start == s.date_start)]


def copyright_years(text: str, protos: list[Proto]) -> list[tuple[int, int]]:
    """Spans of years in copyright notices ("© 2017 Reuters", "Copyright 2010-2017")."""
    out = []
    for p in protos:
        if p.kind == "abs" and p.value and len(p.value) == 4 and p.start > 0:
            if _COPYRIGHT.search(text, max(0, p.start - 24), p.start):
                out.append((p.start, p.end))
    return out


def best(found: list[Stated], *, head_only: bool = True) -> Stated | None:
    """The stated publication date: the best-ranked, then the first."""
    pool = [s for s in found if s.head or not head_only]
    return min(pool, key=lambda s: (s.rank, s.start)) if pool else None
