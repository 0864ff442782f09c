#!/usr/bin/env python3
"""Issues 17 and 18 at scale: Chronicle in its default configuration (search on), and with
search off as a second column, on a generated chronicle.

    python bench/scale.py --dir bench/out/n10000 --runs 3 [--write]

On a shared machine absolute times say little: every figure comes with a baseline timed in
the same run. The cold build is paired with Hugo building the bench's equivalent pages
(one hyperfine run, ratio of medians); each rebuild is timed in one hyperfine run beside
`REFERENCE`, a fixed pure-Python task (one core, no I/O), so that a figure divided by the
reference's time compares across runs and machines.

Measured, for search on and off: the cold build and its peak memory; the no-change
rebuild; one body edit; one title edit; one front-matter edit of an event (its date moved
by a day: the incident, the timeline, the places' pages of that year); each with the number
of output files it rewrote. Once: page sizes (the largest page of each kind, the HTML and
site totals, pages over 1 MB and timeline pages over 300 KB), and the cost of merging
events into incidents (`grouping.group`, in process, against the whole model load).
Raw figures go to bench/out/scale-<N>.json; `--report FILE` prints them as Markdown.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: tools, hyperfine, memory, snapshots)
from run import CHRONICLE, OUT, PYTHON, q  # noqa: E402

REFERENCE = f"{q(PYTHON)} -c 'sum(i * i for i in range(6_000_000))'"
EDITS = ("body", "title", "front matter")
MARK_TITLE = "Benchmark probe. "


def first_entry(d: Path) -> Path:
    return sorted((d / "content" / "entries").glob("*.md"))[0]


def edit(d: Path, kind: str) -> None:
    """Toggle one edit of the first entry (each call a real change, two calls undo it)."""
    if kind == "body":
        run.edit_one(d / "content")
        return
    path = first_entry(d)
    text = path.read_text(encoding="utf-8")
    if kind == "title":
        if f"\ntitle: {MARK_TITLE}" in text:
            text = text.replace(f"\ntitle: {MARK_TITLE}", "\ntitle: ", 1)
        else:
            text = text.replace("\ntitle: ", f"\ntitle: {MARK_TITLE}", 1)
    else:  # an event's day moved by one, and back
        found = re.search(r"^- date: '?(\d{4}-\d{2})-(\d{2})'?$", text, re.M)
        if found is None:
            raise SystemExit(f"{path}: no event dated to a day")
        day = int(found.group(2))
        saved = d / ".bench-front-matter-day"
        if saved.exists():
            new, original = int(saved.read_text()), None
            saved.unlink()
        else:
            original = day
            new = day + 1 if day < 28 else day - 1
        if original is not None:
            saved.write_text(str(original))
        text = text[: found.start()] + f"- date: '{found.group(1)}-{new:02d}'" + text[found.end() :]
    path.write_text(text, encoding="utf-8")


def build_cmd(d: Path, search: bool) -> str:
    # As a user runs it: Python caching its bytecode (a session that sets
    # PYTHONDONTWRITEBYTECODE would compile every module on every start, ~0.3-0.5 s).
    env = "env -u PYTHONDONTWRITEBYTECODE " + ("" if search else "CHRONICLE_SEARCH=0 ")
    return f"{env}{q(CHRONICLE)} --root {q(d)} build"


def cold_prepare(d: Path) -> str:
    return f"rm -rf {q(d / 'site')} {q(d / '.chronicle-cache')}"


def sizes(site: Path) -> dict:
    html = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    every = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())

    def largest(pattern: str) -> tuple[str, int]:
        found = [(s, p) for p, s in html.items() if re.match(pattern, p)]
        s, p = max(found) if found else (0, "")
        return p, s

    return {
        "html_pages": len(html),
        "html_bytes": sum(html.values()),
        "site_bytes": every,
        "largest_page": largest(r".*"),
        "largest_timeline": largest(r"timeline/"),
        "largest_place": largest(r"places/(?!index)"),
        "largest_place_own": largest(r"places/[^/]+\.html$(?<!index\.html)"),
        "largest_actor": largest(r"actors/(?!index)"),
        "largest_entry": largest(r"entries/(?!index)"),
        "entries_index": ("entries/index.html", html.get("entries/index.html", 0)),
        "over_1mb": sorted(p for p, s in html.items() if s > 1_000_000),
        "timeline_over_300kb": sum(
            1 for p, s in html.items() if p.startswith("timeline/") and s > 300_000
        ),
        "feed_bytes": (site / "feed.xml").stat().st_size if (site / "feed.xml").exists() else 0,
    }


MERGE = """
import sys, time, json
from pathlib import Path
import chronicle.site.load as load
from chronicle.site.build import BuildCache
from chronicle.site.render import markdown_renderer
root = Path(sys.argv[1])
spent = []
group = load.group_incidents
def timed(*a, **k):
    t = time.perf_counter(); r = group(*a, **k); spent.append(time.perf_counter() - t); return r
load.group_incidents = timed
t = time.perf_counter()
loaded = load.load_chronicle(root / "content", markdown_renderer().render, BuildCache(root), 1)
total = time.perf_counter() - t
print(json.dumps({"load": total, "group": spent[0], "incidents": len(loaded.chronicle.incidents),
                  "events": len(loaded.chronicle.events)}))
