"""`chronicle check`: validate a chronicle for its author's CI.

Errors (exit code 1): every content error `chronicle build` would stop on (files that do
not load, wrong types, impossible dates, unknown place ids, parent cycles, duplicate
slugs), template syntax errors in the theme, and with `--site` every internal link or
anchor of the built site that does not resolve.

Warnings (listed; errors only with `--strict`): unknown keys, events outside the
chronicle's `period`, orphan places (place files no entry or event refers to, directly
or through a place inside them), the same article ingested twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from chronicle.config import Config
from chronicle.content.entries import load_entry
from chronicle.content.frontmatter import node_line
from chronicle.errors import ChronicleError
from chronicle.site.load import close_bodies, load_chronicle
from chronicle.site.model import Chronicle, Event, Place


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entries: int = 0
    places: int = 0
    events: int = 0
    pages: int | None = None  # pages whose links were checked, with --site

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        text = (
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) in "
            f"{self.entries} entries, {self.places} places, {self.events} events"
        )
        if self.pages is not None:
            text += f"; links of {self.pages} pages checked"
        return text


def _event_line(event: Event) -> str:
    """`path:line` of an event in its entry file."""
    path = Path(event.entry.source_path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = load_entry(path).events
    except (OSError, UnicodeDecodeError, ChronicleError):
        return str(path)
    for i, item in enumerate(raw):
        if (
            item["date"] == event.when.value
            and (item.get("mention") or "") == event.mention
            and (item.get("sentence") or "") == event.sentence
        ):
            line = node_line(text, "events", i)
            return f"{path}:{line}" if line else str(path)
    return str(path)


def outside_period(chronicle: Chronicle, config: Config) -> list[str]:
    """A warning for every event that lies wholly outside the chronicle's period."""
    start, end = config.period_start, config.period_end
    if start is None and end is None:
        return []
    span = f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"
    found = []
    for event in chronicle.events:
        try:
            first, last = event.when.start, event.when.end
        except ValueError:
            continue
        if (start is not None and last < start) or (end is not None and first > end):
            found.append(
                f"{_event_line(event)}: event {event.when.value} "
                f"({event.mention!r}) is outside the period {span}"
            )
    return found


def orphan_places(chronicle: Chronicle) -> list[str]:
    """A warning for every place no entry or event refers to, directly or as a parent of
    a place one refers to."""
    used: set[str] = set()
    for place in chronicle.places.values():
        if place.entries or place.events:
            node: Place | None = place
            while node is not None and node.id not in used:
                used.add(node.id)
                node = node.parent
    return [
        f"{place.source_path}: orphan place {place.id!r} ({place.name}): no entry or "
        f"event refers to it or to a place inside it"
        for place in sorted(chronicle.places.values(), key=lambda p: p.id)
        if place.id not in used
    ]


def theme_errors(theme: str, root: Path) -> list[str]:
    """Syntax errors in the theme's templates, each with the template file and line."""
    from chronicle.site.theme import make_environment, static_files, theme_dirs

    try:
        dirs = theme_dirs(theme, root)
    except ChronicleError as exc:
        return [str(exc)]
    env = make_environment(dirs)
    found = []
    try:
        static_files(dirs)
    except ChronicleError as exc:
        found.append(str(exc))
    for name in env.list_templates(filter_func=lambda n: not n.startswith(".")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            found.append(
                str(
                    ChronicleError(
                        f"template error: {exc.message}", exc.filename or name, exc.lineno
                    )
                )
            )
    return found


def site_errors(site: Path) -> tuple[list[str], int]:
    """Broken internal links and anchors of a built site, and the number of pages."""
    from chronicle.site.linkcheck import broken_links

    if not site.is_dir():
        return [f"{site}: no built site here (run `chronicle build` first)"], 0
    pages = sum(1 for _ in site.rglob("*.html"))
    return [
        f"{site / link.split(': ', 1)[0]}: broken link: {link.split(': ', 1)[1]}"
        if ": " in link
        else f"{site}: broken link: {link}"
        for link in broken_links(site)
    ], pages


def check(
    config: Config, content_dir: Path, theme: str | None = None, site: Path | None = None
) -> CheckReport:
    """Every problem of the chronicle in `content_dir` (and of the built `site`)."""
    report = CheckReport()
    loaded = load_chronicle(content_dir, lambda text: "", drop_unused=False)
    chronicle = loaded.chronicle
    report.entries, report.places = len(chronicle.entries), len(chronicle.places)
    report.events = len(chronicle.events)
    report.errors += [str(e) for e in loaded.errors]
    report.warnings += list(loaded.warnings)
    report.warnings += outside_period(chronicle, config)
    report.warnings += orphan_places(chronicle)
    report.errors += theme_errors(theme or config.theme, config.root)
    if site is not None:
        errors, report.pages = site_errors(site)
        report.errors += errors
    close_bodies(chronicle)
    return report
