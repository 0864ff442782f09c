"""`chronicle ingest`: article files -> entries in content/entries, places in content/places.

read (chronicle.read) -> extract (chronicle.extract) -> write entries (chronicle.content).

No article is ever lost, and an editor's decisions are kept:
- An entry belongs to one source article, known by the sha256 of its bytes. The same
  article always maps to the same entry file; a different article never takes over an
  existing entry's file, whatever its headline or file name: it gets a file of its own.
- Every article given ends as an entry (written, unchanged, or kept because a person
  edited it) or as an error naming it.
- What a person changed in an entry is kept, field by field and event by event, and
  everything else is updated (`merge`; --force replaces the whole entry); an entry a
  person deleted is not made again (unless --force): `content/ingested.csv` lists every
  article ingest made an entry for.
- Place files are written before the entries that name them (a killed ingest never leaves
  an entry pointing at a place file not yet written), and are only ever created (a new
  one may be renamed at the end of its batch to the spelling the articles use, `names`).
- Only places extraction is sure of are published; the rest are review items (`items`),
  and so are inferred publication dates. Names in `content/not-places.txt` are never places.
- Without a `region` in chronicle.toml, the batch's region is inferred and written there
  (`region`).
- One ingest or build of a chronicle at a time (`chronicle.lock`).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from chronicle.atomic import write_atomic
from chronicle.config import setting
from chronicle.content import actors as actor_files
from chronicle.content import entries
from chronicle.content import places as place_files
from chronicle.content.frontmatter import compose, split_front_matter
from chronicle.content.records import (
    MAX_SLUG,
    RESERVED_SLUGS,
    ActorRecord,
    PlaceRecord,
    id_problem,
    slugify,
)
from chronicle.content.review import ReviewItem, load_not_places, note
from chronicle.errors import ChronicleError
from chronicle.extract import Extraction, extract
from chronicle.extract.actors import ActorList
from chronicle.extract.name_keys import name_key
from chronicle.extract.places import Geoparser
from chronicle.extract.published import find_published
from chronicle.ingest.items import (
    Published,
    as_notes,
    chronicle_actors,
    date_items,
    not_place_keys,
    publish_places,
)
from chronicle.ingest.merge import merge_entry
from chronicle.ingest.names import Spellings, renamed
from chronicle.lock import chronicle_lock
from chronicle.read.article import Article, find_articles, read_article
from chronicle.urls import web_address_problem

Say = Callable[[str], None]


@dataclass
class ManifestRow:
    published: date | None
    url: str | None
    outlet: str | None


@dataclass
class IngestOptions:
    content_dir: Path
    published: date | None = None
    manifest: dict[str, ManifestRow] = field(default_factory=dict)
    dry_run: bool = False
    force: bool = False
    region: list[str] = field(default_factory=list)
    day_first: bool = True
    # chronicle.toml: with no `region` set, the batch's region is inferred and written there
    config_path: Path | None = None
    # sha256 -> (published, published_from) an editor set in the article's entry: the
    # date relative dates resolve against (filled by `ingest`)
    editor_published: dict[str, tuple[date, str | None]] = field(default_factory=dict)


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by a person, nothing new to add
    merged: list[str] = field(default_factory=list)  # updated, the editor's changes kept
    review: list[str] = field(default_factory=list)  # entries with review items
    items: list[tuple[str, ReviewItem]] = field(default_factory=list)  # (entry, item)
    failed: list[tuple[str, str]] = field(default_factory=list)
    places_created: list[str] = field(default_factory=list)
    places_renamed: list[tuple[str, str, str]] = field(default_factory=list)  # id, old, new
    actors_created: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # skipped: an editor deleted its entry
    region: list[str] = field(default_factory=list)  # inferred from the batch, if it was

    def summary(self) -> str:
        skipped = (
            f"{len(self.deleted)} skipped because deleted by the editor, " if self.deleted else ""
        )
        merged = f"{len(self.merged)} updated around your edits, " if self.merged else ""
        return (
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, {merged}"
            f"{len(self.kept)} kept because edited, {skipped}{len(self.review)} needing "
            f"review ({len(self.items)} review items), {len(self.failed)} failed; "
            f"{len(self.places_created)} new places"
        )

    def top_items(self, limit: int = 5) -> list[tuple[str, ReviewItem]]:
        """The review items that change the published chronicle most, heaviest first."""
        return sorted(self.items, key=lambda si: (-si[1].weight, si[0]))[:limit]


class Manifest(dict[str, ManifestRow]):
    """Manifest rows keyed by file name, and the problems found in its rows (each as
    `path:line: what is wrong`; the rest of the manifest, and of the batch, still counts)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []


