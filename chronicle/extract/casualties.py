"""How many died: a sentence -> its dead, civilian dead, child dead and wounded, with the words.

A sentence is read as number phrases ("at least 26 civilians", "dozens", "a child", "his
mother") and the words that tie each to a death or a wound: after it ("were killed",
"dead", "wounded") or before it ("killing", "killed", "wounding", "the death toll rose to").
"Including two children", "six of them children" and "ten children were among" are parts of
the number before or after them, not more dead; "five women and a child" is one group. Vague
magnitudes count at ACLED's lower bound ("tens" 10, "dozens" 12, "scores" 20, "hundreds"
100, "thousands" 1000); "several" or "many" dead give no number. People, residents,
children, patients and the like are civilians; fighters, soldiers, militants and members of
an armed group are not ("175 ISIS members killed" are dead, none of them civilians).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER = set(_UNITS) | set(_TENS)
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
# Words a sentence that counts dead or wounded has one of (a cheap test before reading it)
_CUE = re.compile(
    r"\b(?:kill|dead|die|death|wound|injur|toll|martyr|execut|slain|perish|lives|life|massacr|"
    r"behead|crucif|fatalit|bodies|casualt|shot|slaughter|murder|hurt|maim)",
    re.IGNORECASE,
)
_CUE_LOWER = re.compile(_CUE.pattern)  # on lowercased text: no IGNORECASE, three times faster
# ACLED's lower bounds for magnitudes ("dozens" of dead are coded 12)
_MAGNITUDES = {
    "tens": 10,
    "dozens": 12,
    "dozen": 12,
    "scores": 20,
    "score": 20,
    "hundreds": 100,
    "thousands": 1000,
}
_VAGUE = {"several", "many", "numerous", "some", "few", "multiple", "countless"}
_NUMBER_STARTS = (
    set(_UNITS) | set(_TENS) | set(_MAGNITUDES) | _VAGUE | {"a", "one", "hundred", "thousand"}
)
_QUANTIFIERS = {
    "at",
    "least",
    "more",
    "than",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "up",
    "to",
    "as",
    "many",
    "approximately",
    "roughly",
    "an",
    "estimated",
    "a",
    "total",
    "of",
    "no",
    "fewer",
    "not",
    "less",
    "another",
    "further",
    "additional",
    "other",
    "only",
    "just",
    "the",
    "all",
}

_CHILD = {
    "children",
    "child",
    "kids",
    "kid",
    "boys",
    "boy",
    "girls",
    "girl",
    "babies",
    "baby",
    "infants",
    "infant",
    "minors",
    "minor",
    "toddlers",
    "toddler",
    "schoolchildren",
    "pupils",
    "schoolboys",
    "schoolgirls",
    "teenagers",
    "teenager",
    "newborns",
}
_CIVILIAN = _CHILD | {
    "civilians",
    "civilian",
    "people",
    "persons",
    "person",
    "residents",
    "resident",
    "villagers",
    "inhabitants",
    "women",
    "woman",
    "men",
    "man",
    "students",
    "student",
    "worshippers",
    "worshipers",
    "patients",
    "patient",
    "doctors",
    "doctor",
    "medics",
    "medic",
    "nurses",
    "nurse",
    "paramedics",
    "rescuers",
    "rescue",
    "volunteers",
    "journalists",
    "journalist",
    "farmers",
    "workers",
    "shepherds",
    "displaced",
    "refugees",
    "evacuees",
    "passengers",
    "shoppers",
    "teachers",
    "activists",
    "activist",
    "christians",
    "assyrians",
    "yazidis",
    "relatives",
    "siblings",
    "brothers",
    "sisters",
    "mourners",
    "guests",
    "staff",
    "staffers",
    "citizens",
    "elderly",
    "individuals",
    "mother",
    "father",
    "brother",
    "sister",
    "son",
    "daughter",
    "wife",
    "husband",
    "sons",
    "daughters",
    "cousin",
    "grandmother",
    "grandfather",
    "pedestrians",
    "motorists",
    "fishermen",
    "employees",
    "engineers",
    "nationals",
    "tribesmen",
    "youths",
    "youngsters",
}
_COMBATANT = {
    "fighters",
    "fighter",
    "soldiers",
    "soldier",
    "troops",
    "militants",
    "militant",
    "militiamen",
    "militiaman",
    "rebels",
    "rebel",
    "insurgents",
    "insurgent",
    "jihadists",
    "jihadist",
    "jihadis",
    "terrorists",
    "terrorist",
    "gunmen",
    "gunman",
    "members",
    "member",
    "personnel",
    "servicemen",
    "serviceman",
    "officers",
    "officer",
    "guards",
    "guard",
    "policemen",
    "policeman",
    "police",
    "mercenaries",
    "combatants",
    "pilots",
    "pilot",
    "airmen",
    "commanders",
    "commander",
    "recruits",
    "conscripts",
    "attackers",
    "bombers",
    "extremists",
    "elements",
    "loyalists",
    "forces",
    "militias",
    "marines",
    "snipers",
    "defenders",
    "operatives",
    "leaders",
    "emirs",
    "agents",
}
_NEUTRAL = {
    "victims",
    "victim",
    "others",
    "casualties",
    "bodies",
    "deaths",
    "dead",
    "fatalities",
    "martyrs",
}
_DEATH_NOUNS = {"deaths", "dead", "fatalities", "bodies", "corpses", "martyrs"}
_KIN = {
    "mother",
    "father",
    "brother",
    "sister",
    "son",
    "daughter",
    "wife",
    "husband",
    "cousin",
    "grandmother",
    "grandfather",
    "uncle",
    "aunt",
}

_DEATH_AFTER = {
    "killed",
    "dead",
    "died",
    "die",
    "dies",
    "slain",
    "perished",
    "martyred",
    "executed",
    "massacred",
    "murdered",
    "beheaded",
    "crucified",
    "lost",  # "lost their lives"
    "shot",  # "shot dead"
    "slaughtered",
}
_DEATH_BEFORE = {
    "killing",
    "killed",
    "kills",
    "kill",
    "executed",
    "executing",
    "executes",
    "execute",
    "massacred",
    "slaughtered",
    "beheaded",
    "beheading",
    "crucified",
    "crucifies",
    "murdered",
    "claimed",  # "claimed the lives of"
    "claiming",
    "lives",
}
_INJURY_AFTER = {"wounded", "injured", "hurt", "maimed", "injuries", "wounds"}
_INJURY_BEFORE = {"wounding", "injuring", "wounded", "injured", "injures", "wounds", "hurting"}
_AUX = {
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "are",
    "is",
    "be",
    "being",
    "reportedly",
    "also",
    "allegedly",
    "all",
    "later",
    "subsequently",
    "confirmed",
    "initially",
    "both",
    "who",
    "that",
    "either",
    "now",
    "so",
    "far",
    "each",
    "their",
    "his",
    "her",
    "its",
}
_SUBSET_BEFORE = (
    ("including",),
    ("includes",),
    ("included",),
    ("among", "them"),
    ("among", "whom"),
    ("amongst", "them"),
    ("of", "whom"),
    ("of", "those", "killed"),
    ("of", "the", "dead"),
    ("of", "the", "victims"),
    ("among", "the", "dead"),
    ("among", "the", "victims"),
    ("among", "those", "killed"),
    ("the", "dead", "included"),
    ("the", "dead", "include"),
    ("victims", "included"),
    ("most", "of", "them"),
    ("mostly",),
)
# words after "N" that make it a part of the dead around it ("six of them children")
_PART_AFTER = (("of", "them"), ("of", "whom"))
_AMONG_AFTER = ("among",)  # "ten children were among the 48 dead"
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*|[^\sA-Za-z\d]"
)
_CLAUSE_END = {".", ";", ":", "(", ")", '"', "“", "”", "?", "!", "but", "while", "whereas"}
_TOLL = {"toll", "tolls"}
_TOLL_REACHED = {"reached", "reaches", "hit", "to", "at"}  # "... rose to", "... stood at"


@dataclass
class Casualties:
    """The dead and wounded a sentence reports (None: the sentence gives no number)."""

    fatalities: int | None = None
    civilian: int | None = None
    child: int | None = None
    injured: int | None = None
    combatant: int | None = None
    vague: bool = False  # the dead are a magnitude only ("dozens", "scores of civilians")
    words: list[str] = field(default_factory=list)  # the words that carry the numbers
    spans: list[tuple[int, int]] = field(default_factory=list)  # and their offsets

    @property
    def any(self) -> bool:
        return self.fatalities is not None or self.injured is not None

    @property
    def civilian_victims(self) -> bool:
        return bool(self.civilian) and not self.combatant


@dataclass
class _Count:
    first: int  # token indices of the number phrase (quantifier to noun)
    last: int
    value: int | None  # None: "several", "many"
    group: str  # "civilian", "child", "combatant", "neutral"
    role: str | None = None  # "dead", "injured"
    part_of: int | None = None  # index of the count this one is a part of
    evidence: tuple[int, int] = (0, 0)  # token span of the words that carry it
    of_them: bool = False  # "eight of them children"
    twinned: bool = False  # the same dead told twice in the sentence (a glued headline)


def count_casualties(
    text: str, start: int = 0, end: int | None = None, cued: bool | None = None
) -> Casualties:
    """The casualties text[start:end] reports. `cued`: whether it has a word of death or
    wounds (`cue_positions`), when the caller knows."""
    end = len(text) if end is None else end
    if cued is None:
        cued = bool(_CUE.search(text, start, end))
    if not cued:  # most sentences count no dead: read them no further
        return Casualties()
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    # acronyms keep their capitals: "287 IS fighters" is no "is"
    words = [t[2] if len(t[2]) > 1 and t[2].isupper() else t[2].lower() for t in toks]
    counts = _counts(words)
    if not counts:
        return Casualties()
    _mark_parts(words, counts)
    _mark_roles(words, counts)
    return _sum(text, toks, words, counts)


# ---------------------------------------------------------------------------- number phrases


def cue_positions(low: str) -> list[int]:
    """Where a lowercased text has words of death or wounds (one scan for all sentences)."""
    return [m.start() for m in _CUE_LOWER.finditer(low)]


def _number_at(words: list[str], i: int) -> tuple[int | None, int] | None:
    """(value, index after) of a number starting at words[i], or None."""
    w = words[i]
    if not w[:1].isdigit() and w.split("-")[0] not in _NUMBER_STARTS:
        return None
    if _INTEGER.fullmatch(w):
        value = int(w.replace(",", ""))
        j = i + 1
        if j < len(words) and words[j] in ("thousand", "million"):
            value *= _SCALES[words[j]]
            j += 1
        return value, j
    if (
        re.fullmatch(r"\d+\.\d+", w)
        and i + 1 < len(words)
        and words[i + 1] in ("thousand", "million")
    ):
        return int(float(w) * _SCALES[words[i + 1]]), i + 2
    if w in _MAGNITUDES:
        j = i + 1
        if j < len(words) and words[j] == "of":
            j += 1
        return _MAGNITUDES[w], j
    if w in ("a", "one") and i + 1 < len(words) and words[i + 1] in ("dozen", "score"):
        j = i + 2
        if j < len(words) and words[j] == "of":
            j += 1
        return _MAGNITUDES[words[i + 1]], j
    if w in _VAGUE and i + 1 < len(words) and (words[i + 1] in _CIVILIAN | _COMBATANT):
        return None, i + 1
    value, j = _word_number(words, i)
    if j > i:
        return value, j
    return None


def _word_number(words: list[str], i: int) -> tuple[int, int]:
    """A number written in words ("twenty-five", "two hundred and fifty", "a hundred")."""
    total, current, j = 0, 0, i
    seen = False
    while j < len(words):
        w = words[j]
        parts = w.split("-")
        if all(p in _UNITS or p in _TENS for p in parts) and parts:
            current += sum(_UNITS.get(p, 0) + _TENS.get(p, 0) for p in parts)
            seen = True
        elif w in _SCALES and (seen or (j == i + 1 and words[i] in ("a", "one"))):
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        elif not (
            (w == "and" and seen and j + 1 < len(words) and words[j + 1].split("-")[0] in _NUMBER)
            or (w in ("a", "one") and not seen and j + 1 < len(words) and words[j + 1] in _SCALES)
        ):
            break
        j += 1
    if not seen:
        return 0, i
    return total + current, j


def _counts(words: list[str]) -> list[_Count]:
    """Every number phrase that counts people (or stands bare, as in "killing 26")."""
    counts: list[_Count] = []
    i = 0
    while i < len(words):
        found = _number_at(words, i)
        if found is None:
            found = _single_at(words, i)
        if found is None:
            i += 1
            continue
        value, j = found
        first = i
        while first > 0 and words[first - 1] in _QUANTIFIERS and first > i - 4:
            first -= 1
        # a range counts at its lower bound: "20 to 25", "20-25", "between 20 and 25"
        between = first > 0 and words[first - 1] == "between"
        if j + 1 < len(words) and (
            words[j] in ("to", "-", "–", "or") or (between and words[j] == "and")
        ):
            other = _number_at(words, j + 1)
            if other is not None and other[0] is not None:
                j = other[1]
        if _is_year(words[i], value) and first == i:
            i = j
            continue
        after_verb = first > 0 and words[first - 1] in _DEATH_BEFORE | _INJURY_BEFORE
        if tuple(words[j : j + 2]) in _PART_AFTER and not after_verb:
            # "12 people, eight of them children": a part, counted by the noun after
            noun_at = _noun_after(words, j + 2)
            last = noun_at[0] if noun_at else j + 1
            counts.append(
                _Count(first, last, value, noun_at[1] if noun_at else "neutral", of_them=True)
            )
            i = last + 1
            continue
        noun_at = _noun_after(words, j)
        if noun_at is None:
            if not _bare_count(words, first, j):
                i = j
                continue
            counts.append(_Count(first, j - 1, value, "neutral"))
        else:
            k, group = noun_at
            counts.append(_Count(first, k, value, group))
            j = k + 1
        i = j
    return counts


def _single_at(words: list[str], i: int) -> tuple[int, int] | None:
    """'a child', 'an elderly woman', 'his mother': one person."""
    w = words[i]
    if w in ("a", "an", "one"):
        for k in (i + 1, i + 2):
            if k < len(words) and _singular_person(words[k]):
                return 1, k
    if w in ("his", "her", "their") and i + 1 < len(words) and words[i + 1] in _KIN:
        return 1, i + 1
    return None


def _singular_person(word: str) -> bool:
    return (
        word in _CIVILIAN | _COMBATANT
        and not word.endswith("s")
        or word
        in (
            "child",
            "woman",
            "man",
            "police",
        )
    )


def _noun_after(words: list[str], j: int) -> tuple[int, str] | None:
    """(index, group) of the person noun the number counts: "26 civilians", "29 Syrian
    rebels", "30 pro-regime gunmen", "30 members of the YPG", "nine were children"."""
    for k in range(j, min(j + 4, len(words))):
        w = words[k]
        group = _group(words, k)
        if group:
            return _noun_end(words, k, group)
        if w in ("were", "was") and k == j and k + 1 < len(words) and _group(words, k + 1):
            return k + 1, _group(words, k + 1) or "neutral"
        if not _modifier(w):
            return None
    return None


