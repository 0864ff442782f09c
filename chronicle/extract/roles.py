"""Who did it to whom: the actor mentions of a sentence -> actor1 (the side that acted) and
actor2 (the side acted upon).

Cues, strongest first: "by X" ("air strikes by the coalition", "carried out by Russian
aircraft"); X naming the attack ("Russian air strikes", "rebel shelling", "an IS car bomb");
blame ("blaming the regime for", "X claimed responsibility"); X as the subject of a violent
verb ("regime forces dropped barrel bombs"); "killed in clashes with X". X is never the
actor when it only locates ("rebel-held", "held by IS"), speaks ("Russia said"), or is the
dead ("29 rebels were killed"); those dead, or the side "on"/"against" which the attack went,
are actor2, and civilians are actor2 when the dead are civilians.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chronicle.content.records import ActorRecord
from chronicle.extract.actors import ActorMention

_VIOLENT_VERBS = (
    r"kill(?:ed|s|ing)?|attack(?:ed|s|ing)?|shell(?:ed|s|ing)?|bomb(?:ed|s|ing)?|"
    r"struck|strikes?|striking|target(?:ed|s|ing)?|hit(?:s|ting)?|launch(?:ed|es|ing)?|"
    r"fir(?:ed|es|ing)|execut(?:ed|es|ing)|seiz(?:ed|es|ing)|captur(?:ed|es|ing)|took|"
    r"takes?|stormed|storms?|ambush(?:ed|es)?|shot|shoots?|dropp(?:ed|ing)|drops?|"
    r"detonat(?:ed|es|ing)|blew|carri(?:ed|es) out|carry(?:ing)? out|opened fire|"
    r"pound(?:ed|s|ing)?|raid(?:ed|s|ing)?|besieg(?:ed|es|ing)|recaptur(?:ed|es|ing)|"
    r"retook|retak(?:es|ing|en)|liberat(?:ed|es|ing)|advanc(?:ed|es|ing)|entered|enters|"
    r"repell?(?:ed|s|ing)?|clash(?:ed|es)|us(?:ed|es|ing)|releas(?:ed|es|ing)|"
    r"kidnapp?(?:ed|s|ing)?|abduct(?:ed|s|ing)?|arrest(?:ed|s|ing)?|destroy(?:ed|s|ing)?|"
    r"down(?:ed|s)|overr(?:an|uns?)|push(?:ed|es|ing)|drove|driv(?:es|ing)|ousted|"
    r"expell?(?:ed|s|ing)|crucif(?:ied|ies)|behead(?:ed|s|ing)?|massacr(?:ed|es)|"
    r"slaughter(?:ed|s)?|murder(?:ed|s)?|assault(?:ed|s)?|hammer(?:ed|s)?|blast(?:ed|s)|"
    r"rain(?:ed|s)|bombard(?:ed|s|ing)?|set off|planted|infiltrat(?:ed|es)|seized|"
    r"waged|wag(?:es|ing)|conducted|conducts|committed|commits|continued|continu(?:es|ing)|"
    r"foiled|fended off|repulsed|retaliat(?:ed|es)|responded|inflict(?:ed|s|ing)|"
    r"imposed|tightened|besieged|gained|regained|cleared|wrested|claimed responsibility|"
    r"admit(?:ted|s) (?:to )?using|deployed|pushed|fought|battl(?:ed|es|ing)|agreed|signed|"
    r"brokered|detain(?:ed|s|ing)|looted|torched|withdrew|merged"
)
_ACTIVE_VERB = re.compile(
    r"^(?:[\s,]+including\s+(?:\S+\s+){0,12}?(?=\S+\s+(?:have\s+|has\s+)?(?:"
    + _VIOLENT_VERBS
    + r")\b))?(?:[\s,]+(?:\w+[\s,]+){0,5}?)?(?:have |has |had |reportedly |allegedly |also |again |"
    r"on \w+ |then |later |\w+ly )*(?:" + _VIOLENT_VERBS + r")\b",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:were|was|been|being|are|is|got)\s+(?:\w+ly\s+)?$", re.I)
_BY_BEFORE = re.compile(
    r"\bby\s+(?:the\s+|a\s+|an\s+)?(?:(?:suspected|alleged|so-called|what\s+appeared\s+"
    r"to\s+be|what\s+were\s+believed\s+to\s+be|either|both)\s+)?$",
    re.IGNORECASE,
)
# what lies between an actor and the attack it names: "IS car bomb", "Russian-led air strikes",
# "rebel rocket fire", "the regime's shelling"
_NAMES_ATTACK = re.compile(
    r"[\s'’s-]*(?:(?:led|group|regime|government|forces|military|army)[\s-]+)?(?:\w+[\s-]+)?"
)
# "a suicide bomber from the Nusra Front", "fighters of IS"
_MEMBER_OF_BEFORE = re.compile(
    r"\b(?:bombers?|fighters|militants|members|gunmen|jihadists|elements|units|planes|"
    r"aircraft|jets|warplanes)\s+(?:from|of|belonging\s+to|thought\s+to\s+belong\s+to|"
    r"believed\s+to\s+belong\s+to)\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_BLAME_BEFORE = re.compile(
    r"\b(?:blam(?:ed|ing|es)|accus(?:ed|ing|es)|attributed\s+to|blamed\s+on|held|holding)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_BLAME_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:claimed\s+responsibility|was\s+behind|were\s+behind|is\s+behind|"
    r"are\s+behind|for\s+the\s+(?:attack|strike|strikes|raid|raids|shelling|bombing))",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:said|says|say|reported|reports|announced|announces|told|stated|"
    r"added|accused|denied|denies|confirmed|confirms|warned|condemned|condemns|claimed|"
    r"claims|insisted|believes|alleged|spokesman|spokeswoman|spokesperson|statement|"
    r"officials?|sources?|media|television|tv|agency|ministry|commander\s+said)\b",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(r"\b(?:according\s+to|quoted|citing)\s+(?:the\s+)?$", re.I)
_LOCATION_BEFORE = re.compile(
    r"\b(?:held|controlled|run|besieged|occupied|dominated|seized)\s+by\s+(?:the\s+)?(?:\w+s\s+)?$|"
    r"\b(?:stronghold|strongholds|bastion|territory|areas|capital|hands)\s+of\s+(?:the\s+)?$|"
    r"\bunder\s+(?:the\s+)?(?:control\s+of\s+(?:the\s+)?)?$|\bto\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FELL_TO_BEFORE = re.compile(r"\b(?:fell|fall|falls|falling)\s+to\s+(?:the\s+)?$", re.I)
_CONTROL_AFTER = re.compile(r"^\s*(?:control|stronghold|bastion|territory|-held)\b", re.I)
_PATIENT_BEFORE = re.compile(
    r"\b(?:on|against|targeting|targeted|at|killing|killed|kills|kill|attacked|attacking|"
    r"ambushed|hit|struck|shelled|bombed|pounded|executed|wounding|injuring|expelled|"
    r"ousted|drove|pushed|repelled|arrested|arresting|detained|detaining|abducted|abducting|"
    r"kidnapped|kidnapping|captured|capturing|rounded\s+up|between\s+(?:\w+\s+){0,4}and|(?:captured|seized|"
    r"recaptured|retook|took|liberated|wrested|freed|expelled|liberation|liberating|recapture|"
    r"recapturing|retaking|capture|capturing|seizure|seizing|clearing|cleared|cleansing|"
    r"freeing)\s+(?:\S+\s+){0,6}?from)\s+"
    r"(?:\d[\d,]*\s+|(?:at\s+least|more\s+than|dozens\s+of|scores\s+of|several|some|the|"
    r"so-called|a|an|two|three|four|"
    r"five|six|seven|eight|nine|ten)\s+)*$",
    re.IGNORECASE,
)
_VICTIM_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:including\s+(?:\S+\s+){1,4}?)?"
    r"(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|executed|slain|captured|abducted|kidnapped|arrested|"
    r"massacred|beheaded|targeted|hit|attacked)\b|^\s*(?:positions?|bases?|sites|"
    r"hideouts)\b",
    re.IGNORECASE,
)
_HELD_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+\s+)?"
    r"(?:arrested|detained|captured|abducted|kidnapped|rounded\s+up|taken\s+prisoner)\b",
    re.IGNORECASE,
)
# "29 rebels killed" (a headline), "killed 14 jihadists from the Islamic State group": the dead
_NUMBER_BEFORE = re.compile(
    r"(?:(?<![\d,])(?!(?:19|20)\d\d\b)\d[\d,]*|\b(?:dozens|scores|hundreds|several))\s+"
    r"(?:\S+\s+)?$",
    re.I,
)
# ... but "2014 Syrian troops killed 32 rebels": a year, and "killed" with an object of its own
_DEAD_AFTER = re.compile(
    r"^\s*(?:\w+\s+)?(?:killed(?!\s+(?:\d|at\s+least|more\s+than|dozens|scores|several|"
    r"an?\s|the\s|two|three|four|five|six|seven|eight|nine|ten))|dead|died)\b",
    re.I,
)
_VICTIM_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|execut\w+|wound\w+|injur\w+)\s+(?:at\s+least\s+|more\s+than\s+|"
    r"over\s+)?(?:\d[\d,]*|\w+)\s+(?:\S+\s+){0,3}(?:from|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CLASH_WITH_BEFORE = re.compile(
    r"\b(?:clash(?:es|ed)?|fighting|battles?|battling|fight|confrontations?)\s+with\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(
    r"\b(?:including|such\s+as|among\s+them)\s+(?:the\s+)?"
    r"(?:(?!(?:by|were|was|are|is|have|has|had|and)\b)\S+\s+){0,8}$",
    re.I,
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)


def assign_roles(
    text: str,
    start: int,
    end: int,
    mentions: Sequence[ActorMention],
    trigger: tuple[int, int] | None,
    victims_fought: bool,
) -> tuple[ActorMention | None, ActorMention | None, int]:
    """(actor1, actor2, how sure) of the sentence text[start:end] among its actor mentions.

    `trigger`: offsets of the words that say what happened, if any; `victims_fought`: the
    dead are fighters, so "killed in clashes with X" makes X the side that killed. How sure:
    6 "by X", 5 X names the attack or is blamed, 4 "killed in clashes with X", 3 X is the
    subject of a violent verb, 1-2 X is only named.
    """
    scored: list[tuple[int, int, ActorMention]] = []
    patients: list[ActorMention] = []
    held: set[str] = set()  # actors the sentence says were arrested, captured...
    for order, m in enumerate(mentions):
        before = text[max(start, m.start - 60) : m.start]
        after = text[m.end : min(end, m.end + 60)]
        if _FELL_TO_BEFORE.search(before):  # "Palmyra fell to IS": IS took it
            scored.append((5, -order, m))
            continue
        if _LOCATION_BEFORE.search(before):
            continue
        if _CONTROL_AFTER.match(after):
            continue
        if _SPEAKER_BEFORE.search(before) or (
            _SPEAKER_AFTER.match(after) and not _BLAME_AFTER.match(after)
        ):
            continue
        dead = (
            _NUMBER_BEFORE.search(before) and _DEAD_AFTER.match(after)
        ) or _VICTIM_BEFORE.search(before)
        if m.how != "anaphor" and _HELD_AFTER.match(after):
            held.add(m.actor.id)
        if (
            dead
            or _VICTIM_AFTER.match(after)
            or (
                _PATIENT_BEFORE.search(before)
                and not _BY_BEFORE.search(before)
                and not _MEMBER_OF_BEFORE.search(before)
            )
        ):
            patients.append(m)
            continue
        if m.actor.kind == "civilians":  # civilians are acted upon, never the attacker
            patients.append(m)
            continue
        score = _agent_score(text, start, m, before, after, trigger, victims_fought)
        if score:
            scored.append((score, -order, m))
    # "Dozens of IS militants were arrested ... after reports of a plan by IS militants to
    # attack": the side held is no actor but where a strong cue says so (a side may act and
    # lose fighters: "an IS counterattack left 28 militants dead")
    scored = [s for s in scored if s[2].actor.id not in held or s[0] >= 4]
    best = max(scored, key=lambda s: (s[0], s[1])) if scored else None
    actor1 = best[2] if best else None
    actor2 = None
    for m in patients:
        if actor1 is None or m.actor.id != actor1.actor.id:
            actor2 = m
            break
    if actor2 is None and actor1 is not None:
        for score, _, m in sorted(scored, key=lambda s: (-s[0], -s[1])):
            if m.actor.id != actor1.actor.id and m.start > actor1.start and score <= 2:
                actor2 = m
                break
    return actor1, actor2, best[0] if best else 0


def _agent_score(
    text: str,
    start: int,
    m: ActorMention,
    before: str,
    after: str,
    trigger: tuple[int, int] | None,
    victims_fought: bool,
) -> int:
    if _PART_BEFORE.search(before):  # "rebel groups including Ahrar al-Sham": the group acts
        return 1
    if _BY_BEFORE.search(before):
        # "air strikes by the coalition"; far from what happened, "by" may tell another
        # happening ("... following rocket attacks by rebels")
        near = trigger is None or abs(m.start - trigger[1]) <= 60
        return 6 if near else 3
    if (
        trigger
        and (
            m.start <= trigger[0] < m.end  # "Russian air strikes"
            or (trigger[0] >= m.end and _NAMES_ATTACK.fullmatch(text[m.end : trigger[0]]))
        )
    ):
        return 5
    if _MEMBER_OF_BEFORE.search(before):
        return 5
    if _BLAME_BEFORE.search(before) or _BLAME_AFTER.match(after):
        return 5
    if _CLASH_WITH_BEFORE.search(before) and victims_fought:
        return 4
    if _ACTIVE_VERB.match(after) and not _PASSIVE_BEFORE.search(after[:20]):
        return 3
    if _BETWEEN_BEFORE.search(before):
        return 2
    if _CLASH_WITH_BEFORE.search(before):
        return 1
    return 1 if m.how in ("name", "country") else 0


def resolve_anaphors(
    mentions: list[ActorMention],
    named_before: list[ActorRecord],
    fallback: ActorRecord | None,
) -> list[ActorMention]:
    """'The militants', 'the jihadists': the non-state actor named last before them, else
    the one the article names most, else an unidentified armed group. 'The coalition': the
    coalition named before, else none (the Syrian Coalition is the opposition's)."""
    out = []
    for m in mentions:
        if m.how == "anaphor" and m.text.lower().endswith("coalition"):
            named = [a for a in named_before if "coalition" in a.name.lower()]
            if not named:
                continue
            m.actor = named[-1]
        elif m.how == "anaphor":
            # "the militants", "the terrorist group": an armed opposition group, never a
            # militia on the state's side
            armed = [a for a in named_before if a.kind == "rebel"]
            if armed:
                m.actor = armed[-1]
            elif fallback is not None:
                m.actor = fallback
        out.append(m)
    return out
