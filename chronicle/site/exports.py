"""The chronicle as data, under site/data/: events.csv, events.json, places.geojson and
timeline.json (TimelineJS 3), for researchers and for embedding elsewhere.

Columns are modelled on ACLED and UCDP: one row per event, located at the most specific of
its places; latitude/longitude come from that place or, when it has none, from the nearest
place containing it, and geo_precision says which kind of place they describe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from chronicle.site.model import Chronicle, Event, Incident, Place

COLUMNS = (
    "event_id",
    "incident_id",
    "date",
    "date_precision",
    "place",
    "place_id",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "civilian_targeting",
    "civilian_fatalities",
    "child_fatalities",
    "injured",
    "sentence",
    "entry_url",
    "source",
    "published",
)

GEO_PRECISION = {
    "country": "country",
    "admin1": "province",
    "district": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "landmark": "point",
    "area": "district",
    "natural": "point",
}

# One record per line: the C encoder does each (an indented file takes json's pure-Python
# encoder, three times slower), and the files still read and diff line by line.
_ONE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps_json(data: Any) -> bytes:
    """`data` as UTF-8 JSON with one record per line: the items of a top-level list, or of
    the lists in a top-level object ("features", "events"), each on a line of its own.
    Encoded a batch of records at a time (the text of a 14 MB file is never held whole)."""
    from itertools import chain

    from chronicle.site.render import _encoded

    return _encoded(chain(_records(data, 0), ["\n"]), batch=256)


def _records(obj: Any, level: int) -> Iterator[str]:
    if isinstance(obj, list) and obj and level < 2:
        yield "["
        for i, item in enumerate(obj):
            yield (",\n" if i else "\n") + _ONE(item)
        yield "\n]"
    elif isinstance(obj, dict) and obj and level == 0:
        yield "{"
        for i, (key, value) in enumerate(obj.items()):
            yield (",\n" if i else "\n") + _ONE(key) + ": "
            yield from _records(value, level + 1)
        yield "\n}"
    else:
        yield _ONE(obj)


def main_place(event: Event) -> Place | None:
    """The most specific of the event's places (deepest in the hierarchy; first on ties)."""
    if not event.places:
        return None
    return max(event.places, key=lambda p: (len(p.chain), -event.places.index(p)))


def located(place: Place | None) -> Place | None:
    """The place, or the nearest place containing it, that has coordinates."""
    for node in [place, *reversed(place.chain)] if place else []:
        if node.lat is not None and node.lon is not None:
            return node
    return None


def admin1_of(place: Place | None) -> Place | None:
    for node in [*place.chain, place] if place else []:
        if node.kind == "admin1":
            return node
    return None


def country_code(place: Place | None) -> str:
    if place is None:
        return ""
    if place.country:
        return place.country
    top = place.chain[0] if place.chain else place
    return top.country or ""


def source_of(event: Event) -> str:
    src = event.entry.source or {}
    # the outlet or the address, never the local file name (public pages stay public)
    return str(src.get("outlet") or event.entry.source_url or "")


def civilian_targeting(event: Event) -> str:
    """ACLED's flag: "Civilian targeting" when civilians were the target, else ""."""
    targeted = event.event_type == "Violence against civilians" or (
        event.actor2 is not None and event.actor2.kind == "civilians"
    )
    return "Civilian targeting" if targeted else ""


def event_rows(chronicle: Chronicle, base_url: str = "") -> list[dict[str, Any]]:
    rows = []
    for e in chronicle.events:
        place = main_place(e)
        at = located(place)
        adm = admin1_of(place)
        rows.append(
            {
                "event_id": e.anchor,
                "incident_id": e.incident.id if e.incident else "",
                "date": e.when.value,
                "date_precision": e.when.precision,
                "place": place.name if place else "",
                "place_id": place.id if place else "",
                "admin1": adm.name if adm else "",
                "country": country_code(place),
                "latitude": at.lat if at else None,
                "longitude": at.lon if at else None,
                "geo_precision": GEO_PRECISION.get(at.kind, "point") if at else "",
                "event_type": e.event_type or "",
                "sub_event_type": e.sub_event_type or "",
                "actor1": e.actor1.name if e.actor1 else "",
                "actor2": e.actor2.name if e.actor2 else "",
                "fatalities": e.fatalities,
                "civilian_targeting": civilian_targeting(e),
                "civilian_fatalities": e.civilian_fatalities,
                "child_fatalities": e.child_fatalities,
                "injured": e.injured,
                "sentence": e.sentence,
                "entry_url": f"{base_url}{e.entry.url}",
                "source": source_of(e),
                "published": e.entry.published.isoformat() if e.entry.published else "",
            }
        )
    return rows


