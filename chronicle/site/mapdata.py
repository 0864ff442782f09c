"""What the maps show: places with coordinates, as small dicts the page script reads.

The data goes into the map element's `data-places` attribute (JSON, escaped by the
template), so a map needs no fetch and works when the site is opened from disk.
"""

from __future__ import annotations

import json
from typing import Any

from chronicle.site.model import Chronicle, Entry, Place


def has_coords(place: Place) -> bool:
    return place.lat is not None and place.lon is not None


def marker(place: Place, root: str) -> dict[str, Any]:
    """One marker: sized by the events at the place itself (not those inside it)."""
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": round(float(place.lat or 0.0), 5),  # (has_coords: never None here)
        "lon": round(float(place.lon or 0.0), 5),
        "here": len(place.events),
        "total": place.event_count,
        "url": f"{root}{place.url}",
    }


def overview(chronicle: Chronicle, root: str) -> list[dict[str, Any]]:
    """Every place with coordinates that has an event or is named by a report."""
    places = sorted(
        (
            p
            for p in chronicle.places.values()
            if has_coords(p) and (p.events or p.entries or p.event_count)
        ),
        key=lambda p: (-len(p.events), p.id),
    )
    return [marker(p, root) for p in places]


def around_place(place: Place, root: str) -> list[dict[str, Any]]:
    """The place itself and the places inside it that have coordinates."""
    found = [p for p in [place, *place.descendants()] if has_coords(p)]
    if not found:
        found = [p for p in reversed(place.chain) if has_coords(p)][:1]
    return [marker(p, root) for p in found]


def entry_places(entry: Entry) -> list[Place]:
    """The places a report names and the places of its events, each once."""
    places = list(entry.places)
    for event in entry.events:
        places += [p for p in event.places if p not in places]
    return places


def entry_attr(entry: Entry, root: str) -> str:
    """The markers of the entry's places with coordinates, as a data attribute; each
    place's marker text is made once per
    place (10,000 entry pages name the same 300 places)."""
    return "[" + ",".join(_marker_text(p, root) for p in entry_places(entry) if has_coords(p)) + "]"


def _marker_text(place: Place, root: str) -> str:
    # Kept on the place: its counts are those of the model it belongs to.
    texts = place.__dict__.setdefault("_marker_texts", {})
    found = texts.get(root)
    if found is None:
        found = texts[root] = to_attr(marker(place, root))  # type: ignore[arg-type]
    return found


def to_attr(markers: list[dict[str, Any]]) -> str:
    return json.dumps(markers, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
