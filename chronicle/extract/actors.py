"""The actor list and actor mentions: which armed group, state force or civilians a text names.

`ActorList` holds the shipped list (`data/actors.tsv`) and the chronicle's own actor records,
which extend and override it by id (as place files extend the gazetteer). `find()` returns
the actor mentions of a span of text: names and aliases ("Daesh", "regime forces"), a
country's demonym or name before a force word ("Iraqi troops", "Russian jets"), and generic
force words ("the army", "warplanes") read as the forces of the article's country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from chronicle.content.records import ACTOR_KINDS, ActorRecord, PlaceRecord, slugify
from chronicle.extract.types import PlaceMention

# A token: an acronym written with full stops ("U.S."), or a run of letters and digits with
# inner apostrophes ("Assad's").
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")

# Words after a country's demonym or name that make it that country's forces.
FORCE_WORDS = (
    "forces",
    "force",
    "troops",
    "soldiers",
    "army",
    "military",
    "armed forces",
    "air force",
    "warplanes",
    "war planes",
    "warplane",
    "jets",
    "jet",
    "fighter jets",
    "aircraft",
    "planes",
    "plane",
    "helicopters",
    "helicopter",
    "gunships",
    "drones",
    "drone",
    "navy",
    "warships",
    "security forces",
    "police",
    "government",
    "regime",
    "government forces",
    "regime forces",
    "special forces",
    "servicemen",
    "personnel",
    "units",
    "artillery",
    "tanks",
    "militias",
    "militia",
    "government troops",
    "regime troops",
    "defence ministry",
    "defense ministry",
)
# Attacks named by who made them ("Turkish shelling", "Israeli strikes", "regime raids")
ATTACK_WORDS = (
    "air strikes",
    "airstrikes",
    "air strike",
    "airstrike",
    "strikes",
    "strike",
    "air raids",
    "air raid",
    "raids",
    "raid",
    "shelling",
    "bombardment",
    "bombing",
    "missiles",
    "missile",
    "rockets",
    "barrel bombs",
    "artillery",
    "air attacks",
    "attacks",
    "attack",
    "offensive",
)
FORCE_AND_ATTACK_WORDS = FORCE_WORDS + ATTACK_WORDS
# Demonyms of the states in the actor list, in case the geoparser missed one (capitals
# only: "US" is no "us")
_DEMONYMS = {
    "US": "US",
    "American": "US",
    "Russian": "RU",
    "Syrian": "SY",
    "Iraqi": "IQ",
    "Turkish": "TR",
    "Iranian": "IR",
    "Israeli": "IL",
    "British": "GB",
    "French": "FR",
}
# Peoples that are no state: "Kurdish fighters" are no country's army
_NOT_STATES = {
    "kurdish",
    "kurd",
    "kurds",
    "arab",
    "arabs",
    "alawite",
    "sunni",
    "shiite",
    "shia",
    "druze",
    "turkmen",
    "yazidi",
    "assyrian",
}
# Verbs after a country's name that make it its state acting ("Russia and Turkey agreed")
_STATE_VERBS = {
    "agreed",
    "signed",
    "bombed",
    "struck",
    "launched",
    "shelled",
    "attacked",
    "fired",
    "deployed",
    "seized",
    "captured",
    "retook",
    "recaptured",
    "targeted",
    "arrested",
    "detained",
    "carried",
    "killed",
    "hit",
    "pounded",
    "brokered",
}
# Words that make a following attack word the article country's forces' ("regime shelling")
_GENERIC_PREFIX = {"government", "regime", "army", "pro-government", "loyalist", "military"}
# Force words that stand for the forces of the article's country on their own.
GENERIC_STATE_WORDS = (
    "army",
    "the army",
    "government forces",
    "government troops",
    "government soldiers",
    "government warplanes",
    "government aircraft",
    "government jets",
    "government helicopters",
    "army units",
    "armed forces",
    "security forces",
    "troops",
    "soldiers",
    "military",
    "regime",
    "the regime",
    "the government",
    "warplanes",
    "war planes",
    "warplane",
    "fighter jets",
    "military aircraft",
    "jets",
    "helicopters",
    "helicopter gunships",
    "air force",
    "army air force",
)
# Words for an armed group the text does not name here ("the militants"): the non-state
# actor the article named last, else an unidentified armed group.
GENERIC_ARMED_WORDS = (
    "militants",
    "jihadists",
    "jihadis",
    "extremists",
    "terrorists",
    "fighters",
    "takfiri terrorists",
    "armed terrorists",
    "militant group",
    "jihadist group",
    "terrorist group",
    "extremist group",
    "coalition",  # the coalition the article named ("the US-led coalition", not the Syrian)
)
# Names that contain an actor's alias but are no actor ("Syrian Coalition" is the opposition's
# political body, not the US-led coalition).
NOT_ACTORS = (
    "Syrian Observatory for Human Rights",
    "Syrian Observatory",
    "Syrian Coalition",
    "Syrian National Coalition",
    "National Coalition",
    "opposition coalition",
    "Saudi-led coalition",
    "Syrian Civil Defence",
    "Syrian Civil Defense",
    "Syrian Network for Human Rights",
    "Syrian Arab News Agency",
    "Syrian Arab Red Crescent",
    "Syrian government delegation",
    "Syrian opposition delegation",
    "High Negotiations Committee",
)
# A mention followed by one of these is no actor here but the modifier of another word
# ("rebel-held town", "IS-controlled", "Kurdish-led SDF", "al-Qaeda-linked Nusra Front").
_MODIFIER_AFTER = re.compile(
    r"^\s*-?\s*(?:held|controlled|run|led|linked|affiliated|allied|backed|supported|"
    r"dominated|besieged|occupied|affiliate|loyal)\b",
    re.IGNORECASE,
)
# Words that extend an actor's name into one mention ("IS fighters", "Daesh terrorists").
_MEMBER_WORDS = (
    "group",
    "groups",
    "fighters",
    "militants",
    "militiamen",
    "militia",
    "jihadists",
    "terrorists",
    "members",
    "forces",
    "troops",
    "units",
    "elements",
    "loyalists",
    "gunmen",
    "soldiers",
    "organization",
    "organisation",
    "militant group",
    "terrorist group",
    "terror group",
)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A token as it is matched: lowercase, no apostrophes or full stops ("armys" is
    "army's" with its apostrophe lost)."""
    folded = word.translate(_DROP).lower()
    return "army" if folded == "armys" else folded


