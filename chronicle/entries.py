"""The entry and place file formats: front-matter Markdown a person reads and corrects.

    content/entries/<slug>.md   one article: title, dates, source, places, events, review
    content/places/<id>.md      one place: name, kind, parent, coordinates, description

Writing is atomic (temporary file + rename) so an interrupted ingest never leaves a half
file. Every entry carries `ingest_checksum`, the hash of what ingest wrote, so a later
ingest can tell an entry a person has edited and leave it alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from chronicle.atomic import TMP_SUFFIX, write_atomic  # noqa: F401  (part of this module's API)
from chronicle.errors import ChronicleError

if TYPE_CHECKING:
    from chronicle.extract.types import PlaceRecord
# chronicle.extract.types is imported where places are read: importing it runs the
# extraction package's __init__ (~0.15 s), which reading entries does not need.

CHECKSUM_KEY = "ingest_checksum"
ENTRY_KEYS = (
    "title",
    "published",
    "published_from",
    "source",
    "places",
    "events",
    "review",
    CHECKSUM_KEY,
)
PLACE_KEYS = (
    "name",
    "kind",
    "aliases",
    "parent",
    "country",
    "lat",
    "lon",
    "geonames",
    CHECKSUM_KEY,
)
PUBLISHED_FROM = ("text", "option", "manifest", "html", "inferred")
EVENT_KEYS = ("date", "mention", "sentence", "places", "mod")
# TIMEX3 values an event may carry: year, month, day, ISO week, decade
EVENT_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$|^\d{3}X$")
MAX_SLUG = 80


# --------------------------------------------------------------------------- slugs


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """A file-name-safe, URL-safe slug: lowercase ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "untitled"


RESERVED_SLUGS = frozenset({"index"})  # entries/index.html and places/index.html
_BAD_ID_CHARS = re.compile(r"[\x00-\x20\x7f/\\?#%&\"'<>:*|]")


def id_problem(slug: str) -> str | None:
    """Why `slug` cannot be the id of an entry or place (its file and page name), or None.

    Ids come from `slugify` and the gazetteer (lowercase, hyphens, letters of any script);
    a person may name a file by hand, so anything a URL or a file system would read
    differently, or that would leave its folder, is refused here."""
    if not slug or slug.startswith(".") or slug.startswith("-"):
        return f"{slug!r} must start with a letter or digit"
    if _BAD_ID_CHARS.search(slug):
        return (
            f"{slug!r} has a character that is not allowed in a page name "
            f"(use lowercase letters, digits and hyphens)"
        )
    if slug in RESERVED_SLUGS:
        return f"{slug!r} is reserved for the index page"
    if len(slug.encode("utf-8")) > 200:
        return f"{slug[:40]!r}… is too long for a file name"
    return None


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short lists of ids, wide lines."""


# Characters YAML reads as line breaks or cannot write plainly: such strings are written
# double-quoted, where they are escaped, so they read back exactly.
_NEEDS_QUOTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _NEEDS_QUOTES.search(value):
        style = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100000,
        default_flow_style=None,
    )


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (the C one where PyYAML has it: entries are read on every build),
    where a date that does not exist ("2017-02-30") stays a string for validation to
    report with its key and line, instead of a bare ValueError from deep inside PyYAML."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _loader() -> type:
    return _Loader


_STR, _INT, _NULL, _BOOL, _TIMESTAMP, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "null", "bool", "timestamp", "seq", "map")
)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


class _Unusual(Exception):
    """A node the short constructor leaves to PyYAML's."""


def _construct(node: yaml.Node, seen: set[int]) -> Any:
    """What the safe loader (with `_timestamp`) makes of `node`, for the kinds of node
    front matter holds: strings, plain integers, null, booleans, dates, lists, mappings
    with string keys. Anything else raises _Unusual (and so does a container met twice,
    an alias, which PyYAML shares)."""
    tag = node.tag
    if type(node) is yaml.ScalarNode:
        value = node.value
        if tag == _STR:
            return value
        if tag == _INT and _PLAIN_INT.match(value):
            return int(value)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return yaml.constructor.SafeConstructor.bool_values[value.lower()]
        if tag == _TIMESTAMP:
            day = _DAY.match(value)
            if day:
                try:
                    return date(int(day[1]), int(day[2]), int(day[3]))
                except ValueError:
                    return value  # as `_timestamp`: left for validation
        raise _Unusual
    if id(node) in seen:
        raise _Unusual
    seen.add(id(node))
    if type(node) is yaml.SequenceNode and tag == _SEQ:
        return [_construct(item, seen) for item in node.value]
    if type(node) is yaml.MappingNode and tag == _MAP:
        out = {}
        for key, item in node.value:
            if type(key) is not yaml.ScalarNode or key.tag != _STR:
                raise _Unusual  # merge keys, non-string keys
            out[key.value] = _construct(item, seen)
        return out
    raise _Unusual


