"""Chronicle's temporal tagger: find date expressions and normalize them as TIMEX3.

(Being written: see issue 3.)
"""
from __future__ import annotations

from datetime import date

from chronicle.extract.types import DateMention


def tag_dates(text: str, published: date | None, *, day_first: bool = True) -> list[DateMention]:
    """Every temporal expression in `text`, in text order, resolved against `published`."""
    return []


def infer_published(text: str) -> date | None:
    """The publication date a text states or implies (dateline, latest full date), or None."""
    return None
