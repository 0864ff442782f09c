"""`chronicle build` after edits to entry bodies only: the new body spliced into the page.

Correcting the text of a report is the most common edit. Its body shows on one page only,
the entry's own (the timeline, places, feeds and exports show front matter, see
`render.Keys`), so when nothing but the bodies of existing entries changed, the build
needs neither the model nor the other pages: it parses the changed files, checks their
front matter is as recorded, and replaces the old body's bytes in each entry page with the
new body's, writing only those pages (each replaced whole, atomically). Anything else (a
place, a new or deleted file, front matter, theme, configuration, a theme with templates
of its own, a search index to rebuild) takes the normal path.

To know where the body sits, entry pages are rendered with a marker in place of the body,
which is then replaced (`entry_page`): the page's bytes are the same as a plain render's,
and the body's offset and length are recorded in the build cache's manifest (`bodies`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chronicle.site.build import BuildOptions, BuildResult
    from chronicle.site.render import Page, SiteRenderer

from chronicle.atomic import write_atomic
from chronicle.errors import ChronicleError
from chronicle.site.cache import BuildCache, digest, key_of

# Stands for the body while an entry page is rendered; autoescape leaves it as it is, and
# no entry's text can hold it (page text is escaped, bodies come from Markdown).
BODY_MARK = "\x02chronicle:entry-body\x03"
MAX_EDITS = 50  # more changed files than this: the normal build is as quick

# Entry page path -> (front matter key, body offset, body length, body hash) of the
# pages this process rendered (sent back by the rendering worker, see build.py).
RECORDS: dict[str, tuple[str, int, int, str]] = {}


def entry_page(renderer: SiteRenderer, page: Page) -> bytes:
    """The entry page's bytes, as `renderer.render(page)` gives them; records where its
    body is."""
    entry = page.entry
    kept, body = entry.body, entry.body_html  # (kept: the body where it is stored)
    entry.body = BODY_MARK
    try:
        html = renderer.render(page)
    finally:
        entry.body = kept
    head, mark, tail = html.partition(BODY_MARK)
    if not mark or BODY_MARK in tail:
        RECORDS.pop(page.path, None)  # not where a body goes: render it plainly
        return renderer.render(page).encode("utf-8")
    head_bytes, body_bytes = head.encode("utf-8"), body.encode("utf-8")
    RECORDS[page.path] = (entry.meta_key, len(head_bytes), len(body_bytes), digest(body_bytes))
    return head_bytes + body_bytes + tail.encode("utf-8")


def _markdown(text: str) -> str:
    from chronicle.site.render import markdown_renderer

    return markdown_renderer().render(text)


def body_edits(
    options: BuildOptions,
    dirs: list[Path],
    cache: BuildCache,
    manifest: dict,
    stats: dict[str, tuple[int, int, int]],
    scan: str,
    scan_time: int,
) -> BuildResult | None:
    """The build's result if only entry bodies changed (their pages patched), else None."""
    from chronicle.site.build import BuildResult, _out_stamp, _precise, fixed_key
    from chronicle.site.load import _parse
    from chronicle.site.search import pagefind_executable

    bodies = manifest.get("bodies")
    if (
        not bodies
        or not cache.enabled
        or not _precise(dirs)
        or manifest.get("fixed") != fixed_key(options, dirs)
        or (options.search and pagefind_executable() is not None)
    ):
        return None
    loaded = content_files(options.content_dir, stats)
    built = manifest.get("files") or {}
    if built.keys() != loaded.keys():
        return None  # a file added, deleted or renamed
    changed = []
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
        if h != built[path]:
            if folder != "entries" or len(changed) == MAX_EDITS:
                return None
            changed.append(path)
    out_dir = options.out_dir
    patches = []
    for path in changed:
        page = f"entries/{Path(path).stem}.html"
        record = bodies.get(page)
        if record is None or page not in manifest["outputs"]:
            return None
        h, value = _parse("entry", Path(path), _markdown)
        if isinstance(value, ChronicleError):
            return None
        ef, html, meta_key = value
        meta, offset, length, body_hash = record
        if meta_key != meta:
            return None  # front matter changed
        try:
            old = (out_dir / page).read_bytes()
        except OSError:
            return None
        if len(old) < offset + length or digest(old[offset : offset + length]) != body_hash:
            return None  # not the page that was recorded
        body = html.encode("utf-8")
        patches.append(
            (
                path,
                page,
                h,
                old,
                old[:offset] + body + old[offset + length :],
                (meta, offset, len(body), digest(body)),
            )
        )
    # Everything checked: write the pages, then record what was done.
    result = BuildResult(**manifest["result"])
    result.rewritten = result.removed = 0
    outputs, bodies, built = dict(manifest["outputs"]), dict(bodies), dict(built)
    for path, page, h, old, new, record in patches:
        if new != old:
            write_atomic(out_dir / page, new, durable=False)
            result.rewritten += 1
        # The page's true key (see `render.pages`) needs the model; a key derived from the
        # old one and the new file makes the next full build render the page again (its
        # bytes then match, and it is left alone).
        outputs[page] = key_of(outputs[page], "body", h)
        bodies[page] = record
        built[path] = h
        # Its hash only: the parsed file goes to the cache with the next normal build
        # (loading a shard of the cache here would cost more than parsing it again then).
        cache.record(Path(path), h)
    result.unchanged = result.files - result.rewritten
    cache.save(prune=False)
    cache.write_manifest(
        out_dir,
        {
            **manifest,
            "scan": scan,
            "time": scan_time,
            "out": _out_stamp(out_dir),
            "outputs": outputs,
            "bodies": bodies,
            "files": built,
        },
    )
    return result


def content_files(
    content_dir: Path,
    stats: dict[str, tuple[int, int, int]],
) -> dict[str, tuple[str, tuple[int, int, int]]]:
    """The files of a scan's `stats` that a build reads -> ("entries" or "places", stat)."""
    loaded = {}
    for folder in ("entries", "places"):
        prefix = os.path.join(content_dir, folder) + os.sep
        for path, st in stats.items():
            if (
                path.startswith(prefix)
                and path.endswith(".md")
                and os.sep not in path[len(prefix) :]
            ):
                loaded[path] = (folder, st)
    return loaded
