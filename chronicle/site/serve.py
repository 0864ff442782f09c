"""`chronicle serve`: build, serve on localhost, rebuild and reload the browser on change.

The server is a long-lived process, so it keeps what a rebuild needs in memory (`LiveSite`):
every content file's stat, hash and parsed value, and the key of every output file on disk.
A rebuild after a save re-parses only the changed files, rebuilds the model and the page
keys in memory, renders only the pages whose key changed, and writes them in place (a
temporary file renamed over the old one; `chronicle build` keeps its whole-site swap). The
result is byte for byte what a clean build gives. The first build, and any build after a
change to the theme or the configuration, is a normal `build`. The search index is
updated in place too, for the pages rendered again (`indexing.index_in_place`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronicle.atomic import write_atomic
from chronicle.config import CONFIG_NAME, load_config
from chronicle.errors import ChronicleError
from chronicle.site.build import build, freeze, quiet_gc, start_result
from chronicle.site.cache import RACY_NS, BuildCache
from chronicle.site.grouping import INCIDENTS_FILE
from chronicle.site.indexing import changed_documents, index_in_place, indexed_urls, state_dir
from chronicle.site.load import load_chronicle, parse_file
from chronicle.site.markdown import markdown_renderer
from chronicle.site.options import BuildOptions, BuildResult
from chronicle.site.plan import files_of, site_plan, static_key, theme_is_default
from chronicle.site.state import (
    SiteState,
    forget_state,
    load_state,
    save_state,
    scan_inputs,
    scan_signature,
)
from chronicle.site.theme import make_environment, theme_dirs
from chronicle.site.timing import phase
from chronicle.site.write import safe_join

if TYPE_CHECKING:
    import jinja2
    from markdown_it import MarkdownIt


log = logging.getLogger(__name__)


class MemoryCache:
    """The build cache's interface for `load_chronicle`, held in memory between rebuilds:
    each file's stat and hash and its parsed value. While the session starts, misses are
    looked up in the disk cache (`disk`). Files no longer in the content are forgotten."""

    enabled = True

    def __init__(self, disk: BuildCache | None = None) -> None:
        self.disk = disk
        self.stats: dict[str, tuple] = {}  # path -> (size, mtime, ino, hash, trusted)
        self.parsed: dict[str, tuple[str, Any]] = {}  # path -> (hash, parsed value)
        self.seen: set[str] = set()

    def trusted_hash(self, path: Path) -> str | None:
        key = str(path)
        self.seen.add(key)
        known = self.stats.get(key)
        if known is None:
            return self.disk.trusted_hash(path) if self.disk is not None else None
        if not known[4]:
            return None
        st = os.stat(path)
        return known[3] if known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino) else None

    def get(self, path: Path, h: str) -> Any:
        key = str(path)
        self.seen.add(key)
        found = self.parsed.get(key)
        if found is not None and found[0] == h:
            return found[1]
        if self.disk is not None:
            value = self.disk.get(path, h)
            if value is not None:
                self.put(path, h, value)
                try:
                    self.record(path, h)
                except OSError:
                    pass
            return value
        return None

    def record(self, path: Path, h: str) -> None:
        st = os.stat(path)
        trusted = time.time_ns() - st.st_mtime_ns > RACY_NS
        self.stats[str(path)] = (st.st_size, st.st_mtime_ns, st.st_ino, h, trusted)

    def put(self, path: Path, h: str, value: Any) -> None:
        self.parsed[str(path)] = (h, value)

    def forget_unseen(self) -> None:
        for key in [k for k in self.stats if k not in self.seen]:
            self.stats.pop(key, None)
        for key in [k for k in self.parsed if k not in self.seen]:
            del self.parsed[key]
        self.seen = set()
        self.disk = None


class LiveSite:
    """What `chronicle serve` keeps between rebuilds (see the module's docstring)."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.memory: MemoryCache | None = None
        self.keys: dict[str, str] = {}  # output path -> key of the file on disk
        self.fixed: tuple | None = None  # signature of the theme and configuration
        self.extra = 0  # files outside the plan (search index)
        self.manifest_due = False
        self.md: MarkdownIt = markdown_renderer()
        self.env: jinja2.Environment | None = None
        self.dirs: list[Path] = []
        self.static_key = ""
        self.state: SiteState | None = None  # the record of the site on disk
        self.counts: dict = {}
        # The model and plan of the site on disk, for the fast path (see `quick`).
        self.chronicle = None
        self.plan: dict[str, Any] = {}  # output path -> its task
        self.entries: dict[str, Any] = {}  # entry file -> its Entry
        self.precise = False
        self.prepared = False
        self.last = ""  # how the last rebuild went: full, quick, slow
        self.events: dict = {}  # rendered events, kept across rebuilds
        self.decisions: tuple | None = None  # the editor's incidents file the model read

    def _decisions_stamp(self) -> tuple | None:
        """The editor's incidents file as it is now (none: no file): the fast path patches
        entries only, so a changed decision needs the slow path (incidents regrouped)."""
        try:
            st = os.stat(self.options.content_dir / INCIDENTS_FILE)
        except FileNotFoundError:
            return None
        except OSError:
            return ("unreadable", time.monotonic())
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def _fixed(self) -> tuple:
        options = self.options
        dirs = theme_dirs(options.theme, options.config.root)
        sig, _ = scan_signature(dirs, [options.config.root / CONFIG_NAME])
        return (sig, repr(vars(options.config)), str(options.content_dir.resolve()))

    def rebuild(self) -> BuildResult:
        fixed = self._fixed()
        if self.memory is None or fixed != self.fixed:
            self.last = "full"
            return self.full(fixed)
        return self.incremental()

    def _plan(self, chronicle):
        assert self.env is not None  # made by the first full build
        return site_plan(chronicle, self.options, self.env, self.dirs, self.static_key, self.events)

    def full(self, fixed: tuple | None = None) -> BuildResult:
        """A normal build, then what the next rebuilds need, kept in memory."""
        options = self.options
        self.memory = None
        fixed = fixed or self._fixed()
        self.decisions = self._decisions_stamp()  # before reading: a later change is seen
        result = build(options)
        self.manifest_due = False
        disk = BuildCache(options.config.root if options.cache else None)
        state = load_state(disk, options.out_dir) if disk.enabled else None
        memory = MemoryCache(disk if disk.enabled else None)
        self.md = markdown_renderer()
        loaded = load_chronicle(options.content_dir, self.md.render, memory)
        options.plugins.model(loaded.chronicle)
        memory.forget_unseen()
        self.dirs = theme_dirs(options.theme, options.config.root)
        self.env = make_environment(self.dirs)
        self.events.clear()  # rendered with the previous environment
        self.static_key = static_key(options, self.dirs)
        self.state = state
        plan, renderer = self._plan(loaded.chronicle)
        if state is not None:
            self.keys = dict(state.outputs)
        else:
            # No cache on disk: the keys of the site just built, from the same content.
            self.keys = {p: o.key for o in plan for p in o.paths}
        self._keep(loaded, plan, renderer)
        if self.chronicle is not None:
            renderer.prepare()  # templates compiled before the first save
            self.prepared = True
            # A file saved while the build ran: the model has it, the site not yet.
            produced = set(self.plan)
            self._write(
                [o for o in plan if any(self.keys.get(p) != o.key for p in o.paths)],
                [p for p in self.keys if p not in produced],
            )
        self.extra = max(0, result.files - len(self.keys))
        self._count(result)
        self.fixed = fixed
        self.memory = memory
        return result

    def _keep(self, loaded, plan, renderer) -> None:
        self.chronicle = None if loaded.errors else loaded.chronicle
        self.plan = {p: o for o in plan for p in o.paths}
        self.entries = {e.source_path: e for e in loaded.chronicle.entries}
        self.renderer, self.prepared = renderer, False
        self.precise = theme_is_default(self.dirs)

    def _scan(self) -> dict[str, os.stat_result] | None:
        found = {}
        for folder in ("places", "actors", "entries"):
            base = str(self.options.content_dir / folder)
            try:
                with os.scandir(base) as it:
                    for item in it:
                        if item.name.endswith(".md"):
                            found[os.path.join(base, item.name)] = item.stat()
            except FileNotFoundError:
                continue  # a chronicle without actor files, say
            except OSError:
                return None
        return found

    def quick(self) -> BuildResult | None:
        """The fast path: when only the bodies of existing entries changed (same file names,
        same front matter), patch those entries in the model, recompute their pages' keys
        and render just those pages. None when anything else changed."""
        from chronicle.site.cache import digest, key_of

        memory = self.memory
        if self.chronicle is None or not self.precise or memory is None or self.options.plugins:
            return None  # (a plugin's on_model sees every model: no patching it)
        if self._decisions_stamp() != self.decisions:
            return None
        started = time.perf_counter()
        found = self._scan()
        if found is None or found.keys() != memory.stats.keys():
            return None
        changed = []
        for path, st in found.items():
            known = memory.stats[path]
            if known[4] and known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino):
                continue
            if not known[4] and known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino):
                try:
                    with open(path, "rb") as handle:
                        h = digest(handle.read())
                except OSError:
                    return None
                if h == known[3]:
                    memory.record(Path(path), h)
                    continue
            changed.append(path)
        patches = []
        for path in changed:
            entry = self.entries.get(path)
            old = memory.parsed.get(path)
            if entry is None or old is None:
                return None  # a place file, or not in the model
            h, value = parse_file("entry", Path(path), self.md.render)
            if isinstance(value, ChronicleError):
                return None
            memory.put(Path(path), h, value)
            memory.record(Path(path), h)
            ef, html, meta = value
            old_ef, _, old_meta = old[1]
            if meta != old_meta or ef.slug != old_ef.slug or ef.warnings != old_ef.warnings:
                return None  # the slow path re-uses the parsed file
            task = self.plan.get(entry.url)
            if task is None or task.deps[:2] != ("entry", entry.file_key):
                return None
            patches.append((entry, html, h, task))
        result = BuildResult(**{k: v for k, v in self.counts.items()})
        todo = []
        for entry, html, h, task in patches:
            entry.body_html, entry.file_key = html, h
            task.deps = ("entry", h, *task.deps[2:])
            task.key = key_of(self.static_key, "", task.deps)
            if any(self.keys.get(p) != task.key for p in task.paths):
                todo.append(task)
        result.rewritten = self._write(todo, [])
        result.unchanged = result.files - result.rewritten
        result.seconds = time.perf_counter() - started
        return result

    def _write(self, todo: list, removed: list[str]) -> int:
        out = self.options.out_dir
        written = 0
        if (todo or removed) and self.state is not None and not self.manifest_due:
            # The recorded site is about to change: no later build may trust that record
            # until `save_manifest` writes the new one.
            forget_state(BuildCache(self.options.config.root), out)
        if todo or removed:
            self.manifest_due = True
        if todo and not self.prepared:
            self.renderer.prepare()
            self.prepared = True
        for task in todo:
            for relative, data, _ in files_of(task):
                target = safe_join(out, relative)
                try:
                    if target.stat().st_size == len(data) and target.read_bytes() == data:
                        continue
                except OSError:
                    pass
                write_atomic(target, data, durable=False)
                written += 1
            for path in task.paths:
                self.keys[path] = task.key
        for relative in removed:
            try:
                safe_join(out, relative).unlink()
            except FileNotFoundError:
                pass
            del self.keys[relative]
        if self.options.search:
            states = state_dir(BuildCache(self.options.config.root), out)
            changes = changed_documents(todo, removed, indexed_urls(states))
            if changes:
                plan = list({id(t): t for t in self.plan.values()}.values())
                written += index_in_place(out, states, changes, plan) or 0
        return written

    def incremental(self) -> BuildResult:
        fast = self.quick()
        if fast is not None:
            self.last = "quick"
            return fast
        self.last = "slow"
        with quiet_gc():  # as in a build: see build._quiet_gc
            return self.slow()

    def slow(self) -> BuildResult:
        options = self.options
        started = time.perf_counter()
        assert self.memory is not None
        self.chronicle = None  # no fast path until this build succeeds
        self.decisions = self._decisions_stamp()
        loaded = load_chronicle(options.content_dir, self.md.render, self.memory)
        options.plugins.model(loaded.chronicle)
        self.memory.forget_unseen()
        phase("load", started)
        result = start_result(loaded, options)
        chronicle = loaded.chronicle
        plan, renderer = self._plan(chronicle)
        freeze()
        phase("plan", started)
        result.pages = sum(1 for o in plan for p in o.paths if p.endswith(".html"))
        produced = {p for o in plan for p in o.paths}
        todo = [o for o in plan if any(self.keys.get(p) != o.key for p in o.paths)]
        removed = [p for p in self.keys if p not in produced]
        self._keep(loaded, plan, renderer)
        written = self._write(todo, removed)
        phase("write", started)
        result.rewritten, result.removed = written, len(removed)
        result.files = len(produced) + self.extra
        result.unchanged = result.files - written
        result.seconds = time.perf_counter() - started
        self._count(result)
        return result

    def _count(self, result: BuildResult) -> None:
        self.counts = {
            "pages": result.pages,
            "files": result.files,
            "entries": result.entries,
            "places": result.places,
            "events": result.events,
            "warnings": result.warnings,
            "errors": result.errors,
        }

    def save_manifest(self) -> None:
        """Record the site on disk in its state, so the next `chronicle build` renders
        only what changed since (and writes the search index again if it is stale)."""
        if not self.manifest_due or self.state is None:
            return
        options = self.options
        scan = scan_inputs(options, self.dirs)
        state = self.state
        state.scan, state.time = scan.signature, scan.time
        state.outputs = dict(self.keys)
        state.result = {**state.result, **self.counts}
        # What the quick path relies on is not kept up to date here: the next build
        # takes the normal path (and records it again).
        state.files, state.bodies = {}, {}
        save_state(BuildCache(options.config.root), options.out_dir, state)
        self.manifest_due = False


