"""Atom feeds (new reports; one per place), sitemap.xml and robots.txt.

Timestamps come from the content (publication dates of the reports), so the same content
gives the same bytes. Where no date is known, the build time is SOURCE_DATE_EPOCH when set
(reproducible builds) and otherwise the Unix epoch: never the clock.

The XML is made with `xml.etree.ElementTree`, which escapes every text and attribute; what
XML 1.0 cannot hold at all (control characters such as ESC from a scraped article, lone
surrogates, U+FFFE/U+FFFF) is dropped first (`xml_text`), so every feed is well-formed
whatever the articles held.
"""

from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from html import escape

from chronicle.site.model import Entry, Event, Place

ENTRIES_FEED = "feed.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls but tab,
# line feed and carriage return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """`value` as text XML 1.0 can hold: the characters it forbids dropped."""
    return _NOT_XML.sub("", str(value))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _document(root: ET.Element) -> str:
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


PLACE_FEED_LIMIT = 50  # a place's feed: its 50 most recent reports, as feeds do
FEED_LIMIT = 50  # the site's feed: its 50 most recent reports (all of them: 8 MB at 10k)


def place_feed_path(place: Place) -> str:
    return f"places/{place.id}.xml"


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else 1970-01-01T00:00:00Z."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(raw), UTC) if raw else datetime.fromtimestamp(0, UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.fromtimestamp(0, UTC)


def _stamp(day: date | datetime) -> str:
    if isinstance(day, datetime):
        return day.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day.isoformat()}T00:00:00Z"


def entry_updated(entry: Entry) -> date | datetime:
    if entry.published:
        return entry.published
    days = [e.when.end for e in entry.events]
    return max(days) if days else build_time()


def newest(entries: list[Entry], limit: int | None = None) -> list[Entry]:
    """The entries a feed lists, in its order: the most recently updated first."""
    found = sorted(entries, key=lambda e: (_key(entry_updated(e)), e.slug), reverse=True)
    return found if limit is None else found[:limit]


def _key(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _id(site_title: str, path: str) -> str:
    """A permanent id: the same whatever base_url the site is later published under."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'chronicle:{site_title}:{path}')}"


def _events_html(events: list[Event], label) -> str:
    """The summary's HTML (itself escaped once more as the element's text)."""
    items = "".join(
        f"<li>{escape(label(e.when), quote=False)}: {escape(e.sentence, quote=False)}</li>"
        for e in events
    )
    return f"<ul>{items}</ul>" if items else ""


def atom(
    *,
    title: str,
    subtitle: str,
    site_title: str,
    feed_path: str,
    page_path: str,
    base_url: str,
    entries: list[Entry],
    events_of,
    label,
    language: str,
    limit: int | None = None,
) -> str:
    """An Atom 1.0 feed of `entries` (newest first, the first `limit` of them); links
    relative to the feed if no base."""
    up = "../" * feed_path.count("/")
    href = (lambda path: f"{base_url}{path}") if base_url else (lambda path: f"{up}{path}")
    entries = newest(entries, limit)
    updated = _key(entry_updated(entries[0])) if entries else build_time()
    feed = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: xml_text(language)})
    _add(feed, "title", title)
    if subtitle:
        _add(feed, "subtitle", subtitle)
    _add(feed, "id", _id(site_title, feed_path))
    _add(feed, "updated", _stamp(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=href(feed_path))
    _add(feed, "link", rel="alternate", type="text/html", href=href(page_path))
    _add(_add(feed, "author"), "name", site_title)
    _add(feed, "generator", "Chronicle", uri="https://pypi.org/project/chronicle/")
    for entry in entries:
        stamp = _stamp(entry_updated(entry))
        summary = _events_html(events_of(entry), label)
        item = _add(feed, "entry")
        _add(item, "title", entry.title)
        _add(item, "id", _id(site_title, entry.url))
        _add(item, "link", rel="alternate", type="text/html", href=href(entry.url))
        _add(item, "updated", stamp)
        if entry.published:
            _add(item, "published", stamp)
        outlet = (entry.source or {}).get("outlet")
        if outlet:
            _add(_add(item, "author"), "name", str(outlet))
        if summary:
            _add(item, "summary", summary, type="html")
    return _document(feed)


def entries_feed(
    chronicle, *, site_title: str, description: str, base_url: str, label, language: str
) -> str:
    return atom(
        title=site_title,
        subtitle=description,
        site_title=site_title,
        feed_path=ENTRIES_FEED,
        page_path="entries/index.html",
        base_url=base_url,
        entries=chronicle.entries,
        events_of=lambda e: e.events,
        label=label,
        language=language,
        limit=FEED_LIMIT,
    )


def place_feed(place: Place, *, site_title: str, base_url: str, label, language: str) -> str:
    """The most recent reports that name the place or report an event at it or inside
    it (`PLACE_FEED_LIMIT`)."""
    events = place.all_events()
    entries = {id(e): e for e in place.entries}
    for event in events:
        entries.setdefault(id(event.entry), event.entry)
    inside = {id(e) for e in events}
    return atom(
        title=f"{place.name} · {site_title}",
        subtitle=f"Reports on {place.name}",
        site_title=site_title,
        feed_path=place_feed_path(place),
        page_path=place.url,
        base_url=base_url,
        entries=list(entries.values()),
        events_of=lambda entry: [e for e in entry.events if id(e) in inside],
        label=label,
        language=language,
        limit=PLACE_FEED_LIMIT,
    )


def sitemap(pages: list[str], base_url: str, lastmod: dict[str, date]) -> str:
    """sitemap.xml: needs absolute addresses, so only written when base_url is set."""
    urlset = ET.Element("urlset", {"xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    for path in sorted(pages):
        loc = base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)
        url = _add(urlset, "url")
        _add(url, "loc", loc)
        if path in lastmod:
            _add(url, "lastmod", lastmod[path].isoformat())
    return _document(urlset)


def robots(base_url: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"\nSitemap: {base_url}sitemap.xml\n"
    return text
