"""The plan of a site: every output file as an `Output` task, with the key of what it
shows, and how to produce it.

A page's key (see `render.Keys`) hashes exactly what the page shows, plus `static_key`:
Chronicle's code, the theme's files, the configuration and the build's options. Equal
keys, equal bytes: the engine (`build.py`, `serve.py`) renders only the tasks whose key
changed since the site on disk was built (`state.SiteState.outputs`).

Entry pages are rendered with their body's place recorded (`entry_page`), so that a later
edit of a body alone can be spliced into the page without the model (`quick.py`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronicle.errors import ChronicleError
from chronicle.site import feeds, mapdata
from chronicle.site.cache import code_key, digest, key_of
from chronicle.site.dates import DateLabels
from chronicle.site.exports import (
    dumps_json,
    event_rows,
    events_csv,
    incidents_export,
    places_geojson,
    timeline_anchors,
    timelinejs,
)
from chronicle.site.model import Chronicle, Place
from chronicle.site.options import BuildOptions
from chronicle.site.render import Keys, Page, SiteRenderer, pages
from chronicle.site.search import SearchDoc
from chronicle.site.state import BodyRecord
from chronicle.site.theme import static_files, theme_is_default

if TYPE_CHECKING:
    import jinja2

# A produced file: (path, bytes) or, for an entry page, (path, bytes, where its body is).
Made = tuple[str, bytes] | tuple[str, bytes, BodyRecord | None]

# Stands for the body while an entry page is rendered; autoescape leaves it as it is, and
# no entry's text can hold it (page text is escaped, bodies come from Markdown).
BODY_MARK = "\x02chronicle:entry-body\x03"


@dataclass
class Output:
    """One task: files of the site, the key of what they show, how to produce them."""

    paths: tuple[str, ...]
    key: str
    produce: Callable[[], dict[str, bytes] | Iterable[Made]]
    cost: float = 1.0  # ~0.25 ms units, to share the work between processes
    group: int = 0  # tasks of one group share work (rendered events)
    deps: tuple = ()  # what the key was made of (besides the static key)
    search: Callable[[], list[SearchDoc]] | None = None  # the page's search documents


def files_of(task: Output) -> Iterator[tuple[str, bytes, BodyRecord | None]]:
    """(path, bytes, body record) of what the task produces, made one at a time."""
    made = task.produce()
    if isinstance(made, dict):
        for path, data in made.items():
            yield path, data, None
        return
    for item in made:
        yield item[0], item[1], item[2] if len(item) > 2 else None


def static_key(options: BuildOptions, dirs: list[Path]) -> str:
    """Everything but the content a page depends on: code, theme, configuration, options."""
    theme = []
    for d in dirs:
        for path in sorted(p for p in d.rglob("*") if p.is_file()):
            theme.append((path.relative_to(d).as_posix(), digest(path.read_bytes())))
    config = dict(vars(options.config))
    return key_of(
        code_key(),
        [str(d.resolve()) for d in dirs],
        theme,
        repr(config),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        options.search,
        options.keep_going,
        options.draft,
        options.theme,
        options.plugins.key,
    )


def entry_page(renderer: SiteRenderer, page: Page) -> tuple[str, bytes, BodyRecord | None]:
    """The entry page as `renderer.render(page)` gives it, and where its body is."""
    entry = page.entry
    kept, body = entry.body, entry.body_html  # (kept: the body where it is stored)
    entry.body = BODY_MARK
    try:
        html = renderer.render(page)
    finally:
        entry.body = kept
    head, mark, tail = html.partition(BODY_MARK)
    if not mark or BODY_MARK in tail:  # not where a body goes: render it plainly
        return page.path, renderer.render(page).encode("utf-8"), None
    head_bytes, body_bytes = head.encode("utf-8"), body.encode("utf-8")
    record = (entry.meta_key, len(head_bytes), len(body_bytes), digest(body_bytes))
    return page.path, head_bytes + body_bytes + tail.encode("utf-8"), record


def _entry_output(renderer: SiteRenderer, page: Page) -> list[Made]:
    return [entry_page(renderer, page)]


def _page_output(renderer: SiteRenderer, page: Page) -> dict[str, bytes]:
    return {page.path: renderer.render_bytes(page)}


def _static_output(relative: str, source: Path) -> dict[str, bytes]:
    return {f"static/{relative}": source.read_bytes()}


def _place_feed_output(place: Place, path: str, common: dict[str, Any]) -> dict[str, bytes]:
    return {path: feeds.place_feed(place, **common).encode("utf-8")}


def site_plan(
    chronicle: Chronicle,
    options: BuildOptions,
    env: jinja2.Environment,
    dirs: list[Path],
    static_key: str,
    events: dict | None = None,
) -> tuple[list[Output], SiteRenderer]:
    """Every output file of the site as `Output` tasks with their keys, and the renderer.

    `events` (serve): a dict kept across rebuilds where rendered events are kept for as
    long as the places, theme and configuration are the same."""
    config = options.config
    keys = Keys(chronicle)
    # With templates of its own, a theme may show anything anywhere: every page then
    # depends on all content (pages whose bytes do not change are still not rewritten).
    everything = (
        ""
        if theme_is_default(dirs)
        else key_of(keys.structure, [e.file_key for e in chronicle.entries])
    )
    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    labels = DateLabels(config.language)
    if events is None:
        renderer = SiteRenderer(
            env, chronicle, config, draft=options.draft, plugins=options.plugins
        )
    else:
        scope = (static_key, everything, keys.structure)
        if (
            events.get("scope") != scope
            or len(events.get("items", ())) > 4 * len(chronicle.events) + 1000
        ):
            events.clear()
            events.update(scope=scope, items={})
        renderer = SiteRenderer(
            env,
            chronicle,
            config,
            events["items"],
            keep_anchored=True,
            draft=options.draft,
            plugins=options.plugins,
        )
    plan: list[Output] = []

    def add(
        paths: tuple[str, ...],
        deps: tuple,
        produce: Callable[[], Any],
        cost: float = 1.0,
        group: int = 0,
        search: Callable[[], list[SearchDoc]] | None = None,
    ) -> None:
        key = key_of(static_key, everything, deps)
        plan.append(Output(paths, key, produce, cost, group, deps, search))

    html_pages = []
    precise = not everything
    for page in pages(chronicle, config, keys):
        html_pages.append(page.path)
        group = (
            1 if page.template == "place.html" else (2 if page.path.startswith("timeline/") else 0)
        )
        if precise and page.entry is not None:
            # Rendered so that a later edit of the body alone can be spliced in (quick.py).
            add(
                (page.path,),
                page.deps,
                partial(_entry_output, renderer, page),
                page.cost,
                group,
                page.search,
            )
            continue
        add(
            (page.path,),
            page.deps,
            partial(_page_output, renderer, page),
            page.cost,
            group,
            page.search,
        )
    for extra in options.plugins.extra_pages(chronicle):
        if extra.path in html_pages:
            raise ChronicleError(f"a plugin's page {extra.path} is a page of the site already")
        html_pages.append(extra.path)
        page = Page(
            extra.path,
            extra.template,
            partial(dict, extra.context),
            # what it may show: anything of the chronicle (plugin pages are few)
            ("plugin-page", extra.path, keys.structure, keys.all_entries, keys.all_events),
        )
        add((page.path,), page.deps, partial(_page_output, renderer, page))
    for relative, source in static_files(dirs).items():
        add(
            (f"static/{relative}",),
            ("static", relative, digest(source.read_bytes())),
            partial(_static_output, relative, source),
            0.2,
        )

    exports = (
        "data/events.csv",
        "data/events.json",
        "data/timeline.json",
        "data/incidents.json",
        "timeline/anchors.json",
    )

    def produce_exports() -> Iterator[tuple[str, bytes]]:
        # One file at a time, each written before the next is made (at 10,000 entries
        # each is 7-14 MB, made from tens of MB of rows).
        rows = event_rows(chronicle, base)
        yield "data/events.csv", events_csv(rows)
        yield "data/events.json", dumps_json(rows)
        del rows
        yield (
            "data/timeline.json",
            dumps_json(timelinejs(chronicle, config.title, config.description, base, labels.when)),
        )
        yield "data/incidents.json", dumps_json(incidents_export(chronicle))
        yield "timeline/anchors.json", dumps_json(timeline_anchors(chronicle))

    add(
        exports,
        ("exports", keys.structure, keys.all_events, keys.incidents(chronicle.incidents)),
        produce_exports,
        1 + len(chronicle.events) / 5,
        3,
    )  # (costs measured at 10,000 entries)
    add(
        ("data/places.geojson",),
        ("geojson", keys.structure, keys.all_counts),
        lambda: {"data/places.geojson": dumps_json(places_geojson(chronicle, base))},
    )
    # Province outlines of the countries the chronicle covers (the maps colour them).
    shapes = mapdata.shape_files(mapdata.region(chronicle, config.region))
    if shapes:
        add(
            tuple(shapes),
            ("admin1", *((path, digest(data)) for path, data in shapes.items())),
            lambda: shapes,
        )
    common: dict[str, Any] = {
        "site_title": config.title,
        "base_url": base,
        "label": labels.when,
        "language": config.language,
    }
    add(
        (feeds.ENTRIES_FEED,),
        ("feed", keys.entry_list(feeds.newest(chronicle.entries, feeds.FEED_LIMIT))),
        lambda: {
            feeds.ENTRIES_FEED: feeds.entries_feed(
                chronicle, description=config.description, **common
            ).encode("utf-8")
        },
        1 + min(len(chronicle.entries), feeds.FEED_LIMIT) / 10,
        3,
    )
    for place in sorted(chronicle.places.values(), key=lambda p: p.id):
        path = feeds.place_feed_path(place)
        add(
            (path,),
            (
                "place-feed",
                keys.structure,
                place.id,
                keys.events(place.all_events()),
                keys.entry_list(place.entries),
            ),
            partial(_place_feed_output, place, path, common),
            1 + place.event_count / 100,
        )
    if base:
        lastmod = {e.url: e.published for e in chronicle.entries if e.published}
        listed = [p for p in html_pages if p != "404.html"]
        add(
            ("sitemap.xml",),
            ("sitemap", tuple(listed), keys.all_entries),
            lambda: {"sitemap.xml": feeds.sitemap(listed, base, lastmod).encode("utf-8")},
        )
    add(("robots.txt",), ("robots",), lambda: {"robots.txt": feeds.robots(base).encode("utf-8")})
    return plan, renderer
