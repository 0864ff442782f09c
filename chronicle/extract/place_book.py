"""The records the geoparser's passes share: the chronicle's own place files, the places
made from patterns while parsing, the gazetteer, the chronicle's region and the demonyms.

One object, declared once, handed to each pass (`place_spans`, `place_uses`,
`place_resolve`): the passes read it, and only the resolver adds pattern places to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chronicle.content.records import PlaceRecord
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.name_keys import name_key
from chronicle.extract.place_lexicon import IRREGULAR_DEMONYMS, demonyms

# Regular demonym endings and what to put back to get the country's name
_DEMONYM_SUFFIXES = (
    ("ian", "ia"),
    ("ian", "a"),
    ("ian", ""),
    ("an", "a"),
    ("an", ""),
    ("n", ""),
    ("i", ""),
    ("ese", ""),
    ("ese", "a"),
    ("ish", ""),
)


class PlaceBook:
    """Where a place comes from: the chronicle's own place files first, then the places
    made from patterns in this run, then the gazetteer."""

    def __init__(
        self,
        places: Iterable[PlaceRecord] = (),
        region: Sequence[str] = (),
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.own: dict[str, PlaceRecord] = {}
        self.own_keys: dict[str, list[PlaceRecord]] = {}
        self.own_gid: dict[int, PlaceRecord] = {}
        for p in places:
            self.add_own(p)
        self.region: list[str] = [r.upper() for r in region]
        self.gaz: Gazetteer = gazetteer or Gazetteer()
        self.made: dict[str, PlaceRecord] = {}  # pattern places created while parsing
        self.demonyms: dict[str, PlaceRecord] = self._demonym_table()

    def add_own(self, p: PlaceRecord) -> None:
        self.own[p.id] = p
        for n in [p.name, *p.aliases]:
            k = name_key(n)
            if k:
                self.own_keys.setdefault(k, []).append(p)
        if p.geonames:
            self.own_gid[p.geonames] = p

    def record(self, place_id: str) -> PlaceRecord | None:
        """The place with this id (own place files first, then places made by patterns,
        then the gazetteer)."""
        if place_id in self.own:
            return self.own[place_id]
        if place_id in self.made:
            return self.made[place_id]
        rec = self.gaz.get(place_id)
        return self.canonical(rec) if rec else None

    def canonical(self, rec: PlaceRecord) -> PlaceRecord:
        """A gazetteer record, or the place file that stands for it (same GeoNames id, or
        the same name in the same country and kind)."""
        if rec.id in self.own:
            return self.own[rec.id]
        if rec.geonames and rec.geonames in self.own_gid:
            return self.own_gid[rec.geonames]
        for p in self.own_keys.get(name_key(rec.name), []):
            if p.country == rec.country and p.kind == rec.kind:
                return p
        return rec

    def chain(self, rec: PlaceRecord) -> list[PlaceRecord]:
        """Parents of `rec` up to its country (each record's parent is the next one's id)."""
        out: list[PlaceRecord] = []
        seen = {rec.id}
        pid = rec.parent
        while pid and pid not in seen:
            parent = self.record(pid)
            if parent is None:
                break
            out.append(parent)
            seen.add(parent.id)
            pid = parent.parent
        return out

    def _demonym_table(self) -> dict[str, PlaceRecord]:
        table: dict[str, PlaceRecord] = {}
        for word, cc in IRREGULAR_DEMONYMS.items():
            rec = self.gaz.country(cc)
            if rec:
                table[word] = rec
        return table

    def demonym(self, word: str) -> PlaceRecord | None:
        """The country a demonym names ("Iraqi" -> Iraq), or None."""
        if word in self.demonyms:
            return self.demonyms[word]
        # regular forms: strip a demonym suffix and look the country up
        for suf, add in _DEMONYM_SUFFIXES:
            if word.endswith(suf) and len(word) > len(suf) + 2:
                stem = word[: -len(suf)] + add
                for rec in self.gaz.lookup([name_key(stem)])[name_key(stem)]:
                    if rec.kind == "country" and word in demonyms(rec.name):
                        return rec
        return None