def _noun_end(words: list[str], k: int, group: str) -> tuple[int, str]:
    """The last noun of a noun phrase: "rebel fighters", "rebel and regime forces",
    "soldiers and fighters" (never across a number: "five women and a child")."""
    while k + 1 < len(words):
        nxt = _group(words, k + 1) if words[k + 1] != "dead" else None  # "a child dead"
        if nxt:
            k, group = k + 1, group if nxt == group else "neutral"
            continue
        if words[k + 1] == "and" and k + 2 < len(words) and _number_at(words, k + 2) is None:
            for m in (k + 2, k + 3):
                if m < len(words) and _group(words, m) and _single_at(words, k + 2) is None:
                    nxt = _group(words, m)
                    k, group = m, group if nxt == group else "neutral"
                    break
            else:
                break
            continue
        break
    return k, group


def _group(words: list[str], k: int) -> str | None:
    w = words[k]
    if w in _CHILD:
        return "child"
    if w == "members" or w == "member":
        after = " ".join(words[k + 1 : k + 5])
        if re.match(
            r"of (?:a|one|the same|his|her|their|two|three|\w+) (?:family|families|tribe|clan)",
            after,
        ):
            return "civilian"
        return "combatant"
    if w in _CIVILIAN:
        return "civilian"
    if w in _COMBATANT:
        return "combatant"
    if w in _NEUTRAL:
        return "neutral"
    return None


