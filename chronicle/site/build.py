"""`chronicle build`: load content -> model -> render with the theme -> write the site."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.config import Config
from chronicle.errors import ChronicleError
from chronicle.site import feeds
from chronicle.site.dates import DateLabels
from chronicle.site.exports import export_files
from chronicle.site.load import load_chronicle
from chronicle.site.model import Chronicle
from chronicle.site.render import markdown_renderer, render_pages
from chronicle.site.search import index_site
from chronicle.site.theme import make_environment, static_files, theme_dirs
from chronicle.site.write import StagedSite


@dataclass
class BuildOptions:
    config: Config
    content_dir: Path
    out_dir: Path
    theme: str = "default"
    keep_going: bool = False
    search: bool = True          # run Pagefind on the output (warns when it is missing)


@dataclass
class BuildResult:
    pages: int = 0
    files: int = 0
    entries: int = 0
    places: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.entries} entries, {self.events} events, {self.places} places -> "
                f"{self.pages} pages, {self.files} files in {self.seconds:.2f} s")
        if self.errors:
            text += f"; {len(self.errors)} content errors skipped (--keep-going)"
        return text


def build(options: BuildOptions) -> BuildResult:
    """Build the site; on any error the previous output folder is left untouched."""
    started = time.perf_counter()
    md = markdown_renderer()
    loaded = load_chronicle(options.content_dir, md.render)
    result = BuildResult(warnings=list(loaded.warnings))
    if loaded.errors:
        result.errors = [str(e) for e in loaded.errors]
        if not options.keep_going:
            listing = "\n  ".join(result.errors)
            raise ChronicleError(f"{len(loaded.errors)} content error(s); nothing was built "
                                 f"(use --keep-going to build anyway):\n  {listing}")
    dirs = theme_dirs(options.theme, options.config.root)
    env = make_environment(dirs)
    site = StagedSite(options.out_dir)
    try:
        html_pages = []
        for path, html in render_pages(env, loaded.chronicle, options.config):
            site.write_text(path, html)
            html_pages.append(path)
            result.pages += 1
        for relative, source in static_files(dirs).items():
            site.copy(f"static/{relative}", source)
        for relative, data in data_files(loaded.chronicle, options.config, html_pages).items():
            site.write_bytes(relative, data)
        if options.search:
            # Indexed in the staging folder, so the new site is swapped in complete.
            warning = index_site(site.dir, options.config.language)
            if warning:
                result.warnings.append(warning)
        result.files = sum(1 for p in site.dir.rglob("*") if p.is_file())
        site.commit()
    except BaseException:
        site.discard()
        raise
    chronicle = loaded.chronicle
    result.entries, result.places, result.events = (len(chronicle.entries),
                                                    len(chronicle.places), len(chronicle.events))
    result.seconds = time.perf_counter() - started
    return result


def data_files(chronicle: Chronicle, config: Config, html_pages: list[str]) -> dict[str, bytes]:
    """Everything that is not a page: exports, Atom feeds, sitemap.xml, robots.txt."""
    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    labels = DateLabels(config.language)
    files = export_files(chronicle, config.title, config.description, base, labels.when)
    common = {"site_title": config.title, "base_url": base, "label": labels.when,
              "language": config.language}
    files[feeds.ENTRIES_FEED] = feeds.entries_feed(
        chronicle, description=config.description, **common).encode("utf-8")
    for place in sorted(chronicle.places.values(), key=lambda p: p.id):
        files[feeds.place_feed_path(place)] = feeds.place_feed(place, **common).encode("utf-8")
    if base:
        lastmod = {e.url: e.published for e in chronicle.entries if e.published}
        pages = [p for p in html_pages if p != "404.html"]
        files["sitemap.xml"] = feeds.sitemap(pages, base, lastmod).encode("utf-8")
    files["robots.txt"] = feeds.robots(base).encode("utf-8")
    return dict(sorted(files.items()))
