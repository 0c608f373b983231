"""Real SPARQL clients against a running server: SPARQLWrapper and rdflib's SPARQL stores."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from server_helpers import CKG, copy_store, running_server, template_store

TOKEN = "client-token"
STRIKES = f"SELECT DISTINCT ?s WHERE {{ ?s a <{CKG}Strike> }} ORDER BY ?s"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("clients") / "s")
    with running_server(store, threads=2, token=TOKEN) as running:
        yield running


def wrapper(server, query, fmt, method=None):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.query().convert()


def test_sparqlwrapper_select_in_json_xml_and_csv(server):
    as_json = wrapper(server, STRIKES, JSON)
    iris = [row["s"]["value"] for row in as_json["results"]["bindings"]]
    assert iris
    as_xml = wrapper(server, STRIKES, XML, POST)
    assert [node.firstChild.data for node in as_xml.getElementsByTagName("uri")] == iris
    as_csv = wrapper(server, STRIKES, CSV)
    assert as_csv.decode().split()[1:] == iris


def test_sparqlwrapper_construct_and_ask(server):
    graph = wrapper(server, f"CONSTRUCT WHERE {{ ?s a <{CKG}Strike> }}", XML)
    assert isinstance(graph, rdflib.Graph) and len(graph) > 0
    turtle = wrapper(server, f"CONSTRUCT WHERE {{ ?s a <{CKG}Strike> }}", TURTLE)
    assert len(rdflib.Graph().parse(data=turtle, format="turtle")) == len(graph)
    assert wrapper(server, f"ASK {{ ?s a <{CKG}Strike> }}", JSON)["boolean"] is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rdflib_sparql_store_reads(server, method):
    graph = rdflib.Graph(SPARQLStore(server.sparql, method=method))
    rows = list(graph.query(STRIKES))
    assert rows and all(str(row[0]).startswith("https://w3id.org/conflict-kg/resource/") for row in rows)
    assert graph.query(f"ASK {{ ?s a <{CKG}Strike> }}").askAnswer is True


def test_rdflib_sparql_update_store_writes_with_the_token(server):
    store = SPARQLUpdateStore(server.sparql, server.url + "/update",
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = rdflib.Graph(store, identifier=rdflib.URIRef("http://example.org/from-rdflib"))
    subject = rdflib.URIRef("http://example.org/thing")
    graph.add((subject, rdflib.RDFS.label, rdflib.Literal("added by rdflib")))
    store.commit()
    assert (subject, rdflib.RDFS.label, rdflib.Literal("added by rdflib")) in graph
    graph.remove((subject, None, None))
    store.commit()
    assert (subject, rdflib.RDFS.label, rdflib.Literal("added by rdflib")) not in graph