def _say_error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def load_manifest(path: Path, say: Say = _say_error) -> Manifest:
    """Manifest CSV (file, published, url, outlet) keyed by file name.

    A row that names no file, a file that does not exist (next to the manifest, under its
    folder, or from the current folder) or an impossible date is reported through `say`
    with its line, and skipped (a bad date alone: the row's url and outlet still count);
    a manifest without a header or that cannot be read is an error."""
    rows = Manifest()
    lines: dict[str, int] = {}

    def problem(message: str, line: int) -> None:
        error = str(ChronicleError(message, path, line))
        rows.problems.append(error)
        say(error)

    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise ChronicleError(
                    "manifest needs a header with a 'file' column (file, published, url, outlet)",
                    path,
                    1,
                )
            known = _ArticleNames(path.parent)
            for row in reader:
                line = reader.line_num
                name = (row.get("file") or "").strip()
                if not name:
                    problem("row without a file name, skipped", line)
                    continue
                if not known.has(name):
                    problem(f"no article file {name!r} (under {path.parent}), row skipped", line)
                    continue
                published = (row.get("published") or "").strip()
                try:
                    day = date.fromisoformat(published) if published else None
                except ValueError:
                    problem(
                        f"published must be a real date YYYY-MM-DD, not {published!r}; "
                        "the row's date is ignored",
                        line,
                    )
                    day = None
                key = Path(name).name
                if key in lines:
                    problem(f"{key!r} is also on line {lines[key]}; this row is used", line)
                lines[key] = line
                rows[key] = ManifestRow(
                    day,
                    (row.get("url") or "").strip() or None,
                    (row.get("outlet") or "").strip() or None,
                )
    except OSError as exc:
        raise ChronicleError(f"cannot read manifest: {exc.strerror}", path) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ChronicleError(f"not a readable CSV manifest: {exc}", path) from None
    return rows


