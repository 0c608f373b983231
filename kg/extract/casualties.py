"""`ckg_casualties`: claims of killed and injured, who claims them, and about which event.

A count is read from the noun phrase next to a casualty word, in the shapes news uses:
"at least five fighters were killed", "a child had died", "nine others, including six
Americans, were injured" (the "including" part is a subset, not the count), "killing one child
and wounding three other civilians", "killed a US military contractor", "the death toll rose
to 12". A killing of named people counts them ("the killing of its general, Qassim
Suleimani" is one; "martyred … Soleimani and Abu Mahdi al-Muhandis" two). Vague quantities
("several", "dozens", "hundreds") give no count; intentions ("vowed to kill") no claim.

The source is whoever's words hold the count (`attribution.attributions`): "SOHR said at least
five …", "according to SANA, …", "the correspondent said …" (the last named outlet); unnamed
"sources" or "officials" give none. The event is the one the sentence reports, on the side of
a response cue where the count stands; else the one the paragraph or the article is about.
Claims from different sources stay side by side; the same claim repeated is kept once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .about import RESPONSE_CUE, event_about, event_at
from .attribution import attributions
from .entities import entity_mentions
from .prose import is_headline, sentences

if not Doc.has_extension("ckg_casualties"):
    Doc.set_extension("ckg_casualties", default=None)

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}
NUMBER_WORDS = {
    **UNITS, "a": 1, "an": 1, "another": 1, "single": 1, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12,
    "a hundred": 100, "one hundred": 100,
}
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER = (rf"(?:\d{{1,3}}(?:,\d{{3}})*|(?:{TENS})-(?:{'|'.join(UNITS)})|" +
          "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")")
QUALIFIER = (r"(?:(?:at least|up to|more than|over|some|about|around|nearly|almost|"
             r"as many as|an estimated|a total of|roughly|approximately)\s+)")
PEOPLE = (r"(?:people|persons?|civilians?|fighters?|militants?|members?|soldiers?|troops?|"
          r"servicem[ae]n|service ?members?|personnel|contractors?|child(?:ren)?|kids?|"
          r"wom[ae]n|m[ae]n|others?|officers?|guards?|commanders?|policem[ae]n|"
          r"police officers?|militiam[ae]n|americans|iraqis|syrians|iranians|staff(?:ers)?|"
          r"workers?|individuals?|employees?|residents?|villagers?|combatants?|gunmen|"
          r"jihadists?|insurgents?|recruits?|pilots?|sailors?|marines?|airmen|victims?|"
          r"passengers?|students?|journalists?|medics?|leaders?|operatives?|guests?|"
          r"bodyguards?|drivers?|escorts?|companions?|relatives?|reservists?|paramedics?|"
          r"terrorists?|mercenar(?:y|ies)|servicewom[ae]n|interpreters?|translators?|"
          r"(?:[a-z]+-)?(?:nationals?|citizens?)|worshippers|pilgrims|detainees|prisoners)")
#: A word between the count and the noun: "five militia fighters", "a “non-American” contractor".
MODIFIER = (rf"(?!(?:{NUMBER}|and|or|of|in|at|on|by|to|from|that|who|which|were|was|had|"
            r"have|has|said|says|reported|killed|wounded|injured)\b)"
            r"(?:(?:[A-Z]\.)+(?!\w)|[\w’'“”\"-]+)")  # "U.S." is one word
#: "three of our fighters", "two of them"
PARTITIVE = r"(?:\s+of\s+(?:them|those|(?:our|the|their|its|his|her|these)(?=\s)))?"
COUNT = (rf"(?P<q>{QUALIFIER})?(?P<n>{NUMBER}){PARTITIVE}"
         rf"(?:\s+(?:{MODIFIER}\s+){{0,4}}?{PEOPLE}[”\"’]?)?")
COUNT_WITH_NOUN = (rf"(?P<q>{QUALIFIER})?(?P<n>{NUMBER}){PARTITIVE}"
                   rf"\s+(?:{MODIFIER}\s+){{0,4}}?{PEOPLE}[”\"’]?")
SUBSET = r"(?:\s*,?\s+(?:including|among them)\s[^,;]{1,60}?,?)?"
AUX = (r"(?:(?:were|was|are|is|had|have|has|been|being|got|had been|have been|has been|"
       r"were|reportedly|also|later|all|both)\s+){0,3}")
DEAD = r"(?:killed|dead|died|slain|martyred|perished|lost (?:his|her|their) li(?:fe|ves))"
HURT = r"(?:injured|wounded|hurt)"

PASSIVE_KILLED = re.compile(rf"(?<![\w-])(?:{COUNT}){SUBSET}\s+{AUX}{DEAD}\b(?!\s+or\b)",
                            re.IGNORECASE)
PASSIVE_INJURED = re.compile(rf"(?<![\w-])(?:{COUNT}){SUBSET}\s+{AUX}{HURT}\b(?!\s+or\b)",
                             re.IGNORECASE)
ACTIVE_KILLED = re.compile(
    rf"(?<!\bto )\b(?:killing|killed|kills|kill|martyring|martyred)\s+(?:{COUNT_WITH_NOUN}|"
    rf"(?P<q2>{QUALIFIER})?(?P<n2>{NUMBER})(?=\s*(?:[,.;]|and\b|in\b|on\b|at\b)))",
    re.IGNORECASE)
ACTIVE_INJURED = re.compile(
    rf"(?<!\bto )\b(?:wounding|wounded|injuring|injured|hurting|hurt)\s+(?:{COUNT_WITH_NOUN}|"
    rf"(?P<q2>{QUALIFIER})?(?P<n2>{NUMBER})(?=\s*(?:[,.;]|and\b|in\b|on\b|at\b)))",
    re.IGNORECASE)
#: Counts listed before one verb add up: "three soldiers, two policemen and a civilian worker
#: were killed", "wounding four U.S. service members and two members of the security forces".
ITEM = (rf"(?:{QUALIFIER})?{NUMBER}{PARTITIVE}\s+(?:{MODIFIER}\s+){{0,4}}?"
        rf"(?:{PEOPLE}|[“\"‘]\w+[”\"’])(?:\s+[A-Z][a-z]+(?=\s+and\b))?")
LIST = rf"{ITEM}(?:\s*,\s*{ITEM})*\s*,?\s+and\s+{ITEM}"
LIST_PASSIVE = re.compile(rf"(?<![\w-])(?P<list>{LIST}){SUBSET}\s+{AUX}(?P<w>{DEAD}|{HURT})\b"
                          r"(?!\s+or\b)", re.IGNORECASE)
LIST_ACTIVE = re.compile(
    r"(?<!\bto )\b(?P<w>killing|killed|kills|martyring|martyred|wounding|wounded|injuring|"
    rf"injured|hurting)\s+(?P<list>{LIST})", re.IGNORECASE)
ITEM_COUNT = re.compile(rf"(?<![\w-])(?:{QUALIFIER})?(?P<n>{NUMBER})(?=\b)", re.IGNORECASE)
#: One person already counted, named again by a definite noun: "killing the contractor".
THE_ONE = re.compile(
    r"(?<!\bto )\b(?P<w>killing|killed|wounding|wounded|injuring|injured)\s+the\s+"
    r"(?:[\w’'-]+\s+){0,2}?(?:contractor|soldier|service ?member|civilian|driver|commander|"
    r"officer|guard|pilot|sailor|marine|airman|journalist|child|woman|man|interpreter)"
    r"(?![\w-])(?!\s+(?:of\b|and\s+(?!wound|injur|hurt)))", re.IGNORECASE)
#: A count that is only the first of an unstated number: "wounded a soldier and other personnel".
AND_MORE = re.compile(r"\s*,?\s+and\s+(?:other|several|many|more|some|dozens|scores|numerous)\b",
                      re.IGNORECASE)
#: "the number of wounded rose to 34", "raised the number of injured to 34"
NUMBER_OF = re.compile(rf"\bnumber of (?:the\s+)?(?P<w>dead|deaths|killed|wounded|injured|injuries)"
                       rf"\b[^.;]{{0,40}}?\b(?:to|at|reached|hit|of)\s+(?P<q>{QUALIFIER})?"
                       rf"(?P<n>{NUMBER})\b", re.IGNORECASE)
#: "no casualties", "without injuries": a count of none
NONE_OF = re.compile(r"\b(?:no|without(?:\s+any)?)\s+(?:\w+\s+)?(?P<w>casualties|injuries|deaths|"
                     r"fatalities)\b", re.IGNORECASE)
#: "at least one local civilian was among the injured"
AMONG = re.compile(rf"(?<![\w-])(?:{COUNT})\s+(?:was|were|is|are)\s+among\s+the\s+"
                   rf"(?P<w>dead|killed|injured|wounded)\b", re.IGNORECASE)
DEATH_TOLL = re.compile(rf"\bdeath toll\b[^.;]{{0,40}}?\b(?:of|at|to|reached|hit)\s+"
                        rf"(?P<q>{QUALIFIER})?(?P<n>{NUMBER})\b", re.IGNORECASE)
NO_ONE = re.compile(rf"\b(?:no one|nobody|no {PEOPLE}|none)\s+{AUX}(?P<w>{DEAD}|{HURT})\b",
                    re.IGNORECASE)
#: A killing of named people: "killed … Soleimani", "the killing of its general, X".
KILLING_OF = re.compile(r"(?<!\bto )\b(?:(?:killing|assassination|murder)\s+of|killing|killed|"
                        r"martyred|assassinated)\s+", re.IGNORECASE)
OBJECT_STOP = re.compile(r"[.;:]|\s(?:in|on|at|near|during|with|after|as|while|when|that|which|"
                         r"who|to|from|for|by|and (?:wounded|injured)|since|because)\s",
                         re.IGNORECASE)
VAGUE = re.compile(r"\b(?:dozens|scores|several|many|some|hundreds|thousands|including|numerous)\b",
                   re.IGNORECASE)
NEGATED_CLAIM = re.compile(r"\b(?:did not|didn't|does not|doesn't|would not|could not|not)\s+"
                           r"(?:say|said|confirm|reveal|disclose|know|specify)\b[^.;]*$|"
                           r"\bwhether\b[^.;,]*$", re.IGNORECASE)


@dataclass
class CasualtyMention:
    start_char: int
    end_char: int
    killed: int | None
    injured: int | None
    reported_by: str | None
    about: str | None
    rule: str
    phrase_start: int = 0
    phrase_end: int = 0


@dataclass
class _Count:
    kind: str  # "killed" or "injured"
    value: int
    start: int
    end: int
    rule: str


def to_number(text: str) -> int | None:
    text = " ".join(text.lower().replace(",", "").split())
    if text.isdigit():
        return int(text)
    if "-" in text:
        tens, _, unit = text.partition("-")
        if tens in NUMBER_WORDS and unit in UNITS:
            return NUMBER_WORDS[tens] + UNITS[unit]
    return NUMBER_WORDS.get(text)


@Language.factory("ckg_casualties")
def make_casualties(nlp: Language, name: str):
    return find_casualties


def _value(match: re.Match) -> int | None:
    raw = match.group("n") if match.groupdict().get("n") else match.groupdict().get("n2")
    if raw is None:
        return None
    value = to_number(raw)
    if value is not None and raw.isdigit() and 1900 <= value <= 2100:
        return None  # a year, not a count
    return value


def counts_in(text: str, offset: int, persons: list[tuple[int, int, str]]) -> list[_Count]:
    """Every killed or injured count in a sentence, in order; overlapping readings of the
    same words are read once."""
    found: list[_Count] = []
    for pattern, kind, rule in ((PASSIVE_KILLED, "killed", "count-then-verb"),
                                (PASSIVE_INJURED, "injured", "count-then-verb"),
                                (ACTIVE_KILLED, "killed", "verb-then-count"),
                                (ACTIVE_INJURED, "injured", "verb-then-count"),
                                (DEATH_TOLL, "killed", "death-toll")):
        for match in pattern.finditer(text):
            value = _value(match)
            if value is None or (rule == "verb-then-count" and AND_MORE.match(text, match.end())):
                continue
            found.append(_Count(kind, value, offset + match.start(), offset + match.end(), rule))
    for pattern, rule in ((LIST_PASSIVE, "list-then-verb"), (LIST_ACTIVE, "verb-then-list")):
        for match in pattern.finditer(text):
            values = [to_number(m.group("n")) for m in ITEM_COUNT.finditer(match.group("list"))]
            if not values or None in values:
                continue
            kind = "killed" if re.match(rf"{DEAD}|kill|martyr", match.group("w"),
                                        re.IGNORECASE) else "injured"
            found.append(_Count(kind, sum(values), offset + match.start(), offset + match.end(),
                                rule))
    for match in THE_ONE.finditer(text):
        kind = "killed" if match.group("w").lower().startswith("kill") else "injured"
        found.append(_Count(kind, 1, offset + match.start(), offset + match.end(), "the-one"))
    for match in NUMBER_OF.finditer(text):
        value = _value(match)
        if value is not None:
            kind = "killed" if re.match(r"dead|death|killed", match.group("w"), re.IGNORECASE) \
                else "injured"
            found.append(_Count(kind, value, offset + match.start(), offset + match.end(),
                                "number-of"))
    for match in AMONG.finditer(text):
        value = _value(match)
        if value is not None:
            kind = "killed" if match.group("w").lower() in ("dead", "killed") else "injured"
            found.append(_Count(kind, value, offset + match.start(), offset + match.end(), "among"))
    for match in NONE_OF.finditer(text):
        word = match.group("w").lower()
        kinds = {"casualties": ("killed", "injured"), "injuries": ("injured",)}.get(word, ("killed",))
        for kind in kinds:
            found.append(_Count(kind, 0, offset + match.start(), offset + match.end(), "none-of"))
    for match in NO_ONE.finditer(text):
        kind = "killed" if re.match(DEAD, match.group("w"), re.IGNORECASE) else "injured"
        found.append(_Count(kind, 0, offset + match.start(), offset + match.end(), "no-one"))
    for match in KILLING_OF.finditer(text):
        rest = _without_abbreviation_dots(text[match.end():])
        stop = OBJECT_STOP.search(rest)
        obj_end = match.end() + (stop.start() if stop else len(rest))
        obj = text[match.end():obj_end]
        if VAGUE.search(obj) or re.match(rf"\s*(?:{QUALIFIER})?{NUMBER}\b", obj, re.IGNORECASE):
            continue
        named = {key for start, end, key in persons
                 if offset + match.end() <= start and end <= offset + obj_end}
        if named:
            found.append(_Count("killed", len(named), offset + match.start(), offset + obj_end,
                                "killing-of-named"))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    readings: list[_Count] = []
    for count in found:
        if any(count.kind == r.kind and count.start < r.end and r.start < count.end
               for r in readings):
            continue
        readings.append(count)
    return readings


def _without_abbreviation_dots(text: str) -> str:
    """ "Gen. Qassem Soleimani" → "Gen  Qassem Soleimani", offsets kept: a title's dot ends nothing."""
    return re.sub(r"\b(?:[A-Z][a-z]{0,3}|(?:[A-Z]\.)*[A-Z])\.(?=\s*[A-Za-z])",
                  lambda m: m.group(0)[:-1] + " ", text)


