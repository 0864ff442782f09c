"""Incidents: the mentions of one happening, within a report and across reports, as one item.

Runs at build time (content -> model). Input: one `Mention` per event of an entry, a place
containment lookup (parent id by place id) and the place names; output: `Incident`s, each
with every report of it, and the ranges where the reports disagree. Pure: no files, nothing of
the rest of the site, so it can be tested and measured on its own.

How (docs/architecture.md, "Incidents", says why):

1. **Blocking.** Within a report, each mention is compared with its report's mentions near
   it in the text, whatever their dates and places. Across reports, two mentions are
   compared only when they share a place or one's place holds the other's (a city and its
   governorate), below the country ("in Syria" does not say which governorate: such a
   mention joins only its own report's incidents), and their dates can be the same time:
   the same day (or `day_slack` days apart), or a day in the week or month of the other.
   Each mention is filed under (place, date) keys and looks up the keys that can hold such
   a partner, so the cost grows with the number of mentions, not with its square; a
   mention is compared with at most `MAX_CANDIDATES` others (the nearest in publication).
2. **Evidence.** A candidate pair is scored on what its two mentions say: how exactly the
   places and dates agree, event type, actors, casualty figures, trigger words ("air
   strike", "shelling", "clashes") and the words of their sentences. Some disagreements
   forbid a merge outright: different event types, casualty figures too far apart to be one
   count, background against news; between reports, no governorate in common or different
   kinds of attack (a chemical attack, a bomb, a bombardment).
3. **Merging.** Pairs at or above `MERGE_SCORE` are merged best first, and only when every
   mention of the one incident is compatible with every mention of the other (same day or
   overlapping dates, days at most `day_slack` apart, places equal or nested, a governorate
   in common, one kind of attack, one event type): a chain of near matches never makes one
   incident of things that cannot be one.
4. **The editor** decides last (`chronicle.content.incidents`): split, merge, hide, retitle;
   and pairs kept apart, which merging never joins.
5. **Near merges.** Two incidents of different reports whose best link scored just below
   `MERGE_SCORE` (within `NEAR_MARGIN`) and that ended apart are a question for the editor
   (`near_merges`; the review lists them), unless the editor kept them apart. They come
   from the same candidate pairs and scores as the merging: no extra comparisons.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from chronicle.content.incidents import IncidentDecisions, Ref, incident_id

MERGE_SCORE = 4.0  # the evidence a merge needs (see `_score`)
# How far below MERGE_SCORE a link is a question for the editor: one point is one piece of
# corroboration short (the same actor, a trigger word or agreeing figures each weigh 1 or
# more), not a disagreement (most weigh -1 or less, or forbid the pair): half a point
# would raise only the rare link that misses by one of the smallest steps, two points
# would also raise pairs that merely share a place and a day
NEAR_MARGIN = 1.0
MAX_CANDIDATES = 64  # the most other mentions one mention is compared with
PRECISIONS = ("day", "week", "month", "year", "decade")  # finest first
FIGURES = ("fatalities", "civilian_fatalities", "child_fatalities", "injured")


@dataclass(frozen=True, slots=True)
class Mention:
    """One event of one report, as merging needs it (the lead fills it from the model)."""

    entry: str  # the entry's slug
    file: str  # the article's source file name
    outlet: str | None
    url: str | None
    published: date | None
    anchor: str  # the event's stable anchor ("ev-…"), unique in the chronicle
    date: str  # TIMEX3 value: YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY, or a decade "199X"
    mod: str | None = None  # START / MID / END / APPROX
    places: tuple[str, ...] = ()  # place ids
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None  # actor ids
    actor2: str | None = None
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    injured: int | None = None
    sentence: str = ""
    main: bool = False  # the event the report is about
    background: bool = False  # history a report recalls ("since the war began in 2011")
    position: int = 0  # the event's place in its entry (text order)
    # False when its sentence states no date: it continues the date of the sentence before
    # or, in a headline and lead, the publication date (often the day after the happening)
    date_stated: bool = True


@dataclass(frozen=True)
class Figure:
    """A casualty figure over an incident's reports: its range and who gave what."""

    min: int
    max: int
    by: tuple[tuple[str, int], ...]  # (entry slug, the figure it gave), in source order

    def as_json(self) -> dict[str, int]:
        return {"min": self.min, "max": self.max}


@dataclass
class Source:
    """One report of an incident."""

    entry: str
    file: str
    outlet: str | None
    url: str | None
    published: date | None
    sentence: str  # the sentence of its main mention of the incident
    main: bool  # the incident is this report's main event
    anchors: list[str]  # its events that are this incident, in text order


@dataclass
class Incident:
    id: str
    date: str  # TIMEX3 value: the most precise the sources agree on
    date_precision: str  # day | week | month | year | decade
    mod: str | None
    places: list[str]  # place ids, most reported first, none inside another
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    fatalities: Figure | None
    civilian_fatalities: Figure | None
    child_fatalities: Figure | None
    injured: Figure | None
    title: str
    sources: list[Source]  # one per report, in order of publication
    mentions: list[Mention]  # every event of it, in order of publication
    background: bool = False
    hidden: bool = False  # the editor hid it
    retitled: bool = False  # the editor's title

    @property
    def anchors(self) -> list[str]:
        return [m.anchor for m in self.mentions]


@dataclass(frozen=True)
class NearMerge:
    """Two incidents that may be one: their best link scored just below `MERGE_SCORE`."""

    first: str  # incident ids, the earlier incident first
    second: str
    score: float  # the best link's score
    anchors: tuple[str, str]  # the link: an event of `first`, an event of `second`
    agree: tuple[str, ...]  # what the two events share, in words
    differ: tuple[str, ...]  # what tells them apart, in words


@dataclass
class Grouping:
    """What merging makes: the incidents and the pairs of them the editor may merge."""

    incidents: list[Incident]
    near: list[NearMerge]


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # ordinal of the first day
    end: int  # ordinal of the last day
    precision: str


