"""An extraction -> what an entry publishes, and review items for what it holds back.

Only a place mention extraction is sure of (`PlaceMention.publishable`) becomes a place of
the entry and of its events (a page, a marker); the others become review items with their
reason, confidence and candidates. A name in the chronicle's list of names that are not
places (`content/not-places.txt`) is never published.

Each item weighs how much deciding it changes the published chronicle (`weight`): a place
held back counts each event it would locate (twice when that event has no place at all),
an inferred publication date the report's own date and each event dated from it. An item
that would change no event is written as a note: information, not a decision to make.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from chronicle.content.records import ActorRecord, PlaceRecord
from chronicle.content.review import ReviewItem, note
from chronicle.extract import Extraction
from chronicle.extract.actors import ActorList
from chronicle.extract.events import Event
from chronicle.extract.name_keys import name_key
from chronicle.extract.sentences import sentence_spans
from chronicle.extract.types import PlaceMention

# An item below this weight changes no event: it is written as a note
MIN_WEIGHT = 1.0
MAX_CANDIDATES = 5


@dataclass
class Published:
    """What an entry publishes of an extraction's places, and what it holds back."""

    ids: list[str] = field(default_factory=list)  # the entry's places, in text order
    records: list[PlaceRecord] = field(default_factory=list)  # every place file it needs
    items: list[ReviewItem] = field(default_factory=list)  # items and notes
    # publishable mention -> its place id, to learn the spellings the articles use
    spellings: list[tuple[str, str]] = field(default_factory=list)


class _ChronicleActors(ActorList):
    """The actor list with the chronicle's names that are not actors: each blocks the
    names it holds, as the list's own NOT_ACTORS do ("Syrian Observatory")."""

    def __init__(self, records: list[ActorRecord], not_names: list[str]) -> None:
        super().__init__(records)
        for name in not_names:
            self._add(name, None)
        # the longest name first, and of two names of one length the one that is no actor
        for names in self._names.values():
            names.sort(key=lambda item: (-len(item[0]), item[2] is not None))


def chronicle_actors(records: list[ActorRecord], not_names: list[str]) -> ActorList:
    """The actors extraction codes events with: the shipped list, the chronicle's actor
    files, minus the names the chronicle says are not places nor actors."""
    return _ChronicleActors(records, not_names) if not_names else ActorList(records)


def not_place_keys(names: list[str]) -> set[str]:
    return {name_key(n) for n in names if name_key(n)}


def _is_not_place(mention: PlaceMention, keys: set[str]) -> bool:
    if not keys:
        return False
    text = re.sub(r"^the\s+", "", mention.text, flags=re.I)
    text = re.sub(r"['’]s$", "", text)
    return name_key(text) in keys or name_key(mention.text) in keys


def publish_places(text: str, extraction: Extraction, not_places: set[str]) -> Published:
    """The places an entry publishes; held-back mentions as review items. The events of
    `extraction` keep only published places (changed in place)."""
    out = Published()
    records: dict[str, PlaceRecord] = {}
    held: dict[tuple[str, str], list[PlaceMention]] = {}
    published: set[str] = set()
    noted: set[str] = set()
    for mention in extraction.places:
        if mention.use != "place" or mention.place is None:
            continue
        if _is_not_place(mention, not_places):
            continue
        if not mention.publishable:
            held.setdefault((name_key(mention.text), mention.place.id), []).append(mention)
            continue
        pid = mention.place.id
        published.add(pid)
        out.spellings.append((mention.text, pid))
        if pid not in out.ids:
            out.ids.append(pid)
        for record in [mention.place, *mention.chain]:
            records.setdefault(record.id, record)
        if mention.review and pid not in noted:
            noted.add(pid)  # one note a place
            out.items.append(
                note(f'Place "{mention.text}" ({mention.place.name}): {mention.review}.')
            )
    out.records = list(records.values())
    for event in extraction.events:
        event.places = [p for p in event.places if p in published]
    located = _events_of_mentions(text, extraction)
    for mentions in held.values():
        out.items.append(_held_item(mentions, located, extraction))
    # a published place's id may also be held under another spelling: published wins
    out.items = [i for i in out.items if i.kind == "note" or i.place not in published]
    out.items = _dedupe(out.items)
    return out


