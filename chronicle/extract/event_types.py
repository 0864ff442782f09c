"""What happened: a sentence -> its ACLED event type and sub-event type, from trigger words.

ACLED's taxonomy (codebook 2019-2023). Each sub-event type has trigger patterns; when a
sentence has several, the most specific wins (a chemical shell is a chemical weapon, a
suicide car bomb a suicide bomb, fighting under air strikes an air strike), and violent
happenings win over strategic developments ("killed despite the truce" is no agreement).
Territory taken is one trigger whose sub-event type depends on who took it (a state:
"Government regains territory"; anyone else: "Non-state actor overtakes territory"), which
`events.py` decides once it knows the actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chronicle.content.records import EVENT_TYPE_OF, EVENT_TYPES
from chronicle.extract.modality import tells_happening

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VIOLENCE_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# ACLED event types and their sub-event types: the shared vocabulary of the content files
ACLED_TYPES = EVENT_TYPES

# The sub-event type a trigger gives before the actor is known ("territory")
TERRITORY = "territory"
GOVERNMENT_REGAINS = "Government regains territory"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
# ... and an attack of no named kind: on civilians an "Attack", on fighters an "Armed clash"
ATTACK = "attack"
# ... and a bombing or blast: from the air when a state force did it, else a planted bomb
BOMBING = "bombing"
# Triggers that name no weapon: a more precise telling of the same incident replaces them
GENERIC = (ATTACK, BOMBING, "Armed clash")
# An "Attack" on civilians names no weapon when it is a massacre or a murder; an execution,
# a beheading, a shooting name the manner of it
_NO_MANNER = re.compile(r"massacr|slaughter|murder|lynch|cold blood", re.IGNORECASE)


def names_no_weapon(sub_event_type: str, trigger: str) -> bool:
    """Whether a trigger names no weapon ("attack", "blast", "clashes", "massacre"): a more
    precise telling of the same incident may replace it."""
    return sub_event_type in GENERIC or (
        sub_event_type == "Attack" and bool(_NO_MANNER.search(trigger))
    )


_PLACE_NOUNS = (
    r"(?:villages?|towns?|city|cities|district|neighbou?rhoods?|areas?|positions?|hills?|"
    r"bases?|airports?|air ?base|territor(?:y|ies)|ground|strongholds?|crossing|checkpoints?|"
    r"dam|road|highway|countryside|outskirts|parts|suburbs?|quarter|region|province|"
    r"oil ?fields?|mountains?|heights|camp|sector|points|localities)"
)

# (sub-event type, pattern), most specific first: the first that matches a sentence wins.
_TRIGGERS: list[tuple[str, str]] = [
    (
        "Disrupted weapons use",
        r"\bdefus(?:ed|ing)\b|\bdismantl(?:ed|ing) (?:an? |the )?(?:bombs?|ieds?|explosive|"
        r"mines?)|\bintercept(?:ed|ing) (?:\w+ ){0,2}(?:missiles?|rockets?|drones?)|"
        r"\bshot down (?:\w+ ){0,2}(?:missiles?|rockets?|drones?)|\bcontrolled explosion|"
        r"\bweapons? (?:cache|depot)s? (?:was |were )?(?:found|seized|discovered)",
    ),
    (
        "Chemical weapon",
        r"\bchemical (?:attacks?|weapons?|arms|munitions?|strikes?|bombs?|agents?|gas|"
        r"shells?|rockets?|substances?)|\btoxic (?:gas|gases|chemicals?|substances?|"
        r"agents?)|\bpoison(?:ous)? gas|\bnerve (?:agents?|gas)|\bsarin\b|\bchlorine\b|"
        r"\bmustard gas|\bgas (?:attacks?|barrels?|canisters?|bombs?|shells?)|\basphyxi|"
        r"\bsuffocat|\bchoking agent|\bbanned weapons|\bforbidden weapons",
    ),
    (
        "Suicide bomb",
        r"\bsuicide[- ](?:bomb|attack|car|truck|vehicle|blast|vest|belt|bombing|bomber|"
        r"operation|mission)|\bblew (?:him|her|them)sel(?:f|ves) up|\bexplosive (?:belt|vest)|"
        r"\bdetonated (?:his|her|their) (?:explosive|vest|belt|truck|car|vehicle)|"
        r"\bsuicide bombers?",
    ),
    (
        "Remote explosive/landmine/IED",
        r"\bcar[- ]bombs?|\b(?:truck|vehicle|motorcycle|motorbike|roadside|parcel|sticky|"
        r"magnetic|tunnel|nail) bombs?|\bbomb (?:blast|attack|explosion)s?|\bbooby[- ]?trap|"
        r"\bimprovised explosive|\bieds?\b|\bvbieds?\b|\b(?:land|anti-personnel|"
        r"anti-tank) ?mines?\b|\bmines? (?:planted|exploded|blast)|\bexplosive devices?|"
        r"\bbombs? (?:went off|exploded|detonated)|\bset off (?:a |an )?(?:bomb|explosive)|"
        r"\bplanted (?:a |an )?(?:bomb|explosive)",
    ),
    ("Grenade", r"\bgrenades?\b"),
    (
        "Air/drone strike",
        r"\bair[- ]?strikes?\b|\bair[- ]?raids?\b|\baerial (?:bombardment|bombing|attacks?|"
        r"strikes?|raids?|assault)|\bair (?:attacks?|bombardment|campaign|power|support|cover)|"
        r"\bwar ?planes?\b|\bfighter jets?\b|\bjets?\b|\b(?:military |war)?aircraft\b|"
        r"\bhelicopters?\b|\bgunships?\b|\bplanes\b|\bbarrel[- ]bombs?|\bdrones?\b|\bair force\b|"
        r"\bbombing (?:raids?|campaign|runs?)|\bsorties\b|\bvacuum bombs?|\bcluster "
        r"(?:bombs?|munitions)|\bbunker[- ]busters?|\bdropped (?:\w+ ){0,2}(?:bombs?|"
        r"barrels?)|\braids?\b|\bbombed\b|\bstrikes?\b",
    ),
    (
        "Shelling/artillery/missile attack",
        r"\bshell(?:ing|ed|s)?\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b|"
        r"\bbombardments?\b|\bbombarded\b|\bhowitzers?\b|\btank fire\b|\bkatyushas?\b|"
        r"\bprojectiles?\b|\bhell cannon|\bgas cylinder bombs?|\btomahawks?\b",
    ),
    (
        BOMBING,
        r"\bexplosions?\b|\bexploded\b|\b(?:twin |double )?blasts?\b|\bdetonat(?:ed|ion)|"
        r"\bbombings?\b",
    ),
    (
        "Attack",
        r"\bexecut(?:ed|ion|ions|ing|es)\b|\bbehead(?:ed|ing|ings|s)?\b|\bcrucif(?:ied|ixion|"
        r"ies|y)\b|\bshot dead\b|\bgunned down\b|\bopened fire on (?:\w+ ){0,3}(?:civilians|"
        r"people|residents|crowd|villagers|worshipp?ers|motorists|cars?|vehicles?)|\bsnipers?\b|"
        r"\bsniper fire\b|\bstabbed\b|\bslaughter(?:ed)?\b|\blynch(?:ed|ing)?\b|"
        r"\bmurder(?:ed|s|ing)?\b|\btortured to death|\bmassacr(?:e|ed|es)\b|\bkilled in cold "
        r"blood|\bshot (?:and killed|to death)\b|\bshootings?\b|\bshot\b(?! down)",
    ),
    (
        "Abduction/forced disappearance",
        r"\babduct(?:ed|ion|ions|s|ing)?\b|\bkidnap(?:ped|ping|pings|s)?\b|\b(?:taken|took|"
        r"held|holding) (?:\w+ ){0,2}hostages?\b|\bforcibly disappeared|\bforced "
        r"disappearances?",
    ),
    (
        "Sexual violence",
        r"\brap(?:e|ed|es|ing)\b|\bsexual(?:ly)? (?:violence|assault|abuse|"
        r"slavery|abused|assaulted)|\bsex slaves?",
    ),
    (
        TERRITORY,
        r"\b(?:re)?captur(?:ed|es|ing|e)\b(?= (?:\w+ ){0,4}" + _PLACE_NOUNS + r"| control)|"
        r"\bretak(?:e|en|es|ing)\b|\bretook\b|\b(?:took|taken|take|takes) over\b|"
        r"\bseiz(?:ed|es|ing|e)\b(?= (?:\w+ ){0,4}" + _PLACE_NOUNS + r"|"
        r" control)|\boverr(?:an|un|unning)\b|\bliberat(?:ed|e|es|"
        r"ing|ion)\b|\b(?:regain(?:ed|s)?|took|taken|take|takes|gained|established|"
        r"restored|seized|wrested|imposed|tightened|extended) (?:full |complete |total )?"
        r"control\b|\bdr(?:ove|iven) (?:\w+ ){0,3}(?:out|from)\b|\bousted\b|\bexpelled\b|"
        r"\bpushed (?:\w+ ){0,3}out\b|\bfell to\b|\bfall of\b|\badvanc(?:ed|ing|es) (?:into|"
        r"on)\b|\bentered\b|\bstormed\b|\bcleared (?:\w+ ){0,3}(?:of|from)\b|\bmade (?:\w+ )?"
        r"(?:gains|advances)\b|\bgained ground\b|\brecovered (?:\w+ ){0,2}(?:lost )?ground\b",
    ),
    (
        "Armed clash",
        r"\bclash(?:es|ed|ing)?\b|\bfighting\b|\bfought\b|\bbattl(?:es|ed|ing)\b|"
        r"\bgun ?battles?\b|\bfire ?fights?\b|\bexchanges? of fire\b|\bexchanged fire\b|"
        r"\bambush(?:ed|es|ing)?\b|\bskirmish(?:es)?\b|\bcounter-?offensive\b|\boffensive\b|"
        r"\bassaults?\b|\bassaulted\b|\brepell?(?:ed|ing)\b|\brepuls(?:ed|ing)\b|\bfended "
        r"off\b|\bfoiled (?:\w+ ){0,2}attacks?\b|\binfiltrat(?:ed|ion|ing)\b|\bcombat\b|"
        r"\bfirefight\b|\battack(?:ed|s|ing)? (?:\w+ ){0,3}(?:positions?|checkpoints?|"
        r"bases?|outposts?|posts?|barracks|convoys?|patrols?|airport)|\bbattle\b",
    ),
    (
        "Arrests",
        r"\barrest(?:ed|s|ing)?\b|\bdetain(?:ed|s|ing)?\b|\bdetention\b|\brounded up\b|"
        r"\bapprehended\b|\btaken into custody\b|\bcrackdown\b",
    ),
    ("Violent demonstration", r"\briot(?:s|ed|ers|ing)?\b|\bviolent demonstrat"),
    (
        "Looting/property destruction",
        r"\bloot(?:ed|ing|s)?\b|\bplunder(?:ed|ing)?\b|\bpillag(?:ed|ing|e)\b|"
        r"\bransack(?:ed|ing)?\b|\btorched\b|\bburn(?:ed|t) down\b|\bset (?:\w+ ){0,3}on "
        r"fire\b|\bset fire to\b|\bdemolish(?:ed|ing)\b|\bbulldoz(?:ed|ing)\b",
    ),
    (
        "Non-violent transfer of territory",
        r"\bhanded over (?:\w+ ){0,3}(?:control|town|city|positions?|area|village)|"
        r"\bwithdr(?:ew|awn|awal|aws) (?:\w+ ){0,3}from\b|\bpulled out of\b|\bsurrendered "
        r"(?:the )?(?:town|city|area|village|positions?)\b|\bhand ?over of\b",
    ),
    (
        "Headquarters or base established",
        r"\b(?:established|set up|built|opened|setting up|establishing) (?:a |an |its |their )?"
        r"(?:new )?(?:military |air |forward )?(?:bases?|headquarters|outposts?|garrisons?)\b",
    ),
    (
        "Change to group/activity",
        r"\bmerg(?:ed|er|ing)\b|\bannounced (?:the )?formation\b|\bformed (?:a |an )?new\b|"
        r"\bdissolv(?:ed|ing)\b|\brebrand(?:ed|ing)?\b|\brenamed\b|\bchanged its name\b|"
        r"\bdefect(?:ed|ion|ions|ors)\b|\bpledged allegiance\b|\bjoined forces\b|"
        r"\bsplit from\b|\bappointed (?:\w+ ){0,3}(?:leader|commander|chief)\b",
    ),
    (
        "Agreement",
        r"\b(?:ceasefire|cease-fire|truce|agreement|deal|accord|reconciliation|armistice|"
        r"settlement)s? (?:was |has been |had been |were )?(?:reached|agreed|signed|announced|"
        r"brokered|struck|took effect|came into effect|went into effect|came into force|"
        r"entered into force|began|started|implemented)\b|\b(?:agreed|signed|reached|"
        r"brokered|struck) (?:on |to )?(?:a |an |the )?(?:\w+ ){0,3}(?:ceasefire|cease-fire|"
        r"truce|agreement|deal|accord)\b|\bagreed to (?:a )?(?:ceasefire|truce|withdraw|"
        r"evacuate|exchange|hand over|release)\b|\bprisoner (?:swap|exchange)s?\b|\bexchange "
        r"of prisoners\b|\bswap of prisoners\b|\breleased (?:\w+ ){0,3}(?:prisoners|"
        r"detainees|hostages)\b",
    ),
    (
        "Peaceful protest",
        r"\bprotest(?:s|ed|ers|ors|ing)?\b|\bdemonstrat(?:ion|ions|ors|ed)\b|\brall(?:y|ies|"
        r"ied)\b|\bsit-ins?\b|\bmarched\b|\bhunger strike\b",
    ),
    ("Mob violence", r"\bmobs?\b|\blynch mob\b"),
    (ATTACK, r"\battack(?:s|ed|ing)?\b|\bassault(?:s|ed)?\b|\braid(?:s|ed)?\b"),
]


def _one_boundary(pattern: str) -> str:
    """'\\ba|\\bb' as '\\b(?:a|b)': Python's re tries every alternative at every position,
    but one word boundary in front lets it skip the positions no word starts at."""
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if escaped:
            current, escaped = current + ch, False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if not all(part.startswith("\\b") for part in parts):
        return pattern
    return "\\b(?:" + "|".join(part[2:] for part in parts) + ")"


# All triggers in one pattern, matched once over the lowercased text (one scan, and three
# times faster than IGNORECASE); the group that matched names the sub-event type.
# (every trigger starts a word: one word boundary in front of them all)
_ALL = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<t{rank}>{_one_boundary(pattern)[2:]})" for rank, (_, pattern) in enumerate(_TRIGGERS)
    )
    + ")"
)
_EXCESSIVE_FORCE = re.compile(
    r"\b(?:opened fire on|shot|killed|fired (?:live )?(?:ammunition|bullets) at)\b",
    re.IGNORECASE,
)
_INTERVENTION = re.compile(
    r"\b(?:dispersed|tear ?gas|broke up|arrested|detained|water cannon|beat|beaten|"
    r"rubber bullets)\b",
    re.IGNORECASE,
)
# Words that make "air/drone" and "shelling" triggers mean the weapon, not an attack with it:
# "a helicopter was shot down", "rocket launchers were seized".
_NOT_ATTACK_AFTER = re.compile(
    r"^\s*(?:was |were )?(?:shot down|downed|crashed|launchers?|factory|factories|"
    r"depots?)\b",
    re.IGNORECASE,
)


# "arrested after the blast": a happening named as the cause or the time of another
_AFTER = re.compile(
    r"\b(?:after|following|since|before)\s+(?:the|a|an|last|this)\s+(?:\w+\s+){0,2}$", re.I
)
_NEAR_CHARS = 30


@dataclass
class EventTypeMatch:
    event_type: str | None  # None until TERRITORY or ATTACK knows its actor or victims
    sub_event_type: str  # an ACLED sub-event type, or TERRITORY or ATTACK
    start: int  # offsets of the trigger words in the text given
    end: int
    text: str


class Triggers:
    """Every trigger of a text, found once; `classify` then reads a sentence's own."""

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        if len(low) != len(text):  # "İ" lowercases to two characters: keep offsets
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        self.low = low  # the lowercased text, same offsets
        by_rank: dict[int, list[re.Match[str]]] = {}
        pos = 0
        while (match := _ALL.search(low, pos)) is not None:
            by_rank.setdefault(int((match.lastgroup or "t0")[1:]), []).append(match)
            # on from the next word, not the match's end: "dropped toxic gas" holds an air
            # strike's trigger and a chemical weapon's
            pos = match.start() + 1
        self.found = [(rank, _TRIGGERS[rank][0], by_rank[rank]) for rank in sorted(by_rank)]
        self.outer = _outer_starts(low, [m for matches in by_rank.values() for m in matches])

    def classify(
        self, start: int, end: int, near: Sequence[tuple[int, int]] = ()
    ) -> EventTypeMatch | None:
        """The ACLED type of what text[start:end] reports, or None when it reports no
        happening.

        `near`: where the sentence counts its dead; of several triggers, the most specific
        of those next to the dead wins ("one woman was killed in an air strike on the town,
        site of a chemical attack" is an air strike).
        """
        text = self.text
        found: list[tuple[int, str, re.Match[str]]] = []
        for rank, sub, matches in self.found:
            for match in matches:
                if match.start() < start or match.end() > end:
                    continue
                if sub in ("Air/drone strike", "Shelling/artillery/missile attack") and (
                    _NOT_ATTACK_AFTER.match(text, match.end(), end)
                ):
                    continue
                if sub.startswith("Remote") and text[: match.start()].lower().endswith("barrel "):
                    continue  # a barrel bomb is dropped from the air
                if not tells_happening(text, start, end, self.outer[match.start()], match.end()):
                    continue  # "halted air strikes", "has not bombed", "threatened to strike"
                found.append((rank, sub, match))
                break
        if not found:
            return None
        if near:
            distance = {id(m): min(_gap(m.span(), span) for span in near) for _, _, m in found}
            closest = min(distance.values())
            found = [f for f in found if distance[id(f[2])] <= closest + _NEAR_CHARS]
        told = [
            f for f in found if not _AFTER.search(text, max(start, f[2].start() - 40), f[2].start())
        ]
        _, sub, match = min(told or found, key=lambda f: f[0])
        if sub == "Peaceful protest":
            sub = _protest_kind(text, start, end)
        span = text[match.start() : match.end()]
        return EventTypeMatch(EVENT_TYPE_OF.get(sub), sub, match.start(), match.end(), span)


