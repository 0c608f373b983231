"""The SPARQL 1.1 Protocol, Service Description and Graph Store reads, against a real server.

Written from the W3C specs and the protocol tests of w3c/rdf-tests (query via GET, URL-encoded
POST and direct POST; dataset parameters; the error statuses).
"""
from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
import requests

from server_helpers import BASE, CKG, copy_store, running_server, template_store

ARTICLE = BASE + "article/000_601f25e01cf381a1.txt"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
STRIKES = f"SELECT DISTINCT ?s WHERE {{ ?s a <{CKG}Strike> }} ORDER BY ?s"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("protocol") / "s")


@pytest.fixture(scope="module")
def server(store):
    with running_server(store) as running:
        yield running


def select(server, query, **params):
    response = requests.get(server.sparql, params={"query": query, **params},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def count(server, query=COUNT_ALL, **params) -> int:
    return int(select(server, query, **params)[0]["n"]["value"])


# --- the three ways to send a query ---------------------------------------------------------

def test_health_answers_once_ready(server):
    response = requests.get(server.url + "/health", timeout=10)
    assert response.status_code == 200 and response.json()["workers"] == 4


def test_query_by_get_post_form_and_direct_post_agree(server):
    by_get = requests.get(server.sparql, params={"query": STRIKES}, timeout=30)
    by_form = requests.post(server.sparql, data={"query": STRIKES}, timeout=30)
    direct = requests.post(server.sparql, data=STRIKES.encode(),
                           headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert by_get.status_code == by_form.status_code == direct.status_code == 200
    assert by_get.headers["Content-Type"].startswith("application/sparql-results+json")
    rows = by_get.json()["results"]["bindings"]
    assert rows and all(r["s"]["value"].startswith(BASE + "event/") for r in rows)
    assert by_form.json() == by_get.json() == direct.json()


def test_the_default_graph_is_the_union_of_all_graphs(server):
    per_graph = select(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert len(per_graph) >= 6  # five articles, the ontology, the records
    assert count(server) >= max(int(r["n"]["value"]) for r in per_graph)
    assert count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{CKG}Article> }}") == 5


# --- content negotiation --------------------------------------------------------------------

@pytest.mark.parametrize("accept, content_type", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
])
def test_select_results_follow_accept_with_q_values(server, accept, content_type):
    response = requests.get(server.sparql, params={"query": STRIKES}, headers={"Accept": accept},
                            timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert BASE + "event/" in response.text


def test_csv_and_tsv_hold_the_same_rows_as_json(server):
    rows = [r["s"]["value"] for r in select(server, STRIKES)]
    as_csv = requests.get(server.sparql, params={"query": STRIKES, "format": "csv"}, timeout=30)
    parsed = list(csv.reader(io.StringIO(as_csv.text)))
    assert parsed[0] == ["s"] and [r[0] for r in parsed[1:]] == rows
    as_tsv = requests.get(server.sparql, params={"query": STRIKES, "format": "tsv"}, timeout=30)
    assert as_tsv.text.splitlines()[1:] == [f"<{iri}>" for iri in rows]


def test_ask_gives_a_boolean(server):
    yes = requests.get(server.sparql, params={"query": f"ASK {{ ?s a <{CKG}Strike> }}"}, timeout=30)
    no = requests.get(server.sparql, params={"query": "ASK { ?s a <http://example.org/Nothing> }",
                                             "format": "xml"}, timeout=30)
    assert yes.json() == {"head": {}, "boolean": True}
    assert "<boolean>false</boolean>" in no.text


@pytest.mark.parametrize("accept, content_type, rdflib_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("*/*", "text/turtle", "turtle"),
])
def test_construct_in_each_graph_format(server, accept, content_type, rdflib_format):
    query = f"CONSTRUCT {{ ?s a <{CKG}Strike> }} WHERE {{ ?s a <{CKG}Strike> }}"
    response = requests.post(server.sparql, data={"query": query}, headers={"Accept": accept},
                             timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == len(select(server, STRIKES)) > 0


def test_format_parameter_serves_browsers(server):
    query = f"CONSTRUCT WHERE {{ ?s a <{CKG}Strike> }}"
    response = requests.get(server.sparql, params={"query": query, "format": "ntriples"},
                            headers={"Accept": "text/html"}, timeout=30)
    assert response.headers["Content-Type"].startswith("application/n-triples")
    assert response.text.count(" .\n") == len(select(server, STRIKES))


# --- errors ---------------------------------------------------------------------------------

def test_malformed_query_is_400_with_the_parsers_message(server):
    response = requests.get(server.sparql, params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=30)
    assert response.status_code == 400
    assert "malformed query" in response.text and "1:" in response.text


def test_missing_query_is_400(server):
    response = requests.post(server.sparql, data={"default-graph-uri": ARTICLE}, timeout=30)
    assert response.status_code == 400 and "no query" in response.text


def test_query_given_twice_is_400(server):
    response = requests.get(server.sparql + "?query=ASK{}&query=ASK{}", timeout=30)
    assert response.status_code == 400


def test_wrong_content_type_is_415(server):
    response = requests.post(server.sparql, data=STRIKES, headers={"Content-Type": "text/plain"},
                             timeout=30)
    assert response.status_code == 415


@pytest.mark.parametrize("params, headers", [
    ({"format": "yaml"}, {}),
    ({}, {"Accept": "image/png"}),
])
def test_unknown_format_is_406(server, params, headers):
    response = requests.get(server.sparql, params={"query": STRIKES, **params}, headers=headers,
                            timeout=30)
    assert response.status_code == 406


def test_table_results_refused_when_only_a_graph_format_is_acceptable(server):
    response = requests.get(server.sparql, params={"query": STRIKES},
                            headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 406 and "SELECT" in response.text


@pytest.mark.parametrize("send", [
    lambda url: requests.post(url, data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}, timeout=30),
    lambda url: requests.post(url, data={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, timeout=30),
    lambda url: requests.post(url, data=b"DELETE WHERE { ?s ?p ?o }", timeout=30,
                              headers={"Content-Type": "application/sparql-update"}),
])
def test_an_update_sent_to_the_query_url_is_refused(server, send):
    response = send(server.sparql)
    assert response.status_code == 400 and "/update" in response.text
    assert count(server) > 1000


# --- service description and CORS -----------------------------------------------------------

def test_get_without_query_gives_the_service_description(server):
    response = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.endpoint, rdflib.URIRef(server.sparql)) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph  # no token


def test_cors_headers_and_preflight(server):
    response = requests.get(server.sparql, params={"query": STRIKES},
                            headers={"Origin": "https://example.org"}, timeout=30)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(server.sparql, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, timeout=30)
    assert preflight.status_code in (200, 204)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


# --- the dataset: FROM, FROM NAMED and the protocol's parameters -----------------------------

def test_from_restricts_the_default_graph(server):
    in_article = count(server, f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}> WHERE {{ ?s ?p ?o }}")
    direct = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
    assert in_article == direct and 0 < in_article < count(server)


def test_from_named_limits_the_named_graphs(server):
    rows = select(server, f"SELECT DISTINCT ?g FROM NAMED <{ARTICLE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [r["g"]["value"] for r in rows] == [ARTICLE]


def test_default_graph_uri_sets_the_default_graph(server):
    by_parameter = count(server, COUNT_ALL, **{"default-graph-uri": ARTICLE})
    direct = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
    assert by_parameter == direct


def test_protocol_dataset_overrides_the_querys_own(server):
    other = BASE + "article/001_6b2c0f55e145f37a.txt"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{other}> WHERE {{ ?s ?p ?o }}"
    by_parameter = count(server, query, **{"default-graph-uri": ARTICLE})
    assert by_parameter == count(server, COUNT_ALL, **{"default-graph-uri": ARTICLE})
    assert by_parameter != count(server, query)


def test_named_graph_uri_without_default_graph_uri_leaves_an_empty_default_graph(server):
    params = {"named-graph-uri": ARTICLE}
    assert count(server, COUNT_ALL, **params) == 0
    rows = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **params)
    assert [r["g"]["value"] for r in rows] == [ARTICLE]


def test_dataset_parameters_in_a_form_post(server):
    response = requests.post(server.sparql, data={"query": COUNT_ALL, "default-graph-uri": ARTICLE},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.json()["results"]["bindings"][0]["n"]["value"] == \
        str(count(server, COUNT_ALL, **{"default-graph-uri": ARTICLE}))


# --- Graph Store reads ----------------------------------------------------------------------

def test_graph_store_get_of_a_named_graph(server):
    response = requests.get(server.url + "/graph", params={"graph": ARTICLE}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    direct = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
    assert len(graph) == direct


def test_graph_store_get_of_an_unknown_graph_is_404(server):
    response = requests.get(server.url + "/graph", params={"graph": "http://example.org/none"},
                            timeout=30)
    assert response.status_code == 404


def test_graph_store_get_of_the_default_graph(server):
    response = requests.get(server.url + "/graph?default", headers={"Accept": "application/n-triples"},
                            timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-triples")


def test_graph_store_needs_one_graph(server):
    assert requests.get(server.url + "/graph", timeout=30).status_code == 400


def test_graph_store_writes_are_off_without_a_token(server):
    response = requests.put(server.url + "/graph", params={"graph": ARTICLE}, data=b"",
                            headers={"Content-Type": "text/turtle"}, timeout=30)
    assert response.status_code == 403
    assert count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}") > 0


def test_update_endpoint_is_off_without_a_token(server):
    response = requests.post(server.url + "/update", data={"update": "CLEAR ALL"}, timeout=30)
    assert response.status_code == 403 and "--token" in response.text
    assert count(server) > 1000


def test_json_error_for_clients_that_ask_for_json(server):
    response = requests.get(server.sparql, params={"query": "SELECT"},
                            headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 400 and "malformed" in json.loads(response.text)["error"]
