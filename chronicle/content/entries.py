"""The entry file format: `content/entries/<slug>.md`, one article a person reads and corrects.

YAML front matter (title, dates, source, places, events, review), then the cleaned body in
Markdown. Every entry carries `ingest_checksum`, the hash of what ingest wrote, so a later
ingest can tell an entry a person has edited and leave it alone. Writing is atomic
(`chronicle.atomic`): an interrupted ingest never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chronicle.atomic import TMP_SUFFIX
from chronicle.content.frontmatter import compose, line_of, node_line, split_front_matter
from chronicle.content.records import EVENT_TYPE_OF, EVENT_TYPES
from chronicle.content.review import ReviewItem, parse_items
from chronicle.errors import ChronicleError
from chronicle.urls import web_address_problem

CHECKSUM_KEY = "ingest_checksum"
RECORD_KEY = "ingested"  # what ingest wrote last, field by field (see `ingest_record`)
ENTRY_KEYS = (
    "title",
    "published",
    "published_from",
    "source",
    "places",
    "events",
    "review",
    RECORD_KEY,
    CHECKSUM_KEY,
)
PUBLISHED_FROM = ("text", "option", "manifest", "html", "inferred", "editor")
# What happened, who did it, how many died (ACLED's event coding), and the event's role
FACT_KEYS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "civilian_fatalities",
    "child_fatalities",
    "injured",
    "casualty_words",
    "main",
    "background",
)
EVENT_KEYS = ("date", "mention", "sentence", "places", "mod", *FACT_KEYS)
CASUALTY_KEYS = ("fatalities", "civilian_fatalities", "child_fatalities", "injured")
# TIMEX3 values an event may carry: year, month, day, ISO week, decade
EVENT_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$|^\d{3}X$")
MAX_SLUG = 80


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files a killed `write_atomic` left behind (`.<name>.<random>.tmp`);
    they never replaced anything, so nothing of value is in them."""
    removed = []
    for tmp in sorted(folder.glob(f".*.md.*{TMP_SUFFIX}")) if folder.is_dir() else []:
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            continue
    return removed


def checksum(text: str) -> str:
    """Hash of an entry file's text without its checksum line."""
    kept = "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(CHECKSUM_KEY + ":")
    )
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def render_entry(meta: dict[str, Any], body: str) -> str:
    """The text of an entry (or place) file, ending with the checksum of everything else."""
    meta = {k: v for k, v in meta.items() if k != CHECKSUM_KEY}
    draft = compose(meta, body)
    meta[CHECKSUM_KEY] = checksum(draft)
    return compose(meta, body)


def is_hand_edited(text: str) -> bool:
    """True when the file differs from what ingest wrote (or was never written by ingest)."""
    match = re.search(rf"^{CHECKSUM_KEY}:\s*['\"]?([0-9a-f]{{64}})", text, re.M)
    return not match or match.group(1) != checksum(text)


# --------------------------------------------------------------------------- the record

# What ingest wrote last is recorded in the entry, field by field, so that a re-ingest can
# tell what the editor changed (kept) from what only ingest wrote (updated). Scalar fields
# are recorded by a short hash, places as the list itself (an editor's additions and
# removals are replayed on the new list), events by a mark each (which sentence, and what
# ingest said of it), review items by their keys (an item the editor removed stays away).
RECORD_FIELDS = ("title", "published", "source", "body")


def value_hash(value: object) -> str:
    """A short hash of a front matter value, the same for what is written and read back."""
    data = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def body_hash(body: str) -> str:
    return value_hash(body.replace("\r\n", "\n").strip())


def field_value(meta: dict[str, Any], body: str, name: str) -> object:
    """The value of a recorded field: `published` goes with `published_from`."""
    if name == "body":
        return body.replace("\r\n", "\n").strip()
    if name == "published":
        return [meta.get("published"), meta.get("published_from")]
    return meta.get(name)


def event_identity(event: dict[str, Any]) -> str:
    """Which statement of the article an event is: its sentence (an editor changes the
    date, places or facts of an event far more often than its sentence)."""
    return value_hash(" ".join(str(event.get("sentence") or "").split()))[:8]


def event_mark(event: dict[str, Any]) -> str:
    """The event's identity and the hash of everything ingest said of it."""
    return event_identity(event) + value_hash(event)[:8]


