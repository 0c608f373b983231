"""`ckg_casualties`: claims of killed and injured, who claims them, and about which event.

A claim is a count next to a casualty verb or noun: "at least five fighters were killed",
"killing one child and wounding three", "a contractor was killed and nine others injured",
"two people died". Vague quantities ("several", "dozens") give no count. The source is the
entity that says or reports it in the same sentence ("SOHR said", "according to SANA");
a claim by unnamed "sources" or "officials" has none. Claims from different sources are kept
side by side: nothing is averaged or overwritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("ckg_casualties"):
    Doc.set_extension("ckg_casualties", default=None)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12, "hundred": 100,
}
NUMBER = r"(?:\d[\d,]*|%s)" % "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
QUALIFIER = r"(?:at least|up to|more than|over|some|about|around|nearly|almost|as many as)"
WHO = (r"(?:(?:other|more|additional|further|u\.?s\.?|american|iraqi|syrian|iranian|civilian|"
       r"non-american|\"non-american\"|“non-american”|military|militia|local|"
       r"[a-z]+-(?:backed|led)) )*"
       r"(?:people|persons?|civilians?|fighters?|militants?|members?|soldiers?|troops?|"
       r"servicemen|service members?|personnel|contractors?|child(?:ren)?|kids?|"
       r"wom[ae]n|m[ae]n|others?|officers?|guards?|commanders?|policemen|police officers?|"
       r"militiamen|americans|iraqis|syrians|iranians|staff|workers?|individuals?|"
       r"employees?|residents?|villagers?|combatants?)")
KILLED = r"(?:killed|dead|died|slain|martyred|lost (?:his|her|their) li(?:fe|ves))"
INJURED = r"(?:injured|wounded|hurt|injuring|wounding|hurting)"
KILL_VERB = r"(?:killing|killed|kill)"
INJURE_VERB = r"(?:wounding|wounded|injuring|injured|hurting|hurt)"

#: "five fighters were killed", "one person was lost his life", "a child had died"
COUNT_THEN_KILLED = re.compile(
    rf"\b(?:{QUALIFIER} )?(?P<n>{NUMBER}) (?:{WHO} )?(?:\w+ ){{0,4}}?(?:were|was|have been|"
    rf"had been|has been|are|is|had|have|being)? ?{KILLED}\b", re.IGNORECASE)
COUNT_THEN_INJURED = re.compile(
    rf"\b(?:{QUALIFIER} )?(?P<n>{NUMBER}) (?:{WHO} )?(?:\w+ ){{0,4}}?(?:were|was|have been|"
    rf"had been|has been|are|is|being)? ?{INJURED}\b", re.IGNORECASE)
#: "killing one child", "killed a US contractor", "wounded nine others"
KILLED_THEN_COUNT = re.compile(
    rf"\b{KILL_VERB} (?:{QUALIFIER} )?(?P<n>{NUMBER}) {WHO}", re.IGNORECASE)
INJURED_THEN_COUNT = re.compile(
    rf"\b{INJURE_VERB} (?:{QUALIFIER} )?(?P<n>{NUMBER}) {WHO}", re.IGNORECASE)
#: reporting cues: the entity before them (or after "according to") is the source
SOURCE_CUE = re.compile(r"\b(?:said|says|reported|reports|told|according to|claimed|"
                        r"announced|stated|confirmed)\b", re.IGNORECASE)
ANONYMOUS = re.compile(r"\b(?:sources?|officials?|witnesses|residents|activists|medics)\b",
                       re.IGNORECASE)
SOURCE_TYPES = {"Organization", "Person", "ArmedGroup", "Country"}


@dataclass
class CasualtyMention:
    start_char: int
    end_char: int
    killed: int | None
    injured: int | None
    reported_by: str | None
    about: str | None
    rule: str


def to_number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _count(patterns, text: str) -> tuple[int | None, int]:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return to_number(match.group("n")), match.start()
    return None, -1


@Language.factory("ckg_casualties")
def make_casualties(nlp: Language, name: str):
    return find_casualties


def find_casualties(doc: Doc) -> Doc:
    entities = doc._.ckg_entities
    events = doc._.ckg_events
    claims: list[CasualtyMention] = []
    for sent in doc.sents:
        text = sent.text
        killed, k_at = _count((COUNT_THEN_KILLED, KILLED_THEN_COUNT), text)
        injured, i_at = _count((COUNT_THEN_INJURED, INJURED_THEN_COUNT), text)
        if killed is None and injured is None:
            continue
        if re.search(r"\b(?:did not|didn't|not) say whether\b", text, re.IGNORECASE):
            continue
        source = None
        for span, record in entities.in_range(doc, sent.start, sent.end):
            if record.type not in SOURCE_TYPES:
                continue
            window = doc[max(sent.start, span.start - 3):min(sent.end, span.end + 6)].text
            if SOURCE_CUE.search(window):
                source = record.key
                break
        in_sentence = events.in_sentence(sent) if events else []
        about = None
        if in_sentence:
            about = in_sentence[0].key
            if len(in_sentence) > 1:
                # the first event of the sentence may be the answering strike; the count
                # belongs to the event the count phrase follows
                first_at = min(x for x in (k_at, i_at) if x >= 0)
                about = in_sentence[-1].key if first_at > len(text) // 2 else in_sentence[0].key
        elif events:
            previous = events.latest_before(sent)
            about = previous.key if previous else None
        claims.append(CasualtyMention(sent.start_char, sent.end_char, killed, injured, source,
                                      about, "casualties.count-verb"))
    doc._.ckg_casualties = claims
    return doc
