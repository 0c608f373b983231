"""Counts that tell a user what a store holds: per class, per article, linked or not."""
from __future__ import annotations

from dataclasses import dataclass

from .iris import CKG, DCTERMS, OWL

CLASSES = ["Article", "Person", "ArmedGroup", "Organization", "Country", "Place", "Base",
           "Attack", "Strike", "Statement", "CasualtyReport"]
ENTITY_CLASSES = ["Person", "ArmedGroup", "Organization", "Country", "Place", "Base"]


@dataclass
class Stats:
    per_class: dict[str, int]
    per_article: list[tuple[str, int, int, int, int]]  # id, entities, events, statements, claims
    linked: int
    unlinked: int
    triples: int
    graphs: int


def collect_stats(store) -> Stats:
    per_class = {}
    for cls in CLASSES:
        query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{CKG}{cls}> }}"
        per_class[cls] = int(next(iter(store.query(query)))["n"].value)
    entity_values = " ".join(f"<{CKG}{c}>" for c in ENTITY_CLASSES)
    linked_query = f"""SELECT (COUNT(DISTINCT ?e) AS ?linked) (COUNT(DISTINCT ?u) AS ?unlinked) WHERE {{
        VALUES ?cls {{ {entity_values} }}
        {{ ?e a ?cls ; <{OWL}sameAs> ?item }} UNION {{ ?u a ?cls FILTER NOT EXISTS {{ ?u <{OWL}sameAs> ?any }} }}
    }}"""
    row = next(iter(store.query(linked_query)))
    article_query = f"""SELECT ?id
        (COUNT(DISTINCT ?entity) AS ?entities) (COUNT(DISTINCT ?event) AS ?events)
        (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?claim) AS ?claims)
      WHERE {{
        ?article a <{CKG}Article> ; <{DCTERMS}identifier> ?id .
        OPTIONAL {{ ?entity <{CKG}mentionedIn> ?article ; a ?ec . VALUES ?ec {{ {entity_values} }} }}
        OPTIONAL {{ ?event <{CKG}mentionedIn> ?article ; a ?vc . VALUES ?vc {{ <{CKG}Attack> <{CKG}Strike> }} }}
        OPTIONAL {{ ?statement <{CKG}mentionedIn> ?article ; a <{CKG}Statement> }}
        OPTIONAL {{ ?claim <{CKG}mentionedIn> ?article ; a <{CKG}CasualtyReport> }}
      }} GROUP BY ?id ORDER BY ?id"""
    per_article = [(r["id"].value, int(r["entities"].value), int(r["events"].value),
                    int(r["statements"].value), int(r["claims"].value))
                   for r in store.query(article_query)]
    triples = int(next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)))["n"].value)
    return Stats(per_class, per_article, int(row["linked"].value), int(row["unlinked"].value),
                 triples, len(store.graph_names()))