def _watcher_class() -> type:
    from livereload.watcher import Watcher

    class InotifyWatcher(Watcher):
        """livereload's watcher, told of changes by Linux inotify instead of walking every
        watched file each 0.8 s (a walk of 10,000 entries alone takes longer than a
        rebuild): the rebuild starts the moment a file is saved. Where inotify is missing,
        livereload's polling is used."""

        EVENTS = 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200  # attrib, close-write, moves,
        CREATED, ISDIR, OVERFLOW = 0x100 | 0x80, 0x40000000, 0x4000  # create, delete

        def __init__(self, root: Path, folders: list[Path]) -> None:
            super().__init__()
            self.root, self.folders = root, folders
            self.fd: int | None = None
            self.dirs: dict[int, str] = {}
            self.pending: str | None = None

        def _add(self, folder: str, recursive: bool = True) -> None:
            import ctypes

            wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), self.EVENTS)
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"inotify: cannot watch {folder}")
            self.dirs[wd] = folder
            if recursive:
                for item in os.scandir(folder):
                    if item.is_dir(follow_symlinks=False):
                        self._add(item.path)

        def start(self, callback) -> bool:
            import ctypes

            from tornado.ioloop import IOLoop

            try:
                self.libc = ctypes.CDLL(None, use_errno=True)
                fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
                if fd < 0:
                    return False
                self.fd = fd
                self._add(str(self.root), recursive=False)
                for folder in self.folders:
                    if folder.is_dir():
                        self._add(str(folder))
            except (OSError, AttributeError):
                if self.fd is not None:
                    os.close(self.fd)
                self.fd = None
                return False
            IOLoop.current().add_handler(
                self.fd, lambda fd, events: self._read(callback), IOLoop.READ
            )
            return True

        def _read(self, callback) -> None:
            import struct

            if self.fd is None:
                return
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return
            at = 0
            names = {f.name for f in self.folders}
            while at + 16 <= len(data):
                wd, mask, _, size = struct.unpack_from("iIII", data, at)
                name = os.fsdecode(data[at + 16 : at + 16 + size].rstrip(b"\0"))
                at += 16 + size
                folder = self.dirs.get(wd)
                if mask & self.OVERFLOW:
                    self.pending = str(self.root)
                    continue
                if folder is None or not name:
                    continue
                path = os.path.join(folder, name)
                if folder == str(self.root):
                    if name == CONFIG_NAME:
                        self.pending = path
                    elif name in names and mask & self.ISDIR and mask & self.CREATED:
                        self._add(path)  # the themes folder, created
                        self.pending = path
                    continue
                if mask & self.ISDIR and mask & self.CREATED:
                    try:
                        self._add(path)
                    except OSError:
                        pass
                if not name.startswith(".") and not self.ignore(name):
                    self.pending = path
            if self.pending is not None:
                callback()

        def examine(self):
            if self.fd is None:
                return super().examine()
            if self.pending is None:
                return self._changes.pop() if self._changes else (None, None)
            self._changes.clear()  # livereload's start-up note: a reload anyway
            self.filepath, self.pending = self.pending, None
            done = []
            for task in self._tasks.values():
                if task["func"] is not None and task["func"] not in done:
                    done.append(task["func"])
                    task["func"]()
            return self.filepath, None

    return InotifyWatcher


