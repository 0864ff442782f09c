"""Chronicle model -> pages: (output path, HTML) pairs rendered with the theme's templates.

Every link in a page is relative to that page (`root` is the way back to the site's top),
so the site works at a domain root, under a sub-path, and opened from disk.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from chronicle import __version__
from chronicle.config import Config
from chronicle.errors import ChronicleError
from chronicle.site.model import MONTHS, Chronicle, Event

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def markdown_renderer() -> MarkdownIt:
    """Markdown for untrusted text: no raw HTML, only http(s), mailto and relative links."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

    def validate_link(url: str) -> bool:
        cleaned = re.sub(r"[\x00-\x20]", "", url)
        return bool(_SAFE_SCHEME.match(cleaned))

    md.validateLink = validate_link
    return md


@dataclass
class Page:
    path: str            # output path relative to the site root, e.g. "places/mosul.html"
    template: str
    context: dict[str, Any]


def _root(path: str) -> str:
    return "../" * path.count("/")


def timeline_groups(events: list[Event]) -> list[tuple[int, list[tuple[str, list[Event]]]]]:
    """Events by year, then by month ("" for events dated only to the year or decade)."""
    groups = []
    for year, in_year in groupby(events, key=lambda e: e.when.start.year):
        months = []
        for month, in_month in groupby(in_year, key=lambda e: (
                e.when.start.month if e.when.precision not in ("year", "decade") else 0)):
            months.append((MONTHS[month - 1] if month else "", list(in_month)))
        groups.append((year, months))
    return groups


def pages(chronicle: Chronicle) -> Iterator[Page]:
    """Every page of the site, in a stable order."""
    places = sorted(chronicle.places.values(), key=lambda p: p.id)
    mentioned = sorted((p for p in places if p.event_count or p.entries),
                       key=lambda p: (-p.event_count, -len(p.entries), p.name))
    yield Page("index.html", "index.html", {
        "latest": list(reversed(chronicle.events[-12:])),
        "top_places": mentioned[:12],
        "recent_entries": chronicle.entries[:8],
    })
    yield Page("timeline/index.html", "timeline.html",
               {"groups": timeline_groups(chronicle.events)})
    yield Page("entries/index.html", "entries.html", {})
    for entry in sorted(chronicle.entries, key=lambda e: e.slug):
        yield Page(entry.url, "entry.html", {"entry": entry})
    yield Page("places/index.html", "places.html", {"roots": chronicle.roots})
    for place in places:
        yield Page(place.url, "place.html", {"place": place, "events": place.all_events()})
    yield Page("404.html", "404.html", {})


def render_pages(env: jinja2.Environment, chronicle: Chronicle, config: Config,
                 ) -> Iterator[tuple[str, str]]:
    """(path, HTML) for every page; template errors name the template file and line."""
    site = {"title": config.title, "description": config.description,
            "base_url": config.base_url.rstrip("/") + "/" if config.base_url else "",
            "language": config.language, "generator": f"Chronicle {__version__}"}
    common = {"site": site, "chronicle": chronicle}
    for page in pages(chronicle):
        root = _root(page.path)
        if page.path == "404.html":
            # A 404 page is served at any depth: only an absolute root works there.
            root = site["base_url"] or "/"
        context = {**common, **page.context, "root": root, "page_path": page.path}
        try:
            template = env.get_template(page.template)
            yield page.path, template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise ChronicleError(f"template error: {exc.message}", exc.filename or exc.name,
                                 exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise ChronicleError(f"template {exc.name!r} not found in the theme "
                                 f"(needed for {page.path})") from None
        except jinja2.UndefinedError as exc:
            raise ChronicleError(f"template error while rendering {page.path}: {exc.message}",
                                 _template_frame(exc)[0], _template_frame(exc)[1]) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line a rendering error came from, from its traceback."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found

