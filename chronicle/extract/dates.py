"""Chronicle's temporal tagger: find date expressions and normalize them as TIMEX3.

The pipeline, for one text:

1. recognize: every rule of `date_rules.RULES` proposes candidate spans (`Proto`);
2. select: the longest candidates win, none overlapping; page furniture at the top
   (the dateline, "Posted on ... by ...") is left out;
3. extend: a leading preposition or modifier joins its mention ("on Thursday",
   "since 2014", "in mid-February"), the modifier setting TIMEX3 `mod`;
4. resolve, in text order: explicit dates stand alone; relative ones are resolved
   against the section anchor (a dated sub-heading above them) or else the publication
   date, using the tense of their clause (HeidelTime-style: past-tense reporting looks
   back, "will ... on Sunday" looks forward); anaphoric ones ("the same day", "a year
   earlier", "the quarter") against the date last under discussion.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from chronicle.extract import date_resolve as cal
from chronicle.extract.date_furniture import HEAD_CHARS, Stated, best, copyright_years, stated_dates
from chronicle.extract.date_rules import (
    LITERAL_RULES,
    NEEDLE_RULES,
    RULES,
    THE_QUARTER,
    WORD_NEEDLES,
    Proto,
)
from chronicle.extract.types import DATE, TIME, DateMention

__all__ = [
    "tag_dates",
    "find_dateline",
    "stated_in",
    "latest_date",
    "section_anchors",
]

# ---------------------------------------------------------------------------- recognition


def _windows(
    flat: str, spans: list[tuple[int, int]], left: int, right: int
) -> list[tuple[int, int]]:
    """Stretches of text around a rule's needles (`spans`), merged, with edges at
    whitespace (and a few characters more on the right for the rule's look-aheads).
    `flat` is the lower-cased text with newlines as spaces (one `find` per edge)."""
    out: list[tuple[int, int]] = []
    n = len(flat)
    last_hi = -1
    for s, e in spans:
        lo, hi = s - left, e + right
        if out and lo <= last_hi:
            last_hi = hi
            out[-1] = (out[-1][0], hi)
            continue
        last_hi = hi
        out.append((lo, hi))
    snapped = []
    for lo, hi in out:
        lo = flat.rfind(" ", 0, lo) + 1 if lo > 0 else 0
        if hi >= n:
            hi = n
        else:
            k = flat.find(" ", hi)
            hi = n if k < 0 else min(n, k + 8)
        snapped.append((lo, hi))
    return snapped


_ANY_DIGIT = re.compile(r"[0-9]")
WINDOWS = True  # False: run every rule on the whole text (a check that windows lose nothing)


def _candidates(text: str, day_first: bool) -> list[tuple[int, int, int, list[Proto]]]:
    """(start, end, rule index, protos) for every rule match that its builder accepts."""
    low = text.lower()
    folded = len(low) == len(text)  # lower() keeps offsets for all but a few letters
    scan = low if folded else text
    out = []
    needles: dict[str, list[tuple[int, int]]] = {}  # rules share needles
    word_spans: dict[int, list[tuple[int, int]]] = {i: [] for i in LITERAL_RULES}
    windowed = folded and WINDOWS
    digits = _ANY_DIGIT.search(low) is not None
    if windowed:
        flat = low.replace("\n", " ")
        for m in WORD_NEEDLES.finditer(low):  # one scan serves every word needle
            for i in NEEDLE_RULES[m.group()]:
                word_spans[i].append(m.span())
    whole = [(0, len(text))]
    for i, rule in enumerate(RULES):
        rx = rule.rx_low if folded else rule.rx_any
        if windowed:
            spans = word_spans.get(i) if i in LITERAL_RULES else needles.get(rule.needle.pattern)
            if spans is None:
                spans = needles[rule.needle.pattern] = (
                    [m.span() for m in rule.needle.finditer(low)]
                    if (digits or not rule.digits)
                    else []
                )
            if not spans:
                continue
            windows = _windows(flat, spans, rule.left, rule.right)
        else:
            windows = whole
        build = rule.build
        for lo, hi in windows:
            for m in rx.finditer(scan, lo, hi):
                protos = build(m, text, day_first)
                if protos:
                    if len(protos) == 1:
                        p = protos[0]
                        out.append((p.start, p.end, i, protos))
                    else:
                        out.append(
                            (min(p.start for p in protos), max(p.end for p in protos), i, protos)
                        )
    if not windowed or "quarter" in low:
        for m in THE_QUARTER.finditer(text):
            out.append((m.start(), m.end(), len(RULES), [Proto(m.start(), m.end(), "quarter_ref")]))
    return out


def _select(
    cands: list[tuple[int, int, int, list[Proto]]], skip: list[tuple[int, int]]
) -> list[Proto]:
    """Longest candidates first (earlier rules break ties), no overlaps, none in `skip`."""
    cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    end = max([e for _s, e, _i, _p in cands] + [e for _s, e in skip] + [0])
    taken = bytearray(end + 1)  # 1 where a chosen candidate (or furniture) lies
    for s, e in skip:
        taken[s:e] = b"\x01" * (e - s)
    chosen: list[Proto] = []
    for s, e, _i, protos in cands:
        if 1 in taken[s:e]:
            continue
        taken[s:e] = b"\x01" * (e - s)
        chosen.extend(protos)
    chosen.sort(key=lambda p: p.start)
    # "Previously on Thursday", "now on Friday": the adverb only leads into the date
    return [
        p
        for i, p in enumerate(chosen)
        if not (
            p.kind == "fixed"
            and p.value
            and p.value.endswith("_REF")
            and i + 1 < len(chosen)
            and chosen[i + 1].start - p.end <= 4
            and chosen[i + 1].kind != "fixed"
        )
    ]


# A preposition or modifier just before a mention, read back from the mention's start.
_PREFIX = re.compile(
    r"(?:\b(?P<prep>on|since|in|during|until|till|through|throughout|from)\s+)?"
    r"(?:\b(?:the\s+)?(?P<mod>early|late|mid|middle\s+of|beginning\s+of|start\s+of|end\s+of|close\s+of)"
    r"[\s-]+(?:(?:on|in|of)\s+)?(?:the\s+)?)?"
    r"(?:\b(?:the\s+)?month\s+of\s+)?\Z",
    re.IGNORECASE,
)
_MODS = {
    "early": "START",
    "beginning of": "START",
    "start of": "START",
    "mid": "MID",
    "middle of": "MID",
    "late": "END",
    "end of": "END",
    "close of": "END",
}


_LAST_LETTERS = re.compile(r"[^\W\d_]+\Z")
_PREFIX_LAST = frozenset(
    "on since in during until till through throughout from early late mid of the".split()
)


def _prefix_word(text: str, start: int) -> bool:
    """Could a `_PREFIX` end at `start`? Only after one of its last words (a quick test
    before the costlier backward search)."""
    seg = text[max(0, start - 16) : start]
    k = len(seg)
    while k and (seg[k - 1] == "-" or seg[k - 1].isspace()):
        k -= 1
    if k == len(seg):
        return False
    words = seg[:k].split()
    if not words:
        return False
    last = _LAST_LETTERS.search(words[-1])  # "(on" ends in "on"
    return last is not None and last.group().lower() in _PREFIX_LAST


def _extend(text: str, protos: list[Proto]) -> None:
    """Join a leading preposition/modifier to each DATE/TIME mention (not into the one
    before it), and record the preposition and TIMEX3 mod they carry."""
    prev_end = 0
    for p in protos:
        if p.type in (DATE, TIME) and p.start > prev_end and _prefix_word(text, p.start):
            lo = max(prev_end, p.start - 40)
            m = _PREFIX.search(text, lo, p.start)
            if m and m.start() < p.start:
                p.start = m.start()
                p.prep = (m["prep"] or "").lower()
                if m["mod"] and p.mod is None:
                    p.mod = _MODS[" ".join(m["mod"].lower().split())]
        prev_end = p.end


# ---------------------------------------------------------------------------- page furniture

_POSTED = re.compile(r"\bposted\s+(?:on|by)\b", re.IGNORECASE)
_DATELINE_WORDS = re.compile(
    r"\b(?:date[d]?|published|posted|updated|last\s+updated|first\s+published|on|by|at)\b\s*:?|"
    r"\bby\s+\S+(?:\s+\S+)?\s*$|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?|[\W_]+",
    re.IGNORECASE,
)
_PROSE = re.compile(r"[.!?][\"”’)]*\s*$")


def _top_lines(text: str, limit: int = 6) -> list[tuple[int, int]]:
    """(start, end) of the first non-empty lines, up to the first line of prose."""
    lines: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text) and len(lines) < limit and pos <= 1500:
        nl = text.find("\n", pos)
        start, end = pos, (len(text) if nl < 0 else nl)
        pos = end + 1
        line = text[start:end]
        if not line.strip():
            continue
        if len(line) > 1500 or (_PROSE.search(line) and len(line.split()) > 12):
            break
        lines.append((start, end))
    return lines


def _furniture(
    text: str, protos: list[Proto], day_first: bool
) -> tuple[list[tuple[int, int]], list[Stated]]:
    """Page furniture among the dates: top lines that carry or surround the publication
    date (a "Posted on ... by ..." line, "date 2017-07-08", a line that is only a date),
    the dates a text states about itself (`date_furniture`) and copyright years. Returns
    the spans nothing is extracted from, and the stated dates."""
    spans = []
    for start, end in _top_lines(text):
        line = text[start:end]
        inside = [
            p
            for p in protos
            if start <= p.start
            and p.end <= end
            and p.kind == "abs"
            and p.value is not None
            and len(p.value) >= 10
        ]
        rest = line
        for p in sorted(inside, key=lambda p: -p.start):
            rest = rest[: p.start - start] + rest[p.end - start :]
        if _POSTED.search(line) or (inside and not _DATELINE_WORDS.sub("", rest).strip()):
            spans.append((start, end))
    stated = stated_dates(text, protos, day_first=day_first)
    spans += [(s.start, s.end) for s in stated]
    spans += copyright_years(text, protos)
    return spans, stated


def _protos(text: str, day_first: bool) -> list[Proto]:
    return [p for _s, _e, _i, ps in _candidates(text, day_first) for p in ps]


def stated_in(text: str, *, day_first: bool = True) -> list[Stated]:
    """The dates the top of `text` states about itself: datelines, "Published ..." and
    "Last updated ..." labels (`date_furniture`), in text order."""
    head = text[:HEAD_CHARS]
    return [s for s in stated_dates(head, _protos(head, day_first), day_first=day_first) if s.head]


def find_dateline(text: str, *, day_first: bool = True) -> DateMention | None:
    """The dateline of a text ("08.07.2017", "date 2017-07-08 Posted on by ...",
    "Published July 21 2015", "Wed 05 Apr 2017 Syria attack ..."), as a mention, or None.
    `tag_dates` leaves it out (it is page furniture: the publication date, not an event)."""
    found = best(stated_in(text, day_first=day_first))
    if found is None:
        return None
    s, e = found.date_start, found.date_end
    return DateMention(s, e, text[s:e], found.value, DATE)


def latest_date(text: str, *, day_first: bool = True) -> date | None:
    """The latest full calendar date written in `text` (what a publication date is
    inferred from when the text states none), or None."""
    best_day: date | None = None
    for _s, _e, _i, protos in _candidates(text, day_first):
        for p in protos:
            if p.explicit and p.value:
                d = _day_of(p.value)
                if d is not None and (best_day is None or d > best_day):
                    best_day = d
    return best_day


# ---------------------------------------------------------------------------- sections


def _heading_like(line: str) -> bool:
    """A sub-heading: no closing sentence punctuation, and in capitals or with the date
    introducing the rest ("BATTLE FOR MOSUL – JULY 7, 2017: ...")."""
    s = line.strip()
    if not s or len(s) > 250 or _PROSE.search(s):
        return False
    letters = [c for c in s if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return bool(letters) and (upper / len(letters) > 0.7 or ":" in s or len(s.split()) <= 12)


def _day_of(value: str) -> date | None:
    """The calendar day a value starts with ("2017-07-08", "2017-07-08T10:30"), or None."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _anchors_from(text: str, protos: list[Proto]) -> list[tuple[int, date]]:
    out: list[tuple[int, date]] = []
    for p in protos:
        if not (p.kind == "abs" and p.explicit and p.value and len(p.value) >= 10):
            continue
        # a heading is at most 250 characters: look no further for its line's ends (a
        # text without line breaks would make this quadratic)
        ls = text.rfind("\n", max(0, p.start - 251), p.start) + 1
        le = text.find("\n", p.end, p.end + 251)
        le = len(text) if le < 0 and p.end + 251 >= len(text) else le
        if ls == 0 and p.start > 251 or le < 0:
            continue
        day = _day_of(p.value)
        if day is not None and _heading_like(text[ls:le]):
            out.append((le, day))
    return out


def section_anchors(text: str, *, day_first: bool = True) -> list[tuple[int, date]]:
    """(offset, date) for each dated sub-heading: from `offset` on, relative dates
    ("On Thursday") are read against `date` rather than the publication date."""
    cands = _candidates(text, day_first)
    spans, _ = _furniture(text, [p for _s, _e, _i, ps in cands for p in ps], day_first)
    return _anchors_from(text, _select(cands, spans))


# ---------------------------------------------------------------------------- resolution

# the end of a sentence: [.!?]+ and closing quotes before a space, or a line break (written
# to start with one character class, which the regex engine scans for quickly)
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\s*|[.!?]*[\"”’')\]]*\s+)")
_NO_REF = ("since", "until", "till", "from")  # these open an interval; the story is elsewhere


@dataclass
class _Context:
    text: str
    published: date | None
    anchors: list[tuple[int, date]]
    sentence_starts: list[int]
    ref_day: date | None = None  # the day under discussion ("the same day")
    ref_point: str | None = None  # the last point value of any granularity
    ref_point_pos: int = -1
    ref_quarter: str | None = None  # the quarter under discussion ("the quarter")
    anchor_keys: list[int] = field(default_factory=list)
    tenses: dict[int, str | None] = field(default_factory=dict)  # by mention start

    def anchor(self, pos: int) -> date | None:
        i = bisect.bisect_right(self.anchor_keys, pos) - 1
        return self.anchors[i][1] if i >= 0 else self.published

    def _around(self, p: Proto) -> tuple[str, str]:
        """The sentence of a mention before it (at most 200 characters) and after it."""
        i = bisect.bisect_right(self.sentence_starts, p.start) - 1
        s0 = self.sentence_starts[i] if i >= 0 else 0
        nxt = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return self.text[max(s0, p.start - 200) : p.start], self.text[p.end : min(nxt, p.end + 200)]

    def tense(self, p: Proto) -> str | None:
        """ "future", "past", "present" or None (no cue) for the clause of a mention."""
        if p.prep == "since":
            return "past"
        if p.start in self.tenses:
            return self.tenses[p.start]
        t = cal.tense(*self._around(p))
        if t == "past" and p.prep in ("until", "till", "through"):
            t = "limit"  # "postponed until Tuesday": a limit, not when it happened
        self.tenses[p.start] = t
        return t

    def future(self, p: Proto) -> bool:
        return self.tense(p) == "future"

    def ahead(self, p: Proto) -> bool:
        """Does a weekday lie ahead? In future-tense clauses ("will vote on Sunday"), and
        in present-tense ones ("leaders meet Monday", "the talks are on Sunday", "is
        holding talks Friday"); past-tense reporting ("said Thursday") looks back."""
        t = self.tense(p)
        if t == "future":
            return True
        if p.prep in ("since", "from"):
            return False
        left, right = self._around(p)
        if t == "limit":
            return cal.moved_ahead(f"{left} {p.prep}" if p.prep else left)
        return cal.scheduled(left, right) or t == "present"

    def near(self, pos: int, chars: int = 400) -> bool:
        return self.ref_point_pos >= 0 and pos - self.ref_point_pos <= chars


def _week_start(value: str) -> date | None:
    """The first day of a day/week/month value, for arithmetic from a reference."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m:
            return date(int(m[1]), int(m[2]), 1)
    except ValueError:
        return None
    return None


def _unit_value(d: date, unit: str, offset: int) -> str:
    """The `unit` (week, month...) containing d, moved by offset units."""
    if unit == "day":
        return cal.day_value(d + timedelta(days=offset))
    if unit == "week":
        return cal.week_value(d + timedelta(weeks=offset))
    if unit == "weekend":
        return cal.week_value(d + timedelta(weeks=offset)) + "-WE"
    if unit == "month":
        return cal.month_value(*cal.shift_month(d.year, d.month, offset))
    if unit == "quarter":
        q = cal.quarter_of(d) - 1 + offset
        return f"{d.year + q // 4:04d}-Q{q % 4 + 1}"
    if unit == "year":
        return f"{d.year + offset:04d}"
    if unit == "decade":
        return f"{d.year // 10 + offset:03d}"  # TIMEX3: "this decade" = 201
    if unit == "century":
        return f"{d.year // 100 + offset:02d}"
    return cal.day_value(d)  # hours, minutes: the day they fall on


def _resolve(p: Proto, ctx: _Context) -> tuple[str | None, bool] | None:
    """(value, relative) for a candidate; None drops it (not a date after all)."""
    kind = p.kind
    if kind == "void":
        return None  # date-shaped but no day of the calendar ("February 30, 2017")
    if kind in ("abs", "fixed"):
        return p.value, False
    anchor = ctx.anchor(p.start)
    if kind == "quarter_ref":
        return (ctx.ref_quarter, True) if ctx.ref_quarter and ctx.near(p.start, 1500) else None
    if kind == "rel_unit" and p.c and ctx.ref_day is not None and p.word == "day":
        return cal.day_value(ctx.ref_day + timedelta(days=p.a)), True
    if kind == "rel_unit" and p.c and ctx.ref_point is not None:
        base = _week_start(ctx.ref_point)
        if base is not None:
            return _unit_value(base, p.word, p.a), True
    if anchor is None:
        return None, False
    if kind == "rel_day":
        return cal.day_value(anchor + timedelta(days=p.a)), True
    if kind == "rel_unit":
        return _unit_value(anchor, p.word, p.a), True
    if kind == "weekday":
        return _weekday(p, anchor, ctx), True
    if kind == "weekend":
        sat = (
            cal.weekday_after(anchor, 5)
            if ctx.future(p)
            else cal.weekday_before(anchor + timedelta(days=1), 5)
        )
        return cal.week_value(sat) + "-WE", True
    if kind == "month_day":
        t = ctx.tense(p)
        if t == "limit":
            year = cal.limit_year(anchor, p.a, p.b)
        elif t in (None, "present"):
            year = cal.nearest_year(anchor, p.a, p.b)
        else:
            year = cal.month_day_year(anchor, p.a, p.b, t == "future")
        d = cal.safe_date(year, p.a, p.b)
        return (cal.day_value(d), True) if d else None
    if kind == "month":
        return _month(p, anchor, ctx), True
    if kind == "week_of":
        if p.c:
            d = cal.safe_date(p.c, p.a, p.b)
        else:
            t = ctx.tense(p)
            year = (
                cal.nearest_year(anchor, p.a, p.b)
                if t in (None, "present", "limit")
                else cal.month_day_year(anchor, p.a, p.b, t == "future")
            )
            d = cal.safe_date(year, p.a, p.b)
        return (cal.week_value(d), not p.c) if d else None
    if kind == "month_rel_year":
        return cal.month_value(anchor.year + p.c, p.a), True
    if kind == "holiday":
        return _holiday(p, anchor, ctx), True
    if kind == "season":
        code = cal.SEASONS[p.value or "summer"]
        if p.a:
            return f"{p.a:04d}-{code}", False
        if p.word in ("last", "past"):
            year = cal.season_year(anchor, code, False)
            year -= (
                1
                if year == anchor.year
                and code != "WI"
                and cal._SEASON_START_MONTH[code] + 2 >= anchor.month
                else 0
            )
        elif p.word in ("next", "coming"):
            year = cal.season_year(anchor, code, True)
        elif p.word == "this":
            year = anchor.year
        else:
            year = cal.season_year(anchor, code, ctx.future(p))
        return f"{year:04d}-{code}", True
    if kind == "quarter":
        q = _quarter(p, anchor, ctx)
        return (q, True) if q else None
    if kind == "ago":
        return _ago(p, anchor, ctx), True
    if kind == "clock":
        day = ctx.ref_day if ctx.ref_day is not None and ctx.near(p.start, 120) else anchor
        return f"{cal.day_value(day)}T{p.a:02d}:{p.b:02d}", True
    return None, False


def _holiday(p: Proto, anchor: date, ctx: _Context) -> str:
    """A movable feast ("Thanksgiving", "Easter"), by the year its clause points to."""
    on = cal.HOLIDAYS[p.word]
    this = on(anchor.year)
    if p.value in ("last", "past", "previous"):
        year = anchor.year if this < anchor else anchor.year - 1
    elif p.value in ("next", "coming"):
        year = anchor.year if this > anchor else anchor.year + 1
    elif p.value == "this":
        year = anchor.year
    else:
        t = ctx.tense(p)
        if t == "future":
            year = anchor.year if this >= anchor - timedelta(days=1) else anchor.year + 1
        elif t == "past":
            year = anchor.year if this <= anchor + timedelta(days=1) else anchor.year - 1
        else:
            year = min(
                (anchor.year - 1, anchor.year, anchor.year + 1),
                key=lambda y: abs((on(y) - anchor).days),
            )
    return cal.day_value(on(year))


def _weekday(p: Proto, anchor: date, ctx: _Context) -> str:
    if p.word in ("last", "past"):
        return cal.day_value(cal.weekday_before(anchor - timedelta(days=1), p.a))
    if p.word in ("next", "coming"):
        return cal.day_value(cal.weekday_after(anchor + timedelta(days=1), p.a))
    if not p.c and ctx.ahead(p):  # "Friday's raid" has happened
        return cal.day_value(cal.weekday_after(anchor, p.a))
    return cal.day_value(cal.weekday_before(anchor, p.a))


def _month(p: Proto, anchor: date, ctx: _Context) -> str:
    if p.word in ("last", "past", "previous"):
        year = anchor.year if p.a < anchor.month else anchor.year - 1
    elif p.word in ("next", "coming"):
        year = anchor.year if p.a > anchor.month else anchor.year + 1
    elif p.word == "this":
        year = anchor.year
    elif p.word == "that" and ctx.ref_point:
        year = int(ctx.ref_point[:4])
    else:
        t = ctx.tense(p)
        if t == "limit":
            year = cal.limit_year(anchor, p.a, 1)
        elif t in (None, "present"):
            year = cal.nearest_year(anchor, p.a, 15)
        else:
            year = cal.month_year(anchor, p.a, t == "future")
    return cal.month_value(year, p.a)


def _quarter(p: Proto, anchor: date, ctx: _Context) -> str | None:
    unit = p.value or "Q"
    current = cal.quarter_of(anchor) if unit == "Q" else (anchor.month - 1) // 6 + 1
    n, code = p.a, p.word
    if code == "latest" or (code == "ago" and not n and not ctx.ref_quarter):
        k = (anchor.year * 4 + current - 2) if unit == "Q" else (anchor.year * 2 + current - 2)
        per = 4 if unit == "Q" else 2
        year, n = k // per, k % per + 1
    elif code == "current":
        year, n = anchor.year, current
    elif code in ("same", "ago") and not n and ctx.ref_quarter:
        year, n = int(ctx.ref_quarter[:4]), int(ctx.ref_quarter[-1])
    elif p.b:
        year = p.b
    elif code == "rel":
        year = anchor.year + p.c
    elif n <= current:
        year = anchor.year  # quarters so far this year: business news reports on them
    else:
        year = anchor.year if ctx.future(p) else anchor.year - 1
    if not n:
        return None  # "the same quarter" with no quarter under discussion
    if code == "ago":
        year -= 1
    return f"{year:04d}-{unit}{n}"


def _ago(p: Proto, anchor: date, ctx: _Context) -> str:
    if p.b:  # "several years ago", "a few days later": a vague shift
        return (
            "PAST_REF"
            if p.a <= 0 and p.word and "ago"
            else "PAST_REF"
            if p.a <= 0
            else "FUTURE_REF"
        )
    # Business news compares with the same period a year before ("third-quarter profit
    # ... a year ago"): shift the quarter under discussion, keeping its granularity.
    if (
        p.word == "year"
        and ctx.ref_point
        and re.fullmatch(r"\d{4}-(?:Q|H)\d", ctx.ref_point)
        and ctx.near(p.start)
    ):
        return cal.shift_value(ctx.ref_point, years=p.a) or f"{anchor.year + p.a:04d}"
    base = anchor
    if p.c and ctx.ref_point and ctx.near(p.start):  # "two days later": from the date in the story
        ref = _week_start(ctx.ref_point)
        if ref is not None and (
            p.word in ("day", "week")
            and len(ctx.ref_point) >= 8
            or p.word in ("month", "year", "decade")
        ):
            base = ref
    if p.word == "day":
        return cal.day_value(base + timedelta(days=p.a))
    if p.word in ("week", "fortnight"):
        return cal.week_value(base + timedelta(weeks=p.a * (2 if p.word == "fortnight" else 1)))
    if p.word == "month":
        return cal.month_value(*cal.shift_month(base.year, base.month, p.a))
    if p.word == "year":
        return f"{base.year + p.a:04d}"
    if p.word == "decade":
        return f"{base.year + 10 * p.a:04d}"
    if p.word == "century":
        return f"{base.year + 100 * p.a:04d}"
    return cal.day_value(base)


def _remember(p: Proto, value: str, ctx: _Context) -> None:
    """Keep the date under discussion for anaphora; intervals ("since Saturday") and
    durations do not move it."""
    if p.type not in (DATE, TIME) or not value[:1].isdigit() or p.prep in _NO_REF:
        return
    if p.kind == "ago" or (p.kind == "quarter" and p.word == "ago"):
        return  # "a year ago", "the year-ago quarter": a comparison, the story stays put
    if re.fullmatch(r"\d{4}-(?:Q|H)\d", value):
        ctx.ref_quarter = value
    ctx.ref_point, ctx.ref_point_pos = value, p.end
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        ctx.ref_day = _day_of(value) or ctx.ref_day


# Abbreviations whose full stop does not end a sentence ("Jan. 14", "Gen. Smith", "U.S.").
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "mr mrs ms dr gen lt col maj capt sgt cpl adm cmdr sen rep gov pres prof rev st mt ft no nos "
    "vs inc corp co ltd jr sr approx est dept univ".split()
)
_WORD_BEFORE_STOP = re.compile(r"([A-Za-z]+)\Z")


def _sentence_starts(text: str) -> list[int]:
    out = [0]
    for m in _SENTENCE_END.finditer(text):
        k = m.start()
        if text[k] == "." and m.end() - k <= 2:  # "x. " (not "x.\n\n", "x.. ", "x.' ")
            w = _WORD_BEFORE_STOP.search(text, max(0, k - 6), k)
            if w and (len(w.group()) == 1 or w.group().lower() in _ABBREVIATIONS):
                continue
        out.append(m.end())
    return out


def tag_dates(text: str, published: date | None, *, day_first: bool = True) -> list[DateMention]:
    """Every temporal expression in `text`, in text order, resolved against `published`.

    Relative expressions get value None when there is nothing to resolve them against.
    Page furniture at the top (dateline, "Posted on ... by ...") yields nothing: see
    `find_dateline` / `published.infer_published` for the publication date it carries."""
    if not text:
        return []
    cands = _candidates(text, day_first)
    furniture, _ = _furniture(text, [p for _s, _e, _i, ps in cands for p in ps], day_first)
    protos = _select(cands, furniture)
    _extend(text, protos)
    anchors = _anchors_from(text, protos)
    ctx = _Context(
        text, published, anchors, _sentence_starts(text), anchor_keys=[a[0] for a in anchors]
    )
    out: list[DateMention] = []
    next_anchor = 0
    for p in protos:
        while next_anchor < len(anchors) and anchors[next_anchor][0] <= p.start:
            ctx.ref_day = anchors[next_anchor][1]  # a new section: its date is the story's
            ctx.ref_point, ctx.ref_point_pos = ctx.ref_day.isoformat(), anchors[next_anchor][0]
            next_anchor += 1
        res = _resolve(p, ctx)
        if res is None:
            continue
        value, relative = res
        if value is not None:
            _remember(p, value, ctx)
        out.append(
            DateMention(p.start, p.end, text[p.start : p.end], value, p.type, p.mod, relative)
        )
    _clock_days(text, protos, out)
    return out


# between a clock time and the day it names: "10:35 a.m. (0735 GMT) Friday", "9 a.m. on Tuesday"
_CLOCK_TO_DAY = re.compile(r"\s*(?:\([^()]{0,24}\)\s*)?,?\s*(?:on\s+)?\Z", re.IGNORECASE)


def _clock_days(text: str, protos: list[Proto], out: list[DateMention]) -> None:
    """A clock time followed by its day ("10:35 a.m. Friday") takes that day's date,
    not the publication day's."""
    kinds = {(p.start, p.end): p.kind for p in protos}
    for i in range(len(out) - 1):
        m, nxt = out[i], out[i + 1]
        if kinds.get((m.start, m.end)) != "clock" or not m.value or not nxt.value:
            continue
        if len(nxt.value) != 10 or nxt.value[4] != "-" or nxt.start - m.end > 30:
            continue
        if _CLOCK_TO_DAY.match(text[m.end : nxt.start]):
            m.value = nxt.value + m.value[10:]
