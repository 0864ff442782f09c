"""Pass 2 of the geoparser: how each span is used. Demonyms are adjectives ("Iraqi
forces"), "Damascus said" is a metonym, "Nineveh Operations Command" is in-name; people
("Nelson Mandela", "Mr Suarez"), diseases ("Marburg virus") and currencies are dropped."""

from __future__ import annotations

import re

from chronicle.extract.name_keys import name_key
from chronicle.extract.place_book import PlaceBook
from chronicle.extract.place_lexicon import (
    ARABIC_NAME_HEADS,
    CALENDAR,
    COMMON_WORDS,
    CUES,
    DISEASE_WORDS,
    EVENT_WORDS,
    INSTITUTION_WORDS,
    MEDIA_WORDS,
    MODIFIERS,
    OFFICE_TITLES,
    ORG_WORDS,
    PLACE_TYPES,
    SPEECH_VERBS,
    TITLES,
)
from chronicle.extract.place_text import (
    _COMMON_KEYS,
    _CONNECTORS,
    _ENGLISH_WORDS,
    _OF_BEFORE,
    _PATRONYMIC,
    _PATRONYMIC_WORDS,
    FIRST_NAMES,
    POP_ANYWHERE,
    SURNAMES,
    _busy,
    _sentence_start,
    _Span,
    _Tok,
    is_national_capital,
)


