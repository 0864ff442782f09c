"""Every review item of a chronicle, ranked: `chronicle review` and the review page.

The items are the entries' `review` lists and the incident merges near the threshold
(`desk.incidents`), which the site's merging finds as the chronicle is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronicle.content.entries import load_entry_items
from chronicle.content.review import KIND_LABELS, KINDS, ReviewItem
from chronicle.errors import ChronicleError

if TYPE_CHECKING:
    from chronicle.desk.incidents import Pair


@dataclass
class Found:
    """One review item of one entry."""

    slug: str
    path: Path
    title: str
    item: ReviewItem
    pair: Pair | None = None  # an incident merge: the two incidents

    def as_json(self) -> dict[str, Any]:
        item = self.item
        extra = {}
        if self.pair is not None:
            extra["incidents"] = [self.pair.first.as_json(), self.pair.second.as_json()]
        return {
            "entry": self.slug,
            "file": str(self.path),
            "title": self.title,
            "key": item.key,
            "kind": item.kind,
            "label": KIND_LABELS[item.kind],
            "text": item.text,
            "weight": item.weight,
            "mention": item.mention,
            "sentence": item.sentence,
            "place": item.place,
            "confidence": item.confidence,
            "reason": item.reason,
            "value": item.value,
            "candidates": item.candidates,
            **extra,
        }


def review_items(
    content_dir: Path,
    *,
    kind: str | None = None,
    place: str | None = None,
    entry: str | None = None,
    notes: bool = False,
) -> tuple[list[Found], list[str]]:
    """(the chronicle's review items, heaviest first; the entries that could not be read).

    `kind`: one of the item kinds; `place`: a place id or a name (the place the item is
    about, one of its candidates, or its words); `entry`: an entry's slug, or a part of
    it; `notes`: the notes too."""
    if kind is not None and kind not in KINDS:
        raise ChronicleError(f"no review item kind {kind!r} (kinds: {', '.join(KINDS)})")
    found: list[Found] = []
    errors: list[str] = []
    folder = content_dir / "entries"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if entry is not None and entry != path.stem and entry not in path.stem:
            continue
        try:
            ef, items = load_entry_items(path)
        except ChronicleError as exc:
            errors.append(str(exc))
            continue
        for item in items:
            if not item.is_item and not notes:
                continue
            if kind is not None and item.kind != kind:
                continue
            if place is not None and not _about(item, place):
                continue
            found.append(Found(ef.slug, path, ef.title, item))
    if kind in (None, "incident"):
        found += _incident_items(content_dir, place, entry, errors)
    found.sort(key=lambda f: (not f.item.is_item, -f.item.weight, f.slug))
    return found, errors


def _incident_items(
    content_dir: Path, place: str | None, entry: str | None, errors: list[str]
) -> list[Found]:
    from chronicle.desk.incidents import near_merge_pairs

    try:
        pairs, problems = near_merge_pairs(content_dir)
    except ChronicleError as exc:
        pairs, problems = [], [str(exc)]
    errors += problems
    return [
        Found(
            pair.slug,
            content_dir / "entries" / f"{pair.slug}.md",
            pair.first.title,
            pair.item,
            pair,
        )
        for pair in pairs
        if (entry is None or pair.involves(entry)) and (place is None or pair.about(place))
    ]


def _about(item: ReviewItem, place: str) -> bool:
    wanted = place.casefold()
    ids = {item.place, *(c.get("id") for c in item.candidates)}
    names = {item.mention, *(c.get("name") for c in item.candidates)}
    return place in ids or wanted in {str(n).casefold() for n in names if n}


def find_item(content_dir: Path, slug: str, key: str) -> Found:
    """The item `key` of entry `slug`; a ChronicleError when it is gone (decided already)."""
    path = content_dir / "entries" / f"{slug}.md"
    if "/" in slug or not path.is_file():
        raise ChronicleError(f"no entry {slug!r}")
    ef, items = load_entry_items(path)
    for item in items:
        if item.key == key:
            return Found(ef.slug, path, ef.title, item)
    raise ChronicleError(f"entry {slug!r} has no such review item (decided already?)", path)