def _server_class(extra_handlers: Sequence[tuple] = (), scripts: Sequence[str] = ()) -> type:
    from livereload import Server
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptInjector
    from tornado import web

    class CspFriendlyServer(Server):
        """livereload's server, injecting the reload client as an external same-origin
        script: the pages' Content-Security-Policy (script-src 'self') refuses the inline
        snippet livereload injects by default, and must not be weakened for development.
        `extra_handlers` (routes of the editor's desk) come before the site's files, and
        `scripts` are injected into every page too."""

        def application(self, port, host, liveport=None, debug=None, live_css=True):
            # livereload drops a change that comes less than a few seconds after the last
            # reload; every save must show, so rebuild and reload at once.
            LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            script = f'<script src="/livereload.js?port={port}"></script>'
            script += "".join(f'<script src="{src}" defer></script>' for src in scripts)

            class Injector(LiveScriptInjector):
                pass

            Injector.script = script.encode()
            handlers = [
                (r"/livereload", LiveReloadHandler),
                (r"/forcereload", ForceReloadHandler),
                (r"/livereload.js", LiveReloadJSHandler),
                *extra_handlers,
                *self.get_web_handlers(Injector.script),
            ]
            handlers = [
                (route, _guarded(handler, host), *rest) for route, handler, *rest in handlers
            ]
            app = web.Application(handlers=handlers, debug=bool(debug), transforms=[Injector])
            app.listen(port, address=host)

    return CspFriendlyServer