def _modifier(word: str) -> bool:
    """A word that may stand between a number and its noun ("Syrian", "pro-regime", "IS")."""
    if word in _DEATH_AFTER | _INJURY_AFTER | _AUX | _CLAUSE_END or not word[:1].isalpha():
        return False
    if word.split("-")[0] in _NUMBER_STARTS:  # "17:27 Nine civilians": 27 counts no one
        return False
    return word not in (
        "in",
        "on",
        "at",
        "by",
        "from",
        "of",
        "and",
        "including",
        "to",
        "for",
        "with",
        "after",
        "when",
        "as",
        "or",
        "days",
        "hours",
        "weeks",
        "months",
        "years",
        "times",
        "strikes",
        "raids",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "percent",
    )


def _bare_count(words: list[str], first: int, after: int) -> bool:
    """A number with no noun counts people only right by a death or a wound ("killing 26",
    "18 dead", "kills 14", "the death toll rose to 112")."""
    if first > 0 and words[first - 1] in _DEATH_BEFORE | _INJURY_BEFORE:
        return True
    if any(w in _TOLL for w in words[max(0, first - 16) : first]):
        return True
    k = after
    while k < len(words) and k < after + 4:
        if words[k] in _DEATH_AFTER | _INJURY_AFTER | _DEATH_NOUNS:
            return True
        if words[k] not in _AUX and words[k] != "others":
            return False
        k += 1
    return False


