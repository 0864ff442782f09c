"""Sentence boundaries in news text, as offset spans."""

from __future__ import annotations

import re

# Abbreviations that end with a full stop inside a sentence ("Lt. Gen.", "U.S.-led").
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "brig",
    "adm",
    "gov",
    "sen",
    "rep",
    "st",
    "mt",
    "ft",
    "no",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "corp",
    "co",
    "ltd",
    "jr",
    "sr",
    "sq",
    "km",
    "approx",
    "est",
    "dept",
    "govt",
    "u.s",
    "u.n",
    "u.k",
    "e.g",
    "i.e",
    "w",
    "e",
    "n",
    "s",
    "al",
}
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence; a line break always ends a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if match.group().startswith((".",)) and "\n" not in match.group():
            before = re.search(r"([\w.]+)\.+[\"'”’)\]]*$", text[start:end])
            word = before.group(1).lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# A web page's tag list glued into the text ("Tags Syria Raqqa airstrikes US-led coalition
# Kurds A US-led coalition airstrike killed ..."): it runs from "Tags" to the word that opens
# the next sentence (an article, a quantifier or a number), at most 16 words on.
_TAGS = re.compile(r"(?<![\w-])Tags:?\s+")
_TAGS_END = re.compile(
    r"\b(?:A|An|The|At|More|Over|Nearly|Almost|About|Around|Some|Scores|Dozens|Hundreds|"
    r"Thousands|Several|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|\d+)\b"
    r"(?=\s+[\w\"“])|"
    # or a capitalized word that a sentence goes on from: "Overnight airstrikes on the ..."
    r"\b[A-Z][a-z]+(?=\s+(?:[a-z]+\s+)?(?:on|in|at|of|by|from|near|were|was|have|has|had|"
    r"killed|said|says|hit|struck|targeted)\b)"
)


def tag_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the tag lists glued into a text, which tell no happening."""
    runs = []
    for match in _TAGS.finditer(text):
        window = text[match.end() : match.end() + 200]
        words = list(re.finditer(r"\S+", window))[:16]
        limit = words[-1].end() if words else 0
        end = _TAGS_END.search(window, 0, limit)
        if end is not None and end.start() > 0:
            runs.append((match.start(), match.end() + end.start()))
    return runs
