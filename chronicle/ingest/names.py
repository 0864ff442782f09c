"""Names readers know: a new place file is named the way the chronicle's own articles
spell the place most, when that differs from the gazetteer's transliteration ("Tadmur" ->
"Palmyra", "‘Ayn al ‘Arab" -> "Kobani"); the gazetteer's name stays an alias. An editor's
place file is never renamed (its name always wins), and neither is a country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from chronicle.content.records import PlaceRecord
from chronicle.extract.name_keys import fold

# The word a gazetteer name ends with to say what kind of place it is: a spelling the
# articles use for the place itself gets it back ("Deir ez-Zor" -> "Deir ez-Zor Governorate")
KIND_WORDS = (
    "governorate",
    "province",
    "region",
    "district",
    "subdistrict",
    "sub-district",
    "municipality",
    "county",
    "department",
    "river",
    "lake",
    "mountains",
    "mountain",
    "desert",
    "valley",
    "plain",
    "dam",
    "airport",
    "camp",
)


# Words a text names a place with ("the Hadid area", "Ghelfas village"): not part of the
# place's name unless the gazetteer's or pattern's name has them too
PLACE_WORDS = frozenset(
    "area areas district districts village villages town towns city neighborhood "
    "neighborhoods neighbourhood neighbourhoods quarter suburb region province governorate "
    "camp outskirts".split()
)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return re.sub(r"['’]s$", "", text)


def _without_place_word(form: str, name: str) -> str:
    words = form.split(" ")
    if (
        len(words) > 1
        and words[-1].casefold() in PLACE_WORDS
        and name.rsplit(" ", 1)[-1].casefold() != words[-1].casefold()
    ):
        return " ".join(words[:-1])
    return form


class Spellings:
    """How the articles of a batch spell each place (publishable mentions only)."""

    def __init__(self) -> None:
        self.forms: dict[str, Counter[str]] = {}

    def add(self, text: str, place_id: str) -> None:
        form = _clean(text)
        if form:
            self.forms.setdefault(place_id, Counter())[form] += 1

    def preferred(
        self, record: PlaceRecord, taken: Callable[[str], bool] = lambda name: False
    ) -> str | None:
        """The name the articles use most for `record`, when it is not the record's own
        name (case aside) nor a shortening of it ("Sadr" for "Sadr City"); None to keep
        the record's name. `taken(name)`: another place has that name (never two places
        of one name). A gazetteer name already in plain English letters changes only for
        a spelling the articles use more than once."""
        if record.kind == "country":
            return None
        counts = self.forms.get(record.id)
        if not counts:
            return None
        # written as a name: not an abbreviation, not a shouted headline, not lowercase,
        # no kind word inside ("Deir ez-Zor Province Al")
        usable = [
            (n, form)
            for form, n in counts.items()
            if "." not in form
            and not form.isupper()
            and form[:1].isupper()
            and len(form) > 2
            and not any(w.casefold() in KIND_WORDS for w in form.split(" ")[:-1])
        ]
        if not usable:
            return None
        n, best = max(usable, key=lambda c: c[0])  # the first seen on a tie
        best = _with_kind_word(_without_place_word(best, record.name), record.name)
        if best.casefold() == record.name.casefold():
            return None
        if set(fold(best).split()) < set(fold(record.name).split()):
            return None  # a shortening
        if n < 2 and record.name.isascii():
            return None
        if taken(best):
            return None
        return best


def _with_kind_word(form: str, name: str) -> str:
    """`form` with the kind word of the gazetteer's `name` in place of its own, if any."""
    last = name.rsplit(" ", 1)[-1]
    if " " not in name or last.casefold() not in KIND_WORDS:
        return form
    words = form.split(" ")
    if len(words) > 1 and words[-1].casefold() in KIND_WORDS:
        words = words[:-1]
    return " ".join([*words, last])


def renamed(record: PlaceRecord, name: str) -> PlaceRecord:
    """`record` named `name`, its old name first among its aliases."""
    aliases = [record.name] + [a for a in record.aliases if a not in (record.name, name)]
    return PlaceRecord(
        id=record.id,
        name=name,
        kind=record.kind,
        country=record.country,
        lat=record.lat,
        lon=record.lon,
        geonames=record.geonames,
        parent=record.parent,
        aliases=aliases,
        population=record.population,
    )
