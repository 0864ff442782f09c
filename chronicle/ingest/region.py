"""The chronicle's `region` when chronicle.toml sets none: inferred from the batch, written
back with a comment that says so, so that the next ingest resolves places the same way.

A chronicle's articles say where they are: `extract.place_region.infer_region` finds the
countries most of them name most. Ingest runs it over the batch before the real parse
(cheap: one pass of a regular expression per article), hands the region to the
geoparser, and writes it into chronicle.toml, keeping every other line of the file as the
user wrote it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

from chronicle.atomic import write_atomic
from chronicle.config import toml_string
from chronicle.errors import ChronicleError
from chronicle.extract.place_region import country_votes, infer_region
from chronicle.read.article import read_article

# Fewer articles than this that name a country say too little about a chronicle to write
# its region down for good.
MIN_VOTERS = 3


def batch_votes(files: list[Path], jobs: int) -> list[Counter[str]]:
    """How often each article of the batch names each country (unreadable ones: none)."""
    if jobs < 2 or len(files) < 40:
        return [_votes(path) for path in files]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return list(pool.imap(_votes, files, chunksize=8))


def _votes(path: Path) -> Counter[str]:
    try:
        return country_votes(read_article(path).text)
    except Exception:  # noqa: BLE001 - a bad article is reported by the real pass
        return Counter()


def infer_batch_region(files: list[Path], jobs: int) -> tuple[list[str], int]:
    """(the region the batch speaks of, the number of articles that name a country);
    an empty region when fewer than MIN_VOTERS articles name one."""
    votes = [v for v in batch_votes(files, jobs) if v]
    if len(votes) < MIN_VOTERS:
        return [], len(votes)
    return infer_region(votes), len(votes)


_KEY_LINE = re.compile(r"^[ \t]*region[ \t]*=", re.M)
_TABLE = re.compile(r"^[ \t]*\[", re.M)


def write_region(config_path: Path, region: list[str], voters: int) -> None:
    """Set `region` in chronicle.toml: the line that sets it (`region = []`, as `chronicle
    init` writes it) is replaced, else the key is added before any [table]; a comment says
    it was inferred. Every other line stays as it was. Raises ChronicleError when the file
    cannot be changed safely."""
    try:
        text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ChronicleError(f"cannot read it to write the region: {exc}", config_path) from None
    value = "[" + ", ".join(toml_string(code) for code in region) + "]"
    line = (
        f"region = {value}  # inferred by `chronicle ingest` from {voters} articles "
        "(the countries they name most); edit it to change"
    )
    table = _TABLE.search(text)
    top = text[: table.start()] if table else text
    found = _KEY_LINE.search(top)
    if found:
        end = _value_end(text, found.end())
        new = text[: found.start()] + line + text[end:]
    else:
        at = table.start() if table else len(text)
        head = text[:at]
        if head and not head.endswith("\n"):
            head += "\n"
        new = head + line + "\n" + text[at:]
    try:
        data = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        data = {}
    if data.get("region") != region:
        raise ChronicleError(
            f"could not write the inferred region into it; set region = {value} there yourself",
            config_path,
        )
    write_atomic(config_path, new)


def _value_end(text: str, start: int) -> int:
    """The end of the value (and comment) of the key whose `=` ends at `start`: the end of
    its line, or of the line that closes a multi-line array."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    value = text[start:end].split("#", 1)[0]
    if "[" in value and "]" not in value:
        close = text.find("]", end)
        if close >= 0:
            end = text.find("\n", close)
            end = len(text) if end < 0 else end
    return end
