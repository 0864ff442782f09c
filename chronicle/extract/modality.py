"""Whether a trigger word tells a happening, or names one that did not (or not yet) happen.

"Air forces halted airstrikes", "Russia says it has not bombed Aleppo", "the army denied
carrying out the strike", "rebels threatened to strike", "troops would launch an offensive",
"France called for an end to the shelling", "if a chemical attack was carried out": the
trigger word is there, the happening is not. A sentence whose triggers are all framed so
reports no happening: it gets no event type, and so neither types an event nor ties together
the days of an incident that never took place.

The rules read only the few words around the trigger (its clause), as a reader would:
negation and denial of the act, a halt or pause of it, a wish, plan, threat or condition,
a future, a purpose ("to recapture"). Matched on the text as it is (IGNORECASE).
"""

from __future__ import annotations

import re

# How far before a trigger its framing words are looked for
_WINDOW = 60

# Words before a trigger that make it no happening (yet): "the assault has yet to begin",
# "plans to launch an offensive", "calls for UN action to stop the bombing"
_IRREALIS = re.compile(
    r"\b(?:yet to|plans? (?:to|for)|planning to|prepar(?:e|es|ing) (?:for|to)|threat(?:en|ens|"
    r"ened|ening) (?:to|of)|vow(?:s|ed)? to|will|would|could|might|calls? for|called for|"
    r"warn(?:s|ed)? (?:of|against)|to (?:stop|prevent|end|halt|avoid|avert)|fears? of|risk of|"
    r"coming|upcoming|expected|imminent|looming|possible|potential|future)\b"
    r"(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
# An act halted, paused or prevented: "halted airstrikes", "a halt on air strikes", "a pause
# in bombing", "an end to the shelling", "stop their bombing campaign", "a moratorium on air
# strikes", "averting the strike"
_HALTED = re.compile(
    r"(?<![\w-])(?:halt(?:s|ed|ing)?|paus(?:e|es|ed|ing)|suspen(?:d|ds|ded|ding|sion)|stop(?:s|ped|"
    r"ping)?|moratorium|cessation|(?:an\s+)?end\s+to|ending|freez(?:e|es|ing)|froze|ceas(?:e|es|"
    r"ed|ing)|avert(?:s|ed|ing)?|prevent(?:s|ed|ing)?)\s+"
    r"(?:(?:of|on|in|to|the|its|their|his|her|all|any|a|an|further|more|new|this|that|these|"
    r"those)\s+){0,3}(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# The act negated: "has not bombed", "have not carried out any strikes", "was not behind a
# deadly attack", "did not use chemical weapons", "there were no US strikes"; not "not
# immediately clear who carried out the raids" (the raids happened: the hand is unknown),
# nor "not only air strikes but also shelling"
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bno\s+longer)\s+(?:(?:been|be|yet|ever|directly|deliberately|"
    r"intentionally|carr(?:y|ied|ying)|conduct(?:ed|ing)?|launch(?:ed|ing)?|stag(?:e|ed|ing)|"
    r"mount(?:ed|ing)?|resum(?:e|ed|ing)|order(?:ed|ing)?|use|used|using|have|has|had|"
    r"behind|responsible|involved|for|in|out|any|a|an|the|its|their|such|new|further|more)\s+)"
    r"{0,4}(?:(?!(?:only|just|far|least|even|merely|simply)\b)[\w-]+\s+)?$|"
    r"\bno\s+(?!one\b|fewer\b|less\b|more\b|doubt\b|sooner\b)(?:[\w.-]+\s+){0,2}$",
    re.IGNORECASE,
)
# The act denied: "denied carrying out the strike", "denies the use of chemical weapons",
# "rejected accusations of shelling"; the denial's clause ends at a conjunction or a verb
# of saying ("denied involvement and said a drone was in the area", "denied involvement
# the monitor said air strikes killed 20": texts that lost their commas)
_DENIED = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial|ials)|(?:reject|dismiss)(?:s|es|ed|ing)?\s+(?:the\s+)?"
    r"(?:claims?|accusations?|allegations?|charges?|reports?))\s+"
    r"(?:(?!(?:but|while|although|though|after|as|when|which|who|where|and|since|said|says|"
    r"say|told|tells|reported|reports|added|according)\b)"
    r"[\w-]+\s+){0,6}$",
    re.IGNORECASE,
)
# A condition: "if a chemical attack was carried out", "unless the shelling stops"; not the
# "if" of not knowing ("unclear if the planes were Syrian": they struck)
_CONDITION = re.compile(r"\b(?:if|unless)\s+(?:[\w-]+\s+){0,5}$", re.IGNORECASE)
_KNOWING = re.compile(
    r"\b(?:clear|unclear|known|unknown|sure|unsure|know|knew|see|ask|asked|asking|determine|"
    r"confirm|check|verify|wonder|wondered|say|said|tell|told|establish)\s+$",
    re.IGNORECASE,
)
# A purpose or a next step: "authorisation to resume its air strikes", "to launch an
# offensive"; not when the act is told done ("went on to launch", "continued to launch")
_PURPOSE = re.compile(
    r"\b(?P<to>to\s+)(?:resume|launch|carry\s+out|conduct|begin|start|stage|mount|step\s+up|intensify|"
    r"expand|approve|authori[sz]e|order|renew)\s+(?:(?:a|an|the|its|their|new|further|more|"
    r"fresh)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "to recapture", "to seize": a purpose, not a happening ("subjected to shelling" is one)
_INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
# ... but "managed on Thursday to take over", "succeeded in ... to" tell it done
_DONE_TO = re.compile(
    r"\b(?:managed|manages|succeeded|succeeds|able|began|begun|started|went\s+on|continu(?:e|es|"
    r"ed|ing))\b(?:\s+\S+){0,3}\s+to\s+$",
    re.IGNORECASE,
)
_BASE_FORM = re.compile(r"(?![a-z]*(?:ed|ing|s|ion|ment)$)[a-z-]+", re.IGNORECASE)
# Words after a trigger that make it not happened yet: "the assault has yet to begin", "an
# offensive to drive IS out of the city would begin in weeks"
_NOT_YET = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:has|have|had|is|are|was|were)\s+(?:yet\s+to|expected\s+to|"
    r"planned\s+to|due\s+to|set\s+to|about\s+to)\b|"
    r"\s+(?:[\w-]+\s+){0,10}?(?:would|will|is\s+to|are\s+to)\s+(?:(?:soon|likely|probably|"
    r"then|only)\s+)?(?:begin|start|commence|be\s+launched|take\s+place|get\s+under\s*way|"
    r"resume)\b",
    re.IGNORECASE,
)