def date_span(value: str) -> _Span:
    """The days a TIMEX3 calendar value covers, and its precision."""
    if value.endswith("X"):
        first = date(int(value[:3] + "0"), 1, 1)
        return _Span(first.toordinal(), date(first.year + 9, 12, 31).toordinal(), "decade")
    if "W" in value:
        first = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return _Span(first.toordinal(), first.toordinal() + 6, "week")
    if len(value) == 4:
        return _Span(
            date(int(value), 1, 1).toordinal(), date(int(value), 12, 31).toordinal(), "year"
        )
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return _Span(date(year, month, 1).toordinal(), nxt.toordinal() - 1, "month")
    day = date.fromisoformat(value).toordinal()
    return _Span(day, day, "day")


def _week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"W{year}-{week:02d}"


def _date_keys(span: _Span, day_slack: int = 0) -> tuple[str, list[str]]:
    """(the key a mention is filed under, the keys where mentions that may be the same time
    are filed). A finer date looks up the coarser keys holding it, so each overlapping pair
    is found from its finer side (or from both, when equal); a day also looks up the days
    `day_slack` around it."""
    first = date.fromordinal(span.start)
    if span.precision == "day":
        own = f"D{first.isoformat()}"
        near = [
            f"D{date.fromordinal(span.start + d).isoformat()}"
            for d in range(-day_slack, day_slack + 1)
            if d
        ]
        return own, [own, *near, _week_key(first), f"M{first:%Y-%m}"]
    if span.precision == "week":
        last = date.fromordinal(span.end)
        own = _week_key(first)
        return own, [own, *sorted({f"M{first:%Y-%m}", f"M{last:%Y-%m}"})]
    if span.precision == "month":
        own = f"M{first:%Y-%m}"
        return own, [own]
    return "", []  # a year or a decade is too vague to find an incident by


def _enclosing(values: Sequence[str]) -> str:
    """The finest calendar unit holding every one of `values` (an editor's merge of dates
    the sources disagree on)."""
    spans = [date_span(v) for v in values]
    first = date.fromordinal(min(s.start for s in spans))
    last = date.fromordinal(max(s.end for s in spans))
    if first == last:
        return first.isoformat()
    if _week_key(first) == _week_key(last) and last - first < timedelta(days=7):
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%Y-%m}"
    if first.year == last.year:
        return str(first.year)
    if first.year // 10 == last.year // 10:
        return f"{first.year // 10}X"
    return str(first.year)  # centuries apart: the first year stands for it


# --------------------------------------------------------------------------- places


class _Places:
    """Containment: each place's ancestors, and how specific a place is."""

    def __init__(
        self, parent_of: Mapping[str, str | None], countries: Collection[str] = ()
    ) -> None:
        self.parent_of = parent_of
        self.countries = frozenset(countries)
        self.has_children = {p for p in parent_of.values() if p}
        self._up: dict[str, tuple[str, ...]] = {}
        self._depth: dict[str, int] = {}
        self._scores: dict[tuple[tuple[str, ...], tuple[str, ...]], float | None] = {}

    def ancestors(self, place: str) -> tuple[str, ...]:
        """Every place holding `place`, nearest first (its country last)."""
        found = self._up.get(place)
        if found is None:
            out: list[str] = []
            seen = {place}
            parent = self.parent_of.get(place)
            while parent and parent not in seen:
                out.append(parent)
                seen.add(parent)
                parent = self.parent_of.get(parent)
            found = self._up[place] = tuple(out)
        return found

    def chain(self, place: str) -> tuple[str, ...]:
        """The places holding `place` that may hold one incident: all but a country."""
        up = self.ancestors(place)
        return up[:-1] if up and self.is_country(up[-1]) else up

    def is_country(self, place: str) -> bool:
        """One of `countries`, or a root that holds other places (a place of unknown parent
        holding nothing is as specific as its name)."""
        if place in self.countries:
            return True
        return not self.parent_of.get(place) and place in self.has_children

    def depth(self, place: str) -> int:
        """0 for a country, 1 for a governorate, 2 for a city, 3 for its district. A place
        right under a country that holds nothing (a town the gazetteer files under its
        country) counts as a city; a lone place as well."""
        found = self._depth.get(place)
        if found is None:
            found = self._depth[place] = self._depth_of(place)
        return found

    def _depth_of(self, place: str) -> int:
        up = self.ancestors(place)
        if not up:
            return 0 if self.is_country(place) else 2
        if len(up) == 1 and self.is_country(up[0]):
            return 1 if place in self.has_children else 2
        return len(up) + (0 if self.is_country(up[-1]) else 1)

    def admin1(self, place: str) -> str | None:
        """The governorate (first level below a country) holding `place`, if any."""
        up = self.ancestors(place)
        if len(up) >= 2 and self.is_country(up[-1]):
            return up[-2]
        return None

    def region(self, place: str) -> str | None:
        """The governorate a place is in, as a key two reports must share to be one
        incident: the place's first level below its country (itself when it is one); for a
        place of no known country, the outermost place holding it (itself when none). None
        for a country: it says nothing of where in the country."""
        if self.is_country(place):
            return None
        up = self.ancestors(place)
        if up and self.is_country(up[-1]):
            return up[-2] if len(up) >= 2 else place
        return up[-1] if up else place

    def regions(self, places: Iterable[str]) -> frozenset[str]:
        return frozenset(r for p in places if (r := self.region(p)) is not None)

    def core(self, places: Sequence[str]) -> tuple[str, ...]:
        """The places a mention is at: its countries only when it names nothing smaller
        ("in Aleppo, Syria" is at Aleppo; "across Syria" is at Syria)."""
        inner = tuple(p for p in places if not self.is_country(p))
        return inner or tuple(places)

    def score(self, a: Sequence[str], b: Sequence[str]) -> float | None:
        """How well two place lists (`core`s, in text order) agree: None when no place of
        one is, holds or is inside a place of the other; else 2 for a shared town or
        district, 1.5 for a town and its district, 1 for a governorate (shared, or holding
        the other's town), 0 for a shared country, -1 for a country holding the other's
        place; a point less when the match is not between the places each names first."""
        key = (tuple(a), tuple(b))
        if key not in self._scores:
            self._scores[key] = self._score(a, b)
        return self._scores[key]

    def _score(self, a: Sequence[str], b: Sequence[str]) -> float | None:
        best: float | None = None
        for p in a:
            for q in b:
                s = self._pair(p, q)
                if s is None:
                    continue
                if p != a[0] or q != b[0]:
                    s -= 1.0  # not the places each sentence names first
                if best is None or s > best:
                    best = s
        return best

    def _pair(self, p: str, q: str) -> float | None:
        if p == q:
            depth = self.depth(p)
            return 0.0 if depth == 0 else 1.0 if depth == 1 else 2.0
        if p in self.chain(q) or q in self.chain(p):
            outer = p if p in self.chain(q) else q
            return 1.0 if self.depth(outer) <= 1 else 1.5
        if p in self.ancestors(q) or q in self.ancestors(p):
            return -1.0  # "in Syria" and "in Aleppo": only strong other evidence
        return None

    def most_specific(self, places: Iterable[str]) -> list[str]:
        """`places` without those holding another of them, order kept."""
        places = list(dict.fromkeys(places))
        outer = {a for p in places for a in self.ancestors(p)}
        return [p for p in places if p not in outer]


