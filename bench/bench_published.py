"""Publication dates read from articles, and the cost of reading and dating large ones.

    .venv/bin/python bench/bench_published.py dates FOLDER     # FOLDER holds index.csv
    .venv/bin/python bench/bench_published.py scaling [MB ...] # default 1 2 4 8

`dates`: for a folder of plain-text articles with an `index.csv` naming each `file` and
its `dateline_in_text` (the date printed at the start of the text, or empty; as in the
FA-KES development set), how many stated dates `find_published` reads as stated ("text")
through `read_article`, how many of those are exact, how many are inferred instead, and
how many "text" dates it reads where the index has none (each printed, to be checked by
eye). Nothing from the folder is kept.

`scaling`: CPU time of `read_article`, `find_published` and `tag_dates` on generated
articles of each size in three shapes (paragraphs; one line, as scraped text; one
hard-wrapped paragraph without sentence ends). Linear passes double when the size does.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

from chronicle.errors import ChronicleError
from chronicle.extract.dates import tag_dates
from chronicle.extract.published import TEXT, find_published
from chronicle.read.article import read_article


def dates(folder: Path) -> None:
    rows = list(csv.DictReader((folder / "index.csv").open(encoding="utf-8")))
    stated = found = exact = inferred = extra = unreadable = 0
    for row in rows:
        try:
            article = read_article(folder / row["file"])
        except ChronicleError as exc:
            unreadable += 1
            print(f"  unreadable: {exc}")
            continue
        got = find_published(article.text, article.date_lines)
        want = row.get("dateline_in_text") or ""
        if want:
            stated += 1
            if got.how == TEXT:
                found += 1
                exact += str(got.date) == want
                if str(got.date) != want:
                    print(f"  wrong: {row['file']} {want} read as {got.date} ({got.evidence!r})")
            else:
                inferred += got.how is not None
                print(f"  missed: {row['file']} {want} ({got.how}: {got.date})")
        elif got.how == TEXT:
            extra += 1
            print(f"  stated where the index has none: {row['file']} {got.date} {got.evidence!r}")
    print(
        f"articles {len(rows)} (unreadable {unreadable}); stated dates {stated}: read as stated "
        f"{found} ({found / max(stated, 1):.3f}), exact {exact} ({exact / max(stated, 1):.3f}), "
        f"inferred instead {inferred}; stated where the index has none {extra}"
    )


SENTENCE = (
    "Government forces shelled the eastern districts on {d} March 2016 and killed {n} "
    "civilians, a monitoring group said. Rebels said they repelled an attack on Tuesday."
)


def generated(chars: int, shape: str) -> str:
    parts = [SENTENCE.format(d=i % 28 + 1, n=i % 90 + 2) for i in range(chars // len(SENTENCE))]
    if shape == "paragraphs":
        body = "\n\n".join(" ".join(parts[k : k + 3]) for k in range(0, len(parts), 3))
    elif shape == "one line":
        body = " ".join(parts)
    else:
        body = "\n".join(textwrap.wrap(" ".join(p.replace(".", ",") for p in parts), 72))
    return "Fighting rages in the east of the country\n\n" + body + "\n"


def scaling(sizes: list[float]) -> None:
    folder = Path(tempfile.mkdtemp())
    for shape in ("paragraphs", "one line", "hard-wrapped"):
        for mb in sizes:
            path = folder / "article.txt"
            path.write_text(generated(int(mb * 1_000_000), shape), encoding="utf-8")
            t0 = time.process_time()
            article = read_article(path)
            t1 = time.process_time()
            find_published(article.text, article.date_lines)
            t2 = time.process_time()
            tag_dates(article.text, date(2017, 1, 1))
            t3 = time.process_time()
            print(
                f"{shape:<12} {mb:>5} MB  read {t1 - t0:6.2f} s  publication date "
                f"{t2 - t1:6.2f} s  tag_dates {t3 - t2:6.2f} s",
                flush=True,
            )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dates":
        dates(Path(sys.argv[2]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "scaling":
        scaling([float(x) for x in sys.argv[2:]] or [1, 2, 4, 8])
    else:
        sys.exit(__doc__)