def find_casualties(doc: Doc) -> Doc:
    text = doc.text
    spoken = attributions(doc)
    persons = [(s, e, k) for s, e, k, t in entity_mentions(doc) if t == "Person"]
    claims: list[CasualtyMention] = []
    for sent_start, sent_end in sentences(text):
        if is_headline(text, sent_start, sent_end):
            continue  # the body gives the count, with its source
        counts = counts_in(text[sent_start:sent_end], sent_start, persons)
        for group in _claims_of(counts, doc):
            first = group[0]
            clause = text[max(sent_start, text.rfind(",", sent_start, first.start) + 1,
                              _clause_start(text, sent_start, first.start)):first.start]
            if NEGATED_CLAIM.search(clause):
                continue
            source = _source(spoken, first.start)
            if source is False:
                continue
            killed = next((c.value for c in group if c.kind == "killed"), None)
            injured = next((c.value for c in group if c.kind == "injured"), None)
            participle = re.search(r",\s*$", text[sent_start:first.start]) and \
                re.match(r"(?:killing|wounding|injuring)\b", text[first.start:], re.IGNORECASE)
            cue = RESPONSE_CUE.search(text, sent_start, first.start)
            # "… in response to the attacks on X, killing a commander": the participle tells of
            # the main clause's event, not of the one it answers
            about = (event_at(doc, sent_start) if participle and cue else None) or \
                event_at(doc, first.start, group[-1].end) or \
                event_about(doc, first.start, group[-1].end)
            claims.append(CasualtyMention(
                sent_start, sent_end, killed, injured, source, about,
                "casualties." + "+".join(dict.fromkeys(c.rule for c in group)),
                phrase_start=first.start, phrase_end=group[-1].end))
    _distinct_evidence(text, claims)
    doc.user_data["ckg_casualty_phrases"] = [(c.phrase_start, c.phrase_end) for c in claims]
    doc._.ckg_casualties = _without_repeats(claims)
    return doc