def _events_of_mentions(text: str, extraction: Extraction) -> dict[int, tuple[str, list[int]]]:
    """id(mention) -> (its sentence, the indices of the events told in that sentence)."""
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]
    by_sentence: dict[str, list[int]] = {}
    for n, event in enumerate(extraction.events):
        by_sentence.setdefault(event.sentence, []).append(n)
    found: dict[int, tuple[str, list[int]]] = {}
    for mention in extraction.places:
        told = [
            n
            for n, event in enumerate(extraction.events)
            if getattr(event, "start", 0) <= mention.start < getattr(event, "end", -1)
        ]
        at = bisect.bisect_right(starts, mention.start) - 1
        if at < 0 or mention.start >= spans[at][1]:
            if told:
                found[id(mention)] = (extraction.events[told[0]].sentence, told)
            continue
        sentence = " ".join(text[spans[at][0] : spans[at][1]].split())
        found[id(mention)] = (sentence, told or by_sentence.get(sentence, []))
    return found


def _event_weight(event: object) -> float:
    """What placing an event changes: a timeline event with no place at all is put on the
    map (2); one placed already is refined (a quarter); undated and background events,
    shown with their report only, a quarter too. The report's main event counts twice."""
    on_timeline = getattr(event, "date", None) is not None and not getattr(
        event, "background", False
    )
    weight = 2.0 if on_timeline and not getattr(event, "places", None) else 0.25
    return weight * (2 if getattr(event, "main", False) else 1)


def _candidate(record: PlaceRecord, chain: list[PlaceRecord] | None = None) -> dict:
    within = ", ".join(r.name for r in chain or [])
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "country": record.country,
        "lat": record.lat,
        "lon": record.lon,
        "parent": record.parent,
        "geonames": record.geonames,
        "within": within or None,
    }


def _held_item(
    mentions: list[PlaceMention],
    located: dict[int, tuple[str, list[int]]],
    extraction: Extraction,
) -> ReviewItem:
    first = mentions[0]
    place = first.place
    assert place is not None
    events: set[int] = set()
    sentences: list[tuple[bool, str]] = []
    for mention in mentions:
        said, told = located.get(id(mention), (None, []))
        events.update(told)
        if said:
            sentences.append((not told, said))
    # the sentence shown: the first that tells an event, else the first
    sentence = min(sentences, key=lambda s: s[0])[1] if sentences else None
    weight = sum(_event_weight(extraction.events[n]) for n in events)
    candidates = []
    if place.lat is not None or not first.candidates:
        candidates.append(_candidate(place, first.chain))
    for record in first.candidates:
        if len(candidates) >= MAX_CANDIDATES:
            break
        if all(c["id"] != record.id for c in candidates):
            candidates.append(_candidate(record))
    # a gazetteer place held back, or a name the gazetteer lacks (made from a pattern or
    # kept unresolved)
    kind = "place" if place.geonames is not None or place.lat is not None else "name"
    within = ", ".join(r.name for r in first.chain)
    how = f"confidence {first.confidence:.2f}" + (f": {first.reason}" if first.reason else "")
    if kind == "place":
        where = f" ({within})" if within else ""
        text = f'"{first.text}" held back: it may be {place.name}{where}; {how}.'
    else:
        abroad = [c for c in candidates if c.get("lat") is not None]
        text = f'"{first.text}" is not in the gazetteer'
        text += f", a place in {within}?" if within else ""
        if abroad:
            text += f" (namesakes elsewhere: {', '.join(_label(c) for c in abroad[:3])})"
        text += f"; {how}. Add it as a place, or say it is not one."
    if events:
        text += f" It would place {len(events)} event{'s' if len(events) != 1 else ''}."
    return ReviewItem(
        kind=kind,
        text=text,
        weight=weight,
        mention=first.text,
        sentence=sentence,
        place=place.id,
        confidence=first.confidence,
        reason=first.reason or None,
        candidates=candidates,
    )


def _label(candidate: dict) -> str:
    return f"{candidate['name']} ({candidate.get('country') or '?'})"


def _dedupe(items: list[ReviewItem]) -> list[ReviewItem]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out


