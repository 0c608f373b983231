"""Pages, Linked Data, the canned-query API and the dumps, against a real server."""
from __future__ import annotations

import gzip
import json

import pytest
import rdflib
import requests

from server_helpers import BASE, CKG, copy_store, running_server, template_store

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("pages") / "s")
    with running_server(store, threads=2) as running:
        yield running


def first(server, query: str) -> dict:
    response = requests.get(server.sparql, params={"query": query}, timeout=30)
    return response.json()["results"]["bindings"][0]


@pytest.fixture(scope="module")
def linked_entity(server) -> tuple[str, str, str]:
    row = first(server, f"""SELECT ?e ?item (MIN(STR(?l)) AS ?label) WHERE {{
        ?e <http://www.w3.org/2002/07/owl#sameAs> ?item ; <http://www.w3.org/2000/01/rdf-schema#label> ?l .
        FILTER EXISTS {{ ?event <{CKG}perpetrator> ?e }}
        FILTER(STRSTARTS(STR(?e), "{BASE}entity/")) }} GROUP BY ?e ?item ORDER BY ?e LIMIT 1""")
    return row["e"]["value"], row["item"]["value"], row["label"]["value"]


def test_query_page_lists_the_canned_queries(server):
    page = requests.get(server.url + "/", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for name in ("statements-by-speaker", "weapons-used"):
        assert f'value="{name}"' in page.text
    assert "cdn" not in page.text.lower() and "//unpkg" not in page.text
    script = requests.get(server.url + "/static/query.js", timeout=30)
    assert script.status_code == 200 and "fetch(\"/sparql\"" in script.text


def test_resource_page_shows_both_directions_with_links(server, linked_entity):
    iri, item, label = linked_entity
    page = requests.get(server.url + iri.replace(BASE, "/resource/"), headers=HTML, timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert label in page.text
    assert "https://www.wikidata.org/wiki/" + item.rsplit("/", 1)[1] in page.text
    assert 'id="outgoing"' in page.text and 'id="incoming"' in page.text
    assert 'href="/resource/article/' in page.text  # neighbours are our own pages
    assert "extractionRecord" not in page.text


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"),
                                                    ("application/ld+json", "json-ld")])
def test_resource_iri_gives_rdf_to_clients_that_ask(server, linked_entity, accept, rdflib_format):
    iri, item, _ = linked_entity
    response = requests.get(server.url + iri.replace(BASE, "/resource/"), headers={"Accept": accept},
                            timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
    subject = rdflib.URIRef(iri)
    assert (subject, rdflib.OWL.sameAs, rdflib.URIRef(item)) in graph
    assert any(o == subject for o in graph.objects())  # incoming triples too


def test_unknown_resource_is_404(server):
    assert requests.get(server.url + "/resource/entity/no-such-thing", headers=HTML,
                        timeout=30).status_code == 404
    assert requests.get(server.url + "/resource/entity/no-such-thing",
                        headers={"Accept": "text/turtle"}, timeout=30).status_code == 404


def test_api_lists_queries_with_their_parameters(server):
    listing = requests.get(server.url + "/api", timeout=30).json()["queries"]
    by_name = {q["name"]: q for q in listing}
    speaker = by_name["statements-by-speaker"]
    assert speaker["title"] and speaker["description"]
    assert speaker["parameters"][0]["name"] == "speaker" and speaker["parameters"][0]["kind"] == "IRI"
    assert by_name["wikidata-federated"]["online"] is True


def test_api_runs_a_query_and_binds_its_parameter(server):
    everything = requests.get(server.url + "/api/statements-by-speaker", timeout=60).json()
    assert everything["rows"] and "speaker" in everything["columns"]
    speaker = everything["rows"][0]["speaker"]
    narrowed = requests.get(server.url + "/api/statements-by-speaker", params={"speaker": speaker},
                            timeout=60).json()
    assert narrowed["rows"] and {row["speaker"] for row in narrowed["rows"]} == {speaker}
    assert len(narrowed["rows"]) < len(everything["rows"])
    as_csv = requests.get(server.url + "/api/statements-by-speaker",
                          params={"speaker": speaker, "format": "csv"}, timeout=60)
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert len(as_csv.text.strip().splitlines()) == len(narrowed["rows"]) + 1


def test_api_parameter_values_cannot_change_the_query(server):
    hostile = '<x> } UNION { ?speaker ?p ?o'
    response = requests.get(server.url + "/api/statements-by-speaker", params={"speaker": hostile},
                            timeout=60)
    assert response.status_code == 400 and "not an absolute IRI" in response.text


def test_api_refusals(server):
    assert requests.get(server.url + "/api/no-such-query", timeout=30).status_code == 404
    assert requests.get(server.url + "/api/weapons-used", params={"colour": "red"},
                        timeout=30).status_code == 400
    assert requests.get(server.url + "/api/article-contents", timeout=30).status_code == 400
    online = requests.get(server.url + "/api/wikidata-federated", timeout=30)
    assert online.status_code == 403 and "online" in online.text


def test_dumps_leave_out_the_build_records(server):
    turtle = requests.get(server.url + "/dump.ttl", timeout=60)
    assert turtle.status_code == 200 and "attachment" in turtle.headers["Content-Disposition"]
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef(CKG + "Strike")) in graph
    assert "extractionRecord" not in turtle.text
    nquads = requests.get(server.url + "/dump.nq.gz", timeout=60)
    text = gzip.decompress(nquads.content).decode("utf-8")
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="nquads")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    assert BASE + "article/000_601f25e01cf381a1.txt" in graphs
    assert BASE + "graph/records" not in graphs


def test_health_reports_workers(server):
    body = json.loads(requests.get(server.url + "/health", timeout=30).text)
    assert body == {"status": "ok", "workers": 2, "updates": False}
