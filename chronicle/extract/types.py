"""The records extraction produces: date mentions and place mentions (place records are
shared with the content files: `chronicle.content.records`).

These are the seams between the temporal tagger (`dates.py`), the geoparser
(`places.py`, `gazetteer.py`) and the rest of Chronicle (events, entries, the
`chronicle extract` contract). Offsets are Python string indices into the text given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chronicle.content.records import PlaceRecord

# TIMEX3 types
DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


# How a place name is used in a sentence (see the geoparser issue)
PLACE_USES = ("place", "adjective", "metonym", "in-name")

# Below this confidence a place mention is not published as a located place: it becomes a
# review item with its candidates (`PlaceMention.publishable`).
PUBLISH_CONFIDENCE = 0.5


@dataclass
class DateMention:
    """One temporal expression found in a text, normalized as TIMEX3."""

    start: int
    end: int
    text: str
    # TIMEX3 value: "2017-02-24", "2017-02", "2017", "2017-W08", "P3M", "XXXX-WXX-5", ...
    # None when the expression was found but could not be resolved (no anchor).
    value: str | None
    type: str = DATE
    # TIMEX3 mod: START / MID / END / APPROX / BEFORE / AFTER ..., or None
    mod: str | None = None
    # True when the value came from the publication date or a section anchor
    # (weekdays, "last month", ...) rather than being stated in full.
    relative: bool = False

    @property
    def is_point(self) -> bool:
        """A mention that can stand on a timeline (a calendar date, week, month, year)."""
        return self.type in (DATE, TIME) and self.value is not None and self.value[:1].isdigit()


@dataclass
class PlaceMention:
    """One place name found in a text, with the place it resolved to (if any)."""

    start: int
    end: int
    text: str
    name: str  # canonical name of the resolved place (or the text)
    place: PlaceRecord | None = None  # None when nothing could be resolved
    use: str = "place"  # one of PLACE_USES
    # parent chain from the place's parent up to its country, each a PlaceRecord
    chain: list[PlaceRecord] = field(default_factory=list)
    # what an editor should check about this mention, in words; None when confident
    review: str | None = None
    # how sure the geoparser is that this is the place (0..1; see PUBLISH_CONFIDENCE) and
    # why, in words ("region", "population 1,234", "cue word", "editor's place file", ...)
    confidence: float = 0.0
    reason: str = ""
    # the gazetteer's best candidates for the name, best first (for a review item)
    candidates: list[PlaceRecord] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        """May this mention be published as a place (a page, a marker)? Only a place use
        resolved with enough confidence; the rest are review items with their candidates."""
        return (
            self.use == "place" and self.place is not None and self.confidence >= PUBLISH_CONFIDENCE
        )

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place else None

    @property
    def country(self) -> str | None:
        return self.place.country if self.place else None

    @property
    def geonames(self) -> int | None:
        return self.place.geonames if self.place else None
