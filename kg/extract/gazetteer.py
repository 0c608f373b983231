"""`ckg_gazetteer`: names from the linking catalog, found with spaCy's PhraseMatcher.

Every label and alias of the catalog is a pattern; matching is on lower case except for short
all-capital acronyms ("KH", "SDF"), which match only in capitals so that ordinary words do not.
Demonyms ("Iranian", "Iraqi") name their country: "Iranian-backed militias" mentions Iran.

A match written all in lower case is dropped: names are capitalised in news, and catalog
aliases such as "Hit" (a town in Anbar) or "coalition forces" are also ordinary words. So is a
match that ends in "government" or "regime" after a demonym: "the Iranian government" is how
news names the state itself, and the demonym stays as a mention of the country ("Iraq's
government", possessive, is the institution and stays a match).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..link.catalog import load_catalog
from .spans import add_candidates

#: Adjectives of nationality that news uses for a country, by the country's catalog label.
DEMONYMS = {
    "Iran": ["Iranian"], "Iraq": ["Iraqi"], "Syria": ["Syrian"],
    "United States": ["American", "Americans"], "Israel": ["Israeli"], "Russia": ["Russian"],
    "Turkey": ["Turkish"], "Lebanon": ["Lebanese"], "Jordan": ["Jordanian"],
    "Saudi Arabia": ["Saudi"], "United Kingdom": ["British"], "Yemen": ["Yemeni"],
    "Kuwait": ["Kuwaiti"], "Qatar": ["Qatari"], "France": ["French"], "Germany": ["German"],
    "Afghanistan": ["Afghan"], "Pakistan": ["Pakistani"], "Egypt": ["Egyptian"],
    "China": ["Chinese"], "Bahrain": ["Bahraini"], "Oman": ["Omani"], "Libya": ["Libyan"],
    "United Arab Emirates": ["Emirati"], "Azerbaijan": ["Azerbaijani"],
}


#: Words that, after a demonym, name the state rather than an organisation of it.
STATE_WORDS = {"government", "regime"}


def _variants(name: str) -> set[str]:
    """Spellings that differ only in the apostrophe used."""
    variants = {name, name.replace("'", "\u2019"), name.replace("\u2019", "'")}
    return {v for v in variants if v.strip()}


def is_acronym(name: str) -> bool:
    return len(name) <= 5 and name.replace(".", "").isupper()


@Language.factory("ckg_gazetteer", default_config={"catalog_files": []})
def make_gazetteer(nlp: Language, name: str, catalog_files: list[str]):
    return Gazetteer(nlp, catalog_files)


class Gazetteer:
    def __init__(self, nlp: Language, catalog_files: list[str]):
        self.catalog = load_catalog(catalog_files)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_patterns: dict[str, list] = {}
        exact_patterns: dict[str, list] = {}
        for entry in self.catalog:
            for name in entry.names:
                target = exact_patterns if is_acronym(name) else lower_patterns
                target.setdefault(entry.id, []).extend(nlp.make_doc(v) for v in _variants(name))
        by_label = {e.label: e for e in self.catalog if e.type == "Country"}
        for country, words in DEMONYMS.items():
            if country in by_label:
                exact_patterns.setdefault(by_label[country].id, []).extend(
                    nlp.make_doc(w) for w in words)
        for entry_id, docs in lower_patterns.items():
            self.lower.add(entry_id, docs)
        for entry_id, docs in exact_patterns.items():
            self.exact.add(entry_id, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                entry = self.catalog.get(doc.vocab.strings[match_id])
                if not self._written_as_name(doc[start:end]):
                    continue
                spans.append(Span(doc, start, end, label=entry.type, kb_id=entry.id))
        add_candidates(doc, spans, rule="gazetteer")
        return doc

    @staticmethod
    def _written_as_name(span: Span) -> bool:
        possessive = any(t.lower_ in ("'s", "’s") for t in span)
        if span[-1].lower_ in STATE_WORDS and len(span) >= 2 and not possessive:
            return False  # "the Iraqi government", but "Iraq's government" names an institution
        return any(c.isupper() for c in span.text)
