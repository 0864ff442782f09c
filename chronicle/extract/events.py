"""Sentences -> events: what happened, when, where, who did it to whom, how many died.

An event is a sentence that carries a point in time (a date the timeline can place) or
reports a happening (an event type or a death toll). Its facts come from three readers, one
module each: `event_types` (what happened, ACLED's taxonomy), `actors` + `roles` (who), and
`casualties` (how many). Then, over the article:

* Date: the sentence's own date (the one nearest its trigger words; a dateline at the top
  of the text only when the sentence has no other). A sentence with none continues the
  date of the event before it ("Troops entered X on Friday. They met no resistance."),
  unless it is framed as history or a running toll ("since 2011", "have killed hundreds");
  the headline and lead, before any dated sentence, take the publication date. A sentence
  with no date and nothing to continue has date null.
* Background: an event more than a month before the publication date, or framed as
  history ("since the war began in March 2011", "in 2014 ISIS seized Mosul" in a 2017
  report). The main event is never background.
* Main: the report's own event, the event of the headline and lead (the first four
  sentences) that tells most of a happening (a weapon, a toll; less when dated weeks
  back), else the first happening anywhere, else the first event. What the main sentence
  leaves open (who, how many, what weapon) is taken from the sentences that tell the same
  incident (same kind of happening or none, the same date or none, not background): a
  headline's "11 dead" gets the lead's "11 civilians including two children", a lead's
  "attack" the headline's "car bombs", a headline with no toll the first later toll of the
  same happening by the same hand; a number replaces a magnitude ("dozens").
* The main event's date (`_date_main`): the day its own sentence gives the happening (not
  the day of a telling, "said on Sunday"; not the start of a "since" clause; not a date of
  a relative or "after" clause), else the day the next sentences give the same incident,
  else the publication date (then `mention` is empty: the date is the report's, not
  stated); a period before the report ("last week") stays a period; never a day after the
  publication.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from chronicle.content.records import ActorRecord
from chronicle.extract.actors import ActorList, ActorMention
from chronicle.extract.casualties import Casualties, count_casualties, cue_positions
from chronicle.extract.event_dates import (
    after,
    attached,
    happening_value,
    is_since,
    is_telling,
    last_day,
    reaches,
    within,
)
from chronicle.extract.event_places import locating_places, only_countries, towns_within
from chronicle.extract.event_types import (
    ATTACK,
    BOMBING,
    REMOTE,
    TERRITORY,
    VIOLENCE_CIVILIANS,
    Triggers,
    attack_type,
    bombing_type,
    names_no_weapon,
    territory_type,
)
from chronicle.extract.modality import tells_happening
from chronicle.extract.roles import assign_roles, resolve_anaphors
from chronicle.extract.sentences import sentence_spans, tag_runs
from chronicle.extract.types import DateMention, PlaceMention


@dataclass
class Event:
    date: str | None  # TIMEX3 value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www (or decade); None
    mention: str | None  # the words that carry the date (None: continued or published)
    sentence: str  # the sentence that reports it
    places: list[str] = field(default_factory=list)  # place ids, in text order
    mod: str | None = None  # TIMEX3 mod (START, MID, END, ...) when the text says so
    start: int = 0  # the sentence's offsets in the text
    end: int = 0
    place_mentions: list[int] = field(default_factory=list)  # indices into the places
    event_type: str | None = None  # ACLED event type, None when no happening is reported
    sub_event_type: str | None = None
    actor1: ActorRecord | None = None  # the side that acted
    actor2: ActorRecord | None = None  # the side acted upon
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    injured: int | None = None
    casualty_words: str | None = None  # the words that carry the numbers
    main: bool = False  # the event the report is about (one per article at most)
    background: bool = False  # history the report recalls, not news
    generic: bool = field(default=False, repr=False)  # its type names no weapon ("attack")
    sure: int = field(default=0, repr=False)  # how sure actor1 is (roles.assign_roles)
    fighters: int | None = field(default=None, repr=False)  # dead called fighters
    vague: bool = field(default=False, repr=False)  # its dead a magnitude ("dozens")
    date_from: DateMention | None = field(default=None, repr=False)  # its sentence's own
    date_attached: bool = field(default=False, repr=False)  # in the clause of its trigger

    def as_dict(self) -> dict:
        """The event as an entry's front matter keeps it: keys with no value are left out."""
        data: dict = {"date": self.date}
        if self.mention:
            data["mention"] = self.mention
        data["sentence"] = self.sentence
        data["places"] = list(self.places)
        if self.mod:
            data["mod"] = self.mod
        for key in ("event_type", "sub_event_type"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        for key in ("actor1", "actor2"):
            actor = getattr(self, key)
            if actor is not None:
                data[key] = actor.id
        for key in (
            "fatalities",
            "civilian_fatalities",
            "child_fatalities",
            "injured",
            "casualty_words",
        ):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.main:
            data["main"] = True
        if self.background:
            data["background"] = True
        return data


# What an entry's event date may be: year, month, day, ISO week; a decade as "199X".
_TIMELINE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$|^\d{3}X$")

# Where a sentence turns to another, earlier or later happening: "just hours after a gas
# attack left dozens dead", "a day after ...".
_OTHER_HAPPENING = re.compile(
    r"\b(?:just |only |barely |some )?(?:(?:a|one|two|three|four|five|six|several|few|\d+) )?"
    r"(?:hours?|days?|weeks?|months?|years?) (?:after|before|since)\b|"
    r"\b(?:a|one|the) day (?:after|before)\b|"
    # "... in a revenge attack after a downed pilot was killed by rebels"
    r"\b(?:after|following) (?:a|an|the) (?:\w+ ){0,3}(?:was|were|had been)\b"
)  # (this and _HISTORY are matched on the lowercased text)
# History and running tolls, not news
_HISTORY = re.compile(
    r"\bsince (?:the (?:start|beginning|outbreak) of |the )?(?:the )?(?:war|conflict|uprising|"
    r"revolt|revolution|crisis|unrest)\b|\b(?:war|conflict|uprising|revolt|crisis|"
    r"protests|revolution) (?:began|started|erupted|broke out)\b|\bsince (?:early |late |mid-?)?"
    r"(?:19|20)\d\d\b|\bsince (?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december) (?:of )?(?:19|20)\d\d\b|\b(?:war|conflict|uprising|crisis|"
    r"violence|fighting) (?:\w+ ){0,3}(?:has|have) (?:so far )?(?:killed|left|claimed)\b|"
    r"\bover the (?:past|last) (?:\w+ )?(?:years|months)\b|\bin recent (?:weeks|months|"
    r"years)\b|\bhas been mired\b|\bhistor(?:y|ic)\b"
)
# A report that says it does not know who did it: "it was not immediately clear who carried
# out the raids", "activists could not determine who was behind the blast"
_UNKNOWN_HAND = re.compile(
    r"\b(?:(?:not|no\s+one|nobody)\s+(?:\w+\s+){0,3}?(?:clear|known|able\s+to\s+(?:determine|"
    r"identify|say|confirm)|determine|identify|confirm)\s+(?:\w+\s+){0,2}?|(?:unclear|unknown)\s+)"
    r"(?:who|which\s+(?:side|group|party|country|air\s+force|forces?))\s+(?:was\s+|were\s+|is\s+|"
    r"are\s+|had\s+|has\s+)?(?:carried\s+out|carry\s+out|behind|responsible|fired|launched|"
    r"conducted|struck|attacked|planted|dropped|bombed|shelled|targeted|perpetrated|staged|"
    r"detonated|set\s+off)\b",
    re.IGNORECASE,
)
# A count that sums many happenings, not one incident's
_RUNNING_TOLL = re.compile(
    r"\bsince\b|\bso far\b|\bin total\b|\baltogether\b|\bover the (?:past|last)\b|"
    r"\bthis (?:year|month|week)\b|\bin recent\b",
    re.IGNORECASE,
)
# A news lead tells its happening in the first sentences: the headline and lead
_LEAD_SENTENCES = 4
# How far after the main sentence the incident's telling may run
_SAME_INCIDENT_WINDOW = 4
_BACKGROUND_DAYS = 31
# How many sentences after the main one may tell its day ("22 dead in raids. The raids
# killed 22 people on Saturday")
_FILL_WINDOW = 2
# A lead sentence dated further back than this recalls a happening; it is no report's news
_RECENT_DAYS = 7
# How sure an attacker named away from the main sentence must be to count for it ("by X",
# "X's air strikes", "blamed X")
_SURE = 5


def timeline_value(value: str | None) -> str | None:
    """The TIMEX3 value as an event date, or None when it cannot stand on a timeline
    (TIMEX3 writes a decade as "199"; the entry format as "199X")."""
    if value and re.fullmatch(r"\d{3}", value):
        value += "X"
    if value and "T" in value:  # a time of day stands on the timeline as its day
        value = value.split("T", 1)[0]
    return value if value and _TIMELINE_VALUE.match(value) else None


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    core_end: int  # where the sentence turns to another happening
    dates: list[tuple[DateMention, str]]  # point-in-time mentions and their values
    kind: tuple[str | None, str | None] = (None, None)
    trigger: tuple[int, int] | None = None
    casualties: Casualties = field(default_factory=Casualties)
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    history: bool = False
    generic: bool = False  # the trigger names no weapon ("attack", "blast")
    sure: int = 0  # how sure actor1 is (see roles.assign_roles)


def build_events(
    text: str,
    dates: list[DateMention],
    places: list[PlaceMention],
    published: date | None = None,
    actors: ActorList | None = None,
) -> list[Event]:
    """The events of `text`, in text order (see the module's docstring)."""
    actors = actors if actors is not None else default_actors()
    spans = _without_tags(sentence_spans(text), tag_runs(text))
    triggers = Triggers(text)  # every pass below reads the whole text once
    low = triggers.low
    turns = [m.start() for m in _OTHER_HAPPENING.finditer(low)]
    history = [m.start() for m in _HISTORY.finditer(low)]
    cues = cue_positions(low)
    points = sorted((m.start, m) for m in dates if m.is_point and not _furniture(text, m))
    sentences = [
        _read_sentence(n, s, e, _within_span(points, s, e), turns, history)
        for n, (s, e) in enumerate(spans)
    ]
    country = article_country(places)
    named: list[ActorRecord] = []
    mentions = actors.find(text, 0, len(text), places, country, modifiers=True)
    mention_starts = [m.start for m in mentions]
    counted = _actor_counts(mentions)
    fallback = actors.get(max(counted, key=lambda a: counted[a])) if counted else None
    for sent in sentences:
        own = [
            m
            for m in mentions[
                bisect_left(mention_starts, sent.start) : bisect_left(mention_starts, sent.end)
            ]
            if m.end <= sent.end
        ]
        cued = bisect_left(cues, sent.core_end) > bisect_left(cues, sent.start)
        _read_facts(text, sent, triggers, own, named, fallback, cued)
        if sent.kind[1] is None or sent.generic:
            _territory_by_place(text, sent, places)
    # every sentence with something to tell takes part in dating, in choosing the main
    # event and in filling it in; only those that are events are kept
    events: list[Event] = []
    kept: set[int] = set()
    told: set[str] = set()
    for sent in sentences:
        c = sent.casualties
        if not (sent.dates or sent.kind[1] or c.any or c.civilian or c.child):
            continue
        event = _event(text, sent, places, published, country)
        if event.sentence in told:  # a page that repeats a sentence tells one event
            continue
        told.add(event.sentence)
        if _is_event(text, sent):
            kept.add(id(event))
        events.append(event)
    _continue_dates(events, sentences, text, published)
    _mark_background(events, published)
    _mark_main(events, sentences, text, published)
    _place_main(events, sentences, places, country)
    events = [e for e in events if id(e) in kept or e.main]
    return events


_DEFAULT: ActorList | None = None


def _without_tags(
    spans: list[tuple[int, int]], tags: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences with the tag lists glued into them cut out (a tag list is no sentence)."""
    for tag_start, tag_end in tags:
        out = []
        for s, e in spans:
            if tag_end <= s or tag_start >= e:
                out.append((s, e))
                continue
            if tag_start > s:
                out.append((s, tag_start))
            if tag_end < e:
                out.append((tag_end, e))
        spans = [(s, e) for s, e in out if text_has_words(s, e)]
    return spans


def text_has_words(start: int, end: int) -> bool:
    return end - start > 1


def default_actors() -> ActorList:
    """The shipped actor list (made once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ActorList()
    return _DEFAULT


def article_country(places: list[PlaceMention]) -> str | None:
    """The country an article is about: the one its places name most (the first on a tie)."""
    counts: dict[str, int] = {}
    for p in places:
        if p.place is not None and p.place.country:
            counts[p.place.country] = counts.get(p.place.country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


# ---------------------------------------------------------------------------- one sentence


def _within_span(items: list[tuple[int, DateMention]], start: int, end: int) -> list[DateMention]:
    lo = bisect_left(items, start, key=lambda item: item[0])
    hi = bisect_left(items, end, key=lambda item: item[0])
    return [item[1] for item in items[lo:hi]]


def _read_sentence(
    index: int,
    start: int,
    end: int,
    dates: list[DateMention],
    turns: list[int],
    history: list[int],
) -> _Sentence:
    turn = next((t for t in turns[bisect_left(turns, start + 21) :] if t < end), None)
    core_end = turn if turn is not None else end
    points: list[tuple[DateMention, str]] = []
    seen: set[str] = set()
    for mention in dates:
        value = timeline_value(mention.value)
        if value and value not in seen:
            seen.add(value)
            points.append((mention, value))
    sent = _Sentence(index, start, end, core_end, points)
    sent.history = bisect_left(history, end) > bisect_left(history, start)
    return sent


# A date that dates the page, not a happening: "Copyright © 2018", "Last updated 2037"
_FURNITURE_BEFORE = re.compile(
    r"(?:copyright|©|\(c\)|all rights reserved|last updated(?: at| on)?|updated(?: at| on)?|"
    r"posted(?: at| on)?)\W*$",
    re.IGNORECASE,
)


def _furniture(text: str, mention: DateMention) -> bool:
    return bool(_FURNITURE_BEFORE.search(text, max(0, mention.start - 30), mention.start))


def _read_facts(
    text: str,
    sent: _Sentence,
    triggers: Triggers,
    mentions: list[ActorMention],
    named: list[ActorRecord],
    fallback: ActorRecord | None,
    cued: bool,
) -> None:
    start, end = sent.start, sent.core_end
    sent.casualties = count_casualties(text, start, end, cued)
    match = triggers.classify(start, end, sent.casualties.spans)
    mentions = [m for m in mentions if not m.modifier]
    for m in mentions:
        if m.how == "name" and m.actor.kind not in ("state", "civilians", "protesters"):
            if m.actor.id not in ("syrian-rebels", "unidentified-armed-group"):
                if m.actor.kind != "external" or "coalition" in m.actor.name.lower():
                    named.append(m.actor)
    mentions = resolve_anaphors(mentions, named, fallback)
    core = [m for m in mentions if m.start < end]
    fought = bool(sent.casualties.combatant)
    trigger = (match.start, match.end) if match else None
    sent.actor1, sent.actor2, sent.sure = assign_roles(text, start, end, core, trigger, fought)
    if match is None:
        if sent.actor1 is not None and sent.casualties.fatalities:
            # "Daesh has killed 33 young men": killing with no weapon named
            sent.kind, sent.generic = attack_type(sent.casualties.civilian_victims), True
        return
    sent.trigger = trigger
    sub = match.sub_event_type
    sent.generic = names_no_weapon(sub, match.text)
    kind = sent.actor1.actor.kind if sent.actor1 else None
    if sub == TERRITORY:
        loser = sent.actor2.actor.kind if sent.actor2 else None
        sent.kind = territory_type(kind, loser, match.text)
    elif sub == ATTACK:
        sent.kind = attack_type(sent.casualties.civilian_victims)
    elif sub == BOMBING:
        sent.kind = bombing_type(kind)
    elif sub.startswith("Abduction") and sent.casualties.fatalities:
        sent.kind = attack_type(True)  # "kill abducted Christians": the killing is the news
    else:
        sent.kind = (match.event_type, sub)
    if sub == "Agreement" and sent.actor1 and sent.actor2 is None:
        # an agreement's sides are both named: "Russia and Turkey agreed"
        other = [m for m in core if m.actor.id != sent.actor1.actor.id]
        sent.actor2 = other[0] if other else None


# "ISIS seized Mosul": a verb of taking right before a place
_TAKEN = re.compile(
    r"\b(?:seized|captured|recaptured|retook|took|overran|stormed|liberated|took control of|"
    r"seized control of|entered)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _territory_by_place(text: str, sent: _Sentence, places: list[PlaceMention]) -> None:
    for place in places:
        if place.use == "place" and sent.start <= place.start < sent.core_end:
            taken = _TAKEN.search(text, max(sent.start, place.start - 40), place.start)
            if taken and tells_happening(
                text, sent.start, sent.core_end, taken.start(), taken.end()
            ):
                sent.kind = territory_type(
                    sent.actor1.actor.kind if sent.actor1 else None,
                    sent.actor2.actor.kind if sent.actor2 else None,
                    taken.group(),
                )
                sent.trigger, sent.generic = (taken.start(), taken.end()), False
                return


def _actor_counts(mentions: list[ActorMention]) -> dict[str, int]:
    """How often the article names each non-state armed group (for "the militants")."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.how == "name" and m.actor.kind == "rebel":
            if m.actor.id not in ("syrian-rebels", "unidentified-armed-group"):
                counts[m.actor.id] = counts.get(m.actor.id, 0) + 1
    return counts


def _is_event(text: str, sent: _Sentence) -> bool:
    """A sentence with a date, or one that tells a happening: its dead or wounded, or a
    trigger that is news (in the lead, or with someone acting), not a reference back to a
    happening told before ("schools have been closed since the start of the offensive")."""
    c = sent.casualties
    if sent.dates or c.any or c.civilian or c.child:
        return True
    if not sent.kind[1]:
        return False
    if sent.index < _LEAD_SENTENCES:
        return True
    if sent.trigger and _REFERENCE.search(
        text, max(sent.start, sent.trigger[0] - 12), sent.trigger[0]
    ):
        return False
    return sent.actor1 is not None and sent.sure >= 3


# "the offensive", "this attack", "its campaign": a happening named again
_REFERENCE = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her)\s+$", re.IGNORECASE)


def _event(
    text: str,
    sent: _Sentence,
    places: list[PlaceMention],
    published: date | None,
    country: str | None = None,
) -> Event:
    ids: list[str] = []
    indices = locating_places(text, sent.start, sent.end, places, country)
    for n in indices:
        record = places[n].place
        if record is not None and record.id not in ids:
            ids.append(record.id)
    chosen = _choose_date(text, sent, published)
    c = sent.casualties
    if sent.kind[1] is None and not c.any:
        # a statement, no happening: nobody acted upon anybody ("IS controls less than ten
        # square kilometres, a spokesman for the coalition said")
        sent.actor1 = sent.actor2 = None
    civilians = None
    if c.civilian_victims and (sent.actor2 is None or sent.actor2.actor.kind != "civilians"):
        civilians = ActorRecord(id="civilians", name="Civilians", kind="civilians")
    return Event(
        date=chosen[1] if chosen else None,
        mention=chosen[0].text if chosen else None,
        sentence=" ".join(text[sent.start : sent.end].split()),
        places=ids,
        mod=chosen[0].mod if chosen else None,
        start=sent.start,
        end=sent.end,
        place_mentions=indices,
        event_type=sent.kind[0],
        sub_event_type=sent.kind[1],
        actor1=sent.actor1.actor if sent.actor1 else None,
        actor2=sent.actor2.actor if sent.actor2 else civilians,
        fatalities=c.fatalities,
        civilian_fatalities=c.civilian,
        child_fatalities=c.child,
        injured=c.injured,
        casualty_words="; ".join(c.words) or None,
        background=sent.history,
        generic=sent.generic,
        sure=sent.sure,
        fighters=c.combatant,
        vague=c.vague,
        date_from=chosen[0] if chosen else None,
        date_attached=bool(
            chosen
            and attached(
                text, chosen[0], sent.trigger[0] if sent.trigger else sent.start, sent.start
            )
        ),
    )


def _choose_date(
    text: str, sent: _Sentence, published: date | None
) -> tuple[DateMention, str] | None:
    """The sentence's date: of its point-in-time mentions, the one nearest the words that
    say what happened; a dateline at the top of the text only when there is no other."""
    points = _points(text, sent, published)
    if not points:
        return None
    anchor = sent.trigger[0] if sent.trigger else sent.start
    return min(points, key=lambda p: abs(p[0].start - anchor))


def _points(text: str, sent: _Sentence, published: date | None) -> list[tuple[DateMention, str]]:
    """The sentence's point-in-time mentions that may date what it tells, with their values
    read as the date of a happening when it tells one (see `event_dates`)."""
    points = [p for p in sent.dates if p[0].start < sent.core_end] or sent.dates
    if len(points) > 1:
        points = [p for p in points if not _dateline(text, p[0])] or points
    if sent.kind[1] or sent.casualties.any:
        points = [
            (m, happening_value(text, m, v, sent.start, sent.end, published)) for m, v in points
        ]
    return points


def _dateline(text: str, mention: DateMention) -> bool:
    """A date printed before the headline at the very top of the text: a calendar date
    ("Sunday 14 Aug 2016"), not a lone weekday of the lead ("... were killed Saturday")."""
    head = text[: mention.start]
    return (
        len(head) < 80
        and not re.search(r"[.!?]\s", head)
        and any(ch.isdigit() for ch in mention.text)
    )


# ---------------------------------------------------------------------------- the article


def _continue_dates(
    events: list[Event], sentences: list[_Sentence], text: str, published: date | None
) -> None:
    """Dates for the events whose sentence has none (see the module's docstring)."""
    index = {s.start: s.index for s in sentences}
    previous: Event | None = None  # the last dated event
    news: Event | None = None  # the last dated event that is news, not history
    for event in events:
        if event.date is None and not event.background:
            if previous is not None and index[previous.start] == index[event.start] - 1:
                event.date, event.mod = previous.date, previous.mod
                event.background = previous.background
            elif news is not None:
                event.date, event.mod = news.date, news.mod
            elif previous is None and published is not None:
                event.date = published.isoformat()
        if event.date is not None:
            previous = event
            if not event.background and not _far_before(event.date, published):
                news = event


def _far_before(value: str | None, published: date | None, days: int = _BACKGROUND_DAYS) -> bool:
    last = last_day(value)
    return bool(last and published and last < published - timedelta(days=days))


def _mark_background(events: list[Event], published: date | None) -> None:
    for event in events:
        if _far_before(event.date, published):
            event.background = True


def _mark_main(
    events: list[Event], sentences: list[_Sentence], text: str, published: date | None
) -> None:
    if not events:
        return
    index = {s.start: s for s in sentences}
    lead = [e for e in events if index[e.start].index < _LEAD_SENTENCES and not e.background]
    main = max(lead, key=lambda e: (_lead_score(e, published), -e.start)) if lead else None
    if main is None or _telling(main) == 0:
        main = next((e for e in events if e.sub_event_type and not e.background), None) or next(
            (e for e in events if not e.background), events[0]
        )
    main.main = True
    main.background = False
    first = index[main.start].index
    told = [s for s in sentences if first <= s.index <= first + _SAME_INCIDENT_WINDOW]
    hand_unknown = bool(_UNKNOWN_HAND.search(text, told[0].start, told[-1].end))
    if hand_unknown and main.sure < 5:
        main.actor1 = None  # "it was not clear who carried out the raids": none is named
    same = [
        e
        for e in events
        if e is not main
        and first < index[e.start].index <= first + _SAME_INCIDENT_WINDOW
        and not e.background
    ]
    headline = [
        e for e in lead if index[e.start].index < first and e.sub_event_type and not e.generic
    ]
    if (main.sub_event_type is None or main.generic) and headline:
        # "Suicide blasts kill six in Homs. ... the governor put the toll of the attack at
        # six": the headline names the weapon the lead's "attack" leaves out
        other = headline[-1]
        if _same_incident(main, other):
            main.event_type, main.sub_event_type = other.event_type, other.sub_event_type
            main.generic = False
    for other in same:
        if not _same_incident(main, other):
            continue
        if (
            other.sub_event_type
            and (main.sub_event_type is None or (main.generic and not other.generic))
            and not (other.event_type in _NOT_VIOLENT and main.fatalities)
        ):  # (the dead of "troops kill 60 militants" are no arrest told after them)
            main.event_type, main.sub_event_type = other.event_type, other.sub_event_type
            main.generic = other.generic
        if main.actor1 is None and other.actor1 is not None and other.sure >= 3 + 2 * hand_unknown:
            main.actor1 = other.actor1  # one that acts, not one only named
        if main.actor2 is None and other.actor2 is not None:
            main.actor2 = other.actor2
        if (
            main.vague
            and other.fatalities is not None
            and not other.vague
            and main.fatalities is not None
            and other.fatalities >= main.fatalities
            and _tells_same(main, other)
            and not _RUNNING_TOLL.search(other.sentence)
        ):
            # "dozens killed ... the monitor put the toll at 86": the number tells more
            for key in ("fatalities", "civilian_fatalities", "child_fatalities"):
                setattr(main, key, getattr(other, key) or getattr(main, key))
            main.casualty_words = other.casualty_words
            main.vague = False
        if main.fatalities is None or other.fatalities in (None, main.fatalities):
            keys = ["child_fatalities", "injured"]
            if other.fatalities is not None:  # "six children were among the dead" is a part
                keys += ["fatalities", "civilian_fatalities"]
            for key in keys:
                if getattr(main, key) is None and getattr(other, key) is not None:
                    setattr(main, key, getattr(other, key))
                    words = other.casualty_words
                    if words and words not in (main.casualty_words or ""):
                        main.casualty_words = "; ".join(filter(None, [main.casualty_words, words]))
    if main.fatalities is None and main.injured is None and main.sub_event_type:
        _count_from_afar(main, [e for e in events if index[e.start].index > first])
    if (
        main.civilian_fatalities is None
        and main.fatalities
        and main.event_type in (REMOTE, VIOLENCE_CIVILIANS)
        and not any(e.fighters for e in [main, *same] if _same_incident(main, e))
    ):
        # dead of a bombing or an attack that no telling calls fighters are civilians (as
        # ACLED codes an attack on civilians and monitors count its dead)
        main.civilian_fatalities = main.fatalities
    if main.actor1 is None and main.sub_event_type and not hand_unknown:
        # who did it may be told anywhere in the report ("the US has said the deaths were
        # caused by sarin dropped by Syrian aircraft")
        for other in events:
            if other is not main and other.sure >= _SURE and not other.background:
                if other.sub_event_type and _family(other.sub_event_type) == _family(
                    main.sub_event_type
                ):
                    main.actor1 = other.actor1
                    break
    near = [
        e
        for e in events
        if first - 1 <= index[e.start].index <= first + _FILL_WINDOW
        and e is not main
        and not e.background
    ]
    near.sort(key=lambda e: abs(index[e.start].index - first - 0.5))  # next, previous, ...
    _date_main(main, index[main.start], text, published, near)


def _place_main(
    events: list[Event],
    sentences: list[_Sentence],
    places: list[PlaceMention],
    country: str | None,
) -> None:
    """A main event placed in a country only, or nowhere ("Suicide bombing kills 16 in
    northeast Syria"), takes the towns of the nearest sentence that tells the same incident
    ("The bomber struck a checkpoint in Qamishli"): the next, the one before, and so on
    within the lead and the four sentences after it (see `_same_ground`), as it takes
    their other facts."""
    main = next((e for e in events if e.main), None)
    if main is None or not only_countries(places, main.place_mentions):
        return
    index = {s.start: s.index for s in sentences}
    first = index[main.start]
    near = [
        e
        for e in events
        if e is not main
        and not e.background
        and first - _LEAD_SENTENCES < index[e.start] <= first + _SAME_INCIDENT_WINDOW
    ]
    near.sort(key=lambda e: abs(index[e.start] - first - 0.5))  # next, previous, ...
    for other in near:
        if not _same_ground(main, other):
            continue
        towns = towns_within(places, main.place_mentions, other.place_mentions, country)
        if towns:
            main.place_mentions = sorted({*main.place_mentions, *towns})
            main.places = []
            for n in main.place_mentions:
                record = places[n].place
                if record is not None and record.id not in main.places:
                    main.places.append(record.id)
            return


def _same_ground(main: Event, other: Event) -> bool:
    """Whether a sentence near the main one may tell where the main event was: one incident
    as `_same_incident` has it, but an attacker only named (not surely the one who acted)
    does not tell another incident, nor a stated day one apart with the same weapon ("31
    killed on Saturday in government shelling of a town ... The bombardment struck the town
    of Jayrud, where rebels have a base, on Friday night")."""
    if other.sub_event_type and main.sub_event_type and not (main.generic or other.generic):
        if _family(other.sub_event_type) != _family(main.sub_event_type):
            return False
    if other.actor1 and main.actor1 and other.actor1.id != main.actor1.id and other.sure >= 3:
        return False
    if other.mention and main.mention and other.date != main.date:
        # a day apart, only the same weapon tells the same incident ("killed on Saturday in
        # shelling ... the shelling struck Jayrud on Friday night"), not "clashes"
        a, b = last_day(other.date), last_day(main.date)
        return bool(
            a
            and b
            and len(other.date or "") == len(main.date or "") == 10
            and abs((a - b).days) <= 1
            and main.sub_event_type
            and other.sub_event_type
            and not (main.generic or other.generic)
            and _family(main.sub_event_type) == _family(other.sub_event_type)
        )
    return True


def _count_from_afar(main: Event, later: list[Event]) -> None:
    """A main event that counts no dead ("Civilians killed by Russian air strikes on
    Aleppo") takes the count of the first later sentence that tells the same happening by
    the same hand ("Over 85 civilians were killed in bombardments by Russian forces on
    Aleppo"), or with the same weapon where a hand is not named ("the sarin attack killed
    1,400 people"), however far down the report it comes."""
    for other in later:
        if other.background or other.fatalities is None:
            continue
        if _RUNNING_TOLL.search(other.sentence):  # "have killed 200 since September"
            continue
        if not other.sub_event_type or main.sub_event_type is None:
            continue
        if _family(other.sub_event_type) != _family(main.sub_event_type):
            continue
        if main.actor1 and other.actor1:
            if main.actor1.id != other.actor1.id:
                continue
        elif main.generic or other.generic or _family(main.sub_event_type) == "fighting":
            continue  # with no attacker to match, the weapon must say it is the same
        if not _same_incident(main, other):
            continue
        for key in ("fatalities", "civilian_fatalities", "child_fatalities", "injured"):
            setattr(main, key, getattr(other, key))
        main.casualty_words, main.vague = other.casualty_words, other.vague
        return


def _date_main(
    main: Event,
    sent: _Sentence,
    text: str,
    published: date | None,
    near: list[Event],
) -> None:
    """The main event's date, from the evidence: its sentence's own date of the happening;
    else a day told by the sentences next to it that tell the same incident; else the
    publication date, the day a report's news is from when its lead names none. A period
    that reaches the publication date ("this week", "2017") is no more than that day; a
    period before it ("last week") stays, honestly coarse, unless the telling names a day
    in it. Never a day after the publication (what a report tells has happened)."""
    points = [
        (m, v)
        for m, v in _points(text, sent, published)
        if not is_since(text, m) and not after(v, published)
    ]
    own = _own_date(text, sent, points)
    if own is not None and len(own[1]) == 10:
        _set_date(main, own[0], own[1])
        return
    fill = _fill_date(main, text, published, near, own)
    if fill is not None:
        assert fill.date is not None
        _set_date(main, fill.date_from, fill.date)
    elif own is not None and (published is None or not reaches(own[1], published)):
        _set_date(main, own[0], own[1])
    elif published is not None:
        main.date, main.mention, main.mod, main.date_from = published.isoformat(), None, None, None
    elif own is not None:
        _set_date(main, own[0], own[1])


def _fill_date(
    main: Event,
    text: str,
    published: date | None,
    near: list[Event],
    own: tuple[DateMention, str] | None,
) -> Event | None:
    """The sentence next to the main one that tells its incident with a day of its own
    ("22 dead in raids on Raqqa. The raids killed 22 people on Saturday"): the first that
    tells the same incident, unless it tells it again with the same dead and no day (then
    the incident's day is not told: "29 rebels killed. 29 rebels were killed overnight")."""
    for e in near:
        if not _tells_same(main, e):
            continue
        mention = e.date_from
        if mention is None:
            if main.fatalities is not None and e.fatalities == main.fatalities:
                return None
            continue
        if (
            e.date is not None
            and len(e.date) == 10
            and e.date_attached
            and not is_since(text, mention)
            and not is_telling(text, mention)
            and not after(e.date, published)
            and (own is None or within(e.date, own[1]))
        ):
            return e
    return None


def _own_date(
    text: str, sent: _Sentence, points: list[tuple[DateMention, str]]
) -> tuple[DateMention, str] | None:
    """Of a sentence's dates, the one of its happening: the nearest its trigger words in
    their own clause, not one of a telling ("a monitor said on Saturday"); but a telling's
    day nearer the trigger than a coarse period beats it ("After X was expelled last month,
    Y attacked the town, killing 17, a monitor said on Saturday": Saturday's news)."""
    if not points:
        return None
    anchor = sent.trigger[0] if sent.trigger else sent.start

    def nearest(items: list[tuple[DateMention, str]]) -> tuple[DateMention, str]:
        return min(
            items,
            key=lambda p: (not attached(text, p[0], anchor, sent.start), abs(p[0].start - anchor)),
        )

    happening = [p for p in points if not is_telling(text, p[0])]
    telling = [p for p in points if is_telling(text, p[0]) and len(p[1]) == 10]
    if not happening:
        return nearest(points)
    own = nearest(happening)
    if len(own[1]) != 10 and telling:
        told = nearest(telling)
        if not attached(text, own[0], anchor, sent.start) or abs(told[0].start - anchor) < abs(
            own[0].start - anchor
        ):
            return told
    return own


def _set_date(event: Event, mention: DateMention | None, value: str) -> None:
    event.date, event.date_from = value, mention
    event.mention = mention.text if mention else None
    event.mod = mention.mod if mention else None


def _lead_score(event: Event, published: date | None) -> int:
    """How much a sentence of the lead tells, less when it is dated well before the report
    (the lead recalls a happening of weeks ago: "gained ground ... last month")."""
    far = event.date_from is not None and _far_before(event.date, published, _RECENT_DAYS)
    return _telling(event) - (2 if far else 0)


def _telling(event: Event) -> int:
    """How much of a happening a sentence of the lead tells: what (a weapon named counts
    more than "an attack"), and how many died."""
    score = 0
    if event.sub_event_type:
        score += 1 if event.generic else 2
    if event.fatalities is not None or event.injured is not None:
        score += 2
    return score


def _same_incident(main: Event, other: Event) -> bool:
    if other.sub_event_type and main.sub_event_type and not (main.generic or other.generic):
        if _family(other.sub_event_type) != _family(main.sub_event_type):
            return False
    if other.actor1 and main.actor1 and other.actor1.id != main.actor1.id:
        return False
    if other.mention and main.mention and other.date != main.date:
        return False
    return True


def _tells_same(main: Event, other: Event) -> bool:
    """Another sentence tells the main event's incident itself, not only something of the
    same report: the same number of dead, the same weapon, or (a weapon not named) the
    same attacker."""
    if not _same_incident(main, other):
        return False
    if main.fatalities is not None and other.fatalities == main.fatalities:
        return True
    if not (main.sub_event_type and other.sub_event_type):
        return False
    if main.generic or other.generic:
        # "an attack" is no weapon: it takes the same attacker to be the same incident
        return bool(
            main.actor1
            and other.actor1
            and main.actor1.id == other.actor1.id
            and main.event_type not in _NOT_VIOLENT
            and other.event_type not in _NOT_VIOLENT
        )
    return _family(other.sub_event_type) == _family(main.sub_event_type)


_NOT_VIOLENT = ("Strategic developments", "Protests")


def _family(sub: str) -> str:
    """Sub-event types a report may use for one incident ("air strikes" and "shelling")."""
    if sub in ("Air/drone strike", "Shelling/artillery/missile attack"):
        return "bombardment"
    if sub in ("Armed clash", "Attack"):
        return "fighting"
    return sub
