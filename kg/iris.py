"""Deterministic IRIs for everything the graph holds.

The same input always gives the same IRIs, so re-building is idempotent and separate builds
(other processes, other machines) agree on the node of a shared entity or event.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

CKG = "https://w3id.org/conflict-kg/ontology#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
GEO = "http://www.opengis.net/ont/geosparql#"

#: Prefixes for Turtle output and for queries typed by users.
PREFIXES = {
    "ckg": CKG, "wd": WD, "wdt": WDT, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "skos": SKOS, "dcterms": DCTERMS, "prov": PROV, "schema": SCHEMA, "geo": GEO,
}


def slug(text: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated: 'Kata'ib Hezbollah' -> 'kataib-hezbollah'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’‘`]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_length] or "x"


def short_hash(*parts: object, length: int = 12) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return digest[:length]


class Minter:
    """Mints instance IRIs under one base."""

    def __init__(self, base: str):
        self.base = base

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{quote(article_id, safe='')}"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}entity/{entity_id}"

    def named_entity(self, name_slug: str) -> str:
        """An entity that no catalog entry stands for, by its name: a path of its own, so that
        it never takes the IRI of a catalog entry whose id is the same slug."""
        return f"{self.base}entity/name/{name_slug}"

    def event(self, event_id: str) -> str:
        return f"{self.base}event/{event_id}"

    def statement(self, article_id: str, start: int, end: int) -> str:
        return f"{self.base}statement/{short_hash(article_id, start, end)}"

    def casualty(self, article_id: str, start: int, end: int, about: str | None) -> str:
        return f"{self.base}casualty/{short_hash(article_id, start, end, about)}"

    def evidence(self, article_id: str, start: int, end: int, rule: str) -> str:
        return f"{self.base}evidence/{short_hash(article_id, start, end, rule)}"

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"
