"""`ckg_events`: strikes and attacks, with who, whom, where, when, on whose order, and why.

News names an event with a *trigger*: a strike word ("airstrikes", "air raids", "warplanes
fired missiles"), an attack word ("rocket attack", "fired rockets", "UAV attacks"), a
targeted killing ("the killing of Qassem Soleimani") or a bare noun ("the attacks", "the
strike") that mostly points back to an event already told. A sentence is cut into clauses at
semicolons and at response cues ("in response to", "in retaliation for", "came after"):
the event of a clause answers the event of the clause after its cue (`in_response_to`).

The slots come from the entities of the trigger's stretch of the clause, by the words that
govern them: the agent before the trigger or after "by" is the perpetrator (a country used as
an adjective of the agent, "US warplanes", counts; the country a statement came from does
not); "at the direction of", "ordered" give who ordered it; "against", "on", "including",
"used by" give targets; places after "in", "near", "along", "the town of" and bases are
locations, with the catalog's country of each place; a place only used as a bearing ("north
of Baghdad") gives its country, not itself. A strike is an attack by a state, so the kind
follows the perpetrator when one is named, else the trigger word.

Mentions of one event are joined here (`_referent`): a mention joins the earlier event whose
date, places and actors do not contradict it, preferring shared details, then the event most
recently in the foreground; "another", "earlier" or a date of its own makes a new event.
Across articles `kg.resolve` joins them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..dates import agreement, compatible, find_dates, hint_of
from ..link.catalog import load_catalog
from .gazetteer import DEMONYMS
from .spans import CANDIDATES

if not Doc.has_extension("ckg_events"):
    Doc.set_extension("ckg_events", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

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

RESPONSE_CUE = re.compile(
    r"\b(?:in (?:response|retaliation|reprisal|revenge) (?:to|for)|retaliat\w* (?:for|against)|"
    r"(?:came|come|comes|coming) (?:\w+ ){0,2}after|followed (?:\w+ ){0,2}after|"
    r"in the wake of|to avenge|avenging|respond(?:ed|ing|s)? to|a response to|after)\b",
    re.IGNORECASE)

# --- the language of slots ------------------------------------------------------------------

ORDER_BEFORE = re.compile(r"(?:\b(?:orders?|direction|behest|instructions?|authori[sz]ation|"
                          r"approval|command) (?:of|from)|\b(?:ordered|directed|authori[sz]ed|"
                          r"approved|sanctioned) by)\s+(?:[\w.,]+\s+){0,4}$", re.IGNORECASE)
#: "at the direction of the President": an order by a title alone, named elsewhere in the article.
ORDER_BY_TITLE = re.compile(
    r"\b(?:orders?|direction|behest|instructions?|authori[sz]ation|approval|command) (?:of|from) "
    r"the (?P<title>president|prime minister|defen[cs]e secretary|secretary of defen[cs]e|"
    r"commander[- ]in[- ]chief|supreme leader)\b", re.IGNORECASE)
#: "X said he ordered the strikes": the speaker gave the order himself.
SELF_ORDER = re.compile(r"^\s*(?:[\w’']+\s+){0,3}?(?:said|says|told \w+|confirmed|announced)\s+"
                        r"(?:that\s+)?(?:he|she)\s+(?:had\s+|has\s+|personally\s+)*(?:ordered|"
                        r"directed|authori[sz]ed|approved)\s+(?:the\s+|these\s+|those\s+)?$",
                        re.IGNORECASE)
#: "told reporters in Florida", "speaking in Brussels": where someone spoke, not where it happened.
SPOKE_IN = re.compile(r"\b(?:told|briefed|addressed|telling|speaking to|speaking with|speaking|"
                      r"spoke|said)\s+(?:(?:the\s+)?(?:reporters|journalists|the press|"
                      r"lawmakers|a news conference|a press conference|press)\s+)?"
                      r"(?:in|at|from)\s+(?:the\s+)?$", re.IGNORECASE)
#: "Washington's response": a place named as the government that acts, not as where.
METONYM_HEADS = {"response", "retaliation", "reaction", "answer", "reply", "decision", "message",
                 "warning", "policy", "position", "strategy", "approach", "calculus"}
ORDER_AFTER = re.compile(r"^\s*(?:(?:'s|’s) (?:direct )?(?:order|direction|instructions?|"
                         r"approval)|(?:\w+ ){0,2}(?:ordered|orders|directed|authori[sz]ed|"
                         r"approved|greenlit|green-lit))\b", re.IGNORECASE)
SPEECH = re.compile(r"\b(?:said|says|say|told|tells|announced|stated|reported|reports|claimed|"
                    r"claims|confirmed|noted|added|denied|denies|notified|accused|blamed|"
                    r"according|statement|alleged|alleging|saying|declined)\b", re.IGNORECASE)
RESPONSIBILITY = re.compile(r"\bclaim\w* (?:responsibility|credit)\b", re.IGNORECASE)
#: What stands between a group and the attack it claims ("X claimed Monday's rocket attack",
#: "X, a little-known group, claimed responsibility for the attack"): the claim verb right
#: after the group (or its apposition), the attack right after the verb. Whoever claims an
#: attack is named as its perpetrator, however the attack itself is named.
CLAIMED = re.compile(r"^\s*(?:,[^,.;]{1,80},\s*)?(?:(?:has|have|had|also|later|quickly|swiftly|"
                     r"reportedly)\s+)*claim(?:ed|s)?\s+(?:(?:responsibility|credit)\s+for\s+)?"
                     r"(?:(?:the|an?|this|that|its|their|[\w-]+['’]s)\s+)?$", re.IGNORECASE)
DENIAL = re.compile(r"\b(?:denied|denies|deny|rejected|distanced)\b", re.IGNORECASE)
#: "used by X", "backed by X": the X of these is not who carried the event out.
NOT_AGENT_BY = {"used", "housed", "hosted", "occupied", "controlled", "run", "operated",
                "backed", "supported", "funded", "armed", "trained", "led", "approved",
                "owned", "manned", "held", "frequented", "attended", "condemned",
                "ordered", "reported", "announced", "confirmed", "claimed", "said"}
ADJECTIVE_SUFFIX = {"backed", "led", "based", "aligned", "allied", "supported", "funded",
                    "affiliated", "linked", "sponsored", "controlled", "run", "held"}
AGENT_NOUNS = {"warplanes", "warplane", "jets", "jet", "forces", "force", "military", "troops",
               "army", "aircraft", "drones", "drone", "navy", "soldiers", "helicopters",
               "planes", "gunships", "artillery", "airstrikes", "strikes", "strike", "bombers",
               "fighter", "air", "special", "coalition", "raids", "raid", "missiles"}
LOCATION_PREPS = {"in", "inside", "near", "at", "across", "along", "throughout", "within",
                  "around", "outside", "over", "into", "on"}
#: Nouns that make a state's name say whose people speak or serve ("U.S. officials said",
#: "near Kirkuk, UK officials said"): such a name says who, never where.
PEOPLE_NOUNS = {"officials", "official", "sources", "source", "diplomats", "diplomat",
                "lawmakers", "commanders", "commander", "officers", "officer", "spokesman",
                "spokeswoman", "spokesperson", "envoy", "ambassador", "authorities",
                "administration", "government", "media", "analysts", "intelligence", "military",
                "forces", "troops", "soldiers", "personnel", "contractors", "contractor",
                "citizens", "nationals", "service", "servicemen", "defense", "defence"}
LOCATION_NOUNS = {"town", "city", "province", "governorate", "village", "district", "area",
                  "region", "outskirts", "suburbs", "vicinity", "countryside", "entrance",
                  "gates", "centre", "center", "edge", "heart", "capital", "border"}
BEARINGS = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
            "southwest", "north-east", "north-west", "south-east", "south-west", "km", "miles",
            "kilometres", "kilometers", "from", "to", "toward", "towards"}
TARGET_GOVERNORS = {"against", "on", "targeting", "targeted", "target", "targets", "hit",
                    "struck", "including", "include", "includes", "of", "at", "hitting",
                    "striking", "belonging", "to", "by", "as"}
COORDINATORS = {"and", "or", ",", "&"}
#: Words skipped when looking for the word that governs an entity ("in eastern Syria").
TRANSPARENT = {"the", "a", "an", "eastern", "western", "northern", "southern", "central",
               "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
               "north-western", "south-eastern", "south-western", "and", "or", ",", "&", "both",
               "“", "”", '"', "‘", "’", "'", "(", ")", "[", "]", "two", "several", "multiple",
               "iraqi", "syrian", "american", "iranian", "nearby", "neighbouring"}
TITLES = {"president", "vice", "secretary", "defense", "defence", "state", "press", "minister",
          "foreign", "prime", "general", "gen.", "spokesman", "spokeswoman", "spokesperson",
          "commander", "lieutenant", "lt.", "colonel", "col.", "major", "admiral", "chief",
          "former", "then", ",", "of", "envoy", "ambassador", "leader", "supreme", "top"}
WEAPONS = re.compile(
    r"\b(?:F-\d{2}[A-Z]?s?|B-\d[A-Z]?s?|MQ-\d[A-Z]?(?: Reaper)?s?|AC-130s?|A-10s?|AH-64s?|"
    r"(?:Katyusha )?rockets?|(?:ballistic |cruise |precision-guided )?missiles?|drones?|UAVs?|"
    r"unmanned aerial vehicles?|warplanes?|fighter jets?|helicopters?|mortars?|IEDs?|"
    r"car bombs?|artillery)\b", re.IGNORECASE)
#: Weapon families that tell two attacks apart: a rocket attack is not a drone attack.
WEAPON_FAMILY = {"rocket": "rocket", "katyusha": "rocket", "mortar": "mortar", "drone": "drone",
                 "uav": "drone", "unmanned": "drone", "ied": "bomb", "car bomb": "bomb"}
#: Head nouns that make a name before them a modifier, not an agent ("US military contractor").
NOT_AGENT_HEADS = {"contractor", "contractors", "personnel", "base", "bases", "embassy",
                   "citizens", "interests", "facilities", "facility", "positions", "officials",
                   "official", "targets", "convoy", "convoys", "spokesman", "spokeswoman",
                   "spokesperson", "statement", "government", "administration", "officers",
                   "diplomats", "nationals", "assets", "compound", "presence", "soil"}
#: Words after which a name may be the subject of what follows.
SUBJECT_GOVERNORS = {"", ",", ":", "that", "which", "who", "when", "as", "while", "meanwhile",
                     "then", "and", "but", "also", "said", "says", "reported", "announced",
                     "after", "once", "since", "because", "where", "if", "night", "morning",
                     "evening", "afternoon", "week", "today", "yesterday", "earlier", "later",
                     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday", "—", "–", "-", "saying", "\n"}
#: Words after which "by X" names who carried the event out ("carried out by", "attacks by").
AGENT_BY = {"attack", "attacks", "strike", "strikes", "airstrikes", "airstrike", "raid", "raids",
            "out", "conducted", "launched", "fired", "hit", "struck", "targeted", "killed",
            "bombed", "claimed", "staged", "perpetrated", "executed", "mounted", "shelled",
            "assassinated", "martyred", "ambushed", "attacked", "fire", "operation", "bombing"}
STATE_TYPES = {"Country", "Organization"}
LOCATION_RANK = {"Base": 0, "Place": 1, "Country": 2}


@dataclass
class EventMention:
    """One event as the article tells it, gathered over all the sentences that mention it."""

    key: str
    type: str
    start_char: int
    end_char: int
    rule: str
    date: str | None = None
    date_hint: str | None = None
    perpetrators: list[str] = field(default_factory=list)
    ordered_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    in_response_to: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    past: bool = False
    #: token index of the latest mention, and of the latest mention as the clause's topic
    last_seen: int = -1
    last_foreground: int = -1
    type_is_firm: bool = False
    mentions: int = 0

    def add_unique(self, slot: str, values) -> None:
        current = getattr(self, slot)
        for value in values:
            if value not in current:
                current.append(value)


@dataclass
class DocEvents:
    events: list[EventMention] = field(default_factory=list)
    #: token start of a sentence -> keys of the events it mentions, the clause's topic first
    by_sentence: dict[int, list[str]] = field(default_factory=dict)

    def get(self, key: str) -> EventMention:
        return next(e for e in self.events if e.key == key)

    def in_sentence(self, sent: Span) -> list[EventMention]:
        return [self.get(k) for k in self.by_sentence.get(sent.start, [])]

    def latest_before(self, sent: Span) -> EventMention | None:
        keys = [k for start, ks in sorted(self.by_sentence.items()) if start <= sent.start
                for k in ks]
        return self.get(keys[-1]) if keys else None

    def about(self, sent: Span) -> EventMention | None:
        """The event a sentence is most likely about: the topic of its own first event
        clause, else the event last in the foreground before it (not one only recalled in
        passing, such as the attack a strike answered)."""
        here = self.in_sentence(sent)
        if here:
            return here[0]
        before = [e for e in self.events if 0 <= e.last_foreground < sent.start]
        if not before:
            return self.latest_before(sent)
        return max(before, key=lambda e: e.last_foreground)


@Language.factory("ckg_events", default_config={"catalog_files": []})
def make_events(nlp: Language, name: str, catalog_files: list[str]):
    catalog = load_catalog(catalog_files)
    return lambda doc: find_events(doc, catalog)


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


def _triggers(text: str, offset: int) -> list[Trigger]:
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


#: A dateline opening a paragraph: "WASHINGTON/BAGHDAD, Feb 2 (Reuters) -", "BAGHDAD (AP) —",
#: "ERBIL, Iraq —". Where the story was filed and who filed it: no part of any event.
DATELINE = re.compile(r"(?:^|(?<=\n))[ \t]*[A-Z][A-Z/ .'’-]{2,}(?:,\s*[A-Z][a-z]+)?"
                      r"(?:,?\s+(?P<filed>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?\s*(?:\([^()\n]{2,40}\))?"
                      r"\s*[—–-]+\s*")


def _filed(text: str) -> str | None:
    """The month and day in the story's first dateline ("BAGHDAD, Dec 30 (Reuters) -"), as
    "--12-30": with no publication date, what relative dates are counted from."""
    for dateline in DATELINE.finditer(text[:2000]):
        if dateline.group("filed"):
            hint = hint_of(dateline.group("filed"))
            return hint if hint and len(hint) == 7 else None
    return None


def _clauses(sent: Span) -> list[tuple[int, int]]:
    """Character ranges of the sentence cut at semicolons and around a dateline, which is
    left out (a headline before it on its own line is a clause of its own)."""
    text = sent.text
    pieces, start = [], 0
    for dateline in DATELINE.finditer(text):
        pieces.append((start, dateline.start()))
        start = dateline.end()
    pieces.append((start, len(text)))
    ranges = []
    for piece_start, piece_end in pieces:
        start = piece_start
        for match in re.finditer(r";\s*", text[piece_start:piece_end]):
            ranges.append((sent.start_char + start, sent.start_char + piece_start + match.start()))
            start = piece_start + match.end()
        ranges.append((sent.start_char + start, sent.start_char + piece_end))
    return [(s, e) for s, e in ranges if e > s]


def _parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A clause cut at response cues: each part answers the part after it.

    A bare "after" is a cue only between a strike and an attack ("Biden ordered strikes after
    a rocket attack"); elsewhere it only orders events in time.
    """
    text = _text(doc)[start:end]
    parts, part_start = [], 0
    for match in RESPONSE_CUE.finditer(text):
        if match.group(0).lower() == "after":
            head = _triggers(text[part_start:match.start()], 0)
            tail = _triggers(text[match.end():], 0)
            if not head or not tail or not any(t.kind == "Strike" for t in head) or \
                    tail[0].kind not in ("Attack", "Killing") or tail[0].start > 25:
                continue
        parts.append((start + part_start, start + match.start()))
        part_start = match.end()
    parts.append((start + part_start, end))
    return parts