# --------------------------------------------------------------------------- words

# General English words that name what happened, in classes; a word may be in two.
_TRIGGER_CLASSES = {
    "air": "air airstrike airstrikes airstrike raid raids warplane warplanes jet jets aircraft "
    "helicopter helicopters drone drones sortie sorties bombardment barrel",
    "shelling": "shelling shelled shell shells mortar mortars artillery rocket rockets missile "
    "missiles projectile projectiles bombardment cannon",
    "explosion": "explosion explosions explosive explosives blast blasts bomber bombers "
    "detonated exploded ied ieds landmine landmines mine mines suicide booby-trapped",
    "chemical": "chemical chemicals gas gases sarin chlorine toxic nerve poison poisonous",
    "clash": "clash clashes clashed fighting fought battle battles offensive advance advanced "
    "recaptured recapture captured seized retook retaken liberated ambush ambushed",
    "shooting": "shot shooting shootings sniper snipers gunfire gunmen gunman",
    "execution": "executed execution executions beheaded beheading",
    "arrest": "arrested arrest arrests detained detention abducted abduction kidnapped",
    "protest": "protest protests protesters protestors demonstration demonstrations demonstrators",
}
_TRIGGERS: dict[str, frozenset[str]] = {}
for _cls, _names in _TRIGGER_CLASSES.items():
    for _w in _names.split():
        _TRIGGERS[_w] = _TRIGGERS.get(_w, frozenset()) | {_cls}
for _w in ("bomb", "bombs", "bombed", "bombing", "bombings", "strike", "strikes", "struck"):
    _TRIGGERS[_w] = frozenset({"air", "shelling", "explosion"})

# Words too common in news to tell two sentences apart (function words, reporting verbs,
# calendar words).
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    said same says she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while
    who whom why will with would you your told according reported reports report reporting
    statement added news agency official officials source sources local monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday week weeks day days month
    months year years last earlier later least new one two three""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _words(sentence: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(sentence.lower()) if w not in _STOP and len(w) > 2)


