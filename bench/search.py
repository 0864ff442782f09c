#!/usr/bin/env python3
"""Chronicle's search index against Pagefind, on the pages of a generated chronicle.

    python bench/generate.py --entries 10000 --seed 1 --out bench/out/n10000
    python bench/search.py --dir bench/out/n10000 [--runs 3] [--write]

Documents: every entry (title + body) as a report, every place (name + description) as a
place; read straight from the content files. Measured in one run, each step in a fresh
child process (so peak memory is the step's own):

  cold     SearchIndex.rebuild of every document, files written: time, peak RSS (and the
           RSS before indexing, with the documents loaded), files and bytes;
  update   one report's body edited (a sentence added), SearchIndex.update against the
           published files: time, files written;
  pagefind the same documents as minimal HTML pages (<main data-pagefind-body>), indexed by
           the pagefind binary of the pagefind_bin wheel: time, peak RSS, files and bytes.
           Pagefind has no incremental mode: after one edit it indexes everything again.

--write puts the figures into the "Search" section of bench/RESULTS.md (only that section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from chronicle.site.search import INDEX_DIR, SearchDoc, SearchIndex, search_files  # noqa: E402

EDIT = " Residents said a new bakery had opened near the market in the zanzibarian style."


def read_docs(folder: Path) -> list[SearchDoc]:
    """Reports and places of a chronicle, parsed from its files (front matter + body)."""
    docs = []
    for path in sorted((folder / "content" / "entries").glob("*.md")):
        head, body = _split(path.read_text(encoding="utf-8"))
        title = _field(head, "title")
        docs.append(
            SearchDoc(f"entries/{path.stem}.html", title, "report", _field(head, "published"), body)
        )
    for path in sorted((folder / "content" / "places").glob("*.md")):
        head, body = _split(path.read_text(encoding="utf-8"))
        docs.append(SearchDoc(f"places/{path.stem}.html", _field(head, "name"), "place", "", body))
    return docs


def _split(text: str) -> tuple[str, str]:
    _, head, body = text.split("---\n", 2)
    return head, body.strip()


def _field(head: str, name: str) -> str:
    found = re.search(rf"^{name}: (.*)$", head, re.M)
    return found.group(1).strip().strip("'\"") if found else ""


def _write(site: Path, files: dict[str, bytes], gone: list[str] = ()) -> None:  # type: ignore[assignment]
    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for path in gone:
        (site / path).unlink(missing_ok=True)


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- child steps


def child_cold(folder: Path, work: Path) -> dict:
    docs = read_docs(folder)
    before = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    files = SearchIndex(work / "state").rebuild(docs)
    indexed = time.perf_counter() - started
    _write(work / "site", files)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    shards = [p for p in files if p.startswith(f"{INDEX_DIR}/t/")]
    largest = max(shards, key=lambda p: len(files[p]))
    return {
        "cpu_seconds": cpu,
        "largest_shard_gzip": len(gzip.compress(files[largest])),
        "largest_shard_name": largest,
        "bytes_gzip": sum(len(gzip.compress(files[p])) for p in files),
        "docs": len(docs),
        "seconds": seconds,
        "index_seconds": indexed,
        "rss_before_mb": before,
        "peak_mb": _peak_mb(),
        "files": len(files),
        "bytes": sum(len(d) for d in files.values()),
        "shards": len(shards),
        "largest_shard": max(len(files[p]) for p in shards),
        "words": sum(len(d.text.split()) for d in docs),
    }


def child_update(folder: Path, work: Path) -> dict:
    docs = read_docs(folder)
    target = docs[len(docs) // 3]
    edited = SearchDoc(target.url, target.title, target.kind, target.date, target.text + EDIT)
    site = work / "site"

    def current(path: str) -> bytes | None:
        try:
            return (site / path).read_bytes()
        except FileNotFoundError:
            return None

    started, cpu = time.perf_counter(), time.process_time()
    files, gone = SearchIndex(work / "state").update({edited.url: edited}, current)
    _write(site, files, gone)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    hits, _ = search_files(current, "zanzibarian bakery")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "files": len(files),
        "deleted": len(gone),
        "found": [h.url for h in hits] == [edited.url],
        "peak_mb": _peak_mb(),
    }


def child_restore(folder: Path, work: Path) -> dict:
    """Undo the edit (so each update run measures the same change)."""
    docs = read_docs(folder)
    target = docs[len(docs) // 3]
    site = work / "site"
    files, gone = SearchIndex(work / "state").update(
        {target.url: target}, lambda p: (site / p).read_bytes() if (site / p).exists() else None
    )
    _write(site, files, gone)
    return {"files": len(files)}


def write_pages(folder: Path, out: Path) -> int:
    """The documents as minimal HTML pages, the way Pagefind reads a site."""
    docs = read_docs(folder)
    for doc in docs:
        page = out / doc.url
        page.parent.mkdir(parents=True, exist_ok=True)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in doc.text.split("\n\n"))
        page.write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(doc.title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{html.escape(doc.title)}</h1>{paragraphs}</main></body></html>",
            encoding="utf-8",
        )
    return len(docs)


def run_pagefind(site: Path) -> dict:
    from pagefind_bin import get_executable

    shutil.rmtree(site / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [str(get_executable()), "--site", str(site), "--silent"], capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"pagefind failed: {done.stderr[-500:]}")
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


def child(step: str, folder: Path, work: Path) -> dict:
    """Run one step in a fresh process (its own peak memory); its JSON result."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, "--dir", str(folder), "--work", str(work)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"step {step} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report