# --- filling slots --------------------------------------------------------------------------

def _text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins the tokens anew on every `doc.text`."""
    if "ckg_text" not in doc.user_data:
        doc.user_data["ckg_text"] = doc.text
    return doc.user_data["ckg_text"]


def _entities_in(doc: Doc, start: int, end: int) -> list:
    """(span, record) of the entity mentions inside a token range, in order; the list of all
    of them is built once per document."""
    if "ckg_entity_mentions" not in doc.user_data:
        doc.user_data["ckg_entity_mentions"] = doc._.ckg_entities.in_range(doc, 0, len(doc))
    return [(span, record) for span, record in doc.user_data["ckg_entity_mentions"]
            if span.start >= start and span.end <= end]


def _tokens(doc: Doc, start_char: int, end_char: int) -> tuple[int, int]:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return (0, 0)
    return span.start, span.end


def _by_agent(doc: Doc, gov: str, gov_before: str, span: Span, t_end: int) -> bool:
    """"attacks by resistance forces", "carried out by X", "hit by U.S. airstrikes"."""
    if gov != "by" or gov_before in NOT_AGENT_BY:
        return False
    return gov_before in AGENT_BY or 0 <= span.start - t_end <= 3


def _governor(doc: Doc, span: Span, entity_tokens: set[int], floor: int) -> tuple[str, str]:
    """The word that governs an entity, past articles, directions and coordinated names,
    and the word before that one ("town" in "the town of al-Bukamal")."""
    i = span.start - 1
    while i >= floor:
        word = doc[i].lower_
        if word in COORDINATORS:
            # "in Iraq and Syria": go on past the name coordinated with this one, if any
            j = i - 1
            while j >= floor and doc[j].lower_ in TRANSPARENT - COORDINATORS:
                j -= 1
            if j < floor or j not in entity_tokens:
                break
            i = j
        elif word in TRANSPARENT or i in entity_tokens or doc[i].is_space:
            i -= 1
        else:
            break
    if i < floor:
        return "", ""
    before = doc[i - 1].lower_ if i - 1 >= floor else ""
    return doc[i].lower_, before


def _is_adjective_compound(doc: Doc, span: Span) -> bool:
    """"Iran-backed", "US-led", "Britain-based": the name only describes something else."""
    return span.end + 1 < len(doc) and doc[span.end].text in ("-", "‐", "–") and \
        doc[span.end + 1].lower_ in ADJECTIVE_SUFFIX


def _next_word(doc: Doc, span: Span) -> str:
    i = span.end
    while i < len(doc) and doc[i].text in ("“", "”", '"', "’s", "'s"):
        i += 1
    return doc[i].lower_ if i < len(doc) else ""


def _is_demonym(span: Span, record) -> bool:
    return any(span.text in words for words in DEMONYMS.values())


def _agent_ok(doc: Doc, span: Span, trigger_start_token: int, gov: str) -> bool:
    """An entity before the trigger carried it out if it stands where a subject stands and
    does not only speak about the event ("the Pentagon said", "X denied any involvement"),
    unless it said that *it* did it."""
    if not (gov in SUBJECT_GOVERNORS or gov.isdigit() or gov.startswith("\n")):
        return False
    if _next_word(doc, span) in NOT_AGENT_HEADS or _next_word(doc, span) == ":":
        return False
    between = doc[span.end:trigger_start_token].text
    if DENIAL.search(between):
        return False
    if RESPONSIBILITY.search(between) or CLAIMED.match(between + " "):
        return True
    speech = SPEECH.search(between)
    if speech and not re.search(r"\b(?:it|they|we|its)\b", between[speech.end():], re.IGNORECASE):
        return False
    if re.search(r"\b(?:of|from|with|to|for|about|against|on)\s*$", doc[max(0, span.start - 2):
                                                                       span.start].text.lower()):
        return False
    return True


@dataclass
class Slots:
    perpetrators: list[str] = field(default_factory=list)
    by_agents: list[str] = field(default_factory=list)
    ordered_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    locations: list[tuple[int, str]] = field(default_factory=list)
    #: countries of places used only as bearings ("north of Baghdad"): used when no other
    bearing_countries: list[str] = field(default_factory=list)

    def add(self, slot: str, key: str) -> None:
        values = getattr(self, slot)
        if key not in values:
            values.append(key)


def _fill(doc: Doc, trigger: Trigger, region: tuple[int, int], kind: str, catalog,
          person_country: dict[str, str]) -> Slots:
    slots = Slots()
    t_start, t_end = _tokens(doc, trigger.start, trigger.end)
    r_start, r_end = region
    for span, record in _entities_in(doc, r_start, t_start):
        if record.type == "Person" and SELF_ORDER.match(doc[span.end:t_start].text + " "):
            slots.add("ordered_by", record.key)  # "Austin said he directed the strikes"
    if trigger.weak and trigger.definite and kind in ("Strike", "Attack"):
        # "Kirby announced the attacks", "experts consider the attacks": the words around a
        # pointer back are about the report, not the event; keep its modifiers and what
        # follows closely ("the Erbil strike", "the attack on the Imam Ali base in Syria"),
        # and the groups a list names ("facilities used by ..., including Kata'ib Hezbollah")
        slots.targets.extend(_listed_groups(doc, t_end, r_end))
        claimer = _claimer(doc, r_start, t_start)
        if claimer:
            slots.add("perpetrators", claimer)
        for span, record in _entities_in(doc, min(r_end, t_end + 10), r_end):
            if record.type in ("Place", "Base") and _named_place_phrase(doc, span):
                slots.locations.append((span.start, record.key))  # "... near the town of X"
        r_start, r_end = max(r_start, t_start - 3), min(r_end, t_end + 10)
    mentions = _entities_in(doc, r_start, r_end)
    entity_tokens = {i for span, _ in mentions for i in range(span.start, span.end)}
    killing_words = {"killed", "killing", "assassinated", "assassination", "martyred",
                     "targeting", "targeted"}
    for span, record in mentions:
        if _is_adjective_compound(doc, span):
            continue
        gov, gov_before = _governor(doc, span, entity_tokens, r_start)
        left = span.end <= t_start
        inside = span.start >= t_start and span.end <= t_end
        next_word = _next_word(doc, span)
        speaks = bool(SPEECH.match(next_word)) or next_word in ("spokesman", "spokesperson")
        if speaks and left and _claims(doc, span, record, t_start):
            speaks = False  # "X claimed the attack" tells what X did, not what X said
        window_before = doc[max(r_start, span.start - 8):span.start].text
        window_after = doc[span.end:min(len(doc), span.end + 4)].text
        if record.type == "Person":
            if ORDER_BEFORE.search(window_before + " ") or ORDER_AFTER.search(window_after):
                slots.add("ordered_by", record.key)
            elif not left and (kind == "Killing" or killing_words & {
                    t.lower_ for t in doc[t_start:span.start]}):
                slots.add("targets", record.key)
            continue
        if record.type == "Country":
            demonym = _is_demonym(span, record)
            agent_noun = next_word in AGENT_NOUNS or inside or span.end == t_start or \
                _modified_agent_noun(doc, span)
            if next_word in ("soil", "territory", "airspace"):
                if gov in LOCATION_PREPS:
                    slots.locations.append((span.start, record.key))
                continue
            if agent_noun and (left or inside) and not speaks:
                if _by_agent(doc, gov, gov_before, span, t_end) or gov == "by" and inside:
                    slots.add("by_agents", record.key)
                elif gov in ("against", "on", "at", "targeting", "hosting", "housing") and \
                        kind != "Strike":
                    slots.add("targets", record.key)
                elif span.end == t_start and _names_the_place(doc, span, demonym):
                    slots.locations.append((span.start, record.key))  # "the Jordan attack"
                elif (gov == "by" and gov_before in NOT_AGENT_BY) or gov in LOCATION_PREPS:
                    pass
                elif span.end == t_start and not demonym or inside:
                    slots.add("perpetrators", record.key)  # "a US drone attack"
                elif _agent_ok(doc, span, t_start, gov):
                    slots.add("perpetrators", record.key)
                continue
            if demonym:
                continue
            if _by_agent(doc, gov, gov_before, span, t_end) and not left:
                slots.add("by_agents", record.key)
            elif gov == "by" and gov_before == "used":
                if kind == "Attack" and not left:
                    slots.add("targets", record.key)
            elif gov in ("against", "on", "targeting"):
                if kind == "Attack" and not left:
                    slots.add("targets", record.key)
                elif not left:
                    slots.locations.append((span.start, record.key))
            elif gov in LOCATION_PREPS and (not demonym or next_word in ("soil", "territory")):
                if not _where_spoken(doc, span) and next_word not in PEOPLE_NOUNS:
                    slots.locations.append((span.start, record.key))
            elif left and not demonym and not speaks and next_word not in ("’s", "'s") and \
                    doc[span.end].text not in ("’s", "'s") and _agent_ok(doc, span, t_start, gov) and \
                    gov not in LOCATION_PREPS | {"of", "to", "from", "with", "for", "by"}:
                slots.add("perpetrators", record.key)
            continue
        if record.type in ("Organization", "ArmedGroup"):
            if speaks:
                continue
            if _by_agent(doc, gov, gov_before, span, t_end):
                slots.add("by_agents", record.key)
                continue
            if left and gov not in ("of", "to", "from", "with", "for", "by", "against", "on",
                                    "including", "as") and _agent_ok(doc, span, t_start, gov):
                slots.add("perpetrators", record.key)
                continue
            if record.type == "ArmedGroup" and (not left or gov in TARGET_GOVERNORS):
                slots.add("targets", record.key)
            continue
        # Place and Base
        if speaks or next_word in ADJECTIVE_SUFFIX:
            continue
        if _where_spoken(doc, span) or _is_metonym(doc, span):
            continue
        if gov in BEARINGS or gov_before in BEARINGS and gov == "of":
            entry = catalog.get(record.catalog_id) if record.catalog_id else None
            if entry and entry.country:
                slots.bearing_countries.append(entry.country)
            continue
        if record.type == "Base":
            slots.add("targets", record.key)
        slots.locations.append((span.start, record.key))
    return slots


#: Modifiers that make a state's name describe someone else's forces ("Iranian proxy forces").
NOT_OWN_FORCES = {"proxy", "proxies", "allied", "backed", "aligned", "militia", "militias",
                  "affiliated", "and", "or", "-"}


def _modified_agent_noun(doc: Doc, span: Span) -> bool:
    """"American occupation forces", "US special forces": one modifier before the forces."""
    if span.end + 1 >= len(doc):
        return False
    modifier, head = doc[span.end], doc[span.end + 1]
    return modifier.is_alpha and modifier.lower_ not in NOT_OWN_FORCES and \
        modifier.lower_ not in AGENT_NOUNS and head.lower_ in {"forces", "troops", "military",
                                                               "army", "soldiers", "warplanes",
                                                               "jets", "aircraft", "drones"}


def _named_place_phrase(doc: Doc, span: Span) -> bool:
    """"near the border town of X", "in the city of X": a place said to be where, by a
    preposition of place and a noun for a kind of place."""
    words = [t.lower_ for t in doc[max(0, span.start - 5):span.start]]
    if len(words) < 3 or words[-1] != "of" or words[-2] not in LOCATION_NOUNS:
        return False
    return any(w in ("near", "in", "outside", "around", "at") for w in words[:-2])


def _where_spoken(doc: Doc, span: Span) -> bool:
    """"told reporters in Florida": the place of the speaking, not of the event."""
    return bool(SPOKE_IN.search(doc[max(0, span.start - 6):span.start].text + " "))


def _is_metonym(doc: Doc, span: Span) -> bool:
    """"Washington's response": the place stands for its government."""
    return span.end + 1 < len(doc) and doc[span.end].text in ("’s", "'s") and \
        doc[span.end + 1].lower_ in METONYM_HEADS


def _names_the_place(doc: Doc, span: Span, demonym: bool) -> bool:
    """A country's full name used as a modifier after an article or preposition says where
    ("the Jordan attack", "in retaliation for Syria strikes"); an abbreviation or a demonym
    says who ("a US drone attack", "the Israeli strike")."""
    if demonym or re.fullmatch(r"(?:[A-Z]\.?){1,4}", span.text):
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in {"the", "a", "an", "this", "that", "for", "after", "since", "of", "over",
                      "following", "about"}


def _listed_groups(doc: Doc, start: int, end: int) -> list[str]:
    found = []
    for span, record in _entities_in(doc, start, end):
        if record.type == "ArmedGroup" and re.search(
                r"\b(?:including|such as|namely|notably)\b", doc[max(start, span.start - 8):
                                                                  span.start].text):
            found.append(record.key)
    return found


def _claims(doc: Doc, span: Span, record, trigger_start: int) -> bool:
    """Whether the group at `span` claims the attack that starts at `trigger_start`. A militia
    claims with any "claimed"; a state body only by claiming responsibility or credit, since
    "Pentagon claims airstrikes" reports what its state did, which the state's name carries."""
    between = doc[span.end:trigger_start].text + " "
    if not CLAIMED.match(between):
        return False
    return record.type == "ArmedGroup" or bool(RESPONSIBILITY.search(between))


