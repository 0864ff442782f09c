"""Date mentions + place mentions -> events: one per dated statement, with its evidence."""
from __future__ import annotations

from dataclasses import dataclass, field

from chronicle.extract.sentences import sentence_spans
from chronicle.extract.types import DateMention, PlaceMention


@dataclass
class Event:
    date: str                 # TIMEX3 value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www (or decade)
    mention: str              # the words that carry the date
    sentence: str             # the sentence that reports it
    places: list[str] = field(default_factory=list)   # place ids, in text order
    mod: str | None = None    # TIMEX3 mod (START, MID, END, ...) when the text says so

    def as_dict(self) -> dict:
        data: dict = {"date": self.date, "mention": self.mention, "sentence": self.sentence,
                      "places": list(self.places)}
        if self.mod:
            data["mod"] = self.mod
        return data


def build_events(text: str, dates: list[DateMention], places: list[PlaceMention]) -> list[Event]:
    """One event per dated point in time in a sentence, with the places of that sentence.

    Durations, sets and unresolved dates are not events: they cannot stand on a timeline.
    """
    spans = sentence_spans(text)
    events: list[Event] = []
    seen: set[tuple[str, int]] = set()
    for mention in dates:
        if not mention.is_point:
            continue
        span = next(((s, e) for s, e in spans if s <= mention.start < e), None)
        if span is None:
            continue
        key = (mention.value or "", span[0])
        if key in seen:       # "on Thursday ... Thursday's raid": one event per sentence
            continue
        seen.add(key)
        ids: list[str] = []
        for place in places:
            if (place.use == "place" and place.place is not None
                    and span[0] <= place.start < span[1] and place.place.id not in ids):
                ids.append(place.place.id)
        sentence = " ".join(text[span[0]:span[1]].split())
        events.append(Event(date=mention.value or "", mention=mention.text, sentence=sentence,
                            places=ids, mod=mention.mod))
    return events
