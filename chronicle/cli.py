"""The `chronicle` command line: init, ingest, extract, build, serve, check."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from datetime import date
from pathlib import Path

from chronicle import __version__
from chronicle.config import (
    CONFIG_NAME,
    Config,
    Invalid,
    check_value,
    default_toml,
    load_config,
    search_on,
)
from chronicle.errors import ChronicleError
from chronicle.log import show_messages
from chronicle.plugins import load_plugins


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _config(args: argparse.Namespace) -> Config:
    return load_config(getattr(args, "root", None) or ".")


def _content_dir(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.content) if getattr(args, "content", None) else config.content_dir


# --------------------------------------------------------------------------- init


def cmd_init(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if (root / CONFIG_NAME).exists():
        raise ChronicleError("a chronicle already exists here", root / CONFIG_NAME)
    for sub in ("articles", "content/entries", "content/places"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    title = root.resolve().name.replace("-", " ").replace("_", " ").title()
    # Escaped as TOML requires: a folder named `war\data` or with a line break in its name
    # still gives a chronicle.toml every command can read.
    (root / CONFIG_NAME).write_text(default_toml(title), encoding="utf-8")
    load_config(root)  # what was written reads back
    print(
        f"New chronicle in {root}/: put articles in {root}/articles/, then run\n"
        f"  cd {root} && chronicle ingest articles/ && chronicle build"
    )
    return 0


# --------------------------------------------------------------------------- ingest


def cmd_ingest(args: argparse.Namespace) -> int:
    from chronicle.ingest import IngestOptions, ingest, load_manifest

    config = _config(args)
    manifest = load_manifest(Path(args.manifest)) if args.manifest else None
    options = IngestOptions(
        content_dir=_content_dir(args, config),
        published=args.published,
        manifest=manifest or {},
        dry_run=args.dry_run,
        force=args.force,
        region=config.region,
        day_first=config.day_first,
        config_path=config.root / CONFIG_NAME,
        plugins=load_plugins(config.plugins, config.root),
    )
    report = ingest([Path(p) for p in args.paths], options)
    prefix = "dry run, nothing written: " if args.dry_run else ""
    print(f"ingest: {prefix}{report.summary()}")
    for line in _review_lines(report, options.content_dir):
        print(line)
    if report.failed:
        print(f"ingest: {len(report.failed)} article(s) failed:", file=sys.stderr)
        for _path, message in report.failed:
            print(f"  {message}", file=sys.stderr)
        return 1
    if manifest is not None and manifest.problems:
        print(f"ingest: {len(manifest.problems)} manifest row(s) with problems", file=sys.stderr)
        return 2
    return 0


def _review_lines(report, content_dir: Path, top: int = 5) -> list[str]:
    """Counts of the review items by kind and the few that change the chronicle most."""
    from collections import Counter

    from chronicle.content.review import KIND_LABELS

    lines = []
    if report.places_renamed:
        shown = ", ".join(f"{old} -> {new}" for _, old, new in report.places_renamed[:6])
        more = len(report.places_renamed) - 6
        lines.append(
            f"named as the articles spell them: {shown}" + (f" and {more} more" if more > 0 else "")
        )
    if not report.items:
        return lines
    kinds = Counter(item.kind for _, item in report.items)
    counts = ", ".join(f"{n} {KIND_LABELS[kind]}" for kind, n in kinds.most_common())
    lines.append(
        f"review: {len(report.items)} items in {len(report.review)} entries ({counts}); "
        f"the {min(top, len(report.items))} that change the chronicle most:"
    )
    for slug, item in report.top_items(top):
        text = item.text if len(item.text) <= 110 else item.text[:109] + "…"
        lines.append(f"  [{item.weight:g}] {slug}: {text}")
    lines.append(
        "  all of them: `chronicle review`; decide them in `chronicle serve`'s review page "
        "(/_review/)"
    )
    return lines


# --------------------------------------------------------------------------- extract


def _extraction_json(
    doc_id: object, text: str, published: date | None, geoparser, day_first: bool, actors=None
) -> dict:
    from chronicle.extract import extract
    from chronicle.read import clean

    # A whole article file, page furniture and all: furniture lines are blanked out
    # (offsets unchanged), and the lines where it states its date are handed over.
    lines = clean.classify_lines(text)
    body = clean.mask(text, lines)
    result = extract(
        body,
        published,
        geoparser,
        stated_lines=clean.stated_lines(lines),
        day_first=day_first,
        actors=actors,
    )
    return {
        "id": doc_id,
        "published": result.published.isoformat() if result.published else None,
        # The contract's value is a TIMEX3 string: a date found but not resolvable (no
        # publication date to anchor "on Thursday") is left out rather than sent as null.
        "dates": [
            {"start": d.start, "end": d.end, "text": d.text, "value": d.value, "type": d.type}
            for d in result.dates
            if d.value is not None
        ],
        "places": [
            {
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
                "geonames": p.geonames,
                "use": p.use,
            }
            for p in result.places
        ],
        "events": [_event_json(e) for e in result.events],
    }


def _event_json(event) -> dict:
    def actor(record) -> dict | None:
        return None if record is None else {"id": record.id, "name": record.name}

    return {
        "start": event.start,
        "end": event.end,
        "sentence": event.sentence,
        "date": event.date,
        "places": list(event.place_mentions),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor(event.actor1),
        "actor2": actor(event.actor2),
        "fatalities": event.fatalities,
        "civilian_fatalities": event.civilian_fatalities,
        "child_fatalities": event.child_fatalities,
        "injured": event.injured,
        "main": event.main,
        "background": event.background,
    }


def _print_table(data: dict) -> None:
    print(f"published: {data['published']}")
    print("\nDATES")
    for d in data["dates"]:
        print(f"  {d['start']:>6}-{d['end']:<6} {d['type']:<9} {str(d['value']):<12} {d['text']}")
    print("\nPLACES")
    for p in data["places"]:
        where = f"{p['lat']:.4f},{p['lon']:.4f}" if p["lat"] is not None else "(no coordinates)"
        print(
            f"  {p['start']:>6}-{p['end']:<6} {p['use']:<9} {p['text']:<24} -> {p['name']} "
            f"[{p['country'] or '-'}] {where}"
        )
    print("\nEVENTS")
    for e in data["events"]:
        flags = ("MAIN " if e["main"] else "") + ("background " if e["background"] else "")
        who = " -> ".join(a["name"] for a in (e["actor1"], e["actor2"]) if a) or "-"
        dead = ", ".join(
            f"{k.replace('_fatalities', '')} {e[k]}"
            for k in ("fatalities", "civilian_fatalities", "child_fatalities", "injured")
            if e[k] is not None
        )
        print(
            f"  {e['start']:>6}-{e['end']:<6} {str(e['date']):<12} {flags}"
            f"{e['sub_event_type'] or '-'} | {who} | {dead or '-'}"
        )
        print(f"         {e['sentence'][:110]}")


def cmd_extract(args: argparse.Namespace) -> int:
    from chronicle.content.places import load_place_records
    from chronicle.extract.places import Geoparser
    from chronicle.read.decode import read_text_file

    config = _config(args)
    region = (
        config.region
        if args.region is None
        else [r.strip().upper() for r in args.region.split(",") if r.strip()]
    )
    geoparser = Geoparser(load_place_records(_content_dir(args, config) / "places"), region)
    if args.jsonl:
        failures = 0
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                published = date.fromisoformat(doc["published"]) if doc.get("published") else None
                data = _extraction_json(
                    doc.get("id"), doc["text"], published, geoparser, config.day_first
                )
            except (ValueError, KeyError, TypeError) as exc:
                failures += 1
                print(f"<stdin>:{number}: bad input line: {exc}", file=sys.stderr)
                data = {
                    "id": None,
                    "published": None,
                    "dates": [],
                    "places": [],
                    "events": [],
                    "error": str(exc),
                }
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return 1 if failures else 0
    if not args.file:
        raise ChronicleError("give an article FILE, or --jsonl to read JSON lines on stdin")
    text, _ = read_text_file(Path(args.file))
    data = _extraction_json(args.file, text, args.published, geoparser, config.day_first)
    if args.format == "table":
        _print_table(data)
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


# --------------------------------------------------------------------------- build, serve


def _build_options(args: argparse.Namespace):
    from chronicle.site.build import BuildOptions

    config = _config(args)
    if args.base_url is not None:
        try:
            config.base_url = check_value("base_url", args.base_url)
        except Invalid as exc:
            raise ChronicleError(f"--base-url {exc}") from None
    return BuildOptions(
        config=config,
        content_dir=_content_dir(args, config),
        out_dir=Path(args.out) if args.out else config.root / "site",
        theme=args.theme or config.theme,
        keep_going=getattr(args, "keep_going", False),
        search=search_on(),
        plugins=load_plugins(config.plugins, config.root),
    )


def _run_build(func, *args, **kwargs):
    """Run a build; an error raised while rendering a template (a theme bug such as
    `{{ 1 / 0 }}` or a filter given the wrong type) becomes one line naming the template
    file and line instead of a traceback."""
    try:
        return func(*args, **kwargs)
    except ChronicleError:
        raise
    except Exception as exc:
        from chronicle.site.theme import template_error

        error = template_error(exc)
        if error is None:
            raise
        raise error from None


def cmd_build(args: argparse.Namespace) -> int:
    from chronicle.site.build import build
    from chronicle.site.outdir import kept_names
    from chronicle.site.write import clean_stale

    options = _build_options(args)
    # What a killed build left is cleared (and a site it had set aside put back) first,
    # whether or not this build gets as far as writing anything.
    clean_stale(options.out_dir, kept_names(options.config.keep_files))
    result = _run_build(build, options)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not options.search:
        print("note: search is off (CHRONICLE_SEARCH=0): the site has no search index")
    print(f"build: {result.summary()}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from chronicle.site.serve import serve

    options = _build_options(args)
    # The editor's draft, with notes and source files: served from a folder of its own,
    # so that `site/` only ever holds the public build.
    options.draft = True
    if not args.out:
        options.out_dir = options.config.root / ".chronicle-cache" / "draft-site"
    from chronicle.desk.web import desk_routes

    _run_build(
        serve,
        options,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        extras=desk_routes,
    )
    return 0


# --------------------------------------------------------------------------- review, places


def cmd_review(args: argparse.Namespace) -> int:
    from chronicle.content.review import KIND_LABELS
    from chronicle.desk.listing import review_items

    config = _config(args)
    found, errors = review_items(
        _content_dir(args, config),
        kind=args.kind,
        place=args.place,
        entry=args.entry,
        notes=args.notes,
    )
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps([f.as_json() for f in found], ensure_ascii=False, indent=2))
        return 1 if errors else 0
    for f in found:
        item = f.item
        weight = f"[{item.weight:g}] " if item.is_item else ""
        print(f"{weight}{KIND_LABELS[item.kind]} · {f.slug} · {item.key}")
        print(f"    {item.text}")
        if item.kind == "incident":
            print(f"    {item.reason}")
            print(f"    chronicle decide {f.slug} {item.key} merge|apart")
        elif item.sentence:
            print(f"    “{item.sentence}”")
        if item.candidates:
            shown = "; ".join(
                f"{c.get('id')}: {c.get('name')} ({', '.join(str(x) for x in (c.get('within'), c.get('country')) if x)})"
                for c in item.candidates
            )
            print(f"    candidates: {shown}")
    items = sum(1 for f in found if f.item.is_item)
    entries = len({f.slug for f in found if f.item.is_item})
    print(
        f"review: {items} item{'s' if items != 1 else ''} in {entries} "
        f"entr{'ies' if entries != 1 else 'y'}"
        + (
            "; decide one with `chronicle decide ENTRY KEY ACTION`, or in `chronicle serve` at /_review/"
            if items
            else ""
        )
    )
    return 1 if errors else 0


def cmd_decide(args: argparse.Namespace) -> int:
    from chronicle.desk.decide import decide
    from chronicle.lock import chronicle_lock

    config = _config(args)
    content = _content_dir(args, config)
    with chronicle_lock(content, "decide", print):
        done = decide(
            content,
            args.entry,
            args.key,
            args.action,
            candidate=args.candidate,
            place=args.place,
            day=args.date,
        )
    print(done.message)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    from chronicle.desk import places
    from chronicle.lock import chronicle_lock

    config = _config(args)
    content = _content_dir(args, config)
    with chronicle_lock(content, f"places {args.places_command}", print):
        if args.places_command == "merge":
            changes = places.merge(content, args.place, args.into, dry_run=args.dry_run)
        elif args.places_command == "rename":
            changes = places.rename(
                content, args.place, args.name, new_id=args.id, dry_run=args.dry_run
            )
        else:
            changes = places.prune(content, edited=args.edited, dry_run=args.dry_run)
    for path in changes.deleted:
        print(f"{'would delete' if args.dry_run else 'deleted'} {path}")
    for path in changes.kept:
        print(f"kept {path} (an editor's place file)")
    prefix = "dry run, nothing written: " if args.dry_run else ""
    print(f"places {args.places_command}: {prefix}{changes.summary()}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from chronicle.check import check

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        config = _config(args)
    site = None
    if args.site is not None:
        site = Path(args.site) if args.site else config.root / "site"
    report = check(config, _content_dir(args, config), theme=args.theme, site=site)
    report.warnings[:0] = [str(w.message) for w in caught]
    here = f"{Path.cwd()}{os.sep}"
    for level, items in (("error", report.errors), ("warning", report.warnings)):
        for item in items:
            print(f"{level}: {item.removeprefix(here)}")
    failed = report.failed(strict=args.strict)
    verdict = "FAILED" if failed else "ok"
    print(f"check: {verdict}: {report.summary()}")
    return 1 if failed else 0


# --------------------------------------------------------------------------- parser


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronicle",
        description="Turn news articles about a war into a dated, located, cross-linked "
        "static chronicle.",
    )
    parser.add_argument("--version", action="version", version=f"chronicle {__version__}")
    parser.add_argument("--root", default=".", help="the chronicle's folder (default: .)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "init",
        help="create a new chronicle folder",
        description="Create chronicle.toml, articles/, content/entries/ and "
        "content/places/ in DIR.",
    )
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "ingest",
        help="articles -> entries in content/",
        description="Read article files (plain text, Markdown, saved HTML) or "
        "folders of them and write one entry per article to "
        "content/entries/. Entries edited by hand are kept.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--published",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="publication date of the articles (relative dates resolve against it)",
    )
    p.add_argument(
        "--manifest", metavar="FILE.csv", help="CSV with columns file, published, url, outlet"
    )
    p.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--force", action="store_true", help="replace entries edited by hand")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "extract",
        help="dates and places of a text, as JSON",
        description="The machine interface to extraction. With --jsonl, read "
        "{id, text, published} JSON lines on stdin and write one "
        "JSON line of dates and places per input line.",
    )
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument(
        "--jsonl", action="store_true", help="JSON lines on stdin -> JSON lines on stdout"
    )
    p.add_argument("--published", type=_date_arg, metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument(
        "--region",
        default=None,
        metavar="CC,CC",
        help="ISO country codes to prefer (default: chronicle.toml's region)",
    )
    p.add_argument(
        "--content", metavar="DIR", help="content folder with places/ (default: ./content)"
    )
    p.set_defaults(func=cmd_extract)

    for name, func, text in (
        ("build", cmd_build, "content/ + theme -> site/"),
        (
            "serve",
            cmd_serve,
            "build, serve on localhost, rebuild and reload the browser on every change",
        ),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
        p.add_argument("--out", metavar="DIR", help="output folder (default: ./site)")
        p.add_argument("--theme", metavar="NAME|DIR", help="theme (default: chronicle.toml's)")
        p.add_argument(
            "--base-url",
            metavar="URL",
            default=None,
            help="the address the site will live at (for canonical links and feeds)",
        )
        p.add_argument(
            "--keep-going",
            action="store_true",
            help="build what can be built despite content errors",
        )
        if name == "serve":
            p.add_argument("--host", default="127.0.0.1")
            p.add_argument("--port", type=int, default=8000)
            p.add_argument("--open", action="store_true", help="open the browser")
        p.set_defaults(func=func)
    p = sub.add_parser(
        "check",
        help="validate the chronicle (for CI): content, theme, links",
        description="Validate a chronicle: every content error `build` would stop on "
        "(malformed front matter, wrong types, impossible dates, unknown place "
        "ids, parent cycles, duplicate slugs), template syntax errors, and with "
        "--site every internal link and anchor of the built site. Warnings: "
        "unknown keys, events outside `period`, orphan places. Exit code 1 when "
        "there are errors (or warnings, with --strict), else 0.",
    )
    p.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
    p.add_argument("--theme", metavar="NAME|DIR", help="theme (default: chronicle.toml's)")
    p.add_argument(
        "--site",
        nargs="?",
        const="",
        default=None,
        metavar="DIR",
        help="also check every internal link and anchor of the built site (default DIR: ./site)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_check)

    from chronicle.content.review import KINDS

    p = sub.add_parser(
        "review",
        help="list the review items, ranked by how much they change the chronicle",
        description="List what an editor should decide (places held back, names the "
        "gazetteer lacks, inferred publication dates, unresolved dates, incidents that may "
        "be one), the items that change the published chronicle most first. `chronicle serve` has a review page "
        "at /_review/ to decide them.",
    )
    p.add_argument("--kind", choices=KINDS, help="only items of this kind")
    p.add_argument("--place", metavar="ID|NAME", help="only items about this place or name")
    p.add_argument("--entry", metavar="SLUG", help="only items of this entry (or entries)")
    p.add_argument("--notes", action="store_true", help="the notes too (information only)")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
    p.set_defaults(func=cmd_review)

    from chronicle.desk.decide import ACTIONS

    p = sub.add_parser(
        "decide",
        help="decide one review item (as the review page does)",
        description="Write the editor's decision on one review item (ENTRY and KEY as "
        "`chronicle review` lists them) into the content files. An incident merge is "
        "decided with `merge` (one incident) or `apart` (never merged nor proposed again), "
        "written into content/incidents.yml.",
    )
    p.add_argument("entry", metavar="ENTRY")
    p.add_argument("key", metavar="KEY")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("--candidate", metavar="ID", help="pick: the candidate's place id")
    p.add_argument("--place", metavar="ID", help="merge: the place it is")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="set-date: the publication date")
    p.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
    p.set_defaults(func=cmd_decide)

    p = sub.add_parser(
        "places",
        help="merge, rename or prune place files, in every entry at once",
        description="Corrections to places made once for the whole chronicle.",
    )
    psub = p.add_subparsers(dest="places_command", metavar="ACTION", required=True)
    q = psub.add_parser("merge", help="PLACE is INTO: every entry naming PLACE names INTO")
    q.add_argument("place", metavar="PLACE")
    q.add_argument("into", metavar="INTO")
    q = psub.add_parser("rename", help="give a place another name (the old one an alias)")
    q.add_argument("place", metavar="PLACE")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--id", metavar="NEW_ID", help="change its id (file and page) too")
    q = psub.add_parser("prune", help="delete place files no entry or event uses")
    q.add_argument("--edited", action="store_true", help="an editor's place files too")
    for q in psub.choices.values():
        q.add_argument("--dry-run", action="store_true", help="say what would change")
        q.add_argument("--content", metavar="DIR", help="content folder (default: ./content)")
    p.set_defaults(func=cmd_places)
    return parser


def os_error_line(exc: OSError) -> str:
    """One line for an error of the system (a full disk, a folder without permission):
    the file, what went wrong, and what to do where that is plain. Not a traceback."""
    import errno

    where = f"{exc.filename}: " if exc.filename else ""
    what = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        what += " (the disk is full: free some space and run the command again; what was "
        what += "there before is as it was)"
    return f"{where}{what}"


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    show_messages()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *a, **k: print(
            f"warning: {message}", file=sys.stderr
        )
        try:
            return args.func(args)
        except ChronicleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            return 0
        except OSError as exc:
            print(f"error: {os_error_line(exc)}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
