"""Chronicle's geoparser: find place names, resolve them, attach their parent chain.

Three passes over an article, one module each, sharing one `PlaceBook` (`place_book`: the
chronicle's own place files, the places made from patterns, the gazetteer, the region):
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
from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.place_book import PlaceBook
from chronicle.extract.place_resolve import Resolver
from chronicle.extract.place_spans import SpanFinder
from chronicle.extract.place_text import _WORD, _Span, _title_lines, _Tok
from chronicle.extract.place_uses import UseMarker, _drop_surnames
from chronicle.extract.types import PlaceMention


class Geoparser:
    """Finds and resolves places; the chronicle's own place files override the gazetteer."""

    def __init__(
        self,
        places: Iterable[PlaceRecord] = (),
        region: Sequence[str] = (),
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.book = PlaceBook(places, region, gazetteer)
        self.spans = SpanFinder(self.book)
        self.uses = UseMarker(self.book)
        self.resolver = Resolver(self.book)

    @property
    def region(self) -> list[str]:
        return self.book.region

    @property
    def gaz(self) -> Gazetteer:
        return self.book.gaz

    def record(self, place_id: str) -> PlaceRecord | None:
        """The place with this id (own place files first, then places made by patterns,
        then the gazetteer)."""
        return self.book.record(place_id)

    def chain(self, rec: PlaceRecord) -> list[PlaceRecord]:
        """Parents of `rec` up to its country."""
        return self.book.chain(rec)

    # ------------------------------------------------------------------ parse

    def parse(self, text: str) -> list[PlaceMention]:
        """Every place mention in `text`, in text order."""
        toks = [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        titles = _title_lines(text)
        finder = self.spans
        spans = finder.demonym_spans(toks)
        spans += finder.abbreviation_spans(text, toks)
        spans += finder.pattern_spans(text, toks, spans)
        found = finder.gazetteer_spans(text, toks, [s for s in spans if s.use != "adjective"])
        # a demonym inside a longer name is part of it ("British Columbia", "South African Airways")
        spans = [
            s
            for s in spans
            if s.use != "adjective"
            or not any(f.start <= s.start and s.end <= f.end and f.j > f.i for f in found)
        ]
        spans += [f for f in found if not any(x.start < f.end and f.start < x.end for x in spans)]
        spans.sort(key=lambda s: s.start)
        spans += finder.list_spans(text, toks, spans)
        spans = [s for s in spans if s.use != "drop"]
        spans += finder.cue_spans(text, toks, spans)
        spans.sort(key=lambda s: s.start)
        self.uses.mark_uses(text, toks, spans, titles)
        _drop_surnames(text, spans)
        spans = [s for s in spans if s.use != "drop"]
        self.resolver.resolve(text, spans)
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
            confidence=round(s.confidence, 2) if place is not None else 0.0,
            reason=", ".join(dict.fromkeys(s.reasons)),
            candidates=list(s.alts),
        )
