"""`ckg_quotes`: statements — quoted words with their speaker, and reported speech.

The words and who said them come from the attributions (`attribution.attributions(doc)`),
which `ckg_casualties` reads too. "Officials" and "sources" name no one: their words are not
statements. Negated speech ("did not say whether", "declined to comment") is not a statement
either. A quote split by its attribution ("“A,” he said. “B.”") is one statement, and a quote
that opens a paragraph without attribution continues the speaker of the paragraph before.
Each statement is about the event its words concern (`about.event_about`).

Reported speech that only states a casualty count is left to the casualty claims, so it is not
recorded twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .about import event_about
from .attribution import Quote, attributions, quotes_of

if not Doc.has_extension("ckg_statements"):
    Doc.set_extension("ckg_statements", default=None)

MIN_REPORTED_WORDS = 5


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


def clean_words(text: str) -> str:
    """The words without quotation marks, "that" or trailing commas, on one line."""
    text = re.sub(r"[“”\"„‟]", "", text)
    text = re.sub(r"(?<!\w)‘|’(?!\w)", "", text)
    text = " ".join(text.split())
    text = re.sub(r"^(?:in an? (?:\w+ )?statement(?: on \w+)?,?\s+)?(?:that|:|,|-|—)\s+", "",
                  text).strip(" ,;:")
    return text


def find_statements(doc: Doc) -> Doc:
    text = doc.text
    found = attributions(doc)
    quotes = quotes_of(doc)
    claims = doc.user_data.get("ckg_casualty_phrases", [])
    statements: list[StatementMention] = []
    covered: list[Quote] = []
    by_quote: dict[int, StatementMention] = {}
    for attribution in found:
        if attribution.negated or not attribution.speaker or attribution.secondary:
            covered += attribution.quotes
            continue
        words = clean_words(text[attribution.start:attribution.end])
        quoted_words = sum(len(text[q.start:q.end].split()) for q in attribution.quotes)
        if quoted_words * 2 < len(words.split()):
            object_words = len(words.split()) - (words.lower().startswith(attribution.verb))
            # a second verb of a named speaker is speech however short ("and promised to respond")
            least = 2 if attribution.coordinated else MIN_REPORTED_WORDS
            if attribution.relative or (object_words < least and not attribution.quotes):
                continue
            # a casualty count only is a claim, not a statement: the words are short or open
            # with the count; a further speech act (", calling them …") keeps them
            further = re.search(r",\s*(?:calling|describing|saying|adding|warning|noting)\b",
                                words)
            if not further and any(
                    attribution.start <= s < attribution.end and
                    (len(words.split()) <= 25 or len(text[attribution.start:s].split()) <= 6)
                    for s, _ in claims):
                continue
        elif len(words.split()) < 2:
            continue
        mention = StatementMention(attribution.start, attribution.end, words,
                                   attribution.speaker, None, f"quotes.{attribution.form}")
        statements.append(mention)
        for quote in attribution.quotes:
            covered.append(quote)
            by_quote[quote.start] = mention
    _continue_quotes(doc, quotes, covered, statements, by_quote, found)
    statements.sort(key=lambda s: s.start_char)
    for statement in statements:
        statement.about = event_about(doc, statement.start_char, statement.end_char)
    doc._.ckg_statements = _without_repeats(statements)
    return doc


def _continue_quotes(doc, quotes, covered, statements, by_quote, found) -> None:
    """Quotes with no attribution of their own: the second half of a split quote joins the
    first; a quote that opens a paragraph continues the speaker of the paragraph before."""
    text = doc.text
    covered_starts = {q.start for q in covered}
    named = [a for a in found if a.speaker and not a.negated]
    for quote in quotes:
        if quote.start in covered_starts or len(text[quote.start:quote.end].split()) < 2:
            continue
        earlier = [q for q in quotes if q.line == quote.line and q.end <= quote.start
                   and q.start in by_quote]
        if earlier:
            statement = by_quote[earlier[-1].start]
            statement.text = clean_words(statement.text + " " + text[quote.start:quote.end])
            statement.end_char = quote.end
            by_quote[quote.start] = statement
            continue
        line_text = text[sum(len(t) + 1 for t in text.split("\n")[:quote.line]):quote.mark_start]
        opens_paragraph = not re.search(r"[A-Za-z]", line_text)
        if not opens_paragraph or len(text[quote.start:quote.end].split()) < 4:
            continue
        previous = [a for a in named if a.end <= quote.mark_start and
                    quote.line - _line_of(text, a.end) <= 2]
        own = [a for a in named if quote.start <= a.cue_start <= quote.end + 80 and
               _line_of(text, a.cue_start) == quote.line]
        if own or not previous:
            continue
        mention = StatementMention(quote.start, quote.end, clean_words(text[quote.start:quote.end]),
                                   previous[-1].speaker, None, "quotes.continued")
        statements.append(mention)
        by_quote[quote.start] = mention


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position)


def _without_repeats(statements: list[StatementMention]) -> list[StatementMention]:
    """The same words by the same speaker once: keep the longer wording."""
    kept: list[StatementMention] = []
    for statement in sorted(statements, key=lambda s: -len(s.text)):
        norm = statement.text.lower()
        if any(other.speaker == statement.speaker and norm in other.text.lower() for other in kept):
            continue
        kept.append(statement)
    return sorted(kept, key=lambda s: s.start_char)