def _is_year(word: str, value: int | None) -> bool:
    """1900-2100 written in four digits is a year ("23-04-2016 Child killed")."""
    return bool(value and re.fullmatch(r"\d{4}", word) and 1900 <= value <= 2100)


# ---------------------------------------------------------------------------- roles


def _mark_parts(words: list[str], counts: list[_Count]) -> None:
    """Counts that are part of another: "including two children", "six of them children",
    "ten children were among the 48 dead"."""
    for n, c in enumerate(counts):
        before = words[max(0, c.first - 3) : c.first]
        if any(tuple(before[-len(cue) :]) == cue for cue in _SUBSET_BEFORE):
            c.part_of = _previous_head(counts, n)
            if c.part_of is None:  # "of those killed, six were children"
                c.part_of, c.role = -1, "dead"
                c.evidence = (max(0, c.first - 3), c.last)
            continue
        after = words[c.last + 1 : c.last + 4]
        if c.of_them:
            c.part_of = _previous_head(counts, n)
            continue
        if n > 0 and counts[n - 1].part_of is not None and _joined(words, counts, n - 1, n):
            c.part_of = counts[n - 1].part_of  # "among them four women and four children"
            continue
        if after[:1] in (["were"], ["was"], ["are"]) and (
            after[1:2] == ["among"] or after[1:3] == ["also", "among"]
        ):
            # "ten children were among the (at least) 48 killed": a part of the next count
            if n + 1 < len(counts) and counts[n + 1].first - c.last <= 6:
                c.part_of = n + 1
            else:
                c.part_of = -1  # among dead the sentence does not number
                c.role = "dead"
                c.evidence = (c.first, min(c.last + 4, len(words) - 1))


