"""Date mentions + place mentions -> events: one per dated statement, with its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chronicle.extract.sentences import sentence_spans
from chronicle.extract.types import DateMention, PlaceMention


@dataclass
class Event:
    date: str  # TIMEX3 value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www (or decade)
    mention: str  # the words that carry the date
    sentence: str  # the sentence that reports it
    places: list[str] = field(default_factory=list)  # place ids, in text order
    mod: str | None = None  # TIMEX3 mod (START, MID, END, ...) when the text says so

    def as_dict(self) -> dict:
        data: dict = {
            "date": self.date,
            "mention": self.mention,
            "sentence": self.sentence,
            "places": list(self.places),
        }
        if self.mod:
            data["mod"] = self.mod
        return data


# What an entry's event date may be: year, month, day, ISO week; a decade as "199X".
_TIMELINE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$|^\d{3}X$")


def timeline_value(value: str | None) -> str | None:
    """The TIMEX3 value as an event date, or None when it cannot stand on a timeline
    (TIMEX3 writes a decade as "199"; the entry format as "199X")."""
    if value and re.fullmatch(r"\d{3}", value):
        value += "X"
    if value and "T" in value:  # a time of day stands on the timeline as its day
        value = value.split("T", 1)[0]
    return value if value and _TIMELINE_VALUE.match(value) else None


def build_events(text: str, dates: list[DateMention], places: list[PlaceMention]) -> list[Event]:
    """One event per dated point in time in a sentence, with the places of that sentence.

    Durations, sets and unresolved dates are not events: they cannot stand on a timeline.
    """
    spans = sentence_spans(text)
    events: list[Event] = []
    seen: set[tuple[str, int]] = set()
    for mention in dates:
        value = timeline_value(mention.value) if mention.is_point else None
        if value is None:
            continue
        span = next(((s, e) for s, e in spans if s <= mention.start < e), None)
        if span is None:
            continue
        key = (value, span[0])
        if key in seen:  # "on Thursday ... Thursday's raid": one event per sentence
            continue
        seen.add(key)
        ids: list[str] = []
        for place in places:
            if (
                place.use == "place"
                and place.place is not None
                and span[0] <= place.start < span[1]
                and place.place.id not in ids
            ):
                ids.append(place.place.id)
        sentence = " ".join(text[span[0] : span[1]].split())
        events.append(
            Event(date=value, mention=mention.text, sentence=sentence, places=ids, mod=mention.mod)
        )
    return events
