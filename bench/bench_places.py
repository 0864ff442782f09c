"""Speed and memory of the geoparser (a benchmark, not a test).

    CHRONICLE_CACHE_DIR=... python bench/bench_places.py [TEXT_FILES...]

Without arguments it times the sample articles of ../shared/seeds/ (repeated), so it runs
on any checkout next to shared/. Prints index build/open time, articles per second on one
core and the peak resident memory of the process.
"""

from __future__ import annotations

import glob
import os
import resource
import sys
import time
from pathlib import Path

from chronicle.extract.gazetteer import Gazetteer, index_path


def main(paths: list[str]) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    paths = paths or sorted(glob.glob(os.path.join(here, "..", "..", "shared", "seeds", "*.txt")))
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


if __name__ == "__main__":
    main(sys.argv[1:])
