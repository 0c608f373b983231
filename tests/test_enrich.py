"""Enrichment: Wikidata's facts about linked items, from the catalog, in their own graph."""
from __future__ import annotations

from kg.config import DEFAULT_BASE_IRI
from kg.enrich import enrichment_quads
from kg.iris import CKG, GEO, OWL, RDFS, SCHEMA, WD, WDT, Minter
from kg.link.catalog import load_catalog

GRAPH = Minter(DEFAULT_BASE_IRI).graph("wikidata")


def facts(qids):
    quads = enrichment_quads(load_catalog(), set(qids), GRAPH)
    assert all(q.graph_name.value == GRAPH for q in quads)
    return {(q.subject.value, q.predicate.value): q.object for q in quads}


def test_a_linked_place_gets_label_country_and_a_wkt_point():
    got = facts({"Q152828"})  # Al Bukamal
    item = WD + "Q152828"
    assert got[(item, RDFS + "label")].value == "Al Bukamal"
    assert got[(item, SCHEMA + "description")].value
    assert got[(item, WDT + "P17")].value == WD + "Q858"
    point = got[(item + "#geometry", GEO + "asWKT")]
    assert point.datatype.value == GEO + "wktLiteral"
    assert point.value.startswith("POINT(40.9") and point.value.endswith(" 34.45)")
    assert got[(item, WDT + "P625")] == point


def test_the_country_of_a_linked_place_is_named_even_if_no_article_names_it():
    got = facts({"Q152828"})
    assert got[(WD + "Q858", RDFS + "label")].value == "Syria"


def test_items_that_are_not_linked_get_nothing():
    assert facts(set()) == {}


def test_countries_are_their_own_country():
    got = facts({"Q796"})
    assert got[(WD + "Q796", WDT + "P17")].value == WD + "Q796"


def test_strikes_can_be_found_through_the_country_of_their_place(seed_store):
    """What queries/strikes-in-country-via-wikidata.rq relies on, asked directly."""
    found = list(seed_store.query(f"""
        SELECT DISTINCT ?strike ?place WHERE {{
          ?strike a <{CKG}Strike> ; <{CKG}location> ?place .
          ?place a <{CKG}Place> ; <{OWL}sameAs>/<{WDT}P17> <{WD}Q858> }}"""))
    assert found  # strikes in Syria, known from a Syrian town only


def test_places_have_coordinates_on_the_seeds(seed_store):
    """What queries/places-with-coordinates.rq relies on, asked directly."""
    found = {r["label"].value: r["wkt"].value for r in seed_store.query(f"""
        SELECT ?label ?wkt WHERE {{
          ?place <{OWL}sameAs> ?item ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
          ?item <{GEO}hasGeometry>/<{GEO}asWKT> ?wkt }}""")}
    assert {"Al Bukamal", "Baghdad"} <= set(found)
    assert all(wkt.startswith("POINT(") for wkt in found.values())