def _claimer(doc: Doc, start: int, trigger_start: int) -> str | None:
    """The group that claims the attack a pointer names ("X claimed responsibility for the
    attack"): the last group or organisation before it, if it claims it (`_claims`)."""
    groups = [(span, record) for span, record in _entities_in(doc, start, trigger_start)
              if record.type in ("ArmedGroup", "Organization")]
    if groups and _claims(doc, *groups[-1], trigger_start):
        return groups[-1][1].key
    return None


def _nested_countries(doc: Doc, key: str, entities, catalog) -> list[str]:
    """The country inside an actor's name ("US Air Force", "Iraqi security forces") or given
    by the catalog: a state's forces act for the state."""
    record = entities.records.get(key)
    if record is None or record.type in ("Country", "ArmedGroup"):
        return []  # a militia named for a country ("Islamic Resistance in Iraq") is not its state
    found = []
    for span in record.spans:
        for candidate in doc.spans.get(CANDIDATES, []):
            if candidate.label_ == "Country" and candidate.kb_id_ and \
                    span.start <= candidate.start and candidate.end <= span.end:
                found.append(candidate.kb_id_)
    entry = catalog.get(record.catalog_id) if record.catalog_id else None
    if entry and entry.country:
        country = catalog.get(entry.country)
        if country is not None and country.type == "Country":
            found.append(entry.country)
    return list(dict.fromkeys(found))


