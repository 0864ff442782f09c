"""content/ -> `Chronicle`: load entry and place files, validate, link them both ways."""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from chronicle.content.actors import load_actor
from chronicle.content.entries import CASUALTY_KEYS, EntryFile, load_entry
from chronicle.content.places import PlaceFile, load_place
from chronicle.content.records import id_problem
from chronicle.errors import ChronicleError
from chronicle.site.cache import BuildCache, digest, key_of
from chronicle.site.fastmd import render_fast
from chronicle.site.grouping import group as group_incidents
from chronicle.site.model import (
    Actor,
    BodyStore,
    Chronicle,
    Entry,
    Event,
    Happening,
    Place,
    When,
    event_anchor,
)

RenderMarkdown = Callable[[str], str]


class ParsedFiles(Protocol):
    """Where parsed files are kept between builds: the build cache on disk, or serve's
    memory (`serve.MemoryCache`)."""

    @property
    def enabled(self) -> bool: ...
    def trusted_hash(self, path: Path) -> str | None: ...
    def get(self, path: Path, h: str) -> Any: ...
    def record(self, path: Path, h: str) -> None: ...
    def put(self, path: Path, h: str, value: Any) -> None: ...


@dataclass
class Loaded:
    chronicle: Chronicle
    errors: list[ChronicleError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_file(kind: str, path: Path, render: RenderMarkdown) -> tuple[str, Any]:
    """(hash of the file's bytes, (file, html, meta key) or the ChronicleError)."""
    with open(path, "rb") as handle:
        h = digest(handle.read())
    try:
        if kind == "place":
            pf = load_place(path)
            return h, (pf, render_fast(pf.description, render), "")
        if kind == "actor":
            af = load_actor(path)
            return h, (af, render_fast(af.description, render), "")
        ef = load_entry(path)
        html = render_fast(ef.body, render)
        # The warnings too (unknown keys): a change there is not an edit of the body alone.
        meta = key_of(
            ef.title,
            ef.published,
            ef.published_from,
            ef.source,
            ef.places,
            ef.events,
            ef.review,
            ef.warnings,
        )
        return h, (dataclasses.replace(ef, body=""), html, meta)
    except ChronicleError as exc:
        return h, exc


_worker_render: RenderMarkdown | None = None  # set in each parsing process, at its start


def _start_worker(render: RenderMarkdown) -> None:
    global _worker_render
    _worker_render = render


def _parse_in_worker(job: tuple[str, str]) -> tuple[str, Any]:
    assert _worker_render is not None
    return parse_file(job[0], Path(job[1]), _worker_render)


def _parse_all(
    jobs: list[tuple[str, Path]], render: RenderMarkdown, workers: int
) -> list[tuple[str, Any]]:
    if workers < 2 or len(jobs) < 400:
        return [parse_file(kind, path, render) for kind, path in jobs]
    import multiprocessing

    # Forked: the processes are given `render` as it is, not pickled.
    with multiprocessing.get_context("fork").Pool(
        workers, initializer=_start_worker, initargs=(render,)
    ) as pool:
        return pool.map(
            _parse_in_worker,
            [(k, str(p)) for k, p in jobs],
            chunksize=max(1, len(jobs) // (workers * 32)),
        )


def _checked_paths(folder: Path, errors: list[ChronicleError]) -> list[Path]:
    """Every `*.md` of `folder` whose name can be a page name, each problem in `errors`.

    A file's name is its slug, and so its page's name: it must be usable as one, and no
    two may name the same page where file names ignore case (macOS, Windows) or the
    Unicode form of accented letters (macOS)."""
    # Names from os.scandir (pathlib's glob is 5 times slower at 10,000 files); the same
    # set as folder.glob("*.md"), in the same order.
    try:
        found = [e for e in os.scandir(folder) if e.name.endswith(".md")]
    except (FileNotFoundError, NotADirectoryError):
        found = []
    # A link that leaves the content folder would publish a file from elsewhere on the
    # machine: refused (links inside it are fine).
    content = os.path.realpath(folder.parent)
    folder_outside = not _inside(os.path.realpath(folder), content)
    names = []
    for item in sorted(found, key=lambda e: e.name):
        if folder_outside or item.is_symlink():
            target = os.path.realpath(item.path)
            if not _inside(target, content):
                errors.append(
                    ChronicleError(
                        f"a link to {target}, outside the content folder: refused (copy the "
                        "file into the content folder instead)",
                        folder / item.name,
                    )
                )
                continue
        names.append(item.name)
    stems = [name[:-3] if name != ".md" else name for name in names]  # as Path.stem
    same: dict[str, list[int]] = defaultdict(list)
    for i, stem in enumerate(stems):
        same[(stem if stem.isascii() else unicodedata.normalize("NFC", stem)).casefold()].append(i)
    clashing: set[int] = set()
    for group in same.values():
        if len(group) > 1:
            clashing.update(group)
            listing = ", ".join(names[i] for i in group)
            errors.append(
                ChronicleError(
                    f"duplicate slug: {listing} differ only in case or "
                    f"accents and would be one page on macOS and "
                    f"Windows; rename or merge them",
                    folder / names[group[0]],
                )
            )
    out = []
    for i, stem in enumerate(stems):
        problem = id_problem(stem)
        if problem:
            errors.append(
                ChronicleError(f"the file name cannot be a page name: {problem}", folder / names[i])
            )
            continue
        if i not in clashing:
            out.append(folder / names[i])
    return out


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _load_all(
    content_dir: Path,
    render: RenderMarkdown,
    errors: list[ChronicleError],
    cache: ParsedFiles | None,
    workers: int,
) -> tuple[list, list, list]:
    """(places, actors, entries) as (file, html, file key, meta key), in file name order; parsed
    files come from the cache when their bytes are unchanged."""
    if cache is None:
        cache = BuildCache(None)
    paths = [("place", p) for p in _checked_paths(content_dir / "places", errors)]
    paths += [("actor", p) for p in _checked_paths(content_dir / "actors", errors)]
    paths += [("entry", p) for p in _checked_paths(content_dir / "entries", errors)]
    found: dict[Path, Any] = {}
    todo = []
    for kind, path in paths:
        if cache.enabled:
            try:
                h = cache.trusted_hash(path)
            except OSError:
                h = None
            if h is not None:
                hit = cache.get(path, h)
                if hit is not None:
                    found[path] = (h, hit)
                    continue
        todo.append((kind, path))
    for (_kind, path), (h, value) in zip(todo, _parse_all(todo, render, workers)):
        found[path] = (h, value)
        if not isinstance(value, ChronicleError) and cache.enabled:
            try:
                cache.record(path, h)
                cache.put(path, h, value)
            except OSError:
                pass
    items: dict[str, list[tuple]] = {"place": [], "actor": [], "entry": []}
    for kind, path in paths:
        h, value = found[path]
        if isinstance(value, ChronicleError):
            errors.append(value)
            continue
        items[kind].append((*value, h))
    return items["place"], items["actor"], items["entry"]


def _same_sources(entry_files: list[EntryFile]) -> list[str]:  # noqa: D401
    """Warnings for entries made from the same article file (same sha256)."""
    by_sha: dict[str, list[EntryFile]] = defaultdict(list)
    for ef in entry_files:
        sha = ef.source.get("sha256")
        if isinstance(sha, str) and len(sha) == 64:
            by_sha[sha].append(ef)
    return [
        f"{group[0].path}: the same article as {', '.join(str(e.path) for e in group[1:])} "
        f"(source sha256 {sha[:12]}…); keep one"
        for sha, group in sorted(by_sha.items())
        if len(group) > 1
    ]


def _link_parents(
    places: dict[str, Place], files: dict[str, PlaceFile], errors: list[ChronicleError]
) -> None:
    for place in places.values():
        if place.parent_id is None:
            continue
        parent = places.get(place.parent_id)
        if parent is None:
            errors.append(
                ChronicleError(
                    f"parent {place.parent_id!r} is not a place "
                    f"(no content/places/{place.parent_id}.md)",
                    files[place.id].path,
                )
            )
            continue
        place.parent = parent
    # A parent cycle would make the hierarchy endless: break it and report it.
    for place in sorted(places.values(), key=lambda p: p.id):
        path, node = [place.id], place.parent
        while node is not None:
            path.append(node.id)
            if node.id in path[:-1]:
                errors.append(
                    ChronicleError(
                        f"parent cycle: {' -> '.join(path)}; a place cannot be inside itself",
                        files[place.id].path,
                    )
                )
                place.parent = None
                break
            node = node.parent
    for place in places.values():
        if place.parent is not None:
            place.parent.children.append(place)
    for place in places.values():
        place.children.sort(key=lambda p: p.name.lower())


def _resolve_places(
    ids: list[str], places: dict[str, Place], where: EntryFile, errors: list[ChronicleError]
) -> list[Place]:
    found = []
    for pid in ids:
        if pid in places:
            if places[pid] not in found:
                found.append(places[pid])
        else:
            errors.append(
                ChronicleError(f"unknown place id {pid!r} (no content/places/{pid}.md)", where.path)
            )
    return found


def _actors(
    items: list[tuple], errors: list[ChronicleError], warnings: list[str]
) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for af, description_html, _, file_key in items:
        r = af.record
        warnings += af.warnings
        actors[r.id] = Actor(
            id=r.id,
            name=r.name,
            kind=r.kind,
            aliases=r.aliases,
            country=r.country,
            parent_id=r.parent,
            description_html=description_html,
            source_path=str(af.path),
            file_key=file_key,
        )
    for actor in actors.values():
        if actor.parent_id is not None:
            actor.parent = actors.get(actor.parent_id)
            if actor.parent is None:
                errors.append(
                    ChronicleError(
                        f"parent {actor.parent_id!r} is not an actor "
                        f"(no content/actors/{actor.parent_id}.md)",
                        Path(actor.source_path),
                    )
                )
    return actors


def _resolve_actor(
    actor_id: str | None, actors: dict[str, Actor], where: EntryFile, errors: list[ChronicleError]
) -> Actor | None:
    if actor_id is None:
        return None
    found = actors.get(actor_id)
    if found is None:
        errors.append(
            ChronicleError(
                f"unknown actor id {actor_id!r} (no content/actors/{actor_id}.md)", where.path
            )
        )
    return found


def load_chronicle(
    content_dir: Path,
    render_markdown: RenderMarkdown,
    cache: ParsedFiles | None = None,
    workers: int = 1,
    drop_unused: bool = True,
) -> Loaded:
    """Every entry and place of `content_dir`, with errors collected rather than raised.
    `drop_unused`: leave out places no entry or event refers to, directly or through a
    place inside them (a place file left over from a wrong resolution is not published;
    `chronicle check` keeps them, to name them)."""
    errors: list[ChronicleError] = []
    warnings: list[str] = []
    if not content_dir.is_dir():
        raise ChronicleError("no content folder (run `chronicle ingest` first)", content_dir)
    place_items, actor_items, entry_items = _load_all(
        content_dir, render_markdown, errors, cache, workers
    )
    warnings += _same_sources([item[0] for item in entry_items])

    places: dict[str, Place] = {}
    by_id: dict[str, PlaceFile] = {}
    for pf, description_html, _, file_key in place_items:
        r = pf.record
        warnings += pf.warnings
        places[r.id] = Place(
            id=r.id,
            name=r.name,
            kind=r.kind,
            country=r.country,
            lat=r.lat,
            lon=r.lon,
            geonames=r.geonames,
            parent_id=r.parent,
            aliases=r.aliases,
            description_html=description_html,
            source_path=str(pf.path),
            file_key=file_key,
        )
        by_id[r.id] = pf
    _link_parents(places, by_id, errors)
    actors = _actors(actor_items, errors, warnings)

    entries: list[Entry] = []
    events: list[Event] = []
    anchors: set[str] = set()
    bodies = BodyStore()
    for ef, body_html, meta_key, file_key in entry_items:
        warnings += ef.warnings
        entry = Entry(
            slug=ef.slug,
            title=ef.title,
            published=ef.published,
            published_from=ef.published_from,
            source=ef.source,
            body=bodies.add(body_html),
            review=ef.review,
            source_path=str(ef.path),
            file_key=file_key,
            meta_key=meta_key,
        )
        entry.places = _resolve_places(ef.places, places, ef, errors)
        for place in entry.places:
            place.entries.append(entry)
        # An entry whose events are coded (what happened, which is the report's main one)
        # puts on the timeline only the happenings: a dated sentence that reports none
        # ("talks are due in Geneva on Monday") stays with its report.
        coded = any(raw.get("event_type") or raw.get("main") for raw in ef.events)
        for position, raw in enumerate(ef.events):
            event_places = _resolve_places(raw["places"], places, ef, errors)
            anchor = event_anchor(
                ef.slug, raw["date"] or "", raw.get("mention") or "", raw.get("sentence") or ""
            )
            while anchor in anchors:  # the same words twice in one entry
                anchor += "x"
            anchors.add(anchor)
            facts = {
                "entry": entry,
                "mention": raw.get("mention") or "",
                "sentence": raw.get("sentence") or "",
                "places": event_places,
                "anchor": anchor,
                **{k: raw.get(k) for k in ("event_type", "sub_event_type", *CASUALTY_KEYS)},
                "actor1": _resolve_actor(raw.get("actor1"), actors, ef, errors),
                "actor2": _resolve_actor(raw.get("actor2"), actors, ef, errors),
                "casualty_words": raw.get("casualty_words") or "",
                "main": bool(raw.get("main")),
                "background": bool(raw.get("background")),
            }
            happening = not coded or facts["event_type"] or facts["main"]
            if raw["date"] is None or facts["background"] or not happening:
                # Undated, history the report recalls, or no happening: with its report only.
                when = When(raw["date"], raw.get("mod")) if raw["date"] else None
                entry.other_events.append(Happening(**facts, when=when))
                continue
            event = Event(**facts, when=When(raw["date"], raw.get("mod")), position=position)
            entry.events.append(event)
            events.append(event)
            for place in event_places:
                place.events.append(event)
            for actor in {id(a): a for a in (event.actor1, event.actor2) if a}.values():
                actor.events.append(event)
        entry.events.sort(key=lambda e: e.sort_key)
        entries.append(entry)
    if bodies.size == 0:
        close_bodies(bodies)  # no body was long enough to be stored: nothing will read it
    entries.sort(
        key=lambda e: (
            e.published is None,
            -(e.published.toordinal() if e.published else 0),
            e.slug,
        )
    )
    events.sort(key=lambda e: e.sort_key)
    for place in places.values():
        place.events.sort(key=lambda e: e.sort_key)
        place.entries.sort(key=lambda e: e.slug)
    for actor in actors.values():
        actor.events.sort(key=lambda e: e.sort_key)
    if drop_unused:
        _drop_unused(places)
    chronicle = Chronicle(entries=entries, places=places, events=events, actors=actors)
    grouping_errors, grouping_warnings = group_incidents(chronicle, content_dir)
    errors += grouping_errors
    warnings += grouping_warnings
    return Loaded(chronicle, errors, warnings)


def _drop_unused(places: dict[str, Place]) -> None:
    used: set[str] = set()
    for place in places.values():
        node: Place | None = place if place.entries or place.events else None
        while node is not None and node.id not in used:
            used.add(node.id)
            node = node.parent
    for pid in [pid for pid in places if pid not in used]:
        del places[pid]
    for place in places.values():
        place.children = [c for c in place.children if c.id in used]


def close_bodies(chronicle_or_store: Chronicle | BodyStore) -> None:
    """Close the temporary file of the rendered bodies (`model.BodyStore`) once nothing
    will read them, rather than leave it to the interpreter's exit (a ResourceWarning:
    the model lives until then)."""
    store: Any = chronicle_or_store
    if isinstance(chronicle_or_store, Chronicle):
        store = next(
            (e.body.store for e in chronicle_or_store.entries if hasattr(e.body, "store")), None
        )
    if store is not None and store.file is not None:
        store.file.close()
