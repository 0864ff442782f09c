"""`chronicle build`: load content -> model -> render with the theme -> write the site.

Incremental (issue 6). Every output file has a key: a hash of what it shows (see
`render.Keys`) plus the theme, the configuration and Chronicle's own code. The keys of the
last build are kept in the build cache (`cache.py`); a build renders only the files whose
key changed and carries every other file over from the current site by hard link, so
unchanged files are not rewritten (same inode, same modification time). The new site is
still assembled in a staging folder and swapped in whole (`write.py`): a failed build
leaves the previous site untouched. A re-rendered file whose bytes turn out unchanged is
linked too. When nothing at all changed (a scan of the content, theme and configuration
files finds every size, mtime and inode as recorded), the build stops there.

Large builds render in two processes (forked after loading, so they share the model):
each renders and writes its share of the files into the staging folder.
"""

from __future__ import annotations

import gc
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.config import CONFIG_NAME, Config
from chronicle.errors import ChronicleError
from chronicle.lock import chronicle_lock
from chronicle.site.cache import RACY_NS, BuildCache, code_key, digest, key_of, scan_signature
from chronicle.site.outdir import check_out_dir, kept_names
from chronicle.site.theme import static_files, theme_dirs
from chronicle.site.write import StagedSite, safe_join

# Work to render (in `Output.cost` units, ~0.25 ms each) before a second process is worth
# its start: counted in cost, not files, as an edit of one title re-renders only 14 files,
# but among them the timeline, the exports and the country's page (~4 s in one process).
PARALLEL_MIN = 1500


@dataclass
class BuildOptions:
    config: Config
    content_dir: Path
    out_dir: Path
    theme: str = "default"
    keep_going: bool = False
    search: bool = True  # run Pagefind on the output (warns when it is missing)
    cache: bool = True  # the build cache in <root>/.chronicle-cache (incremental)
    jobs: int | None = None  # processes; None: CHRONICLE_JOBS or the number of CPUs


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


@dataclass
class Output:
    """One task: files of the site, the key of what they show, how to produce them."""

    paths: tuple[str, ...]
    key: str
    produce: Callable[[], dict[str, bytes] | Iterable[tuple[str, bytes]]]
    cost: float = 1.0
    group: int = 0  # tasks of one group share work (rendered events)
    deps: tuple = ()  # what the key was made of (besides the static key)


