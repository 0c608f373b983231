"""`ckg_gazetteer`: names from the linking catalog, found with spaCy's PhraseMatcher.

Every label and alias of the catalog is a pattern; matching is on lower case except for short
all-capital acronyms ("KH", "SDF"), which match only in capitals so that ordinary words do not.
Demonyms ("Iranian", "Iraqi") name their country: "Iranian-backed militias" mentions Iran.

A match written all in lower case is dropped: names are capitalised in news, and catalog
aliases such as "Hit" (a town in Anbar) or "coalition forces" are also ordinary words. So is a
match that ends in "government" or "regime" after a demonym: "the Iranian government" is how
news names the state itself, and the demonym stays as a mention of the country ("Iraq's
government", possessive, is the institution and stays a match). A name ending in an adjective
before a noun is used as one: "an Iraqi military base" and "Iraqi military spokesman X" do not
mention the Iraqi armed forces.

The component also marks the wire dateline that opens a story as `doc._.dateline`
(`mark_dateline`), for the components after it.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..link.catalog import load_catalog
from .furniture import dateline_span
from .names import add_title_abbreviations
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
#: A name that ends in an adjective ("the Iraqi military", "US military") is used as an
#: adjective before these nouns: "an Iraqi military base", "Iraqi military spokesman Yahya
#: Rasool" describe a base or a person, not the armed forces as an actor.
ADJECTIVE_ENDINGS = {"military"}
ATTRIBUTIVE_HEADS = {
    "base", "bases", "spokesman", "spokeswoman", "spokesperson", "spokesmen", "official",
    "officials", "source", "sources", "commander", "commanders", "contractor", "contractors",
    "personnel", "officer", "officers", "adviser", "advisers", "advisor", "advisors",
    "installation", "installations", "facility", "facilities", "site", "sites", "position",
    "positions", "convoy", "convoys", "vehicle", "vehicles", "aircraft", "plane", "planes", "jet",
    "jets", "helicopter", "helicopters", "drone", "drones", "deaths", "casualties", "presence",
    "operation", "operations", "leaders", "leadership", "chief", "headquarters", "camp",
    "compound", "outpost", "airbase", "airfield", "intelligence", "trainers", "equipment",
    "cemetery", "hospital", "checkpoint", "checkpoints", "academy", "college", "court",
    "analyst", "analysts", "expert", "experts", "escalation", "action", "strike", "strikes"}


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
        add_title_abbreviations(nlp)  # before the patterns are tokenized
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
        mark_dateline(doc)
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
        if span[-1].lower_ in ADJECTIVE_ENDINGS and span.end < len(span.doc) and \
                span.doc[span.end].lower_ in ATTRIBUTIVE_HEADS:
            return False  # "an Iraqi military base"
        return any(c.isupper() for c in span.text)


def mark_dateline(doc: Doc) -> None:
    """`doc._.dateline`: the span of the wire dateline that opens the story ("BAGHDAD (AP) —"),
    or None. Its place names are still mentions of their entities, but they say where the story
    was filed: no event happened there because the dateline names it."""
    found = dateline_span(doc.text)
    doc._.dateline = doc.char_span(*found, alignment_mode="expand") if found else None
