"""The place file format: `content/places/<id>.md`, one place: name, kind, parent,
coordinates, aliases, and the editor's description as the body.

The chronicle's place files extend and override the gazetteer: ingest creates them, an
editor corrects them, and the next ingest reads the corrected ones back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.content.entries import (
    CHECKSUM_KEY,
    is_hand_edited,
    read_front_matter,
    render_entry,
    string_list,
)
from chronicle.content.frontmatter import line_of
from chronicle.content.records import PLACE_KINDS, PlaceRecord
from chronicle.errors import ChronicleError

PLACE_KEYS = (
    "name",
    "kind",
    "aliases",
    "parent",
    "country",
    "lat",
    "lon",
    "geonames",
    CHECKSUM_KEY,
)


@dataclass
class PlaceFile:
    record: PlaceRecord
    description: str
    path: Path
    warnings: list[str] = field(default_factory=list)


def place_meta(record: PlaceRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind,
        "aliases": list(record.aliases),
        "parent": record.parent,
        "country": record.country,
        "lat": record.lat,
        "lon": record.lon,
        "geonames": record.geonames,
    }


def render_place(record: PlaceRecord, description: str = "") -> str:
    """A place file as ingest writes it, with the checksum that tells later edits apart."""
    return render_entry(place_meta(record), description)


def load_place(path: Path) -> PlaceFile:
    """Read and validate one place file; errors name the file and line."""
    text, meta, body, _, warnings = read_front_matter(path, PLACE_KEYS)
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ChronicleError("name is missing or not text", path, line_of(text, "name"))
    kind = meta.get("kind") or "area"
    if kind not in PLACE_KINDS:
        raise ChronicleError(
            f"kind must be one of {', '.join(PLACE_KINDS)}, not {kind!r}",
            path,
            line_of(text, "kind"),
        )
    coords = {}
    for key, limit in (("lat", 90), ("lon", 180)):
        value = meta.get(key)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not -limit <= value <= limit
        ):
            raise ChronicleError(
                f"{key} must be a number from -{limit} to {limit}, not {value!r}",
                path,
                line_of(text, key),
            )
        coords[key] = float(value) if value is not None else None
    parent = meta.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ChronicleError("parent must be a place id", path, line_of(text, "parent"))
    geonames = meta.get("geonames")
    if geonames is not None and (isinstance(geonames, bool) or not isinstance(geonames, int)):
        raise ChronicleError(
            "geonames must be a GeoNames id (a number)", path, line_of(text, "geonames")
        )
    country = meta.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2):
        raise ChronicleError(
            "country must be an ISO 3166-1 code such as IQ", path, line_of(text, "country")
        )
    aliases = string_list(meta.get("aliases"), "aliases", path, line_of(text, "aliases"))
    record = PlaceRecord(
        id=path.stem,
        name=name.strip(),
        kind=kind,
        country=country.upper() if country else None,
        lat=coords["lat"],
        lon=coords["lon"],
        geonames=geonames,
        parent=parent,
        aliases=aliases,
    )
    return PlaceFile(record=record, description=body.strip(), path=path, warnings=warnings)


def load_place_records(places_dir: Path) -> list[PlaceRecord]:
    """The places an editor made or corrected, for the geoparser to read before the gazetteer.

    A place file exactly as ingest wrote it only repeats what the gazetteer says, so it is
    left out: reading it back would make a second ingest resolve differently from the
    first. Files that fail to load are skipped here; `build` and `check` report them.
    """
    records = []
    for path in sorted(places_dir.glob("*.md")) if places_dir.is_dir() else []:
        try:
            if not is_hand_edited(path.read_text(encoding="utf-8")):
                continue
            records.append(load_place(path).record)
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
    return records
