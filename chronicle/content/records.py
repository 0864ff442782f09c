"""The records every room shares: place records, place kinds, slugs and ids.

Extraction makes `PlaceRecord`s from the gazetteer, the content files store them, the site
shows them: this module is the one definition, and it imports nothing of Chronicle's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_SLUG = 80

# Place kinds, from the largest to the smallest (the place file's `kind`)
PLACE_KINDS = (
    "country",
    "admin1",
    "city",
    "town",
    "village",
    "district",
    "landmark",
    "area",
    "natural",
)


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """A file-name-safe, URL-safe slug: lowercase ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "untitled"


RESERVED_SLUGS = frozenset({"index"})  # entries/index.html and places/index.html
_BAD_ID_CHARS = re.compile(r"[\x00-\x20\x7f/\\?#%&\"'<>:*|]")


def id_problem(slug: str) -> str | None:
    """Why `slug` cannot be the id of an entry or place (its file and page name), or None.

    Ids come from `slugify` and the gazetteer (lowercase, hyphens, letters of any script);
    a person may name a file by hand, so anything a URL or a file system would read
    differently, or that would leave its folder, is refused here."""
    if not slug or slug.startswith(".") or slug.startswith("-"):
        return f"{slug!r} must start with a letter or digit"
    if _BAD_ID_CHARS.search(slug):
        return (
            f"{slug!r} has a character that is not allowed in a page name "
            f"(use lowercase letters, digits and hyphens)"
        )
    if slug in RESERVED_SLUGS:
        return f"{slug!r} is reserved for the index page"
    if len(slug.encode("utf-8")) > 200:
        return f"{slug[:40]!r}… is too long for a file name"
    return None


@dataclass
class PlaceRecord:
    """A place as Chronicle knows it: a gazetteer entry or a place file."""

    id: str  # stable slug, e.g. "mosul", "old-city-mosul"
    name: str  # canonical name, e.g. "Mosul"
    kind: str  # one of PLACE_KINDS
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "IQ"
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    parent: str | None = None  # id of the containing place, None for a country
    aliases: list[str] = field(default_factory=list)
    population: int = 0


# What kind of actor, after ACLED's actor types (inter codes 1-8)
ACTOR_KINDS = (
    "state",  # state forces: national armies, police, and their allies in uniform
    "rebel",  # rebel groups: armed opposition seeking to replace the state
    "political-militia",
    "identity-militia",
    "rioters",
    "protesters",
    "civilians",
    "external",  # external or other forces: foreign states, coalitions, UN forces
)


@dataclass
class ActorRecord:
    """An actor as Chronicle knows it: the shipped actor list or an actor file."""

    id: str  # stable slug, e.g. "islamic-state", "syrian-arab-army"
    name: str  # the name readers know, e.g. "Islamic State"
    kind: str  # one of ACTOR_KINDS
    aliases: list[str] = field(default_factory=list)  # "ISIS", "ISIL", "Daesh", ...
    country: str | None = None  # ISO 3166-1 alpha-2 of a state's forces, else None
    parent: str | None = None  # id of the actor it belongs to ("russian-air-force" -> ...)


# ACLED's event types and their sub-event types: the vocabulary of an event's
# `event_type` and `sub_event_type` in entries, exports and extraction.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPE_OF = {sub: kind for kind, subs in EVENT_TYPES.items() for sub in subs}
