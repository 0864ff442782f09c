"""Which place mentions of a sentence locate its event.

The geoparser says where a name is a place (`PlaceMention.use`); an event is not at every
place its sentence names. A country named as a qualifier of a noun ("US President Barack
Obama", "a US aid worker", "U.S. air strikes on Raqqa", "US-led", "Russia's jets") or as an
agent ("carried out by the United States", "the US launched", "Russia says") says who, not
where: it does not locate the event. A country locates it where a sentence puts the event
in it ("in northern Syria", "strikes on Syria", "fled to Turkey."). When a sentence names no
other place, the article's own country keeps locating it even as a qualifier ("Syria air
strikes kill 32": the strikes were in Syria).

Only countries are judged here: a town named is where something happened far more often than
who did it, and the geoparser already reads "Damascus said" as a metonym.
"""

from __future__ import annotations

import re

from chronicle.extract.types import PlaceMention

# Before a country that a sentence puts its event in: "in", "across northern", "on the"
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|into|inside|across|throughout|within|on|onto|near|around|outside|over|from|of|"
    r"at|toward|towards|against)\s+(?:the\s+)?(?:(?:far\s+)?(?:north|south|east|west|"
    r"northern|southern|eastern|western|central|northeast|northwest|southeast|southwest|"
    r"northeastern|northwestern|southeastern|southwestern|war-torn|neighbou?ring|rural)\s+)?$",
    re.IGNORECASE,
)
# An agent: "carried out by the United States", "brokered by Russia"
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
# Between the countries of one list: "the United States, Britain and France"
_LIST_GAP = re.compile(
    r"\s*,\s*(?:(?:and|or)\s+)?(?:the\s+)?|\s+(?:and|or|as\s+well\s+as)\s+(?:the\s+)?",
    re.IGNORECASE,
)
# What may follow a country a sentence puts its event in: the end of the clause or a word of
# a closed class (prepositions, conjunctions, determiners, relatives, time adverbs)
_FUNCTION_WORDS = frozenset(
    """
in on at of from to into near across inside outside around throughout over along and or but
nor as while when where which who whose that since after before during until till amid amidst
despite with without for against between among by than via through beyond under
the a an this these those its their his her our its some many several dozens hundreds
yesterday today tonight overnight earlier later last this next recently now again also
so then too
""".split()
)
# Nouns a country qualifies, of general English: titles, officials, forces, weapons, attacks,
# people by nationality ("US President", "U.S. officials", "US air strikes", "a US aid
# worker", "US soil"); a country before one of them names who, even after "in"
_QUALIFIED = frozenset(
    """
president presidents secretary minister ministers premier prime vice envoy envoys ambassador
ambassadors diplomat diplomats official officials officer officers commander commanders
general generals spokesman spokeswoman spokesperson counterpart counterparts leader leaders
lawmakers senator senators congress senate administration government authorities department
state defence defense intelligence embassy consulate military army navy marines marine
forces force troops soldiers servicemen personnel special coalition allies ally partners
backing support aid air airstrike airstrikes strike strikes raid raids bombing bombings bombs
bomb missile missiles rocket rockets drone drones jet jets warplane warplanes plane planes
aircraft helicopter helicopters warship warships arms weapons citizen citizens national
nationals journalist journalists reporter reporters photographer worker workers contractor
contractors hostage hostages captive veteran veterans soil custody pressure sanctions action
intervention plan plans proposal plea deal policy policies
""".split()
)
_WORD = re.compile(r"\s+([A-Za-z][\w']*)")
_COMPOUND = re.compile(r"(?:-[A-Za-z]|['\u2019]s\b|s['\u2019](?!\w))")


def locating_places(
    text: str, start: int, end: int, places: list[PlaceMention], country: str | None
) -> list[int]:
    """Indices of the place mentions in text[start:end] that locate its event, in text
    order (see the module's docstring). `country`: the article's own (ISO 3166 alpha-2)."""
    own = [
        n
        for n, p in enumerate(places)
        if p.use == "place" and p.place is not None and start <= p.start < end
    ]
    strong: list[int] = []  # towns, and countries the sentence puts its event in
    weak: list[int] = []  # countries neither put in nor qualifying ("the US and Russia")
    held: list[int] = []  # qualifiers and agents
    previous: int | None = None  # the country before, when a list joins the two
    agent = False
    for n in own:
        mention = places[n]
        if not _is_country(mention):
            strong.append(n)
            continue
        joined = previous is not None and _LIST_GAP.fullmatch(
            text, places[previous].end, mention.start
        )
        agent = (agent and bool(joined)) or bool(
            _BY_BEFORE.search(text, max(start, mention.start - 12), mention.start)
        )
        how = None if agent else _locates(text, start, end, places, own, n)
        {"strong": strong, "weak": weak, None: held}[how].append(n)
        previous = n
    kept = strong or weak
    if not kept and country is not None:
        # the article's own country, named as a qualifier, is where the event is when the
        # sentence names no other place ("Syria air strikes kill 32")
        kept = [n for n in held if places[n].country == country]
    return sorted(kept)


def only_countries(places: list[PlaceMention], indices: list[int]) -> bool:
    """Whether an event's places say no more than a country (or nothing)."""
    return all(_is_country(places[n]) for n in indices)


def towns_within(
    places: list[PlaceMention], held: list[int], offered: list[int], country: str | None
) -> list[int]:
    """Of the place mentions `offered`, those below a country and inside the countries of
    `held` (or, with none held, inside the article's `country`): "in Syria" made precise."""
    countries = {places[n].country for n in held} or {country}
    return [
        n
        for n in offered
        if not _is_country(places[n]) and (None in countries or places[n].country in countries)
    ]


def _is_country(mention: PlaceMention) -> bool:
    return mention.place is not None and mention.place.kind == "country"


def _locates(
    text: str, start: int, end: int, places: list[PlaceMention], own: list[int], n: int
) -> str | None:
    """ "strong" where the sentence puts its event in the country, "weak" where it names the
    country neither as a qualifier nor with a word of place, None for a qualifier."""
    # a list of countries is judged by what comes before its first and after its last
    last = n
    for m in own[own.index(n) + 1 :]:
        if not _is_country(places[m]):
            break
        if not _LIST_GAP.fullmatch(text, places[last].end, places[m].start):
            break
        last = m
    after_end = places[last].end
    if _COMPOUND.match(text, after_end, end):
        return None  # "US-led", "Russia's jets"
    word = _WORD.match(text, after_end, end)
    follower = word.group(1) if word else None
    first = n
    for m in reversed(own[: own.index(n)]):
        if not _is_country(places[m]):
            break
        if not _LIST_GAP.fullmatch(text, places[m].end, places[first].start):
            break
        first = m
    locative = bool(
        _LOCATIVE_BEFORE.search(text, max(start, places[first].start - 40), places[first].start)
    )
    if locative:  # "in Syria.", "in Syria on Tuesday"; but "in US air strikes" says who
        return None if follower and follower.lower() in _QUALIFIED else "strong"
    if follower is None or follower.lower() in _FUNCTION_WORDS:
        return "weak"  # "pounded Syria overnight", "a priority for the US in Syria"
    return None  # "US President", "US officials", "the US launched", "Russia says"
