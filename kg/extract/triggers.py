"""Trigger words: how news names a strike, an attack or a targeted killing (`ckg_events`).

News names an event with a *trigger*: a strike word ("airstrikes", "air raids", "warplanes
fired missiles"), an attack word ("rocket attack", "fired rockets", "UAV attacks"), a
targeted killing ("the killing of Qassem Soleimani") or a bare noun ("the attacks", "the
strike") that mostly points back to an event already told. The words just before a trigger
say what kind of mention it is: none at all ("hunger strike", "many attacks"), a new event
("another rocket attack", "an air strike"), a past one ("the earlier strike"), or one told
before ("that attack", "the strikes").

The trigger words are kept apart from the slots (`slots`) and from the joining of mentions
(`events`): they are the vocabulary, which grows with every new kind of report, while the rest
changes seldom.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# --- the language of triggers ---------------------------------------------------------------

AIR = r"(?:warplanes?|war ?planes?|jets?|fighter jets?|aircraft|gunships?|helicopters?|bombers?)"
#: Projectiles that came down: how many there were ("several rockets fell") counts shells, not
#: attacks, so it does not make the report generic (`GENERIC_BEFORE`).
PROJECTILES_LANDED = (r"(?:rockets?|mortars?|mortar rounds|drones?|projectiles) (?:struck|hit|"
                      r"landed|slammed|targeted|fell|exploded|impacted|rained down)")
#: (pattern, default kind, weak): a weak trigger may name either kind and mostly points back.
TRIGGERS = [
    (r"\b(?:air|aerial|missile|precision|retaliatory|airborne|cruise missile|bombing|artillery|"
     r"defensive precision)[ -]?(?:strikes?|raids?|attacks?|offensive|bombardments?|campaign)\b",
     "Strike", False),
    (r"\b(?:air ?strikes?|air raids?)\b", "Strike", False),
    (r"\bretaliat(?:ory|ion) (?:attacks?|strikes?|raids?)\b", "Strike", False),
    (rf"\b{AIR} (?:had |have |has |reportedly |then )?(?:targeted|struck|hit|bombed|pounded|"
     r"attacked|fired|shelled)\b", "Strike", False),
    (r"\b(?:fired|fires) (?:(?:at least|more than|over|nearly|almost|about|around|some|up to) )?"
     r"(?:(?:a |an )?(?:\w+ )?(?:dozens? |scores? |hundreds? )?(?:of )?)?"
     r"(?:(?:ballistic|cruise|guided|precision-guided|surface-to-surface) )?(?:missiles|bombs)\b",
     "Strike", False),
    (r"\b(?:bombed|bombarded)\b", "Strike", False),
    # "the U.S. hit more than 85 targets", "militants struck army positions": the kind follows
    # whoever did it (a state's makes it a strike)
    (r"\b(?:struck|hit|pounded|targeted) (?:(?:more than|over|at least|nearly|about|some|up to) )?"
     r"(?:\d[\d,]* |dozens of |scores of |several |multiple |three |four |five |six |seven )?"
     r"(?:[\w-]+ )?(?:targets|sites|positions|facilities)\b", "Attack", False),
    (r"\b(?:rocket|mortar|drone|uav|suicide|car[- ]bomb|ied|roadside bomb|bomb|grenade|militia|"
     r"terrorist|one-way (?:uav|drone)|kamikaze drone|unmanned aerial vehicle)s?"
     r"(?: \((?:uav|drone)s?\)| \[(?:uav|drone)s?\])? (?:attacks?|strikes?|operations|assaults?|"
     r"fire)\b", "Attack", False),
    (r"\b(?:fired|firing|launched|launching) (?:at least )?(?:\w+ )?(?:rockets|mortars?|"
     r"mortar rounds|drones|projectiles)\b", "Attack", False),
    (r"\b(?:round|barrage|volley|salvo)s? of (?:rockets|mortars?|drones)"
     r"(?: (?:struck|hit|landed|slammed|targeted))?\b", "Attack", False),
    (rf"\b{PROJECTILES_LANDED}\b", "Attack", False),
    (r"\b(?:car|truck|suicide|roadside) bombings?\b|\bambush(?:ed)?\b", "Attack", False),
    (r"\bbombings?\b", "Strike", False),
    (r"\b(?:it|they|we) (?:had |have |has )?(?:targeted|struck|bombed)\b", "Strike", True),
    (r"\b(?:is|are|was|were) attacking\b|\bwent on strike\b", "Strike", True),
    (r"\b(?:strikes?|raids?)\b", "Strike", True),
    (r"\battacks?\b", "Attack", True),
    (r"\b(?:killing|assassination|assassinated|killed|martyred)\b", "Killing", True),
    (r"\b(?:the|this|that|its|his|their) (?:military )?(?:operation|action|incident)\b|"
     r"\bmilitary (?:operation|action)\b", "Generic", True),
]
TRIGGER = [(re.compile(p, re.IGNORECASE), kind, weak) for p, kind, weak in TRIGGERS]
#: Words that make a strike word mean something else ("hunger strike", "strike a deal").
NOT_A_TRIGGER = re.compile(r"\b(?:hunger|general|labou?r|heart|panic|verbal)\s+$", re.IGNORECASE)
NOT_A_TRIGGER_AFTER = re.compile(r"^\s*(?:a deal|a balance|a chord|back)\b", re.IGNORECASE)
#: Quantities that make a trigger habitual or generic, not one event ("many attacks").
GENERIC_BEFORE = re.compile(
    r"\b(?:many|several|numerous|repeated|frequent|multiple|dozens of|hundreds of|scores of|"
    r"countless|a series of|such|any|no|more|future|further|possible)\s+(?:\w+\s+){0,2}$"
    r"|\b(?:the|these|those) (?:two|three|four|five|\d+) (?:\w+ )?$", re.IGNORECASE)
#: "launched a series of airstrikes": one wave of strikes told as one operation.
ONE_WAVE_BEFORE = re.compile(r"\b(?:launched|launches|carried out|carries out|conducted|conducts|"
                             r"mounted|unleashed)\s+a (?:series|wave|round) of\s+(?:\w+\s+){0,1}$",
                             re.IGNORECASE)
HABITUAL = re.compile(r"\b(?:long been|routinely|regularly|often|frequently|has been accused|"
                      r"have been accused|threaten\w*|vow\w* to|pledged? to|would|will|could|should)\b",
                      re.IGNORECASE)
NEW_EVENT_BEFORE = re.compile(r"\b(?:another|yet another|a new|a fresh|a separate|a further|"
                              r"a second|a third|an additional)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
PAST_BEFORE = re.compile(
    r"\b(?:an? |the )?(?:earlier|previous|prior|past|last|former|first)\s+(?:[\w.]+\s+){0,2}$"
    r"|\blast\s+(?:ordered|carried out|launched|struck|conducted)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE)
PAST_AROUND = re.compile(r"\b(?:days|weeks|months|years) (?:earlier|before|ago)\b|\bago\b|"
                         r"\bin the past\b", re.IGNORECASE)
NOUN_END = re.compile(r"(?:attacks?|strikes?|raids?|operations?|action|incident|killing|"
                      r"assassination|bombings?|offensive|campaign|bombardments?|fire)$",
                      re.IGNORECASE)
#: "that attack", "this latest strike"; not the conjunction in "said that the attack".
DEMONSTRATIVE_BEFORE = re.compile(r"\b(?:that|this)\s+(?!(?:the|a|an|its|their|his|her|our)\s)"
                                  r"(?:[\w.]+\s+)?$", re.IGNORECASE)
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|its|their|his|her|our)\s+(?:[\w.\[\]]+\s+){0,2}$"
                             r"|(?:'s|’s)\s+$", re.IGNORECASE)


# --- finding triggers -----------------------------------------------------------------------

@dataclass
class Trigger:
    start: int  # character offsets in the document
    end: int
    kind: str  # Strike, Attack, Killing (a targeted killing), Generic (points back only)
    weak: bool
    text: str
    new: bool = False
    past: bool = False
    demonstrative: bool = False
    definite: bool = False
    introduces: bool = False  # "an air strike", "a rocket attack"


def find_triggers(text: str, offset: int) -> list[Trigger]:
    """Non-overlapping triggers in a clause, leftmost and longest first."""
    found = []
    for pattern, kind, weak in TRIGGER:
        for match in pattern.finditer(text):
            found.append((match.start(), -(match.end() - match.start()), kind, weak, match))
    found.sort(key=lambda item: (item[0], item[1]))
    chosen: list[Trigger] = []
    taken_until = -1
    for start, _, kind, weak, match in found:
        if start < taken_until:
            continue
        before, after = text[:start], text[match.end():]
        if NOT_A_TRIGGER.search(before) or NOT_A_TRIGGER_AFTER.search(after):
            continue
        if GENERIC_BEFORE.search(before[-40:]) and not ONE_WAVE_BEFORE.search(before[-60:]) \
                and not re.fullmatch(PROJECTILES_LANDED, match.group(0), re.IGNORECASE):
            continue
        taken_until = match.end()
        chosen.append(Trigger(
            offset + start, offset + match.end(), kind, weak, match.group(0),
            new=bool(NEW_EVENT_BEFORE.search(before[-40:])),
            past=bool(PAST_BEFORE.search(before[-40:])),
            demonstrative=bool(DEMONSTRATIVE_BEFORE.search(before[-20:])),
            definite=bool(DEFINITE_BEFORE.search(before[-30:])) and bool(NOUN_END.search(
                match.group(0))),
            introduces=bool(re.search(r"\ban?\s+(?:[\w-]+\s+){0,2}$", before[-30:], re.I))))
    return chosen