def _previous_head(counts: list[_Count], n: int) -> int | None:
    for m in range(n - 1, -1, -1):
        if counts[m].part_of is None:
            return m
    return None


def _mark_roles(words: list[str], counts: list[_Count]) -> None:
    """Which counts are dead and which wounded, from the words after or before them."""
    for n, c in enumerate(counts):
        if c.role or c.part_of == -1:
            continue
        # look past this count's own parts ("11 civilians including two children were
        # killed"), up to the next count of its own
        after, m = c.last, n + 1
        while m < len(counts) and counts[m].part_of == n:
            after, m = counts[m].last, m + 1
        limit = counts[m].first if m < len(counts) else len(words)
        low = counts[n - 1].last + 1 if n > 0 else -1
        # "killed two patients injured eight others": the word right before wins
        nearest = counts[n + 1].first if n + 1 < len(counts) else len(words)
        role = (
            _role_right_before(words, c, low)
            or _role_after(words, c, nearest, c.last)  # "19 people were killed including six"
            or _role_after(words, c, limit, after)
        )
        if role is None:
            role = _role_before(words, c, max(low, 0))
        if role:
            c.role, c.evidence = role
    # "five women and a child were killed": a count joined by "and" to one with a role
    for _ in range(2):
        for n, c in enumerate(counts):
            if c.role or c.part_of is not None:  # a part takes its head's role below
                continue
            for m in (n - 1, n + 1):
                if 0 <= m < len(counts) and counts[m].role and _joined(words, counts, n, m):
                    c.role = counts[m].role
                    c.part_of = counts[m].part_of if counts[m].part_of != -1 else c.part_of
                    c.evidence = (min(c.first, counts[m].first), max(c.last, counts[m].evidence[1]))
                    break
    # a part has its head's role
    for c in counts:
        if c.part_of is not None and c.part_of >= 0 and c.role is None:
            c.role = counts[c.part_of].role
            c.evidence = (c.first, c.last)


