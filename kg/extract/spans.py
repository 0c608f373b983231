"""Shared bookkeeping for the entity components: candidate spans and the rule behind each."""
from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

CANDIDATES = "ckg_candidates"

if not Span.has_extension("rule"):
    Span.set_extension("rule", default=None)


def add_candidates(doc: Doc, spans: list[Span], *, rule: str) -> None:
    for span in spans:
        if span._.rule is None:
            span._.rule = rule
    group = doc.spans.get(CANDIDATES, [])
    doc.spans[CANDIDATES] = list(group) + spans


def choose_entities(doc: Doc) -> list[Span]:
    """Non-overlapping candidates, longest first; on a tie the catalog's (kb_id) wins."""
    candidates = sorted(doc.spans.get(CANDIDATES, []),
                        key=lambda s: (not s.kb_id_, s.start))
    return filter_spans(candidates)