def _title_start(doc: Doc, span: Span) -> int:
    """Where the titles before a name begin ("US *Defense Secretary* Lloyd Austin")."""
    i = span.start
    while i > 0 and doc[i - 1].lower_ in TITLES:
        i -= 1
    return i


def _person_countries(doc: Doc, entities) -> dict[str, str]:
    """Person key -> country key from a title in the article ("US President Joe Biden")."""
    countries: dict[str, str] = {}
    country_at = {}
    for span, record in _entities_in(doc, 0, len(doc)):
        if record.type == "Country":
            for i in range(span.start, span.end):
                country_at[i] = record.key
    for span, record in _entities_in(doc, 0, len(doc)):
        if record.type != "Person" or record.key in countries:
            continue
        i = _title_start(doc, span) - 1
        if i >= 0 and i in country_at and i < span.start - 1:
            countries[record.key] = country_at[i]
    return countries


def _weapons(text: str) -> list[str]:
    return sorted({w.group(0) for w in WEAPONS.finditer(text)}, key=str.lower)


def _families(weapons: list[str]) -> set[str]:
    families = set()
    for weapon in weapons:
        lowered = weapon.lower()
        for word, family in WEAPON_FAMILY.items():
            if word in lowered:
                families.add(family)
    return families


# --- one document ---------------------------------------------------------------------------

