"""What the search index holds: one `SearchDoc` per report, place and actor page, made
from the model (never from the rendered pages: editor's notes, file names and the
repeated lists of events are not what a reader searches for)."""

from __future__ import annotations

from datetime import date

from chronicle.site.dates import DateLabels
from chronicle.site.model import Actor, Entry, Event, Place
from chronicle.site.search import SearchDoc, fragment_text


def report_doc(url: str, title: str, published: date | None, body_html: str) -> SearchDoc:
    """A report's document; the quick path for body edits makes the same from the file."""
    return SearchDoc(
        url, title, "report", published.isoformat() if published else "", fragment_text(body_html)
    )


def entry_doc(entry: Entry) -> SearchDoc:
    return report_doc(entry.url, entry.title, entry.published, entry.body_html)


def place_doc(place: Place) -> SearchDoc:
    within = ", ".join(p.name for p in reversed(place.chain))
    text = " ".join(
        part
        for part in (
            place.name,
            " ".join(place.aliases),
            within,
            fragment_text(place.description_html),
        )
        if part
    )
    return SearchDoc(place.url, place.name, "place", "", text)


def actor_doc(actor: Actor) -> SearchDoc:
    text = " ".join(
        part
        for part in (actor.name, " ".join(actor.aliases), fragment_text(actor.description_html))
        if part
    )
    return SearchDoc(actor.url, actor.name, "actor", "", text)


def event_docs(events: list[Event], labels: DateLabels) -> list[SearchDoc]:
    """One document per event of the timeline, found by the words of its sentence."""
    docs = []
    for e in events:
        places = ", ".join(p.name for p in e.places)
        title = f"{labels.when(e.when)} · {places}" if places else labels.when(e.when)
        text = " ".join(part for part in (e.facts, e.sentence) if part)
        docs.append(SearchDoc(e.url, title, "incident", e.when.start.isoformat(), text))
    return docs
