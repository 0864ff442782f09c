"""Atom feeds (new reports; one per place), sitemap.xml and robots.txt.

Timestamps come from the content (publication dates of the reports), so the same content
gives the same bytes. Where no date is known, the build time is SOURCE_DATE_EPOCH when set
(reproducible builds) and otherwise the Unix epoch: never the clock.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape, quoteattr

from chronicle.site.model import Entry, Event, Place

ENTRIES_FEED = "feed.xml"
PLACE_FEED_LIMIT = 50  # a place's feed: its 50 most recent reports, as feeds do


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


def _key(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _id(site_title: str, path: str) -> str:
    """A permanent id: the same whatever base_url the site is later published under."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'chronicle:{site_title}:{path}')}"


def _events_html(events: list[Event], label) -> str:
    items = "".join(f"<li>{escape(label(e.when))}: {escape(e.sentence)}</li>" for e in events)
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
    entries = sorted(entries, key=lambda e: (_key(entry_updated(e)), e.slug), reverse=True)
    updated = max((_key(entry_updated(e)) for e in entries), default=build_time())
    if limit is not None:
        entries = entries[:limit]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(title)}</title>",
    ]
    if subtitle:
        out.append(f"  <subtitle>{escape(subtitle)}</subtitle>")
    out += [
        f"  <id>{_id(site_title, feed_path)}</id>",
        f"  <updated>{_stamp(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(href(feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(href(page_path))}/>',
        f"  <author><name>{escape(site_title)}</name></author>",
        '  <generator uri="https://pypi.org/project/chronicle/">Chronicle</generator>',
    ]
    for entry in entries:
        stamp = _stamp(entry_updated(entry))
        summary = _events_html(events_of(entry), label)
        out += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <id>{_id(site_title, entry.url)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(href(entry.url))}/>',
            f"    <updated>{stamp}</updated>",
        ]
        if entry.published:
            out.append(f"    <published>{stamp}</published>")
        outlet = (entry.source or {}).get("outlet")
        if outlet:
            out.append(f"    <author><name>{escape(str(outlet))}</name></author>")
        if summary:
            out.append(f'    <summary type="html">{escape(summary)}</summary>')
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


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
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path in sorted(pages):
        loc = base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)
        mod = f"<lastmod>{lastmod[path].isoformat()}</lastmod>" if path in lastmod else ""
        out.append(f"  <url><loc>{escape(loc)}</loc>{mod}</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(base_url: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"\nSitemap: {base_url}sitemap.xml\n"
    return text
