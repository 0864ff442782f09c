"""`chronicle build`: load content -> model -> render with the theme -> write the site.

Incremental. Every output file has a key, a hash of what it shows (`plan.py`); the keys of
the last build are recorded in the site's state (`state.SiteState`). A build:

1. scans the inputs' stats; when nothing changed since the recorded build, it stops there;
2. when only entry bodies changed, splices the new bodies into their pages (`quick.py`);
3. else loads the model, plans every output with its key, renders only the files whose
   key changed and carries every other file over from the current site by hard link (same
   inode, same modification time). A re-rendered file whose bytes are unchanged is linked
   too. The new site is assembled in a staging folder and swapped in whole (`write.py`):
   a failed build leaves the previous site untouched.

Large builds render in two processes (`parallel.py`), forked after loading.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from chronicle.errors import ChronicleError
from chronicle.lock import chronicle_lock
from chronicle.site.cache import BuildCache
from chronicle.site.options import BuildOptions, BuildResult
from chronicle.site.outdir import check_out_dir, kept_names
from chronicle.site.state import (
    Scan,
    SiteState,
    content_files,
    fixed_signature,
    load_state,
    save_state,
    scan_inputs,
)
from chronicle.site.theme import make_environment, theme_dirs
from chronicle.site.timing import phase
from chronicle.site.write import StagedSite
from chronicle.workers import job_count

if TYPE_CHECKING:
    from chronicle.site.load import Loaded

# The model, the renderer (Jinja, markdown-it), the plan and the search index are imported
# by the builds that need them: a build with nothing changed stops after a scan, and its
# time is mostly Python's start-up and imports.

__all__ = ["BuildOptions", "BuildResult", "build", "start_result"]


log = logging.getLogger(__name__)


def build(options: BuildOptions) -> BuildResult:
    """Build the site; on any error the previous output folder is left untouched."""
    check_out_dir(
        options.out_dir,
        root=options.config.root,
        content_dir=options.content_dir,
        keep=kept_names(options.config.keep_files),
    )
    with chronicle_lock(options.content_dir, "build", _say), quiet_gc():
        result = _build_or_skip(options)
        options.plugins.built(options.out_dir, result)
        return result


def _say(message: str) -> None:
    log.warning("%s", message)


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Loading makes ~1M long-lived objects and no cyclic garbage: the cyclic collector
    would walk them again and again (a quarter of a rebuild's time). It stays off until
    the model is built (`freeze`), and is switched back on when the build ends."""
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


def freeze() -> None:
    """The model is built: keep its objects out of every later collection (and so out of
    the copy-on-write pages a forked worker would otherwise touch), then collect again."""
    gc.freeze()
    gc.enable()


