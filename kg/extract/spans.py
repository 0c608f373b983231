"""Shared bookkeeping for the entity components: candidate spans and the rule behind each.

The rule is kept in the Doc's user data under the span's offsets, label and catalog id: spaCy
stores a Span extension by offsets alone, so two candidates over the same words (the catalog's
and the name finder's) would overwrite each other's rule.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

CANDIDATES = "ckg_candidates"
RULES = "ckg_rules"

if not Doc.has_extension("dateline"):
    Doc.set_extension("dateline", default=None)  # see gazetteer.mark_dateline
if not Span.has_extension("rule"):
    Span.set_extension("rule", getter=lambda span: rule_of(span))


def _rule_key(span: Span) -> tuple:
    return (span.start, span.end, span.label_, span.kb_id_)


def rule_of(span: Span) -> str | None:
    return span.doc.user_data.get(RULES, {}).get(_rule_key(span))


def set_rule(span: Span, rule: str) -> Span:
    span.doc.user_data.setdefault(RULES, {})[_rule_key(span)] = rule
    return span


def add_candidates(doc: Doc, spans: list[Span], *, rule: str) -> None:
    """Add spans to the candidates; a span without a rule of its own gets `rule`."""
    for span in spans:
        if rule_of(span) is None:
            set_rule(span, rule)
    group = doc.spans.get(CANDIDATES, [])
    doc.spans[CANDIDATES] = list(group) + spans


def choose_entities(doc: Doc) -> list[Span]:
    """Non-overlapping candidates, longest first; on a tie the catalog's (kb_id) wins."""
    candidates = sorted(doc.spans.get(CANDIDATES, []),
                        key=lambda s: (not s.kb_id_, s.start))
    return filter_spans(candidates)
