"""The model's incidents: the chronicle's events grouped by `site.incidents` (the merging
engine), the editor's decisions applied, and each incident given its timeline page.

The timeline is paged by time (`paginate`): one page per year, or one per month when a
year holds more than `LONG_YEAR` incidents (its year page then lists what is dated only to
the year). Pages are stable: an incident's page follows from its date alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from chronicle.content.incidents import (
    IncidentDecisions,
    load_incident_decisions,
    stale_references,
)
from chronicle.errors import ChronicleError
from chronicle.site import incidents as engine
from chronicle.site.model import (
    MONTHS,
    Chronicle,
    Event,
    Happening,
    Incident,
    IncidentSource,
    NearMerge,
    Range,
    When,
)

LONG_YEAR = 250  # incidents in a year before it is split into month pages
# Reports of one happening a day apart may be one incident (a night attack, a toll counted
# the next day, "yesterday" read from a late edition): `incidents.merge_incidents`.
DAY_SLACK = 1
INCIDENTS_FILE = "incidents.yml"


@dataclass
class TimelinePage:
    """One page of the timeline: a year, or a month of a long year."""

    path: str  # "timeline/2017.html", "timeline/2017-06.html"
    year: int
    month: int | None  # None: the year's page
    incidents: list[Incident]
    months: list[TimelinePage] = field(default_factory=list)  # a split year's month pages
    previous: TimelinePage | None = None
    next: TimelinePage | None = None

    @property
    def title(self) -> str:
        return str(self.year) if self.month is None else f"{MONTHS[self.month - 1]} {self.year}"


def group(chronicle: Chronicle, content_dir: Path) -> tuple[list[ChronicleError], list[str]]:
    """Make the chronicle's incidents (`chronicle.incidents`, `Event.incident`). Returns
    the editor file's errors and its warnings (names of events no longer there)."""
    path = content_dir / INCIDENTS_FILE
    try:
        decisions: IncidentDecisions | None = load_incident_decisions(path)
    except ChronicleError as exc:
        return [exc], []
    assert decisions is not None
    warnings = list(decisions.warnings)
    anchors = {e.anchor for e in chronicle.events}
    for entry in chronicle.entries:
        anchors.update(h.anchor for h in entry.other_events)
    warnings += [str(e) for e in stale_references(decisions, anchors)]
    grouping = engine.group_mentions(
        (_mention(e) for e in chronicle.events),
        {p.id: p.parent_id for p in chronicle.places.values()},
        decisions,
        {p.id: p.name for p in chronicle.places.values()},
        day_slack=DAY_SLACK,
        countries={p.id for p in chronicle.places.values() if p.kind == "country"},
    )
    by_anchor = {e.anchor: e for e in chronicle.events}
    shown: list[Incident] = []
    hidden: list[Event] = []
    for found in grouping.incidents:
        events = [by_anchor[m.anchor] for m in found.mentions if m.anchor in by_anchor]
        if found.hidden or found.background or not events:
            hidden += events
            continue
        incident = _incident(found, events, chronicle)
        for event in events:
            event.incident = incident
        shown.append(incident)
    if hidden:
        _hide(chronicle, hidden)
    shown.sort(key=lambda i: i.sort_key)
    chronicle.incidents = shown
    by_id = {i.id: i for i in shown}
    chronicle.near_merges = [
        NearMerge(by_id[n.first], by_id[n.second], n.score, n.anchors, n.agree, n.differ)
        for n in grouping.near
        if n.first in by_id and n.second in by_id
    ]
    chronicle.timeline = paginate(shown)
    for page in chronicle.timeline:
        for incident in page.incidents:
            incident.page = page.path
    return [], warnings


def _mention(event: Event) -> engine.Mention:
    entry = event.entry
    return engine.Mention(
        entry=entry.slug,
        file=str(entry.source.get("file") or ""),
        outlet=entry.source.get("outlet"),
        url=entry.source_url,
        published=entry.published,
        anchor=event.anchor,
        date=event.when.value,
        mod=event.when.mod,
        places=tuple(p.id for p in event.places),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1.id if event.actor1 else None,
        actor2=event.actor2.id if event.actor2 else None,
        fatalities=event.fatalities,
        civilian_fatalities=event.civilian_fatalities,
        child_fatalities=event.child_fatalities,
        injured=event.injured,
        sentence=event.sentence,
        main=event.main,
        background=event.background,
        position=event.position,
        date_stated=bool(event.mention),
    )


def _range(figure: engine.Figure | None) -> Range | None:
    return Range(figure.min, figure.max, figure.by) if figure is not None else None


def _incident(found: engine.Incident, events: list[Event], chronicle: Chronicle) -> Incident:
    entries = {e.entry.slug: e.entry for e in events}
    return Incident(
        id=found.id,
        title=found.title,
        when=When(found.date, found.mod),
        places=[chronicle.places[p] for p in found.places if p in chronicle.places],
        event_type=found.event_type,
        sub_event_type=found.sub_event_type,
        actor1=chronicle.actors.get(found.actor1) if found.actor1 else None,
        actor2=chronicle.actors.get(found.actor2) if found.actor2 else None,
        fatalities=_range(found.fatalities),
        civilian_fatalities=_range(found.civilian_fatalities),
        child_fatalities=_range(found.child_fatalities),
        injured=_range(found.injured),
        sources=[
            IncidentSource(entries[s.entry], s.sentence, s.main)
            for s in found.sources
            if s.entry in entries
        ],
        events=sorted(events, key=lambda e: e.sort_key),
        retitled=found.retitled,
    )


def _hide(chronicle: Chronicle, events: list[Event]) -> None:
    """Events of hidden (or background) incidents leave the timeline, places and actors;
    their reports still list them."""
    gone = {id(e) for e in events}
    chronicle.events = [e for e in chronicle.events if id(e) not in gone]
    for place in chronicle.places.values():
        place.events = [e for e in place.events if id(e) not in gone]
    for actor in chronicle.actors.values():
        actor.events = [e for e in actor.events if id(e) not in gone]
    for event in events:
        entry = event.entry
        entry.events = [e for e in entry.events if id(e) not in gone]
        other: Happening = event
        entry.other_events.append(other)


def paginate(incidents: Iterable[Incident]) -> list[TimelinePage]:
    """The timeline's pages, in date order, linked to each other; `incidents` sorted."""
    pages: list[TimelinePage] = []
    for year, in_year in groupby(incidents, key=lambda i: i.when.start.year):
        items = list(in_year)
        page = TimelinePage(f"timeline/{year}.html", year, None, [])
        if len(items) <= LONG_YEAR:
            page.incidents = items
            pages.append(page)
            continue
        page.incidents = [i for i in items if i.when.precision in ("year", "decade")]
        pages.append(page)
        dated = [i for i in items if i.when.precision not in ("year", "decade")]
        for month, in_month in groupby(dated, key=lambda i: i.when.start.month):
            part = TimelinePage(f"timeline/{year}-{month:02d}.html", year, month, list(in_month))
            page.months.append(part)
            pages.append(part)
    for before, after in zip(pages, pages[1:]):
        before.next, after.previous = after, before
    return pages
