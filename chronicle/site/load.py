"""content/ -> `Chronicle`: load entry and place files, validate, link them both ways."""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.entries import EntryFile, PlaceFile, id_problem, load_entry, load_place
from chronicle.errors import ChronicleError
from chronicle.site.model import Chronicle, Entry, Event, Place, When, event_anchor

RenderMarkdown = Callable[[str], str]


@dataclass
class Loaded:
    chronicle: Chronicle
    errors: list[ChronicleError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _load_files(folder: Path, loader: Callable, errors: list[ChronicleError]) -> list:
    """Every `*.md` of `folder` that loads, each file's problem in `errors`.

    A file's name is its slug, and so its page's name: it must be usable as one, and no
    two may name the same page where file names ignore case (macOS, Windows) or the
    Unicode form of accented letters (macOS)."""
    files = []
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    same: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        same[unicodedata.normalize("NFC", path.stem).casefold()].append(path)
    clashing = set()
    for group in same.values():
        if len(group) > 1:
            clashing.update(group)
            names = ", ".join(p.name for p in group)
            errors.append(ChronicleError(f"duplicate slug: {names} differ only in case or "
                                         f"accents and would be one page on macOS and "
                                         f"Windows; rename or merge them", group[0]))
    for path in paths:
        problem = id_problem(path.stem)
        if problem:
            errors.append(ChronicleError(f"the file name cannot be a page name: {problem}",
                                         path))
            continue
        if path in clashing:
            continue
        try:
            files.append(loader(path))
        except ChronicleError as exc:
            errors.append(exc)
    return files


def _same_sources(entry_files: list[EntryFile]) -> list[str]:
    """Warnings for entries made from the same article file (same sha256)."""
    by_sha: dict[str, list[EntryFile]] = defaultdict(list)
    for ef in entry_files:
        sha = ef.source.get("sha256")
        if isinstance(sha, str) and len(sha) == 64:
            by_sha[sha].append(ef)
    return [f"{group[0].path}: the same article as {', '.join(str(e.path) for e in group[1:])} "
            f"(source sha256 {sha[:12]}…); keep one" for sha, group in sorted(by_sha.items())
            if len(group) > 1]


def _link_parents(places: dict[str, Place], files: dict[str, PlaceFile],
                  errors: list[ChronicleError]) -> None:
    for place in places.values():
        if place.parent_id is None:
            continue
        parent = places.get(place.parent_id)
        if parent is None:
            errors.append(ChronicleError(f"parent {place.parent_id!r} is not a place "
                                         f"(no content/places/{place.parent_id}.md)",
                                         files[place.id].path))
            continue
        place.parent = parent
    # A parent cycle would make the hierarchy endless: break it and report it.
    for place in sorted(places.values(), key=lambda p: p.id):
        path, node = [place.id], place.parent
        while node is not None:
            path.append(node.id)
            if node.id in path[:-1]:
                errors.append(ChronicleError(f"parent cycle: {' -> '.join(path)}; a place "
                                             f"cannot be inside itself", files[place.id].path))
                place.parent = None
                break
            node = node.parent
    for place in places.values():
        if place.parent is not None:
            place.parent.children.append(place)
    for place in places.values():
        place.children.sort(key=lambda p: p.name.lower())


def _resolve_places(ids: list[str], places: dict[str, Place], where: EntryFile,
                    errors: list[ChronicleError]) -> list[Place]:
    found = []
    for pid in ids:
        if pid in places:
            if places[pid] not in found:
                found.append(places[pid])
        else:
            errors.append(ChronicleError(f"unknown place id {pid!r} (no content/places/{pid}.md)",
                                         where.path))
    return found


def load_chronicle(content_dir: Path, render_markdown: RenderMarkdown) -> Loaded:
    """Every entry and place of `content_dir`, with errors collected rather than raised."""
    errors: list[ChronicleError] = []
    warnings: list[str] = []
    if not content_dir.is_dir():
        raise ChronicleError("no content folder (run `chronicle ingest` first)", content_dir)
    place_files: list[PlaceFile] = _load_files(content_dir / "places", load_place, errors)
    entry_files: list[EntryFile] = _load_files(content_dir / "entries", load_entry, errors)
    warnings += _same_sources(entry_files)

    places: dict[str, Place] = {}
    by_id: dict[str, PlaceFile] = {}
    for pf in place_files:
        r = pf.record
        warnings += pf.warnings
        places[r.id] = Place(id=r.id, name=r.name, kind=r.kind, country=r.country, lat=r.lat,
                             lon=r.lon, geonames=r.geonames, parent_id=r.parent,
                             aliases=r.aliases, description_html=render_markdown(pf.description),
                             source_path=str(pf.path))
        by_id[r.id] = pf
    _link_parents(places, by_id, errors)

    entries: list[Entry] = []
    events: list[Event] = []
    anchors: set[str] = set()
    for ef in entry_files:
        warnings += ef.warnings
        entry = Entry(slug=ef.slug, title=ef.title, published=ef.published,
                      published_from=ef.published_from, source=ef.source,
                      body_html=render_markdown(ef.body), review=ef.review,
                      source_path=str(ef.path))
        entry.places = _resolve_places(ef.places, places, ef, errors)
        for place in entry.places:
            place.entries.append(entry)
        for raw in ef.events:
            event_places = _resolve_places(raw["places"], places, ef, errors)
            anchor = event_anchor(ef.slug, raw["date"], raw.get("mention") or "",
                                  raw.get("sentence") or "")
            while anchor in anchors:            # the same words twice in one entry
                anchor += "x"
            anchors.add(anchor)
            event = Event(entry=entry, when=When(raw["date"], raw.get("mod")),
                          mention=raw.get("mention") or "", sentence=raw.get("sentence") or "",
                          places=event_places, anchor=anchor)
            entry.events.append(event)
            events.append(event)
            for place in event_places:
                place.events.append(event)
        entry.events.sort(key=lambda e: e.sort_key)
        entries.append(entry)
    entries.sort(key=lambda e: (e.published is None, -(e.published.toordinal()
                                                       if e.published else 0), e.slug))
    events.sort(key=lambda e: e.sort_key)
    for place in places.values():
        place.events.sort(key=lambda e: e.sort_key)
        place.entries.sort(key=lambda e: e.slug)
    return Loaded(Chronicle(entries=entries, places=places, events=events), errors, warnings)
