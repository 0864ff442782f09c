"""What the search index holds: one `SearchDoc` per report, place and actor page, made
from the model (never from the rendered pages: editor's notes, file names and the
repeated lists of events are not what a reader searches for)."""

from __future__ import annotations

from datetime import date

from chronicle.site.model import Actor, Entry, Incident, Place
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


def incident_docs(incidents: list[Incident]) -> list[SearchDoc]:
    """One document per incident of a timeline page, found by the words of its reports."""
    docs = []
    for incident in incidents:
        sentences = dict.fromkeys(e.sentence for e in incident.events)
        text = " ".join([incident.toll, *sentences])
        docs.append(
            SearchDoc(
                incident.url, incident.title, "incident", incident.when.start.isoformat(), text
            )
        )
    return docs
