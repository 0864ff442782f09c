"""`chronicle build`: load content -> model -> render with the theme -> write the site."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.config import Config
from chronicle.errors import ChronicleError
from chronicle.site.load import load_chronicle
from chronicle.site.render import markdown_renderer, render_pages
from chronicle.site.theme import make_environment, static_files, theme_dirs
from chronicle.site.write import StagedSite


@dataclass
class BuildOptions:
    config: Config
    content_dir: Path
    out_dir: Path
    theme: str = "default"
    keep_going: bool = False


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
        for path, html in render_pages(env, loaded.chronicle, options.config):
            site.write_text(path, html)
            result.pages += 1
        for relative, source in static_files(dirs).items():
            site.copy(f"static/{relative}", source)
        result.files = site.count
        site.commit()
    except BaseException:
        site.discard()
        raise
    chronicle = loaded.chronicle
    result.entries, result.places, result.events = (len(chronicle.entries),
                                                    len(chronicle.places), len(chronicle.events))
    result.seconds = time.perf_counter() - started
    return result
