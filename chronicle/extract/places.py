"""Chronicle's geoparser: find place names, resolve them, attach their parent chain.

(Being written: see issue 4.)
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from chronicle.extract.types import PlaceMention, PlaceRecord


class Geoparser:
    """Finds and resolves places; the chronicle's own place files override the gazetteer."""

    def __init__(self, places: Iterable[PlaceRecord] = (), region: Sequence[str] = ()) -> None:
        self.own = {p.id: p for p in places}
        self.region = list(region)

    def parse(self, text: str) -> list[PlaceMention]:
        """Every place mention in `text`, in text order."""
        return []

    def record(self, place_id: str) -> PlaceRecord | None:
        """The place with this id (own place files first, then the gazetteer)."""
        return self.own.get(place_id)
