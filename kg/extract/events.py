"""`ckg_events`: strikes and attacks, with who, whom, where, when, on whose order, and why.

The component reads an article sentence by sentence. A sentence is cut into clauses at
semicolons and at response cues ("in response to", "in retaliation for", "came after"):
the event of a clause answers the event of the clause after its cue (`in_response_to`). A wire
dateline ("BAGHDAD, Dec 30 (Reuters) -") is no part of any event, but with no publication date
its day is what relative dates count from. In each clause the trigger words (`triggers`) name
the events and the entities around each trigger fill its slots (`slots`). A strike is an
attack by a state, so the kind follows the perpetrator when one is named, else the trigger
word.

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
from .slots import (ORDER_BY_TITLE, entities_in, fill_slots, is_adjective_compound,
                    nested_countries, person_by_title, person_countries, token_range,
                    weapon_families, weapons_named)
from .triggers import HABITUAL, PAST_AROUND, Trigger, find_triggers

if not Doc.has_extension("ckg_events"):
    Doc.set_extension("ckg_events", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

RESPONSE_CUE = re.compile(
    r"\b(?:in (?:response|retaliation|reprisal|revenge) (?:to|for)|retaliat\w* (?:for|against)|"
    r"(?:came|come|comes|coming) (?:\w+ ){0,2}after|followed (?:\w+ ){0,2}after|"
    r"in the wake of|to avenge|avenging|respond(?:ed|ing|s)? to|a response to|after)\b",
    re.IGNORECASE)

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


# --- clauses and datelines ------------------------------------------------------------------

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
            head = find_triggers(text[part_start:match.start()], 0)
            tail = find_triggers(text[match.end():], 0)
            if not head or not tail or not any(t.kind == "Strike" for t in head) or \
                    tail[0].kind not in ("Attack", "Killing") or tail[0].start > 25:
                continue
        parts.append((start + part_start, start + match.start()))
        part_start = match.end()
    parts.append((start + part_start, end))
    return parts


def _text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins the tokens anew on every `doc.text`."""
    if "ckg_text" not in doc.user_data:
        doc.user_data["ckg_text"] = doc.text
    return doc.user_data["ckg_text"]


# --- one document ---------------------------------------------------------------------------

def find_events(doc: Doc, catalog) -> Doc:
    published = doc._.published
    filed = None if published else _filed(_text(doc))
    entities = doc._.ckg_entities
    person_country = person_countries(doc, entities)
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
                triggers = [t for t in find_triggers(part_text, part_start)
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
    start, end = token_range(doc, trigger.end, end_char)
    return any(record.type == "Person" and span.start - start <= 20
               for span, record in entities_in(doc, start, end))


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
    return [record.key for span, record in entities_in(doc, sent.start, sent.end)
            if record.type == "ArmedGroup" and not is_adjective_compound(doc, span)]


def _identified(doc: Doc, sent: Span) -> list[str]:
    """Persons a sentence names as the one killed: "It identified him as X"."""
    found = IDENTIFIED_AS.search(sent.text)
    if not found:
        return []
    start = sent.start_char + found.end()
    return [record.key for span, record in entities_in(doc, sent.start, sent.end)
            if record.type == "Person" and span.start_char >= start]


def _mention(doc, trigger: Trigger, region_chars, part_text, part_start, dates, catalog,
             person_country, sent) -> EventMention | None:
    region = token_range(doc, region_chars[0], region_chars[1])
    kind = trigger.kind
    slots = fill_slots(doc, trigger, region, kind, catalog, person_country)
    if kind == "Killing" and not any(
            doc._.ckg_entities.records[k].type == "Person" for k in slots.targets):
        return None
    entities = doc._.ckg_entities
    perpetrators = slots.by_agents or slots.perpetrators
    region_text = _text(doc)[region_chars[0]:region_chars[1]]
    weapons = weapons_named(region_text)
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
            mention.ordered_by = person_by_title(doc, titled.group("title"), perpetrators,
                                                  person_country)
    mention.targets = list(slots.targets)
    mention.locations = _with_countries([key for _, key in sorted(slots.locations)],
                                        entities, catalog)
    if not any(_type(k, entities.records, catalog) == "Country" for k in mention.locations):
        mention.add_unique("locations", slots.bearing_countries[:1])
    mention.last_seen = token_range(doc, trigger.start, trigger.end)[0]
    return mention


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
    fam_a, fam_b = weapon_families(event.weapons), weapon_families(mention.weapons)
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
        event.add_unique("perpetrators", nested_countries(doc, key, entities, catalog))
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
    # case ties broken by the text itself: set order varies with the interpreter's hash seed
    event.weapons = sorted(set(event.weapons), key=lambda w: (w.lower(), w))


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
