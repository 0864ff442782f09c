"""Themes: Jinja templates and static files, overridable one template at a time.

A chronicle's theme folder (`themes/<name>/templates/*.html`, `themes/<name>/static/`)
is searched first; any template or static file it lacks comes from the default theme
shipped with Chronicle, as in Pelican and Hugo. A theme's template can extend the
default's own and override one block: `{% extends "!default/entry.html" %}`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from chronicle.errors import ChronicleError
from chronicle.site.wording import counted, noun

if TYPE_CHECKING:
    import jinja2


DEFAULT_PREFIX = "!default"


def default_theme_dir() -> Path:
    """The default theme shipped with Chronicle (repo: themes/default)."""
    return Path(str(resources.files("chronicle.themes") / "default"))


def theme_dirs(name: str, root: Path) -> list[Path]:
    """Folders to search, most specific first: the chosen theme, then the default theme."""
    default = default_theme_dir()
    candidates = (
        [root / "themes" / name, Path(name)] if name != "default" else [root / "themes" / "default"]
    )
    chosen = next((c for c in candidates if c.is_dir()), None)
    if chosen is None and name != "default":
        raise ChronicleError(f"theme {name!r} not found (looked in {root / 'themes' / name})")
    dirs = [d for d in (chosen, default) if d is not None]
    unique: list[Path] = []
    for d in dirs:
        if d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def make_environment(dirs: list[Path]) -> jinja2.Environment:
    import jinja2  # here: builds with nothing to render do not need it

    # "!default/entry.html" is always the default theme's: a theme's own entry.html can
    # extend it and override one block (MkDocs' convention).
    default = jinja2.PrefixLoader(
        {DEFAULT_PREFIX: jinja2.FileSystemLoader(str(default_theme_dir() / "templates"))},
        delimiter="/",
    )
    loader = jinja2.ChoiceLoader(
        [default, *(jinja2.FileSystemLoader(str(d / "templates")) for d in dirs)]
    )
    # auto_reload off: an environment lives for one build (serve makes a new one when the
    # theme changes), and checking every template's mtime on every page is ~3 stats a page.
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    # {{ n|counted("report") }}: "1 report", "2 reports"; {{ n|noun("report") }}: "reports"
    env.filters.update(counted=counted, noun=noun)
    return env


def static_files(dirs: list[Path]) -> dict[str, Path]:
    """Relative path -> source file; the chosen theme's file wins over the default's."""
    files: dict[str, Path] = {}
    for d in reversed(dirs):
        static = d / "static"
        if static.is_dir():
            theme = d.resolve()
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    # A link that leaves the theme would publish a file from elsewhere.
                    target = path.resolve()
                    if not target.is_relative_to(theme):
                        raise ChronicleError(
                            f"a link to {target}, outside the theme: refused (copy the file "
                            "into the theme instead)",
                            path,
                        )
                    files[path.relative_to(static).as_posix()] = path
    return dict(sorted(files.items()))


TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2")


def template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The theme template file and line an error was raised in (Jinja puts template
    frames into the traceback), else (None, None)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES) and Path(filename).is_file():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_error(exc: BaseException) -> ChronicleError | None:
    """An error raised while rendering a template (a theme bug such as `{{ 1 / 0 }}`) as
    one line naming the template file and line; None when no template was running."""
    filename, line = template_frame(exc)
    if filename is None:
        return None
    return ChronicleError(f"template error: {type(exc).__name__}: {exc}", filename, line)


def theme_is_default(dirs: list[Path]) -> bool:
    """True unless the theme overrides a template: page keys follow the default templates
    (a theme of its own may show anything on any page)."""
    return all(
        not (d / "templates").is_dir() or not any((d / "templates").rglob("*")) for d in dirs[:-1]
    )
