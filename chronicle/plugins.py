"""Extensions: Python modules a chronicle names in `chronicle.toml` (`plugins = ["mine"]`),
found in the chronicle's folder or installed. A module takes part by defining any of these
functions (all optional; see docs/plugins.md for an example of each):

- `on_article(article) -> article | None`: after an article file is read, before
  extraction (an outlet's own furniture removed, its byline read as the outlet);
- `on_model(chronicle) -> None`: after the site's model (entries, places, actors,
  incidents) is loaded, before any page is planned; may change it in place;
- `page_context(template, context) -> None`: before a page is rendered; may add to its
  context (what it adds must follow from that context alone: pages are rendered again
  only when what they show changes);
- `extra_pages(chronicle) -> [ExtraPage]`: pages of its own, rendered with the theme;
- `on_built(out_dir, result) -> None`: after a build has put the site in place.

A plugin's source is part of every page's key: editing it renders the whole site again.
With plugins, a build always loads the model (no splicing of edited bodies into pages).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from chronicle.errors import ChronicleError

HOOKS = ("on_article", "on_model", "page_context", "extra_pages", "on_built")


@dataclass(frozen=True)
class ExtraPage:
    """A page a plugin adds: where in the site, which template of the theme, its context."""

    path: str  # "about/sources.html": relative, inside the site
    template: str  # a template of the theme (a chronicle's theme can add its own)
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plugins:
    """The plugins of a chronicle, imported when first used (worker processes import them
    again from their names)."""

    names: tuple[str, ...] = ()
    root: Path | None = None  # the chronicle's folder, searched first
    _modules: list[ModuleType] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "root": self.root, "_modules": None}

    def __bool__(self) -> bool:
        return bool(self.names)

    @property
    def modules(self) -> list[ModuleType]:
        if self._modules is None:
            self._modules = [_import(name, self.root) for name in self.names]
        return self._modules

    @property
    def key(self) -> str:
        """What the build's keys take from the plugins: their names and source."""
        h = hashlib.sha256()
        for module in self.modules:
            h.update(module.__name__.encode())
            source = getattr(module, "__file__", None)
            if source:
                h.update(Path(source).read_bytes())
        return h.hexdigest()[:16] if self.names else ""

    def _each(self, hook: str) -> list[tuple[str, Any]]:
        return [(m.__name__, getattr(m, hook)) for m in self.modules if hasattr(m, hook)]

    def article(self, article: Any) -> Any:
        for name, hook in self._each("on_article"):
            article = _call(name, "on_article", hook, article) or article
        return article

    def model(self, chronicle: Any) -> None:
        for name, hook in self._each("on_model"):
            _call(name, "on_model", hook, chronicle)

    def page_context(self, template: str, context: dict[str, Any]) -> None:
        for name, hook in self._each("page_context"):
            _call(name, "page_context", hook, template, context)

    def extra_pages(self, chronicle: Any) -> list[ExtraPage]:
        pages: list[ExtraPage] = []
        for name, hook in self._each("extra_pages"):
            for page in _call(name, "extra_pages", hook, chronicle) or ():
                if not isinstance(page, ExtraPage) or not _inside(page.path):
                    raise ChronicleError(
                        f"plugin {name}: extra_pages must give ExtraPage items with a "
                        f"relative .html path inside the site, not {page!r}"
                    )
                pages.append(page)
        return pages

    def built(self, out_dir: Path, result: Any) -> None:
        for name, hook in self._each("on_built"):
            _call(name, "on_built", hook, out_dir, result)


def load_plugins(names: Sequence[str], root: Path | None) -> Plugins:
    """The plugins named, imported now so that a missing one is an error before any work."""
    plugins = Plugins(tuple(names), root)
    plugins.modules  # noqa: B018 - import them now: a typo fails before any work
    return plugins


def _import(name: str, root: Path | None) -> ModuleType:
    added = root is not None and str(root) not in sys.path
    if added:
        sys.path.insert(0, str(root))
    try:
        return importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - any failure of a plugin's import, named
        raise ChronicleError(
            f"plugin {name!r} could not be imported: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        if added:
            sys.path.remove(str(root))


def _call(name: str, hook: str, function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except ChronicleError:
        raise
    except Exception as exc:  # noqa: BLE001 - a plugin's failure, named, never a traceback
        raise ChronicleError(f"plugin {name}: {hook} failed: {type(exc).__name__}: {exc}") from None


def _inside(path: str) -> bool:
    parts = Path(path).parts
    return (
        bool(parts)
        and path.endswith(".html")
        and not Path(path).is_absolute()
        and "\\" not in path
        and all(p not in ("", ".", "..") for p in parts)
    )
