"""`ckg_events`: strikes and attacks, with who, whom, where, when, on whose order, and why.

A sentence reports an event when it holds a trigger: a strike noun or verb ("airstrikes",
"air raids", "bombed", "struck") or an attack phrase ("rocket attack", "drone attacks",
"fired rockets"). The slots are filled from the entities around the trigger, by the words
that introduce them: "by"/subject position → perpetrator; "ordered"/"at the direction of" →
ordered by; "against"/"on"/"targeting" → target; "in"/"near"/"at" → location; a date in the
sentence → date. "In response to …", "in retaliation for …", "after … attacks" open the event
that this one answers. Mentions of the same event within an article are joined here; across
articles, `kg.resolve` joins them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..dates import find_dates
from ..link.catalog import load_catalog

if not Doc.has_extension("ckg_events"):
    Doc.set_extension("ckg_events", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

STRIKE_TRIGGER = re.compile(
    r"\b(?:air ?strikes?|air raids?|(?:precision|retaliatory|missile|drone|aerial|military|"
    r"defensive|american|u\.?s\.?|israeli|russian|turkish) (?:air ?)?strikes?|"
    r"(?:the|these|those|its|thursday's|sunday's|monday's|tuesday's|wednesday's|friday's|"
    r"saturday's) (?:air ?)?strikes|bombing raids?|bombed|bombarded|struck|"
    r"retaliat(?:ory|ion) (?:attacks?|strikes?)|(?:carried out|conducted|launched|ordered) "
    r"(?:an? |the )?(?:\w+ ){0,3}(?:strikes?|raids?|attacks?|bombing)|military (?:action|operation)"
    r"|strike on|strikes on|strikes against|struck at|fired (?:at least )?(?:\w+ )?missiles)",
    re.IGNORECASE)
ATTACK_TRIGGER = re.compile(
    r"\b(?:(?:rocket|drone|uav|mortar|missile|suicide|car bomb|ied|bomb|militia|terrorist|"
    r"one-way uav|unmanned aerial vehicle(?: \(uav\))?) (?:attacks?|strikes?)|"
    r"fired (?:\w+ )?rockets|rockets? (?:struck|hit|landed)|rockets at|"
    r"(?:attacks?|assaults?) (?:on|against|by|targeting)|bombings?|ambush(?:ed)?|"
    r"the attack|an attack|that attack|the attacks|rocket fire)",
    re.IGNORECASE)
RESPONSE_CUE = re.compile(
    r"\b(?:in (?:response|retaliation) (?:to|for)|retaliat\w* (?:for|against)|"
    r"(?:came|come|comes|followed) (?:days |weeks )?after|in the wake of|avenge)\b",
    re.IGNORECASE)
ORDER_CUE = re.compile(
    r"\b(?:ordered|orders|order of|direction of|directed|authori[sz]ed|approved|at the behest of)\b",
    re.IGNORECASE)
PAST_CUE = re.compile(
    r"\b(?:last|earlier|previous|previously|prior|before|ago|in the past|days earlier|"
    r"another|since|former)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:denied|not|no|never|deny|denies)\b", re.IGNORECASE)
WEAPONS = re.compile(
    r"\b(?:F-\d{2}[A-Z]?s?|B-\d[A-Z]?s?|MQ-\d[A-Z]?(?: Reaper)?|AC-130s?|A-10s?|"
    r"(?:Katyusha )?rockets?|(?:ballistic |cruise |precision-guided )?missiles?|drones?|UAVs?|"
    r"warplanes?|fighter jets?|helicopters?|mortars?|IEDs?|car bombs?|artillery)\b")
LOCATION_PREPS = {"in", "near", "at", "on", "along", "across", "outside", "inside", "around",
                  "of", "to", "into", "from", "between", "within", "over", "toward", "towards"}
TARGET_PREPS = {"against", "on", "targeting", "targeted", "at", "hit", "hitting", "struck",
                "striking", "killing", "killed", "assassinated", "assassination", "kill"}
PERPETRATOR_TYPES = {"Country", "Organization", "ArmedGroup"}
LOCATION_RANK = {"Base": 0, "Place": 1, "Country": 2}


@dataclass
class EventMention:
    """One event as the article reports it; `sentences` are the token ranges that mention it."""

    key: str
    type: str
    start_char: int
    end_char: int
    rule: str
    date: str | None = None
    perpetrators: list[str] = field(default_factory=list)
    ordered_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    in_response_to: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    past: bool = False

    def add_unique(self, slot: str, values) -> None:
        current = getattr(self, slot)
        for value in values:
            if value not in current:
                current.append(value)


@dataclass
class DocEvents:
    events: list[EventMention] = field(default_factory=list)
    #: token start of a sentence -> keys of the events it mentions
    by_sentence: dict[int, list[str]] = field(default_factory=dict)

    def get(self, key: str) -> EventMention:
        return next(e for e in self.events if e.key == key)

    def in_sentence(self, sent: Span) -> list[EventMention]:
        return [self.get(k) for k in self.by_sentence.get(sent.start, [])]

    def latest_before(self, sent: Span) -> EventMention | None:
        keys = [k for start, ks in sorted(self.by_sentence.items()) if start <= sent.start
                for k in ks]
        return self.get(keys[-1]) if keys else None


@Language.factory("ckg_events", default_config={"catalog_files": []})
def make_events(nlp: Language, name: str, catalog_files: list[str]):
    catalog = load_catalog(catalog_files)
    return lambda doc: find_events(doc, catalog)


def _preposition_before(doc: Doc, span: Span) -> str:
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in {"the", "a", "an", "eastern", "western", "northern",
                                         "southern", "central", "town", "city", "province",
                                         "of", "'s", "’s", "-", "iraqi", "syrian"} and \
            not (doc[i].lower_ == "of" and i - 1 >= 0 and doc[i - 1].lower_ not in
                 {"town", "city", "province", "outskirts", "area", "region", "north",
                  "south", "east", "west", "border"}):
        i -= 1
    return doc[i].lower_ if i >= 0 else ""


def _slot_entities(doc: Doc, sent: Span, trigger: tuple[int, int], event_type: str,
                   catalog) -> dict[str, list[str]]:
    entities = doc._.ckg_entities
    slots: dict[str, list[str]] = {"perpetrators": [], "ordered_by": [], "targets": [],
                                   "locations": []}
    t_start, t_end = trigger
    sent_text = sent.text
    located: list[tuple[int, str]] = []
    for span, record in entities.in_range(doc, sent.start, sent.end):
        before_text = doc[max(sent.start, span.start - 6):span.start].text.lower()
        prep = _preposition_before(doc, span)
        is_adjective = span.end < len(doc) and doc[span.end].text in ("-",) and \
            span.end + 1 < len(doc) and doc[span.end + 1].lower_ in ("backed", "led", "based", "aligned", "allied")
        if record.type == "Person":
            if ORDER_CUE.search(doc[max(sent.start, span.start - 8):span.end + 3].text):
                slots["ordered_by"].append(record.key)
            elif prep in TARGET_PREPS or re.search(r"\b(?:killing|killed|assassinat\w+) (?:of )?(?:\w+ ){0,5}$", before_text):
                slots["targets"].append(record.key)
            continue
        if is_adjective:
            continue
        if record.type in ("Base",) or (record.type == "ArmedGroup" and prep in TARGET_PREPS | {"by", "including", "of", "as"}):
            if record.type == "ArmedGroup" and prep == "by" and span.start_char < sent.start_char + (t_start - sent.start_char if t_start > sent.start_char else 0):
                slots["perpetrators"].append(record.key)
            elif record.type == "ArmedGroup" and prep == "by":
                slots["perpetrators"].append(record.key)
            else:
                slots["targets"].append(record.key)
            if record.type == "Base":
                located.append((LOCATION_RANK["Base"], record.key))
            continue
        if record.type in ("Place", "Country") and (prep in LOCATION_PREPS or record.type == "Place"):
            if record.type == "Country" and prep in ("against", "on", "targeting") and event_type == "Attack":
                slots["targets"].append(record.key)
                continue
            if prep in ("from", "to") and record.type == "Country" and "flight" in before_text:
                continue
            located.append((LOCATION_RANK[record.type], record.key))
            continue
        if record.type in PERPETRATOR_TYPES:
            if span.start_char < t_start or prep == "by":
                if record.type == "Country" and prep in LOCATION_PREPS - {"by"}:
                    located.append((LOCATION_RANK["Country"], record.key))
                else:
                    slots["perpetrators"].append(record.key)
            elif record.type == "Country" and prep in ("against", "on") and event_type == "Attack":
                slots["targets"].append(record.key)
    seen = set()
    for _, key in sorted(located, key=lambda item: item[0]):
        if key not in seen:
            seen.add(key)
            slots["locations"].append(key)
    return slots


def _with_countries(locations: list[str], entities, catalog) -> list[str]:
    """Most specific first, then the countries the catalog puts the places in."""
    result = list(locations)
    for key in locations:
        record = entities.records.get(key)
        entry = catalog.get(record.catalog_id) if record and record.catalog_id else None
        if entry and entry.country and entry.country not in result and entry.type != "Country":
            result.append(entry.country)
    ordered = sorted(result, key=lambda k: LOCATION_RANK.get(_type_of(k, entities, catalog), 1))
    return ordered


def _type_of(key, entities, catalog):
    record = entities.records.get(key)
    if record:
        return record.type
    entry = catalog.get(key)
    return entry.type if entry else "Place"


def find_events(doc: Doc, catalog) -> Doc:
    published = doc._.published
    entities = doc._.ckg_entities
    result = DocEvents()
    counter = 0
    for sent in doc.sents:
        text = sent.text
        if len(text.strip()) < 12:
            continue
        offset = sent.start_char
        response = RESPONSE_CUE.search(text)
        cut = response.start() if response else len(text)
        mentions: list[tuple[str, re.Match, str]] = []
        strike = STRIKE_TRIGGER.search(text[:cut])
        attack = ATTACK_TRIGGER.search(text[:cut])
        if strike:
            mentions.append(("Strike", strike, "events.strike-trigger"))
        elif attack:
            mentions.append(("Attack", attack, "events.attack-trigger"))
        answered = None
        if response:
            tail = text[response.end():]
            answered_match = ATTACK_TRIGGER.search(tail) or STRIKE_TRIGGER.search(tail)
            if answered_match:
                answered = (answered_match, response.end())
        dates = find_dates(text, published)
        for event_type, match, rule in mentions:
            start = offset + match.start()
            trigger_span = (start, offset + match.end())
            region = doc.char_span(sent.start_char, offset + cut, alignment_mode="contract") or sent
            slots = _slot_entities(doc, region, trigger_span, event_type, catalog)
            if event_type == "Attack" and slots["perpetrators"] and all(
                    entities.records[p].type in ("Country",) for p in slots["perpetrators"]):
                event_type = "Strike"
            date = next((d.value for d in dates if d.start < cut), None)
            mention = EventMention(
                key="", type=event_type, start_char=sent.start_char, end_char=sent.end_char,
                rule=rule, date=date, past=bool(PAST_CUE.search(text[:cut])),
                weapons=sorted({w.group(0) for w in WEAPONS.finditer(text[:cut])}))
            for slot, values in slots.items():
                mention.add_unique(slot, values)
            mention.locations = _with_countries(mention.locations, entities, catalog)
            event = _join(result, mention, entities)
            if event is None:
                counter += 1
                mention.key = f"event-{counter}"
                result.events.append(mention)
                event = mention
            event.sentences.append((sent.start, sent.end))
            result.by_sentence.setdefault(sent.start, []).append(event.key)
            if answered:
                match, base = answered
                tail_region = doc.char_span(offset + base, sent.end_char, alignment_mode="contract")
                answered_type = "Attack" if ATTACK_TRIGGER.search(match.group(0)) else "Strike"
                tail_slots = _slot_entities(doc, tail_region or sent, (offset + base + match.start(),
                                            offset + base + match.end()), answered_type, catalog) \
                    if tail_region is not None else {}
                answered_mention = EventMention(
                    key="", type=answered_type, start_char=sent.start_char,
                    end_char=sent.end_char, rule="events.response-cue",
                    date=next((d.value for d in dates if d.start >= cut), None), past=True)
                for slot, values in tail_slots.items():
                    answered_mention.add_unique(slot, values)
                answered_mention.locations = _with_countries(answered_mention.locations, entities, catalog)
                previous = _join(result, answered_mention, entities, exclude=event.key)
                if previous is None:
                    counter += 1
                    answered_mention.key = f"event-{counter}"
                    result.events.append(answered_mention)
                    previous = answered_mention
                previous.sentences.append((sent.start, sent.end))
                result.by_sentence.setdefault(sent.start, []).append(previous.key)
                event.add_unique("in_response_to", [previous.key])
    doc._.ckg_events = result
    return doc


def _compatible_dates(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _join(result: DocEvents, mention: EventMention, entities, exclude: str | None = None):
    """The earlier event this mention refers to, if any, with the mention's facts merged in."""
    for event in result.events:
        if event.key == exclude or event.type != mention.type:
            continue
        if not _compatible_dates(event.date, mention.date):
            continue
        shared = (set(event.targets) & set(mention.targets)) or \
            (set(event.locations) & set(mention.locations) - _countries(entities, mention)) or \
            (event.date and mention.date and event.date == mention.date)
        if mention.past and not shared and not event.past:
            continue
        if not shared and (mention.date or event.date) and mention.date != event.date and not (
                mention.date is None and not mention.past):
            continue
        if mention.date and not event.date:
            event.date = mention.date
        elif mention.date and event.date and len(mention.date) > len(event.date):
            event.date = mention.date
        for slot in ("perpetrators", "ordered_by", "targets", "in_response_to", "weapons"):
            event.add_unique(slot, getattr(mention, slot))
        merged = event.locations + [l for l in mention.locations if l not in event.locations]
        event.locations = sorted(merged, key=lambda k: LOCATION_RANK.get(
            entities.records[k].type if k in entities.records else "Country", 1))
        return event
    return None


def _countries(entities, mention) -> set[str]:
    return {k for k in mention.locations
            if k not in entities.records or entities.records[k].type == "Country"}
