"""Chronicle's geoparser: find place names, resolve them, attach their parent chain.

Three passes over an article, one module each (`Geoparser` mixes them in and keeps the
records: the chronicle's own place files, then the gazetteer):
1. spans (`place_spans`): gazetteer names (longest match first, one SQLite query per
   article), names followed by a place word ("al-Shifa district", "Tigris River"), "the
   city of X", lists after a pattern place, unknown names after strong cues ("outside X").
2. uses (`place_uses`): demonyms ("Iraqi forces") are adjectives, "Damascus said" is a
   metonym, "Nineveh Operations Command" and "Al-Arab newspaper" are in-name, person names
   and ordinary words are dropped.
3. resolution (`place_resolve`): candidates scored by region, countries and provinces named
   in the article, population and distance to the places already resolved; pattern places
   get a parent from the text ("western Mosul's Old City") or the article's main city.
Words, spans and the text tests the passes share are in `place_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chronicle.content.records import PlaceRecord
from chronicle.extract.gazetteer import Gazetteer, name_key
from chronicle.extract.place_lexicon import IRREGULAR_DEMONYMS, demonyms
from chronicle.extract.place_resolve import Resolver
from chronicle.extract.place_spans import SpanFinder
from chronicle.extract.place_text import _WORD, _Span, _title_lines, _Tok
from chronicle.extract.place_uses import UseMarker, _drop_surnames
from chronicle.extract.types import PlaceMention


class Geoparser(SpanFinder, UseMarker, Resolver):
    """Finds and resolves places; the chronicle's own place files override the gazetteer."""

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
            self._add_own(p)
        self.region = [r.upper() for r in region]
        self.gaz = gazetteer or Gazetteer()
        self._made: dict[str, PlaceRecord] = {}  # pattern places created while parsing
        self._demonyms = self._demonym_table()
        self._starts_of: tuple[list[_Tok] | None, list[int]] = (None, [])

    # ------------------------------------------------------------------ records

    def _add_own(self, p: PlaceRecord) -> None:
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
        if place_id in self._made:
            return self._made[place_id]
        rec = self.gaz.get(place_id)
        return self._canonical(rec) if rec else None

    def _canonical(self, rec: PlaceRecord) -> PlaceRecord:
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

    def _demonym(self, word: str) -> PlaceRecord | None:
        if word in self._demonyms:
            return self._demonyms[word]
        # regular forms: strip a demonym suffix and look the country up
        for suf, add in (
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
        ):
            if word.endswith(suf) and len(word) > len(suf) + 2:
                stem = word[: -len(suf)] + add
                for rec in self.gaz.lookup([name_key(stem)])[name_key(stem)]:
                    if rec.kind == "country" and word in demonyms(rec.name):
                        return rec
        return None

    # ------------------------------------------------------------------ parse

    def parse(self, text: str) -> list[PlaceMention]:
        """Every place mention in `text`, in text order."""
        toks = [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        titles = _title_lines(text)
        spans = self._demonym_spans(toks)
        spans += self._abbreviation_spans(text, toks)
        spans += self._pattern_spans(text, toks, spans)
        found = self._gazetteer_spans(text, toks, [s for s in spans if s.use != "adjective"])
        # a demonym inside a longer name is part of it ("British Columbia", "South African Airways")
        spans = [
            s
            for s in spans
            if s.use != "adjective"
            or not any(f.start <= s.start and s.end <= f.end and f.j > f.i for f in found)
        ]
        spans += [f for f in found if not any(x.start < f.end and f.start < x.end for x in spans)]
        spans.sort(key=lambda s: s.start)
        spans += self._list_spans(text, toks, spans)
        spans = [s for s in spans if s.use != "drop"]
        spans += self._cue_spans(text, toks, spans)
        spans.sort(key=lambda s: s.start)
        self._mark_uses(text, toks, spans, titles)
        _drop_surnames(text, spans)
        spans = [s for s in spans if s.use != "drop"]
        self._resolve(text, spans)
        spans = [s for s in spans if s.use != "drop"]
        return [self._mention(text, s) for s in spans]

    def _mention(self, text: str, s: _Span) -> PlaceMention:
        place = s.place
        name = place.name if place else (s.name or text[s.start : s.end])
        return PlaceMention(
            start=s.start,
            end=s.end,
            text=text[s.start : s.end],
            name=name,
            place=place,
            use=s.use,
            chain=self.chain(place) if place else [],
            review=s.review,
        )