class _ArticleNames:
    """Does a manifest row name an existing file? As a path from the manifest's folder or
    from the current folder, or by its name anywhere under the manifest's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: set[str] | None = None  # walked on first need

    def has(self, name: str) -> bool:
        if (self.folder / name).is_file() or Path(name).is_file():
            return True
        if self.names is None:
            self.names = {file for _root, _dirs, files in os.walk(self.folder) for file in files}
        return Path(name).name in self.names


class EntryIndex:
    """Which entry file each source article (sha256) went to, and which names are taken."""

    def __init__(self, entries_dir: Path) -> None:
        self.dir = entries_dir
        self.by_sha: dict[str, str] = {}
        self.by_file: dict[str, list[str]] = {}  # source file name -> slugs, for notes only
        self.taken: set[str] = set()  # casefolded: one page where names ignore case
        # sha256 -> the publication date an editor set in the article's entry
        self.editor_published: dict[str, tuple[date, str | None]] = {}
        for path in sorted(entries_dir.glob("*.md")) if entries_dir.is_dir() else []:
            self.taken.add(path.stem.casefold())
            try:
                meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
            except (ChronicleError, UnicodeDecodeError):
                continue
            found = meta.get("source")
            source: dict[str, Any] = found if isinstance(found, dict) else {}
            if source.get("sha256"):
                self.by_sha.setdefault(str(source["sha256"]), path.stem)
                edited = _editor_published(meta)
                if edited is not None:
                    self.editor_published[str(source["sha256"])] = edited
            if source.get("file"):
                self.by_file.setdefault(str(source["file"]), []).append(path.stem)

    def known(self, article: Article) -> str | None:
        """The entry made from this very article, if there is one."""
        return self.by_sha.get(article.sha256)

    def new_slug(self, article: Article, wanted: str | None = None) -> str:
        """A name no other entry has, for an article that has no entry: the headline's
        slug (or `wanted`), else that slug with the article's hash, which keeps two
        articles of one headline apart and gives the same name on every run."""
        base = slugify(article.title or article.path.stem) or "entry"
        candidates = [wanted] if wanted else []
        candidates += [base, f"{base[: MAX_SLUG - 9]}-{article.sha256[:8]}"]
        candidates += [f"{base[: MAX_SLUG - 17]}-{article.sha256[:16]}"]
        candidates += [f"{base[: MAX_SLUG - 20]}-{article.sha256[:16]}-{n}" for n in range(2, 999)]
        for slug in candidates:
            if slug and not self.is_taken(slug) and id_problem(slug) is None:
                self.remember(slug, article)
                return slug
        raise ChronicleError("no free entry name for this article", article.path)

    def is_taken(self, slug: str) -> bool:
        return (
            slug.casefold() in self.taken
            or slug in RESERVED_SLUGS
            or (self.dir / f"{slug}.md").exists()  # made by hand since the index was read
        )

    def remember(self, slug: str, article: Article) -> None:
        self.taken.add(slug.casefold())
        self.by_sha.setdefault(article.sha256, slug)


def _editor_published(meta: dict[str, Any]) -> tuple[date, str | None] | None:
    """The publication date an editor set in an entry (it differs from what ingest wrote
    last), or None."""
    record = meta.get(entries.RECORD_KEY)
    published = meta.get("published")
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published)
        except ValueError:
            return None
    if not isinstance(record, dict) or not isinstance(published, date):
        return None
    if entries.value_hash(entries.field_value(meta, "", "published")) == record.get("published"):
        return None
    how = meta.get("published_from")
    return published, how if how in entries.PUBLISHED_FROM else "editor"


LEDGER = "ingested.csv"
_LEDGER_COLUMNS = ("sha256", "entry", "file")


class Ledger:
    """`content/ingested.csv`: every article ingest has made an entry for (sha256, entry
    file, article file name). An article listed here whose entry is gone was deleted by
    the editor; it is not ingested again unless --force. Rows are appended (each line
    whole, or ignored when a killed ingest left half of one); delete a row to let ingest
    make that entry again."""

    def __init__(self, content_dir: Path) -> None:
        self.path = content_dir / LEDGER
        self.rows: dict[str, tuple[str, str]] = {}  # sha256 -> (entry, file)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            raise ChronicleError(
                f"cannot read the list of ingested articles: {exc}", self.path
            ) from None
        for row in csv.reader(io.StringIO(text)):
            if len(row) == 3 and len(row[0]) == 64 and row[0] != _LEDGER_COLUMNS[0]:
                self.rows[row[0]] = (row[1], row[2])

    def deleted(self, sha256: str, index: EntryIndex) -> str | None:
        """The entry the editor deleted for this article, or None."""
        if sha256 in self.rows and sha256 not in index.by_sha:
            return self.rows[sha256][0]
        return None

    def add(self, entries: list[tuple[str, str, str]]) -> None:
        """Append (sha256, entry, file) rows not listed yet."""
        new = [row for row in entries if len(row[0]) == 64 and row[0] not in self.rows]
        if not new:
            return
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if not self.path.exists():
            writer.writerow(_LEDGER_COLUMNS)
        writer.writerows(new)
        with open(self.path, "a", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        for sha, entry, name in new:
            self.rows[sha] = (entry, name)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_markdown(block: str) -> str:
    """Plain text as a Markdown paragraph that renders as the same text."""
    if block.startswith("## "):
        return "## " + escape_markdown(block[3:])
    text = block.translate(_MD_SPECIAL)
    # A paragraph must not start a list, quote, heading or code block. Only punctuation
    # can be escaped in Markdown: "30 October" stays as it is (a backslash before a digit
    # would be shown), "1. Troops" becomes "1\\. Troops".
    if text[:1] in "#>-+=|~":
        text = "\\" + text
    else:
        text = _ORDERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text, count=1)
    return text


def _choose_published(
    article: Article, row: ManifestRow | None, option: date | None, *, day_first: bool = True
) -> tuple[date | None, str | None, list[str]]:
    """The publication date of an article and where it came from, in this order: the
    --published option, the manifest, the file's metadata (HTML, front matter), a date its
    text states (a dateline, "Published ..."), else one inferred from its dates (flagged).
    Returns (date, published_from, review notes)."""
    notes: list[str] = []
    given, given_from = (
        (option, "option")
        if option
        else ((row.published, "manifest") if row and row.published else (None, None))
    )
    stated, stated_from = article.published, article.published_from
    if stated is None:
        found = find_published(
            article.text, article.date_lines, day_first=day_first, infer=given is None
        )
        stated, stated_from = found.date, found.how
        if given is None and found.review_note():
            notes.append(found.review_note() or "")
    if given and stated and stated_from != "inferred" and stated != given:
        notes.append(
            f"The file states the publication date {stated.isoformat()}, "
            f"but the {given_from} gives {given.isoformat()}; the {given_from} was used."
        )
    if given:
        return given, given_from, notes
    return stated, stated_from, notes


# Notes extraction writes that ingest replaces with review items of its own (`items`)
_REPLACED_NOTES = (
    'Place "',
    "No publication date",
    "Dates found but not resolved",
    "The publication date",
)


def review_list(
    article: Article,
    extraction: Extraction,
    places: Published,
    notes: list[str],
    published_from: str | None,
) -> list[ReviewItem]:
    """The entry's review items (heaviest first) and notes."""
    found: list[ReviewItem] = [note(n) for n in article.review]
    found += [note(n) for n in [*notes, *extraction.review] if not n.startswith(_REPLACED_NOTES)]
    found += places.items
    found += date_items(extraction, extraction.published, published_from)
    unique: dict[str, ReviewItem] = {}
    for item in as_notes(found):
        unique.setdefault(item.key, item)
    return list(unique.values())