def measure(folder: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="chronicle-search-bench-") as tmp:
        work = Path(tmp)
        cold, update, pagefind = [], [], []
        for _ in range(runs):
            shutil.rmtree(work / "site", ignore_errors=True)
            shutil.rmtree(work / "state", ignore_errors=True)
            cold.append(child("cold", folder, work))
            update.append(child("update", folder, work))
            child("restore", folder, work)
            pagefind.append(child("pagefind", folder, work))
    return {"cold": cold, "update": update, "pagefind": pagefind}


def summary(figures: dict, folder: Path) -> str:
    def med(rows: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    cold, update, pf = figures["cold"], figures["update"], figures["pagefind"]
    c0, u0, p0 = cold[0], update[0], pf[0]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    rows = [
        (
            "cold index, time",
            f"{med(cold, 'seconds'):.2f} s",
            f"{med(pf, 'seconds'):.2f} s",
            f"{med(cold, 'seconds') / med(pf, 'seconds'):.3f}",
        ),
        (
            "cold index, CPU time (user + system)",
            f"{med(cold, 'cpu_seconds'):.2f} s",
            f"{med(pf, 'cpu_seconds'):.2f} s",
            f"{med(cold, 'cpu_seconds') / med(pf, 'cpu_seconds'):.3f}",
        ),
        (
            "cold index, peak RSS of the process",
            f"{med(cold, 'peak_mb'):.0f} MB",
            f"{med(pf, 'peak_mb'):.0f} MB",
            f"{med(cold, 'peak_mb') / med(pf, 'peak_mb'):.3f}",
        ),
        (
            "one body edit, re-index time",
            f"{med(update, 'seconds') * 1000:.0f} ms",
            f"{med(pf, 'seconds'):.2f} s (whole site again)",
            f"{med(update, 'seconds') / med(pf, 'seconds'):.4f}",
        ),
        (
            "one body edit, CPU time",
            f"{med(update, 'cpu_seconds') * 1000:.0f} ms",
            f"{med(pf, 'cpu_seconds'):.2f} s",
            f"{med(update, 'cpu_seconds') / med(pf, 'cpu_seconds'):.4f}",
        ),
        (
            "one body edit, index files written",
            f"{u0['files']}",
            f"{p0['files']} (all)",
            f"{u0['files'] / p0['files']:.4f}",
        ),
        (
            "index files / bytes",
            f"{c0['files']:,} / {c0['bytes'] / 1e6:.1f} MB ({c0['bytes_gzip'] / 1e6:.1f} MB gzipped)",
            f"{p0['files']:,} / {p0['bytes'] / 1e6:.1f} MB",
            "",
        ),
    ]
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    return f"""## Search

Chronicle's own index (`chronicle/site/search.py`) against Pagefind on the same documents:
{c0["docs"]:,} documents ({folder.name}: every report's title and body, every place's name
and description; {c0["words"]:,} words), {len(cold)} run(s), medians; {when}, commit
{commit}, load average {load:.1f} on the shared 2-core machine. Each step runs in its own
process; "peak RSS" is that process's maximum resident size (Chronicle's includes the
{c0["rss_before_mb"]:.0f} MB of the Python process with the documents loaded before
indexing; Pagefind's is the binary's). Command:
`python bench/search.py --dir {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder} --runs {len(cold)} --write`.

| | Chronicle | Pagefind | ratio |
|---|---|---|---|
{table}

The one-edit figure is `SearchIndex.update` of one report whose body gained a sentence
(tokenizing it, reading and patching the shards of the words it changed, the ranking block,
the manifest); the edited words are then found by the reference search
(`search_files`): {"yes" if all(u["found"] for u in update) else "NO"}. Shards: {c0["shards"]:,},
largest `{c0["largest_shard_name"].rsplit("/", 1)[-1]}` at {c0["largest_shard"] / 1024:.0f} KB,
{c0["largest_shard_gzip"] / 1024:.0f} KB gzipped (the most a query fetches for one word). Pagefind's
time includes its own parsing of the HTML pages; Chronicle's starts from the documents'
text (in a build, the lead's code gives it the text it already has).

Against issue 18's targets (search on, 10,000 entries): the indexer's peak stays under
300 MB ({med(cold, "peak_mb"):.0f} MB, {med(cold, "peak_mb") - c0["rss_before_mb"]:.0f} MB over
the loaded documents); a body edit costs the index {med(update, "seconds") * 1000:.0f} ms
({med(update, "cpu_seconds") * 1000:.0f} ms CPU) of the 0.5 s budget, and rewrites
{u0["files"]} of its {c0["files"]} files; the cold build's share is {med(cold, "seconds"):.1f} s
({med(cold, "cpu_seconds"):.1f} s CPU) instead of Pagefind's {med(pf, "seconds"):.0f} s. Whether the
build as a whole meets the targets is for the lead's integration to measure (`bench/run.py`).
"""


def write_results(text: str) -> None:
    path = HERE / "RESULTS.md"
    current = path.read_text(encoding="utf-8")
    section = re.compile(r"^## Search\n.*?(?=^## |\Z)", re.S | re.M)
    if section.search(current):
        updated = section.sub(lambda _: text + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True, help="a generated chronicle")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.dir.resolve()
    if args.child:
        if args.child == "pagefind":
            pages = args.work / "pages"
            if not pages.is_dir():
                write_pages(folder, pages)
            print(json.dumps(run_pagefind(pages)))
        else:
            step = {"cold": child_cold, "update": child_update, "restore": child_restore}
            print(json.dumps(step[args.child](folder, args.work)))
        return
    figures = measure(folder, args.runs)
    text = summary(figures, folder)
    print(text)
    print(json.dumps(figures, indent=1), file=sys.stderr)
    if args.write:
        write_results(text)


if __name__ == "__main__":
    main()