def _jobs(options: BuildOptions) -> int:
    if options.jobs is not None:
        return max(1, options.jobs)
    raw = os.environ.get("CHRONICLE_JOBS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _static_key(options: BuildOptions, dirs: list[Path]) -> str:
    """Everything but the content a page depends on: code, theme, configuration, options."""
    from chronicle.site.search import pagefind_executable

    theme = []
    for d in dirs:
        for path in sorted(p for p in d.rglob("*") if p.is_file()):
            theme.append((path.relative_to(d).as_posix(), digest(path.read_bytes())))
    config = {k: v for k, v in vars(options.config).items()}
    return key_of(
        code_key(),
        [str(d.resolve()) for d in dirs],
        theme,
        repr(config),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        options.search,
        pagefind_executable() if options.search else None,
        options.keep_going,
        options.theme,
    )


def _env(options: BuildOptions) -> tuple:
    return (
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        os.environ.get("CHRONICLE_PAGEFIND"),
        repr(vars(options.config)),
        options.theme,
        options.keep_going,
        options.search,
        str(options.content_dir.resolve()),
        code_key(),
    )


def _scan(
    options: BuildOptions, dirs: list[Path], stats: dict[str, tuple[int, int, int]] | None = None
) -> tuple[str, int]:
    """The signature of every input file's stat and the build's settings, the newest
    mtime seen; `stats` receives each file's (size, mtime, inode)."""
    sig, newest = scan_signature(
        [options.content_dir, *dirs], [options.config.root / CONFIG_NAME], stats
    )
    return key_of(sig, _env(options)), newest


def fixed_key(options: BuildOptions, dirs: list[Path]) -> str:
    """The signature of everything but the content: theme files, configuration, settings."""
    sig, _ = scan_signature(dirs, [options.config.root / CONFIG_NAME])
    return key_of(sig, _env(options))


def _out_stamp(out_dir: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(out_dir)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


def _precise(dirs: list[Path]) -> bool:
    """Page keys follow the default templates: true unless the theme overrides one."""
    return all(
        not (d / "templates").is_dir() or not any((d / "templates").rglob("*")) for d in dirs[:-1]
    )


def build(options: BuildOptions) -> BuildResult:
    """Build the site; on any error the previous output folder is left untouched."""
    check_out_dir(
        options.out_dir,
        root=options.config.root,
        content_dir=options.content_dir,
        keep=kept_names(options.config.keep_files),
    )
    with chronicle_lock(options.content_dir, "build", _say), _quiet_gc():
        return _build_or_skip(options)


def _say(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)


@contextmanager
def _quiet_gc() -> Iterator[None]:
    """Loading makes ~1M long-lived objects and no cyclic garbage: the cyclic collector
    would walk them again and again (a quarter of a rebuild's time). It stays off until
    the model is built (`_freeze`), and is switched back on when the build ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # a long-lived caller (serve, tests) may free them
        if was:
            gc.enable()
        else:
            gc.disable()


def _trim() -> None:
    """Give the memory freed after loading (the parsed files, the pool's results) back to
    the system, so the forked rendering process does not start with it (glibc only)."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _freeze() -> None:
    """The model is built: keep its objects out of every later collection (and so out of
    the copy-on-write pages a forked worker would otherwise touch), then collect again."""
    gc.freeze()
    gc.enable()


def _build_or_skip(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    out_dir = options.out_dir
    dirs = theme_dirs(options.theme, options.config.root)
    cache = BuildCache(options.config.root if options.cache else None)
    manifest = cache.read_manifest(out_dir) if cache.enabled else None
    if manifest is not None and manifest.get("out") != _out_stamp(out_dir):
        manifest = None  # the site on disk is not the one recorded
    scan_time = time.time_ns()
    stats: dict[str, tuple[int, int, int]] = {}
    scan, newest = _scan(options, dirs, stats) if cache.enabled else ("", 0)
    if manifest is not None and manifest["scan"] == scan and newest < manifest["time"] - RACY_NS:
        # Nothing changed since the last build: the site on disk is up to date.
        result = BuildResult(**manifest["result"])
        result.unchanged, result.rewritten, result.removed = result.files, 0, 0
        result.seconds = time.perf_counter() - started
        return result
    if manifest is not None:
        from chronicle.site.quick import body_edits

        quick = body_edits(options, dirs, cache, manifest, stats, scan, scan_time)
        if quick is not None:
            quick.seconds = time.perf_counter() - started
            return quick
    return _build(options, dirs, cache, manifest, scan, started, stats)


def _build(
    options: BuildOptions,
    dirs: list[Path],
    cache: BuildCache,
    manifest: dict | None,
    scan: str,
    started: float,
    stats: dict[str, tuple[int, int, int]] | None = None,
) -> BuildResult:
    from chronicle.site.load import close_bodies, load_chronicle
    from chronicle.site.render import markdown_renderer

    scan_time = time.time_ns()
    jobs = _jobs(options)
    md = markdown_renderer()
    loaded = load_chronicle(options.content_dir, md.render, cache, jobs)
    try:
        return _build_loaded(
            options, dirs, cache, manifest, scan, started, stats, scan_time, jobs, loaded
        )
    finally:
        close_bodies(loaded.chronicle)


def _build_loaded(
    options: BuildOptions,
    dirs: list[Path],
    cache: BuildCache,
    manifest: dict | None,
    scan: str,
    started: float,
    stats: dict[str, tuple[int, int, int]] | None,
    scan_time: int,
    jobs: int,
    loaded,
) -> BuildResult:
    from chronicle.site.theme import make_environment

    _phase("parse and model", started)
    # The parsed files are saved now (they are valid whatever happens to this build) and
    # let go, so the rendering processes do not carry them.
    cache.save()
    cache.release()
    _trim()
    _phase("load", started)
    result = start_result(loaded, options)
    chronicle = loaded.chronicle
    env = make_environment(dirs)
    static_key = _static_key(options, dirs)
    plan, renderer = site_plan(chronicle, options, env, dirs, static_key)
    _freeze()
    _phase("plan", started)
    result.pages = sum(1 for o in plan for p in o.paths if p.endswith(".html"))
    out_dir = options.out_dir.resolve()
    old: dict[str, str] = manifest["outputs"] if manifest is not None else {}
    produced = {p for o in plan for p in o.paths}
    todo = [o for o in plan if any(old.get(p) != o.key for p in o.paths)]
    keep = [o for o in plan if all(old.get(p) == o.key for p in o.paths)]
    removed = [p for p in old if p not in produced and not p.startswith("pagefind/")]
    search_again = options.search and (
        manifest is None
        or removed
        or any(p.endswith(".html") for o in todo for p in o.paths)
        or manifest.get("search") is None
    )
    result.removed = len(removed)
    if not todo and not removed and not search_again and out_dir.is_dir():
        result.files = manifest["result"]["files"] if manifest else 0
        result.unchanged = result.files
        if manifest and manifest.get("search"):
            result.warnings += manifest["search"]
        _save(
            cache,
            options,
            plan,
            result,
            scan,
            scan_time,
            manifest.get("search"),
            dirs,
            stats,
            manifest.get("bodies") or {},
        )
        result.seconds = time.perf_counter() - started
        return result

    site = StagedSite(options.out_dir, kept_names(options.config.keep_files))
    _MADE.clear()
    search_warnings: list[str] | None = manifest.get("search") if manifest else None
    try:
        linked = 0
        if keep:
            relink = []
            for task in keep:
                done = []
                try:
                    for path in task.paths:
                        _link(out_dir, site, path)
                        done.append(path)
                    linked += len(task.paths)
                except OSError:
                    for path in done:
                        safe_join(site.dir, path).unlink()
                    relink.append(task)  # gone from the site: render it again
            todo += relink
        if options.search and not search_again:
            linked += _link_tree(out_dir, site, "pagefind")
        _phase("link", started)
        renderer.prepare()
        written, same, rendered_bodies = _render_all(
            todo, site, out_dir if manifest is not None else None, jobs, renderer.release_events
        )
        result.rewritten, result.unchanged = written, linked + same
        _phase("render", started)
        if search_again:
            from chronicle.site.search import index_site

            # Indexed in the staging folder, so the new site is swapped in complete.
            warning = index_site(site.dir, options.config.language)
            search_warnings = [warning] if warning else []
            result.rewritten += (
                sum(1 for p in (site.dir / "pagefind").rglob("*") if p.is_file())
                if (site.dir / "pagefind").is_dir()
                else 0
            )
        result.warnings += search_warnings or []
        result.files = sum(len(files) for _, _, files in os.walk(site.dir))
        site.commit()
    except BaseException:
        site.discard()
        raise
    _phase("commit", started)
    old_bodies = manifest.get("bodies") or {} if manifest is not None else {}
    bodies = {p: old_bodies[p] for o in keep for p in o.paths if p in old_bodies}
    bodies.update(rendered_bodies)
    _save(cache, options, plan, result, scan, scan_time, search_warnings, dirs, stats, bodies)
    _phase("save", started)
    result.seconds = time.perf_counter() - started
    return result


def start_result(loaded, options: BuildOptions) -> BuildResult:
    """The result of a build so far: counts and warnings of what was loaded. Content errors
    stop the build here unless --keep-going."""
    result = BuildResult(warnings=list(loaded.warnings))
    if loaded.errors:
        result.errors = [str(e) for e in loaded.errors]
        if not options.keep_going:
            listing = "\n  ".join(result.errors)
            raise ChronicleError(
                f"{len(loaded.errors)} content error(s); nothing was built "
                f"(use --keep-going to build anyway):\n  {listing}"
            )
    chronicle = loaded.chronicle
    result.entries, result.places, result.events = (
        len(chronicle.entries),
        len(chronicle.places),
        len(chronicle.events),
    )
    return result


def _phase(name: str, started: float) -> None:
    if os.environ.get("CHRONICLE_TIMING"):
        import sys

        print(f"  {name}: {time.perf_counter() - started:.2f} s", file=sys.stderr)


def _save(
    cache: BuildCache,
    options: BuildOptions,
    plan: list[Output],
    result: BuildResult,
    scan: str,
    scan_time: int,
    search: list[str] | None,
    dirs: list[Path],
    stats: dict | None,
    bodies: dict,
) -> None:
    from chronicle.site.quick import content_files

    if not cache.enabled:
        return
    cache.save()
    keep = {
        "pages": result.pages,
        "files": result.files,
        "entries": result.entries,
        "places": result.places,
        "events": result.events,
        "warnings": result.warnings,
        "errors": result.errors,
    }
    if stats is None:
        stats = {}
        _scan(options, dirs, stats)
    cache.write_manifest(
        options.out_dir,
        {
            "scan": scan,
            "time": scan_time,
            "out": _out_stamp(options.out_dir),
            "outputs": {p: o.key for o in plan for p in o.paths},
            "result": keep,
            "search": search if options.search else None,
            # for quick.body_edits:
            "fixed": fixed_key(options, dirs),
            "files": {
                p: known[3]
                for p in content_files(options.content_dir, stats)
                if (known := cache.known(p)) is not None
            },
            "bodies": bodies if not result.errors else {},
        },
    )


def _plain(relative: str) -> bool:
    """A relative path `safe_join` accepts as it is (checked with string operations only:
    linking 10,000 unchanged files must not build 20,000 Path objects)."""
    if not relative or relative[0] == "/" or "\\" in relative or "\x00" in relative:
        return False
    parts = relative.split("/")
    return not parts[0].endswith(":") and all(p.strip(" .") for p in parts)


_MADE: dict[str, None] = {}  # folders made in the staging folder (this process)


def _link(out_dir: Path, site: StagedSite, relative: str) -> None:
    if not _plain(relative):
        target = safe_join(site.dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(safe_join(out_dir, relative), target)
        return
    target = f"{site.dir}/{relative}"
    folder = target.rpartition("/")[0]
    if folder not in _MADE:
        os.makedirs(folder, exist_ok=True)
        _MADE[folder] = None
    os.link(f"{out_dir}/{relative}", target)


def _link_tree(out_dir: Path, site: StagedSite, folder: str) -> int:
    source = out_dir / folder
    count = 0
    for dirpath, _, filenames in os.walk(source):
        for name in filenames:
            relative = os.path.relpath(os.path.join(dirpath, name), out_dir)
            _link(out_dir, site, Path(relative).as_posix())
            count += 1
    return count


# --------------------------------------------------------------------------- rendering


def _write_all(
    tasks: Iterable[Output],
    site: StagedSite,
    old_dir: Path | None,
) -> tuple[int, int]:
    """Produce and write `tasks`; a file whose bytes equal the current site's is linked
    from it instead of written. (written, linked)."""
    written = linked = 0
    for task in tasks:
        for relative, data in files_of(task):
            if old_dir is not None:
                old = safe_join(old_dir, relative)
                try:
                    if old.stat().st_size == len(data) and old.read_bytes() == data:
                        _link(old_dir, site, relative)
                        linked += 1
                        continue
                except OSError:
                    pass
            site.write_bytes(relative, data)
            written += 1
    return written, linked


def files_of(task: Output) -> Iterable[tuple[str, bytes]]:
    """(path, bytes) of what the task produces: a dict, or pairs made one at a time."""
    made = task.produce()
    return made.items() if isinstance(made, dict) else made


def _share(tasks: list[Output], n: int) -> tuple[list[list[Output]], list[list[Output]]]:
    """`n` fixed shares of similar cost, each group whole in one share (its tasks reuse
    each other's rendered events), and the single tasks in chunks, most costly first, that
    the processes take as they become free (estimated costs are rough: a static split of
    everything left one process idle for seconds)."""
    shares: list[list[Output]] = [[] for _ in range(n)]
    load = [0.0] * n
    groups: dict[int, list[Output]] = {}
    for task in tasks:
        groups.setdefault(task.group, []).append(task)
    singles = sorted(groups.pop(0, []), key=lambda t: -t.cost)
    for _, members in sorted(groups.items(), key=lambda kv: -sum(t.cost for t in kv[1])):
        i = load.index(min(load))
        shares[i] += members
        load[i] += sum(t.cost for t in members)
    size = max(8, len(singles) // 2000)
    return shares, [singles[i : i + size] for i in range(0, len(singles), size)]


def _queue(count: int) -> int:
    """A pipe holding the numbers 0..count-1 (4 bytes each; pipe reads of that size are
    atomic, so two processes never take the same one); returns its read end, which does
    not block: an empty pipe means the work is done."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"".join(i.to_bytes(4, "little") for i in range(count)))
    os.close(write_end)
    os.set_blocking(read_end, False)
    return read_end


def _pulled(
    fixed: list[Output], chunks: list[list[Output]], queue: int, between: Callable[[], None]
) -> Iterator[Output]:
    yield from fixed
    between()  # the groups are done: what they shared can go
    while True:
        try:
            data = os.read(queue, 4)
        except BlockingIOError:
            return
        if len(data) < 4:
            return
        yield from chunks[int.from_bytes(data, "little")]


def _render_all(
    tasks: list[Output],
    site: StagedSite,
    old_dir: Path | None,
    jobs: int,
    between: Callable[[], None] = lambda: None,
) -> tuple[int, int, dict]:
    """Produce and write `tasks` (in two processes when worth it): (written, linked, where
    each rendered entry page has its body)."""
    from chronicle.site import quick

    quick.RECORDS.clear()
    if jobs < 2 or sum(t.cost for t in tasks) < PARALLEL_MIN or not hasattr(os, "fork"):
        return (*_write_all(tasks, site, old_dir), dict(quick.RECORDS))
    shares, chunks = _share(tasks, 2)
    queue = _queue(len(chunks))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: the second share
        os.close(read_end)
        t0 = time.perf_counter()
        code = 0
        try:
            done = _write_all(_pulled(shares[1], chunks, queue, between), site, old_dir)
            outcome: object = ("ok", (*done, quick.RECORDS))
            _phase("worker done", t0)
        except BaseException as exc:  # noqa: BLE001 - sent to the parent
            outcome = ("error", _portable(exc))
            code = 1
        try:
            with os.fdopen(write_end, "wb") as handle:
                pickle.dump(outcome, handle)
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        t0 = time.perf_counter()
        mine = _write_all(_pulled(shares[0], chunks, queue, between), site, old_dir)
        _phase("parent share done", t0)
    except BaseException:
        _stop(pid)
        os.close(read_end)
        raise
    finally:
        os.close(queue)
    with os.fdopen(read_end, "rb") as handle:
        data = handle.read()
    _, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)
    except Exception:
        raise ChronicleError(
            f"a rendering process ended without a result (status {status})"
        ) from None
    if kind == "error":
        raise value
    return mine[0] + value[0], mine[1] + value[1], {**quick.RECORDS, **value[2]}


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _portable(exc: BaseException) -> BaseException:
    """The exception as the parent can raise it: ChronicleErrors and OS errors as they
    are; anything else as a ChronicleError naming the template file and line."""
    if isinstance(exc, (ChronicleError, OSError)):
        return exc
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2")) and Path(name).is_file():
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    if found[0] is None:
        return ChronicleError(f"internal error while rendering: {type(exc).__name__}: {exc}")
    return ChronicleError(f"template error: {type(exc).__name__}: {exc}", *found)


# --------------------------------------------------------------------------- the plan


def site_plan(
    chronicle,
    options: BuildOptions,
    env,
    dirs: list[Path],
    static_key: str,
    events: dict | None = None,
):
    """Every output file of the site as `Output` tasks with their keys, and the renderer.

    `events` (serve): a dict kept across rebuilds where rendered events are kept for as
    long as the places, theme and configuration are the same."""
    from chronicle.site import feeds
    from chronicle.site.dates import DateLabels
    from chronicle.site.exports import _dumps, event_rows, events_csv, places_geojson, timelinejs
    from chronicle.site.quick import entry_page
    from chronicle.site.render import Keys, SiteRenderer, pages

    config = options.config
    keys = Keys(chronicle)
    # With templates of its own, a theme may show anything anywhere: every page then
    # depends on all content (pages whose bytes do not change are still not rewritten).
    everything = (
        "" if _precise(dirs) else key_of(keys.structure, [e.file_key for e in chronicle.entries])
    )
    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    labels = DateLabels(config.language)
    if events is None:
        renderer = SiteRenderer(env, chronicle, config)
    else:
        scope = (static_key, everything, keys.structure)
        if (
            events.get("scope") != scope
            or len(events.get("items", ())) > 4 * len(chronicle.events) + 1000
        ):
            events.clear()
            events.update(scope=scope, items={})
        renderer = SiteRenderer(env, chronicle, config, events["items"], keep_anchored=True)
    renderer.prepare = lambda: SiteRenderer.prepare(
        renderer,
        [
            "_macros.html",
            "base.html",
            "index.html",
            "timeline.html",
            "map.html",
            "search.html",
            "entries.html",
            "entry.html",
            "places.html",
            "place.html",
            "404.html",
        ],
    )
    plan: list[Output] = []

    def add(
        paths: tuple[str, ...], deps: tuple, produce, cost: float = 1.0, group: int = 0
    ) -> None:
        plan.append(Output(paths, key_of(static_key, everything, deps), produce, cost, group, deps))

    html_pages = []
    precise = not everything
    for page in pages(chronicle, config, keys):
        html_pages.append(page.path)
        group = (
            1 if page.template == "place.html" else (2 if page.path.startswith("timeline/") else 0)
        )
        if precise and page.entry is not None:
            # Rendered so that a later edit of the body alone can be spliced in (quick.py).
            add(
                (page.path,),
                page.deps,
                lambda page=page: {page.path: entry_page(renderer, page)},
                page.cost,
                group,
            )
            continue
        add(
            (page.path,),
            page.deps,
            lambda page=page: {page.path: renderer.render_bytes(page)},
            page.cost,
            group,
        )
    for relative, source in static_files(dirs).items():
        add(
            (f"static/{relative}",),
            ("static", relative, digest(source.read_bytes())),
            lambda relative=relative, source=source: {f"static/{relative}": source.read_bytes()},
            0.2,
        )

    exports = ("data/events.csv", "data/events.json", "data/timeline.json")

    def produce_exports() -> Iterator[tuple[str, bytes]]:
        # One file at a time, each written before the next is made (at 10,000 entries
        # each is 7-14 MB, made from tens of MB of rows).
        rows = event_rows(chronicle, base)
        yield "data/events.csv", events_csv(rows)
        yield "data/events.json", _dumps(rows)
        del rows
        yield (
            "data/timeline.json",
            _dumps(timelinejs(chronicle, config.title, config.description, base, labels.when)),
        )

    add(
        exports,
        ("exports", keys.structure, keys.all_events),
        produce_exports,
        1 + len(chronicle.events) / 5,
        3,
    )  # (costs measured at 10,000 entries)
    add(
        ("data/places.geojson",),
        ("geojson", keys.structure, keys.all_counts),
        lambda: {"data/places.geojson": _dumps(places_geojson(chronicle, base))},
    )
    common = {
        "site_title": config.title,
        "base_url": base,
        "label": labels.when,
        "language": config.language,
    }
    add(
        (feeds.ENTRIES_FEED,),
        ("feed", keys.all_entries),
        lambda: {
            feeds.ENTRIES_FEED: feeds.entries_feed(
                chronicle, description=config.description, **common
            ).encode("utf-8")
        },
        1 + len(chronicle.entries) / 10,
        3,
    )
    for place in sorted(chronicle.places.values(), key=lambda p: p.id):
        path = feeds.place_feed_path(place)
        add(
            (path,),
            (
                "place-feed",
                keys.structure,
                place.id,
                keys.events(place.all_events()),
                keys.entry_list(place.entries),
            ),
            lambda place=place, path=path: {
                path: feeds.place_feed(place, **common).encode("utf-8")
            },
            1 + place.event_count / 100,
        )
    if base:
        lastmod = {e.url: e.published for e in chronicle.entries if e.published}
        listed = [p for p in html_pages if p != "404.html"]
        add(
            ("sitemap.xml",),
            ("sitemap", tuple(listed), keys.all_entries),
            lambda: {"sitemap.xml": feeds.sitemap(listed, base, lastmod).encode("utf-8")},
        )
    add(("robots.txt",), ("robots",), lambda: {"robots.txt": feeds.robots(base).encode("utf-8")})
    return plan, renderer


def data_files(chronicle, config: Config, html_pages: list[str]) -> dict[str, bytes]:
    """Everything that is not a page: exports, Atom feeds, sitemap.xml, robots.txt."""
    from chronicle.site import feeds
    from chronicle.site.dates import DateLabels
    from chronicle.site.exports import export_files

    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    labels = DateLabels(config.language)
    files = export_files(chronicle, config.title, config.description, base, labels.when)
    common = {
        "site_title": config.title,
        "base_url": base,
        "label": labels.when,
        "language": config.language,
    }
    files[feeds.ENTRIES_FEED] = feeds.entries_feed(
        chronicle, description=config.description, **common
    ).encode("utf-8")
    for place in sorted(chronicle.places.values(), key=lambda p: p.id):
        files[feeds.place_feed_path(place)] = feeds.place_feed(place, **common).encode("utf-8")
    if base:
        lastmod = {e.url: e.published for e in chronicle.entries if e.published}
        pages = [p for p in html_pages if p != "404.html"]
        files["sitemap.xml"] = feeds.sitemap(pages, base, lastmod).encode("utf-8")
    files["robots.txt"] = feeds.robots(base).encode("utf-8")
    return dict(sorted(files.items()))
