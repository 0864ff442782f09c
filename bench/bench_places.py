"""Speed and memory of the geoparser, and what a batch of articles publishes (a benchmark,
not a test).

    CHRONICLE_CACHE_DIR=... python bench/bench_places.py [TEXT_FILES...]
    CHRONICLE_CACHE_DIR=... python bench/bench_places.py --batch DIR [--region SY,IQ|infer|""]
    python bench/bench_places.py --build      # times a first build of the index (temp dir)

Without arguments it times the sample articles of ../shared/seeds/ (repeated), so it runs
on any checkout next to shared/. Prints index build/open time, articles per second on one
core and the peak resident memory of the process.

`--batch DIR` reads every article of DIR as ingest does (`read_article`, then `extract`)
and reports what would be published: located places outside a set of countries
(`--allowed`, default the region and its neighbours), the pages one real place is split
over (ids whose names fold to the same loose key), and the review items. `--region
infer` runs `infer_region` over the batch first, as the lead's ingest will.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from chronicle.extract.gazetteer import Gazetteer, index_path
from chronicle.extract.name_keys import fold


def speed(paths: list[str]) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    paths = paths or sorted(
        glob.glob(os.path.join(here, "..", "..", "shared", "seeds", "*.txt"))
        or glob.glob("/work/shared/seeds/*.txt")
    )
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    if not texts:
        sys.exit("no articles to time")
    built = index_path().exists()
    t = time.perf_counter()
    gaz = Gazetteer()
    print(
        f"index {index_path()} ({'opened' if built else 'built'} in {time.perf_counter() - t:.2f} s, "
        f"{index_path().stat().st_size / 1e6:.1f} MB)"
    )
    from chronicle.extract.places import Geoparser

    t = time.perf_counter()
    gp = Geoparser(region=["IQ", "SY"], gazetteer=gaz)
    print(f"Geoparser() in {time.perf_counter() - t:.3f} s")
    gp.parse(texts[0])  # warm the name cache once, as a long ingest would be
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 3.0:
        for text in texts:
            gp.parse(text)
            n += 1
    dt = time.perf_counter() - t
    chars = sum(len(x) for x in texts) / len(texts)
    print(f"{n / dt:.0f} articles/s on one core ({chars:.0f} characters per article on average)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def loose_key(name: str) -> str:
    """A spelling-blind key, to find one place split over several pages ("Sheikh Maqsoud",
    "Sheikh Maksoud", "Shaikh Maqsood"): articles and type words dropped, vowels dropped
    after the first letter, q/k and doubled letters merged."""
    words = [
        w
        for w in fold(name).split()
        if w
        not in {"al", "el", "ar", "as", "ad", "ash", "an", "at", "az", "ez", "the", "of"}
        | {"governorate", "province", "city", "district", "neighborhood", "village", "town"}
    ]
    s = "".join(words).replace("q", "k").replace("ph", "f")
    s = s[:1] + re.sub(r"[aeiouyhw]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", s)


def batch(folder: str, region_arg: str, allowed_arg: str | None, show: int) -> None:
    from chronicle.errors import ChronicleError
    from chronicle.extract import extract
    from chronicle.extract.places import Geoparser
    from chronicle.read.article import find_articles, read_article

    articles = []
    for path in find_articles([Path(folder)]):
        try:
            articles.append(read_article(path))
        except ChronicleError as exc:
            print(f"skipped: {exc}")
    gaz = Gazetteer()
    t = time.perf_counter()
    if region_arg == "infer":
        from chronicle.extract.place_region import infer_region

        region = infer_region([a.text for a in articles], gaz)
        print(f"inferred region: {','.join(region)} ({time.perf_counter() - t:.2f} s)")
    else:
        region = [r.strip().upper() for r in region_arg.split(",") if r.strip()]
    allowed = set(region)
    if allowed_arg:
        allowed = {r.strip().upper() for r in allowed_arg.split(",") if r.strip()}
    elif region:
        from chronicle.extract.place_region import neighbours

        allowed = set(region) | {n for r in region for n in neighbours(r)}
    gp = Geoparser(region=region, gazetteer=gaz)
    outside: Counter[str] = Counter()
    outside_names: dict[str, Counter[str]] = defaultdict(Counter)
    ids_by_loose: dict[str, set[str]] = defaultdict(set)
    located = unlocated = held = mentions = 0
    t = time.perf_counter()
    for art in articles:
        ex = extract(art.text, art.published, gp)
        for m in ex.places:
            if m.use != "place" or m.place is None:
                continue
            mentions += 1
            if not getattr(m, "publishable", True):
                held += 1
                continue
            ids_by_loose[loose_key(m.place.name)].add(m.place.id)
            if m.place.lat is None:
                unlocated += 1
                continue
            located += 1
            if m.place.country not in allowed:
                outside[m.place.country or "-"] += 1
                outside_names[m.place.country or "-"][f"{m.text} -> {m.place.name}"] += 1
    dt = time.perf_counter() - t
    split = {k: v for k, v in ids_by_loose.items() if len(v) > 1}
    pages = len({i for v in ids_by_loose.values() for i in v})
    print(
        f"{len(articles)} articles, {len(articles) / dt:.0f} articles/s; region "
        f"{','.join(region) or '(none)'}; allowed {','.join(sorted(allowed)) or '(any)'}"
    )
    print(
        f"place mentions {mentions}: located {located}, without coordinates {unlocated}, "
        f"held for review {held}; pages {pages}"
    )
    print(
        f"located outside the allowed countries: {sum(outside.values())} mentions in "
        f"{len(outside)} countries"
    )
    for cc, n in outside.most_common(show):
        top = ", ".join(f"{k} ({v})" for k, v in outside_names[cc].most_common(6))
        print(f"  {cc} {n}: {top}")
    print(
        f"real places split over several pages: {len(split)} "
        f"({sum(len(v) for v in split.values())} pages)"
    )
    for k, v in sorted(split.items(), key=lambda kv: -len(kv[1]))[:show]:
        print(f"  {k}: {', '.join(sorted(v))}")


def build() -> None:
    """Time a first build of the gazetteer index, as a new user's first ingest runs it."""
    import tempfile

    from chronicle.extract import gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CHRONICLE_CACHE_DIR"] = tmp
        wall, cpu = time.perf_counter(), time.process_time()
        gaz = Gazetteer()
        wall = time.perf_counter() - wall
        size = gaz.path.stat().st_size / 1e6
        t = time.perf_counter()
        Gazetteer(gaz.path)
        reopen = time.perf_counter() - t
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"first build {wall:.1f} s wall ({children.ru_utime + time.process_time() - cpu:.1f} s "
        f"CPU), {size:.0f} MB, schema {gazetteer.SCHEMA}; a verified open {reopen:.2f} s"
    )


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--batch", help="a folder of articles: what ingest would publish")
    ap.add_argument("--region", default="", help='ISO codes, "" for none, or "infer"')
    ap.add_argument("--allowed", help="countries that count as inside (default: region+neighbours)")
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--build", action="store_true", help="time a first build of the index")
    args = ap.parse_args(argv)
    if args.build:
        build()
    elif args.batch:
        batch(args.batch, args.region, args.allowed, args.show)
    else:
        speed(args.files)


if __name__ == "__main__":
    main(sys.argv[1:])
