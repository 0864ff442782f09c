"""Pass 3 of the geoparser: resolution. Candidates are scored by the chronicle's region,
the countries and provinces named in the article, population and distance to the places
already resolved; pattern places get a parent from the text ("western Mosul's Old City")
or the article's main city."""

from __future__ import annotations

import math
import re
from collections import Counter

from chronicle.content.records import PlaceRecord
from chronicle.extract.name_keys import name_key
from chronicle.extract.place_book import PlaceBook
from chronicle.extract.place_lexicon import (
    CALENDAR,
    COMMON_WORDS,
    PLACE_TYPES,
    SUB_CITY_KINDS,
    TITLES,
)
from chronicle.extract.place_region import article_vote, with_neighbours
from chronicle.extract.place_text import (
    _ARABIC_ARTICLE,
    _COMMON_KEYS,
    _CONTRACTION,
    _ENGLISH_WORDS,
    _SENT_END,
    FIRST_NAMES,
    POP_ANYWHERE,
    POP_COMMON_WORD,
    POP_WITH_CONTEXT,
    SURNAMES,
    _far_alias,
    _km,
    _sentence_start,
    _Span,
    is_national_capital,
    variant_slug,
)
from chronicle.extract.types import PUBLISH_CONFIDENCE

# an inflected English word ("Retakes", "Shelling", "Attacks"), as a title-case headline
# writes its verbs and plurals; a place's own name rarely has one among three words or more
_INFLECTED = re.compile(r"^[A-Z][a-z]{2,}(?:es|s|ing|ed)$")


def _headline_words(name: str) -> bool:
    words = name.split()
    if words and words[-1].lower() in PLACE_TYPES:
        words = words[:-1]  # "Bab al-Hawa Crossing": the place word is no headline's
    return len(words) >= 3 and any(_INFLECTED.match(w) for w in words)