def _distinct_evidence(text: str, claims: list[CasualtyMention]) -> None:
    """Two claims in one sentence ("X said 25 were injured; Y raised the number to 34") keep
    their own evidence: the sentence up to the claim's words, from the clause it starts in.
    (A claim is named by its evidence and event, so they must not share both.)"""
    spans: dict[tuple, int] = {}
    for claim in claims:
        spans[(claim.start_char, claim.end_char, claim.about)] = \
            spans.get((claim.start_char, claim.end_char, claim.about), 0) + 1
    for claim in claims:
        if spans[(claim.start_char, claim.end_char, claim.about)] > 1:
            clause = text.rfind(";", claim.start_char, claim.phrase_start)
            claim.start_char = clause + 1 if clause >= 0 else claim.start_char
            claim.end_char = claim.phrase_end


def _clause_start(text: str, sent_start: int, position: int) -> int:
    start = sent_start
    for brk in re.finditer(r";|\bbut\b|\bwhile\b", text[sent_start:position]):
        start = sent_start + brk.end()
    return start


def _claims_of(counts: list[_Count], doc) -> list[list[_Count]]:
    """Counts grouped into claims: one killed and one injured count about the same event."""
    groups: list[list[_Count]] = []
    for count in counts:
        current = groups[-1] if groups else None
        if current is not None and all(c.kind != count.kind for c in current) and \
                event_at(doc, current[0].start) == event_at(doc, count.start) and \
                count.start - current[-1].end < 120:
            current.append(count)
        else:
            groups.append([count])
    return groups


