"""Name keys: how place names are folded and keyed so that spellings of one name meet
("Tall ‘Afar" = "Tal Afar", "Deir Ezzor" = "Deir ez-Zor", "al-Shumaisat" = "Shumaisat").
Used by the gazetteer index and by every pass of the geoparser."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic-style articles written as separate or hyphenated words ("al-Shumaisat" = "Shumaisat")
ARTICLES = frozenset(
    {"al", "el", "ar", "as", "ad", "ash", "an", "at", "az", "ath", "ez", "es", "ed", "adh"}
)
# Tel/Tal/Tall/Tell all mean "hill" and are spelled every way ("Tal Afar", "Tall 'Afar")
TELL = frozenset({"tel", "tal", "tall", "tell", "til", "tul"})
_QUOTES = re.compile(r"[’‘`´ʿʾʼ'\"“”]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_SUN_ARTICLE = re.compile(r"^[ae]([tdrzsln])\1?(\w{3,})$")


# combining marks (accents) by code point, for str.translate: dropped after NFKD
_NO_MARKS = {cp: None for cp in range(0x110000) if unicodedata.combining(chr(cp))}
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "ß": "ss"})


def fold(text: str) -> str:
    """Accents, case, quotes and punctuation folded: 'Tall ‘Afar' -> 'tall afar'."""
    if text.isascii():  # most names and all of English text: no marks to drop
        text = text.casefold()
    else:
        text = unicodedata.normalize("NFKD", text).translate(_NO_MARKS).casefold()
        text = text.translate(_LETTERS)
    return " ".join(_NON_WORD.sub(" ", _QUOTES.sub("", text)).split())


@lru_cache(maxsize=1 << 18)  # words recur across names ("al", "city", "saint")
def token_key(tok: str) -> str:
    """Transliteration variants of one word collapse: Qayyarah/Qayara, Husseibeh/Husaybeh."""
    if tok in TELL:
        return "tal"
    tok = tok.replace("oo", "u").replace("ee", "i")  # Maqsood = Maqsoud, Sheet = Shit
    tok = _DOUBLE.sub(r"\1", tok)
    tok = tok.replace("ou", "u")
    tok = tok.replace("ai", "ay").replace("ei", "ay").replace("ey", "ay")  # Qairawan/Qayrawan
    if len(tok) > 6 and tok.endswith("udin"):  # Salahuddin = Salah ad-Din, Nuruddin = Nur al-Din
        return token_key(tok[:-4]) + "din"
    if len(tok) > 3 and tok.endswith(("ah", "eh")):
        tok = tok[:-2] + "a"
    return tok


@lru_cache(maxsize=65536)  # the same names recur in every article
def name_key(text: str) -> str:
    """The key a name is indexed and looked up by (spaces dropped: 'Al-Bab' = 'Al Bab' = 'Bab')."""
    return key_of_folded(fold(text))


def key_of_folded(folded: str) -> str:
    """`name_key` of a name already folded (`fold`)."""
    toks = folded.split()
    kept = [t for t in toks if t not in ARTICLES and t != "the"]  # "Republic of (the) Congo"
    if not kept:
        kept = toks
    # an Arabic article glued to a sun letter after the first word: "Deir Ezzor" = "Deir
    # ez-Zor", "Deir Ezzour", "Ras Ennaqoura" (the article doubles the letter it meets, or
    # not, once written out: "Deir Ezour")
    kept = kept[:1] + [_SUN_ARTICLE.sub(r"\1\2", t) for t in kept[1:]]
    return "".join(token_key(t) for t in kept)


def slugify(text: str) -> str:
    """Lowercase ascii with hyphens: 'Nīnawá Governorate' -> 'ninawa-governorate'."""
    return "-".join(fold(text).split()) or "place"