def review_key(item: object) -> str:
    """The key of a review list entry as found in front matter (a note or a mapping)."""
    if isinstance(item, ReviewItem):
        return item.key
    if isinstance(item, str):
        return ReviewItem(kind="note", text=item).key
    if isinstance(item, dict):
        return ReviewItem(
            kind=str(item.get("kind")),
            text=str(item.get("text") or ""),
            mention=None if item.get("mention") is None else str(item["mention"]),
            place=None if item.get("place") is None else str(item["place"]),
            value=None if item.get("value") is None else str(item["value"]),
        ).key
    return value_hash(item)


def ingest_record(meta: dict[str, Any], body: str) -> dict[str, Any]:
    """The record of what ingest writes (`meta`, `body`), kept in the entry as `ingested`."""
    record: dict[str, Any] = {
        name: value_hash(field_value(meta, body, name)) for name in RECORD_FIELDS
    }
    record["places"] = list(meta.get("places") or [])
    record["events"] = [event_mark(e) for e in meta.get("events") or []]
    record["review"] = [review_key(item) for item in meta.get("review") or []]
    return record


@dataclass
class EntryFile:
    """An entry as loaded from `content/entries/<slug>.md`, validated."""

    path: Path
    slug: str
    title: str
    published: date | None
    published_from: str | None
    source: dict[str, Any]
    places: list[str]
    events: list[dict[str, Any]]
    review: list[str]  # the text of every item and note
    body: str
    body_line: int = 1
    warnings: list[str] = field(default_factory=list)


# Years an event or publication date may have: a date's end (the last day of its month,
# week or decade) and its neighbours must exist in the calendar.
FIRST_YEAR, LAST_YEAR = 1, 9998


def _check_date(value: object, what: str, path: Path, line: int | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise ChronicleError(
            f"{what} must be a date YYYY-MM-DD without a time or time zone, not "
            f"{value.isoformat()!r} (write {what}: {value.date().isoformat()})",
            path,
            line,
        )
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(day, date):
        raise ChronicleError(f"{what} must be a real date YYYY-MM-DD, not {value!r}", path, line)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ChronicleError(f"{what} has a year out of range: {value!r}", path, line)
    return day


def _check_event_date(value: object, path: Path, line: int | None) -> str:
    value = value.isoformat() if isinstance(value, date) else value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)  # `date: 2017` unquoted is the year 2017
    if not isinstance(value, str) or not EVENT_DATE.match(value):
        raise ChronicleError(
            f"event date must be YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www, not {value!r}", path, line
        )
    year = int(value[:3] + "0" if value.endswith("X") else value[:4])
    if year < FIRST_YEAR or year + (9 if value.endswith("X") else 0) > LAST_YEAR:
        raise ChronicleError(
            f"event date has a year out of range ({FIRST_YEAR}-{LAST_YEAR}): {value!r}", path, line
        )
    if len(value) == 10:
        _check_date(value, "event date", path, line)
    elif len(value) == 7 and "W" not in value and not 1 <= int(value[5:]) <= 12:
        raise ChronicleError(f"event date has no month {value[5:]}: {value!r}", path, line)
    elif "W" in value:
        try:
            date.fromisocalendar(year, int(value[6:]), 1)
        except ValueError:
            raise ChronicleError(
                f"event date has no week {value[6:]}: {value[:4]} has "
                f"{date(year, 12, 28).isocalendar()[1]} ISO weeks: {value!r}",
                path,
                line,
            ) from None
    return value


SOURCE_KEYS = ("file", "sha256", "url", "outlet")


