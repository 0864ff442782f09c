"""Extraction: an article's text -> its dates, places and events.

`extract()` is the one face of the temporal tagger (`dates.py`) and the geoparser
(`places.py`) for the rest of Chronicle: ingest uses it to write entries, and
`chronicle extract` exposes it as JSON lines to evaluation tools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from chronicle.content.records import PlaceRecord
from chronicle.extract.actors import ActorList
from chronicle.extract.dates import tag_dates
from chronicle.extract.events import Event, build_events
from chronicle.extract.places import Geoparser
from chronicle.extract.published import find_published
from chronicle.extract.types import DateMention, PlaceMention


@dataclass
class Extraction:
    published: date | None
    published_from: str | None  # "given" | "text" | "inferred" | None (see published.py)
    dates: list[DateMention]
    places: list[PlaceMention]
    events: list[Event]
    review: list[str] = field(default_factory=list)


def extract(
    text: str,
    published: date | None,
    geoparser: Geoparser,
    *,
    stated_lines: Sequence[str] = (),
    day_first: bool = True,
    actors: ActorList | None = None,
) -> Extraction:
    """Dates, places and events of `text`.

    `published`: the publication date when the caller knows it; otherwise it is read from
    the text (`published.find_published`: stated, else inferred and flagged for review).
    `stated_lines`: the lines around the text where an article states its date (a
    dateline, "Published ..."), as the reader found them (`Article.date_lines`).
    `actors`: the actor list events are coded with (default: the shipped list; make one
    with `ActorList(records)` to add the chronicle's own actor records).
    """
    review: list[str] = []
    published_from = "given" if published else None
    body = text
    if published is None:
        found = find_published(body, stated_lines, day_first=day_first)
        published, published_from = found.date, found.how
        note = found.review_note()
        if note:
            review.append(note)
    dates = tag_dates(body, published, day_first=day_first)
    places = geoparser.parse(body)
    _keep_unresolved(places)
    for mention in places:
        if mention.review and mention.use == "place":
            note = f'Place "{mention.text}": {mention.review}.'
            if note not in review:
                review.append(note)
    unresolved = sorted({d.text for d in dates if d.value is None})
    if unresolved and published is not None:
        review.append("Dates found but not resolved: " + "; ".join(unresolved))
    events = build_events(body, dates, places, published, actors)
    return Extraction(published, published_from, dates, places, events, review)


def _keep_unresolved(places: list[PlaceMention]) -> None:
    """A place the geoparser found but could not resolve is kept, without coordinates,
    under an id of its own name, and flagged for review (never given invented coordinates)."""
    from chronicle.content.records import slugify

    for mention in places:
        if mention.use == "place" and mention.place is None:
            mention.place = PlaceRecord(id=slugify(mention.text), name=mention.text, kind="area")
            if not mention.review:
                mention.review = (
                    "not found in the gazetteer: add its coordinates and parent to its place file"
                )