# The trigger names who would act, and its verb is negated or halts the act: "planes of the
# air force have not carried out any strikes", "the air force halted its raids"; not "the
# shelling stopped in the afternoon" (it happened, then stopped)
_NEGATED_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,5}?\s+(?:(?:have|has|had|did|do|does|was|were)\s*(?:not|n't|never)\s+"
    r"(?:[\w-]+\s+)?(?:carr(?:y|ied)\s+out|conduct(?:ed)?|launch(?:ed)?|bomb(?:ed)?|str(?:uck|ike)|"
    r"hit|target(?:ed)?|attack(?:ed)?|fired?|shell(?:ed)?|drop(?:ped)?|used?)\b|"
    r"(?:halted|paused|suspended|stopped|ceased|froze)\s+(?!(?:on|at|in|after|for|when|during|"
    r"as|by|until|around|about|overnight|briefly|early|late|and|but)\b)[\w-])",
    re.IGNORECASE,
)


def tells_happening(text: str, start: int, end: int, t_start: int, t_end: int) -> bool:
    """Whether the trigger text[t_start:t_end], in the clause text[start:end], tells a
    happening (see the module's docstring). `t_start` is the start of the whole trigger
    phrase ("air strikes", not "strikes")."""
    before = max(start, t_start - _WINDOW)
    near = max(start, t_start - 40)
    if _IRREALIS.search(text, near, t_start):
        return False
    for pattern in (_HALTED, _NEGATED, _DENIED):
        if pattern.search(text, before, t_start):
            return False
    condition = _CONDITION.search(text, near, t_start)
    if condition and not _KNOWING.search(text, before, condition.start()):
        return False
    purpose = _PURPOSE.search(text, near, t_start)
    if purpose and not _DONE_TO.search(text, max(start, purpose.start() - 40), purpose.end("to")):
        return False
    if _NOT_YET.match(text, t_end, end) or _NEGATED_AFTER.match(text, t_end, end):
        return False
    first = re.match(r"[\w-]+", text[t_start:t_end])
    return not (
        _INFINITIVE.search(text, max(start, t_start - 4), t_start)
        and first is not None
        and _BASE_FORM.fullmatch(first.group())
        and not _DONE_TO.search(text, max(start, t_start - 40), t_start)
    )  # "fight back to recapture the district": not done yet
