"""Writes: SPARQL Update on /update and Graph Store PUT/POST/DELETE, only with the token."""
from __future__ import annotations

import http.server
import threading

import pytest
import rdflib
import requests

from server_helpers import BASE, copy_store, running_server, template_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "http://example.org/graph/notes"
ARTICLE = BASE + "article/000_601f25e01cf381a1.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("updates") / "s")
    with running_server(store, threads=2, token=TOKEN) as running:
        yield running


def ask(server, query: str) -> bool:
    response = requests.get(server.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def update(server, text: str, headers=AUTH, **kwargs):
    return requests.post(server.url + "/update", data={"update": text}, headers=headers,
                         timeout=30, **kwargs)


def test_update_needs_a_bearer_token(server):
    text = "INSERT DATA { <http://example.org/a> <http://example.org/p> 'no token' }"
    missing = update(server, text, headers={})
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert update(server, text, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert update(server, text, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert not ask(server, "ASK { ?s ?p 'no token' }")


def test_an_update_with_the_token_is_applied_and_seen_by_the_next_query(server):
    text = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 'hello' } }"
    assert update(server, text).status_code == 204
    assert ask(server, "ASK { <http://example.org/a> <http://example.org/p> 'hello' }")
    direct = requests.post(server.url + "/update", timeout=30,
                           data=b"DELETE DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 'hello' } }",
                           headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert direct.status_code == 204
    assert not ask(server, "ASK { <http://example.org/a> <http://example.org/p> 'hello' }")


def test_malformed_update_is_400(server):
    response = update(server, "INSERT DATA { <http://example.org/a> }")
    assert response.status_code == 400 and "malformed update" in response.text


def test_wrong_content_type_for_an_update_is_415(server):
    response = requests.post(server.url + "/update", data=b"CLEAR ALL", timeout=30,
                             headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 415
    assert ask(server, "ASK { ?s ?p ?o }")


def test_load_is_refused_and_nothing_is_fetched(server):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.server_port}/data.ttl"
        response = update(server, f"LOAD <{url}> INTO GRAPH <http://example.org/loaded>")
        assert response.status_code == 403 and "LOAD" in response.text
        service = update(server, f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert service.status_code == 403
    finally:
        listener.shutdown()
    assert hits == []


def test_service_description_lists_update_when_enabled(server):
    text = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=30).text
    assert "sd:SPARQL11Update" in text


def test_graph_store_put_get_post_delete(server):
    url = server.url + "/graph"
    first = "<http://example.org/x> <http://example.org/says> \"one\" ."
    created = requests.put(url, params={"graph": GRAPH}, data=first.encode(), timeout=30,
                           headers={**AUTH, "Content-Type": "application/n-triples"})
    assert created.status_code == 201
    replaced = requests.put(url, params={"graph": GRAPH}, timeout=30,
                            data=b'@prefix ex: <http://example.org/> . ex:x ex:says "two" .',
                            headers={**AUTH, "Content-Type": "text/turtle"})
    assert replaced.status_code == 204
    added = requests.post(url, params={"graph": GRAPH}, timeout=30,
                          data=b'<http://example.org/x> <http://example.org/says> "three" .',
                          headers={**AUTH, "Content-Type": "application/n-triples"})
    assert added.status_code == 204
    got = requests.get(url, params={"graph": GRAPH}, headers={"Accept": "text/turtle"}, timeout=30)
    graph = rdflib.Graph().parse(data=got.text, format="turtle")
    assert sorted(str(o) for o in graph.objects()) == ["three", "two"]
    assert requests.delete(url, params={"graph": GRAPH}, headers=AUTH, timeout=30).status_code == 204
    assert requests.get(url, params={"graph": GRAPH}, timeout=30).status_code == 404
    assert requests.delete(url, params={"graph": GRAPH}, headers=AUTH, timeout=30).status_code == 404


def test_graph_store_write_refusals(server):
    url = server.url + "/graph"
    unauthorized = requests.delete(url, params={"graph": ARTICLE}, timeout=30)
    assert unauthorized.status_code == 401
    malformed = requests.put(url, params={"graph": GRAPH}, data=b"<http://example.org/x> .",
                             headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert malformed.status_code == 400
    unreadable = requests.put(url, params={"graph": GRAPH}, data=b"{}",
                              headers={**AUTH, "Content-Type": "application/x-yaml"}, timeout=30)
    assert unreadable.status_code == 415
    bad_iri = requests.put(url, params={"graph": "not an iri"}, data=b"",
                           headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert bad_iri.status_code == 400
    assert ask(server, f"ASK {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
