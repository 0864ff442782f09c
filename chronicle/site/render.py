"""Chronicle model -> pages: (output path, HTML) pairs rendered with the theme's templates.

Every link in a page is relative to that page (`root` is the way back to the site's top),
so the site works at a domain root, under a sub-path, and opened from disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import groupby, islice
from typing import Any
from urllib.parse import urlsplit

import jinja2

from chronicle import __version__
from chronicle.config import Config
from chronicle.errors import ChronicleError
from chronicle.plugins import Plugins
from chronicle.site import mapdata, paging, places_index
from chronicle.site.chart import Chart, Dated, group_for, weekly_chart
from chronicle.site.dates import DateLabels
from chronicle.site.feeds import ENTRIES_FEED, place_feed_path
from chronicle.site.markdown import markdown_renderer  # noqa: F401  (imported from here)
from chronicle.site.model import MONTHS, Actor, Chronicle, Entry, Event, Incident, Place
from chronicle.site.search import SearchDoc
from chronicle.site.searchdocs import actor_doc, entry_doc, incident_docs, place_doc
from chronicle.site.theme import template_frame


@dataclass
class Page:
    path: str  # output path relative to the site root, e.g. "places/mosul.html"
    template: str
    make: Callable[[], dict[str, Any]]  # the page's own context, computed when rendered
    deps: tuple = ()  # what the page shows (see `Keys`): equal deps, equal page
    cost: float = 1.0  # relative rendering time, to share pages between processes
    entry: Any = None  # an entry's own page: the entry (see `quick.entry_page`)
    search: Callable[[], list[SearchDoc]] | None = None  # what the search index holds of it

    @property
    def context(self) -> dict[str, Any]:
        return self.make()


class Keys:
    """Short keys of what pages show, for the build cache: a page whose keys are unchanged
    since the last build is unchanged (with the default templates; a theme that overrides
    templates makes every page depend on everything, see `build.py`).

    - `structure`: every place and actor file (names, kinds, coordinates, hierarchy,
      descriptions);
    - `counts(p)`: the numbers shown for a place (events at it, inside it, reports);
    - `event(e)`: its anchor (derived from its entry's slug and words) and its entry's
      front matter, which holds its date, words, places and the entry's title;
    - `entry_list(entries)`: slugs and front matter of reports listed by a page.
    """

    def __init__(self, chronicle: Chronicle) -> None:
        from chronicle.site.cache import key_of

        self.key_of = key_of
        self._sigs: dict[str, tuple] = {}
        self._lists: dict[int, tuple[list[Event], str]] = {}
        places = sorted(chronicle.places.values(), key=lambda p: p.id)
        actors = sorted(chronicle.actors.values(), key=lambda a: a.id)
        self.structure = key_of(
            [(p.id, p.file_key) for p in places], [(a.id, a.file_key) for a in actors]
        )
        self.all_counts = key_of([(p.id, self.counts(p)) for p in places])
        self.all_events = self.events(chronicle.events)
        self.all_entries = self.entry_list(chronicle.entries)

    @staticmethod
    def counts(p: Place) -> tuple[int, int, int, int]:
        return (len(p.events), p.event_count, p.incident_count, len(p.entries))

    def incidents(self, incidents: list[Incident]) -> str:
        """What pages listing these incidents show of them."""
        return self.key_of("".join([i.key_token for i in incidents]))

    def events(self, events: list[Event]) -> str:
        # A place's events are asked for by its page and its feed: the same list.
        found = self._lists.get(id(events))
        if found is None or found[0] is not events:
            found = self._lists[id(events)] = (
                events,
                self.key_of("".join([e.key_token for e in events])),
            )
        return found[1]

    def entry_list(self, entries: list) -> str:
        return self.key_of("".join(f"{e.slug}\0{e.meta_key}|" for e in entries))

    def place_sig(self, p: Place) -> tuple:
        found = self._sigs.get(p.id)
        if found is None:
            found = self._sigs[p.id] = (
                p.id,
                p.file_key,
                tuple(c.file_key for c in p.chain),
                self.counts(p),
            )
        return found


def _root(path: str) -> str:
    return "../" * path.count("/")


def chart_span(chronicle: Chronicle, config: Config) -> tuple[Any, Any]:
    """The weeks every chart shows: the chronicle's period if set, else its events' span."""
    start = getattr(config, "period_start", None)
    end = getattr(config, "period_end", None)
    return start, end


def make_chart(
    items: Sequence[Dated],
    chronicle: Chronicle,
    config: Config,
    root: str,
    labels: DateLabels,
    place: Place | None = None,
    year: int | None = None,
) -> Chart:
    """Incidents per week over the chronicle's span (its period, else its events'), or over
    one year of it (a timeline page)."""
    start, end = chart_span(chronicle, config)
    if start is None or end is None:
        dated = [e.when.start for e in chronicle.events if e.when.precision in ("day", "week")]
        start = start or (min(dated) if dated else None)
        end = end or (max(dated) if dated else None)
    if year is not None:
        start = max(start, date(year, 1, 1)) if start else date(year, 1, 1)
        end = min(end, date(year, 12, 31)) if end else date(year, 12, 31)
    return weekly_chart(
        list(items),
        group_for(place, list(chronicle.places.values())),
        lambda e: f"{root}{e.url}",
        labels.day,
        labels.short_month,
        start,
        end,
    )


def filter_places(
    chronicle: Chronicle, top: list[Place] | None = None, only: set[str] | None = None
) -> list[tuple[str, str, int]]:
    """(id, name, depth) of every place with events (or, with `only`, of those places),
    country -> province -> city order, from `top` (the chronicle's roots) down."""
    out: list[tuple[str, str, int]] = []

    def walk(places: list[Place], depth: int) -> None:
        for p in places:
            if p.event_count if only is None else p.id in only:
                out.append((p.id, p.name, depth))
                walk(p.children, depth + 1)

    walk(chronicle.roots if top is None else top, 0)
    return out


def event_place_ids(event: Event | Incident) -> str:
    """The ids of the event's places and of every place containing them (for filters)."""
    ids: list[str] = []
    for place in event.places:
        for node in [place, *place.chain]:
            if node.id not in ids:
                ids.append(node.id)
    return " ".join(sorted(ids))


def dated_span(chronicle: Chronicle) -> tuple[Any, Any]:
    dated = [e.when.start for e in chronicle.events if e.when.precision in ("day", "week")]
    return (min(dated), max(dated)) if dated else (None, None)


def _entry_context(entry: Entry) -> dict[str, Any]:
    return {"entry": entry, "markers": mapdata.entry_attr(entry, "../")}


def _place_context(
    place: Place,
    chronicle: Chronicle,
    config: Config,
    labels: DateLabels,
    paged: paging.OwnerPages,
) -> dict[str, Any]:
    return {
        "place": place,
        "incidents": place.incidents,
        "paged": paged,
        "chart": make_chart(place.incidents, chronicle, config, "../", labels, place),
        "markers": mapdata.to_attr(mapdata.around_place(place, "../")),
        "feed": place_feed_path(place),
        **mapdata.place_map(place, chronicle, getattr(config, "region", []), "../"),
    }


def _actor_context(
    actor: Actor,
    chronicle: Chronicle,
    config: Config,
    labels: DateLabels,
    paged: paging.OwnerPages,
) -> dict[str, Any]:
    return {
        "actor": actor,
        "incidents": actor.incidents,
        "paged": paged,
        "chart": make_chart(actor.incidents, chronicle, config, "../", labels),
    }


class Filters:
    """What the timeline's filters offer: every place with incidents (country -> province ->
    city), what happened, who; the same on every page of the timeline.

    `scope` (a place's or an actor's pages): only what its incidents hold, and for a place
    only the place and the places inside it."""

    def __init__(self, chronicle: Chronicle, scope: paging.OwnerPages | None = None) -> None:
        if scope is None:
            self.places = filter_places(chronicle)
            self.types = sorted({i.event_type for i in chronicle.incidents if i.event_type})
            self.actors = sorted(
                (a for a in chronicle.actors.values() if a.incidents), key=lambda a: a.name
            )
        else:
            incidents = scope.owner.incidents
            ids = paging.place_ids(incidents)
            top = [scope.owner] if isinstance(scope.owner, Place) else chronicle.roots
            self.places = filter_places(chronicle, top, ids)
            self.types = sorted({i.event_type for i in incidents if i.event_type})
            self.actors = sorted(
                {a.id: a for i in incidents for a in (i.actor1, i.actor2) if a}.values(),
                key=lambda a: a.name,
            )
        self.key = (tuple(self.places), tuple(self.types), tuple(a.id for a in self.actors))


def _timeline_context(
    part: Any, chronicle: Chronicle, config: Config, labels: DateLabels, filters: Filters
) -> dict[str, Any]:
    chart = make_chart(part.incidents, chronicle, config, "../", labels, year=part.year)
    return {
        "part": part,
        "groups": incident_groups(part.incidents),
        "chart": chart,
        "filters": filters,
    }


def _owner_page_context(
    part: Any,
    paged: paging.OwnerPages,
    chronicle: Chronicle,
    config: Config,
    labels: DateLabels,
    filters: Filters,
) -> dict[str, Any]:
    place = paged.owner if isinstance(paged.owner, Place) else None
    root = _root(part.path)
    chart = make_chart(part.incidents, chronicle, config, root, labels, place, year=part.year)
    return {
        "part": part,
        "paged": paged,
        "owner": paged.owner,
        "groups": incident_groups(part.incidents),
        "chart": chart,
        "filters": filters,
    }


def owner_pages(
    paged: paging.OwnerPages,
    chronicle: Chronicle,
    config: Config,
    labels: DateLabels,
    keys: Keys,
    deps: tuple,
) -> Iterator[Page]:
    """The year (and month) pages of a place's or an actor's incidents; `deps`: what
    their headings show of the owner (see `Keys`)."""
    if not paged.pages:
        return
    filters = Filters(chronicle, paged)  # (the same on each of its pages)
    for part in paged.pages:
        yield Page(
            part.path,
            "owner_page.html",
            partial(_owner_page_context, part, paged, chronicle, config, labels, filters),
            (
                f"{paged.kind}-page",
                *deps,
                part.path,
                keys.incidents(part.incidents),
                part.previous.path if part.previous else None,
                part.next.path if part.next else None,
                tuple(m.path for m in part.months),
                filters.key,
                keys.entry_list(paged.reports.get(part.year, []) if part.month is None else []),
            ),
            1 + len(part.incidents) / 6,
        )


def _incident_context(incident: Incident) -> dict[str, Any]:
    return {"incident": incident}


def incident_groups(incidents: list[Incident]) -> list[tuple[str, list[Incident]]]:
    """A page's incidents by month ("" for those dated only to the year or decade)."""
    groups = []
    for month, in_month in groupby(
        incidents,
        key=lambda i: i.when.start.month if i.when.precision not in ("year", "decade") else 0,
    ):
        groups.append((MONTHS[month - 1] if month else "", list(in_month)))
    return groups


def _one(make: Callable[[Any], SearchDoc], thing: Any) -> list[SearchDoc]:
    return [make(thing)]


# Reports listed on one page before the list is split by year of publication (at 10,000
# reports one list was 2.3 MB)
REPORTS_PER_PAGE = 500
LATEST_REPORTS = 50  # listed on the index of a split list


def _report_pages(chronicle: Chronicle, keys: Keys) -> Iterator[Page]:
    """The reports index: one page, or an index of years with the latest reports and one
    page per year of publication (and one for reports with no date)."""
    entries = chronicle.entries  # newest first
    if len(entries) <= REPORTS_PER_PAGE:
        yield Page(
            "entries/index.html",
            "entries.html",
            lambda: {"entries": entries, "years": [], "year": None, "latest": False},
            ("entries", keys.all_entries),
            1 + len(entries) / 200,
        )
        return
    by_year: dict[str, list[Entry]] = {}
    for entry in entries:
        label = str(entry.published.year) if entry.published else "undated"
        by_year.setdefault(label, []).append(entry)
    years = [(label, len(listed), f"entries/{label}.html") for label, listed in by_year.items()]
    latest = entries[:LATEST_REPORTS]
    yield Page(
        "entries/index.html",
        "entries.html",
        lambda: {"entries": latest, "years": years, "year": None, "latest": True},
        ("entries", keys.entry_list(latest), tuple(years)),
        1 + len(latest) / 200,
    )
    for label, listed in by_year.items():
        yield Page(
            f"entries/{label}.html",
            "entries.html",
            partial(dict, entries=listed, years=years, year=label, latest=False),
            ("entries-year", label, keys.entry_list(listed), tuple(years)),
            1 + len(listed) / 200,
        )


def pages(
    chronicle: Chronicle, config: Config | None = None, keys: Keys | None = None
) -> Iterator[Page]:
    """Every page of the site, in a stable order, each with the keys of what it shows."""
    config = config or Config()
    keys = keys or Keys(chronicle)
    labels = DateLabels(getattr(config, "language", "en"))
    places = sorted(chronicle.places.values(), key=lambda p: p.id)
    mentioned = sorted(
        (p for p in places if p.event_count or p.entries),
        key=lambda p: (-p.event_count, -len(p.entries), p.name),
    )
    S, K, incidents = keys.structure, keys.all_counts, chronicle.incidents
    ends = (keys.incidents(incidents[:1]), keys.incidents(incidents[-1:]))
    latest = list(reversed(incidents[-12:]))
    yield Page(
        "index.html",
        "index.html",
        lambda: {
            "latest": latest,
            "top_places": mentioned[:12],
            "recent_entries": chronicle.entries[:8],
        },
        (
            "index",
            S,
            K,
            keys.incidents(latest),
            keys.entry_list(chronicle.entries[:8]),
            len(incidents),
            len(chronicle.events),
            len(chronicle.entries),
            len(places),
            ends,
        ),
    )
    filters = Filters(chronicle)
    yield Page(
        "timeline/index.html",
        "timeline.html",
        lambda: {
            "pages": chronicle.timeline,
            "chart": make_chart(incidents, chronicle, config, "../", labels),
        },
        (
            "timeline",
            S,
            K,
            keys.incidents(incidents),
            tuple((t.path, len(t.incidents)) for t in chronicle.timeline),
        ),
        1 + len(incidents) / 200,
    )
    for part in chronicle.timeline:
        yield Page(
            part.path,
            "timeline_page.html",
            partial(_timeline_context, part, chronicle, config, labels, filters),
            (
                "timeline-page",
                S,
                K,
                part.path,
                keys.incidents(part.incidents),
                part.previous.path if part.previous else None,
                part.next.path if part.next else None,
                tuple(m.path for m in part.months),
                filters.key,
            ),
            1 + len(part.incidents) / 6,
            search=partial(incident_docs, part.incidents),
        )
    for incident in incidents:
        if incident.own_page:
            yield Page(
                incident.own_page,
                "incident.html",
                partial(_incident_context, incident),
                ("incident", S, incident.key_token),
            )
    yield Page(
        "map/index.html",
        "map.html",
        lambda: {
            "markers": mapdata.to_attr(mapdata.overview(chronicle, "../")),
            "located": [p for p in mentioned if mapdata.has_coords(p)],
            "unlocated": [p for p in mentioned if not mapdata.has_coords(p)],
            **mapdata.map_page(chronicle, getattr(config, "region", []), "../"),
        },
        ("map", S, K),
    )
    yield Page("search/index.html", "search.html", dict, ("search",))
    yield from _report_pages(chronicle, keys)
    span = dated_span(chronicle)
    for entry in sorted(chronicle.entries, key=lambda e: e.slug):
        shown = mapdata.entry_places(entry)
        yield Page(
            entry.url,
            "entry.html",
            partial(_entry_context, entry),
            (
                "entry",
                entry.file_key,
                tuple(e.anchor for e in entry.events),
                tuple(keys.place_sig(p) for p in shown),
            ),
            entry=entry,
            search=partial(_one, entry_doc, entry),
        )
    yield Page(
        "places/index.html",
        "places.html",
        lambda: {"groups": places_index.groups(chronicle)},
        ("places", S, K),
    )
    region = tuple(mapdata.region(chronicle, getattr(config, "region", [])))  # (small maps)
    for place in places:
        around = [place, *place.descendants(), *place.chain]
        paged = paging.owner_pages(place)
        yield Page(
            place.url,
            "place.html",
            partial(_place_context, place, chronicle, config, labels, paged),
            (
                "place",
                S,
                place.id,
                tuple(keys.counts(p) for p in around),
                keys.incidents(place.incidents),
                span,
                keys.entry_list(place.entries),
                region,
            ),
            1 + (len(paged.years) * 3 if paged.pages else place.event_count / 20),
            search=partial(_one, place_doc, place),
        )
        yield from owner_pages(paged, chronicle, config, labels, keys, (S, place.id))
    actors = sorted(chronicle.actors.values(), key=lambda a: a.id)
    listed = [a for a in actors if a.events]
    yield Page(
        "actors/index.html",
        "actors.html",
        lambda: {"actors": sorted(listed, key=lambda a: (-len(a.incidents), a.name))},
        ("actors", S, tuple((a.id, len(a.incidents)) for a in listed)),
    )
    for actor in actors:
        paged = paging.owner_pages(actor)
        yield Page(
            actor.url,
            "actor.html",
            partial(_actor_context, actor, chronicle, config, labels, paged),
            (
                "actor",
                S,
                actor.id,
                keys.incidents(actor.incidents),
                tuple(keys.counts(p) for p in actor.places),
                span,
            ),
            1 + (len(paged.years) * 3 if paged.pages else len(actor.incidents) / 20),
            search=partial(_one, actor_doc, actor),
        )
        yield from owner_pages(paged, chronicle, config, labels, keys, (S, actor.id))
    yield Page("404.html", "404.html", dict, ("404",))


def csp(config: Config, search: bool = False) -> str:
    """The page's Content-Security-Policy: only this site's own scripts, never inline ones.

    The map's tile server, when the author turns one on, is allowed as an image source.
    """
    img = ["'self'", "data:"]
    tiles = getattr(config, "tiles", "") or ""
    parts = urlsplit(tiles)
    if parts.scheme in ("https", "http") and parts.netloc:
        host = parts.netloc.replace("{s}", "*")
        img.append(f"{parts.scheme}://{host}")
    script = "'self'"
    return (
        f"default-src 'self'; script-src {script}; style-src 'self'; "
        f"img-src {' '.join(img)}; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-src 'none'"
    )


class SiteRenderer:
    """Renders pages with the theme; each event's list item is rendered once per variant
    (relative depth, anchor or not) and reused on every page that shows it."""

    def __init__(
        self,
        env: jinja2.Environment,
        chronicle: Chronicle,
        config: Config,
        events: dict[tuple, Any] | None = None,
        keep_anchored: bool = False,
        draft: bool = False,
        plugins: Plugins | None = None,
    ) -> None:
        """`events`: rendered events kept from an earlier model of the same places, theme
        and configuration (serve); `keep_anchored`: keep the timeline's as well."""
        labels = DateLabels(config.language)
        self.env, self.chronicle, self.config = env, chronicle, config
        self.site: dict[str, Any] = {
            "title": config.title,
            "description": config.description,
            "base_url": config.base_url.rstrip("/") + "/" if config.base_url else "",
            "language": config.language,
            "generator": f"Chronicle {__version__}",
            "draft": draft,
            "feed": ENTRIES_FEED,
            "tiles": getattr(config, "tiles", "") or "",
            "tiles_attribution": getattr(config, "tiles_attribution", "") or "",
        }
        self._events: dict[tuple, Any] = {} if events is None else events
        self.plugins = plugins or Plugins()
        self._keep_anchored = keep_anchored
        self._macro: Callable[..., Any] | None = None
        self._incident_macro: Callable[..., Any] | None = None
        env.globals.update(
            date_label=labels.when,
            day_label=labels.day,
            month_name=labels.month_name,
            during_year=labels.during_year,
            event_place_ids=event_place_ids,
            event_html=self.event_html,
            incident_html=self.incident_html,
        )
        self.common = {"site": self.site, "chronicle": chronicle}

    def event_html(self, e: Event, root: str, show_entry: bool = True, anchor: bool = False) -> Any:
        """The theme's `event_item` macro for `e`, rendered once per variant."""
        # What the item shows: the event's words, date and places (its anchor, its entry's
        # slug and front matter) and its places' names (the same for every event of a
        # renderer's lifetime, see `build.site_plan`).
        key = (e.anchor, e.entry.slug, e.entry.meta_key, root, show_entry, anchor)
        found = self._events.get(key)
        if found is None:
            if self._macro is None:
                self._macro = getattr(self.env.get_template("_macros.html").module, "event_item")  # noqa: B009
            found = self._macro(e, root, show_entry=show_entry, anchor=anchor)
            if not anchor or self._keep_anchored:
                # An anchored item is the timeline's own (an anchor is on one page only):
                # keeping 26,000 of them would only hold memory.
                self._events[key] = found
        return found

    def incident_html(
        self,
        i: Incident,
        root: str,
        anchor: bool = False,
        week: int | None = None,
        filters: bool = False,
    ) -> Any:
        """The theme's `incident_item` macro for `i`, rendered once per variant (`filters`:
        with what the filters of a page of a place or an actor ask of it)."""
        key = ("incident", i.key_token, root, anchor, week, filters)
        found = self._events.get(key)
        if found is None:
            if self._incident_macro is None:
                module = self.env.get_template("_macros.html").module
                self._incident_macro = getattr(module, "incident_item")  # noqa: B009
            if filters:
                found = self._incident_macro(i, root, anchor=anchor, week=week, filters=True)
            else:  # (a theme's own macro may not know `filters`)
                found = self._incident_macro(i, root, anchor=anchor, week=week)
            if not anchor or self._keep_anchored:
                self._events[key] = found
        return found

    def release_events(self) -> None:
        """Forget the rendered events (the pages that share them are done)."""
        self._events.clear()

    TEMPLATES = (
        "_macros.html",
        "base.html",
        "index.html",
        "timeline.html",
        "map.html",
        "search.html",
        "entries.html",
        "entry.html",
        "places.html",
        "place.html",
        "actors.html",
        "actor.html",
        "timeline_page.html",
        "owner_page.html",
        "404.html",
    )

    def prepare(self, names: Iterable[str] = TEMPLATES) -> None:
        """Compile the templates (before worker processes are forked, so they share them)."""
        for name in names:
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass  # reported, with its page, when rendered

    def render_bytes(self, page: Page) -> bytes:
        """`render(page)` in UTF-8, encoded a piece at a time: a page of 17 MB (the
        timeline at 10,000 entries) is never held as one string (which one non-ASCII
        character makes 2 bytes a character) beside its bytes."""
        return self._render(page, lambda template, context: _encoded(template.generate(context)))

    def render(self, page: Page) -> str:
        """The page's HTML; template errors name the template file and line."""
        return self._render(page, lambda template, context: template.render(context))

    def _render(self, page: Page, run: Callable[[jinja2.Template, dict], Any]) -> Any:
        root = _root(page.path)
        if page.path == "404.html":
            # A 404 page is served at any depth: only an absolute root works there.
            root = self.site["base_url"] or "/"
        try:
            context = {
                **self.common,
                **page.make(),
                "root": root,
                "page_path": page.path,
                "csp": csp(self.config, search=page.path == "search/index.html"),
            }
            if self.plugins:
                self.plugins.page_context(page.template, context)
            return run(self.env.get_template(page.template), context)
        except jinja2.TemplateSyntaxError as exc:
            raise ChronicleError(
                f"template error: {exc.message}", exc.filename or exc.name, exc.lineno
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise ChronicleError(
                f"template {exc.name!r} not found in the theme (needed for {page.path})"
            ) from None
        except jinja2.UndefinedError as exc:
            raise ChronicleError(
                f"template error while rendering {page.path}: {exc.message}",
                *template_frame(exc),
            ) from None


def _encoded(pieces: Iterable[str], batch: int = 2048) -> bytes:
    """The pieces joined and encoded in UTF-8, `batch` pieces at a time (taken and joined
    in C: a page or a JSON file comes in millions of small pieces)."""
    it = iter(pieces)
    out: list[bytes] = []
    while True:
        some = list(islice(it, batch))
        if not some:
            return b"".join(out)
        out.append("".join(some).encode("utf-8"))
