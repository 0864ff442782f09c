"""The publication date of a text: the one place that reads it from the words.

Relative dates ("on Thursday", "last month") resolve against the publication date, so it
matters more than any other date. `find_published` reads it from what the text states
about itself: the lines a reader set aside as page furniture (`lines`: "Published July 5
2015", a line that is only a date, "Last updated at Aug 14 2016") and the top of the text
itself (an inline dateline: "Wed 05 Apr 2017 Syria attack ...", "BEIRUT, July 5, 2015
(Reuters) -", "... Monitor AFP Friday 15 Jul 2016 At least ..."). Only when the text states
none is it inferred (the latest full date the text names), and then it says so: an
inferred date is a guess for an editor to check. A date of an event in the body is never
taken for a stated publication date.

Dates given from outside the text (a command-line option, a manifest, a page's metadata)
are the caller's to prefer (`chronicle.ingest` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from chronicle.extract.date_furniture import Stated, best
from chronicle.extract.dates import latest_date, stated_in

TEXT, INFERRED = "text", "inferred"


@dataclass(frozen=True)
class PublishedDate:
    """A publication date read from a text, and how: "text" (stated) or "inferred"."""

    date: date | None
    how: str | None  # TEXT | INFERRED | None
    evidence: str | None = None  # the words that state it ("Published July 5 2015")

    def review_note(self) -> str | None:
        """What an editor should know about this date, in words (None when stated)."""
        if self.how == INFERRED and self.date is not None:
            return (
                f"The publication date {self.date.isoformat()} was inferred from the dates "
                "in the text (the latest it names); relative dates resolve against it. "
                "Check it, or give it in a manifest (--manifest FILE.csv with columns "
                "file,published)."
            )
        if self.date is None:
            return NO_DATE_NOTE
        return None


NO_DATE_NOTE = (
    'No publication date: relative dates ("on Thursday", "last month") could not be '
    "resolved. Give this article's date in a manifest (--manifest FILE.csv with columns "
    "file,published), or one date for every file with --published YYYY-MM-DD."
)


def _valid(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def find_published(
    text: str, lines: Sequence[str] = (), *, day_first: bool = True, infer: bool = True
) -> PublishedDate:
    """The publication date `text` states, else (with `infer`) the one it implies.

    `lines`: furniture lines kept out of `text` that may state it (a dateline, "Published
    ...", "Updated ..."), in the order they stood. A "published" statement wins over a
    dateline, a dateline over an "updated" one; at the same rank, the lines before the
    text, then the first."""
    found: list[tuple[Stated, str]] = []
    for line in lines:
        stated = best(stated_in(line, day_first=day_first))
        if stated is not None:
            found.append((stated, line))
    if not found or min(s.rank for s, _ in found) > 0:
        stated = best(stated_in(text, day_first=day_first))
        if stated is not None:
            found.append((stated, text))
    for stated, source in sorted(found, key=lambda f: f[0].rank):  # stable: lines first
        day = _valid(stated.value)
        if day is not None:
            return PublishedDate(day, TEXT, source[stated.start : stated.end])
    if infer:
        day = latest_date(text, day_first=day_first)
        if day is not None:
            return PublishedDate(day, INFERRED)
    return PublishedDate(None, None)


def infer_published(text: str, *, day_first: bool = True) -> date | None:
    """The publication date a text states (its dateline) or else implies (the latest full
    calendar date written in it), or None: `find_published` without lines."""
    return find_published(text, day_first=day_first).date