def build_entry(
    article: Article,
    extraction: Extraction,
    published_from: str | None,
    notes: list[str],
    not_places: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], str, Published]:
    """Front matter and body of the entry for one article, and what it publishes of its
    places (the events of `extraction` keep only published places)."""
    places = publish_places(article.text, extraction, set(not_places))
    url = article.url
    if url and web_address_problem(url.strip()):
        notes = [*notes, f"The source address {url!r} is not an http(s) address; it was left out."]
        url = None
    review = review_list(article, extraction, places, notes, published_from)
    meta: dict[str, Any] = {
        "title": article.title,
        "published": extraction.published,
        "published_from": published_from,
        "source": {
            "file": article.path.name,
            "sha256": article.sha256,
            "url": url.strip() if url else None,
            "outlet": article.outlet,
        },
        "places": places.ids,
        "events": [event.as_dict() for event in extraction.events],
        "review": [item.as_yaml() for item in review],
    }
    blocks = (
        article.blocks
        if article.path.suffix.lower() in (".md", ".markdown")
        else [escape_markdown(b) for b in article.blocks]
    )
    return meta, "\n\n".join(blocks), places


class DiskFull(ChronicleError):
    """The disk (or quota) is full: every later write would fail too."""


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def ingest(paths: list[Path], options: IngestOptions, say: Say = print) -> IngestReport:
    """Ingest article files and folders; every failure is reported, none stops the rest
    (but a full disk, which stops the batch with one line)."""
    files = find_articles(paths)
    if not options.dry_run:
        try:
            options.content_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ChronicleError(
                f"cannot make the content folder: {exc.strerror}", options.content_dir
            ) from None
    with chronicle_lock(options.content_dir, "ingest", say):
        return _ingest(files, options, say)


