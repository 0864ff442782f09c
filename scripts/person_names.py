"""Write chronicle/extract/data/first_names.txt and surnames.txt: common US given names and
surnames (US Census Bureau, 1990 name frequency files: public domain, a US government
work), without those that are ordinary English words ("Mark", "Rose", "King", "Church").
The geoparser takes a capitalized word from these lists next to a place name for a
person's name ("Fernando Suarez", "Georgia Stevens").

    pip install names   # ships the Census files (dist.male.first, dist.female.first, dist.all.last)
    apt-get install wamerican
    .venv/bin/python scripts/person_names.py [CENSUS_DIR]

The output is sorted, one lowercase name per line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "chronicle/extract/data"
WORDS = Path(os.environ.get("SCOWL_WORDS", "/usr/share/dict/american-english"))
SURNAMES_KEPT = 5_000  # the most frequent: about three Americans in four bear one
HEADER = """\
# {what}, lowercase, one per line, from the US Census Bureau's 1990 name frequency files
# (public domain), without ordinary English words (SCOWL, see english_words.txt).
# Made by scripts/person_names.py.
"""


def _names(path: Path, limit: int | None = None) -> list[str]:
    rows = [
        line.split()[0].lower() for line in path.read_text("ascii").splitlines() if line.strip()
    ]
    return rows[:limit] if limit else rows


def main(argv: list[str]) -> int:
    if argv:
        census = Path(argv[0])
    else:
        import names

        census = Path(names.__file__).parent
    if not WORDS.exists():
        print(f"error: {WORDS} not found (apt-get install wamerican)", file=sys.stderr)
        return 1
    words = {w for w in WORDS.read_text("utf-8").split() if w.islower()}
    first = sorted(
        set(_names(census / "dist.male.first") + _names(census / "dist.female.first")) - words
    )
    last = sorted(set(_names(census / "dist.all.last", SURNAMES_KEPT)) - words)
    (DATA / "first_names.txt").write_text(
        HEADER.format(what="Given names") + "".join(n + "\n" for n in first), "utf-8"
    )
    (DATA / "surnames.txt").write_text(
        HEADER.format(what=f"The {SURNAMES_KEPT:,} most frequent surnames")
        + "".join(n + "\n" for n in last),
        "utf-8",
    )
    print(f"{len(first)} given names, {len(last)} surnames -> {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
