"""The chronicle as the site shows it: entries, events and places, linked both ways.

Built from validated entry and place files by `load.py`; rendered by `render.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 - used like functools.cached_property
    """functools.cached_property without its lock (Python 3.11 takes one on every first
    access; loading 10,000 entries makes ~100,000 of them): the value is computed once and
    stored in the instance, which then answers without calling this descriptor again."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MODS = {"START": "early", "MID": "mid-", "END": "late", "APPROX": "about"}


@dataclass(frozen=True)
class When:
    """A TIMEX3 calendar value with its precision: day, week, month, year or decade."""

    value: str
    mod: str | None = None

    @cached_property
    def precision(self) -> str:
        v = self.value
        if v.endswith("X"):
            return "decade"
        if "W" in v:
            return "week"
        return {4: "year", 7: "month", 10: "day"}.get(len(v), "day")

    @cached_property
    def start(self) -> date:
        v = self.value
        if self.precision == "decade":
            return date(int(v[:3] + "0"), 1, 1)
        if self.precision == "week":
            return date.fromisocalendar(int(v[:4]), int(v[6:8]), 1)
        if self.precision == "year":
            return date(int(v), 1, 1)
        if self.precision == "month":
            return date(int(v[:4]), int(v[5:7]), 1)
        return date.fromisoformat(v)

    @cached_property
    def sort_key(self) -> tuple[date, int]:
        # A month sorts before the days in it, a year before its months.
        rank = {"decade": 0, "year": 1, "month": 2, "week": 3, "day": 4}[self.precision]
        return (self.start, rank)

    @property
    def datetime_attr(self) -> str:
        """A valid HTML <time datetime> value."""
        if self.precision == "decade":
            return self.value[:3] + "0"
        return self.value

    def label(self) -> str:
        """The date as a reader says it, at its precision: "8 June 2017", "June 2017"."""
        p, s = self.precision, self.start
        mod = MODS.get(self.mod or "", "")
        if p == "day":
            return f"{s.day} {MONTHS[s.month - 1]} {s.year}"
        if p == "week":
            return f"week of {s.day} {MONTHS[s.month - 1]} {s.year}"
        if p == "month":
            text = f"{MONTHS[s.month - 1]} {s.year}"
        elif p == "year":
            text = str(s.year)
        else:
            text = f"the {s.year}s"
        if not mod:
            return text
        return f"{mod}{text}" if mod.endswith("-") else f"{mod} {text}"

    @property
    def end(self) -> date:
        p, s = self.precision, self.start
        if p == "day":
            return s
        if p == "week":
            return s + timedelta(days=6)
        if p == "month":
            nxt = date(s.year + (s.month == 12), s.month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if p == "year":
            return date(s.year, 12, 31)
        return date(s.year + 9, 12, 31)


def _the(name: str) -> str:
    """ "the Syrian Arab Army", "Hezbollah": names of forces take the article."""
    first = name.split(" ", 1)[0]
    if first.lower() in ("the", "civilians") or name[:1].islower():
        return name
    words = ("forces", "army", "coalition", "front", "units", "state", "militia", "militias")
    return f"the {name}" if name.split()[-1].lower() in words or " of " in name else name


def incidents_of(events: list[Event]) -> list[Incident]:
    """The incidents of `events`, each once, in date order."""
    seen: dict[str, Incident] = {}
    for event in events:
        if event.incident is not None:
            seen.setdefault(event.incident.id, event.incident)
    return sorted(seen.values(), key=lambda i: i.sort_key)


def entry_order(entry: Entry) -> tuple:
    """Newest first, undated last, then by slug."""
    return (
        entry.published is None,
        -(entry.published.toordinal() if entry.published else 0),
        entry.slug,
    )


def format_day(day: date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "date unknown"


@dataclass(eq=False)
class Place:
    id: str
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames: int | None
    parent_id: str | None
    aliases: list[str]
    description_html: str = ""
    source_path: str = ""
    file_key: str = ""  # hash of the place file (build cache, page keys)
    parent: Place | None = None
    children: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # events here (not inside)
    entries: list[Entry] = field(default_factory=list)  # entries that name it

    @cached_property  # asked for on every page that links it
    def url(self) -> str:
        return f"places/{self.id}.html"

    # The model does not change once loaded, so what is derived from it is computed once:
    # pages, the map and the place tree ask for these thousands of times.
    @cached_property
    def chain(self) -> list[Place]:
        """The places containing this one, outermost first."""
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def descendants(self) -> list[Place]:
        return self._descendants

    @cached_property
    def _descendants(self) -> list[Place]:
        out = []
        for child in self.children:
            out.append(child)
            out.extend(child.descendants())
        return out

    def all_events(self) -> list[Event]:
        """Events at this place or anywhere inside it, in date order, each once."""
        return self._all_events

    @cached_property
    def _all_events(self) -> list[Event]:
        seen: dict[int, Event] = {}
        for place in [self, *self.descendants()]:
            for event in place.events:
                seen.setdefault(id(event), event)
        return sorted(seen.values(), key=lambda e: e.sort_key)

    @cached_property
    def event_count(self) -> int:
        return len(self.all_events())

    @cached_property
    def incidents(self) -> list[Incident]:
        """Incidents at this place or anywhere inside it, in date order, each once."""
        return incidents_of(self.all_events())

    @cached_property
    def incident_count(self) -> int:
        return len(self.incidents)


@dataclass(eq=False)
class Actor:
    """An armed group, a state's forces, civilians: who acted, and who was acted upon."""

    id: str
    name: str
    kind: str  # one of content.records.ACTOR_KINDS
    aliases: list[str]
    country: str | None = None
    parent_id: str | None = None
    description_html: str = ""
    source_path: str = ""
    file_key: str = ""
    parent: Actor | None = None
    events: list[Event] = field(default_factory=list)  # as actor1 or actor2, in date order

    @cached_property
    def url(self) -> str:
        return f"actors/{self.id}.html"

    @cached_property
    def incidents(self) -> list[Incident]:
        return incidents_of(self.events)

    @cached_property
    def entries(self) -> list[Entry]:
        """The reports of its events, newest first."""
        seen: dict[int, Entry] = {}
        for event in self.events:
            seen.setdefault(id(event.entry), event.entry)
        return sorted(seen.values(), key=entry_order)

    @cached_property
    def places(self) -> list[Place]:
        """Where its events happened, most events first."""
        counts: dict[int, tuple[int, Place]] = {}
        for event in self.events:
            for place in event.places:
                n, _ = counts.get(id(place), (0, place))
                counts[id(place)] = (n + 1, place)
        return [p for _, p in sorted(counts.values(), key=lambda c: (-c[0], c[1].name))]


# What happened, in words: ACLED sub-event types as a reader says them
KIND_WORDS = {
    "Armed clash": "Clashes",
    "Government regains territory": "Government forces retake territory",
    "Non-state actor overtakes territory": "Territory taken",
    "Chemical weapon": "Chemical attack",
    "Air/drone strike": "Air strike",
    "Suicide bomb": "Suicide bombing",
    "Shelling/artillery/missile attack": "Shelling",
    "Remote explosive/landmine/IED": "Bombing",
    "Grenade": "Grenade attack",
    "Sexual violence": "Sexual violence",
    "Attack": "Attack on civilians",
    "Abduction/forced disappearance": "Abduction",
    "Peaceful protest": "Protest",
    "Protest with intervention": "Protest broken up",
    "Excessive force against protesters": "Force against protesters",
    "Violent demonstration": "Riot",
    "Mob violence": "Mob violence",
    "Agreement": "Agreement",
    "Arrests": "Arrests",
    "Change to group/activity": "Change of course",
    "Disrupted weapons use": "Weapons seized or defused",
    "Headquarters or base established": "Base established",
    "Looting/property destruction": "Looting or destruction",
    "Non-violent transfer of territory": "Territory handed over",
    "Other": "Development",
}


def _people(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def casualties_text(
    fatalities: int | None,
    civilians: int | None,
    children: int | None,
    injured: int | None,
) -> str:
    """ "26 killed, 3 of them children; 5 wounded" ("" when no figure is known)."""
    parts = []
    if fatalities is not None or children is not None or civilians is not None:
        dead = fatalities if fatalities is not None else max(civilians or 0, children or 0)
        of = []
        if civilians and civilians != dead:
            of.append(_people(civilians, "civilian", "civilians"))
        if children:
            of.append(_people(children, "child", "children"))
        if children and children == dead:
            text = f"{_people(children, 'child', 'children')} killed"
        elif civilians and civilians == dead:
            text = f"{_people(civilians, 'civilian', 'civilians')} killed"
            of = [o for o in of if "civilian" not in o]
        else:
            text = f"{dead} killed"
        if of and not (children and children == dead):
            text += f" ({', '.join(of)})"
        parts.append(text)
    if injured:
        parts.append(f"{injured} wounded")
    return ", ".join(parts)


@dataclass(eq=False)
class Happening:
    """What a sentence of a report tells: its words, places and facts. A dated one is an
    `Event`; an undated one is listed with its report only."""

    entry: Entry
    mention: str
    sentence: str
    places: list[Place]
    anchor: str = ""
    event_type: str | None = None  # ACLED event type, e.g. "Explosions/Remote violence"
    sub_event_type: str | None = None  # e.g. "Air/drone strike"
    actor1: Actor | None = None  # the side that acted
    actor2: Actor | None = None  # the side acted upon
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    injured: int | None = None
    casualty_words: str = ""  # the words that carry the figures
    main: bool = False  # what its report is about
    background: bool = False  # history the report recalls (kept with its report)

    @cached_property
    def what(self) -> str:
        """What happened and who did it, in words: "Air strike by the Syrian Arab Army"."""
        if self.sub_event_type is None:
            return ""
        text = KIND_WORDS.get(self.sub_event_type, self.sub_event_type)
        if self.actor1 is not None and self.actor1.kind != "civilians":
            text += f" by {_the(self.actor1.name)}"
        if self.actor2 is not None and self.sub_event_type == "Armed clash":
            text += f" with {_the(self.actor2.name)}"
        return text

    @cached_property
    def toll(self) -> str:
        """The casualty figures in words: "3 children killed, 5 wounded"."""
        return casualties_text(
            self.fatalities, self.civilian_fatalities, self.child_fatalities, self.injured
        )

    @cached_property
    def facts(self) -> str:
        """ "Air strike by the Syrian Arab Army: 3 children killed, 5 wounded"."""
        return ": ".join(part for part in (self.what, self.toll) if part)

    when: When | None = None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (date.max, 9, self.entry.slug, self.anchor)


@dataclass(eq=False)
class Event(Happening):
    """A dated happening: it stands on the timeline (unless it is background)."""

    when: When = field(kw_only=True)
    position: int = field(default=0, kw_only=True)  # its place among its entry's events
    incident: Incident | None = field(default=None, kw_only=True)

    @cached_property
    def sort_key(self) -> tuple[Any, ...]:
        return (*self.when.sort_key, self.entry.slug, self.anchor)

    @property  # asked for on every page that links it
    def url(self) -> str:
        """Where a reader finds it: its incident on the timeline."""
        if self.incident is not None:
            return self.incident.url
        return f"timeline/index.html#{self.anchor}"

    @cached_property
    def key_token(self) -> str:
        """What pages listing the event show of it, for their keys (`render.Keys`)."""
        return f"{self.anchor}{self.entry.meta_key}|"


class BodyStore:
    """Rendered bodies kept in an unnamed temporary file instead of memory: only an
    entry's own page shows its body, so 10,000 bodies (27 MB at 10,000 entries, held by
    both rendering processes) need not stay in the model. Forked processes read the same
    file (`os.pread` at an offset: no shared file position)."""

    MIN = 512  # shorter bodies stay in memory

    def __init__(self) -> None:
        import tempfile

        try:
            self.file: Any = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 - lives with the store
        except OSError:  # no writable temporary folder: keep them in memory
            self.file = None
        self.size = 0

    def add(self, text: str) -> str | StoredBody:
        if len(text) < self.MIN or self.file is None:
            return text
        data = text.encode("utf-8")
        try:
            # At an explicit offset, unbuffered: a body is stored only once it is written
            # whole, and nothing is left in a buffer for forked processes to share.
            written = os.pwrite(self.file.fileno(), data, self.size)
        except OSError:  # the temporary folder is full: in memory
            return text
        if written != len(data):
            return text
        stored = StoredBody(self, self.size, len(data))
        self.size += len(data)
        return stored

    def read(self, offset: int, length: int) -> str:
        return os.pread(self.file.fileno(), length, offset).decode("utf-8")


class StoredBody:
    __slots__ = ("store", "offset", "length")

    def __init__(self, store: BodyStore, offset: int, length: int) -> None:
        self.store, self.offset, self.length = store, offset, length

    def text(self) -> str:
        return self.store.read(self.offset, self.length)


@dataclass(eq=False)
class Entry:
    slug: str
    title: str
    published: date | None
    published_from: str | None
    source: dict[str, Any]
    body: str | StoredBody  # the rendered body (see `body_html`)
    review: list[str]
    source_path: str = ""
    file_key: str = ""  # hash of the entry file
    meta_key: str = ""  # hash of its front matter (what pages other than its own show)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # dated events of the news it reports
    # shown with the report only: events the text does not date, and background (history
    # the report recalls, "since the war began in 2011")
    other_events: list[Happening] = field(default_factory=list)

    @cached_property  # asked for on every page that links it
    def url(self) -> str:
        return f"entries/{self.slug}.html"

    @property
    def main_event(self) -> Happening | None:
        return next((e for e in [*self.events, *self.other_events] if e.main), None)

    @property
    def body_html(self) -> str:
        body = self.body
        return body if isinstance(body, str) else body.text()

    @body_html.setter
    def body_html(self, value: str) -> None:
        self.body = value

    @property
    def source_url(self) -> str | None:
        """The original's address, only if it is a web address (never javascript: etc.)."""
        url = str(self.source.get("url") or "").strip()
        return url if re.match(r"https?://[^\s\x00-\x1f]+$", url, re.IGNORECASE) else None


def event_anchor(slug: str, value: str, mention: str, sentence: str) -> str:
    """An anchor that stays the same as long as the event's words do."""
    digest = hashlib.sha1(f"{slug}\x00{value}\x00{mention}\x00{sentence}".encode()).hexdigest()
    return f"ev-{digest[:10]}"


@dataclass(frozen=True)
class Range:
    """A casualty figure over an incident's reports: from `min` to `max`, and who said what."""

    min: int
    max: int
    by: tuple[tuple[str, int], ...]  # (entry slug, its figure)

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"


@dataclass(eq=False)
class IncidentSource:
    """One report of an incident."""

    entry: Entry
    sentence: str  # its sentence that tells the incident
    main: bool  # the incident is what the report is about


@dataclass(eq=False)
class Incident:
    """One happening, with every report of it (`site.incidents` makes them)."""

    id: str
    title: str
    when: When
    places: list[Place]
    event_type: str | None
    sub_event_type: str | None
    actor1: Actor | None
    actor2: Actor | None
    fatalities: Range | None
    civilian_fatalities: Range | None
    child_fatalities: Range | None
    injured: Range | None
    sources: list[IncidentSource]
    events: list[Event]
    page: str = "timeline/index.html"  # the timeline page that lists it
    retitled: bool = False

    @property
    def anchor(self) -> str:
        return self.id

    @cached_property
    def url(self) -> str:
        return f"{self.page}#{self.id}"

    @property
    def own_page(self) -> str | None:
        """A page of its own when several reports tell it."""
        return f"incidents/{self.id}.html" if len(self.sources) > 1 else None

    @cached_property
    def sort_key(self) -> tuple[Any, ...]:
        return (*self.when.sort_key, self.id)

    @cached_property
    def toll(self) -> str:
        """The figures in words, ranges where the reports disagree: "26–30 killed"."""
        parts = []
        if self.fatalities is not None:
            text = f"{self.fatalities} killed"
            if self.child_fatalities and self.child_fatalities.max:
                n = self.child_fatalities
                text += f" ({n} {'child' if n.max == 1 else 'children'})"
            elif self.civilian_fatalities and self.civilian_fatalities.max:
                n = self.civilian_fatalities
                text += f" ({n} {'civilian' if n.max == 1 else 'civilians'})"
            parts.append(text)
        if self.injured is not None and self.injured.max:
            parts.append(f"{self.injured} wounded")
        return ", ".join(parts)

    @cached_property
    def disagree(self) -> list[tuple[str, Range]]:
        """The figures the reports give differently, to show rather than hide."""
        names = {
            "fatalities": "killed",
            "civilian_fatalities": "civilians killed",
            "child_fatalities": "children killed",
            "injured": "wounded",
        }
        out = []
        for name, words in names.items():
            figure = getattr(self, name)
            if figure is not None and figure.min != figure.max:
                out.append((words, figure))
        return out

    @cached_property
    def key_token(self) -> str:
        """What pages listing the incident show of it, for their keys (`render.Keys`)."""
        return f"{self.id}|{self.title}|{self.page}|" + "".join(e.key_token for e in self.events)


@dataclass(frozen=True)
class NearMerge:
    """Two shown incidents that may be one (`incidents.near_merges`): a question for the
    editor's review, never a page of the site."""

    first: Incident  # the earlier
    second: Incident
    score: float  # the evidence of their best link (a merge needs `incidents.MERGE_SCORE`)
    anchors: tuple[str, str]  # the link: an event of each
    agree: tuple[str, ...]  # what the two events share, in words
    differ: tuple[str, ...]  # what tells them apart, in words


@dataclass
class Chronicle:
    entries: list[Entry]  # newest first
    places: dict[str, Place]
    events: list[Event]  # in date order
    actors: dict[str, Actor] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)  # in date order, hidden ones out
    timeline: list[Any] = field(default_factory=list)  # its pages (`grouping.TimelinePage`)
    # pairs of incidents that may be one, for the editor's review (never published)
    near_merges: list[NearMerge] = field(default_factory=list)

    @property
    def roots(self) -> list[Place]:
        """Top-level places (countries, and places with no known parent)."""
        return sorted(
            (p for p in self.places.values() if p.parent is None),
            key=lambda p: (-p.event_count, p.name),
        )

    @property
    def period(self) -> tuple[When, When] | None:
        if not self.events:
            return None
        return self.events[0].when, self.events[-1].when
