"""Pass 1 of the geoparser: candidate spans (gazetteer names, names before a place word,
"the city of X", lists after a pattern place, unknown names after strong cues)."""

from __future__ import annotations

import re

from chronicle.extract.name_keys import fold, name_key
from chronicle.extract.place_book import PlaceBook
from chronicle.extract.place_lexicon import (
    COMMON_WORDS,
    MODIFIERS,
    PLACE_TYPES,
    REGION_ABBREVIATIONS,
    SAFE_ABBREVIATIONS,
    STREET_WORDS,
    STRONG_CUES,
    TITLES,
)
from chronicle.extract.place_text import (
    _ABBREVIATED_WORDS,
    _ARTICLE_WORDS,
    _CONNECTORS,
    _ENGLISH_WORDS,
    _NAME_GAP,
    _SETTLEMENT_WORDS,
    MAX_WORDS,
    POP_ANYWHERE,
    _busy,
    _dedupe,
    _Span,
    _Tok,
)

# A capitalized word that may be a possessive without its apostrophe ("Syrias", "Idlebs")
_LOST_APOSTROPHE = re.compile(r"[A-Z][a-z]{2,}[a-rt-z]s")
# Capitalized words that start no name before a place word ("In Aleppos ...", "Several
# villages", "Most of ...", "Town of ...")
_NOT_NAME_STARTS = frozenset(
    """in out from several most many some all both few the a an and or but after before during
    while when where town city village villages province governorate near outside inside""".split()
)
# Words after which a name before a place word starts afresh
_NAME_BREAKS = frozenset({"of", "from", "in", "at", "to", "by", "for", "on", "with"})
# Words that end no name ("Mary The", "Russia At" in a headline run)
_FUNCTION_WORDS = frozenset({"the", "at", "in", "on", "of", "a", "an", "and", "to", "for", "by"})
# Place words that, after a known place's name, describe it or a part of it ("a Damascus
# suburb", "Syria town", "the Houston area"): not a new place of that name
_DESCRIBING_WORDS = frozenset(
    """district districts neighborhood neighbourhood quarter suburb area region village
    villages town""".split()
)
# Titles that also begin names of places ("Sheikh Maqsoud", "Sheikh Jarrah", "Imam Ali")
PLACE_TITLES = frozenset({"Sheikh", "Shaikh", "Sheik", "Imam", "Sayyida", "Sayeda"})
# A lowercase word that starts with the Arabic article doubling a sun letter ("ezzor")
_GLUED_ARTICLE = re.compile(r"^[ae]([lzdrstn])\1[a-z]{2,}$")


def _possessive_context(toks: list[_Tok], i: int) -> bool:
    """What follows a possessive: a name ("Syrias Homs"), a direction ("Hamas northern
    countryside") or a kind of place ("Idlebs countryside", "Aleppos province")."""
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    return nxt.cap or nxt.low in MODIFIERS or nxt.low in PLACE_TYPES or nxt.low == "countryside"


# offices a person's name follows ("Director Alan Lane"): never part of a place's name
_ROLE_WORDS = frozenset(
    "director minister president spokesman spokeswoman spokesperson commander chief "
    "secretary ambassador envoy official coordinator representative chairman".split()
)