class UseMarker:
    """Pass 2: how each span of an article is used."""

    def __init__(self, book: PlaceBook) -> None:
        self.book = book

    def mark_uses(
        self, text: str, toks: list[_Tok], spans: list[_Span], titles: list[tuple[int, int]]
    ) -> None:
        in_span = _busy(spans)
        _drop_name_pairs(text, spans, titles)
        for s in spans:
            prev = toks[s.i - 1] if s.i > 0 else None
            nxt = toks[s.j + 1] if s.j + 1 < len(toks) else None
            gap_before = text[prev.end : toks[s.i].start] if prev else "\n"
            gap_after = text[toks[s.j].end : nxt.start] if nxt else "\n"
            s.cue = s.cue or bool(prev and prev.low in CUES and gap_before == " ")
            if s.pattern or s.use != "place":
                continue
            if self._given_name_before(text, s, prev, gap_before, spans):
                s.use, s.person = "drop", True
                continue
            if _office_after(text, toks, s.j):
                s.cue = True  # "Manitoba Premier Brian Pallister": the office's place
                continue
            s.use = self._use(
                text,
                s,
                prev,
                nxt,
                gap_before,
                gap_after,
                in_span,
                any(a <= s.start < b for a, b in titles),
            )

    def _country_possessive(self, text: str, prev: _Tok) -> bool:
        stem = _possessive_stem(text, prev)
        if stem is None:
            return False
        k = name_key(stem)
        return any(r.kind == "country" for r in self.book.gaz.lookup([k])[k])

    def _given_name_before(
        self, text: str, s: _Span, prev: _Tok | None, gap_before: str, spans: list[_Span]
    ) -> bool:
        """ "Hadi al-Amiri", "Ayman bin Ali", "Osama Abu Zeid": a capitalized word directly
        before a name made with al-/el-, Abu, bin or ibn is a given name, and the two a
        person. The given name is dropped too when it was matched as a place on its own."""
        if prev is None or gap_before != " " or not prev.text.isalpha():
            return False
        if prev.text in _PATRONYMIC_WORDS:
            return True  # "Abu Zeid", "bin Laden": the match is only part of a name
        if not prev.cap:
            return False
        if not _PATRONYMIC.match(text, s.start):
            return False
        low = prev.low
        if (
            low in MODIFIERS
            or low in COMMON_WORDS
            or low in CUES
            or low in _CONNECTORS
            or low in PLACE_TYPES
            or low in CALENDAR
            or self.book.demonym(prev.text)
        ):
            return False
        for x in spans:
            if x.start <= prev.start < x.end and x is not s:
                if (
                    x.i != x.j
                    or x.pattern
                    or any(
                        r.kind in ("country", "admin1") or r.population >= 100_000 for r in x.cands
                    )
                ):
                    return False  # "Tal Afar al-...", "Syria al-...": a place before
                x.use = "drop"
        return True

    def _use(
        self,
        text: str,
        s: _Span,
        prev: _Tok | None,
        nxt: _Tok | None,
        gap_before: str,
        gap_after: str,
        in_span: set[int],
        in_title: bool,
    ) -> str:
        """How a gazetteer match is used: place, adjective, metonym, in-name, or drop."""
        kinds = {r.kind for r in s.cands}
        big = bool({"country", "admin1", "area"} & kinds) or any(
            r.population >= POP_ANYWHERE for r in s.cands
        )
        single = s.i == s.j
        # "US$460 million", "A$20": a currency, not a place
        if text.startswith("$", s.end):
            return "drop"
        # "Tal Jamu", "Khan Sheikhoun", "Kafr Zita": after a word that begins Arabic place
        # names, the match is only the end of a longer name
        if prev is not None and gap_before in (" ", "-") and prev.text in ARABIC_NAME_HEADS:
            return "in-name" if big else "drop"
        # "Ban Ki-moon": a longer word of which the match is a piece
        if re.match(r"-[a-z]", text[s.end : s.end + 2]) and "country" not in kinds:
            return "drop"
        # "Khan al-Assal", "Tibet al-Imam", "Orum al-Kubra": the start of a longer Arabic
        # name (GeoNames has the piece as another place: Wuhan, Tibet, Orem)
        if _ARABIC_NEXT.match(text, s.end) and "country" not in kinds:
            return "in-name" if big else "drop"
        # "Islamic State of Iraq and the Levant": inside a group's name
        if _GROUP_OF.search(text, max(0, s.start - 60), s.start):
            return "in-name"
        # "Daily Sabah", "Times Herald": an outlet's name
        if prev is not None and prev.cap and gap_before == " " and prev.low in MEDIA_WORDS:
            return "in-name" if big else "drop"
        # a photographer's or a writer's credit: "H.Zain/ Ghossoun", "M. al-Frieh/H. Said"
        if not kinds & {"country", "admin1"} and (
            re.search(r"(?:^|[\s/(])[A-Z]\.\s?$", text[max(0, s.start - 4) : s.start])
            or text.startswith("/", s.end)
            or text[max(0, s.start - 2) : s.start].strip().endswith("/")
        ):
            return "drop"
        # "United States Department of Agriculture", "Corporation of America": an institution
        if (
            "country" in kinds
            and nxt is not None
            and nxt.cap
            and gap_after == " "
            and nxt.low in INSTITUTION_WORDS
            and not in_title
        ):
            return "in-name"
        of_what = (
            _OF_BEFORE.search(text, max(0, s.start - 40), s.start) if "country" in kinds else None
        )
        if of_what and of_what.group(1).lower() in INSTITUTION_WORDS:
            return "in-name"
        # "U.S.-led coalition", "US-Led Coalition", "Iraqi-backed": an adjective
        if re.match(
            r"-(led|backed|based|born|made|formed|funded|allied|controlled|held|trained)\b",
            text[s.end : s.end + 12],
            re.IGNORECASE,
        ):
            return "adjective" if big else "drop"
        # "according to Nasrullah": a person (or a government)
        if text[max(0, s.start - 14) : s.start].lower().endswith("according to ") and not (
            nxt is not None and gap_after == " " and nxt.text.islower()
        ):
            return (
                "metonym" if "country" in kinds else "drop"
            )  # not "according to Rhode Island officials"
        # glued into a longer capitalized name: a person ("Ahmed Radi Nasrullah") or an
        # organisation ("Nineveh Operations Command")
        # (at a sentence's start a capitalized word is glued only if it is a given name:
        # "Fernando Suarez, who heads ...", not "Yesterday Mosul ...")
        # "Syria's Aleppo", "Syrias Deir Ezzor Monitor": a country's place, whatever follows
        owned = prev is not None and self._country_possessive(text, prev)
        glued_before = (
            prev is not None
            and prev.cap
            and gap_before in (" ", "-")
            and prev.start not in in_span
            and prev.low not in MODIFIERS
            and prev.low not in PLACE_TYPES  # "the Syrian Capital Damascus", "City Aleppo"
            and prev.low != "capital"
            and not in_title
            and (not _sentence_start(text, prev.start) or prev.low in FIRST_NAMES)
            and not owned
        )
        glued_after = (
            nxt is not None
            and nxt.cap
            and gap_after in (" ", "-")
            and nxt.start not in in_span
            and not in_title
            and nxt.low not in PLACE_TYPES
            and nxt.low not in ("and", "or")
            and nxt.low not in CALENDAR
            and nxt.low not in EVENT_WORDS  # "Raqqa Massacre", "Aleppo Offensive"
            and "country" not in kinds
            and not owned
        )  # "US President": the country still locates; "Toronto Saturday"
        if (
            single
            and text[s.start : s.end].lower() in FIRST_NAMES
            and nxt is not None
            and nxt.cap
            and gap_after == " "
            and nxt.low in SURNAMES
            and not nxt.text.isupper()
            and not in_title
        ):
            s.given = True  # "Georgia Stevens", "Jordan Henderson": a person's given name
            return "drop"
        if (
            prev is not None
            and prev.text.rstrip(".") in TITLES
            and gap_before in (" ", ". ")
            and (
                not kinds & {"country", "admin1"}
                or (prev.text.rstrip(".") in _PERSON_TITLES and "country" not in kinds)
            )
        ):
            s.person = single  # "Mr Suarez": Suarez alone is this person elsewhere too
            return "drop"  # "Mrs Paterson", "Dr Haley": a person
        if glued_before and single and prev is not None and not prev.text.isupper():
            s.person = True  # not after an acronym: "CBC Toronto" is a station, not a person
        if (
            nxt is not None
            and nxt.cap
            and gap_after == " "
            and not in_title
            and not s.person
            and (nxt.low in ORG_WORDS or nxt.low in INSTITUTION_WORDS)
            and "country" not in kinds
        ):
            return "in-name"  # "Glasgow Police", "Innisfail Council": a town, inside a name
        if glued_before or glued_after:
            return "in-name" if big else "drop"
        if (
            nxt is not None
            and gap_after == " "
            and nxt.text.islower()
            and nxt.low in ORG_WORDS
            and nxt.low != "police"
        ):
            return "in-name" if big else "drop"
        if (
            nxt is not None
            and gap_after == " "
            and nxt.low in DISEASE_WORDS
            and not kinds & {"country", "admin1"}
        ):
            s.disease = True  # "Marburg virus", "Reston ebolavirus": a disease's name
            return "in-name" if big else "drop"
        if nxt is not None and gap_after == " " and nxt.low in SPEECH_VERBS and not s.cue:
            if self._capital_or_country(s):  # ("drug abuse in Canada claimed": a place)
                return "metonym"  # "Damascus said", "Turkey said": a government speaking
            if (
                single
                and not kinds & {"country", "admin1"}
                and all(r.population < 1_000_000 for r in s.cands)
            ):
                return "drop"  # "Saadi admitted": a person
        return "place"

    def _capital_or_country(self, s: _Span) -> bool:
        return any(
            r.kind == "country" or (r.population >= 500_000 and is_national_capital(r))
            for r in s.cands
        )