def find_events(doc: Doc, catalog) -> Doc:
    published = doc._.published
    filed = None if published else _filed(_text(doc))
    entities = doc._.ckg_entities
    person_country = _person_countries(doc, entities)
    result = DocEvents()
    answered_by: dict[str, str] = {}  # answered event key -> the event that answered it
    for sent in doc.sents:
        if len(sent.text.strip()) < 12:
            continue
        users_are_targets = _facility_users(doc, sent)
        mentioned_here = False
        for clause_start, clause_end in _clauses(sent):
            previous_part_event: EventMention | None = None
            for number, (part_start, part_end) in enumerate(_parts(doc, clause_start, clause_end)):
                part_text = _text(doc)[part_start:part_end]
                triggers = [t for t in _triggers(part_text, part_start)
                            if t.kind != "Killing" or _person_follows(doc, t, part_end)]
                dates = [d for d in find_dates(part_text, published, filed) if d.kind != "since"]
                part_event: EventMention | None = None
                for index, trigger in enumerate(triggers):
                    region_start = triggers[index - 1].end if index else part_start
                    region_end = triggers[index + 1].start if index + 1 < len(triggers) else part_end
                    mention = _mention(doc, trigger, (region_start, region_end), part_text,
                                       part_start, dates, catalog, person_country, sent)
                    if mention is None:
                        continue
                    background = number > 0 or trigger.past or mention.past or index > 0
                    same_clause = part_event if part_event is not None and not trigger.new and \
                        _compatible(part_event, mention, doc) else None
                    if same_clause is not None:
                        event = _merge(same_clause, mention, entities)
                    else:
                        event = _referent(result, mention, trigger, doc, answered_by,
                                          answering=previous_part_event)
                        if event is None:
                            habitual = HABITUAL.search(
                                _text(doc)[max(part_start, trigger.start - 60):trigger.start])
                            if trigger.kind == "Generic" or habitual:
                                continue
                            if trigger.weak and trigger.definite and trigger.kind != "Killing" \
                                    and result.events and not (mention.date or mention.date_hint):
                                continue  # points back, but to nothing it fits
                            mention.key = f"event-{len(result.events) + 1}"
                            result.events.append(mention)
                            event = mention
                        else:
                            event = _merge(event, mention, entities)
                    event.last_seen = max(event.last_seen, mention.last_seen)
                    event.mentions += 1
                    if not background:
                        event.last_foreground = max(event.last_foreground, mention.last_seen)
                    if (sent.start, sent.end) not in event.sentences:
                        event.sentences.append((sent.start, sent.end))
                    keys = result.by_sentence.setdefault(sent.start, [])
                    if event.key not in keys:
                        keys.append(event.key)
                    mentioned_here = True
                    if part_event is None:
                        part_event = event
                if previous_part_event is not None and part_event is not None and \
                        part_event is not previous_part_event:
                    previous_part_event.add_unique("in_response_to", [part_event.key])
                    answered_by.setdefault(part_event.key, previous_part_event.key)
                previous_part_event = part_event if part_event is not None else previous_part_event
        if users_are_targets and not mentioned_here:
            topic = result.about(sent)
            if topic is not None:
                topic.add_unique("targets", users_are_targets)
        elif users_are_targets:
            # "facilities used by X, which he accused of drone attacks": the users are the
            # targets of the strike on the facilities, not of the attack the sentence recalls
            topic = _strike_in_view(result, sent)
            if topic is not None:
                topic.add_unique("targets", users_are_targets)
                for event in result.in_sentence(sent):
                    if event is not topic and event.type != "Strike":
                        event.targets = [k for k in event.targets if k not in users_are_targets]
        named = _identified(doc, sent)
        if named and not mentioned_here:
            topic = result.about(sent)
            if topic is not None:
                topic.add_unique("targets", named)
    for event in result.events:
        _finish(event, doc, entities, catalog, person_country)
    doc._.ckg_events = result
    return doc