class SpanFinder:
    """Pass 1: candidate spans of one article at a time."""

    def __init__(self, book: PlaceBook) -> None:
        self.book = book
        # the tokens names may start at, computed once per article (by token list)
        self._starts_of: tuple[list[_Tok] | None, list[int]] = (None, [])

    def _name_start(self, toks: list[_Tok], first: int, j: int) -> int:
        """Where a name before a place word starts in a run of capitalized words: after
        the last "of"/"from"/"in" ("Out Daesh From Suburbs of Qaryatayn Town", "Khan
        Shaykhun of Idlib province"), past ordinary words and lost possessives ("In
        Aleppos Qaryat al-Ansari neighborhood")."""
        for k in range(j - 1, first - 1, -1):
            if toks[k].low in _NAME_BREAKS:
                first = k + 1
                break
        while first < j and (
            (toks[first].cap and toks[first].low in _NOT_NAME_STARTS)
            or (
                _LOST_APOSTROPHE.fullmatch(toks[first].text)
                and self._known_place(toks[first].text[:-1])
            )
        ):
            first += 1
        return first

    def _is_country(self, name: str) -> bool:
        k = name_key(name)
        return any(r.kind == "country" for r in self.book.gaz.lookup([k])[k])

    def _known_place(self, name: str) -> bool:
        """A country, a province, a city of 100,000 or an editor's place by that name."""
        k = name_key(name)
        if k in self.book.own_keys:
            return any(p.kind in ("country", "admin1", "city") for p in self.book.own_keys[k])
        return any(
            r.kind in ("country", "admin1") or r.population >= 100_000
            for r in self.book.gaz.lookup([k])[k]
        )

    def _name_runs(
        self, text: str, toks: list[_Tok], i: int, glued_lower: bool = False
    ) -> list[int]:
        """End tokens j >= i such that toks[i..j] reads as one name (no line break, only
        spaces/hyphens/apostrophes between, capitalized last word). `glued_lower`: a
        lowercase word glued to the Arabic article may end it too ("Deir ezzor"), for
        gazetteer lookups only (the gazetteer says whether it is a name)."""
        ends: list[int] = []
        for j in range(i, min(len(toks), i + MAX_WORDS)):
            if j > i:
                gap = text[toks[j - 1].end : toks[j].start]
                if (
                    gap == ". "
                    and toks[j - 1].text in _ABBREVIATED_WORDS
                    and toks[j].cap
                    and not (
                        j - 1 == i
                        and i > 0
                        and toks[i - 1].cap
                        and text[toks[i - 1].end : toks[i].start] == " "
                    )
                ):
                    pass  # "Fort St. John", "St. Thomas", "Mt. Pleasant" (not "Main St. John Smith")
                elif not _NAME_GAP.fullmatch(gap) or not gap and not toks[j - 1].text.isalpha():
                    break
                t = toks[j]
                if t.low == "s" and gap in ("'", "’"):  # possessive: "Mosul's"
                    break
                inner_ok = (
                    t.cap
                    or t.low in _CONNECTORS
                    or (gap.strip() and gap.strip()[-1] in "'’ʿʾ`")
                    or (glued_lower and _GLUED_ARTICLE.match(t.text))
                )
                if not inner_ok:
                    break
            glued = text[toks[j - 1].end : toks[j].start].strip()[-1:] if j > i else ""
            if j > i and toks[j].low in _FUNCTION_WORDS:
                continue  # "Mary The", "Russia At": a headline's next word, not the name's
            if (
                toks[j].cap
                or (glued and glued in "'’ʿʾ`")
                or (glued_lower and j > i and _GLUED_ARTICLE.match(toks[j].text))
            ):
                ends.append(j)
        return ends

    def _starts(self, toks: list[_Tok], text: str) -> list[int]:
        """Tokens a name may start at: capitalized words, or an article glued to one
        ("al-Shifa")."""
        if self._starts_of[0] is toks:  # computed once per article
            return self._starts_of[1]
        out: list[int] = []
        self._starts_of = (toks, out)
        for i, t in enumerate(toks):
            glued = (
                i + 1 < len(toks)
                and toks[i + 1].cap
                and text[t.end : toks[i + 1].start] in ("-", "‐")
            )
            if t.low in _ARTICLE_WORDS:
                if glued:  # "al-Shifa", "Al-Bab"; but not "as Baaj", "An IS"
                    out.append(i)
            elif t.cap:
                out.append(i)
        return out

    def gazetteer_spans(self, text: str, toks: list[_Tok], taken: list[_Span]) -> list[_Span]:
        busy = _busy(taken)
        cands: list[tuple[int, int, str]] = []
        for i in self._starts(toks, text):
            if toks[i].start in busy:
                continue
            for j in self._name_runs(text, toks, i, glued_lower=True):
                if any(p in busy for p in (toks[j].start,)):
                    break
                k = name_key(text[toks[i].start : toks[j].end])
                if k:
                    cands.append((i, j, k))
        # a possessive whose apostrophe scraping lost: "Syrias Homs", "in Hamas countryside"
        stems = {
            i: name_key(toks[i].text[:-1])
            for i, j, _ in cands
            if i == j
            and _LOST_APOSTROPHE.fullmatch(toks[i].text)
            and toks[i].low[:-1] not in COMMON_WORDS
            and name_key(toks[i].text[:-1]) not in _ENGLISH_WORDS
            and self.book.demonym(toks[i].text[:-1]) is None  # "Canadians"
            and _possessive_context(toks, i)  # "Syrias Homs", not "Turks angry"
        }
        found = self.book.gaz.lookup({k for _, _, k in cands} | set(stems.values()))
        by_start: dict[int, list[tuple[int, str]]] = {}
        cut: set[int] = set()  # tokens read without their final "s"
        for i, j, k in cands:
            stem = stems.get(i) if i == j else None
            if stem and (
                stem in self.book.own_keys
                or any(
                    r.kind in ("country", "admin1") or r.population >= 100_000
                    for r in found.get(stem, [])
                )
            ):
                known = found.get(k) or k in self.book.own_keys
                if not known or re.search(rf"\b{re.escape(toks[i].text[:-1])}\b", text):
                    by_start.setdefault(i, []).append((j, stem))
                    cut.add(i)
                    continue
            if found.get(k) or k in self.book.own_keys:
                by_start.setdefault(i, []).append((j, k))
        out: list[_Span] = []
        i = 0
        while i < len(toks):
            options = by_start.get(i)
            if not options:
                i += 1
                continue
            j, k = max(options)  # longest match first
            recs = list(self.book.own_keys.get(k, [])) + [
                self.book.canonical(r) for r in found.get(k, [])
            ]
            first = i
            if (
                toks[i].low == "the"
                and j > i
                and not any(fold(r.name).startswith("the ") for r in recs)
            ):
                first = i + 1  # "The FDA", "the Cairns police": the article is not the name
            end = toks[j].end - (1 if j == i and i in cut and k == stems.get(i) else 0)
            out.append(_Span(first, j, toks[first].start, end, k, _dedupe(recs)))
            i = j + 1
        return out

    def demonym_spans(self, toks: list[_Tok]) -> list[_Span]:
        """ "Iraqi forces", "Iraqi-Syrian borders": adjectives naming a country."""
        out = []
        for i, t in enumerate(toks):
            if t.cap and len(t.text) > 3 and t.text[-1] in "naihe":
                rec = self.book.demonym(t.text)
                if rec is not None:
                    out.append(
                        _Span(
                            i,
                            i,
                            t.start,
                            t.end,
                            name_key(t.text),
                            [self.book.canonical(rec)],
                            use="adjective",
                            place=self.book.canonical(rec),
                        )
                    )
        return out

    def abbreviation_spans(self, text: str, toks: list[_Tok]) -> list[_Span]:
        """News-style state and province abbreviations: "Lexington, Ky.", "N.Y.", "B.C."
        (after a place name and a comma, or a form that is never anything else; "500 B.C."
        is a year)."""
        out: list[_Span] = []
        for i, t in enumerate(toks):
            if not t.cap or len(t.text) > 6:
                continue
            form = (
                t.text
                if t.text.endswith(".") or t.text.isupper() and "." not in t.text
                else t.text + "."
                if text[t.end : t.end + 1] == "."
                else t.text
            )
            if form not in REGION_ABBREVIATIONS:
                continue
            before = text[max(0, t.start - 2) : t.start]
            after_place = before == ", " and i > 0 and toks[i - 1].cap
            if not after_place and (
                form not in SAFE_ABBREVIATIONS
                or re.search(
                    r"(\d|centur(y|ies)|millenni(um|a))\s*$", text[max(0, t.start - 20) : t.start]
                )
            ):
                continue
            full, cc = REGION_ABBREVIATIONS[form]
            k = name_key(full)
            recs = [
                self.book.canonical(r)
                for r in self.book.gaz.lookup([k])[k]
                if r.kind == "admin1" and r.country == cc
            ]
            if recs:
                end = t.start + len(form)
                out.append(_Span(i, i, t.start, end, k, recs[:1], place=recs[0]))
        return out

    def pattern_spans(self, text: str, toks: list[_Tok], taken: list[_Span]) -> list[_Span]:
        """ "<Name> district/village/street/...", "Old <City>", "the city/town of <Name>"."""
        out: list[_Span] = []
        busy: set[int] = _busy(taken)
        blocked: set[int] = set()  # known names with their type word: left to the gazetteer
        for i in self._starts(toks, text):
            if toks[i].start in busy or toks[i].start in blocked:
                continue
            runs = self._name_runs(text, toks, i)
            for j in reversed(runs):
                nxt = j + 1
                if (
                    nxt >= len(toks)
                    or not _NAME_GAP.fullmatch(text[toks[j].end : toks[nxt].start])
                    or "\n" in text[toks[j].end : toks[nxt].start]
                ):
                    continue
                word = toks[nxt].low
                two = f"{word} {toks[nxt + 1].low}" if nxt + 1 < len(toks) else ""
                if word == "border" and two == "border crossing":
                    nxt, word = nxt + 1, "crossing"
                if word not in PLACE_TYPES:
                    continue
                first = self._name_start(toks, i + (toks[i].low in ("the",)), j)
                if (
                    first > j
                    or toks[first].text == "Old"
                    and first == j
                    or (i > 0 and text[toks[i - 1].end : toks[i].start] in ("-", "‐"))
                ):
                    continue  # "The camp"; "Sharqat-Qayara road" (the towns are the places)
                if (
                    toks[first].low in COMMON_WORDS
                    and first == j
                    and toks[first].low not in ("old",)
                    and not (word in STREET_WORDS and toks[nxt].cap)
                ):
                    continue
                if any(t.low in _ROLE_WORDS for t in toks[max(0, first - 1) : j + 1]):
                    continue  # "UNICEF Director Alan Lane": a person and their office
                kind, keep_word = PLACE_TYPES[word]
                name_text = text[toks[first].start : toks[j].end]
                whole = name_key(text[toks[first].start : toks[nxt].end])
                if word not in ("county", "district", "area", "village", "town", "city") and any(
                    r.kind in ("country", "admin1") or r.population >= POP_ANYWHERE
                    for r in self.book.gaz.lookup([whole])[whole]
                ):
                    blocked.update(t.start for t in toks[first : nxt + 1])
                    break  # "Prince Edward Island", "Rhode Island": a known name, type word and all
                if word in STREET_WORDS and toks[j].low == "red":
                    continue  # "Red Crescent", the movement, not a street
                if self._is_country(name_text):
                    continue  # "Syria market", "a Syria town": the country, described
                if word in _DESCRIBING_WORDS and self._known_place(name_text):
                    continue  # "a Damascus suburb", "Syria town", "Hama village": the known
                    # place, described (the gazetteer finds the name alone)
                if kind == "natural" and any(
                    r.population >= POP_ANYWHERE
                    for r in self.book.gaz.lookup([name_key(name_text)])[name_key(name_text)]
                ):
                    continue  # "Mosul island": a place near a known town, named by the town
                if word in ("road", "highway") and "-" in name_text:
                    continue  # "Sharqat-Qayara road": the two towns it links are the places
                end = toks[nxt].end
                name = f"{name_text} {word.capitalize()}" if keep_word else name_text
                span = _Span(
                    first,
                    nxt,
                    toks[first].start,
                    end,
                    name_key(name_text),
                    kind=kind,
                    name=name,
                    pattern=True,
                )
                out.append(span)
                busy.update(t.start for t in toks[first : nxt + 1])
                break
        # "Old <City>": the old city of a city ("Old Mosul")
        for i, t in enumerate(toks[:-1]):
            if (
                t.text == "Old"
                and toks[i + 1].cap
                and text[t.end : toks[i + 1].start] == " "
                and t.start not in busy
                and toks[i + 1].text != "City"
            ):
                out.append(
                    _Span(
                        i,
                        i + 1,
                        t.start,
                        toks[i + 1].end,
                        name_key("Old City"),
                        kind="district",
                        name="Old City",
                        pattern=True,
                    )
                )
                busy.update((t.start, toks[i + 1].start))
        # "Old City" alone: a district of the article's main city
        for i, t in enumerate(toks[:-1]):
            if t.text == "Old" and toks[i + 1].text == "City" and t.start not in busy:
                out.append(
                    _Span(
                        i,
                        i + 1,
                        t.start,
                        toks[i + 1].end,
                        name_key("Old City"),
                        kind="district",
                        name="Old City",
                        pattern=True,
                    )
                )
                busy.update((t.start, toks[i + 1].start))
        # "the city/town/village/governorate of <Name>": a cue for the name that follows
        return out

    def list_spans(self, text: str, toks: list[_Tok], spans: list[_Span]) -> list[_Span]:
        """Names listed with a pattern place take its kind: "liberated Nujaifi street, Bab
        al-Toub and Souk al-Sagha", "between al-Shumaisat and Albu Seif villages"."""
        out: list[_Span] = []
        starts = set(self._starts(toks, text))
        by_tok = {sp.i: sp for sp in spans}
        heads = [
            sp for sp in spans if sp.pattern and sp.kind in ("district", "landmark", "village")
        ]
        for head in heads:
            kind = "village" if head.kind == "village" else "district"
            for i in self._list_items(text, toks, head, starts):
                runs = self._name_runs(text, toks, i)
                end = runs[-1]
                known = by_tok.get(i)
                if known is not None and known.j >= end:
                    continue  # a place already (Bab al-Toub from a place file)
                if all(t.low in COMMON_WORDS for t in toks[i : end + 1]):
                    continue  # "Islamic State", "Police"
                for sp in spans:  # a shorter gazetteer match inside the item ("Sagha")
                    if sp.start >= toks[i].start and sp.end <= toks[end].end and not sp.pattern:
                        sp.use = "drop"
                name = text[toks[i].start : toks[end].end]
                out.append(
                    _Span(
                        i,
                        end,
                        toks[i].start,
                        toks[end].end,
                        name_key(name),
                        kind=kind,
                        name=name,
                        pattern=True,
                        review="kind guessed from a list",
                    )
                )
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
                if sep.low == "and" or text[toks[i - 1].end : toks[i].start].strip() == ",":
                    k = i - 2 if sep.low == "and" else i - 1
                    while (
                        k > 0
                        and k - 1 in starts
                        and text[toks[k - 1].end : toks[k].start] in (" ", "-")
                    ):
                        k -= 1
                    if k in starts:
                        items.append(k)
                        i = k
                        continue
                break
            return items
        j = head.j
        while j + 2 < len(toks):
            gap = text[toks[j].end : toks[j + 1].start]
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

    def cue_spans(self, text: str, toks: list[_Tok], spans: list[_Span]) -> list[_Span]:
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
                    by_start[toks[i].start].cue = True  # "the villages of Foua and ..."
                if not self._longer_than_match(
                    text, toks, i, by_start.get(toks[i].start), listed=i in listed
                ):
                    continue
            cue = toks[i - 1].low
            if i in listed:
                cue = "near"
            if cue not in STRONG_CUES and cue != "in":
                continue
            if text[toks[i - 1].end : toks[i].start] != " ":
                continue
            runs = self._name_runs(text, toks, i)
            if not runs:
                continue
            j = runs[-1]
            after = text[toks[j].end : toks[j].end + 2]
            if cue == "in" and not re.match(r"[.,;:]", after):
                continue
            if (
                j + 1 < len(toks)
                and toks[j + 1].cap
                and text[toks[j].end : toks[j + 1].start] == " "
            ):
                continue
            name = text[toks[i].start : toks[j].end]
            words = [t.low for t in toks[i : j + 1]]
            if (
                any(w in COMMON_WORDS for w in words)
                or self.book.demonym(toks[i].text)
                or len(name) <= 2
                or (toks[i].text in TITLES and not (j > i and toks[i].text in PLACE_TITLES))
                or (len(name) <= 4 and text[toks[j].end : toks[j].end + 1] == ".")
            ):
                # ("in W. Mosul", "near Gen. X": initials and abbreviations)
                continue
            partial = by_start.get(toks[i].start)
            if partial is not None and toks[i].start in busy:
                partial.use = "drop"  # "near Sheikh Maqsoud": not the village "Sheikh"
            out.append(
                _Span(
                    i,
                    j,
                    toks[i].start,
                    toks[j].end,
                    name_key(name),
                    kind="village",
                    name=name,
                    pattern=True,
                    cue=True,
                    review="not in the gazetteer: found after a cue word",
                )
            )
            busy.update(t.start for t in toks[i : j + 1])
        return out

    def _longer_than_match(
        self, text: str, toks: list[_Tok], i: int, match: _Span | None, listed: bool = False
    ) -> bool:
        """After a strong cue, is the whole capitalized name longer than the gazetteer
        match at its start ("near Sheikh Maqsoud," where "Sheikh" alone is a village)?"""
        if match is None or match.pattern or match.i != i or i == 0:
            return False
        if toks[i - 1].low not in STRONG_CUES and not listed:
            return False
        runs = self._name_runs(text, toks, i)
        if not runs or runs[-1] <= match.j:
            return False
        after = toks[match.j + 1].text
        if self._known_place(after) or self._known_place(after[:-1]):
            return False  # "the city of Aleppo Syrias largest": the match, then another place
        # "the town of Khan Tuman", "near Sheikh Maqsoud,": the whole name, to its end
        return listed or re.match(r"[.,;:]", text[toks[runs[-1]].end :]) is not None

    def _kind_of_lists(self, text: str, toks: list[_Tok], starts: set[int]) -> set[int]:
        """First tokens of the names after "the village(s)/town(s) of": "the village of Xinmo",
        "the towns of Haris and Varzaqan", "the villages of Foua, Kfraya and Binnish"."""
        out: set[int] = set()
        for i in range(2, len(toks)):
            if (
                toks[i - 1].low != "of"
                or toks[i - 2].low not in _SETTLEMENT_WORDS
                or i not in starts
            ):
                continue
            k = i
            while k in starts and toks[k].low not in COMMON_WORDS:
                out.add(k)
                runs = self._name_runs(text, toks, k)
                if not runs:
                    break
                j = runs[-1]
                if (
                    j + 2 < len(toks)
                    and toks[j + 1].low == "and"
                    and text[toks[j].end : toks[j + 1].start] in (" ", ", ")
                ):
                    k = j + 2
                elif (
                    j + 1 < len(toks)
                    and text[toks[j].end : toks[j + 1].start] == ", "
                    and j + 1 in starts
                    and toks[i - 2].low.endswith("s")
                ):
                    k = j + 1
                else:
                    break
        return out