# Between two triggers of one phrase: "air force strikes", "chemical weapons and chlorine"
_JOINED = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+(?:the\s+)?)?", re.IGNORECASE)


def _outer_starts(text: str, matches: list[re.Match[str]]) -> dict[int, int]:
    """Where the trigger phrase holding each trigger starts: "strikes" of "air strikes", of
    "air force strikes" or of "shelling and air strikes" is framed by the words before the
    phrase ("a halt on air strikes", "denied using chemical weapons and chlorine gas")."""
    spans = sorted({m.span() for m in matches})
    outer: dict[int, int] = {}
    for n, (start, end) in enumerate(spans):
        first = start
        for other_start, other_end in reversed(spans[max(0, n - 8) : n]):
            inside = other_end >= end
            joined = other_end <= start and _JOINED.fullmatch(text, other_end, start)
            if (inside or joined) and other_start < first:
                first = outer.get(other_start, other_start)
        outer[start] = min(outer.get(start, start), first)
    return outer


def classify(
    text: str, start: int = 0, end: int | None = None, near: Sequence[tuple[int, int]] = ()
) -> EventTypeMatch | None:
    """The ACLED type of what text[start:end] reports (see `Triggers.classify`)."""
    return Triggers(text).classify(start, len(text) if end is None else end, near)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def territory_type(
    actor_kind: str | None, loser_kind: str | None = None, trigger: str = ""
) -> tuple[str, str]:
    """(event type, sub-event type) of territory taken by an actor of this kind. A taker
    not named is read from the side that lost it: a state force's ground is taken by a
    non-state actor; an armed group's ground "liberated", "retaken" or "regained" goes back
    to the state ("the city was liberated from ISIS"); else the two fought for it."""
    if actor_kind in ("state", "external"):
        return BATTLES, GOVERNMENT_REGAINS
    if actor_kind is None:
        if loser_kind in ("state", "external"):
            return BATTLES, NON_STATE_OVERTAKES
        if loser_kind == "rebel" and _TAKING_BACK.search(trigger):
            return BATTLES, GOVERNMENT_REGAINS
        return BATTLES, "Armed clash"
    return BATTLES, NON_STATE_OVERTAKES


# Words of taking ground back, as a state's side tells it
_TAKING_BACK = re.compile(r"\b(?:liberat|retak|retook|recaptur|regain|restor|freed)", re.I)


def bombing_type(actor_kind: str | None) -> tuple[str, str]:
    """(event type, sub-event type) of a bombing or blast: a state force's is from the air."""
    if actor_kind in ("state", "external"):
        return REMOTE, "Air/drone strike"
    return REMOTE, "Remote explosive/landmine/IED"


def attack_type(civilian_victims: bool) -> tuple[str, str]:
    """(event type, sub-event type) of an attack of no named kind."""
    if civilian_victims:
        return VIOLENCE_CIVILIANS, "Attack"
    return BATTLES, "Armed clash"


def _protest_kind(text: str, start: int, end: int) -> str:
    if _EXCESSIVE_FORCE.search(text, start, end):
        return "Excessive force against protesters"
    if _INTERVENTION.search(text, start, end):
        return "Protest with intervention"
    return "Peaceful protest"
