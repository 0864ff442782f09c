"""An editor's decision on a review item, written into the content files.

Each decision changes the entry as the editor would by hand (the entry then counts as
edited: a re-ingest keeps what they decided, field by field) and removes the item (a
decided item is not raised again). Decisions about a place also teach the chronicle: the
place the editor chose becomes an editor's place file (with the words of the article as
an alias), so every later ingest resolves those words to it; "not a place" adds the words
to `content/not-places.txt`, which every later ingest applies to every entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chronicle.atomic import write_atomic
from chronicle.content import places as place_files
from chronicle.content.entries import review_key
from chronicle.content.frontmatter import compose, split_front_matter
from chronicle.content.records import PLACE_KINDS, PlaceRecord, id_problem
from chronicle.content.review import add_not_place
from chronicle.desk.incidents import Pair, decide_pair, find_pair
from chronicle.desk.listing import Found, find_item
from chronicle.errors import ChronicleError

ACTIONS = ("accept", "pick", "not-place", "not-date", "merge", "set-date", "apart")


class EntryText:
    """An entry file's front matter and body, changed and written back as the editor's
    (what ingest recorded of itself is left as it was, so the entry counts as edited)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        self.meta: dict[str, Any] = meta
        self.body = body

    @property
    def events(self) -> list[dict[str, Any]]:
        events = self.meta.get("events")
        return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []

    def drop_item(self, key: str) -> None:
        review = self.meta.get("review") or []
        self.meta["review"] = [item for item in review if review_key(item) != key]

    def add_place(self, place_id: str, words: str | None, sentence: str | None) -> int:
        """Put the place on the entry and on its events told in words naming it; the
        number of events it now places."""
        places = self.meta.get("places")
        places = list(places) if isinstance(places, list) else []
        if place_id not in places:
            places.append(place_id)
        self.meta["places"] = places
        placed = 0
        for event in self.events:
            said = str(event.get("sentence") or "")
            if (words and words in said) or (sentence and said == sentence):
                ids = list(event.get("places") or [])
                if place_id not in ids:
                    ids.append(place_id)
                event["places"] = ids
                placed += 1
        return placed

    def save(self) -> None:
        write_atomic(self.path, compose(self.meta, self.body))


@dataclass
class Decision:
    """What a decision did, in words, for the console and the review page."""

    message: str


def decide(
    content_dir: Path,
    slug: str,
    key: str,
    action: str,
    *,
    candidate: str | None = None,
    place: str | None = None,
    day: str | None = None,
) -> Decision:
    """Apply `action` to item `key` of entry `slug` (see ACTIONS). An incident merge (an
    item of the incidents, filed under a report of either) takes "merge" or "apart"."""
    if action not in ACTIONS:
        raise ChronicleError(f"no action {action!r} (actions: {', '.join(ACTIONS)})")
    try:
        found = find_item(content_dir, slug, key)
    except ChronicleError:
        pair = _near_merge(content_dir, slug, key)
        if pair is None:
            raise
        return Decision(decide_pair(content_dir, pair, action))
    item = found.item
    if action == "apart":
        raise ChronicleError("apart is the answer to an incident merge, not to this item")
    if action == "accept":
        return _accept(content_dir, found)
    if action == "pick":
        chosen = next((c for c in item.candidates if c.get("id") == candidate), None)
        if chosen is None:
            raise ChronicleError(f"{candidate!r} is not one of the item's candidates")
        return _publish(content_dir, found, chosen)
    if action == "not-place":
        return _not_place(content_dir, found)
    if action == "not-date":
        entry = EntryText(found.path)
        entry.drop_item(key)
        entry.save()
        return Decision(f"{slug}: not a date; the item is closed")
    if action == "merge":
        return _merge_into(content_dir, found, place or "")
    return _set_date(content_dir, found, day or "")


def _near_merge(content_dir: Path, slug: str, key: str) -> Pair | None:
    """The incident merge `key` filed under a report `slug` of either incident."""
    if "/" in slug:
        return None
    try:
        pair = find_pair(content_dir, key)
    except ChronicleError:
        return None
    return pair if slug in (*pair.first.reports, *pair.second.reports) else None


def _accept(content_dir: Path, found: Found) -> Decision:
    item = found.item
    if item.kind in ("place", "name"):
        chosen = next((c for c in item.candidates if c.get("id") == item.place), None)
        if chosen is None:  # a name the gazetteer lacks: a place of its own, no coordinates
            chosen = {"id": item.place, "name": item.mention, "kind": "area"}
        return _publish(content_dir, found, chosen)
    entry = EntryText(found.path)
    if item.kind == "published" and entry.meta.get("published") is not None:
        entry.meta["published_from"] = "editor"  # the editor confirmed it
    entry.drop_item(item.key)
    entry.save()
    return Decision(f"{found.slug}: accepted")


def _publish(content_dir: Path, found: Found, chosen: dict[str, Any]) -> Decision:
    item = found.item
    record = _record(chosen, item.mention)
    problem = id_problem(record.id)
    if problem:
        raise ChronicleError(f"cannot make a place file for {record.name!r}: {problem}")
    _write_with_chain(content_dir, record, item.mention)
    entry = EntryText(found.path)
    placed = entry.add_place(record.id, item.mention, item.sentence)
    entry.drop_item(item.key)
    entry.save()
    return Decision(
        f"{found.slug}: {item.mention!r} is {record.name} ({record.id}); it places "
        f"{placed} event{'s' if placed != 1 else ''}, and every later ingest reads it so"
    )


