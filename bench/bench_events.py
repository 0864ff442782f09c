"""The cost of the events pass: CPU time of extraction over a folder of articles, and of the
events pass alone (event types, actors, casualties, main and background), per article.

    python3 bench/bench_events.py /work/shared/data/fakes-dev [--runs 3]

Reads `index.csv` (fakes-dev) or `manifest.csv` (a generated chronicle's articles) for the
publication dates when there is one. CPU time (time.process_time), not wall time: the
machine is shared, and CPU time is what the other sessions' load disturbs least. The best of
`--runs` is reported.
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import date
from pathlib import Path

from chronicle.extract import extract
from chronicle.extract.dates import tag_dates
from chronicle.extract.events import build_events
from chronicle.extract.places import Geoparser


def published_dates(folder: Path) -> dict[str, date]:
    for name, column in (("index.csv", "dateline_in_text"), ("manifest.csv", "published")):
        path = folder / name
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
            out = {}
            for row in rows:
                value = row.get(column) or row.get("fakes_date") or ""
                if value:
                    out[row["file"]] = date.fromisoformat(value)
            return out
    return {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    dates = published_dates(args.folder)
    docs = [
        (path.read_text(encoding="utf-8"), dates.get(path.name))
        for path in sorted(args.folder.glob("*.txt"))
    ]
    geoparser = Geoparser()
    extract(docs[0][0], docs[0][1], geoparser)  # the gazetteer index opened, caches warm
    inputs = [(text, tag_dates(text, pub), geoparser.parse(text), pub) for text, pub in docs]
    whole, alone, events = [], [], 0
    for _ in range(args.runs):
        start = time.process_time()
        for text, pub in docs:
            extract(text, pub, geoparser)
        whole.append(time.process_time() - start)
        start = time.process_time()
        events = 0
        for text, found, places, pub in inputs:
            events += len(build_events(text, found, places, pub))
        alone.append(time.process_time() - start)
    n = len(docs)
    print(f"{n} articles, {events} events")
    print(f"extract (whole):  {min(whole):.2f} s CPU = {n / min(whole):.0f} articles/s")
    print(f"events pass alone: {min(alone):.2f} s CPU = {1000 * min(alone) / n:.1f} ms/article")


if __name__ == "__main__":
    main()