def _triggers(words: frozenset[str]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for w in words:
        cls = _TRIGGERS.get(w)
        if cls:
            out |= cls
    return out


# --------------------------------------------------------------------------- evidence


@dataclass(slots=True)
class _Item:
    """A mention with what comparing it needs, computed once."""

    m: Mention
    index: int
    span: _Span
    words: frozenset[str]
    triggers: frozenset[str]
    published: int  # ordinal, or 0 when unknown
    core: tuple[str, ...]  # the places it is at (`_Places.core`)
    borrowed: bool  # its sentence names no place: `core` is its report's for that date
    reach: tuple[int, int]  # the days it may be (a day-precise date give or take the slack)
    regions: frozenset[str] = frozenset()  # the governorates of `core` (none: a country)
    kind: str | None = None  # `_KINDS` of its sub-event type
    loose: bool = False  # a day its sentence does not state (`Mention.date_stated`)


def _figures_agree(a: int, b: int) -> int:
    """1: the same count; 0: two counts of one toll (tolls rise as the dead are counted);
    -1: far apart; -2: too far apart to be one toll."""
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return 1
    if hi <= lo * 1.5 + 3:
        return 0
    if hi <= lo * 3 + 5:
        return -1
    return -2


# Sub-event types of one event type that reports of one happening do not mix: a barrel bomb
# is called an air strike or shelling, but a chemical attack or a car bomb is neither.
_KINDS = {
    "Air/drone strike": "bombardment",
    "Shelling/artillery/missile attack": "bombardment",
    "Chemical weapon": "chemical",
    "Suicide bomb": "bomb",
    "Remote explosive/landmine/IED": "bomb",
    "Grenade": "bomb",
}


def _veto(a: Mention, b: Mention) -> bool:
    """Disagreements that no amount of other evidence outweighs."""
    if a.background != b.background:
        return True
    if a.event_type and b.event_type and a.event_type != b.event_type:
        return True
    if a.entry != b.entry:  # within one report a later figure may be a part ("3 of them")
        for name in ("fatalities", "civilian_fatalities"):
            x, y = getattr(a, name), getattr(b, name)
            if x is not None and y is not None and _figures_agree(x, y) == -2:
                return True
    return False


def _date_score(a: _Span, b: _Span, day_slack: int = 0, loose: bool = False) -> float | None:
    """`loose`: one of two mentions of a report has a day its sentence does not state."""
    if a.end < b.start or b.end < a.start:
        if a.precision == b.precision == "day" and abs(a.start - b.start) <= day_slack:
            # reports a day apart (a night, a toll counted the next day); a headline dated
            # by its publication (the day after, often) and its lead's "on Friday"
            return 1.5 if loose else 0.5
        return None
    if a.precision == b.precision:
        return {"day": 2.0, "week": 1.0, "month": 0.5}.get(a.precision)
    if "day" in (a.precision, b.precision) and "week" in (a.precision, b.precision):
        return 0.0
    return -0.5  # a day or a week against a month


def _score(a: _Item, b: _Item, places: _Places, day_slack: int = 0) -> float | None:
    """The evidence that two mentions report one happening; None when they cannot."""
    ma, mb = a.m, b.m
    if _veto(ma, mb):
        return None
    same_report = ma.entry == mb.entry
    loose = a.loose or b.loose
    # a report that states two different days tells two happenings ("shelling on 1 March",
    # "shelling on 2 March"), unless a day is not stated (a headline dated by its
    # publication) or the two give the same toll ("June 10: strikes kill 12" and "late on
    # Friday ... killed 12"); across reports a day apart may be one
    same_toll = any(
        getattr(ma, name) and getattr(ma, name) == getattr(mb, name) for name in FIGURES
    )
    slack = day_slack if not same_report or loose or same_toll else 0
    dates = _date_score(a.span, b.span, slack, same_report and loose)
    if dates is None:
        return None
    if ma.entry != mb.entry:
        # Two reports are one happening only in one governorate ("in Syria" says not
        # which) and of one kind of attack.
        if not a.regions & b.regions:
            return None
        if a.kind and b.kind and a.kind != b.kind:
            return None
    score = dates
    if a.core and b.core:
        where = places.score(a.core, b.core)
        if where is None:
            return None
        if same_report:
            where = max(where, 0.0)  # a headline's "Syria" is where its lead's town is
        score += where - (a.borrowed or b.borrowed)
    elif ma.entry != mb.entry:
        return None  # a mention without a place is matched only within its report
    if ma.entry == mb.entry:
        score += 1.0
    if ma.sub_event_type and mb.sub_event_type:
        score += 2.0 if ma.sub_event_type == mb.sub_event_type else -0.5
    elif ma.event_type and mb.event_type:
        score += 1.0  # the same type (a different one is vetoed)
    for name, same, other in (("actor1", 1.0, -1.5), ("actor2", 0.5, -0.5)):
        x, y = getattr(ma, name), getattr(mb, name)
        if x and y:
            score += same if x == y else other
    figures = 0.0
    for name in FIGURES:
        x, y = getattr(ma, name), getattr(mb, name)
        if x is not None and y is not None:
            agree = _figures_agree(x, y)
            figures += (1.5 if x else 0.5) if agree == 1 else 0.5 if agree == 0 else -2.0
    score += min(figures, 2.0)
    if a.triggers and b.triggers:
        score += 1.0 if a.triggers & b.triggers else -1.0
    dice = 0.0
    if a.words and b.words:
        dice = 2 * len(a.words & b.words) / (len(a.words) + len(b.words))
        score += 2.0 if dice >= 0.5 else 1.0 if dice >= 0.3 else 0.5 if dice >= 0.15 else 0.0
    if not same_report and "month" in (a.span.precision, b.span.precision):
        # A month holds many happenings of one kind and place ("the shelling of Aleppo
        # in August"): another report's day is this one only when the two tell it alike.
        if figures <= 0 and dice < 0.3:
            return None
    return score


# --------------------------------------------------------------------------- clustering


class _Cluster:
    """What a merge must keep true of an incident: one common time, one event type, one
    kind (news or background), places that are equal or nested pairwise, a governorate
    every placed member is in, and one kind of attack among those that say."""

    __slots__ = (
        "members",
        "start",
        "end",
        "event_type",
        "background",
        "place_sets",
        "regions",
        "kinds",
        "days",
    )

    def __init__(self, item: _Item) -> None:
        self.members = [item.index]
        self.start, self.end = item.reach
        self.event_type = item.m.event_type
        self.background = item.m.background
        self.place_sets = {item.core} if item.core else set()
        self.regions: frozenset[str] | None = item.regions or None  # None: any
        self.kinds = {item.kind} if item.kind else set()
        # the first and last of its day-precise dates: reports a day apart may be one
        # incident, but Friday's and Sunday's never (Saturday's would chain them)
        day = item.span.start if item.span.precision == "day" else None
        self.days = (day, day) if day is not None else None

    def can_join(self, other: _Cluster, places: _Places, day_slack: int = 0) -> bool:
        if max(self.start, other.start) > min(self.end, other.end):
            return False
        if self.days and other.days:
            if max(self.days[1], other.days[1]) - min(self.days[0], other.days[0]) > day_slack:
                return False
        if self.background != other.background:
            return False
        if self.event_type and other.event_type and self.event_type != other.event_type:
            return False
        if self.regions and other.regions and not self.regions & other.regions:
            return False
        if self.kinds and other.kinds and not self.kinds & other.kinds:
            return False
        return all(
            places.score(a, b) is not None for a in self.place_sets for b in other.place_sets
        )

    def absorb(self, other: _Cluster) -> None:
        self.members += other.members
        self.start, self.end = max(self.start, other.start), min(self.end, other.end)
        self.event_type = self.event_type or other.event_type
        self.place_sets |= other.place_sets
        if self.regions and other.regions:
            self.regions &= other.regions
        else:
            self.regions = self.regions or other.regions
        self.kinds |= other.kinds
        if self.days and other.days:
            self.days = (min(self.days[0], other.days[0]), max(self.days[1], other.days[1]))
        else:
            self.days = self.days or other.days


def _order_key(m: Mention) -> tuple[Any, ...]:
    """Publication order: earliest report first, its events in text order."""
    return (m.published is None, m.published or date.min, m.entry, m.position, m.anchor)


def _items(mentions: Iterable[Mention], places: _Places, day_slack: int = 0) -> list[_Item]:
    items = []
    for n, m in enumerate(sorted(mentions, key=_order_key)):
        words = _words(m.sentence)
        span = date_span(m.date)
        slack = day_slack if span.precision == "day" else 0
        items.append(
            _Item(
                m=m,
                index=n,
                span=span,
                reach=(span.start - slack, span.end + slack),
                words=words,
                triggers=_triggers(words),
                published=m.published.toordinal() if m.published else 0,
                core=places.core(m.places),
                borrowed=False,
                kind=_KINDS.get(m.sub_event_type or ""),
                loose=span.precision == "day" and not m.date_stated,
            )
        )
    _borrow_places(items)
    for item in items:
        item.regions = places.regions(item.core)
    return items


def _borrow_places(items: Sequence[_Item]) -> None:
    """A sentence that names no place ("At least 31 people were killed on Saturday") is
    where its report's nearest sentence of the same date names: its report's mentions are
    compared only with each other otherwise."""
    by_report: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for item in items:
        by_report[item.m.entry, item.m.date].append(item)
    for same in by_report.values():
        placed = [i for i in same if i.core and not i.borrowed]
        if not placed or len(placed) == len(same):
            continue
        for item in same:
            if not item.core:
                near = min(placed, key=lambda i: (abs(i.m.position - item.m.position), i.index))
                item.core, item.borrowed = near.core, True


def candidate_pairs(
    items: Sequence[_Item], places: _Places, day_slack: int = 0
) -> set[tuple[int, int]]:
    """The pairs worth comparing, never all pairs: within a report, its mentions near each
    other in the text (whatever their dates: a headline's year and its lead's day may be
    one happening); across reports, those found by (place, date) keys at a governorate or
    a smaller place ("in Syria" finds nothing across reports)."""
    pairs = _report_pairs(items)
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    lookups: list[list[tuple[str, str]]] = []
    for item in items:
        own, wanted = _date_keys(item.span, day_slack)
        if not own or not item.regions:
            lookups.append([])
            continue
        filed: list[str] = []
        sought: list[str] = []
        for p in item.core:
            filed.append(f"at:{p}")
            sought += [f"at:{p}", f"in:{p}"]
            for outer in places.chain(p):
                filed.append(f"in:{outer}")
                sought.append(f"at:{outer}")
        for place_key in dict.fromkeys(filed):
            index[place_key, own].append(item.index)
        lookups.append([(k, d) for k in dict.fromkeys(sought) for d in wanted])
    for item, keys in zip(items, lookups, strict=True):
        found: dict[int, None] = {}
        for key in keys:
            for other in index.get(key, ()):
                if items[other].m.entry != item.m.entry:
                    found[other] = None
        others = list(found)
        if len(others) > MAX_CANDIDATES:
            others.sort(key=lambda o: (abs(items[o].published - item.published), o))
            others = others[:MAX_CANDIDATES]
        for other in others:
            pairs.add((item.index, other) if item.index < other else (other, item.index))
    return pairs


def _report_pairs(items: Sequence[_Item]) -> set[tuple[int, int]]:
    """Each mention with the mentions of its report at most `MAX_CANDIDATES` / 2 away in
    the text (all of a report's pairs, for a report of that many events)."""
    by_report: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_report[item.m.entry].append(item)
    reach = MAX_CANDIDATES // 2
    pairs: set[tuple[int, int]] = set()
    for same in by_report.values():
        same.sort(key=lambda i: (i.m.position, i.index))
        for n, item in enumerate(same):
            for other in same[n + 1 : n + 1 + reach]:
                i, j = sorted((item.index, other.index))
                pairs.add((i, j))
    return pairs


def _links(
    items: Sequence[_Item], places: _Places, day_slack: int = 0, floor: float = MERGE_SCORE
) -> list[tuple[float, int, int]]:
    """The candidate pairs scoring at least `floor`, as (-score, i, j), best first."""
    scored = []
    for i, j in candidate_pairs(items, places, day_slack):
        s = _score(items[i], items[j], places, day_slack)
        if s is not None and s >= floor:
            scored.append((-s, i, j))
    scored.sort()
    return scored


def _cluster(
    items: Sequence[_Item],
    places: _Places,
    day_slack: int = 0,
    links: Sequence[tuple[float, int, int]] | None = None,
    apart: Mapping[int, Collection[int]] | None = None,
) -> list[list[int]]:
    """Merge the `links` at or above MERGE_SCORE, best first (`_links` when not given);
    `apart`: the mentions whose incidents the editor keeps apart, by mention."""
    if links is None:
        links = _links(items, places, day_slack)
    clusters = {item.index: _Cluster(item) for item in items}
    owner = list(range(len(items)))
    for negative, i, j in links:
        if -negative < MERGE_SCORE:
            break
        a, b = owner[i], owner[j]
        if a == b or not clusters[a].can_join(clusters[b], places, day_slack):
            continue
        if apart and _kept_apart(clusters[a].members, clusters[b].members, apart):
            continue
        if len(clusters[a].members) < len(clusters[b].members):
            a, b = b, a
        clusters[a].absorb(clusters[b])
        for k in clusters[b].members:
            owner[k] = a
        del clusters[b]
    return [sorted(c.members) for c in clusters.values()]


def _kept_apart(
    first: Collection[int], second: Collection[int], apart: Mapping[int, Collection[int]]
) -> bool:
    """Whether the editor keeps a mention of `first` apart from a mention of `second`."""
    if len(first) > len(second):
        first, second = second, first
    others = None
    for k in first:
        partners = apart.get(k)
        if partners:
            others = others if others is not None else set(second)
            if any(p in others for p in partners):
                return True
    return False


def _apart(items: Sequence[_Item], decisions: IncidentDecisions | None) -> dict[int, set[int]]:
    """The editor's `apart` pairs as mentions: `inc-X` is the incident holding `ev-X`."""
    out: dict[int, set[int]] = defaultdict(set)
    if not decisions:
        return out
    by_anchor = {item.m.anchor: item.index for item in items}
    by_incident = {incident_id(item.m.anchor): item.index for item in items}
    for first, second in decisions.apart:
        x = (by_incident if first.is_incident else by_anchor).get(first.name)
        y = (by_incident if second.is_incident else by_anchor).get(second.name)
        if x is not None and y is not None and x != y:
            out[x].add(y)
            out[y].add(x)
    return out


def _near(
    items: Sequence[_Item],
    places: _Places,
    links: Sequence[tuple[float, int, int]],
    groups: Sequence[Sequence[int]],
    incidents: Sequence[Incident],
    apart: Mapping[int, Collection[int]],
) -> list[NearMerge]:
    """The pairs of shown incidents of different reports whose best link (across reports)
    scored within NEAR_MARGIN below MERGE_SCORE, not kept apart by the editor."""
    owner = {k: n for n, members in enumerate(groups) for k in members}
    best: dict[tuple[int, int], tuple[float, int, int]] = {}
    for negative, i, j in links:  # best first: the first link of a pair is its best
        a, b = owner[i], owner[j]
        if a == b or items[i].m.entry == items[j].m.entry:
            continue
        best.setdefault((min(a, b), max(a, b)), (-negative, i, j))
    out = []
    for (a, b), (score, i, j) in best.items():
        first, second = incidents[a], incidents[b]
        if score >= MERGE_SCORE or score < MERGE_SCORE - NEAR_MARGIN:
            continue  # merging refused a stronger link (their days, places or kinds)
        if first.hidden or second.hidden or first.background or second.background:
            continue
        if apart and _kept_apart(groups[a], groups[b], apart):
            continue
        if _sort_key(second) < _sort_key(first):
            first, second, i, j = second, first, j, i
        agree, differ = _likeness(items[i], items[j], places)
        out.append(
            NearMerge(
                first=first.id,
                second=second.id,
                score=score,
                anchors=(items[i].m.anchor, items[j].m.anchor),
                agree=tuple(agree),
                differ=tuple(differ),
            )
        )
    out.sort(key=lambda n: (-n.score, n.first, n.second))
    return out


_FIGURE_WORDS = {
    "fatalities": "dead",
    "civilian_fatalities": "civilians killed",
    "child_fatalities": "children killed",
    "injured": "wounded",
}


def _likeness(a: _Item, b: _Item, places: _Places) -> tuple[list[str], list[str]]:
    """What two mentions share and what tells them apart, in words (the evidence `_score`
    weighs, for the editor)."""
    ma, mb = a.m, b.m
    agree: list[str] = []
    differ: list[str] = []
    if a.span == b.span:
        agree.append("the same date")
    elif a.span.precision == b.span.precision == "day" and abs(a.span.start - b.span.start) == 1:
        agree.append("dates a day apart")
    else:
        differ.append("dates of different precision")
    if a.core and b.core:
        if set(a.core) & set(b.core):
            agree.append("the same place")
        else:
            agree.append("places one inside the other")
    if ma.sub_event_type and mb.sub_event_type:
        if ma.sub_event_type == mb.sub_event_type:
            agree.append(f"the same kind of event ({ma.sub_event_type.lower()})")
        else:
            differ.append(f"{ma.sub_event_type.lower()} against {mb.sub_event_type.lower()}")
    elif ma.event_type and mb.event_type:
        agree.append(f"the same type of event ({ma.event_type.lower()})")
    else:
        differ.append("one of them says not what happened")
    for name in ("actor1", "actor2"):
        x, y = getattr(ma, name), getattr(mb, name)
        if x and y:
            (agree if x == y else differ).append(
                f"{'the same' if x == y else 'different'} {'actor' if name == 'actor1' else 'target'}"
            )
    for name in FIGURES:
        x, y = getattr(ma, name), getattr(mb, name)
        if x is not None and y is not None:
            words = _FIGURE_WORDS[name]
            agreeing = _figures_agree(x, y)
            if agreeing == 1:
                agree.append(f"the same {words} ({x})")
            elif agreeing == 0:
                agree.append(f"close {words} ({x}, {y})")
            else:
                differ.append(f"{words} far apart ({x}, {y})")
    if a.triggers and b.triggers:
        (agree if a.triggers & b.triggers else differ).append(
            "the same words for what happened"
            if a.triggers & b.triggers
            else "different words for what happened"
        )
    if a.words and b.words:
        dice = 2 * len(a.words & b.words) / (len(a.words) + len(b.words))
        if dice >= 0.3:
            agree.append("sentences alike")
        elif dice < 0.15:
            differ.append("sentences with few words in common")
    return agree, differ


# --------------------------------------------------------------------------- decisions


def _apply_decisions(
    groups: list[list[int]], items: Sequence[_Item], decisions: IncidentDecisions
) -> tuple[list[list[int]], dict[int, str], set[int]]:
    """Split, then merge; (groups, title by group number, hidden group numbers)."""
    by_anchor = {item.m.anchor: item.index for item in items}
    by_incident = {incident_id(item.m.anchor): item.index for item in items}
    owner: dict[int, int] = {}
    live: dict[int, list[int]] = {}

    def resolve(ref: Ref) -> int | None:
        return (by_incident if ref.is_incident else by_anchor).get(ref.name)

    def move(members: list[int]) -> None:
        for k in members:
            live[owner[k]].remove(k)
        number = len(live)  # groups are only added while splitting: a new number
        live[number] = sorted(members)
        for k in members:
            owner[k] = number

    for number, members in enumerate(groups):
        live[number] = list(members)
        for k in members:
            owner[k] = number
    for refs in decisions.splits:
        found = [(ref, resolve(ref)) for ref in refs]
        known = [(ref, k) for ref, k in found if k is not None]
        if not known:
            continue
        if len(refs) == 1 and known[0][0].is_incident:  # break the incident up
            for k in list(live[owner[known[0][1]]]):
                move([k])
            continue
        taken: list[int] = []
        for ref, k in known:
            taken += list(live[owner[k]]) if ref.is_incident else [k]
        move(sorted(set(taken)))
    for refs in decisions.merges:
        targets = sorted({owner[k] for k in (resolve(r) for r in refs) if k is not None})
        if len(targets) < 2:
            continue
        into = targets[0]
        for number in targets[1:]:
            for k in live[number]:
                owner[k] = into
            live[into] += live.pop(number)
        live[into].sort()
    titles: dict[int, str] = {}
    for ref, title in decisions.retitles:
        named = resolve(ref)
        if named is not None:
            titles[owner[named]] = title
    hidden = {owner[k] for k in (resolve(r) for r in decisions.hides) if k is not None}
    numbers = sorted(n for n, members in live.items() if members)
    renumber = {n: pos for pos, n in enumerate(numbers)}
    return (
        [live[n] for n in numbers],
        {renumber[n]: t for n, t in titles.items() if n in renumber},
        {renumber[n] for n in hidden if n in renumber},
    )


# --------------------------------------------------------------------------- incidents

_TYPE_TITLES = {  # ACLED sub-event type -> (title words, how the place follows)
    "Air/drone strike": ("Air strike", "on"),
    "Shelling/artillery/missile attack": ("Shelling", "of"),
    "Chemical weapon": ("Chemical attack", "on"),
    "Suicide bomb": ("Suicide bombing", "in"),
    "Remote explosive/landmine/IED": ("Bombing", "in"),
    "Grenade": ("Grenade attack", "in"),
    "Armed clash": ("Clashes", "in"),
    "Government regains territory": ("Government forces retake", ""),
    "Non-state actor overtakes territory": ("Armed group takes", ""),
    "Attack": ("Attack on civilians", "in"),
    "Abduction/forced disappearance": ("Abductions", "in"),
    "Sexual violence": ("Sexual violence", "in"),
    "Agreement": ("Agreement", "on"),
    "Arrests": ("Arrests", "in"),
    "Change to group/activity": ("Change of activity", "in"),
    "Disrupted weapons use": ("Weapons seized", "in"),
    "Headquarters or base established": ("Base established", "in"),
    "Looted property": ("Looting", "in"),
    "Non-violent transfer of territory": ("Territory handed over", "in"),
    "Peaceful protest": ("Protest", "in"),
    "Protest with intervention": ("Protest", "in"),
    "Excessive force against protesters": ("Protesters attacked", "in"),
    "Violent demonstration": ("Riot", "in"),
    "Mob violence": ("Mob violence", "in"),
}
_EVENT_TYPE_TITLES = {
    "Battles": ("Fighting", "in"),
    "Explosions/Remote violence": ("Attack", "on"),
    "Violence against civilians": ("Attack on civilians", "in"),
    "Strategic developments": ("Development", "in"),
    "Protests": ("Protest", "in"),
    "Riots": ("Riot", "in"),
}
_ADMIN_SUFFIX = re.compile(r"\s+(?:governorate|province|region|oblast|state)$", re.I)


def _majority(values: Iterable[Any]) -> Any:
    """The most frequent known value; ties go to the one given first."""
    known = [v for v in values if v]
    if len(known) <= 1:
        return known[0] if known else None
    counts = Counter(known)
    return max(counts, key=lambda v: counts[v])  # Counter keeps first-seen order


def _figure(members: Sequence[Mention], name: str) -> Figure | None:
    """A figure's range over reports; a report's figure is the largest it gives (a later
    sentence often gives a part: "three of them children")."""
    per_report: dict[str, int] = {}
    for m in members:
        value = getattr(m, name)
        if value is not None and value >= per_report.get(m.entry, -1):
            per_report[m.entry] = value
    if not per_report:
        return None
    values = list(per_report.values())
    return Figure(min(values), max(values), tuple(per_report.items()))


def _range(figure: Figure) -> str:
    return str(figure.min) if figure.min == figure.max else f"{figure.min}–{figure.max}"


def _casualties(
    dead: Figure | None, civilians: Figure | None, children: Figure | None, hurt: Figure | None
) -> str:
    """ "3 children killed", "26–30 killed, including 5 children", "12 wounded"."""
    parts = []
    if dead and dead.max:
        if children and (children.min, children.max) == (dead.min, dead.max):
            parts.append(f"{_range(dead)} {'child' if dead.max == 1 else 'children'} killed")
        elif civilians and (civilians.min, civilians.max) == (dead.min, dead.max):
            parts.append(f"{_range(dead)} {'civilian' if dead.max == 1 else 'civilians'} killed")
        else:
            text = f"{_range(dead)} killed"
            if children and children.max:
                text += (
                    f", including {_range(children)} {'child' if children.max == 1 else 'children'}"
                )
            elif civilians and civilians.max:
                text += f", including {_range(civilians)} {'civilian' if civilians.max == 1 else 'civilians'}"
            parts.append(text)
    elif children and children.max:
        parts.append(f"{_range(children)} {'child' if children.max == 1 else 'children'} killed")
    elif civilians and civilians.max:
        parts.append(
            f"{_range(civilians)} {'civilian' if civilians.max == 1 else 'civilians'} killed"
        )
    if hurt and hurt.max:
        parts.append(f"{_range(hurt)} wounded")
    return ", ".join(parts)


def _place_phrase(place: str | None, places: _Places, names: Mapping[str, str]) -> str:
    """ "Rastan, Homs": the place and the governorate holding it."""
    if place is None:
        return ""
    text = names.get(place, place)
    admin1 = places.admin1(place)
    if admin1 and admin1 != place:
        province = _ADMIN_SUFFIX.sub("", names.get(admin1, admin1))
        if province != text:  # "Aleppo", not "Aleppo, Aleppo": the city names its province
            text += ", " + province
    return text


def _title(
    sub_event_type: str | None,
    event_type: str | None,
    place: str,
    casualties: str,
    sentence: str,
) -> str:
    """A title from the facts: "Air strike on Rastan, Homs: 3 children killed"."""
    words, joint = _TYPE_TITLES.get(sub_event_type or "") or _EVENT_TYPE_TITLES.get(
        event_type or "", ("", "")
    )
    if words:
        head = f"{words} {joint} {place}" if place and joint else f"{words} {place}".strip()
    elif place and casualties:
        head = place
    else:
        head = ""
    if head and casualties:
        return f"{head}: {casualties}"
    if head:
        return head
    if casualties:
        return casualties[0].upper() + casualties[1:]
    # Nothing known but the sentence: its first words stand for it.
    words_of = sentence.split()
    short = " ".join(words_of[:14])
    if not short:
        return "Untitled incident"
    return short[0].upper() + short[1:] + ("…" if len(words_of) > 14 else "")


def _date_of(members: Sequence[Mention], given: Sequence[_Span]) -> tuple[str, str, str | None]:
    spans = list(zip(given, members, strict=True))
    start = max(s.start for s, _ in spans)
    end = min(s.end for s, _ in spans)
    if start <= end:  # they agree: the finest date given
        span, m = min(spans, key=lambda sm: PRECISIONS.index(sm[0].precision))
        return m.date, span.precision, m.mod if span.precision != "day" else None
    days = {s.start for s, _ in spans if s.precision == "day"}
    if max(days, default=0) - min(days, default=0) == 1 and all(
        s.start <= max(days) and min(days) <= s.end for s, _ in spans
    ):
        # reports a day apart (`day_slack`): the day most reports give; else the day a main
        # sentence states; else the day most sentences state; else the first
        def weight(day: int) -> tuple[int, bool, int]:
            giving = [m for s, m in spans if s.start == day == s.end]
            stated = [m for m in giving if m.date_stated]
            return len({m.entry for m in giving}), any(m.main for m in stated), len(stated)

        day = max(sorted(days), key=weight)
        return date.fromordinal(day).isoformat(), "day", None
    value = _enclosing([m.date for m in members])
    return value, date_span(value).precision, None


def _sources(members: Sequence[Mention]) -> list[Source]:
    by_entry: dict[str, list[Mention]] = {}
    for m in members:
        by_entry.setdefault(m.entry, []).append(m)
    out = []
    for ms in by_entry.values():
        ms.sort(key=lambda m: (m.position, m.anchor))
        lead = next((m for m in ms if m.main), ms[0])
        out.append(
            Source(
                entry=lead.entry,
                file=lead.file,
                outlet=lead.outlet,
                url=lead.url,
                published=lead.published,
                sentence=lead.sentence,
                main=any(m.main for m in ms),
                anchors=[m.anchor for m in ms],
            )
        )
    return out


def _incident(
    members: Sequence[Mention], spans: Sequence[_Span], places: _Places, names: Mapping[str, str]
) -> Incident:
    value, precision, mod = _date_of(members, spans)
    if len(members) == 1:
        ordered = list(dict.fromkeys(members[0].places))
    else:
        counts = Counter(p for m in members for p in dict.fromkeys(m.places))
        ordered = sorted(counts, key=lambda p: -counts[p])  # stable: first seen wins ties
    where = places.most_specific(ordered)
    kinds = _majority((m.event_type, m.sub_event_type) for m in members if m.event_type)
    event_type, sub_event_type = kinds if kinds else (None, None)
    figures = {name: _figure(members, name) for name in FIGURES}
    lead = next((m for m in members if m.main), members[0])
    title = _title(
        sub_event_type,
        event_type,
        _place_phrase(where[0] if where else None, places, names),
        _casualties(*(figures[name] for name in FIGURES)),
        lead.sentence,
    )
    return Incident(
        id=incident_id(members[0].anchor),
        date=value,
        date_precision=precision,
        mod=mod,
        places=where,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=_majority(m.actor1 for m in members),
        actor2=_majority(m.actor2 for m in members),
        fatalities=figures["fatalities"],
        civilian_fatalities=figures["civilian_fatalities"],
        child_fatalities=figures["child_fatalities"],
        injured=figures["injured"],
        title=title,
        sources=_sources(members),
        mentions=list(members),
        background=all(m.background for m in members),
    )


def _sort_key(incident: Incident) -> tuple[Any, ...]:
    span = date_span(incident.date)
    rank = len(PRECISIONS) - PRECISIONS.index(span.precision)  # a month before its days
    return (span.start, rank, incident.id)


def merge_incidents(
    mentions: Iterable[Mention],
    parent_of: Mapping[str, str | None],
    decisions: IncidentDecisions | None = None,
    place_names: Mapping[str, str] | None = None,
    *,
    day_slack: int = 0,
    countries: Collection[str] = (),
) -> list[Incident]:
    """Group `mentions` into incidents, in date order.

    `parent_of`: the containing place's id by place id (None for a country); `place_names`:
    the name to show by place id (titles); `decisions`: the editor's file, applied last
    (its `apart` pairs are never merged); `countries`: the place ids that are countries (a
    country none of whose places the chronicle holds is otherwise taken for a town:
    "Russia" in "Russian strikes"). `day_slack`: 0 (the default) never puts two different
    days in one incident; 1 lets day-precise reports one day apart be one incident (with
    more evidence than the same day needs; an incident's days are then at most one apart;
    the build passes 1). Every mention is in exactly one incident; hidden ones are kept,
    marked `hidden`."""
    return group_mentions(
        mentions, parent_of, decisions, place_names, day_slack=day_slack, countries=countries
    ).incidents


def near_merges(
    mentions: Iterable[Mention],
    parent_of: Mapping[str, str | None],
    decisions: IncidentDecisions | None = None,
    place_names: Mapping[str, str] | None = None,
    *,
    day_slack: int = 0,
    countries: Collection[str] = (),
) -> list[NearMerge]:
    """The pairs of incidents (as `merge_incidents` makes them) of different reports whose
    best link scored below MERGE_SCORE by at most NEAR_MARGIN: the merges an editor should
    decide, best first. Neither hidden nor background; none the editor keeps apart."""
    return group_mentions(
        mentions, parent_of, decisions, place_names, day_slack=day_slack, countries=countries
    ).near


def group_mentions(
    mentions: Iterable[Mention],
    parent_of: Mapping[str, str | None],
    decisions: IncidentDecisions | None = None,
    place_names: Mapping[str, str] | None = None,
    *,
    day_slack: int = 0,
    countries: Collection[str] = (),
) -> Grouping:
    """`merge_incidents` and `near_merges` at once: one scoring of the candidate pairs."""
    places = _Places(parent_of, countries)
    items = _items(mentions, places, day_slack)
    links = _links(items, places, day_slack, MERGE_SCORE - NEAR_MARGIN)
    apart = _apart(items, decisions)
    groups = _cluster(items, places, day_slack, links, apart)
    titles: dict[int, str] = {}
    hidden: set[int] = set()
    if decisions:
        groups, titles, hidden = _apply_decisions(groups, items, decisions)
    out = []
    for number, members in enumerate(groups):
        ordered = [items[k] for k in sorted(members)]
        incident = _incident(
            [item.m for item in ordered], [item.span for item in ordered], places, place_names or {}
        )
        if number in titles:
            incident.title, incident.retitled = titles[number], True
        incident.hidden = number in hidden
        out.append(incident)
    near = _near(items, places, links, groups, out, apart)
    out.sort(key=_sort_key)
    return Grouping(out, near)


def incident_of(incidents: Iterable[Incident]) -> dict[str, Incident]:
    """The incident of each event, by the event's anchor (report pages link to it)."""
    return {anchor: inc for inc in incidents for anchor in inc.anchors}


def incidents_json(
    incidents: Iterable[Incident], *, include_background: bool = False
) -> list[dict[str, Any]]:
    """`site/data/incidents.json`: one object per shown incident (hidden ones and, unless
    asked, background ones left out)."""
    out = []
    for inc in incidents:
        if inc.hidden or (inc.background and not include_background):
            continue
        out.append(
            {
                "id": inc.id,
                "date": inc.date,
                "date_precision": inc.date_precision,
                "places": list(inc.places),
                "event_type": inc.event_type,
                "sub_event_type": inc.sub_event_type,
                "actor1": inc.actor1,
                "actor2": inc.actor2,
                **{
                    name: figure.as_json() if (figure := getattr(inc, name)) else None
                    for name in FIGURES
                },
                "title": inc.title,
                "sources": [
                    {
                        "entry": s.entry,
                        "file": s.file,
                        "outlet": s.outlet,
                        "url": s.url,
                        "published": s.published.isoformat() if s.published else None,
                        "sentence": s.sentence,
                        "main": s.main,
                    }
                    for s in inc.sources
                ],
            }
        )
    return out