def _ingest(files: list[Path], options: IngestOptions, say: Say) -> IngestReport:
    report = IngestReport()
    entries_dir = options.content_dir / "entries"
    places_dir = options.content_dir / "places"
    if not options.dry_run:
        for folder in (entries_dir, places_dir):
            for tmp in entries.remove_stale_temporaries(folder):
                say(f"{tmp}: removed, left by an interrupted ingest")
    index = EntryIndex(entries_dir)
    options.editor_published = index.editor_published
    ledger = Ledger(options.content_dir)
    if not options.region and options.config_path is not None and files:
        _infer_region(files, options, report, say)
    geoparser = Geoparser(place_files.load_place_records(places_dir), region=options.region)
    not_names = load_not_places(options.content_dir)
    actors = chronicle_actors(
        actor_files.load_actor_records(options.content_dir / "actors"), not_names
    )
    batch = _Batch(not_place_keys(not_names), actors)
    handled = 0  # articles done with (an entry or an error)
    try:
        if not options.dry_run:
            # Entries on disk (an earlier ingest, an older Chronicle) are listed first, so
            # that deleting one of them later counts as the editor's decision.
            ledger.add([(sha, slug, "") for sha, slug in index.by_sha.items()])
        work_items = _read_and_extract_all(files, options, geoparser, actors)
        for path, work in _progress(work_items, len(files)):
            try:
                _ingest_one(path, work, options, index, ledger, batch, report, say)
            except ChronicleError as exc:
                report.failed.append((str(path), str(exc)))
                say(f"error: {exc}")
            except OSError as exc:
                if exc.errno in _FULL:
                    raise
                report.failed.append((str(path), f"{path}: cannot write: {exc}"))
                say(f"error: {path}: cannot write: {exc}")
            except Exception as exc:  # a bug must not lose the rest of the batch
                report.failed.append((str(path), f"{type(exc).__name__}: {exc}"))
                say(f"error: {path}: internal error while ingesting: {type(exc).__name__}: {exc}")
            handled += 1
        if not options.dry_run:
            _name_new_places(places_dir, batch.spellings, report, geoparser)
    except OSError as exc:
        if exc.errno not in _FULL:
            raise
        where = exc.filename or options.content_dir
        left = len(files) - handled
        raise DiskFull(
            f"{exc.strerror or 'the disk is full'}: ingest stopped with {left} of "
            f"{len(files)} article(s) not ingested ({len(report.written)} written); every file "
            "written is whole: free some space and run the same ingest again",
            where,
        ) from None
    return report


@dataclass
class _Batch:
    """What one ingest learns across its articles."""

    not_places: set[str]
    actors: ActorList
    done: dict[str, str] = field(default_factory=dict)  # sha256 -> slug (an article twice)
    spellings: Spellings = field(default_factory=Spellings)


def _infer_region(
    files: list[Path], options: IngestOptions, report: IngestReport, say: Say
) -> None:
    """No region set: the batch's, handed to the geoparser and written to chronicle.toml."""
    from chronicle.ingest.region import infer_batch_region, write_region

    region, voters = infer_batch_region(files, _jobs())
    if not region:
        return
    options.region = report.region = region
    codes = ", ".join(region)
    assert options.config_path is not None
    if options.dry_run:
        say(
            f"region: none set in {options.config_path.name}; inferred {codes} from {voters} articles (not written: dry run)"
        )
        return
    try:
        write_region(options.config_path, region, voters)
    except (ChronicleError, OSError) as exc:
        say(f"warning: {exc}")
        return
    say(
        f"region: none set in {options.config_path.name}; inferred {codes} from the "
        f"{voters} articles that name a country, and wrote it there (edit it to change)"
    )


def _name_new_places(
    places_dir: Path, spellings: Spellings, report: IngestReport, geoparser: Geoparser
) -> None:
    """Place files this ingest created, still as it wrote them, take the name the batch's
    articles use most (the gazetteer's name stays an alias), unless another place of the
    chronicle or of the gazetteer's same country has that name."""
    if not report.places_created:
        return
    names: dict[str, str] = {}  # casefolded name -> place id, of every place file
    for path in sorted(places_dir.glob("*.md")):
        try:
            names.setdefault(place_files.load_place(path).record.name.casefold(), path.stem)
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
    for place_id in report.places_created:
        path = places_dir / f"{place_id}.md"
        try:
            text = path.read_text(encoding="utf-8")
            if entries.is_hand_edited(text):
                continue
            found = place_files.load_place(path)
        except (OSError, UnicodeDecodeError, ChronicleError):
            continue
        record = found.record

        def taken(name: str, record: PlaceRecord = record) -> bool:
            if names.get(name.casefold(), record.id) != record.id:
                return True
            key = name_key(name)
            return any(
                other.id != record.id
                and other.country == record.country
                and name_key(other.name) == key
                for other in geoparser.gaz.lookup([key]).get(key, [])
            )

        name = spellings.preferred(record, taken)
        if name is None:
            continue
        names[name.casefold()] = place_id
        report.places_renamed.append((place_id, record.name, name))
        write_atomic(path, place_files.render_place(renamed(record, name), found.description))


