"""Enrichment: Wikidata's facts about linked entities, from the catalog, in their own graph.

Offline queries can then ask for strikes in a country through a place's `wdt:P17`, or plot
places from their GeoSPARQL WKT points, without calling Wikidata.
"""
from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from .iris import GEO, OWL, RDFS, SCHEMA, WD, WDT, Minter
from .link.catalog import Catalog
from .store import GraphStore


def enrichment_quads(catalog: Catalog, qids: set[str], graph: str) -> list[Quad]:
    """The facts of the linked items `qids`, and the labels of their countries, so that a
    place's country can be named even when no article names it."""
    g = NamedNode(graph)
    quads = []
    countries = {catalog.get(e.country).qid for e in catalog
                 if e.qid in qids and e.country and catalog.get(e.country)}
    for entry in sorted(catalog, key=lambda e: e.id):
        if entry.qid and entry.qid in countries - qids and entry.type == "Country":
            item = NamedNode(WD + entry.qid)
            quads.append(Quad(item, NamedNode(RDFS + "label"), Literal(entry.label, language="en"), g))
            quads.append(Quad(item, NamedNode(WDT + "P17"), item, g))
        if not entry.qid or entry.qid not in qids:
            continue
        item = NamedNode(WD + entry.qid)
        quads.append(Quad(item, NamedNode(RDFS + "label"), Literal(entry.label, language="en"), g))
        if entry.description:
            quads.append(Quad(item, NamedNode(SCHEMA + "description"),
                              Literal(entry.description, language="en"), g))
        if entry.instance_of:
            quads.append(Quad(item, NamedNode(WDT + "P31"), NamedNode(WD + entry.instance_of), g))
        country = catalog.get(entry.country) if entry.country else None
        if country and country.qid:
            quads.append(Quad(item, NamedNode(WDT + "P17"), NamedNode(WD + country.qid), g))
        elif entry.type == "Country":
            quads.append(Quad(item, NamedNode(WDT + "P17"), item, g))
        if entry.lat is not None and entry.lon is not None:
            geometry = NamedNode(f"{WD}{entry.qid}#geometry")
            quads.append(Quad(item, NamedNode(GEO + "hasGeometry"), geometry, g))
            point = Literal(f"POINT({entry.lon} {entry.lat})", datatype=NamedNode(GEO + "wktLiteral"))
            quads.append(Quad(geometry, NamedNode(GEO + "asWKT"), point, g))
            quads.append(Quad(item, NamedNode(WDT + "P625"), point, g))  # as Wikidata has it
    return quads


def linked_qids(store: GraphStore) -> set[str]:
    query = f"SELECT DISTINCT ?item WHERE {{ ?entity <{OWL}sameAs> ?item }}"
    return {row["item"].value[len(WD):] for row in store.query(query)
            if row["item"].value.startswith(WD)}


def write_enrichment(store: GraphStore, catalog: Catalog, minter: Minter) -> None:
    graph = minter.graph("wikidata")
    store.replace_graph(graph, enrichment_quads(catalog, linked_qids(store), graph))