def _joined(words: list[str], counts: list[_Count], n: int, m: int) -> bool:
    return _joined_spans(words, counts[n], counts[m])


def _joined_spans(words: list[str], one: _Count, other: _Count) -> bool:
    a, b = (one, other) if one.first < other.first else (other, one)
    between = words[a.last + 1 : b.first]
    return bool(between) and all(w in ("and", ",", "as", "well", "plus", "&") for w in between)


def _role_after(
    words: list[str], c: _Count, limit: int, after: int
) -> tuple[str, tuple[int, int]] | None:
    if c.group == "neutral" and words[c.last] in _DEATH_NOUNS:
        return "dead", (c.first, c.last)
    k = after + 1
    skipped = 0
    pp = 0  # words of a short prepositional phrase ("three children from one family")
    while k < min(limit, len(words)) and skipped <= 4 + pp:
        past = _unnumbered_part(words, k, min(limit, len(words)))
        if past > k:  # "58 people including women and children were killed"
            k = past
            continue
        w = words[k]
        if w in _DEATH_AFTER and _killed_and_wounded(words, k):
            return None  # "19 killed and injured": dead and wounded in one number
        if w in _DEATH_AFTER:
            if (
                w == "lost"
                and "lives" not in words[k + 1 : k + 3]
                and "life" not in words[k + 1 : k + 3]
            ):
                return None
            if w == "shot" and (k + 1 >= len(words) or words[k + 1] != "dead"):
                return None
            return "dead", (c.first, k)
        if w in _INJURY_AFTER:
            return "injured", (c.first, k)
        if w in ("from", "of", "in", "inside", "near") and pp == 0 and k == after + 1:
            pp = 3
        elif w in _CLAUSE_END or (
            w not in _AUX and w not in ("others", "more", ",", "-", "–") and not pp
        ):
            return None
        k += 1
        skipped += 1
    return None


def _unnumbered_part(words: list[str], k: int, limit: int) -> int:
    """Where a part with no number of its own ends, when one starts at words[k]
    ("including women and children", "mostly schoolchildren and teachers"); else k."""
    for cue in _SUBSET_BEFORE:
        if tuple(words[k : k + len(cue)]) != cue:
            continue
        j = m = k + len(cue)
        while m < min(limit, j + 6) and (
            _group(words, m) or words[m] in ("and", "or", ",") or _modifier(words[m])
        ):
            m += 1
        while m > j and not _group(words, m - 1):  # end on the noun
            m -= 1
        return m if m > j else k
    return k