def _ingest_one(
    path: Path,
    work: Any,
    options: IngestOptions,
    index: EntryIndex,
    ledger: Ledger,
    batch: _Batch,
    report: IngestReport,
    say: Say,
) -> None:
    if isinstance(work, BaseException):
        raise work
    article, published, published_from, notes, extraction = work
    done = batch.done
    if article.sha256 in done:
        say(f"{path}: same article as {done[article.sha256]}.md, skipped")
        return
    deleted = ledger.deleted(article.sha256, index)
    if deleted is not None and not options.force:
        done[article.sha256] = deleted
        report.deleted.append(deleted)
        say(
            f"{path}: skipped, deleted by the editor (was {deleted}.md); "
            "use --force to ingest it again"
        )
        return
    meta, body, places = build_entry(article, extraction, published_from, notes, batch.not_places)
    for record in places.records:
        problem = id_problem(record.id)
        if problem:
            raise ChronicleError(
                f"place {record.name!r} got an id that cannot be a file name: {problem}",
                path,
            )
    slug = index.known(article)
    if slug is None:
        slug = index.new_slug(article, wanted=deleted)
        others = [s for s in index.by_file.get(article.path.name, []) if s != slug]
        if others:
            say(
                f"{path}: a new entry, {slug}.md: {', '.join(o + '.md' for o in others)} "
                f"came from another article of the same file name (delete it if this "
                f"article replaces it)"
            )
    done[article.sha256] = slug
    # Places and actors first: an entry never names a file not yet written.
    for record in places.records:
        target = options.content_dir / "places" / f"{record.id}.md"
        if not target.exists() and record.id not in report.places_created:
            report.places_created.append(record.id)
            if not options.dry_run:
                write_atomic(target, place_files.render_place(record))
    for actor in _actor_records(extraction, batch.actors):
        target = options.content_dir / "actors" / f"{actor.id}.md"
        if not target.exists() and actor.id not in report.actors_created:
            report.actors_created.append(actor.id)
            if not options.dry_run:
                write_atomic(target, actor_files.render_actor(actor))
    for text, place_id in places.spellings:
        batch.spellings.add(text, place_id)
    target = options.content_dir / "entries" / f"{slug}.md"
    written = _write_entry(target, meta, body, options, report, say)
    items = [item for item in _items_of(written) if item.is_item]
    if items:
        report.review.append(slug)
        report.items += [(slug, item) for item in items]
    if not options.dry_run:
        ledger.add([(article.sha256, slug, article.path.name)])


def _actor_records(extraction: Extraction, actors: ActorList) -> list[ActorRecord]:
    """Every actor the events name, and the actors they belong to (their parents)."""
    found: dict[str, ActorRecord] = {}
    for event in extraction.events:
        for record in (getattr(event, "actor1", None), getattr(event, "actor2", None)):
            seen: set[str] = set()
            while record is not None and record.id not in seen:
                seen.add(record.id)
                found.setdefault(record.id, record)
                record = actors.get(record.parent) if record.parent else None
    return list(found.values())


def _items_of(meta: dict[str, Any]) -> list[ReviewItem]:
    from chronicle.content.review import parse_items

    try:
        items, _ = parse_items(meta.get("review"), Path("entry"), None)
    except ChronicleError:
        return []
    return items


def _write_entry(
    target: Path,
    meta: dict[str, Any],
    body: str,
    options: IngestOptions,
    report: IngestReport,
    say: Say,
) -> dict[str, Any]:
    """Write the entry, keeping what a person changed in it (field by field, see
    `merge`); returns the front matter the entry now has."""
    meta = {**meta, entries.RECORD_KEY: entries.ingest_record(meta, body)}
    new_text = entries.render_entry(meta, body)
    slug = target.stem
    if target.exists() and not options.force:
        old_text = target.read_text(encoding="utf-8", errors="replace")
        if old_text == new_text:
            report.unchanged.append(slug)
            return meta
        if entries.is_hand_edited(old_text):
            return _keep_edits(target, old_text, meta, body, new_text, options, report, say)
    report.written.append(slug)
    if options.dry_run:
        say(f"{target}: would write")
    else:
        write_atomic(target, new_text)
    return meta


