"""The places index: every place, grouped by country, each level sorted by the names
readers know (the names shown, compared without case or accents), with the words the
page's filter box searches."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from chronicle.site.model import Chronicle, Place


def sort_key(name: str) -> tuple[str, str]:
    """ "Ḥalab" sorts with "Halab", "the Golan Heights" with "Golan"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return (text, name)


def search_text(place: Place) -> str:
    """The place's names and aliases, lower case and without accents, for the filter."""
    names = dict.fromkeys([place.name, *place.aliases])
    text = " | ".join(names)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@dataclass
class Node:
    """A place of the index and the places inside it, sorted by name."""

    place: Place
    children: list[Node]

    @property
    def search(self) -> str:
        return search_text(self.place)


def tree(places: list[Place]) -> list[Node]:
    return [Node(p, tree(p.children)) for p in sorted(places, key=lambda p: sort_key(p.name))]


@dataclass
class Group:
    """A country (None: places in no country the chronicle has) and its places."""

    country: Place | None
    places: list[Place] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.country.name if self.country else "Other places"

    @property
    def search(self) -> str:
        return search_text(self.country) if self.country else ""

    @property
    def nodes(self) -> list[Node]:
        return tree(self.places)


def groups(chronicle: Chronicle) -> list[Group]:
    """One group per country, by name, then the places that are in no country."""
    countries: dict[str, Group] = {}
    loose: list[Place] = []
    for place in chronicle.roots:
        if place.kind == "country":
            countries[(place.country or place.id).upper()] = Group(place, list(place.children))
        else:
            loose.append(place)
    others = Group(None)
    for place in loose:
        # A top-level place of a country the chronicle has (its parent unknown) goes there.
        group = countries.get((place.country or "").upper(), others)
        group.places.append(place)
    out = sorted(countries.values(), key=lambda g: sort_key(g.name))
    return out + ([others] if others.places else [])
