"""Write chronicle/extract/data/english_words.txt: the ordinary English words (lowercase in
SCOWL's American English list, Debian's `wamerican`) that are also the name of a place in
the gazetteer ("Liberal", "Along", "Superior", "Reading"). The geoparser asks such a word
for more evidence than a name that is only a name.

    apt-get install wamerican && .venv/bin/python scripts/english_words.py

(`SCOWL_WORDS=path` reads the list from elsewhere.)
Re-run when the gazetteer's packages change; the output is sorted, one word per line.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.name_keys import name_key

DICT = Path(os.environ.get("SCOWL_WORDS", "/usr/share/dict/american-english"))
OUT = Path(__file__).resolve().parent.parent / "chronicle/extract/data/english_words.txt"
HEADER = """\
# Ordinary English words that are also place names in the gazetteer, one per line.
# Derived by scripts/english_words.py from SCOWL (Spell Checker Oriented Word Lists,
# http://wordlist.aspell.net/), American English, size 50, as packaged by Debian (wamerican).
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and
# sell these word lists, the associated scripts, the output created from the scripts, and
# its documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided
# "as is" without express or implied warranty.
"""


def main() -> int:
    if not DICT.exists():
        print(f"error: {DICT} not found (apt-get install wamerican)", file=sys.stderr)
        return 1
    words = {
        w for w in DICT.read_text("utf-8").split() if w.isalpha() and w.islower() and len(w) > 2
    }
    db = sqlite3.connect(f"file:{Gazetteer().path}?mode=ro", uri=True)
    keys = {k for (k,) in db.execute("SELECT DISTINCT key FROM name") if " " not in k}
    found = sorted(w for w in words if name_key(w) in keys)
    OUT.write_text(HEADER + "".join(w + "\n" for w in found), "utf-8")
    print(f"{len(found)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