def _possessive_stem(text: str, tok: _Tok) -> str | None:
    """ "Syria" of "Syria's" or (apostrophe lost) "Syrias", else None."""
    if text[tok.end : tok.end + 2] in ("'s", "’s"):
        return tok.text
    if len(tok.text) > 4 and tok.text.endswith("s") and tok.cap:
        return tok.text[:-1]
    return None


def _drop_name_pairs(text: str, spans: list[_Span], titles: list[tuple[int, int]]) -> None:
    """Two one-word names side by side ("David Nabarro", "Nelson Mandela", "Annie Lennox",
    "Angel Cordova") are a person's given name and surname, not two places: a place and
    the place it is in take a comma ("Paris, Texas"). Not when either is a country or a
    region, or the second a province ("Iraq Mosul" is a headline's shorthand), nor in
    headline-like lines."""
    for a, b in zip(spans, spans[1:]):
        if (
            a.i != a.j
            or b.i != b.j
            or a.pattern
            or b.pattern
            or a.use != "place"
            or b.use != "place"
        ):
            continue
        if text[a.end : b.start] != " " or any(x <= a.start < y for x, y in titles):
            continue
        if any(r.kind in ("country", "area") for r in a.cands + b.cands) or any(
            r.kind == "admin1" for r in b.cands
        ):
            continue  # "Iraq Mosul", "Nineveh Province" shorthand; "Nelson Mandela" is a person
        words = (text[a.start : a.end], text[b.start : b.end])
        if any(len(w) < 3 or not w[:1].isupper() or w.isupper() for w in words) or any(
            x.key in _ENGLISH_WORDS or x.key in _COMMON_KEYS for x in (a, b)
        ):
            continue  # "A Regina teenager", "Brant OPP", "Children's Village Malakal"
        a.use, b.use = "drop", "drop"
        # the surname stands for the person elsewhere too, unless it is a known place
        # ("Jack London" does not make London a person all through an article)
        b.person = all(r.population < 100_000 for r in b.cands)