def _check_source(
    value: object, path: Path, text: str, warnings: list[str]
) -> dict[str, str | None]:
    """The source mapping with all of its keys (None where not given): an entry without
    a source, or a source without an outlet, is valid. Its url is http(s) or nothing."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ChronicleError(
            "source must be a mapping (file, sha256, url, outlet)", path, line_of(text, "source")
        )
    source: dict[str, str | None] = {}
    for key in SOURCE_KEYS:
        item = value.get(key)
        if isinstance(item, (dict, list)):
            raise ChronicleError(f"source {key} must be text", path, node_line(text, "source", key))
        source[key] = None if item is None or item == "" else str(item)
    for key in value:
        if key not in SOURCE_KEYS:
            warnings.append(f"{path}:{node_line(text, 'source', key)}: source: unknown key {key!r}")
    url = source["url"]
    problem = web_address_problem(url.strip()) if url else None
    if problem:
        raise ChronicleError(f"source url {problem}", path, node_line(text, "source", "url"))
    return source


def string_list(value: object, what: str, path: Path, line: int | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ChronicleError(f"{what} must be a list of strings", path, line)
    return list(value)


def read_front_matter(
    path: Path,
    known: tuple[str, ...],
) -> tuple[str, dict[str, Any], str, int, list[str]]:
    """(text, front matter, body, body's first line, unknown-key warnings) of a file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ChronicleError("not UTF-8 text", path) from None
    meta, body, body_line = split_front_matter(text, path)
    warnings = [f"{path}:{line_of(text, k)}: unknown key {k!r}" for k in meta if k not in known]
    return text, meta, body, body_line, warnings


def load_entry(path: Path) -> EntryFile:
    """Read and validate one entry file; errors name the file and line."""
    return load_entry_items(path)[0]


def load_entry_items(path: Path) -> tuple[EntryFile, list[ReviewItem]]:
    """An entry file, validated, with its review items and notes."""
    text, meta, body, body_line, warnings = read_front_matter(path, ENTRY_KEYS)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ChronicleError("title is missing or not text", path, line_of(text, "title"))
    published = _check_date(meta.get("published"), "published", path, line_of(text, "published"))
    published_from = meta.get("published_from")
    if published_from is not None and published_from not in PUBLISHED_FROM:
        raise ChronicleError(
            f"published_from must be one of {', '.join(PUBLISHED_FROM)}",
            path,
            line_of(text, "published_from"),
        )
    source = _check_source(meta.get("source"), path, text, warnings)
    places = string_list(meta.get("places"), "places", path, line_of(text, "places"))
    review_items, item_warnings = parse_items(meta.get("review"), path, line_of(text, "review"))
    warnings += item_warnings
    review = [item.text for item in review_items]
    raw_events = meta.get("events") or []
    events_line = line_of(text, "events")
    if not isinstance(raw_events, list):
        raise ChronicleError("events must be a list", path, events_line)
    events = []
    for n, event in enumerate(raw_events, 1):

        def line(*keys: str | int, n: int = n) -> int | None:
            return node_line(text, "events", n - 1, *keys) or events_line

        if not isinstance(event, dict):
            raise ChronicleError(
                f"event {n} must be a mapping with date, mention, sentence", path, line()
            )
        for key in event:
            if key not in EVENT_KEYS:
                warnings.append(f"{path}:{line(key)}: event {n}: unknown key {key!r}")
        event = dict(event)
        # The exact line costs a second YAML parse: only for a message.
        try:
            # null: an event the text does not date; it is shown with its report only
            date_value = event.get("date")
            event["date"] = (
                None if date_value is None else _check_event_date(date_value, path, None)
            )
        except ChronicleError as exc:
            raise ChronicleError(exc.message, path, line("date")) from None
        try:
            event["places"] = string_list(event.get("places"), f"event {n} places", path, None)
        except ChronicleError as exc:
            raise ChronicleError(exc.message, path, line("places")) from None
        for key in ("mention", "sentence"):
            if event.get(key) is not None and not isinstance(event[key], str):
                event[key] = str(event[key])
        problem = _facts_problem(event)
        if problem:
            raise ChronicleError(f"event {n}: {problem[1]}", path, line(problem[0]))
        events.append(event)
    return EntryFile(
        path=path,
        slug=path.stem,
        title=title.strip(),
        published=published,
        published_from=published_from,
        source=source,
        places=places,
        events=events,
        review=review,
        body=body,
        body_line=body_line,
        warnings=warnings,
    ), review_items


def _facts_problem(event: dict[str, Any]) -> tuple[str, str] | None:
    """(key, what is wrong) with the event's facts (what happened, who, how many), or None."""
    kind, sub = event.get("event_type"), event.get("sub_event_type")
    if kind is not None and kind not in EVENT_TYPES:
        return "event_type", f"event_type must be one of {', '.join(EVENT_TYPES)}, not {kind!r}"
    if sub is not None:
        if sub not in EVENT_TYPE_OF:
            return "sub_event_type", f"sub_event_type {sub!r} is not an ACLED sub-event type"
        if kind is not None and EVENT_TYPE_OF[sub] != kind:
            return "sub_event_type", f"{sub!r} is a sub-event type of {EVENT_TYPE_OF[sub]!r}"
        event["event_type"] = EVENT_TYPE_OF[sub]
    for key in ("actor1", "actor2"):
        value = event.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            return key, f"{key} must be an actor id (content/actors/<id>.md)"
    for key in CASUALTY_KEYS:
        value = event.get(key)
        if value is not None and (type(value) is not int or value < 0):
            return key, f"{key} must be a whole number of people (0 or more), not {value!r}"
    if event.get("casualty_words") is not None and not isinstance(event["casualty_words"], str):
        event["casualty_words"] = str(event["casualty_words"])
    for key in ("main", "background"):
        if key in event and not isinstance(event[key], bool):
            return key, f"{key} must be true or false, not {event[key]!r}"
    return None