def load_yaml(text: str) -> Any:
    """`yaml.load(text, Loader=_loader())`, the same values, in about half the time: libyaml
    composes the nodes, and the common ones are made into values here instead of by
    PyYAML's constructor (which does it in pure Python, generators and all; it was a
    quarter of a cold build's time at 10,000 entries). Unusual documents go to PyYAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(node, set())
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line number of the body's first line) of a Markdown file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.S)
    if not match:
        raise ChronicleError("no front matter (the file must start with a line '---')", path, 1)
    try:
        meta = load_yaml(match.group(1) or "") or {}
    except RecursionError:
        raise ChronicleError("front matter is nested too deeply", path, 2) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value PyYAML cannot build
        raise ChronicleError(
            f"front matter has a value that cannot be read: {exc}", path, 2
        ) from None
    except yaml.YAMLError as exc:
        # The construct that is broken (context) is where to look; else where parsing stopped.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ChronicleError(
            f"front matter is not valid YAML: {problem}", path, mark.line + 2 if mark else None
        ) from None
    if not isinstance(meta, dict):
        raise ChronicleError("front matter must be a mapping of keys to values", path, 2)
    body_line = text.count("\n", 0, match.end()) + 1
    return meta, text[match.end() :], body_line


def compose(meta: dict[str, Any], body: str) -> str:
    # One kind of line end: files are read back with universal newlines.
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"---\n{dump_yaml(meta)}---\n" + (f"\n{body}\n" if body else "")


# --------------------------------------------------------------------------- atomic writes


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


# --------------------------------------------------------------------------- entries


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
    review: list[str]
    body: str
    body_line: int = 1
    warnings: list[str] = field(default_factory=list)


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def node_line(text: str, *keys: str | int) -> int | None:
    """The file line of a value in the front matter of `text`: `node_line(text, "events",
    2, "date")` is the line of the third event's date. Composes the YAML again, so it is
    only for messages; None where the value is not there."""
    if text.startswith("\ufeff"):
        text = text[1:]
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.S)
    if not match:
        return None
    try:
        node = yaml.compose(match.group(1) or "", Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    mark = None
    for key in keys:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
            node, mark = (pair[1], pair[0].start_mark) if pair else (None, None)
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(node.value)
        ):
            node = node.value[key]
            mark = node.start_mark
        else:
            return None
        if node is None:
            return None
    mark = mark or (node.start_mark if node is not None else None)
    return mark.line + 2 if mark is not None else None


def _check_date(value: object, what: str, path: Path, line: int | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ChronicleError(f"{what} must be a real date YYYY-MM-DD, not {value!r}", path, line)


def _check_event_date(value: object, path: Path, line: int | None) -> str:
    value = value.isoformat() if isinstance(value, date) else value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)  # `date: 2017` unquoted is the year 2017
    if not isinstance(value, str) or not EVENT_DATE.match(value):
        raise ChronicleError(
            f"event date must be YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www, not {value!r}", path, line
        )
    if len(value) == 10:
        _check_date(value, "event date", path, line)
    elif len(value) == 7 and "W" not in value and not 1 <= int(value[5:]) <= 12:
        raise ChronicleError(f"event date has no month {value[5:]}: {value!r}", path, line)
    elif "W" in value and not 1 <= int(value[6:]) <= 53:
        raise ChronicleError(f"event date has no week {value[6:]}: {value!r}", path, line)
    return value


def _string_list(value: object, what: str, path: Path, line: int | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ChronicleError(f"{what} must be a list of strings", path, line)
    return list(value)


def _read_front_matter(
    path: Path,
    known: tuple[str, ...],
) -> tuple[str, dict[str, Any], str, int, list[str]]:
    """(text, front matter, body, body's first line, unknown-key warnings) of a file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ChronicleError("not UTF-8 text", path) from None
    meta, body, body_line = split_front_matter(text, path)
    warnings = [f"{path}:{_line_of(text, k)}: unknown key {k!r}" for k in meta if k not in known]
    return text, meta, body, body_line, warnings


def load_entry(path: Path) -> EntryFile:
    """Read and validate one entry file; errors name the file and line."""
    text, meta, body, body_line, warnings = _read_front_matter(path, ENTRY_KEYS)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ChronicleError("title is missing or not text", path, _line_of(text, "title"))
    published = _check_date(meta.get("published"), "published", path, _line_of(text, "published"))
    published_from = meta.get("published_from")
    if published_from is not None and published_from not in PUBLISHED_FROM:
        raise ChronicleError(
            f"published_from must be one of {', '.join(PUBLISHED_FROM)}",
            path,
            _line_of(text, "published_from"),
        )
    source = meta.get("source") or {}
    if not isinstance(source, dict):
        raise ChronicleError(
            "source must be a mapping (file, sha256, url, outlet)", path, _line_of(text, "source")
        )
    places = _string_list(meta.get("places"), "places", path, _line_of(text, "places"))
    review = _string_list(meta.get("review"), "review", path, _line_of(text, "review"))
    raw_events = meta.get("events") or []
    events_line = _line_of(text, "events")
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
            event["date"] = _check_event_date(event.get("date"), path, None)
        except ChronicleError as exc:
            raise ChronicleError(exc.message, path, line("date")) from None
        try:
            event["places"] = _string_list(event.get("places"), f"event {n} places", path, None)
        except ChronicleError as exc:
            raise ChronicleError(exc.message, path, line("places")) from None
        for key in ("mention", "sentence"):
            if event.get(key) is not None and not isinstance(event[key], str):
                event[key] = str(event[key])
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
    )