def _drop_surnames(text: str, spans: list[_Span]) -> None:
    """What a name was found to be once, it is wherever else the article uses it alone
    without a cue: a person ("Barack Obama", "Ahmed Radi Nasrullah", "Georgia Stevens"),
    a disease ("Marburg virus")."""
    people = {
        s.key
        for s in spans
        if s.person and not s.pattern and (s.i == s.j or _PATRONYMIC.match(text, s.start))
    }  # "Hadi al-Amiri" ... "Amiri"
    not_places = {s.key for s in spans if s.disease or s.given}  # the disease, the person
    for s in spans:
        if s.key in not_places and s.use == "place" and not s.cue and not s.pattern:
            s.use = "drop"  # "imported Marburg", "Because Marburg kills"; "Georgia skates"
    for s in spans:
        if (
            s.key in people
            and s.i == s.j
            and s.use == "place"
            and not s.pattern
            and not s.cue
            and not any(
                r.kind in ("country", "admin1") or r.population >= 1_000_000 for r in s.cands
            )
        ):
            s.use = "drop"  # (not a city: "Air Berlin", "CTV Winnipeg" leave the city a city)


# "<X> State of|in [<Place> and] [the]": the places that follow name a group, not where it is
_GROUP_OF = re.compile(r"\b[A-Z]\w+ State (?:of|in) (?:(?:the )?[A-Z][\w-]+ and )?(?:the )?$")
# the next word is a name made with the Arabic article: " al-Assal", " el-Tiba"
_ARABIC_NEXT = re.compile(r" (?:[Aa][lrsdtnz]|[Ee][lz]|[Aa]sh)[-‐]\w")

# Titles only a person takes ("Mr Marra" is a person even where Mara is a province)
_PERSON_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Prof"})

_OFFICE_HEADS = frozenset({"Minister", "Secretary", "Commissioner", "General"})


def _office_after(text: str, toks: list[_Tok], j: int) -> bool:
    """An office of the place named just before: "New York Gov.", "Aleppo Mayor", "Quebec
    Health Minister", "Texas Attorney General" (up to two capitalized words, then the office)."""
    for k in range(j + 1, min(len(toks), j + 4)):
        gap = text[toks[k - 1].end : toks[k].start]
        if gap != " " and not (k > j + 1 and gap == "-") or not toks[k].cap:
            return False
        if (
            toks[k].text in OFFICE_TITLES
            and k == j + 1
            or toks[k].text in _OFFICE_HEADS
            and k > j + 1
        ):
            return True
    return False