class ServeHooks:
    """What routes added to `chronicle serve` (the editor's desk) may use: the error of the
    last build (None when it built: the page shows it until it is fixed), and a rebuild
    after they change the content."""

    def __init__(self, options: BuildOptions, host: str, rebuild: Callable[[], None]) -> None:
        self.options = options
        self.host = host
        self.error: str | None = None
        self.rebuild = rebuild


# Routes and injected scripts for the server, made once it can rebuild (`ServeHooks`)
Extras = Callable[[ServeHooks], tuple[list[tuple], list[str]]]


def _guarded(handler: type, bound: str) -> type:
    """`handler` answering only requests addressed to this server (`hosts.host_allowed`:
    no DNS rebinding) and refusing a path with a NUL (400, not a 500 with a traceback)."""
    from urllib.parse import unquote

    from tornado import web

    from chronicle.site.hosts import host_allowed

    class Guarded(handler):
        def prepare(self) -> None:
            if not host_allowed(self.request.headers.get("Host"), bound):
                raise web.HTTPError(403, reason="Unknown host")
            if "\x00" in unquote(self.request.path):
                raise web.HTTPError(400, reason="Bad path")
            super().prepare()

        def check_origin(self, origin: str) -> bool:  # the reload socket's page
            from urllib.parse import urlsplit

            return host_allowed(urlsplit(origin).netloc, bound)

    Guarded.__name__ = f"Guarded{handler.__name__}"
    return Guarded