"""


def merging(d: Path, runs: int) -> dict:
    """The model load with the cache warm (one process), and its incident merging."""
    out = []
    for _ in range(runs):
        r = subprocess.run(
            [str(PYTHON), "-c", MERGE, str(d)], capture_output=True, text=True, check=True
        )
        out.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return {
        "load": statistics.median(o["load"] for o in out),
        "group": statistics.median(o["group"] for o in out),
        "incidents": out[0]["incidents"],
        "events": out[0]["events"],
        "runs": out,
    }


def measure_mode(d: Path, search: bool, tools: dict, runs: int) -> dict:
    hf = tools["hyperfine"]
    cmd = build_cmd(d, search)
    res: dict = {"command": cmd}
    print(f"== search {'on' if search else 'off'}: cold build vs Hugo", flush=True)
    hugo = f"{q(tools['hugo'])} --source {q(d / 'hugo')} --quiet"
    hugo_cold = f"rm -rf {q(d / 'hugo' / 'public')} {q(d / 'hugo' / 'resources')}"
    t = run.hyperfine(
        {"chronicle": cmd, "hugo": hugo},
        {"chronicle": cold_prepare(d), "hugo": hugo_cold},
        runs,
        0,
        hf,
    )
    res["cold"] = {**t, "ratio": t["chronicle"]["median"] / t["hugo"]["median"]}
    print("  peak memory (one more cold build)", flush=True)
    m = run.measure(cmd, cold_prepare(d))
    res["memory"] = {k: m[k] for k in ("wall", "max_rss_mb", "tree_peak_mb", "cpu_percent")}
    res["summary"] = [ln for ln in (m["stdout"] + m["stderr"]).splitlines() if "build:" in ln]
    if search:
        res["sizes"] = sizes(d / "site")
    site = d / "site"
    print("  no-change rebuild", flush=True)
    before = run.snapshot(site)
    t = run.hyperfine({"no change": cmd, "reference": REFERENCE}, {}, runs + 2, 1, hf)
    res["nochange"] = {**t, "rewritten": run.rewritten(before, run.snapshot(site))}
    for kind in EDITS:
        print(f"  one {kind} edit", flush=True)
        before = run.snapshot(site)
        edit(d, kind)
        subprocess.run(cmd, shell=True, check=True, capture_output=True)
        files = run.rewritten(before, run.snapshot(site))
        prepare = f"{q(PYTHON)} {q(Path(__file__).resolve())} --edit {q(kind)} --dir {q(d)}"
        n = runs + 2 if kind == "body" else runs
        t = run.hyperfine({kind: cmd, "reference": REFERENCE}, {kind: prepare}, n, 0, hf)
        res[kind] = {**t, "rewritten": files}
        if (1 + n) % 2:  # leave the content as generated
            edit(d, kind)
            subprocess.run(cmd, shell=True, check=True, capture_output=True)
    return res


def report(res: dict) -> str:
    """The results as a Markdown section for bench/RESULTS.md."""
    on, off = res.get("search on", {}), res.get("search off", {})

    lines = [
        "| at N = {:,} | default (search on) | search off |".format(res["entries"]),
        "|---|---|---|",
    ]
    cold = []
    for x in (on, off):
        if not x:
            cold.append("—")
            continue
        c = x["cold"]
        cold.append(
            f"{c['chronicle']['median']:.1f} s vs Hugo {c['hugo']['median']:.1f} s: "
            f"**×{c['ratio']:.2f} Hugo**"
        )
    lines.append(
        f"| cold build (median of {res['runs']}, paired with Hugo) | {cold[0]} | {cold[1]} |"
    )
    mem = [
        f"{x['memory']['max_rss_mb']:.0f} MB largest process, {x['memory']['tree_peak_mb']:.0f} MB tree"
        if x
        else "—"
        for x in (on, off)
    ]
    lines.append(f"| peak memory, cold build | {mem[0]} | {mem[1]} |")
    labels = {
        "nochange": "no-change rebuild",
        "body": "one body edit",
        "title": "one title edit",
        "front matter": "one front-matter edit (an event's date)",
    }
    for kind, label in labels.items():
        key = "no change" if kind == "nochange" else kind
        cells = []
        for x in (on, off):
            if not x:
                cells.append("—")
                continue
            ref = x[kind]["reference"]["median"]
            m = x[kind][key]["median"]
            cells.append(
                f"{m:.2f} s (×{m / ref:.2f} the reference's {ref:.2f} s); "
                f"{x[kind]['rewritten']:,} files rewritten"
            )
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", nargs="*", default=["on", "off"], choices=("on", "off"))
    ap.add_argument("--edit", choices=EDITS, help=argparse.SUPPRESS)
    ap.add_argument("--report", type=Path, help="print a results JSON as Markdown")
    args = ap.parse_args()
    if args.report:
        print(report(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    if args.dir is None:
        ap.error("--dir is required")
    d = args.dir.resolve()
    if args.edit:
        edit(d, args.edit)
        return 0
    tools = run.ensure_tools()
    res: dict = {
        "machine": run.machine(),
        "versions": run.versions(tools),
        "dir": str(d),
        "entries": len(list((d / "content" / "entries").glob("*.md"))),
        "runs": args.runs,
    }
    started = time.time()
    for mode in args.modes:
        res[f"search {mode}"] = measure_mode(d, mode == "on", tools, args.runs)
    print("== incident merging (model load, cache warm, one process)", flush=True)
    res["merging"] = merging(d, args.runs)
    res["load_after"] = run.machine()["load"]
    res["minutes"] = (time.time() - started) / 60
    raw = OUT / f"scale-{res['entries']}.json"
    raw.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    print(f"written: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
