"""The extraction pipeline and the step from a processed `Doc` to pydantic records."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ExtractionError
from ..link.catalog import load_catalog
from ..models import (Article, ArticleExtraction, CasualtyClaim, Entity, Event, Evidence, Mention,
                      Statement)
from . import casualties, entities, events, gazetteer, names, quotes  # noqa: F401  (factories)
from .furniture import blank_furniture

#: Our components, in order; each reads what the ones before it left on the Doc.
COMPONENTS = ["ckg_gazetteer", "ckg_names", "ckg_surnames", "ckg_entities", "ckg_events",
              "ckg_casualties", "ckg_quotes"]
CATALOG_AWARE = {"ckg_gazetteer", "ckg_entities", "ckg_events"}


@Language.component("ckg_line_breaks")
def line_breaks(doc):
    """A line break ends a sentence also when blank lines follow: spaCy makes "\n\n" one
    token, which the sentencizer's punctuation list does not catch."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def build_pipeline(*, catalog_files: tuple[str, ...] = (), spacy_model: str | None = None) -> Language:
    """A blank English pipeline with our components, or a pretrained one with them added."""
    return _build(tuple(str(p) for p in catalog_files), spacy_model)


@lru_cache(maxsize=4)
def _build(catalog_files: tuple[str, ...], spacy_model: str | None) -> Language:
    if spacy_model:
        try:
            nlp = spacy.load(spacy_model)
        except OSError as error:
            raise ExtractionError(f"cannot load spaCy pipeline {spacy_model!r}: {error}") from None
    else:
        nlp = spacy.blank("en")
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "\n"]})
        nlp.add_pipe("ckg_line_breaks")
    for name in COMPONENTS:
        config = {"catalog_files": list(catalog_files)} if name in CATALOG_AWARE else {}
        nlp.add_pipe(name, config=config)
    return nlp


def process(nlp: Language, text: str, published: dt.date | None = None) -> Doc:
    """The text through every component, furniture blanked first (offsets unchanged): the Doc
    that `extract` turns into records, for callers that want to look at it."""
    doc = nlp.make_doc(blank_furniture(text))
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def extract(article: Article, nlp: Language) -> ArticleExtraction:
    """Everything the article says, as validated records. Raises ExtractionError."""
    try:
        return to_records(article, process(nlp, article.text, article.published), nlp)
    except ExtractionError:
        raise
    except Exception as error:  # a bug in a rule must not lose the other articles
        raise ExtractionError(f"{article.source or article.id}: extraction failed: "
                              f"{type(error).__name__}: {error}") from error


def to_records(article: Article, doc, nlp: Language) -> ArticleExtraction:
    catalog = load_catalog(nlp.get_pipe_config("ckg_gazetteer").get("catalog_files", []))
    found = doc._.ckg_entities
    records: dict[str, Entity] = {}
    for key, record in found.records.items():
        seen = []
        for span in record.spans:
            if span.text not in seen:
                seen.append(span.text)
        records[key] = Entity(
            key=key, label=record.label, type=record.type, rule=record.rule,
            catalog_id=record.catalog_id,
            mentions=[Mention(text=s.text, start=s.start_char, end=s.end_char) for s in record.spans])

    def ensure(key: str) -> str:
        """Keys that events point to but the text does not name (a place's country)."""
        if key not in records:
            entry = catalog.get(key)
            if entry is None:
                raise ExtractionError(f"unknown entity key {key!r}")
            records[key] = Entity(key=key, label=entry.label, type=entry.type,
                                  catalog_id=entry.id, rule="catalog.country-of-place")
        return key

    event_records = []
    for mention in (doc._.ckg_events.events if doc._.ckg_events else []):
        event_records.append(Event(
            key=mention.key, type=mention.type, label=mention.type, date=mention.date,
            date_hint=mention.date_hint,
            perpetrators=[ensure(k) for k in mention.perpetrators], ordered_by=mention.ordered_by,
            targets=mention.targets, locations=[ensure(k) for k in mention.locations],
            in_response_to=mention.in_response_to, weapons=mention.weapons,
            evidence=Evidence(start=mention.start_char, end=mention.end_char, rule=mention.rule)))
    statements = [Statement(speaker=s.speaker, text=s.text, about=s.about,
                            evidence=Evidence(start=s.start_char, end=s.end_char, rule=s.rule))
                  for s in (doc._.ckg_statements or [])]
    claims = [CasualtyClaim(about=c.about, killed=c.killed, injured=c.injured,
                            reported_by=c.reported_by,
                            evidence=Evidence(start=c.start_char, end=c.end_char, rule=c.rule))
              for c in (doc._.ckg_casualties or [])]
    for key, record in found.records.items():
        records[key].backed_by = [ensure(k) for k in sorted(record.backed_by)]
    return ArticleExtraction(article=article, entities=list(records.values()),
                             events=event_records, statements=statements, casualties=claims)