# A text cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): one that
# begins with = + - @, a tab or a carriage return. `=HYPERLINK("http://x", "click")` in a
# scraped sentence must stay text when a researcher opens events.csv.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as events.csv writes it: None as empty; text that would start a formula
    behind a single quote, as OWASP recommends (Excel, LibreOffice and Google Sheets then
    show it as text). Numbers (a negative longitude) are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def events_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # what csv.DictWriter writes, faster
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(row.get(k)) for k in COLUMNS] for row in rows)
    return out.getvalue().encode("utf-8")


def places_geojson(chronicle: Chronicle, base_url: str = "") -> dict[str, Any]:
    features = []
    for place in sorted(chronicle.places.values(), key=lambda p: p.id):
        geometry = (
            {"type": "Point", "coordinates": [place.lon, place.lat]}
            if place.lat is not None and place.lon is not None
            else None
        )
        features.append(
            {
                "type": "Feature",
                "id": place.id,
                "geometry": geometry,
                "properties": {
                    "id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "country": place.country,
                    "geonames": place.geonames,
                    "events_here": len(place.events),
                    "events": place.event_count,
                    "entries": len(place.entries),
                    "parents": [{"id": p.id, "name": p.name} for p in place.chain],
                    "url": f"{base_url}{place.url}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _tl_date(event: Event | Incident) -> dict[str, str]:
    s = event.when.start
    p = event.when.precision
    if p in ("year", "decade"):
        return {"year": str(s.year)}
    if p == "month":
        return {"year": str(s.year), "month": str(s.month)}
    return {"year": str(s.year), "month": str(s.month), "day": str(s.day)}


def timelinejs(
    chronicle: Chronicle, title: str, description: str, base_url: str = "", label=None
) -> dict[str, Any]:
    """TimelineJS 3 JSON: one slide per incident, grouped by country, linking its reports."""
    from html import escape

    from chronicle.site.chart import group_for

    country_of = group_for(None, list(chronicle.places.values()))
    events = []
    for e in chronicle.incidents:
        links = "".join(
            f'<li><a href="{escape(base_url)}{escape(s.entry.url)}">{escape(s.entry.title)}</a></li>'
            for s in e.sources
        )
        sentence = e.sources[0].sentence if e.sources else e.events[0].sentence
        item: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": _tl_date(e),
            "display_date": label(e.when) if label else e.when.label(),
            "group": country_of(e),
            "text": {
                "headline": escape(e.title),
                "text": f"<p>{escape(sentence)}</p><ul>{links}</ul>",
            },
        }
        if e.when.precision in ("week", "month", "year", "decade"):
            end = e.when.end
            item["end_date"] = {"year": str(end.year), "month": str(end.month), "day": str(end.day)}
        events.append(item)
    return {
        "title": {"text": {"headline": escape(title), "text": escape(description)}},
        "events": events,
    }


def incidents_export(chronicle: Chronicle) -> list[dict[str, Any]]:
    """`data/incidents.json`: one object per incident (the schema of issue 15): id, date
    and its precision, place ids, ACLED type, actors, casualty ranges, title, and its
    sources (entry, the article's file name, outlet, url, publication date, sentence, and
    whether it is the report's main event), in order of publication."""
    out = []
    for i in chronicle.incidents:
        out.append(
            {
                "id": i.id,
                "date": i.when.value,
                "date_precision": i.when.precision,
                "places": [p.id for p in i.places],
                "event_type": i.event_type,
                "sub_event_type": i.sub_event_type,
                "actor1": i.actor1.id if i.actor1 else None,
                "actor2": i.actor2.id if i.actor2 else None,
                **{
                    name: {"min": figure.min, "max": figure.max}
                    if (figure := getattr(i, name)) is not None
                    else None
                    for name in ("fatalities", "civilian_fatalities", "child_fatalities", "injured")
                },
                "title": i.title,
                "sources": [
                    {
                        "entry": s.entry.slug,
                        "file": str(s.entry.source.get("file") or ""),
                        "outlet": s.entry.source.get("outlet"),
                        "url": s.entry.source_url,
                        "published": s.entry.published.isoformat() if s.entry.published else None,
                        "sentence": s.sentence,
                        "main": s.main,
                    }
                    for s in i.sources
                ],
            }
        )
    return out


def timeline_anchors(chronicle: Chronicle) -> dict[str, str]:
    """`timeline/anchors.json`: where each event and incident of the timeline is now, as a
    link from the timeline's folder (links to the old single page keep working)."""
    out: dict[str, str] = {}
    for incident in chronicle.incidents:
        target = incident.url.removeprefix("timeline/")
        out[incident.id] = target
        for event in incident.events:
            out[event.anchor] = target
    return dict(sorted(out.items()))
