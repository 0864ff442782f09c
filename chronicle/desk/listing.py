"""Every review item of a chronicle, ranked: `chronicle review` and the review page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronicle.content.entries import load_entry_items
from chronicle.content.review import KIND_LABELS, KINDS, ReviewItem
from chronicle.errors import ChronicleError


@dataclass
class Found:
    """One review item of one entry."""

    slug: str
    path: Path
    title: str
    item: ReviewItem

    def as_json(self) -> dict[str, Any]:
        item = self.item
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
    found.sort(key=lambda f: (not f.item.is_item, -f.item.weight, f.slug))
    return found, errors


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