def _record(chosen: dict[str, Any], words: str | None) -> PlaceRecord:
    kind = chosen.get("kind") if chosen.get("kind") in PLACE_KINDS else "area"

    def number(key: str) -> float | None:
        value = chosen.get(key)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    geonames = chosen.get("geonames")
    return PlaceRecord(
        id=str(chosen.get("id")),
        name=str(chosen.get("name") or words or chosen.get("id")),
        kind=str(kind),
        country=chosen.get("country") or None,
        lat=number("lat"),
        lon=number("lon"),
        geonames=geonames if isinstance(geonames, int) and not isinstance(geonames, bool) else None,
        parent=chosen.get("parent") or None,
    )


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from chronicle.extract.gazetteer import Gazetteer

    return Gazetteer()


def _geoparser(content_dir: Path) -> Any:
    from chronicle.config import load_config
    from chronicle.extract.places import Geoparser

    try:
        region = load_config(content_dir.parent).region
    except ChronicleError:
        region = []
    records = place_files.load_place_records(content_dir / "places")
    return Geoparser(records, region=region, gazetteer=_gazetteer())


def _write_with_chain(content_dir: Path, record: PlaceRecord, words: str | None) -> None:
    """The chosen place as an editor's place file (the article's words an alias of it, so
    the next ingest resolves them to it), and the places holding it, parents first."""
    places = content_dir / "places"
    target = places / f"{record.id}.md"
    if not target.exists() and record.parent:
        geoparser = _geoparser(content_dir)
        parent = geoparser.record(record.parent)
        chain = ([parent] + geoparser.chain(parent)) if parent is not None else []
        if parent is None:
            record.parent = None  # not a place Chronicle knows: the editor can set it
        for holder in reversed(chain):
            path = places / f"{holder.id}.md"
            if not path.exists() and id_problem(holder.id) is None:
                write_atomic(path, place_files.render_place(holder))
    _teach(target, record, words)


def _teach(target: Path, record: PlaceRecord, words: str | None) -> None:
    """Write `record` (or the place file already there) as an editor's file with `words`
    among its aliases."""
    description = ""
    if target.exists():
        found = place_files.load_place(target)
        record, description = found.record, found.description
    names = {n.casefold() for n in [record.name, *record.aliases]}
    for alias in _alias_forms(words):
        if alias.casefold() not in names:
            record.aliases.append(alias)
            names.add(alias.casefold())
    # without ingest's checksum: an editor's file, which the geoparser reads first
    write_atomic(target, compose(place_files.place_meta(record), description))


def _alias_forms(words: str | None) -> list[str]:
    if not words:
        return []
    words = " ".join(words.split())
    words = re.sub(r"^the\s+", "", words, flags=re.I)
    return [re.sub(r"['’]s$", "", words)]


def _not_place(content_dir: Path, found: Found) -> Decision:
    """The words are not a place (nor an actor) anywhere in the chronicle: listed, and
    every open item about the same words is closed."""
    words = (found.item.mention or "").strip()
    if not words:
        raise ChronicleError("this item names no words to set aside")
    add_not_place(content_dir, words)
    closed = 0
    for path in sorted((content_dir / "entries").glob("*.md")):
        try:
            entry = EntryText(path)
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
        review = entry.meta.get("review") or []
        keep = [
            item
            for item in review
            if not (
                isinstance(item, dict)
                and item.get("kind") in ("place", "name")
                and str(item.get("mention") or "").casefold() == words.casefold()
            )
        ]
        if len(keep) != len(review):
            entry.meta["review"] = keep
            entry.save()
            closed += 1
    return Decision(
        f"{words!r} is not a place in this chronicle (content/not-places.txt); "
        f"{closed} entr{'ies' if closed != 1 else 'y'} updated, the next ingest applies it "
        "to every entry"
    )


def _merge_into(content_dir: Path, found: Found, place_id: str) -> Decision:
    target = content_dir / "places" / f"{place_id}.md"
    if not place_id or id_problem(place_id) or not target.is_file():
        raise ChronicleError(f"no place {place_id!r} in this chronicle (content/places/)")
    record = place_files.load_place(target).record
    return _publish(content_dir, found, {"id": record.id, "name": record.name})


def _set_date(content_dir: Path, found: Found, day: str) -> Decision:
    try:
        published = date.fromisoformat(day.strip())
    except ValueError:
        raise ChronicleError(f"not a date YYYY-MM-DD: {day!r}") from None
    entry = EntryText(found.path)
    entry.meta["published"] = published
    entry.meta["published_from"] = "editor"
    moved = _date_events_again(content_dir, entry, published)
    entry.drop_item(found.item.key)
    entry.save()
    return Decision(
        f"{found.slug}: published {published.isoformat()}; {moved} event"
        f"{'s' if moved != 1 else ''} dated again from it"
    )


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _date_events_again(content_dir: Path, entry: EntryText, published: date) -> int:
    """Relative dates ("on Monday") resolve against the publication date: each event
    takes the date its sentence now gives (its places and facts stay as they are)."""
    from chronicle.extract import extract

    title = str(entry.meta.get("title") or "")
    body = "\n\n".join(
        _ESCAPED.sub(r"\1", block.removeprefix("## ")) for block in entry.body.strip().split("\n\n")
    )
    found = extract(f"{title}\n\n{body}", published, _geoparser(content_dir))
    by_sentence = {e.sentence: e for e in found.events if e.date}
    moved = 0
    for event in entry.events:
        new = by_sentence.get(" ".join(str(event.get("sentence") or "").split()))
        if new is None or (new.date == event.get("date") and new.mention == event.get("mention")):
            continue
        event["date"], event["mention"] = new.date, new.mention
        if new.mod:
            event["mod"] = new.mod
        else:
            event.pop("mod", None)
        moved += 1
    return moved
