"""A large article costs time in proportion to its length (issue 12): reading it, finding
its publication date and tagging its dates are linear passes. A pass that went quadratic
(joining a hard-wrapped paragraph's lines: a 2 MB article took 154 s) multiplies its cost
by about 16 when the text grows 4 times, a linear one by about 4. Each pass is timed
alone on two sizes within one run (CPU time of this process, best of three), never
against a wall-clock bound; the reading and dating passes of `extract()` only (the
geoparser and events have their own rooms)."""

from __future__ import annotations

import gc
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chronicle.extract.dates import tag_dates
from chronicle.extract.published import find_published
from chronicle.read.article import read_article

# Hand-written sentences of a chronology: each carries a full date, as a dated report
# does at worst (the date passes look at every full date).
SENTENCES = [
    "Government forces shelled the eastern districts on {d} March 2016, killing {n} "
    "civilians, a monitoring group said.",
    "Rebels said they had repelled an attack on the southern front on {d} April 2016.",
    "On {d} May 2016 the United Nations called for a ceasefire of {n} hours to let aid in.",
    "Residents fled toward the border as air strikes hit the market on June {d}, 2016.",
    "At least {n} fighters were killed in clashes near the airport on {d}.07.2016.",
    "A spokesman for the coalition said the strikes of {d} August 2016 had hit depots.",
]


def article(chars: int, shape: str) -> str:
    """A generated news text of about `chars` characters: as paragraphs, as one line
    (scraped text), or as one paragraph hard-wrapped at 72 columns with no sentence end
    before its last line (the shape that made joining wrapped lines quadratic)."""
    parts, size, i = [], 0, 0
    while size < chars:
        sentence = SENTENCES[i % len(SENTENCES)].format(n=i % 97 + 2, d=i % 28 + 1)
        parts.append(sentence)
        size += len(sentence) + 1
        i += 1
    if shape == "paragraphs":
        body = "\n\n".join(" ".join(parts[k : k + 4]) for k in range(0, len(parts), 4))
    elif shape == "one line":
        body = " ".join(parts)
    else:
        run_on = " ".join(p.rstrip(".") + "," for p in parts).rstrip(",") + "."
        body = "\n".join(textwrap.wrap(run_on, 72))
    return "Fighting rages in the east of the country\n\n" + body + "\n"


def cost(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def run_pass(name: str, path: Path) -> Callable[[], object]:
    """The pass `name` over the article at `path` (read beforehand for the others)."""
    if name == "read":
        return lambda: read_article(path)
    found = read_article(path)
    if name == "publication date":
        return lambda: find_published(found.text, found.date_lines)
    return lambda: tag_dates(found.text, date(2017, 1, 1))


@pytest.mark.parametrize(
    "name, shape",
    [
        ("read", "paragraphs"),
        ("read", "one line"),
        ("read", "hard-wrapped"),
        # a text without line breaks is where a look for "the line around" goes quadratic
        ("publication date", "one line"),
        ("date tagging", "one line"),
    ],
)
def test_each_pass_grows_linearly(tmp_path: Path, shape: str, name: str) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(article(30_000, shape))
    large.write_text(article(120_000, shape))
    run_small, run_large = run_pass(name, small), run_pass(name, large)
    run_small()  # warm up (compiled patterns, imports)
    ratio = cost(run_large) / cost(run_small)
    assert ratio < 7, f"{name}: 4 times the text cost {ratio:.1f} times as much: quadratic?"
