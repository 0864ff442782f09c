"""`chronicle build` after edits to entry bodies only: the new body spliced into the page.

Correcting the text of a report is the most common edit. Its body shows on one page only,
the entry's own (the timeline, places, feeds and exports show front matter, see
`render.Keys`), so when nothing but the bodies of existing entries changed, the build
needs neither the model nor the other pages: it parses the changed files, checks their
front matter is as recorded, and replaces the old body's bytes in each entry page with the
new body's, writing only those pages (each replaced whole, atomically). Anything else (a
place, a new or deleted file, front matter, theme, configuration, a theme with templates
of its own) takes the normal path.

Entry pages are rendered with their body's offset and length recorded
(`plan.entry_page`, kept in `SiteState.bodies`).

The search index is updated for the patched reports (`indexing.index_in_place`: only the
index files whose words changed are written); without a usable index state the normal path
runs instead.
"""

from __future__ import annotations

from pathlib import Path

from chronicle.atomic import write_atomic
from chronicle.errors import ChronicleError
from chronicle.site.cache import BuildCache, digest, key_of
from chronicle.site.indexing import index_in_place, state_dir
from chronicle.site.load import parse_file
from chronicle.site.markdown import markdown_renderer
from chronicle.site.options import BuildOptions, BuildResult
from chronicle.site.search import SearchDoc
from chronicle.site.searchdocs import report_doc
from chronicle.site.state import Scan, SiteState, content_files, fixed_signature, save_state
from chronicle.site.theme import theme_is_default

MAX_EDITS = 50  # more changed files than this: the normal build is as quick


def body_edits(
    options: BuildOptions, dirs: list[Path], cache: BuildCache, state: SiteState, scan: Scan
) -> BuildResult | None:
    """The build's result if only entry bodies changed (their pages patched), else None."""
    if (
        not state.bodies
        or options.plugins  # their on_model and page_context see every build
        or not cache.enabled
        or not theme_is_default(dirs)
        or state.fixed != fixed_signature(options, dirs)
    ):
        return None
    changed = _changed_files(cache, state, scan, options.content_dir)
    if changed is None:
        return None
    render = markdown_renderer().render
    patches = []
    docs: dict[str, SearchDoc | None] = {}
    for path in changed:
        page = f"entries/{Path(path).stem}.html"
        record = state.bodies.get(page)
        if record is None or page not in state.outputs:
            return None
        h, value = parse_file("entry", Path(path), render)
        if isinstance(value, ChronicleError):
            return None
        ef, html, meta_key = value
        meta, offset, length, body_hash = record
        if meta_key != meta:
            return None  # front matter changed
        try:
            old = (options.out_dir / page).read_bytes()
        except OSError:
            return None
        if len(old) < offset + length or digest(old[offset : offset + length]) != body_hash:
            return None  # not the page that was recorded
        body = html.encode("utf-8")
        new = old[:offset] + body + old[offset + length :]
        patches.append((path, page, h, old, new, (meta, offset, len(body), digest(body))))
        docs[page] = report_doc(page, ef.title, ef.published, html)
    # Everything checked: the search index first (it may need the normal path), then the
    # pages, then the record of what was done.
    result = BuildResult(**state.result, how="quick")
    if options.search:
        index_written = index_in_place(options.out_dir, state_dir(cache, options.out_dir), docs)
        if index_written is None:
            return None
        result.rewritten += index_written
    for path, page, h, old, new, body_record in patches:
        if new != old:
            write_atomic(options.out_dir / page, new, durable=False)
            result.rewritten += 1
        # The page's true key (see `render.pages`) needs the model; a key derived from the
        # old one and the new file makes the next full build render the page again (its
        # bytes then match, and it is left alone).
        state.outputs[page] = key_of(state.outputs[page], "body", h)
        state.bodies[page] = body_record
        state.files[path] = h
        # Its hash only: the parsed file goes to the cache with the next normal build
        # (loading a shard of the cache here would cost more than parsing it again then).
        cache.record(Path(path), h)
    result.unchanged = result.files - result.rewritten
    cache.save(prune=False)
    state.scan, state.time = scan.signature, scan.time
    save_state(cache, options.out_dir, state)
    return result


def _changed_files(
    cache: BuildCache, state: SiteState, scan: Scan, content_dir: Path
) -> list[str] | None:
    """The entry files whose bytes differ from those the site was built from; None when a
    file was added, deleted or renamed, a place changed, or too many changed."""
    loaded = content_files(content_dir, scan.stats)
    if loaded.keys() != state.files.keys():
        return None
    changed: list[str] = []
    for path, (folder, st) in loaded.items():
        # The file's hash now (the cache's if its stat is as recorded) against the hash
        # of the file the site was built from.
        known = cache.known(path)
        if known is not None and known[4] and known[:3] == st:
            h = known[3]
        else:
            try:
                with open(path, "rb") as handle:
                    h = digest(handle.read())
            except OSError:
                return None
            if known is not None and h == known[3]:
                cache.record(Path(path), h)  # same bytes, new stat (or now trusted)
        if h != state.files[path]:
            if folder != "entries" or len(changed) == MAX_EDITS:
                return None
            changed.append(path)
    return changed