def _trim() -> None:
    """Give the memory freed after loading (the parsed files, the pool's results) back to
    the system, so the forked rendering process does not start with it (glibc only)."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _build_or_skip(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    dirs = theme_dirs(options.theme, options.config.root)
    cache = BuildCache(options.config.root if options.cache else None)
    state = load_state(cache, options.out_dir) if cache.enabled else None
    scan = scan_inputs(options, dirs) if cache.enabled else None
    if (
        state is not None
        and scan is not None
        and state.nothing_changed(scan.signature, scan.newest)
    ):
        result = BuildResult(**state.result, how="unchanged")
        result.unchanged, result.rewritten, result.removed = result.files, 0, 0
        result.seconds = time.perf_counter() - started
        return result
    if state is not None and scan is not None:
        from chronicle.site.quick import body_edits

        quick = body_edits(options, dirs, cache, state, scan)
        if quick is not None:
            quick.seconds = time.perf_counter() - started
            return quick
    return full_build(options, dirs, cache, state, scan, started)


def full_build(
    options: BuildOptions,
    dirs: list[Path],
    cache: BuildCache,
    state: SiteState | None,
    scan: Scan | None,
    started: float,
) -> BuildResult:
    """Load the model, plan every output, render what changed, swap the new site in."""
    from chronicle.site.load import close_bodies, load_chronicle
    from chronicle.site.markdown import markdown_renderer

    jobs = job_count(options.jobs)
    loaded = load_chronicle(options.content_dir, markdown_renderer().render, cache, jobs)
    options.plugins.model(loaded.chronicle)
    try:
        return _render_loaded(options, dirs, cache, state, scan, started, loaded, jobs)
    finally:
        close_bodies(loaded.chronicle)


def _render_loaded(
    options: BuildOptions,
    dirs: list[Path],
    cache: BuildCache,
    state: SiteState | None,
    scan: Scan | None,
    started: float,
    loaded: Loaded,
    jobs: int,
) -> BuildResult:
    from chronicle.site import parallel
    from chronicle.site.indexing import changed_documents, index_into, indexed_urls
    from chronicle.site.indexing import state_dir as search_state_dir
    from chronicle.site.plan import site_plan, static_key
    from chronicle.site.search import INDEX_DIR

    phase("parse and model", started)
    # The parsed files are saved now (they are valid whatever happens to this build) and
    # let go, so the rendering processes do not carry them.
    cache.save()
    cache.release()
    _trim()
    phase("load", started)
    result = start_result(loaded, options)
    chronicle = loaded.chronicle
    env = make_environment(dirs)
    plan, renderer = site_plan(chronicle, options, env, dirs, static_key(options, dirs))
    freeze()
    phase("plan", started)
    result.pages = sum(1 for o in plan for p in o.paths if p.endswith(".html"))
    out_dir = options.out_dir.resolve()
    old = state.outputs if state is not None else {}
    produced = {p for o in plan for p in o.paths}
    todo = [o for o in plan if any(old.get(p) != o.key for p in o.paths)]
    keep = [o for o in plan if all(old.get(p) == o.key for p in o.paths)]
    removed = [p for p in old if p not in produced]
    # The search index: updated from the pages rendered again, or written whole (no record
    # of the site, or the record says the index is not in step with it).
    states = search_state_dir(cache, out_dir)
    search_changes = (
        changed_documents(todo, removed, indexed_urls(states)) if options.search else {}
    )
    search_whole = state is None or state.search is None
    search_again = options.search and (search_whole or bool(search_changes))
    result.removed = len(removed)
    if state is not None and not todo and not removed and not search_again and out_dir.is_dir():
        result.files = state.result.get("files", 0)
        result.unchanged = result.files
        result.warnings += state.search or []
        _record(cache, options, dirs, plan, result, scan, state.search, state.bodies)
        result.seconds = time.perf_counter() - started
        return result

    site = StagedSite(options.out_dir, kept_names(options.config.keep_files))
    search_warnings = state.search if state is not None else None
    try:
        linked = 0
        for task in keep:
            done = []
            try:
                for path in task.paths:
                    site.link_from(out_dir, path)
                    done.append(path)
                linked += len(task.paths)
            except OSError:
                for path in done:
                    (site.dir / path).unlink()
                todo.append(task)  # gone from the site: render it again
        if options.search and not search_again:
            linked += site.link_tree_from(out_dir, INDEX_DIR)
        phase("link", started)
        renderer.prepare()
        written = parallel.render_all(
            todo, site, out_dir if state is not None else None, jobs, renderer.release_events
        )
        result.rewritten, result.unchanged = written.written, linked + written.linked
        phase("render", started)
        if search_again:
            # Indexed in the staging folder, so the new site is swapped in complete.
            index_written, index_linked = index_into(
                site,
                out_dir,
                states,
                plan,
                None if search_whole else search_changes,
            )
            result.rewritten += index_written
            result.unchanged += index_linked
            search_warnings = []
            phase("search", started)
        result.warnings += search_warnings or []
        result.files = sum(len(files) for _, _, files in os.walk(site.dir))
        site.commit()
    except BaseException:
        site.discard()
        raise
    phase("commit", started)
    bodies = {p: state.bodies[p] for o in keep for p in o.paths if state and p in state.bodies}
    bodies.update(written.bodies)
    _record(cache, options, dirs, plan, result, scan, search_warnings, bodies)
    phase("save", started)
    result.seconds = time.perf_counter() - started
    return result


def start_result(loaded: Loaded, options: BuildOptions) -> BuildResult:
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


def _record(
    cache: BuildCache,
    options: BuildOptions,
    dirs: list[Path],
    plan: list,
    result: BuildResult,
    scan: Scan | None,
    search: list[str] | None,
    bodies: dict,
) -> None:
    """Save the parsed files and the state of the site just built."""
    if not cache.enabled:
        return
    cache.save()
    scan = scan or scan_inputs(options, dirs)
    files = {}
    for path in content_files(options.content_dir, scan.stats):
        known = cache.known(path)
        if known is not None:
            files[path] = known[3]
    state = SiteState(
        scan=scan.signature,
        time=scan.time,
        fixed=fixed_signature(options, dirs),
        outputs={p: o.key for o in plan for p in o.paths},
        files=files,
        bodies=bodies if not result.errors else {},
        result=result.counts(),
        search=search if options.search else None,
    )
    save_state(cache, options.out_dir, state)