def _keep_edits(
    target: Path,
    old_text: str,
    meta: dict[str, Any],
    body: str,
    new_text: str,
    options: IngestOptions,
    report: IngestReport,
    say: Say,
) -> dict[str, Any]:
    """An entry a person edited: their changes kept, the rest updated; an entry that does
    not record what ingest wrote (an older Chronicle's) is kept whole."""
    slug = target.stem
    try:
        current, current_body, _ = split_front_matter(old_text, target)
    except ChronicleError:
        current = {}
        current_body = ""
    merged = merge_entry(current, current_body, meta, body) if current else None
    if merged is None:
        report.kept.append(slug)
        say(f"{target}: edited by hand, kept whole (use --force to replace it)")
        return current or meta
    # The checksum of what ingest would write: the file, which differs, stays the editor's.
    merged.meta[entries.CHECKSUM_KEY] = _checksum_of(new_text)
    merged_text = compose(merged.meta, merged.body)
    what = "; ".join(merged.kept) or "nothing"
    shown = "".join(f"\n    {line}" for line in merged.diffs[:6])
    if len(merged.diffs) > 6:
        shown += f"\n    … {len(merged.diffs) - 6} more"
    if merged_text == old_text or _same_content(merged.meta, merged.body, current, current_body):
        # nothing new: the file stays as the editor wrote it (their YAML style and all)
        report.kept.append(slug)
        say(f"{target}: edited by hand, kept ({what}); ingest has nothing new for it{shown}")
        return merged.meta
    report.merged.append(slug)
    if options.dry_run:
        say(f"{target}: would update, keeping your changes ({what}){shown}")
    else:
        write_atomic(target, merged_text)
        say(f"{target}: updated, your changes kept ({what}){shown}")
    return merged.meta


def _same_content(
    meta: dict[str, Any], body: str, current: dict[str, Any], current_body: str
) -> bool:
    """The same entry, what ingest recorded of itself aside."""
    skip = (entries.CHECKSUM_KEY, entries.RECORD_KEY)
    mine = {k: v for k, v in current.items() if k not in skip}
    theirs = {k: v for k, v in meta.items() if k not in skip}
    return mine == theirs and body.strip() == current_body.strip()


def _checksum_of(text: str) -> str:
    found = re.search(rf"^{entries.CHECKSUM_KEY}:\s*['\"]?([0-9a-f]{{64}})", text, re.M)
    assert found is not None
    return found.group(1)


def _read_and_extract(
    path: Path, options: IngestOptions, geoparser: Geoparser, actors: ActorList | None = None
) -> Any:
    """Read and extract one article: (article, published, published_from, notes,
    extraction), or the exception it raised. Independent of every other article, so it
    runs in worker processes."""
    try:
        article = read_article(path)
        row = options.manifest.get(path.name)
        edited = options.editor_published.get(article.sha256)
        published: date | None
        notes: list[str] = []
        if edited is not None:  # the editor's date, set in the entry, wins
            published, published_from = edited
        else:
            published, published_from, notes = _choose_published(
                article, row, options.published, day_first=options.day_first
            )
        if row and not article.url:
            article.url = row.url
        if row and not article.outlet:
            article.outlet = row.outlet
        extraction = extract(
            article.text, published, geoparser, day_first=options.day_first, actors=actors
        )
        return article, published, published_from, notes, extraction
    except Exception as exc:  # noqa: BLE001 - reported by the caller, in input order
        return exc


_WORK: tuple[IngestOptions, Geoparser, ActorList | None] | None = None  # for forked workers


def _work_in_worker(path: Path) -> Any:
    assert _WORK is not None
    result = _read_and_extract(path, *_WORK)
    try:
        import pickle

        pickle.dumps(result)
    except Exception as exc:  # noqa: BLE001 - an unpicklable error: send its text
        return ChronicleError(f"{type(exc).__name__} while ingesting: {result}", path)
    return result


def _jobs() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return int(setting("jobs") or cores)


def _read_and_extract_all(
    files: list[Path],
    options: IngestOptions,
    geoparser: Geoparser,
    actors: ActorList | None = None,
) -> Any:
    """(path, work) for every file, in input order; in worker processes (forked, so
    they share the gazetteer) when there are enough articles and cores."""
    jobs = _jobs()
    if jobs < 2 or len(files) < 20 or not hasattr(os, "fork"):
        for path in files:
            yield path, _read_and_extract(path, options, geoparser, actors)
        return
    import multiprocessing

    global _WORK
    _WORK = (options, geoparser, actors)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from zip(files, pool.imap(_work_in_worker, files, chunksize=4))
    finally:
        _WORK = None


def _progress(items: Any, total: int) -> Any:
    """A progress bar on a terminal for batches that take a while."""
    if total < 50 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="article", desc="ingest", file=sys.stderr)
