"""Corrections to places made once: `chronicle places merge | rename | prune`.

- merge A B: A is B. Every entry and event naming A names B; the places inside A are
  inside B; A's name and aliases become B's aliases (so every later ingest resolves them
  to B: B becomes an editor's place file); A's file is deleted.
- rename ID NAME: the place's name; its old name stays an alias. With --id, the place's
  id (its file and page) too, and every entry and place file that names it.
- prune: delete place files no entry or event refers to, directly or through a place
  inside them (what `chronicle check` calls orphans). An editor's place file is kept
  unless asked (--edited).

Entries are changed as an editor would by hand: they then count as edited, and a re-ingest
keeps the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.atomic import write_atomic
from chronicle.content import places as place_files
from chronicle.content.entries import is_hand_edited
from chronicle.content.frontmatter import compose, split_front_matter
from chronicle.content.records import id_problem
from chronicle.errors import ChronicleError


@dataclass
class Changes:
    entries: list[str] = field(default_factory=list)  # entry files changed
    places: list[str] = field(default_factory=list)  # place files changed
    deleted: list[str] = field(default_factory=list)  # place files deleted
    kept: list[str] = field(default_factory=list)  # orphans kept (editor's files)

    def summary(self) -> str:
        parts = [
            f"{len(self.entries)} entr{'ies' if len(self.entries) != 1 else 'y'} changed",
            f"{len(self.places)} place file{'s' if len(self.places) != 1 else ''} changed",
            f"{len(self.deleted)} deleted",
        ]
        if self.kept:
            parts.append(f"{len(self.kept)} editor's place files kept (--edited deletes them)")
        return ", ".join(parts)


def _place_path(content_dir: Path, place_id: str) -> Path:
    path = content_dir / "places" / f"{place_id}.md"
    if id_problem(place_id) or not path.is_file():
        raise ChronicleError(f"no place {place_id!r} (no content/places/{place_id}.md)")
    return path


def _replace_ids(ids: Any, old: str, new: str) -> list[str] | None:
    """`ids` with `old` replaced by `new` (once), or None when `old` is not there."""
    if not isinstance(ids, list) or old not in ids:
        return None
    out: list[str] = []
    for pid in ids:
        pid = new if pid == old else pid
        if pid not in out:
            out.append(pid)
    return out


def _rewrite_entries(
    content_dir: Path, old: str, new: str, dry_run: bool, changes: Changes
) -> None:
    for path in sorted((content_dir / "entries").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if old not in text:  # cheap: most entries do not name it
            continue
        meta, body, _ = split_front_matter(text, path)
        changed = False
        places = _replace_ids(meta.get("places"), old, new)
        if places is not None:
            meta["places"], changed = places, True
        for event in meta.get("events") or []:
            if isinstance(event, dict):
                ids = _replace_ids(event.get("places"), old, new)
                if ids is not None:
                    event["places"], changed = ids, True
        if changed:
            changes.entries.append(str(path))
            if not dry_run:
                write_atomic(path, compose(meta, body))


def _rewrite_children(
    content_dir: Path, old: str, new: str, dry_run: bool, changes: Changes
) -> None:
    for path in sorted((content_dir / "places").glob("*.md")):
        if path.stem in (old, new):
            continue
        found = place_files.load_place(path)
        if found.record.parent != old:
            continue
        found.record.parent = new
        changes.places.append(str(path))
        if not dry_run:
            _write_place(path, found.record, found.description)


def _write_place(path: Path, record: Any, description: str) -> None:
    """A place file as the editor's (no ingest checksum: the geoparser reads it first)."""
    write_atomic(path, compose(place_files.place_meta(record), description))


def merge(content_dir: Path, old: str, new: str, dry_run: bool = False) -> Changes:
    """Merge place `old` into place `new` (see the module's docstring)."""
    if old == new:
        raise ChronicleError(f"{old!r} is the same place")
    old_path, new_path = _place_path(content_dir, old), _place_path(content_dir, new)
    gone, kept = place_files.load_place(old_path), place_files.load_place(new_path)
    changes = Changes()
    _rewrite_entries(content_dir, old, new, dry_run, changes)
    _rewrite_children(content_dir, old, new, dry_run, changes)
    record = kept.record
    known = {n.casefold() for n in [record.name, *record.aliases]}
    for alias in [gone.record.name, *gone.record.aliases]:
        if alias.casefold() not in known:
            record.aliases.append(alias)
            known.add(alias.casefold())
    description = kept.description
    if gone.description and gone.description not in description:
        description = f"{description}\n\n{gone.description}".strip()
    changes.places.append(str(new_path))
    changes.deleted.append(str(old_path))
    if not dry_run:
        _write_place(new_path, record, description)  # before the file it replaces goes
        old_path.unlink()
    return changes


def rename(
    content_dir: Path, place_id: str, name: str, new_id: str | None = None, dry_run: bool = False
) -> Changes:
    """Give place `place_id` the name `name` (the old one stays an alias); with `new_id`,
    its id too."""
    name = " ".join(name.split())
    if not name:
        raise ChronicleError("the new name is empty")
    path = _place_path(content_dir, place_id)
    found = place_files.load_place(path)
    record = found.record
    if record.name != name:
        if record.name.casefold() not in {a.casefold() for a in record.aliases}:
            record.aliases.insert(0, record.name)
        record.aliases = [a for a in record.aliases if a.casefold() != name.casefold()]
        record.name = name
    changes = Changes()
    target = path
    if new_id and new_id != place_id:
        problem = id_problem(new_id)
        if problem:
            raise ChronicleError(f"the new id cannot be a file name: {problem}")
        target = content_dir / "places" / f"{new_id}.md"
        if target.exists():
            raise ChronicleError(f"{new_id!r} is taken (use `chronicle places merge`)", target)
        record.id = new_id
        _rewrite_entries(content_dir, place_id, new_id, dry_run, changes)
        _rewrite_children(content_dir, place_id, new_id, dry_run, changes)
        changes.deleted.append(str(path))
    changes.places.append(str(target))
    if not dry_run:
        _write_place(target, record, found.description)
        if target != path:
            path.unlink()
    return changes


def orphans(content_dir: Path) -> list[Path]:
    """Place files no entry or event refers to, directly or through a place inside them."""
    used: set[str] = set()
    for path in sorted((content_dir / "entries").glob("*.md")):
        try:
            meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        except (ChronicleError, UnicodeDecodeError):
            raise ChronicleError("cannot read this entry: fix it first", path) from None
        used.update(str(p) for p in meta.get("places") or [])
        for event in meta.get("events") or []:
            if isinstance(event, dict):
                used.update(str(p) for p in event.get("places") or [])
    parents: dict[str, str | None] = {}
    paths: dict[str, Path] = {}
    for path in sorted((content_dir / "places").glob("*.md")):
        try:
            parents[path.stem] = place_files.load_place(path).record.parent
        except ChronicleError:
            parents[path.stem] = None
        paths[path.stem] = path
    needed: set[str] = set()
    for pid in used:
        node: str | None = pid
        while node is not None and node not in needed:
            needed.add(node)
            node = parents.get(node)
    return [paths[pid] for pid in sorted(paths) if pid not in needed]


def prune(content_dir: Path, edited: bool = False, dry_run: bool = False) -> Changes:
    """Delete orphan place files (an editor's own ones only with `edited`)."""
    changes = Changes()
    for path in orphans(content_dir):
        try:
            mine = is_hand_edited(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            mine = True
        if mine and not edited:
            changes.kept.append(str(path))
            continue
        changes.deleted.append(str(path))
        if not dry_run:
            path.unlink()
    return changes
