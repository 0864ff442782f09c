"""The search index kept in step with the site (`search.SearchIndex` does the indexing).

A page's search document is made from what its key covers (`render.Page.search`), so the
documents that may have changed are those of the pages rendered again and removed: only
those are compared with what is indexed, and only the index files whose bytes change are
written -- into the staging site by a build, in place by the quick path and `serve`.
The index's state lives in the build cache (one per output folder); without a cache, or
when the state does not match, the index is written whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from chronicle.atomic import write_atomic
from chronicle.site.cache import BuildCache, digest
from chronicle.site.search import INDEX_DIR, META_PATH, NeedsRebuild, SearchDoc, SearchIndex
from chronicle.site.write import StagedSite, safe_join

if TYPE_CHECKING:
    from chronicle.site.plan import Output

Changes = dict[str, SearchDoc | None]


def state_dir(cache: BuildCache, out_dir: Path) -> Path | None:
    if cache.dir is None:
        return None
    return cache.dir / f"search-{digest(str(out_dir.resolve()).encode())[:16]}"


def changed_documents(
    tasks: Iterable[Output], removed: Iterable[str], indexed: set[str]
) -> Changes:
    """The documents of the pages rendered again, and None for each indexed document of
    those pages (a page holds several: the timeline's events) and of the pages removed
    that is no longer there."""
    changes: Changes = {}
    pages: set[str] = set(p for p in removed if p.endswith(".html"))
    for task in tasks:
        if task.search is not None:
            pages.add(task.paths[0])
            changes.update((doc.url, doc) for doc in task.search())
    for url in indexed:
        if url.partition("#")[0] in pages and url not in changes:
            changes[url] = None
    return changes


def indexed_urls(states: Path | None) -> set[str]:
    return SearchIndex(states).indexed()


def _reader(out_dir: Path) -> Callable[[str], bytes | None]:
    def current(path: str) -> bytes | None:
        try:
            return safe_join(out_dir, path).read_bytes()
        except OSError:
            return None

    return current


def index_into(
    site: StagedSite,
    out_dir: Path,
    states: Path | None,
    plan: list[Output],
    changes: Changes | None,
) -> tuple[int, int]:
    """Write the index into the staging site: the current site's files linked and the
    changed ones written when `changes` can be applied to it, else the whole index.
    Returns (files written, files linked)."""
    index = SearchIndex(states)
    if changes is not None and index.ready() and (out_dir / META_PATH).is_file():
        try:
            written, gone = index.update(index.differing(changes), _reader(out_dir))
        except NeedsRebuild:
            pass
        else:
            linked = site.link_tree_from(out_dir, INDEX_DIR)
            for path in [*gone, *written]:
                target = safe_join(site.dir, path)
                if target.exists():
                    target.unlink()  # a link to the current site's file: never write through it
                    linked -= 1
            for path, data in written.items():
                site.write_bytes(path, data)
            return len(written), linked
    files = index.rebuild(_all_documents(plan))
    for path, data in files.items():
        site.write_bytes(path, data)
    return len(files), 0


def _all_documents(plan: list[Output]) -> Iterable[SearchDoc]:
    for task in plan:
        if task.search is not None:
            yield from task.search()


def index_in_place(
    out_dir: Path, states: Path | None, changes: Changes, plan: list[Output] | None = None
) -> int | None:
    """Apply `changes` to the index published in `out_dir`, writing each changed file in
    place (atomically). Without a usable state: the whole index from `plan`'s documents,
    or None when there is no plan (the caller then takes the normal build)."""
    index = SearchIndex(states)
    current = _reader(out_dir)
    try:
        written, gone = index.update(index.differing(changes), current)
    except NeedsRebuild:
        if plan is None:
            return None
        files = index.rebuild(_all_documents(plan))
        written = {p: data for p, data in files.items() if current(p) != data}
        gone = [
            p.relative_to(out_dir).as_posix()
            for p in (out_dir / INDEX_DIR).rglob("*")
            if p.is_file() and p.relative_to(out_dir).as_posix() not in files
        ]
    for path, data in written.items():
        target = safe_join(out_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, durable=False)
    for path in gone:
        safe_join(out_dir, path).unlink(missing_ok=True)
    return len(written)
