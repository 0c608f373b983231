"""Which event some words are about: for statements (`ckg_quotes`) and casualty claims
(`ckg_casualties`), read after `ckg_events` has found the article's events.

The event their sentence reports; where it reports two, the one whose target the words name,
else the one on the words' side of a response cue ("… in response to …"). Words whose
sentences report none are about an event at a place or to a person they name, else the event
the paragraph is about, else the article's main event.
"""
from __future__ import annotations

import re

from .entities import entity_mentions

#: Cues that put the words after them on the side of the event answered (`event_at`). Not
#: `events.RESPONSE_CUE`, on purpose: that one cuts clauses and also takes a bare "after" and
#: "responded to", which the event rules keep as a cue only between a strike and an attack they
#: found on either side of it; here the first cue of the sentence decides, unchecked, so a bare
#: "after" would send every word after it to the answered event. The lists also differ in a few
#: words ("in revenge for", "following … after"): one list for both would change which event
#: statements and casualty claims are about.
RESPONSE_CUE = re.compile(
    r"\b(?:in (?:response|retaliation|reprisal) (?:to|for)|retaliat\w* (?:for|against)|"
    r"(?:came|come|comes|followed|following) (?:\w+ )?(?:days |weeks |hours )?after|"
    r"in the wake of|to avenge|avenging)\b", re.IGNORECASE)


def _sentence_at(doc, position: int):
    token = doc.char_span(position, position + 1, alignment_mode="expand")
    return token.sent if token is not None else None


def event_at(doc, position: int, end: int | None = None) -> str | None:
    """The event that the sentence around `position` reports, if it reports one. Where it
    reports two, the one whose targeted person the words text[position:end] name ("the
    killing of its general, Qassim Suleimani"); else the one before a response cue
    ("… in response to …") or the one it answers, by which side of the cue `position` is on."""
    events = doc._.ckg_events
    sent = _sentence_at(doc, position)
    if not events or sent is None:
        return None
    here = events.in_sentence(sent)
    if not here:
        return None
    if len(here) == 1:
        return here[0].key
    if end is not None:
        victims = {key for m_start, m_end, key, entity_type in entity_mentions(doc)
                   if position <= m_start and m_end <= end and entity_type == "Person"}
        for event in here:
            if victims & set(event.targets):
                return event.key
    cue = RESPONSE_CUE.search(sent.text)
    if cue and position >= sent.start_char + cue.start():
        return here[-1].key
    return here[0].key


def event_about(doc, start: int, end: int) -> str | None:
    """The event that the words in text[start:end] concern: one their sentences report; else
    one that happened at a place or to a person they name; else the event the paragraph is
    about; else the article's main event."""
    events = doc._.ckg_events
    if not events or not events.events:
        return None
    position = start
    while position < end:
        sent = _sentence_at(doc, position)
        if sent is None:
            break
        key = event_at(doc, position)
        if key:
            return key
        position = max(sent.end_char, position + 1)
    named = _event_named(doc, start, end)
    if named:
        return named
    line_start = doc.text.rfind("\n", 0, start) + 1
    focus = _latest_event_between(doc, line_start, start)
    if focus:
        return focus
    return principal_event(doc)


def _event_named(doc, start: int, end: int) -> str | None:
    """An event whose place (not a country) or target the words name: "the Erbil strike"."""
    events = doc._.ckg_events
    for m_start, m_end, key, entity_type in entity_mentions(doc):
        if m_start < start or m_end > end or entity_type == "Country":
            continue
        for event in events.events:
            if key in event.targets or key in event.locations:
                return event.key
    return None


def _latest_event_between(doc, start: int, end: int) -> str | None:
    events = doc._.ckg_events
    latest = None
    for sent in doc.sents:
        if sent.start_char >= start and sent.end_char <= end:
            here = events.in_sentence(sent)
            if here:
                latest = here[0].key
    return latest


def principal_event(doc) -> str | None:
    """The event the article is about: the first it reports that is not an earlier one."""
    events = doc._.ckg_events
    if not events or not events.events:
        return None
    current = [e for e in events.events if not getattr(e, "past", False)]
    return (current or events.events)[0].key
