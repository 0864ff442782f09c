"""Counts in words, for the templates: "1 report", "2 reports", "1 entry", "3 entries"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun in the number it takes: the `counted` filter of the templates,
    `{{ n|counted("report") }}`; an irregular plural is given: `|counted("entry", "entries")`."""
    return f"{n} {noun(n, one, many)}"


def noun(n: int, one: str, many: str | None = None) -> str:
    """The noun alone, in the number `n` takes (the `noun` filter), for a number set apart:
    `<strong>{{ n }}</strong> {{ n|noun("report") }}`."""
    return one if n == 1 else (many or one + "s")
