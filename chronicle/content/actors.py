"""The actor file format: `content/actors/<id>.md`, one actor (an armed group, a state's
forces, civilians): name, kind, aliases, country, parent, and the editor's description as
the body.

The chronicle's actor files extend and override the actor list extraction ships with, as
place files do the gazetteer: ingest creates one for every actor its entries name, an
editor corrects it (a name, an alias the articles use), and the next ingest reads the
corrected ones back.
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
from chronicle.content.records import ACTOR_KINDS, ActorRecord
from chronicle.errors import ChronicleError

ACTOR_KEYS = ("name", "kind", "aliases", "country", "parent", CHECKSUM_KEY)


@dataclass
class ActorFile:
    record: ActorRecord
    description: str
    path: Path
    warnings: list[str] = field(default_factory=list)


def actor_meta(record: ActorRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind,
        "aliases": list(record.aliases),
        "country": record.country,
        "parent": record.parent,
    }


def render_actor(record: ActorRecord, description: str = "") -> str:
    """An actor file as ingest writes it, with the checksum that tells later edits apart."""
    return render_entry(actor_meta(record), description)


def load_actor(path: Path) -> ActorFile:
    """Read and validate one actor file; errors name the file and line."""
    text, meta, body, _, warnings = read_front_matter(path, ACTOR_KEYS)
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ChronicleError("name is missing or not text", path, line_of(text, "name"))
    kind = meta.get("kind") or "rebel"
    if kind not in ACTOR_KINDS:
        raise ChronicleError(
            f"kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}",
            path,
            line_of(text, "kind"),
        )
    country = meta.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2):
        raise ChronicleError(
            "country must be an ISO 3166-1 code such as SY", path, line_of(text, "country")
        )
    parent = meta.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ChronicleError("parent must be an actor id", path, line_of(text, "parent"))
    aliases = string_list(meta.get("aliases"), "aliases", path, line_of(text, "aliases"))
    record = ActorRecord(
        id=path.stem,
        name=name.strip(),
        kind=kind,
        aliases=aliases,
        country=country.upper() if country else None,
        parent=parent,
    )
    return ActorFile(record=record, description=body.strip(), path=path, warnings=warnings)


def load_actor_records(actors_dir: Path) -> list[ActorRecord]:
    """The actors an editor made or corrected, for extraction to read before its own list
    (a file exactly as ingest wrote it only repeats that list). Files that fail to load are
    skipped here; `build` and `check` report them."""
    records = []
    for path in sorted(actors_dir.glob("*.md")) if actors_dir.is_dir() else []:
        try:
            if not is_hand_edited(path.read_text(encoding="utf-8")):
                continue
            records.append(load_actor(path).record)
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
    return records