def _strike_in_view(result: DocEvents, sent: Span) -> EventMention | None:
    """The strike a sentence talks about: one it mentions, else the one last in the
    foreground before it."""
    here = [e for e in result.in_sentence(sent) if e.type == "Strike"]
    if here:
        return here[0]
    before = [e for e in result.events if 0 <= e.last_foreground < sent.start and
              e.type == "Strike"]
    return max(before, key=lambda e: e.last_foreground) if before else None


def _person_follows(doc: Doc, trigger: Trigger, end_char: int) -> bool:
    """"killed Qassem Soleimani" is a targeted killing; "killed a contractor" only a count."""
    start, end = _tokens(doc, trigger.end, end_char)
    return any(record.type == "Person" and span.start - start <= 20
               for span, record in _entities_in(doc, start, end))


FACILITY_USERS = re.compile(
    r"\b(?:us(?:e|ed|es|ing)|operat(?:e|ed|es|ing)|belong(?:ing|ed|s)? to|run by|held by)\s+"
    r"(?:these|the|those|this|that)\s+(?:facilit(?:y|ies)|sites?|positions?|bases?|depots?|"
    r"compounds?|targets?)\b"
    r"|\b(?:identified|specified|named)\b.{0,40}\b(?:groups?|militias?)\s+as\b"
    r"|\b(?:facilit(?:y|ies)|sites?|positions?|bases?|depots?|compounds?|targets?)[\"”’']?\s+"
    r"(?:(?:were|was|are|is|had been|have been)\s+)?(?:used|operated|run|occupied|controlled)\s+by\b",
    re.IGNORECASE)
