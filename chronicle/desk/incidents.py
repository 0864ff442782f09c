"""Merges near the threshold: pairs of incidents the editor decides to merge or keep apart.

The site's merging (`chronicle.site.incidents`) joins two reports into one incident when the
evidence reaches `MERGE_SCORE`; a pair of incidents whose best link fell just short of it is
a question for the editor (`Chronicle.near_merges`, made as the chronicle is loaded, like
the incidents). Each is a review item of kind "incident", ranked with the entries' items by
the reports a merge would bring together. The answer goes into `content/incidents.yml`:
`merge: [[inc-A, inc-B]]`, or `apart: [[inc-A, inc-B]]` (never merged, never asked again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronicle.content.incidents import INCIDENTS_FILE, add_pair
from chronicle.content.review import ReviewItem
from chronicle.errors import ChronicleError
from chronicle.site.incidents import MERGE_SCORE
from chronicle.site.load import close_bodies, load_chronicle
from chronicle.site.model import Incident, NearMerge

ACTIONS = ("merge", "apart")  # what an editor decides about a near merge


@dataclass(frozen=True)
class Side:
    """One incident of a pair, as the review shows it."""

    id: str
    title: str
    date: str  # in words ("9 June 2017")
    places: tuple[str, ...]  # names
    place_ids: tuple[str, ...]
    reports: tuple[str, ...]  # the slugs of its reports
    sentence: str  # the sentence of the event that links it to the other
    url: str  # its place on the timeline

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "places": list(self.places),
            "reports": list(self.reports),
            "sentence": self.sentence,
            "url": self.url,
        }


@dataclass(frozen=True)
class Pair:
    """A near merge as a review item: its two incidents and its item."""

    first: Side
    second: Side
    item: ReviewItem

    @property
    def slug(self) -> str:
        """The report the item is filed under: the earlier incident's first report."""
        return self.first.reports[0]

    def involves(self, words: str) -> bool:
        """Whether a report of either incident is `words` or has it in its slug."""
        return any(words in slug for side in (self.first, self.second) for slug in side.reports)

    def about(self, place: str) -> bool:
        """Whether either incident is at `place` (an id or a name)."""
        wanted = place.casefold()
        return any(
            place in side.place_ids or wanted in (p.casefold() for p in side.places)
            for side in (self.first, self.second)
        )


def _side(incident: Incident, anchor: str) -> Side:
    linked = next((e for e in incident.events if e.anchor == anchor), None)
    return Side(
        id=incident.id,
        title=incident.title,
        date=incident.when.label(),
        places=tuple(p.name for p in incident.places),
        place_ids=tuple(p.id for p in incident.places),
        reports=tuple(s.entry.slug for s in incident.sources),
        sentence=linked.sentence if linked else "",
        url=incident.url,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _pair(near: NearMerge) -> Pair:
    first, second = (_side(i, a) for i, a in zip((near.first, near.second), near.anchors))
    joined = len({*first.reports, *second.reports})

    def told(side: Side) -> str:
        where = ", ".join(side.places) or "no place"
        return f"“{side.title}” ({side.date}, {where}; {_plural(len(side.reports), 'report')})"

    why = f"their best link scored {near.score:g} of the {MERGE_SCORE:g} a merge needs"
    if near.agree:
        why += ": " + ", ".join(near.agree)
    if near.differ:
        why += "; but " + ", ".join(near.differ)
    item = ReviewItem(
        kind="incident",
        text=f"Perhaps one incident: {told(first)} and {told(second)}. "
        f"Merge them ({_plural(joined, 'report')} together), or keep them apart.",
        weight=float(joined),
        sentence=first.sentence or None,
        reason=why,
        value=f"{first.id} {second.id}",
        confidence=round(near.score / MERGE_SCORE, 2),
    )
    return Pair(first, second, item)


def near_merge_pairs(content_dir: Path) -> tuple[list[Pair], list[str]]:
    """(the chronicle's near merges as review items, best first; the errors of the
    incidents file, which leave none to decide)."""
    if not (content_dir / "entries").is_dir():
        return [], []
    loaded = load_chronicle(content_dir, lambda text: "", drop_unused=False)
    try:
        incidents_file = str(content_dir / INCIDENTS_FILE)
        errors = [str(e) for e in loaded.errors if getattr(e, "path", None) == incidents_file]
        return [_pair(n) for n in loaded.chronicle.near_merges], errors
    finally:
        close_bodies(loaded.chronicle)


def find_pair(content_dir: Path, key: str) -> Pair:
    """The near merge whose item is `key`; a ChronicleError when it is gone (decided)."""
    pairs, errors = near_merge_pairs(content_dir)
    for pair in pairs:
        if pair.item.key == key:
            return pair
    if errors:
        raise ChronicleError(errors[0])
    raise ChronicleError("no such incident merge to decide (decided already?)")


def decide_pair(content_dir: Path, pair: Pair, action: str) -> str:
    """Write the editor's answer into `content/incidents.yml`; what was done, in words."""
    if action not in ACTIONS:
        raise ChronicleError(
            f"an incident merge is decided with {' or '.join(ACTIONS)}, not {action!r}"
        )
    first, second = pair.first.id, pair.second.id
    add_pair(content_dir / INCIDENTS_FILE, action, first, second)
    if action == "merge":
        return f"{first} and {second} are one incident (content/incidents.yml, merge)"
    return f"{first} and {second} are kept apart, and not proposed again (content/incidents.yml, apart)"