# --------------------------------------------------------------------------- places


@dataclass
class PlaceFile:
    record: PlaceRecord
    description: str
    path: Path
    warnings: list[str] = field(default_factory=list)


def place_meta(record: PlaceRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind,
        "aliases": list(record.aliases),
        "parent": record.parent,
        "country": record.country,
        "lat": record.lat,
        "lon": record.lon,
        "geonames": record.geonames,
    }


def render_place(record: PlaceRecord, description: str = "") -> str:
    """A place file as ingest writes it, with the checksum that tells later edits apart."""
    return render_entry(place_meta(record), description)


def load_place(path: Path) -> PlaceFile:
    """Read and validate one place file; errors name the file and line."""
    from chronicle.extract.types import PLACE_KINDS, PlaceRecord

    text, meta, body, _, warnings = _read_front_matter(path, PLACE_KEYS)
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ChronicleError("name is missing or not text", path, _line_of(text, "name"))
    kind = meta.get("kind") or "area"
    if kind not in PLACE_KINDS:
        raise ChronicleError(
            f"kind must be one of {', '.join(PLACE_KINDS)}, not {kind!r}",
            path,
            _line_of(text, "kind"),
        )
    coords = {}
    for key, limit in (("lat", 90), ("lon", 180)):
        value = meta.get(key)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not -limit <= value <= limit
        ):
            raise ChronicleError(
                f"{key} must be a number from -{limit} to {limit}, not {value!r}",
                path,
                _line_of(text, key),
            )
        coords[key] = float(value) if value is not None else None
    parent = meta.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ChronicleError("parent must be a place id", path, _line_of(text, "parent"))
    geonames = meta.get("geonames")
    if geonames is not None and (isinstance(geonames, bool) or not isinstance(geonames, int)):
        raise ChronicleError(
            "geonames must be a GeoNames id (a number)", path, _line_of(text, "geonames")
        )
    country = meta.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2):
        raise ChronicleError(
            "country must be an ISO 3166-1 code such as IQ", path, _line_of(text, "country")
        )
    aliases = _string_list(meta.get("aliases"), "aliases", path, _line_of(text, "aliases"))
    record = PlaceRecord(
        id=path.stem,
        name=name.strip(),
        kind=kind,
        country=country.upper() if country else None,
        lat=coords["lat"],
        lon=coords["lon"],
        geonames=geonames,
        parent=parent,
        aliases=aliases,
    )
    return PlaceFile(record=record, description=body.strip(), path=path, warnings=warnings)


def load_place_records(places_dir: Path) -> list[PlaceRecord]:
    """The places an editor made or corrected, for the geoparser to read before the gazetteer.

    A place file exactly as ingest wrote it only repeats what the gazetteer says, so it is
    left out: reading it back would make a second ingest resolve differently from the
    first. Files that fail to load are skipped here; `build` and `check` report them.
    """
    records = []
    for path in sorted(places_dir.glob("*.md")) if places_dir.is_dir() else []:
        try:
            if not is_hand_edited(path.read_text(encoding="utf-8")):
                continue
            records.append(load_place(path).record)
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
    return records