def date_items(
    extraction: Extraction, published: date | None, published_from: str | None
) -> list[ReviewItem]:
    """Review items for the publication date (inferred or unknown) and the dates that
    could not be resolved."""
    items: list[ReviewItem] = []
    relative = [d for d in extraction.dates if d.relative and d.is_point]
    if published_from == "inferred" and published is not None:
        items.append(
            ReviewItem(
                kind="published",
                text=(
                    f"The publication date {published.isoformat()} was inferred (the latest "
                    f"date the text names); {len(relative)} relative date"
                    f"{'s' if len(relative) != 1 else ''} resolve against it. Set it, or "
                    "give it in the manifest (--manifest FILE.csv, columns file,published)."
                ),
                weight=1.0 + len(relative),
                value=published.isoformat(),
            )
        )
    elif published is None:
        lost = [d for d in extraction.dates if d.value is None]
        items.append(
            ReviewItem(
                kind="published",
                text=(
                    "No publication date: "
                    + (
                        f"{len(lost)} relative date{'s' if len(lost) != 1 else ''} "
                        f"({', '.join(sorted({d.text for d in lost})[:4])}) could not be "
                        "resolved. "
                        if lost
                        else ""
                    )
                    + "Set it, or give it in the manifest (--manifest FILE.csv, columns "
                    "file,published)."
                ),
                weight=1.0 + len(lost),
            )
        )
    else:
        words = sorted({d.text for d in extraction.dates if d.value is None})
        if words:
            items.append(
                ReviewItem(
                    kind="date",
                    text="Dates found but not resolved: " + "; ".join(words),
                    weight=float(len(words)),
                    mention="; ".join(words),
                )
            )
    return items


# Two death tolls of one happening disagree when they differ by more than a fifth (closer,
# they are the rounding of reports: "almost a dozen" and 12) and are close enough to count
# one loss (the smaller at least half the larger; further apart, the smaller is a part:
# "including 5 children", "most of them in the village of ...")
AGREE_SHARE = 0.8
SAME_LOSS_SHARE = 0.5
# A sentence that tells the toll again ("the death toll rose to", "put the toll at", "had
# earlier said"), not one that tells a part of it or another loss ("another 27", "most of
# the deaths were in", "meanwhile ... killed two")
_RETOLD = re.compile(
    r"\b(?:death toll|toll|tolls|earlier|risen to|rose to|raising|raised|climbed to|"
    r"revised|updated|put the|puts the)\b",
    re.IGNORECASE,
)
_ANOTHER_LOSS = re.compile(
    r"\b(?:another|other|others|also|meanwhile|most of|among them|separately|elsewhere)\b",
    re.IGNORECASE,
)


def _ground(extraction: Extraction, event: Event) -> set[str]:
    """The places of an event and those containing them, countries aside."""
    found: set[str] = set()
    for index in event.place_mentions:
        mention = extraction.places[index]
        if mention.place is not None:
            found.update(r.id for r in [mention.place, *mention.chain] if r.kind != "country")
    return found


def _same_ground(extraction: Extraction, a: Event, b: Event) -> bool:
    """Whether two events may be at one place: one holds the other's, or one has none."""
    ground_a, ground_b = _ground(extraction, a), _ground(extraction, b)
    return not ground_a or not ground_b or bool(ground_a & ground_b)


def casualty_items(extraction: Extraction) -> list[ReviewItem]:
    """The report's main incident told with different death tolls by its own sentences
    ("26 killed" in the lead, "risen to 31" further down): the incident shows the range,
    the editor says which figure stands."""
    main = next((e for e in extraction.events if e.main), None)
    if main is None or not main.fatalities:
        return []
    items = []
    for event in extraction.events:
        figure = event.fatalities
        if (
            event is main
            or event.background
            or not figure
            or event.sub_event_type != main.sub_event_type
            or event.date != main.date
            or (event.fighters is None) != (main.fighters is None)  # other dead
            or not _same_ground(extraction, event, main)
        ):
            continue
        share = min(figure, main.fatalities) / max(figure, main.fatalities)
        if not SAME_LOSS_SHARE <= share < AGREE_SHARE:
            continue
        if not _RETOLD.search(event.sentence) or _ANOTHER_LOSS.search(event.sentence):
            continue
        items.append(
            ReviewItem(
                kind="casualties",
                text=(
                    f"Death tolls disagree: {main.fatalities} in the report's main sentence, "
                    f"{figure} in this one; its incident shows "
                    f"{min(figure, main.fatalities)}–{max(figure, main.fatalities)}. "
                    "Correct the event whose figure is wrong."
                ),
                weight=1.0,
                mention=event.casualty_words or str(figure),
                sentence=event.sentence,
            )
        )
    return items


def as_notes(items: list[ReviewItem]) -> list[ReviewItem]:
    """Items that would change no event become notes; items first, heaviest first."""
    out = []
    for item in items:
        if item.is_item and item.weight < MIN_WEIGHT:
            out.append(note(item.text))
        else:
            out.append(item)
    return sorted(out, key=lambda i: (not i.is_item, -i.weight))
