"""`ckg_quotes`: statements — quoted words with their speaker, and reported speech.

Quotes are found by their marks (“…”, "…", and ‘…’ around several words), may run over
several sentences, and may be split by the attribution ("“A,” he said. “B.”"). The speaker is
the entity next to a speech verb near the quote: after it (", Kirby said", "said Kirby",
"X told Reuters"), or before it ("X said:", "according to X, “…”"). Pronouns and "the
statement" point back to the last speaker. Reported speech with a named speaker ("The Pentagon
said the strikes hit …") is a statement too, its words being the reported clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("ckg_statements"):
    Doc.set_extension("ckg_statements", default=None)

SPEECH = (r"(?:said|says|say|told|tells|added|adds|noted|stated|states|wrote|argued|explained|"
          r"announced|warned|claimed|insisted|tweeted|declared|continued|concluded|asserted|"
          r"alleged|alleging|saying|specified|acknowledged|confirmed|denied|denies|vowed|"
          r"pledged|reported|reports)")
QUOTE = re.compile(r"“(?P<a>[^“”]{3,}?)”|\"(?P<b>[^\"]{3,}?)\"|(?<![\w])‘(?P<c>[^‘’]{3,}?\s[^‘’]*?)’(?![\w])",
                   re.DOTALL)
ATTRIBUTION_AFTER = re.compile(rf"^[\s,.]*(?:(?:{SPEECH})\b|(?:\w+[ ,]+){{1,8}}?(?:{SPEECH})\b)",
                               re.IGNORECASE)
PRONOUNS = {"he", "she", "they", "it", "the statement", "the spokesman", "the spokeswoman",
            "the ministry", "the department", "the official", "the agency", "the group"}
REPORTED = re.compile(
    rf"\b(?P<verb>said|says|announced|claimed|denied|stated|confirmed|reported|warned|"
    rf"pledged|vowed|accused|insisted)\b(?: (?:on|in|late|early|this|last) [\w ]{{0,25}}?)?"
    rf"(?: (?:that|it|its|they|he|she))?",
    re.IGNORECASE)
NEGATED = re.compile(r"\b(?:did not|didn't|does not|doesn't|not|declined to|refused to)\s+$",
                     re.IGNORECASE)
SPEAKER_TYPES = ("Person", "Organization", "ArmedGroup", "Country")


@dataclass
class StatementMention:
    start_char: int
    end_char: int
    text: str
    speaker: str
    about: str | None
    rule: str


@Language.factory("ckg_quotes")
def make_quotes(nlp: Language, name: str):
    return find_statements


def _entity_spans(doc):
    entities = doc._.ckg_entities
    return [(span, entities.record(span)) for span in doc.ents if entities.record(span)]


def _speaker_in(doc, spans, start: int, end: int, prefer_last: bool):
    """The speaker among entity mentions between two character offsets."""
    found = [(span, record) for span, record in spans
             if span.start_char >= start and span.end_char <= end and record.type in SPEAKER_TYPES]
    if not found:
        return None
    persons = [f for f in found if f[1].type == "Person"]
    pool = persons or found
    return (pool[-1] if prefer_last else pool[0])[1].key


def _about(doc, events, start_char: int):
    if not events:
        return None
    sent = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if sent is None:
        return None
    sentence = sent.sent
    here = events.in_sentence(sentence)
    if here:
        return here[0].key
    previous = events.latest_before(sentence)
    return previous.key if previous else None


def find_statements(doc: Doc) -> Doc:
    text = doc.text
    spans = _entity_spans(doc)
    events = doc._.ckg_events
    statements: list[StatementMention] = []
    last_speaker = None
    quoted_ranges = []
    for match in QUOTE.finditer(text):
        words = next(g for g in match.groups() if g is not None).strip()
        if len(words.split()) < 2:
            continue
        q_start, q_end = match.span()
        quoted_ranges.append((q_start, q_end))
        speaker = None
        rule = None
        after = text[q_end:q_end + 120]
        after_line = after.split("\n")[0]
        attribution = ATTRIBUTION_AFTER.match(after_line)
        if attribution:
            speaker = _speaker_in(doc, spans, q_end, q_end + attribution.end() + 40, prefer_last=False)
            if speaker is None and re.search(r"\b(?:he|she|they)\b", after_line[:attribution.end() + 5], re.I):
                speaker = last_speaker
            if speaker is None and re.search(r"\bthe statement\b", after_line, re.I):
                speaker = last_speaker
            rule = "quotes.attribution-after"
        if speaker is None:
            line_start = text.rfind("\n", 0, q_start) + 1
            sentence_start = max(line_start, max((text.rfind(p, 0, q_start) for p in (". ", "? ", "! ")), default=-1) + 1)
            before = text[sentence_start:q_start]
            if re.search(rf"\b{SPEECH}\b|according to|statement|:\s*$", before, re.IGNORECASE):
                speaker = _speaker_in(doc, spans, sentence_start, q_start, prefer_last=False)
                if speaker is None and re.search(r"\b(?:he|she|they)\b", before, re.I):
                    speaker = last_speaker
                rule = "quotes.attribution-before"
        if speaker is None and last_speaker and q_start - (statements[-1].end_char if statements else 0) < 400 \
                and re.match(r"^\s*$", text[statements[-1].end_char:q_start] if statements else "x"):
            speaker = last_speaker
            rule = "quotes.continued"
        if speaker is None:
            continue
        last_speaker = speaker
        statements.append(StatementMention(q_start, q_end, words, speaker,
                                           _about(doc, events, q_start), rule))
    for sent in doc.sents:
        s_text = sent.text
        for match in REPORTED.finditer(s_text):
            absolute = sent.start_char + match.start()
            if any(a <= absolute < b for a, b in quoted_ranges):
                continue
            if NEGATED.search(s_text[:match.start()]):
                continue
            speaker = _speaker_in(doc, spans, sent.start_char, absolute, prefer_last=True)
            clause = s_text[match.end():].strip(" ,:")
            if speaker is None or len(clause.split()) < 4:
                continue
            if any(q_start >= sent.start_char and q_start < sent.end_char
                   for q_start, _ in quoted_ranges):
                clause = s_text.strip()
            words = s_text[match.start():].strip() if match.group("verb").lower() in (
                "denied", "pledged", "vowed", "accused") else clause
            statements.append(StatementMention(sent.start_char, sent.end_char, words.strip(),
                                               speaker, _about(doc, events, sent.start_char),
                                               "quotes.reported-speech"))
            break
    doc._.ckg_statements = statements
    return doc
