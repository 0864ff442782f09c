"""Names readers know: GeoNames' admin-1 names and English names of towns, as packaged
by `pycities` (GeoNames admin1CodesASCII, cities15000 and their English alternate names;
CC BY 4.0 data, MIT code), read when the gazetteer index is built.

The gazetteer's own spelling is a transliteration ("Ḩalab Province", "Tadmur"); the
English name is what news use ("Aleppo Governorate", "Palmyra"). The transliteration
stays an alias, so it still matches, and an editor's place file still wins.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from chronicle.extract.name_keys import fold, name_key


@dataclass(frozen=True)
class Admin1:
    """One GeoNames first-order division ("SY.09")."""

    country: str
    code: str
    name: str  # GeoNames' name, "Aleppo", "Arbīl"
    ascii_name: str  # "Arbil"
    geonames: int
    english: str | None  # GeoNames' English name, "Aleppo Governorate", or None


def _pycities_db() -> sqlite3.Connection | None:
    try:
        import pycities
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(pycities.__file__), "data", "data.db")
    if not os.path.exists(path):
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def admin1_names() -> dict[tuple[str, str], Admin1]:
    """(ISO country, GeoNames admin1 code) -> its names; empty without pycities."""
    db = _pycities_db()
    if db is None:
        return {}
    out: dict[tuple[str, str], Admin1] = {}
    try:
        rows = db.execute(
            "SELECT key, name, ascii_name, geonames_id, name_en FROM administrative_unit"
        ).fetchall()
    finally:
        db.close()
    for key, name, ascii_name, gid, english in rows:
        cc, _, code = str(key).partition(".")
        out[(cc, code)] = Admin1(cc, code, name, ascii_name or name, int(gid), english or None)
    return out


def english_town_names() -> dict[int, str]:
    """GeoNames id -> the town's English name, where GeoNames gives one (towns of 15,000
    and more): "Tadmur" -> "Palmyra", "Ḩamāh" -> "Hama"; empty without pycities."""
    db = _pycities_db()
    if db is None:
        return {}
    try:
        rows = db.execute(
            "SELECT geonames_id, name, name_en FROM city WHERE name_en IS NOT NULL"
        ).fetchall()
    finally:
        db.close()
    return {int(gid): english for gid, name, english in rows if english and english != name}


def _unlike(a: str, b: str) -> bool:
    """Two names that are not spellings of one another ("Palmyra", "Tadmur")."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or ka == kb or ka in kb or kb in ka:
        return False
    return SequenceMatcher(None, ka, kb).ratio() < 0.5


def town_display_name(name: str, english: str | None) -> str:
    """The name to show for a town: its English name where that is another name
    altogether (an exonym: Palmyra for Tadmur) or where the gazetteer's is written with
    transliteration marks and the English one is plain (Hama for Ḩamāh); else the
    gazetteer's (Ar Raqqah stays, not "Rakka")."""
    if not english or not english.isascii() or english == name:
        return name
    if _unlike(name, english) or not name.isascii():
        return english
    return name


_TYPE_WORDS = ("governorate", "province", "region", "state", "oblast", "county", "district")


def admin1_display_name(admin: Admin1, iso_type: str | None) -> str:
    """The name to show for a province: GeoNames' English name, else its plain (ASCII)
    name, with the type word where the country's provinces are called so and the name
    lacks one ("Nineveh" -> "Nineveh Governorate")."""
    name = admin.english if admin.english and admin.english.isascii() else admin.ascii_name
    kind = (iso_type or "").lower()
    if kind in ("governorate", "province") and not any(
        w in fold(name).split() for w in _TYPE_WORDS
    ):
        name = f"{name} {kind.capitalize()}"
    return name


@lru_cache(maxsize=1 << 16)
def _core(name: str) -> str:
    """A division's name without its type word: 'Aleppo Governorate' -> key of 'aleppo'."""
    words = [w for w in fold(name).split() if w not in _TYPE_WORDS and w != "muhafazat"]
    return name_key(" ".join(words))


def same_unit(admin: Admin1, iso_names: list[str]) -> float:
    """How well a GeoNames division's names match an ISO subdivision's: 1 for the same
    name, 0.8 for one inside the other ("Nineveh", "Nīnawá" do not match: 0)."""
    ours = {_core(n) for n in (admin.name, admin.ascii_name, admin.english or "")} - {""}
    best = 0.0
    for n in iso_names:
        k = _core(n)
        if not k:
            continue
        for o in ours:
            if o == k:
                return 1.0
            if len(o) >= 4 and len(k) >= 4 and (o in k or k in o):
                best = 0.8
    return best
