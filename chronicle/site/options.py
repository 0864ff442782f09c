"""What a build is asked to do (`BuildOptions`) and what it did (`BuildResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chronicle.config import Config
from chronicle.plugins import Plugins


@dataclass
class BuildOptions:
    config: Config
    content_dir: Path
    out_dir: Path
    theme: str = "default"
    keep_going: bool = False
    search: bool = True  # write the search index (warns when it cannot)
    cache: bool = True  # the build cache in <root>/.chronicle-cache (incremental)
    jobs: int | None = None  # processes; None: CHRONICLE_JOBS or the number of CPUs
    # The editor's draft (`chronicle serve`): review notes, source files and the review
    # desk shown. Never published: the public build leaves them out.
    draft: bool = False
    plugins: Plugins = field(default_factory=Plugins)  # the chronicle's extensions


@dataclass
class BuildResult:
    pages: int = 0
    files: int = 0
    entries: int = 0
    places: int = 0
    events: int = 0
    seconds: float = 0.0
    rewritten: int = 0  # output files written by this build
    unchanged: int = 0  # output files carried over untouched
    removed: int = 0  # output files of the previous site no longer produced
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    how: str = "full"  # full | unchanged | quick (entry bodies spliced in) | in place (serve)

    def summary(self) -> str:
        text = (
            f"{self.entries} entries, {self.events} events, {self.places} places -> "
            f"{self.pages} pages, {self.files} files in {self.seconds:.2f} s "
            f"({self.rewritten:,} files rewritten, {self.unchanged:,} unchanged"
            + (f", {self.removed:,} removed" if self.removed else "")
            + ")"
        )
        if self.errors:
            text += f"; {len(self.errors)} content errors skipped (--keep-going)"
        return text

    def counts(self) -> dict:
        """What a later build that renders nothing reports again (see `state.SiteState`)."""
        return {
            "pages": self.pages,
            "files": self.files,
            "entries": self.entries,
            "places": self.places,
            "events": self.events,
            "warnings": list(self.warnings),
            "errors": list(self.errors),
        }
