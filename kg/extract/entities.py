"""`ckg_entities`: one entity per real thing an article names.

Chooses among the candidate spans of the gazetteer, the name finder and (if one is loaded) a
pretrained NER, then groups the mentions: every spelling the catalog resolves to one entry is
one entity, a surname stands for the full name used earlier ("Kirby" after "John Kirby"), and
an acronym in brackets is the name before it ("Kait'ib Hezbollah (KH)").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..link.catalog import load_catalog, normalize_name
from .spans import CANDIDATES, add_candidates, choose_entities

#: How a pretrained pipeline's labels map to ours (only used with --spacy-model).
NER_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "FAC": "Place", "NORP": None}

for _name in ("ckg_entities",):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("entity_key"):
    Span.set_extension("entity_key", default=None)


@dataclass
class EntityRecord:
    key: str
    label: str
    type: str
    catalog_id: str | None
    rule: str
    spans: list[Span] = field(default_factory=list)
    backed_by: set[str] = field(default_factory=set)


@dataclass
class DocEntities:
    """The entities of one document and the key of each chosen span."""

    records: dict[str, EntityRecord] = field(default_factory=dict)
    key_at: dict[tuple[int, int], str] = field(default_factory=dict)

    def key(self, span: Span) -> str | None:
        return self.key_at.get((span.start, span.end))

    def record(self, span: Span) -> EntityRecord | None:
        key = self.key(span)
        return self.records.get(key) if key else None

    def in_range(self, doc: Doc, start: int, end: int) -> list[tuple[Span, EntityRecord]]:
        """Entity mentions inside a token range, in order."""
        return [(span, self.records[self.key(span)]) for span in doc.ents
                if span.start >= start and span.end <= end and self.key(span)]


@Language.factory("ckg_entities", default_config={"catalog_files": []})
def make_entities(nlp: Language, name: str, catalog_files: list[str]):
    catalog = load_catalog(catalog_files)

    def group_entities(doc: Doc) -> Doc:
        pretrained = [Span(doc, e.start, e.end, label=NER_LABELS[e.label_])
                      for e in doc.ents if NER_LABELS.get(e.label_)]
        if pretrained:
            add_candidates(doc, pretrained, rule="pretrained-ner")
        chosen = choose_entities(doc)
        doc.ents = chosen
        result = DocEntities()
        by_name: dict[str, str] = {}
        persons: list[EntityRecord] = []
        for span in doc.ents:
            entry = catalog.get(span.kb_id_) if span.kb_id_ else None
            if entry is not None:
                key = entry.id
                record = result.records.get(key) or EntityRecord(
                    key, entry.label, entry.type, entry.id, span._.rule or "gazetteer")
            else:
                key = _alias_of(span, persons, result, by_name) or _new_key(span.text, result)
                record = result.records.get(key) or EntityRecord(
                    key, _clean_label(span.text), span.label_, None, span._.rule or "names")
            record.spans.append(span)
            result.records[key] = record
            result.key_at[(span.start, span.end)] = key
            by_name.setdefault(normalize_name(span.text), key)
            if record.type == "Person" and record not in persons:
                persons.append(record)
        doc._.ckg_entities = result
        return doc

    return group_entities


def _clean_label(text: str) -> str:
    text = " ".join(text.replace("\u2019", "'").split())
    return text[4:] if text.lower().startswith("the ") else text


def _new_key(text: str, result: DocEntities) -> str:
    return "local:" + normalize_name(text)


def _alias_of(span: Span, persons: list[EntityRecord], result: DocEntities,
              by_name: dict[str, str]) -> str | None:
    name = normalize_name(span.text)
    if name in by_name:
        return by_name[name]
    if span.label_ == "Person" and len(span) == 1:
        for record in reversed(persons):
            if normalize_name(record.label).split()[-1] == name:
                return record.key
    return None


@Language.factory("ckg_surnames")
def make_surnames(nlp: Language, name: str):
    """Later bare surnames of people already named ("Kirby said") become candidates."""

    def find_surnames(doc: Doc) -> Doc:
        candidates = doc.spans.get(CANDIDATES, [])
        surnames = {}
        for span in candidates:
            if span.label_ == "Person" and len(span) >= 2:
                surnames.setdefault(span[-1].text, span.start)
        spans = []
        for token in doc:
            first = surnames.get(token.text)
            if first is not None and token.i > first and token.text[:1].isupper():
                spans.append(Span(doc, token.i, token.i + 1, label="Person"))
        add_candidates(doc, spans, rule="names.surname")
        return doc

    return find_surnames