#: "It identified him as X": the person a strike killed, named after the telling.
IDENTIFIED_AS = re.compile(r"\b(?:identified|named)\s+(?:him|her|the (?:[\w-]+ )?(?:dead|victim|"
                           r"man|woman|commander|leader|official|target|slain)\w*)\s+as\b",
                           re.IGNORECASE)


def _facility_users(doc: Doc, sent: Span) -> list[str]:
    """Armed groups a sentence names as the users of the facilities just struck ("Kata'ib
    Hezbollah ... used these facilities"): targets of the event being told."""
    if not FACILITY_USERS.search(sent.text):
        return []
    return [record.key for span, record in _entities_in(doc, sent.start, sent.end)
            if record.type == "ArmedGroup" and not _is_adjective_compound(doc, span)]


def _identified(doc: Doc, sent: Span) -> list[str]:
    """Persons a sentence names as the one killed: "It identified him as X"."""
    found = IDENTIFIED_AS.search(sent.text)
    if not found:
        return []
    start = sent.start_char + found.end()
    return [record.key for span, record in _entities_in(doc, sent.start, sent.end)
            if record.type == "Person" and span.start_char >= start]


def _mention(doc, trigger: Trigger, region_chars, part_text, part_start, dates, catalog,
             person_country, sent) -> EventMention | None:
    region = _tokens(doc, region_chars[0], region_chars[1])
    kind = trigger.kind
    slots = _fill(doc, trigger, region, kind, catalog, person_country)
    if kind == "Killing" and not any(
            doc._.ckg_entities.records[k].type == "Person" for k in slots.targets):
        return None
    entities = doc._.ckg_entities
    perpetrators = slots.by_agents or slots.perpetrators
    region_text = _text(doc)[region_chars[0]:region_chars[1]]
    weapons = _weapons(region_text)
    state = [k for k in perpetrators if entities.records[k].type in STATE_TYPES]
    groups = [k for k in perpetrators if entities.records[k].type == "ArmedGroup"]
    if state:
        event_type, firm = "Strike", True
    elif groups:
        event_type, firm = "Attack", True
    elif kind == "Killing":
        air = any(w.lower().startswith(("drone", "uav", "missile", "warplane")) for w in weapons)
        event_type, firm = ("Strike" if air else "Attack"), False
    elif kind == "Generic":
        event_type, firm = "Strike", False
    else:
        event_type, firm = kind, not trigger.weak
    date = hint = None
    near = sorted(dates, key=lambda d: abs((part_start + d.start) - trigger.start))
    for found in near:
        if region_chars[0] <= part_start + found.start < region_chars[1] or len(dates) == 1:
            date, hint = found.value, found.hint
            break
    past = trigger.past or bool(PAST_AROUND.search(region_text))
    mention = EventMention(
        key="", type=event_type, start_char=sent.start_char, end_char=sent.end_char,
        rule=f"events.{kind.lower()}-trigger", date=date, date_hint=hint, past=past,
        weapons=weapons, type_is_firm=firm)
    mention.perpetrators = list(perpetrators)
    mention.ordered_by = list(slots.ordered_by)
    if not mention.ordered_by:
        titled = ORDER_BY_TITLE.search(region_text)
        if titled:
            mention.ordered_by = _person_by_title(doc, titled.group("title"), perpetrators,
                                                  person_country)
    mention.targets = list(slots.targets)
    mention.locations = _with_countries([key for _, key in sorted(slots.locations)],
                                        entities, catalog)
    if not any(_type(k, entities.records, catalog) == "Country" for k in mention.locations):
        mention.add_unique("locations", slots.bearing_countries[:1])
    mention.last_seen = _tokens(doc, trigger.start, trigger.end)[0]
    return mention


def _person_by_title(doc: Doc, title: str, perpetrators, person_country) -> list[str]:
    """The one person the article gives a title ("President Donald Trump" for "the
    President"), preferring one of the perpetrating state when several hold it."""
    wanted = title.lower().replace("-", " ").split()
    found = []
    for span, record in _entities_in(doc, 0, len(doc)):
        if record.type != "Person" or record.key in found:
            continue
        chain = [t.lower_ for t in doc[_title_start(doc, span):span.start]]
        if chain[-len(wanted):] == wanted and not {"vice", "former", "deputy"} & set(chain):
            found.append(record.key)
    if len(found) > 1:
        found = [k for k in found if person_country.get(k) in perpetrators] or found
    return found if len(found) == 1 else []


def _countries_of(event: EventMention, doc: Doc) -> set[str]:
    records = doc._.ckg_entities.records
    return {k for k in event.locations if k not in records or records[k].type == "Country"}


def _compatible(event: EventMention, mention: EventMention, doc: Doc) -> bool:
    """Whether a mention may be the event: nothing it says contradicts what is known."""
    records = doc._.ckg_entities.records
    if event.type_is_firm and mention.type_is_firm and event.type != mention.type:
        return False
    if not compatible(event.date, mention.date):
        return False
    if not compatible(event.date_hint, mention.date_hint) or \
            not compatible(event.date, mention.date_hint) or \
            not compatible(event.date_hint, mention.date):
        if event.date_hint and mention.date_hint and event.date_hint[:1].isalpha() and \
                mention.date_hint[:1].isalpha():
            pass  # weekdays in one article: the day of the report, the night of the raid
        else:
            return False
    a, b = _countries_of(event, doc), _countries_of(mention, doc)
    if a and b and not a & b:
        return False
    if set(event.perpetrators) & set(mention.targets) or set(event.targets) & set(mention.perpetrators):
        return False
    kinds_a = {records[k].type for k in event.perpetrators if k in records}
    kinds_b = {records[k].type for k in mention.perpetrators if k in records}
    if kinds_a and kinds_b and not set(event.perpetrators) & set(mention.perpetrators) and \
            ("ArmedGroup" in kinds_a) != ("ArmedGroup" in kinds_b):
        return False
    fam_a, fam_b = _families(event.weapons), _families(mention.weapons)
    if fam_a and fam_b and not fam_a & fam_b and "Attack" in (event.type, mention.type):
        return False
    return True