_DROP = str.maketrans("", "", "'’.")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, token) of the words of text[start:end], offsets into `text`."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end or len(text))]


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(t) for _, _, t in tokens(name))


@dataclass
class ActorMention:
    """An actor named in a text."""

    start: int
    end: int
    text: str
    actor: ActorRecord
    # "name" (an alias), "country" (a demonym or country name before a force word),
    # "generic" (a force word read by the article's country), "anaphor" ("the militants")
    how: str = "name"
    modifier: bool = False  # it only modifies another word ("rebel-held", "IS-linked")


class ActorList:
    """The shipped actor list, extended and overridden by the chronicle's own actor records."""

    def __init__(self, records: Iterable[ActorRecord] = (), *, shipped: bool = True) -> None:
        self.actors: dict[str, ActorRecord] = {}
        for record in (*(shipped_actors() if shipped else ()), *records):
            self.actors[record.id] = record  # an actor file overrides the shipped line
        self._names: dict[str, list[tuple[tuple[str, ...], str, ActorRecord | None]]] = {}
        for name in NOT_ACTORS:
            self._add(name, None)
        for record in self.actors.values():
            for name in (record.name, *record.aliases):
                self._add(name, record)
        for names in self._names.values():
            names.sort(key=lambda item: -len(item[0]))  # the longest name first
        self._force = {_key(w) for w in FORCE_AND_ATTACK_WORDS}
        self._attacks = {_key(w) for w in ATTACK_WORDS}
        self._generic_state = {_key(w) for w in GENERIC_STATE_WORDS}
        self._generic_armed = {_key(w) for w in GENERIC_ARMED_WORDS}
        self._members = {_key(w) for w in _MEMBER_WORDS}
        self._firsts = {
            key[0]
            for table in (
                self._force,
                self._attacks,
                self._generic_state,
                self._generic_armed,
                self._members,
            )
            for key in table
        }

    def _add(self, name: str, record: ActorRecord | None) -> None:
        key = _key(name)
        if key:
            # Short acronyms ("IS", "SDF") are words too ("is"): they match in capitals only.
            exact = name if re.fullmatch(r"[A-Z]{1,3}", name) else ""
            self._names.setdefault(key[0], []).append((key, exact, record))

    def get(self, actor_id: str) -> ActorRecord | None:
        return self.actors.get(actor_id)

    def state_forces(self, country: str | None) -> ActorRecord | None:
        """The forces of a country: the first state or external actor of that country with
        no parent, else the first with one ("United States forces", in the coalition)."""
        if not country:
            return None
        forces = [
            r
            for r in self.actors.values()
            if r.country == country and r.kind in ("state", "external")
        ]
        return next((r for r in forces if r.parent is None), forces[0] if forces else None)

    def _forces_of(self, place: PlaceRecord, country: str | None) -> ActorRecord:
        """A country's forces; for a country the list does not have, made from its name
        ("Belgian F-16 jets": Belgium forces)."""
        forces = self.state_forces(place.country)
        if forces is not None:
            return forces
        kind = "state" if place.country == country else "external"
        return ActorRecord(
            id=f"{slugify(place.name)}-forces",
            name=f"{place.name} forces",
            kind=kind,
            country=place.country,
        )

    def find(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        places: Sequence[PlaceMention] = (),
        country: str | None = None,
        modifiers: bool = False,
    ) -> list[ActorMention]:
        """Actor mentions in text[start:end], in text order.

        `places` (the geoparser's mentions) give the countries of demonyms and country names;
        `country` is the article's country, whose forces "the army" or "warplanes" are;
        `modifiers`: keep the names that only modify another word ("rebel-held").
        """
        toks = tokens(text, start, end)
        folded = [fold(t) for _, _, t in toks]
        countries = {
            p.start: p.place
            for p in places
            if p.place is not None
            and p.place.kind == "country"
            and p.place.country
            and fold(p.text) not in _NOT_STATES
        }
        mentions: list[ActorMention] = []
        i = 0
        while i < len(toks):
            found = self._name_at(toks, folded, i)
            if found is not None:
                length, record = found
                j = i + length
                if record is not None:
                    j = self._extend(folded, j)
                    mentions.append(self._mention(text, toks, i, j, record, "name"))
                i = j
                continue
            if toks[i][0] in countries:
                # "Russian jets"; "Syrian or Russian warplanes": both countries' forces
                j = i + 1
                group = [i]
                while (
                    j + 1 < len(toks) and folded[j] in ("or", "and") and toks[j + 1][0] in countries
                ):
                    group.append(j + 1)
                    j += 2
                n = self._longest(folded, j, self._force)
                # "air strikes carried out by (the) Russia(n) ..."
                by = "by" in folded[max(0, i - 2) : i] and (i < 2 or folded[i - 1] in ("by", "the"))
                acts = not n and j < len(folded) and folded[j] in _STATE_VERBS  # "Russia bombed"
                if n or by or acts:
                    for k in group:
                        made = self._forces_of(countries[toks[k][0]], country)
                        last = j + n if k == group[-1] else k + 1
                        mentions.append(self._mention(text, toks, k, last, made, "country"))
                    i = j + n
                    continue
            code = _DEMONYMS.get(toks[i][2].replace(".", ""))
            if code and self._longest(folded, i + 1, self._force) and self.state_forces(code):
                # a demonym the geoparser missed ("A U.S. missile strike")
                n = self._longest(folded, i + 1, self._force)
                forces = self.state_forces(code)
                assert forces is not None
                mentions.append(self._mention(text, toks, i, i + 1 + n, forces, "country"))
                i += 1 + n
                continue
            if folded[i] in _GENERIC_PREFIX and self._longest(folded, i + 1, self._attacks):
                # "government air strikes", "regime shelling": the article country's forces
                n = 1 + self._longest(folded, i + 1, self._attacks)
                state = self.state_forces(country)
                if state is not None:
                    mentions.append(self._mention(text, toks, i, i + n, state, "generic"))
                i += n
                continue
            n = self._longest(folded, i, self._generic_state)
            if n and i + n < len(folded) and folded[i + n] in ("wing", "wings", "council"):
                i += n + 1  # "the party's military wing" is no state's army
                continue
            if n:
                state = self.state_forces(country)
                if state is not None:
                    mentions.append(self._mention(text, toks, i, i + n, state, "generic"))
                i += n
                continue
            n = self._longest(folded, i, self._generic_armed)
            if n:
                mentions.append(self._mention(text, toks, i, i + n, self._unnamed(), "anaphor"))
                i += n
                continue
            i += 1
        for m in mentions:
            m.modifier = bool(_MODIFIER_AFTER.match(text, m.end, m.end + 12))
        return mentions if modifiers else [m for m in mentions if not m.modifier]

    # ------------------------------------------------------------------ helpers

    def _name_at(
        self, toks: list[tuple[int, int, str]], folded: list[str], i: int
    ) -> tuple[int, ActorRecord | None] | None:
        for key, exact, record in self._names.get(folded[i], ()):
            n = len(key)
            if tuple(folded[i : i + n]) != key:
                continue
            if exact and toks[i][2] != exact:
                continue
            return n, record
        return None

    def _longest(self, folded: list[str], i: int, table: set[tuple[str, ...]]) -> int:
        if i >= len(folded) or folded[i] not in self._firsts:
            return 0
        for n in (3, 2, 1):
            if i + n <= len(folded) and tuple(folded[i : i + n]) in table:
                return n
        return 0

    def _extend(self, folded: list[str], j: int) -> int:
        """Past the words that make a name a group of its members ("IS fighters")."""
        n = self._longest(folded, j, self._members)
        return j + n

    def _mention(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        i: int,
        j: int,
        record: ActorRecord,
        how: str,
    ) -> ActorMention:
        s, e = toks[i][0], toks[j - 1][1]
        return ActorMention(s, e, text[s:e], record, how)

    def _unnamed(self) -> ActorRecord:
        return self.actors.get("unidentified-armed-group") or ActorRecord(
            id="unidentified-armed-group", name="Unidentified armed group", kind="political-militia"
        )


@lru_cache(maxsize=1)
def _shipped() -> tuple[ActorRecord, ...]:
    path = resources.files("chronicle.extract").joinpath("data/actors.tsv")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 6 or cells[2] not in ACTOR_KINDS:
            raise ValueError(f"actors.tsv:{number}: expected 6 cells and a kind of {ACTOR_KINDS}")
        actor_id, name, kind, country, parent, aliases = cells
        records.append(
            ActorRecord(
                id=actor_id,
                name=name,
                kind=kind,
                aliases=[a.strip() for a in aliases.split("|") if a.strip()],
                country=None if country == "-" else country,
                parent=None if parent == "-" else parent,
            )
        )
    return tuple(records)


def shipped_actors() -> list[ActorRecord]:
    """The actor list Chronicle ships (`chronicle/extract/data/actors.tsv`), fresh copies."""
    return [
        ActorRecord(r.id, r.name, r.kind, list(r.aliases), r.country, r.parent) for r in _shipped()
    ]