class Resolver:
    """Pass 3: the place each span of an article stands for."""

    def __init__(self, book: PlaceBook) -> None:
        self.book = book
        # the region's neighbours: trusted less than the region, more than the world
        self.ring: set[str] = set(with_neighbours(book.region)) - set(book.region)
        # per article: the region and the countries the article is about, and their ring
        self.area: set[str] = set(book.region)
        self._area_ring: set[str] = set(self.ring)
        self._cities: set[str] = set()  # the cities and towns the article names

    def resolve(self, text: str, spans: list[_Span]) -> None:
        self.area = set(self.book.region) | set(_article_countries(spans))
        self._area_ring = set(with_neighbours(self.area))
        _pair_capitals(text, spans)
        # countries named in the article (a span's own candidates do not count for itself:
        # "Georgia" must not vote for the country Georgia)
        context_cc: Counter[str] = Counter(self.book.region)
        own_cc: dict[int, set[str]] = {}
        own_weight: dict[int, int] = {}
        for n, s in enumerate(spans):
            countries = [r for r in s.cands if r.kind == "country"]
            if countries:
                # a country named as a place counts more than one named in passing
                # ("US-led", "the Syrian army"): it is evidence for its towns only then
                weight = 2 if s.use == "place" else 1
                context_cc[countries[0].country or ""] += weight
                own_cc[n] = {countries[0].country or ""}
                own_weight[n] = weight
            elif s.use == "place":
                # a state or province of one country names that country ("Laurel County,
                # Ky." is in the US: "London" there is London, Kentucky)
                states = {r.country for r in s.cands if r.kind == "admin1"}
                if len(states) == 1 and len(s.cands) <= 3:
                    context_cc[next(iter(states)) or ""] += 2
                    own_cc[n] = {next(iter(states)) or ""}
                    own_weight[n] = 2
        # provinces named in the article, with the names that name them (a name does not
        # vote for the towns of its own province: "Quebec" is not a clue for Québec city)
        admin_keys: dict[str, set[str]] = {}
        for s in spans:
            top = max((r.population for r in s.cands), default=0)
            if _capitals(s):
                continue  # "Washington", "Mexico": the capital names no province
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
            if text[s.end : t.start] in (", ", ",") and t.use == "place":
                within[n] = (
                    {r.id for r in t.cands if r.kind == "admin1"},
                    {r.country or "" for r in t.cands if r.kind in ("country", "admin1")},
                )
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
                    ctx[c] -= own_weight[n]
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
        # (the reading comes with the evidence of its surest mention)
        by_key: dict[str, _Span] = {}
        for s in spans:
            if s.place is not None and s.use == "place" and not s.pattern:
                first = by_key.setdefault(s.key, s)
                if first.place is s.place and s.confidence > first.confidence:
                    by_key[s.key] = s
        named_in = {
            s.key: s
            for s in spans
            if s.named_in and s.use == "place" and s.place is not None and not s.pattern
        }
        for s in spans:
            if s.place is None and s.key in by_key and not s.pattern and s.use != "drop":
                _same_reading(s, by_key[s.key])
            elif s.unknown and s.cue and s.key in named_in and named_in[s.key].place in s.cands:
                s.use, s.unknown = "place", False  # "Churchill, Man. ... in Churchill"
                _same_reading(s, named_in[s.key])
        for s in spans:  # a mention read before a surer one of the same place: as sure
            if s.place is not None and s.key in by_key and by_key[s.key].place is s.place:
                s.confidence = max(s.confidence, by_key[s.key].confidence)
        self._resolve_patterns(text, spans)

    def _score(
        self,
        r: PlaceRecord,
        context_cc: Counter[str],
        admin_ids: set[str],
        anchors: list[PlaceRecord],
        within: tuple[set[str], set[str]] | None = None,
    ) -> float:
        score = math.log10(r.population + 10)
        if r.id in self.book.own:
            score += 100
        if r.kind == "country":
            score += 6
        elif is_national_capital(r):
            score += 1  # capitals are named in the news far more than their namesakes
        elif r.kind == "admin1":
            # a state or province named alone beats a town of its name; a small one (a
            # parish of Jamaica, St. Thomas) is no better known than a town
            score += 3 if r.population >= 1_000_000 else 1 if r.population >= 100_000 else 0
        elif r.kind == "area":
            score += 4
        if r.country and r.country in self.book.region:
            score += 4
        elif r.country and r.country in self.ring:
            score += 1.5
        named = context_cc.get(r.country or "", 0) if r.country else 0
        if named > 0:
            score += 2.5 if named >= 2 else 1.0
        if r.parent in admin_ids:
            score += 3
        if within is not None and (
            r.parent in within[0] or (r.country in within[1] and not within[0])
        ):
            score += 6  # "Springfield, Illinois": in the place named after the comma
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

    def _pick(
        self,
        text: str,
        s: _Span,
        context_cc: Counter[str],
        admin_ids: set[str],
        anchors: list[PlaceRecord],
        within: tuple[set[str], set[str]] | None = None,
    ) -> None:
        if not s.cands:
            return
        cands = [r for r in s.cands if self._known_by(s, r)]
        surface = text[s.start : s.end]
        if surface.isupper() and len(surface) > 3 and re.match(r"\s*[(—–-]", text[s.end :]):
            # a dateline, "WASHINGTON (Sputnik)", "MOSCOW -": a city, not its state
            cands = [r for r in cands if r.kind not in ("admin1", "area")] or cands
        if s.i == s.j and (_ordinary_word(surface, s.key) or surface.lower() in FIRST_NAMES):
            # "Car" (CAR, the Philippines), "Gulf", "Patrick" (Isle of Man): an ordinary
            # word or a given name is a province or a region only in an article about its
            # country (or a big one: "Georgia", "Victoria")
            given = not _ordinary_word(surface, s.key)
            cands = [
                r
                for r in cands
                if r.kind not in ("admin1", "area")
                or (given and r.population >= 1_000_000)
                or r.country in self.area
                or context_cc.get(r.country or "", 0) > 0
            ]
        if not cands:
            if s.use == "place":
                s.use, s.unknown = "drop", True
            return
        scored = sorted(
            ((self._score(r, context_cc, admin_ids, anchors, within), r) for r in cands),
            key=lambda x: (-x[0], -x[1].population, x[1].id),
        )
        best_score, best = scored[0]
        # a city and the province named after it: the city, unless "province" (or "state")
        # was said, in countries whose provinces are mostly named after their towns (Basra,
        # Aleppo) and in city-states (Berlin, Beirut); where it is the exception (New York,
        # Quebec), the name alone means the state. A national capital named like a province
        # of its country is the capital ("Washington" alone: the capital speaking or acting)
        if best.kind == "admin1" and not re.match(r"\s+(?:state|province)\b", text[s.end :], re.I):
            share = self.book.gaz.namesake_share(best.country or "")
            for sc, r in scored[1:]:
                own_city = (
                    r.parent == best.id
                    and r.kind in ("city", "town")
                    and (share >= 0.3 or _km(r, best) < 50)
                )
                capital = r.country == best.country and is_national_capital(r)
                if best_score - sc < 4 and (own_city or capital):
                    best_score, best = sc, r
                    break
        # (a city and its own province, "Idlib" and Idlib Governorate, are not rivals)
        rivals = [
            sc for sc, r in scored if r is not best and r.id != best.parent and r.parent != best.id
        ]
        gap = best_score - rivals[0] if rivals else 99.0
        s.score_gap = gap
        in_named = within is not None and bool(within[0]) and best.parent in within[0]
        # its province is named in the article; or its country is, and GeoNames does not know
        # how many live there (population 0: Tall Afar, al-Qayyarah, al-Hawijah)
        in_context = best.parent in admin_ids or (
            best.population == 0
            and best.country is not None
            and context_cc.get(best.country, 0) > 0
        )
        if s.use == "place" and not self._recognized(text, s, best, in_context):
            if not in_named:
                s.use, s.unknown = "drop", True
                return
            s.named_in = True
        s.alts = [r for _, r in scored[:5]]
        if (
            self.book.region
            and best.country not in self.book.region
            and best.id not in self.book.own
            and best.kind not in ("country", "admin1", "area")
            and best.population < 1_000_000
            and not is_national_capital(best)
            and not context_cc.get(best.country or "")
            and not in_named
        ):
            # an out-of-region small namesake: keep the mention, do not guess coordinates
            s.review = "not resolved; candidates: " + ", ".join(
                f"{r.name} ({r.country})" for _, r in scored[:5]
            )
            s.reasons = ["outside the region, its country not named in the article"]
            return
        s.place = best
        s.confidence, s.reasons = self._confidence(
            text, s, best, gap, context_cc, in_named or best.parent in admin_ids
        )
        close_abroad = any(
            best_score - sc < 1.0 and r.country != best.country
            for sc, r in scored
            if r is not best and r.id != best.parent and r.parent != best.id
        )
        # "talks in Geneva" read as Geneva, New York (22,000) because the US is named:
        # a far better-known namesake abroad (Geneva, Switzerland) makes it a question
        known_abroad = best.population < 100_000 and any(
            r.country != best.country and r.population >= max(100_000, 5 * best.population)
            for _, r in scored
        )
        if (
            (close_abroad or known_abroad)
            and best.kind != "country"
            and best.country not in self.book.region
        ):
            # "talks in Geneva": a town in the US as likely as the city in Switzerland; a
            # wrong country is the worst mistake a place can make: the editor decides
            s.confidence = min(s.confidence, 0.45)
            if known_abroad:  # the editor sees the well-known one among the candidates
                known = max((r for _, r in scored), key=lambda r: r.population)
                if known not in s.alts:
                    s.alts = [*s.alts[:4], known]
            s.reasons = [
                *s.reasons,
                "a namesake in another country as likely"
                if close_abroad
                else "a far better-known namesake in another country",
            ]
        if s.confidence < PUBLISH_CONFIDENCE and s.use == "place":
            s.review = f"low confidence ({', '.join(s.reasons)}); candidates: " + ", ".join(
                f"{r.name} ({r.country})" for _, r in scored[:5]
            )
            return
        if gap < 1.0 and best.id not in self.book.own:
            s.review = "low confidence; other candidates: " + ", ".join(
                f"{r.name} ({r.country})" for _, r in scored[1:4]
            )
        if best.id not in self.book.own and self.book.gaz.approximate(best.id):
            s.review = "; ".join(
                x
                for x in (
                    s.review,
                    "approximate coordinates (no point of its own "
                    "in the gazetteer: its namesake town or the place it is in)",
                )
                if x
            )

    def _confidence(
        self,
        text: str,
        s: _Span,
        best: PlaceRecord,
        gap: float,
        context_cc: Counter[str],
        province_named: bool,
    ) -> tuple[float, list[str]]:
        """How sure the reading is (0..1), and the evidence for it in words. Size, the
        region, the countries and provinces the article names and a cue word raise it; a
        name that is also an ordinary word, a person's name, an Arabic name with its article
        or another name of the town, read as a place abroad, needs a cue word and its
        country named in the article; close candidates lower it."""
        if best.id in self.book.own:
            return 1.0, ["editor's place file"]
        reasons: list[str] = []
        pop = best.population
        if best.kind == "country":
            conf = 0.95
            reasons.append("a country")
        elif best.kind == "area":
            conf = 0.85
            reasons.append("a region")
        elif best.kind == "admin1":
            # a province abroad is known without its country named when it is big
            conf = 0.85 if pop >= 1_000_000 or _named_whole(text, s) else 0.45
            reasons.append("a province")
        else:
            # a town is known abroad without its country named only when it is a city
            conf = 0.85 if pop >= 1_000_000 else 0.7 if pop >= 100_000 else 0.45
            reasons.append(f"population {pop:,}")
        named = context_cc.get(best.country or "", 0) > 0
        if best.country in self.book.region:
            conf = max(conf, 0.9)
            reasons.append("region")
        elif best.country in self.area:
            conf = max(conf, 0.8)
            reasons.append("the article's country")
        elif named and (pop >= 15_000 or best.kind in ("admin1", "area")):
            # (a country named in passing, "US-led", is no evidence for a village there)
            conf = max(conf, 0.7)
            reasons.append("country named in the article")
        elif best.country in self.ring:
            conf = max(conf, 0.65)
            reasons.append("neighbour of the region")
        if province_named:
            conf = max(conf, 0.9)
            reasons.append("province named in the article")
        if s.cue and conf >= PUBLISH_CONFIDENCE:
            conf = min(1.0, conf + 0.05)
            reasons.append("cue word")
        if s.paired:
            conf = max(conf, 0.85)
            reasons.append("named with another capital")
        risk = None if s.paired else self._name_risk(text, s, best, named)
        arabic_abroad = risk is not None and risk.startswith("an Arabic name")
        if (
            risk
            and best.kind != "country"
            and best.country not in self.book.region
            and (arabic_abroad or not (s.cue and named))
        ):
            conf = min(conf, 0.35)
            reasons.append(f"{risk} read as a place abroad, without a cue word and its country")
        if gap < 1.0:
            conf *= 0.8
            reasons.append("other candidates close")
        return conf, reasons

    def _name_risk(self, text: str, s: _Span, best: PlaceRecord, named: bool = False) -> str | None:
        """Why this name may well not mean this place, or None."""
        surface = text[s.start : s.end]
        single = s.i == s.j
        if single and _risky_word(surface, s.key):
            return "an ordinary word or a person's name"
        if single and surface.lower() in FIRST_NAMES:
            return "a person's given name"
        if not single and all(
            w.lower() in COMMON_WORDS or w.lower() in PLACE_TYPES for w in surface.split()
        ):
            return "ordinary words"  # "Northern Province", "Southern District"
        if _ARABIC_ARTICLE.match(surface) and best.country not in self.area:
            return "an Arabic name with its article"
        if (
            self.area
            and best.kind != "area"  # (regions and seas: "the West Bank", "the Mediterranean")
            and best.country not in self.area | self.ring | self._area_ring
            and best.population < 1_000_000
            and not is_national_capital(best)
            and not named
        ):
            return "a place in a country the article does not speak of"
        if best.kind in ("city", "town", "village") and _far_alias(s.key, best.name):
            return "another name of the town"
        return None

    def _known_by(self, s: _Span, r: PlaceRecord) -> bool:
        """Can the matched name mean this town? A name unlike the town's own ("Google" for
        Topeka, "Abo" for Turku, "Washington" for Piqua): only for a big city, or a sizeable
        one after a cue. GeoNames' alternate names hold old, foreign and joke names."""
        if (
            r.id in self.book.own
            or r.kind not in ("city", "town", "village")
            or r.country in self.book.region
            or not _far_alias(s.key, r.name)
        ):
            return True  # (in the chronicle's region, local names and spellings vary most)
        return r.population >= 1_000_000 or (s.cue and r.population >= 100_000)

    def _recognized(
        self,
        text: str,
        s: _Span,
        best: PlaceRecord,
        in_context: bool = False,
    ) -> bool:
        """Is this match a place at all? Small places and ordinary words need context."""
        surface = text[s.start : s.end]
        if best.id in self.book.own:
            return True
        words = s.j - s.i + 1
        if words == 1 and best.kind == "country" and surface.replace(".", "").isupper():
            return True  # "US", "UK", "U.S.": a country's abbreviation
        if words == 1 and (
            len(surface) <= 2
            or (surface.isupper() and len(surface) <= 4 and best.kind != "country")
        ):
            return False  # initials and codes: "W.", "Lt", "CTS"
        if words == 1 and surface in TITLES:
            return False
        if all(w.lower().rstrip(".") in CALENDAR for w in surface.split()):
            return False  # "Sat Mar" (12 2016) is a dateline, not Satu Mare
        if _CONTRACTION.search(surface):
            return False  # "I've", "You'd": GeoNames has odd alternate names
        if best.kind == "area" and words > 1 and not surface.islower():
            return True  # a region's whole name, ordinary words and all: "West Bank", "Middle East"
        plain = all(w.lower() in COMMON_WORDS for w in re.findall(r"\w+", surface))
        if (plain or (words == 1 and s.key in _COMMON_KEYS)) and best.kind != "country":
            if best.kind in ("admin1", "area"):
                return False  # "West", "Central": a region only with its country's word
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
            return (
                pop >= 100_000
                or (s.cue and pop >= POP_WITH_CONTEXT)
                or best.country in self.book.region
            )
        if pop >= POP_ANYWHERE:
            return True
        if best.country in self.book.region:
            return True
        if in_context and pop == 0:
            return True  # a town of unknown size in a country the article names
        # a town of the country the article is about, unless its name is also a word or a
        # person's name ("Murphy", "Christmas" in a US article)
        in_area = (
            best.country in self.area
            and not _risky_word(surface, s.key)
            and surface.lower() not in FIRST_NAMES
        )
        if (s.cue or words > 1 or in_context or in_area) and pop >= POP_WITH_CONTEXT:
            return True  # after a cue, or its province is named in the article
        return False

    def _resolve_patterns(self, text: str, spans: list[_Span]) -> None:
        located = [s for s in spans if s.place is not None and s.use == "place"]
        cities = Counter(
            s.place.id for s in located if s.place is not None and s.place.kind in ("city", "town")
        )
        main = self.book.record(cities.most_common(1)[0][0]) if cities else None
        self._cities = set(cities)
        for s in spans:
            if not s.pattern:
                continue
            s.place = self._pattern_place(text, s, spans, main)
            s.confidence, s.reasons = self._pattern_confidence(s)
            if (
                s.place is not None
                and s.place.lat is not None
                and s.place.kind in ("city", "town", "village")
            ):
                located.append(s)

    def _pattern_hit_ok(self, s: _Span, best: PlaceRecord, ctx: set[str | None]) -> bool:
        """May a place named with its place word ("al-Baath city", "Minian town") be the
        gazetteer's namesake? In the region, yes; abroad, only in a country the article
        names or is about, and an Arabic name with its article only in the article's own
        country or its neighbours (else it is a new place of the region)."""
        if best.country in self.book.region:
            return True
        home = self.area | self._area_ring
        if _ARABIC_ARTICLE.match(s.name or "") and (self.book.region or self.area):
            return best.country in home
        if self.book.region or self.area:
            return best.country in ctx or best.country in home
        return True

    def _pattern_confidence(self, s: _Span) -> tuple[float, list[str]]:
        """A place found by a pattern: an editor's place file, a gazetteer place named with
        its place word ("Tal Afar town"), a new place named with one ("Zanjili
        neighborhood"), one listed with such a place, or an unknown name after a cue word
        (a review item: nothing says what it is)."""
        if s.place is None:
            return 0.0, []
        if s.place.id in self.book.own:
            return 1.0, ["editor's place file"]
        if s.place.lat is not None:
            return 0.8, ["gazetteer, named with its place word"]
        if _headline_words(s.name or ""):
            # "Army Retakes Qaryatain", "Coalition Declares Idlib Disaster": a headline in
            # title case ran into the place word; its start is not known
            return 0.2, ["a headline's words before a place word"]
        if s.review and "from a list" in s.review:
            return 0.5, ["listed with a place named with its place word"]
        if s.review and "after a cue word" in s.review:
            return 0.4, ["unknown name after a cue word"]
        if (
            s.review
            and "parent guessed" in s.review
            and len(self._cities) > 1
            and (s.kind in SUB_CITY_KINDS or s.kind == "landmark")
        ):
            # which of the article's cities it is in is a guess
            return 0.45, ["named with a place word", "its city guessed among several"]
        return 0.6, ["named with a place word"]

    def _pattern_place(
        self, text: str, s: _Span, spans: list[_Span], main: PlaceRecord | None
    ) -> PlaceRecord | None:
        assert s.kind is not None and s.name is not None
        # the chronicle's own place files first, then the gazetteer for the bare name
        own = self.book.own_keys.get(name_key(s.name)) or self.book.own_keys.get(
            name_key(text[s.start : s.end])
        )
        if own:
            return own[0]
        if s.kind == "area" and s.name.lower().endswith(" county"):
            county = self._county(text, s, spans)
            if county is not None:
                return county
        if s.kind in ("admin1", "city", "town", "village") or (
            s.kind == "area" and name_key(s.name) == s.key
        ):
            hits = self.book.gaz.lookup([s.key])[s.key]
            want = {
                "admin1": ("admin1",),
                "city": ("city", "town", "village"),
                "town": ("city", "town", "village"),
                "village": ("town", "village"),
                "area": ("city", "admin1", "area"),
            }[s.kind]
            hits = [self.book.canonical(r) for r in hits if r.kind in want]
            if hits:
                ctx = {x.place.country for x in spans if x.place is not None}
                hits.sort(
                    key=lambda r: (
                        -(r.country in self.book.region or r.country in ctx),
                        -r.population,
                    )
                )
                best = hits[0]
                if self._pattern_hit_ok(s, best, ctx):
                    if s.kind != "admin1":  # "Tal Afar town": the mention is the name
                        s.end = s.start + len(s.name)
                    return best
        if s.kind == "admin1":
            # "Town of Atareb Aleppo Province": a province is a known one, or none
            words = s.name.split()
            for k in range(1, len(words)):
                key = name_key(" ".join(words[k:]))
                hits = [
                    self.book.canonical(r)
                    for r in self.book.gaz.lookup([key])[key]
                    if r.kind == "admin1"
                ]
                hits = [r for r in hits if r.country in self.area] or hits
                if hits:
                    s.start += len(" ".join(words[:k])) + 1
                    return hits[0]
            s.review = "not a province the gazetteer knows"
            return None
        parent, note = self._pattern_parent(text, s, spans, main)
        kind = s.kind if s.kind != "admin1" else "admin1"
        pid = variant_slug(s.name)  # "Sheikh Maqsoud", "Sheikh Maksoud": one place
        if s.kind in SUB_CITY_KINDS or s.kind == "landmark":
            if parent is not None:
                # one id per city, whatever place of it the text names it by ("Castello
                # Road" near Bustan al-Qasr or near al-Mallah is Aleppo's)
                pid = f"{pid}-{self._city_of(parent, main).id}"
        elif self.book.gaz.get(pid) is not None and parent is not None:
            pid = f"{pid}-{parent.id}"
        rec = self.book.made.get(pid)
        if rec is None:
            rec = PlaceRecord(
                id=pid,
                name=s.name,
                kind=kind,
                country=parent.country if parent else None,
                parent=parent.id if parent else None,
            )
            self.book.made[pid] = rec
        s.review = "; ".join(x for x in (s.review, note, "no coordinates") if x)
        return rec

    def _county(self, text: str, s: _Span, spans: list[_Span]) -> PlaceRecord | None:
        """ "Metcalfe County", "Monroe County, Mich.": a county of the gazetteer, in the state
        named after it, else in the state the article's places are in (its point is a
        stand-in: the namesake town or the state's middle)."""
        k = name_key(s.name)
        hits = sorted(
            (
                self.book.canonical(r)
                for r in self.book.gaz.lookup([k])[k]
                if r.kind == "area" and r.parent
            ),
            key=lambda r: r.id,
        )
        if not hits:
            return None
        after = next((x for x in spans if x.start >= s.end), None)
        named: Counter[str] = Counter()
        if after is not None and text[s.end : after.start] in (", ", ","):
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
        if len(ranked) > 1 and named.get(best.parent or "", 0) <= named.get(
            ranked[1].parent or "", 0
        ):
            notes.insert(
                0,
                "low confidence; other candidates: "
                + ", ".join(f"{r.name} ({self._parent_name(r)})" for r in ranked[1:4]),
            )
        s.review = "; ".join(notes)
        return best

    def _city_of(self, parent: PlaceRecord, main: PlaceRecord | None) -> PlaceRecord:
        """The city a district's or landmark's parent lies in: the parent if it is a city
        or town, else the first city or town above it, else the article's main city in
        the same province, else the parent."""
        for rec in [parent, *self.book.chain(parent)]:
            if rec.kind in ("city", "town"):
                return rec
        if main is not None and (main.parent == parent.parent or main.parent == parent.id):
            return main
        return parent

    def _parent_name(self, r: PlaceRecord) -> str | None:
        parent = self.book.record(r.parent) if r.parent else None
        return parent.name if parent is not None else r.country

    def _pattern_parent(
        self, text: str, s: _Span, spans: list[_Span], main: PlaceRecord | None
    ) -> tuple[PlaceRecord | None, str | None]:
        """The place a pattern place belongs to: the city it is attached to in the text
        ("western Mosul's Old City", "the Old Mosul area", "al-Shahwan district in the Old
        Mosul area"), a place named just after it ("at al-Bouseif village, south of Mosul"),
        else the article's main city."""
        sub_city = s.kind in SUB_CITY_KINDS or s.kind == "landmark"
        # "Old Mosul", "Mosul airport": the city is inside the name
        words = text[s.start : s.end].split()
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
        m = re.search(r"(\w+)['’]s\s+$", text[max(0, s.start - 40) : s.start])
        if m:
            city = self._best_city(name_key(m.group(1)), spans)
            if city:
                return city, None
        # the next place after "in/of/at/near" within the sentence, or a directional phrase
        tail = text[s.end : s.end + 80]
        stop = _SENT_END.search(tail)
        tail_end = s.end + (stop.start() if stop else len(tail))
        for x in spans:
            if x is s or x.start < s.end or x.start > tail_end:
                continue
            link = text[s.end : x.start].lower()
            if not re.search(r"\b(in|of|at|near|inside|outside|south|north|east|west)\b", link):
                continue
            rec = (
                x.place
                if x.place is not None
                else (
                    self._pattern_place(text, x, spans, main)
                    if x.pattern and x.place is None and x is not s
                    else None
                )
            )
            if rec is None:
                continue
            x.place = rec
            if sub_city and rec.kind in ("city", "town", "district"):
                return rec, None
            if not sub_city:
                if re.search(r"\b(at|in)\s+(the\s+)?$", link) and rec.kind in (
                    "village",
                    "town",
                    "district",
                ):
                    return rec, None
                return self._area_of(rec), None
        if s.kind == "district" and main is not None:
            return main, f"parent guessed: the article's main city, {main.name}"
        # (an "area", a camp, a crossing or a road named with no city may well lie outside
        # the article's main city: "the Khan Sheikhun area" is a town of its province)
        if main is not None:
            return self._area_of(
                main
            ), f"parent guessed: the province of the article's main city, {main.name}"
        if self.book.region:
            c = self.book.gaz.country(self.book.region[0])
            if c:
                return self.book.canonical(c), "parent guessed: the chronicle's region"
        return None, "parent unknown"

    def _area_of(self, rec: PlaceRecord) -> PlaceRecord:
        """The province (or country) a place near `rec` lies in."""
        if rec.kind in ("admin1", "country"):
            return rec
        parent = self.book.record(rec.parent) if rec.parent else None
        return parent or rec

    def _best_city(
        self, key: str, spans: list[_Span], mentioned_only: bool = False
    ) -> PlaceRecord | None:
        for x in spans:
            if x.key == key and x.place is not None and x.place.kind in ("city", "town", "village"):
                return x.place
        if mentioned_only:
            return None
        for r in self.book.own_keys.get(key, []):
            if r.kind in ("city", "town"):
                return r
        hits = [
            self.book.canonical(r)
            for r in self.book.gaz.lookup([key])[key]
            if r.kind in ("city", "town")
        ]
        hits.sort(key=lambda r: (-(r.country in self.book.region), -r.population))
        return hits[0] if hits else None