def _killed_and_wounded(words: list[str], k: int) -> bool:
    after = words[k + 1 : k + 3]
    return (after[:1] in (["and"], ["or"]) and after[1:] != [] and after[1] in _INJURY_AFTER) or (
        after[:1] != [] and after[0] in _INJURY_AFTER
    )


def _role_right_before(words: list[str], c: _Count, low: int) -> tuple[str, tuple[int, int]] | None:
    k = c.first - 1
    if k < low or k == low:  # "6 killed 12 wounded": "killed" is the 6's
        return None
    if (
        c.group == "neutral"
        and c.last + 1 < len(words)
        and words[c.last + 1] in (_DEATH_AFTER | _INJURY_AFTER)
    ):
        return None  # "Civilian killed 3 injured": a bare number's own word follows it
    if words[k] in _DEATH_BEFORE - {"claimed", "claiming", "lives"}:
        return "dead", (k, c.last)
    if words[k] in _INJURY_BEFORE:
        return "injured", (k, c.last)
    return None


def _role_before(words: list[str], c: _Count, low: int) -> tuple[str, tuple[int, int]] | None:
    # "the death toll from the attack rose to at least 112"; a long way back when a verb
    # of reaching leads to the number ("the toll from the shelling of ... has reached 20")
    reach = 32 if c.first > 0 and words[c.first - 1] in _TOLL_REACHED else 16
    for k in range(c.first - 1, max(low, c.first - reach) - 1, -1):
        if words[k] in _TOLL:
            return "dead", (k, c.last)
        if words[k] in _CLAUSE_END:
            break
    k = c.first - 1
    skipped = 0
    while k >= low and skipped <= 3:
        w = words[k]
        if w in _DEATH_BEFORE:
            if w in ("claimed", "claiming") and "lives" not in words[k + 1 : k + 3]:
                return None
            return "dead", (k, c.last)
        if w in _INJURY_BEFORE:
            return "injured", (k, c.last)
        if w not in ("the", "of", "a", "also", "another", "further", "some"):
            return None
        k -= 1
        skipped += 1
    return None


# ---------------------------------------------------------------------------- sums


_PEOPLE = {"people", "persons", "person", "individuals"}
_RUNNING = {"bringing", "raising", "taking", "pushing", "brought", "raised"}


def _running_toll(words: list[str], c: _Count) -> bool:
    before = words[max(0, c.first - 16) : c.first]
    return any(w in _RUNNING for w in before) and any(
        w in ("toll", "number", "total", "tally") for w in before
    )


def _distinct(words: list[str], heads: list[_Count], counts: list[_Count]) -> list[_Count]:
    """A headline glued to its lead says the number twice ("11 dead ... 11 civilians were
    killed", "Dozens dead ... 38 people were killed"): the same number of dead twice in one
    sentence, or a magnitude and then a larger number, is one group, the more precise, with
    the parts of both."""
    out: list[_Count] = []
    for c in heads:
        twin = next(
            (
                o
                for o in out
                if c.value is not None
                and o.value is not None
                and (
                    o.value == c.value
                    # "Dozens of civilians dead ... 38 civilians have been killed"
                    or (_magnitude(words, o) and not _magnitude(words, c) and c.value > o.value)
                )
                and (o.group == c.group or "neutral" in (o.group, c.group))
                and not _joined_spans(words, o, c)  # "a woman and a child" are two
            ),
            None,
        )
        if twin is None:
            out.append(c)
            continue
        # the number rather than the magnitude, the group rather than "dead"
        if twin.value != c.value or (twin.group == "neutral" and c.group != "neutral"):
            kept, dropped = c, twin
        else:
            kept, dropped = twin, c
        kept.twinned = True
        out[out.index(twin)] = kept
        for part in counts:
            if part.part_of is not None and part.part_of >= 0 and counts[part.part_of] is dropped:
                part.part_of = counts.index(kept)
    return out


