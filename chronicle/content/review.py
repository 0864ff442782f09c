"""Review items: what an editor should decide about an entry, in the entry's `review` list.

An item is a doubt that changes the published chronicle: a place held back (resolved with
too little confidence), a name the gazetteer lacks, a publication date inferred or
unknown, dates that could not be resolved, casualty figures that disagree. Each says why,
how sure extraction was, and what the choices are (`candidates`), and weighs how much the
decision changes what readers see (`weight`: the events it moves, places or dates them).

In the entry's front matter an item is a mapping; a plain string is a note (the editor's
own, or information that needs no decision, such as "no coordinates"). Notes are shown in
the editor's draft but are not review items: they are not counted, ranked or flagged.

    review:
    - kind: place
      text: 'Held back: "Castello Road" may be Castello Road (Aleppo, Syria)'
      mention: Castello Road
      sentence: Shelling hit Castello Road on Friday.
      place: aleppo-castello-road
      confidence: 0.45
      reason: named with a place word, its city guessed among several
      weight: 2
      candidates:
      - {id: aleppo-castello-road, name: Castello Road, kind: district, ...}
    - The file has no headline: the title was made from the first sentence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.errors import ChronicleError

# What an item is about; "note" is information, not an item
KINDS = ("place", "name", "published", "date", "casualties", "incident", "note")
ITEM_KINDS = KINDS[:-1]
# In words, for lists and the review page
KIND_LABELS = {
    "place": "place held back",
    "name": "name not in the gazetteer",
    "published": "publication date",
    "date": "date not resolved",
    "casualties": "casualty figures disagree",
    "incident": "incident merge",
    "note": "note",
}
CANDIDATE_KEYS = ("id", "name", "kind", "country", "lat", "lon", "parent", "geonames", "within")
ITEM_KEYS = (
    "kind",
    "text",
    "weight",
    "mention",
    "sentence",
    "place",
    "confidence",
    "reason",
    "value",
    "candidates",
)


@dataclass
class ReviewItem:
    kind: str  # one of KINDS
    text: str  # what to check, in words
    weight: float = 0.0  # how much deciding it changes the published chronicle
    mention: str | None = None  # the words of the article it is about
    sentence: str | None = None  # the sentence they are in
    place: str | None = None  # the place id extraction resolved the words to
    confidence: float | None = None  # how sure extraction was (0..1)
    reason: str | None = None  # why, in words
    # a date the item is about (the inferred publication date); an incident merge's two ids
    value: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_item(self) -> bool:
        """A decision to make (counted, ranked); a note is not."""
        return self.kind != "note"

    @property
    def key(self) -> str:
        """The item's identity, the same on every ingest as long as it is about the same
        words: an item the editor removed is not raised again."""
        raw = f"{self.kind}\x00{self.mention or ''}\x00{self.place or ''}"
        if self.kind == "note":
            raw += "\x00" + self.text
        elif self.kind == "incident":  # its value names the two incidents
            raw += "\x00" + (self.value or "")
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]

    def as_yaml(self) -> str | dict[str, Any]:
        """The item as the entry's front matter keeps it (a note: its text alone)."""
        if self.kind == "note":
            return self.text
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.weight:
            weight = round(self.weight, 2)
            data["weight"] = int(weight) if weight == int(weight) else weight
        for key in ("mention", "sentence", "place", "confidence", "reason", "value"):
            value = getattr(self, key)
            if value is not None and value != "":
                data[key] = value
        if self.candidates:
            data["candidates"] = [
                {k: c.get(k) for k in CANDIDATE_KEYS if c.get(k) is not None}
                for c in self.candidates
            ]
        return data


def note(text: str) -> ReviewItem:
    return ReviewItem(kind="note", text=text)


def parse_items(raw: object, path: Path, line: int | None) -> tuple[list[ReviewItem], list[str]]:
    """The `review` list of an entry's front matter -> (items, warnings); a value that is
    neither a string nor an item mapping is an error naming the file and line."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        raise ChronicleError("review must be a list of notes or review items", path, line)
    items: list[ReviewItem] = []
    warnings: list[str] = []
    for n, value in enumerate(raw, 1):
        if isinstance(value, str):
            items.append(note(value))
            continue
        if not isinstance(value, dict):
            raise ChronicleError(
                f"review item {n} must be a note (text) or a mapping with kind and text",
                path,
                line,
            )
        items.append(_item(value, n, path, line, warnings))
    return items, warnings


def _item(
    value: dict[str, Any], n: int, path: Path, line: int | None, warnings: list[str]
) -> ReviewItem:
    kind = value.get("kind")
    if kind not in KINDS:
        raise ChronicleError(
            f"review item {n}: kind must be one of {', '.join(KINDS)}, not {kind!r}", path, line
        )
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ChronicleError(f"review item {n}: text is missing", path, line)
    for key in value:
        if key not in ITEM_KEYS:
            warnings.append(f"{path}:{line}: review item {n}: unknown key {key!r}")

    def number(key: str) -> float | None:
        found = value.get(key)
        if found is None:
            return None
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            raise ChronicleError(f"review item {n}: {key} must be a number", path, line)
        return float(found)

    def words(key: str) -> str | None:
        found = value.get(key)
        return None if found is None else str(found)

    candidates = value.get("candidates") or []
    if not isinstance(candidates, list) or not all(
        isinstance(c, dict) and c.get("id") for c in candidates
    ):
        raise ChronicleError(
            f"review item {n}: candidates must be a list of places (each with an id)", path, line
        )
    return ReviewItem(
        kind=kind,
        text=text.strip(),
        weight=number("weight") or 0.0,
        mention=words("mention"),
        sentence=words("sentence"),
        place=words("place"),
        confidence=number("confidence"),
        reason=words("reason"),
        value=words("value"),
        candidates=[dict(c) for c in candidates],
    )


# --------------------------------------------------------------------------- not places

NOT_PLACES = "not-places.txt"
_NOT_PLACES_HEADER = (
    "# Names that are not places (nor actors) in this chronicle, one a line: ingest never\n"
    "# publishes them as places. Written by `chronicle review` and the review page; edit freely.\n"
)


def load_not_places(content_dir: Path) -> list[str]:
    """The names of `content/not-places.txt` (one a line; `#` starts a comment)."""
    path = content_dir / NOT_PLACES
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ChronicleError(
            f"cannot read the list of names that are not places: {exc}", path
        ) from None
    names = []
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def add_not_place(content_dir: Path, name: str) -> bool:
    """Add `name` to `content/not-places.txt` (made when missing); False if it was there."""
    from chronicle.atomic import write_atomic

    name = " ".join(name.split()).replace("#", "")
    if not name:
        return False
    known = {n.casefold() for n in load_not_places(content_dir)}
    if name.casefold() in known:
        return False
    path = content_dir / NOT_PLACES
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = _NOT_PLACES_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(path, text + name + "\n")
    return True