def _risky_word(surface: str, key: str) -> bool:
    """A word that is also an ordinary English word or a common surname ("Car", "Gulf",
    "Kerry", "Perry"): as a place it needs context. An acronym is not ("US", "CAR" in
    capitals is the Central African Republic's)."""
    if surface.isupper() and len(surface) > 1:
        return False
    return key in _ENGLISH_WORDS or key in _COMMON_KEYS or surface.lower() in SURNAMES


def _same_reading(s: _Span, source: _Span) -> None:
    """Give `s` the place another mention of its name was read as, with its evidence."""
    s.place, s.confidence = source.place, source.confidence
    s.reasons = [*source.reasons, "the same name elsewhere in the article"]
    s.alts = list(source.alts)
    if source.review and not s.review:
        s.review = source.review


def _named_whole(text: str, s: _Span) -> bool:
    """A province named with its type word ("Idlib province", "Governorate of Aleppo")."""
    after = text[s.end : s.end + 14].lower()
    return bool(re.match(r"\s+(province|governorate|state|region|oblast)\b", after))


def _capitals(s: _Span) -> list[PlaceRecord]:
    return [r for r in s.cands if r.population >= 500_000 and is_national_capital(r)]


def _pair_capitals(text: str, spans: list[_Span]) -> None:
    """ "brokered by Moscow and Washington", "Ankara, Tehran or Riyadh": a name listed with
    a national capital or a country reads as its own country's capital (the capitals speak
    for their governments), not as the province or town of its name."""
    for a, b in zip(spans, spans[1:]):
        if text[a.end : b.start] not in (" and ", ", ", " or ", ",", " & "):
            continue
        ca, cb = _capitals(a), _capitals(b)
        country_a = any(r.kind == "country" for r in a.cands[:1])
        country_b = any(r.kind == "country" for r in b.cands[:1])
        if ca and (cb or country_b):
            a.cands, a.paired = ca, True
        if cb and (ca or country_a):
            b.cands, b.paired = cb, True


def _ordinary_word(surface: str, key: str) -> bool:
    """An ordinary English word ("Car", "Gulf", "Region"), not an acronym."""
    return not (surface.isupper() and len(surface) > 1) and (
        key in _ENGLISH_WORDS or key in _COMMON_KEYS
    )


def _article_countries(spans: list[_Span]) -> list[str]:
    """The countries an article is about: the ones it names most, at least twice, as
    places, demonyms or governments ("Syria", "Syrian", "Damascus said")."""
    counts: Counter[str] = Counter()
    for s in spans:
        if s.use in ("place", "adjective", "metonym") and s.cands:
            first = s.cands[0]
            if first.kind == "country" and first.country:
                counts[first.country] += 1
    return article_vote({cc: n for cc, n in counts.items() if n >= 2})