def _magnitude(words: list[str], c: _Count) -> bool:
    """A count that is a magnitude word, no number ("dozens of people", "scores")."""
    span = words[c.first : c.last + 1]
    return any(w in _MAGNITUDES for w in span) and not any(w[:1].isdigit() for w in span)


def _sum(
    text: str, toks: list[tuple[int, int, str]], words: list[str], counts: list[_Count]
) -> Casualties:
    out = Casualties()
    dead = [c for c in counts if c.role == "dead"]
    parts = [c for c in dead if c.part_of is not None and c.value is not None]
    heads = _distinct(words, [c for c in dead if c.part_of is None], counts)
    # a glued headline's "execute 10 children" is the lead's "ten children were among"
    heads = [
        h
        for h in heads
        if not any(p.value == h.value and p.group == h.group and p.part_of != -1 for p in parts)
        or any(p.part_of == counts.index(h) for p in parts)
    ]
    injured = _distinct(
        words, [c for c in counts if c.role == "injured" and c.part_of is None], counts
    )
    numbered = [h for h in heads if h.value is not None]
    # "12 killed on Monday, bringing the toll of the week to 45": the toll holds the rest
    running = [h for h in numbered if _running_toll(words, h)]
    if running and len(numbered) > len(running):
        numbered = [h for h in numbered if h not in running]
    for h in numbered:
        # "dozens of people, including at least 29 in one district": at least the part
        at_least = sum(p.value or 0 for p in parts if p.part_of == counts.index(h))
        if _magnitude(words, h) and h.value is not None and at_least > h.value:
            h.value = at_least
    if numbered:
        out.fatalities = sum(h.value or 0 for h in numbered)
        out.vague = all(_magnitude(words, h) for h in numbered)
    civilians: int | None = None
    children: int | None = None
    fighters: int | None = None
    for n, h in enumerate(numbered):
        if h.group == "neutral" and words[h.last] == "others" and n > 0:
            h.group = numbered[n - 1].group  # "15 civilians ... while six others were killed"
        own = [p for p in parts if p.part_of == counts.index(h)]
        if h.twinned:  # "23 including 8 kids ... 23 people including eight children"
            own = list({(p.value, p.group): p for p in own}.values())
        civ_parts = sum(p.value or 0 for p in own if words[p.last] in ("civilians", "civilian"))
        child_parts = sum(p.value or 0 for p in own if p.group == "child")
        fighter_parts = sum(p.value or 0 for p in own if p.group == "combatant")
        value = h.value or 0
        if h.group == "combatant":
            fighters = (fighters or 0) + value
            civ = None
        elif h.group in ("civilian", "child"):
            civ = value
            if civ_parts and words[h.last] in _PEOPLE:  # "20 people including 10 civilians"
                civ = civ_parts
            elif fighter_parts:  # "48 people including 13 fighters"
                civ = max(0, value - fighter_parts)
                fighters = (fighters or 0) + fighter_parts
        else:  # "killing 26" says nothing of who
            civ = max(civ_parts, child_parts) or None
            if fighter_parts:
                fighters = (fighters or 0) + fighter_parts
        if civ is not None:
            civilians = (civilians or 0) + civ
        child = (value if h.group == "child" else 0) + child_parts
        if child:
            children = (children or 0) + child
    for p in parts:
        if p.part_of == -1:  # "six children were among the dead"
            if p.group in ("civilian", "child"):
                civilians = (civilians or 0) + (p.value or 0)
            if p.group == "child":
                children = (children or 0) + (p.value or 0)
    out.civilian, out.child, out.combatant = civilians, children, fighters
    if out.child and out.civilian is not None and out.civilian < out.child:
        out.civilian = out.child
    if injured and all(c.value is not None for c in injured):
        out.injured = sum(c.value or 0 for c in injured)
    for c in sorted(dead + injured, key=lambda c: c.evidence):
        a, b = c.evidence
        if a <= b < len(toks):
            phrase = text[toks[a][0] : toks[b][1]]
            out.spans.append((toks[a][0], toks[b][1]))
            if not any(phrase in w for w in out.words):
                out.words = [w for w in out.words if w not in phrase] + [phrase]
    return out