def _date_agreement(event: EventMention, mention: EventMention) -> int:
    return max(agreement(event.date, mention.date), agreement(event.date_hint, mention.date_hint),
               agreement(event.date, mention.date_hint), agreement(event.date_hint, mention.date))


def _shared_evidence(event: EventMention, mention: EventMention, doc: Doc) -> int:
    """How much a mention and an event share: dates, specific places and targets, actors."""
    records = doc._.ckg_entities.records
    score = _date_agreement(event, mention)
    specific = (set(event.locations) | set(event.targets)) & (set(mention.locations) | set(mention.targets))
    specific = {k for k in specific if k in records and records[k].type != "Country"}
    if specific:
        score += 3
    elif _countries_of(event, doc) & _countries_of(mention, doc):
        score += 1
    if set(event.perpetrators) & set(mention.perpetrators) or \
            set(event.ordered_by) & set(mention.ordered_by):
        score += 1
    return score


def _referent(result: DocEvents, mention: EventMention, trigger: Trigger, doc: Doc,
              answered_by: dict[str, str], answering: EventMention | None):
    """The earlier event this mention refers to, or None for a new event."""
    if answering is not None:
        for key in answering.in_response_to:  # a strike answers one attack, however told
            answered = result.get(key)
            if _compatible(answered, mention, doc) and not trigger.new:
                return answered
    candidates = []
    for event in result.events:
        if answering is not None and event is answering:
            continue
        if not _compatible(event, mention, doc):
            continue
        evidence = _shared_evidence(event, mention, doc)
        on_date = _date_agreement(event, mention)
        if (mention.date or mention.date_hint) and (event.date or event.date_hint) and \
                not trigger.definite and not trigger.weak and on_date == 0 and evidence < 3:
            continue  # "a retaliation attack in February" is not the strike of last Sunday
        if trigger.introduces and not trigger.weak and evidence < 1:
            continue  # "an air strike" tells a new one unless something ties it to an old one
        other_answerer = answering is not None and answered_by.get(event.key) not in (
            None, answering.key)
        own_date = bool(mention.date or mention.date_hint)
        if trigger.new:
            continue  # "another rocket attack" is by its words not one told before
        introduced = answering is not None and not trigger.definite
        if (trigger.past or mention.past or other_answerer or trigger.kind == "Killing" or
                introduced) and evidence < 3:
            continue
        if own_date and (event.date or event.date_hint) and evidence < 3 and not trigger.weak:
            continue
        if own_date and (event.date or event.date_hint) and evidence < 1:
            continue
        if not trigger.weak and not trigger.definite and mention.type_is_firm and \
                event.type != mention.type:
            continue
        # "that attack" is the one just told; "the strike" the one the article is about
        if trigger.demonstrative:
            salience = (event.last_seen, 0)
        else:
            salience = (event.mentions, event.last_foreground)
        type_match = mention.type == "Strike" and event.type == "Strike"
        strong = evidence if evidence >= 2 else 0
        candidates.append((strong, type_match, evidence, salience, event))
    if not candidates:
        return None
    _, _, evidence, _, best = max(candidates, key=lambda item: item[:4])
    if evidence == 0 and not trigger.weak and not trigger.definite and (
            (mention.date or mention.date_hint) and (best.date or best.date_hint)
            or mention.locations and best.locations or mention.targets and best.targets):
        return None  # an indefinite report whose details differ from the event's
    return best


def _merge(event: EventMention, mention: EventMention, entities) -> EventMention:
    if mention.date and (not event.date or len(mention.date) > len(event.date)):
        event.date = mention.date
    if mention.date_hint and not event.date_hint:
        event.date_hint = mention.date_hint
    if mention.type_is_firm and not event.type_is_firm:
        event.type, event.type_is_firm = mention.type, True
    for slot in ("perpetrators", "ordered_by", "targets", "locations", "weapons"):
        event.add_unique(slot, getattr(mention, slot))
    return event


def _finish(event: EventMention, doc: Doc, entities, catalog, person_country) -> None:
    """Fill in what follows from what was found: the states behind the perpetrators and
    orderers, the countries of the places, most specific place first."""
    records = entities.records
    for key in list(event.perpetrators):
        event.add_unique("perpetrators", _nested_countries(doc, key, entities, catalog))
    if not any(_type(k, records, catalog) == "Country" for k in event.perpetrators):
        for person in event.ordered_by:
            country = person_country.get(person)
            entry = catalog.get(records[person].catalog_id) if records[person].catalog_id else None
            if country is None and entry is not None and entry.country:
                country = entry.country
            if country:
                event.add_unique("perpetrators", [country])
    if any(_type(k, records, catalog) in STATE_TYPES for k in event.perpetrators) and \
            not any(_type(k, records, catalog) == "ArmedGroup" for k in event.perpetrators):
        event.type = "Strike"
    event.targets = [k for k in event.targets if k not in event.perpetrators]
    event.locations = _with_countries(event.locations, entities, catalog)
    event.weapons = sorted(set(event.weapons), key=str.lower)


def _type(key: str, records, catalog) -> str:
    if key in records:
        return records[key].type
    entry = catalog.get(key)
    return entry.type if entry else "Place"


def _with_countries(locations: list[str], entities, catalog) -> list[str]:
    """Most specific first, then the countries the catalog puts the places in."""
    result = list(dict.fromkeys(locations))
    for key in list(result):
        record = entities.records.get(key)
        entry_id = record.catalog_id if record else key
        entry = catalog.get(entry_id) if entry_id else None
        if entry and entry.country and entry.type != "Country" and entry.country not in result:
            if catalog.get(entry.country) is not None:
                result.append(entry.country)
    return sorted(result, key=lambda k: LOCATION_RANK.get(_type(k, entities.records, catalog), 1))
