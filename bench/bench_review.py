"""The editor's desk on a real batch (issue 16): the share of entries with a review item,
the share of stated publication dates found, and the public pages that show a note or a
local file name (must be none).

    python3 bench/bench_review.py /work/shared/data/fakes-dev [--keep DIR]

A new chronicle (`chronicle init`: the README's defaults, no region), its articles ingested
with a manifest of outlets only (`file,published,url,outlet` from index.csv's `source`: no
dates, so the publication dates must come from the text), then `chronicle build`.
"Stated" publication dates are index.csv's `dateline_in_text` (a date printed at the top of
the article); one is found when the entry's `published` is that date, read from the text.
Every file of the public site (pages, feeds, data, search index) is searched for the
marks of the editor's draft: the notes box, review texts, "source file", and the articles'
file names.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from chronicle.content.entries import load_entry_items

# Words that only the editor's notes and review items use
NOTE_MARKS = (
    "Editor's notes",
    "Editor&#39;s notes",
    "source file",
    "held back",
    "not in the gazetteer",
    "was inferred",
    "has no headline",
    "parent guessed",
)


def run(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "chronicle", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1, 2):
        raise SystemExit(done.stdout + done.stderr)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--keep", type=Path, help="make the chronicle here (kept)")
    args = parser.parse_args()
    folder = args.folder.resolve()
    with open(folder / "index.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-review-"))
    work.mkdir(parents=True, exist_ok=True)
    root = work / "chronicle"
    manifest = work / "outlets.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "published", "url", "outlet"])
        for row in rows:
            # the article's path: the manifest is not in the articles' folder
            writer.writerow([str(folder / row["file"]), "", "", row["source"]])
    run("init", str(root), cwd=work)
    articles = sorted(str(p) for p in folder.glob("*.txt"))
    out = run("ingest", *articles, "--manifest", str(manifest), cwd=root)
    print(out.strip().splitlines()[-1] if out.strip() else "")
    region = re.search(r"^region = .*$", (root / "chronicle.toml").read_text(), re.M)
    print(f"chronicle.toml: {region.group() if region else 'no region'}")

    by_file: dict[str, tuple] = {}
    kinds: Counter[str] = Counter()
    flagged = 0
    for path in sorted((root / "content" / "entries").glob("*.md")):
        ef, items = load_entry_items(path)
        real = [i for i in items if i.is_item]
        flagged += bool(real)
        kinds.update(i.kind for i in real)
        by_file[str(ef.source.get("file"))] = (ef, real)
    entries = len(by_file)
    stated = [r for r in rows if r["dateline_in_text"] and r["file"] in by_file]
    found = [
        r
        for r in stated
        if str(by_file[r["file"]][0].published) == r["dateline_in_text"]
        and by_file[r["file"]][0].published_from == "text"
    ]
    from_text = sum(1 for ef, _ in by_file.values() if ef.published_from == "text")

    run("build", cwd=root)
    site = root / "site"
    names = {r["file"] for r in rows}
    leaking: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".csv", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        marks = [m for m in NOTE_MARKS if m in text]
        marks += [n for n in names if n in text]
        if marks:
            leaking[str(path.relative_to(site))] = marks[:3]
    pages = sum(1 for p in site.rglob("*.html"))

    print(f"entries: {entries}")
    print(
        f"entries with a review item: {flagged} ({100 * flagged / entries:.1f} %); "
        f"items by kind: {dict(kinds.most_common())}"
    )
    print(
        f"stated publication dates found: {len(found)} of {len(stated)} "
        f"({100 * len(found) / max(1, len(stated)):.1f} %); published_from text: {from_text}"
    )
    print(f"public files showing a note or a file name: {len(leaking)} (of {pages} pages)")
    for name, marks in list(leaking.items())[:10]:
        print(f"  {name}: {marks}")
    missed = [r for r in stated if r not in found][:10]
    for r in missed:
        ef = by_file[r["file"]][0]
        print(
            f"  missed {r['file']}: stated {r['dateline_in_text']}, got {ef.published} ({ef.published_from})"
        )
    print(f"chronicle: {root}")


if __name__ == "__main__":
    main()