def serve(
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    extras: Extras | None = None,
) -> None:
    site = LiveSite(options)
    pending: list[object] = []

    def save_manifest() -> None:
        pending.clear()
        try:
            site.save_manifest()
        except OSError as exc:
            log.warning("warning: the build cache was not updated: %s", exc)

    def rebuild() -> None:
        try:
            options.config = load_config(options.config.root)
            result = site.rebuild()
            hooks.error = None
            log.info("rebuilt: %s", result.summary())
        except Exception as exc:
            # Keep serving the last good site; the error is on the console, and in the
            # page (`extras`) until it is fixed.
            from chronicle.site.theme import template_error

            error = exc if isinstance(exc, ChronicleError) else template_error(exc)
            if error is None:
                raise
            hooks.error = str(error)
            log.error("error: %s", error)
        if site.manifest_due and not pending:
            # After the browser has been told to reload: record the site for `build`.
            from tornado.ioloop import IOLoop

            pending.append(IOLoop.current().call_later(1.0, save_manifest))

    hooks = ServeHooks(options, host, rebuild)
    rebuild()
    root = options.config.root
    watcher = _watcher_class()(
        Path(root).resolve(), [Path(options.content_dir).resolve(), Path(root).resolve() / "themes"]
    )
    routes, scripts = extras(hooks) if extras is not None else ([], [])
    server = _server_class(routes, scripts)(watcher=watcher)
    for watched in (options.content_dir, root / "themes", root / CONFIG_NAME):
        if Path(watched).exists():
            server.watch(str(watched), rebuild)
    log.warning("serving %s at http://%s:%s/ (Ctrl-C to stop)", options.out_dir, host, port)
    try:
        server.serve(
            root=str(options.out_dir),
            host=host,
            port=port,
            open_url_delay=0.5 if open_browser else None,
            restart_delay=0,
        )
    finally:
        save_manifest()
