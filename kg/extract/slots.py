"""Who, whom, where and on whose order: filling an event's slots from the entities around
its trigger, for `ckg_events`.

The slots come from the entities of the trigger's stretch of the clause, by the words that
govern them: the agent before the trigger or after "by" is the perpetrator (a country used as
an adjective of the agent, "US warplanes", counts; the country a statement came from does
not); "at the direction of", "ordered" give who ordered it; "against", "on", "including",
"used by" give targets; places after "in", "near", "along", "the town of" and bases are
locations, with the catalog's country of each place; a place only used as a bearing ("north
of Baghdad") gives its country, not itself. A group that claims an attack is its perpetrator.

These rules read one trigger's stretch of text and know nothing of the other events of the
article, which `events` joins; so they are kept here, apart from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .gazetteer import DEMONYMS
from .spans import CANDIDATES
from .triggers import Trigger

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


# --- filling slots --------------------------------------------------------------------------

def entities_in(doc: Doc, start: int, end: int) -> list:
    """(span, record) of the entity mentions inside a token range, in order; the list of all
    of them is built once per document."""
    if "ckg_entity_mentions" not in doc.user_data:
        doc.user_data["ckg_entity_mentions"] = doc._.ckg_entities.in_range(doc, 0, len(doc))
    return [(span, record) for span, record in doc.user_data["ckg_entity_mentions"]
            if span.start >= start and span.end <= end]


def token_range(doc: Doc, start_char: int, end_char: int) -> tuple[int, int]:
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


def is_adjective_compound(doc: Doc, span: Span) -> bool:
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


def fill_slots(doc: Doc, trigger: Trigger, region: tuple[int, int], kind: str, catalog,
          person_country: dict[str, str]) -> Slots:
    slots = Slots()
    t_start, t_end = token_range(doc, trigger.start, trigger.end)
    r_start, r_end = region
    for span, record in entities_in(doc, r_start, t_start):
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
        for span, record in entities_in(doc, min(r_end, t_end + 10), r_end):
            if record.type in ("Place", "Base") and _named_place_phrase(doc, span):
                slots.locations.append((span.start, record.key))  # "... near the town of X"
        r_start, r_end = max(r_start, t_start - 3), min(r_end, t_end + 10)
    mentions = entities_in(doc, r_start, r_end)
    entity_tokens = {i for span, _ in mentions for i in range(span.start, span.end)}
    killing_words = {"killed", "killing", "assassinated", "assassination", "martyred",
                     "targeting", "targeted"}
    for span, record in mentions:
        if is_adjective_compound(doc, span):
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
    for span, record in entities_in(doc, start, end):
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
    groups = [(span, record) for span, record in entities_in(doc, start, trigger_start)
              if record.type in ("ArmedGroup", "Organization")]
    if groups and _claims(doc, *groups[-1], trigger_start):
        return groups[-1][1].key
    return None


def nested_countries(doc: Doc, key: str, entities, catalog) -> list[str]:
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


def person_countries(doc: Doc, entities) -> dict[str, str]:
    """Person key -> country key from a title in the article ("US President Joe Biden")."""
    countries: dict[str, str] = {}
    country_at = {}
    for span, record in entities_in(doc, 0, len(doc)):
        if record.type == "Country":
            for i in range(span.start, span.end):
                country_at[i] = record.key
    for span, record in entities_in(doc, 0, len(doc)):
        if record.type != "Person" or record.key in countries:
            continue
        i = _title_start(doc, span) - 1
        if i >= 0 and i in country_at and i < span.start - 1:
            countries[record.key] = country_at[i]
    return countries


def weapons_named(text: str) -> list[str]:
    return sorted({w.group(0) for w in WEAPONS.finditer(text)}, key=lambda w: (w.lower(), w))


def weapon_families(weapons: list[str]) -> set[str]:
    families = set()
    for weapon in weapons:
        lowered = weapon.lower()
        for word, family in WEAPON_FAMILY.items():
            if word in lowered:
                families.add(family)
    return families


def person_by_title(doc: Doc, title: str, perpetrators, person_country) -> list[str]:
    """The one person the article gives a title ("President Donald Trump" for "the
    President"), preferring one of the perpetrating state when several hold it."""
    wanted = title.lower().replace("-", " ").split()
    found = []
    for span, record in entities_in(doc, 0, len(doc)):
        if record.type != "Person" or record.key in found:
            continue
        chain = [t.lower_ for t in doc[_title_start(doc, span):span.start]]
        if chain[-len(wanted):] == wanted and not {"vice", "former", "deputy"} & set(chain):
            found.append(record.key)
    if len(found) > 1:
        found = [k for k in found if person_country.get(k) in perpetrators] or found
    return found if len(found) == 1 else []