def _source(spoken, position: int):
    """The speaker whose words hold `position`: an entity key, None for none or unnamed,
    False when the words are negated ("did not say that …")."""
    holding = [a for a in spoken if a.start <= position < a.end and a.states_facts]
    if not holding:
        return None
    innermost = min(holding, key=lambda a: a.end - a.start)
    if innermost.negated:
        return False
    return innermost.speaker


def _less_complete(claim: CasualtyMention, other: CasualtyMention) -> bool:
    """The same source's claim about the same event, told again with more counts: "a contractor
    was killed …" then "… killing the contractor and wounding six"."""
    if other is claim or claim.reported_by != other.reported_by or claim.about != other.about:
        return False
    counts, more = (claim.killed, claim.injured), (other.killed, other.injured)
    return all(c is None or c == m for c, m in zip(counts, more)) and \
        sum(c is not None for c in more) > sum(c is not None for c in counts)


def _without_repeats(claims: list[CasualtyMention]) -> list[CasualtyMention]:
    """The same claim repeated in a later sentence is one claim; two counts of the same size
    in one sentence are two."""
    kept: list[CasualtyMention] = []
    seen: dict[tuple, int] = {}
    claims = [c for c in claims if not any(_less_complete(c, other) for other in claims)]
    for claim in claims:
        # a named source repeating its count is one claim, even where the article's wording
        # lets the event differ; unnamed claims are told apart by their event
        about = claim.about if claim.reported_by is None else None
        key = (about, claim.killed, claim.injured, claim.reported_by)
        if key in seen and seen[key] != claim.start_char:
            continue
        seen.setdefault(key, claim.start_char)
        kept.append(claim)
    return kept
