"""`kg serve --store http://…`: the server in front of a remote SPARQL endpoint (a real
`oxigraph serve` on 127.0.0.1, built from the example articles) answers as it does in front
of the embedded store built from the same articles."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time

import pytest
import rdflib
import requests
from server_helpers import (BASE, CKG, OxigraphServer, build_remote, copy_store, free_port,
                            oxigraph_serve, running_server, template_store)

from kg.queries import canned_queries

TOKEN = "remote-s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
ARTICLE = BASE + "article/000_601f25e01cf381a1.txt"
OTHER_ARTICLE = BASE + "article/003_a1afa4b16a1fe23b.txt"
RECORDS = BASE + "graph/records"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
OFFLINE_QUERIES = sorted(name for name, query in canned_queries().items() if not query.online)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("remote") / "store") as oxigraph:
        build_remote(oxigraph.url)
        yield oxigraph


@pytest.fixture(scope="module")
def remote(endpoint):
    with running_server(endpoint.url, threads=2, token=TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    store = copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("local") / "s")
    with running_server(store, threads=2) as server:
        yield server


def sparql(server, query: str, headers=JSON, **params) -> requests.Response:
    return requests.post(server.sparql, data={"query": query, **params}, headers=headers,
                         timeout=60)


def parts(value: str) -> list[str]:
    """A GROUP_CONCAT as the sorted list of what it joined: SPARQL leaves their order open, and
    Oxigraph's differs from one run to the next."""
    return sorted(re.split(r", | \| ", value))


def rows(server, query: str, **params) -> list[str]:
    """The solutions as a sorted list of canonical JSON (ties in ORDER BY are not ordered
    either), with each literal as its `parts`."""
    response = sparql(server, query, **params)
    assert response.status_code == 200, response.text
    solutions = []
    for binding in response.json()["results"]["bindings"]:
        cells = {var: {**cell, "value": parts(cell["value"])} if cell["type"] == "literal" else cell
                 for var, cell in binding.items()}
        solutions.append(json.dumps(cells, sort_keys=True))
    return sorted(solutions)


def triples(text: str, fmt: str) -> set:
    return set(rdflib.Graph().parse(data=text, format=fmt))


def ask_endpoint(endpoint, query: str) -> bool:
    """Ask the remote store itself, not through our server."""
    response = requests.post(endpoint.url + "/query", data=query.encode(), timeout=30,
                             headers={"Content-Type": "application/sparql-query", **JSON})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


# --- reads answer as on the embedded store ------------------------------------------------

@pytest.mark.parametrize("name", OFFLINE_QUERIES)
def test_each_canned_query_answers_as_on_the_embedded_store(remote, embedded, name):
    text = canned_queries()[name].text
    answer = rows(remote, text)
    assert answer == rows(embedded, text)
    if name != "unlinked-entities":  # the built-in catalog links every entity of the examples
        assert answer


@pytest.mark.parametrize("query, params", [
    (COUNT_ALL, {"default-graph-uri": ARTICLE}),
    (COUNT_ALL, {"named-graph-uri": ARTICLE}),  # the default graph is then empty
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
     {"named-graph-uri": [ARTICLE, OTHER_ARTICLE]}),
    (f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}> WHERE {{ ?s ?p ?o }}", {}),
    (f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{OTHER_ARTICLE}> "
     "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {}),
    # the protocol's dataset wins over the query's own
    (f"SELECT (COUNT(*) AS ?n) FROM <{OTHER_ARTICLE}> WHERE {{ ?s ?p ?o }}",
     {"default-graph-uri": ARTICLE}),
    (COUNT_ALL, {}),  # the union of all graphs
])
def test_dataset_parameters_and_from_clauses_answer_as_on_the_embedded_store(
        remote, embedded, query, params):
    assert rows(remote, query, **params) == rows(embedded, query, **params)


def test_every_result_format_gives_the_same_bytes(remote, embedded):
    query = f"SELECT DISTINCT ?s ?date WHERE {{ ?s a <{CKG}Strike> ; <{CKG}date> ?date }} ORDER BY ?s"
    for fmt in ("json", "xml", "csv", "tsv"):
        ours = requests.get(remote.sparql, params={"query": query, "format": fmt}, timeout=30)
        theirs = requests.get(embedded.sparql, params={"query": query, "format": fmt}, timeout=30)
        assert ours.status_code == 200 and ours.headers["Content-Type"] == theirs.headers["Content-Type"]
        assert ours.content == theirs.content and ours.content
    ask = f"ASK {{ GRAPH <{ARTICLE}> {{ ?s a <{CKG}Strike> }} }}"
    assert sparql(remote, ask).json()["boolean"] is True
    assert sparql(remote, ask.replace(ARTICLE, BASE + "nothing")).json()["boolean"] is False


def test_a_construct_as_turtle_parses_and_holds_the_graph(remote, embedded):
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}"
    turtle = {"Accept": "text/turtle"}
    ours, theirs = sparql(remote, query, headers=turtle), sparql(embedded, query, headers=turtle)
    assert ours.status_code == 200 and ours.headers["Content-Type"].startswith("text/turtle")
    graph = triples(ours.text, "turtle")
    assert graph == triples(theirs.text, "turtle")
    strikes = {s for s, p, o in graph if p == rdflib.RDF.type and o == rdflib.URIRef(CKG + "Strike")}
    assert strikes


def test_errors_are_those_of_the_embedded_store(remote, embedded):
    for server in (remote, embedded):
        malformed = sparql(server, "SELECT * WHERE { ?s ?p }")
        assert malformed.status_code == 400 and "malformed query" in malformed.text
        graph_as_table = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", headers=JSON)
        assert graph_as_table.status_code == 406


def test_past_the_row_cap_answers_are_truncated_and_say_so(endpoint):
    with running_server(endpoint.url, threads=1, max_result_rows=5) as server:
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        as_json = sparql(server, query)
        assert as_json.headers["X-Result-Truncated"] == "true"
        assert as_json.json()["truncated"] is True
        assert len(as_json.json()["results"]["bindings"]) == 5
        as_csv = requests.get(server.sparql, params={"query": query, "format": "csv"}, timeout=30)
        assert len(as_csv.text.strip().splitlines()) == 6  # header and five rows
        graph = requests.get(server.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }",
                                                    "format": "nt"}, timeout=30)
        assert graph.headers["X-Result-Truncated"] == "true"
        assert len(graph.text.strip().splitlines()) == 5
        small = sparql(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
        assert "X-Result-Truncated" not in small.headers


def test_canned_queries_bind_their_parameters(remote, embedded):
    kirby = {"speaker": BASE + "entity/john-kirby"}
    ours = requests.get(remote.url + "/api/statements-by-speaker", params=kirby, timeout=30)
    theirs = requests.get(embedded.url + "/api/statements-by-speaker", params=kirby, timeout=30)
    assert ours.status_code == 200

    def statements(answer):
        return sorted(json.dumps({k: parts(v) for k, v in row.items()}, sort_keys=True)
                      for row in answer.json()["rows"])

    assert statements(ours) == statements(theirs)
    assert ours.json()["rows"] and {r["speakerLabel"] for r in ours.json()["rows"]} == {"John Kirby"}
    article = {"article_id": "003_a1afa4b16a1fe23b.txt", "format": "csv"}
    ours = requests.get(remote.url + "/api/article-contents", params=article, timeout=30)
    theirs = requests.get(embedded.url + "/api/article-contents", params=article, timeout=30)
    assert ours.status_code == 200 and ours.text == theirs.text
    assert len(ours.text.strip().splitlines()) > 1


def test_resource_pages_are_those_of_the_embedded_store(remote, embedded):
    path = "/resource/entity/kataib-hezbollah"
    html = {"Accept": "text/html"}
    ours = requests.get(remote.url + path, headers=html, timeout=30)
    theirs = requests.get(embedded.url + path, headers=html, timeout=30)
    assert ours.status_code == 200 and "Hezbollah" in ours.text
    assert ours.text == theirs.text
    as_turtle = requests.get(remote.url + path, headers={"Accept": "text/turtle"}, timeout=30)
    described = triples(as_turtle.text, "turtle")
    assert described and described == triples(
        requests.get(embedded.url + path, headers={"Accept": "text/turtle"}, timeout=30).text,
        "turtle")
    assert requests.get(remote.url + "/resource/entity/nobody", headers=html,
                        timeout=30).status_code == 404


def test_graph_store_reads(remote, embedded):
    ours = requests.get(remote.url + "/graph", params={"graph": ARTICLE, "format": "nt"}, timeout=30)
    theirs = requests.get(embedded.url + "/graph", params={"graph": ARTICLE, "format": "nt"},
                          timeout=30)
    assert ours.status_code == 200
    assert triples(ours.text, "nt") == triples(theirs.text, "nt") != set()
    missing = requests.get(remote.url + "/graph", params={"graph": BASE + "nothing"}, timeout=30)
    assert missing.status_code == 404


def test_dumps_hold_the_graph_without_the_records(remote, embedded):
    ours = requests.get(remote.url + "/dump.nq.gz", timeout=120)
    theirs = requests.get(embedded.url + "/dump.nq.gz", timeout=120)
    assert ours.status_code == 200 and ours.headers["Content-Type"] == "application/gzip"
    lines = set(gzip.decompress(ours.content).decode().splitlines())
    assert lines == set(gzip.decompress(theirs.content).decode().splitlines())
    assert any(f"<{ARTICLE}> ." in line for line in lines)
    assert not any(RECORDS in line for line in lines)
    turtle = requests.get(remote.url + "/dump.ttl", timeout=120)
    assert turtle.status_code == 200
    merged = triples(turtle.text, "turtle")
    assert merged == triples(requests.get(embedded.url + "/dump.ttl", timeout=120).text, "turtle")


# --- writes are forwarded to the endpoint -------------------------------------------------

def test_updates_with_the_token_are_written_to_the_remote_store(remote, endpoint):
    notes = "http://example.org/graph/remote-notes"
    fact = f"GRAPH <{notes}> {{ <http://example.org/a> <http://example.org/p> 'via kg serve' }}"
    refused = requests.post(remote.url + "/update", data={"update": f"INSERT DATA {{ {fact} }}"},
                            timeout=30)
    assert refused.status_code == 401
    assert not ask_endpoint(endpoint, f"ASK {{ {fact} }}")
    applied = requests.post(remote.url + "/update", data={"update": f"INSERT DATA {{ {fact} }}"},
                            headers=AUTH, timeout=30)
    assert applied.status_code == 204, applied.text
    assert ask_endpoint(endpoint, f"ASK {{ {fact} }}")
    malformed = requests.post(remote.url + "/update", data={"update": "INSERT DATA { <a> }"},
                              headers=AUTH, timeout=30)
    assert malformed.status_code == 400 and "malformed update" in malformed.text

    put = requests.put(remote.url + "/graph", params={"graph": notes}, timeout=30,
                       data="<http://example.org/b> <http://example.org/p> 'put' .",
                       headers={**AUTH, "Content-Type": "text/turtle"})
    assert put.status_code == 204  # the graph existed: replaced
    assert not ask_endpoint(endpoint, f"ASK {{ {fact} }}")
    assert ask_endpoint(endpoint, f"ASK {{ GRAPH <{notes}> {{ ?s ?p 'put' }} }}")
    assert requests.delete(remote.url + "/graph", params={"graph": notes}, headers=AUTH,
                           timeout=30).status_code == 204
    assert not ask_endpoint(endpoint, f"ASK {{ GRAPH <{notes}> {{ ?s ?p ?o }} }}")
    assert requests.delete(remote.url + "/graph", params={"graph": notes}, headers=AUTH,
                           timeout=30).status_code == 404


def test_a_server_without_a_token_refuses_updates(endpoint):
    with running_server(endpoint.url, threads=1) as server:
        refused = requests.post(server.url + "/update", headers=AUTH, timeout=30,
                                data={"update": "INSERT DATA { <http://e.org/a> <http://e.org/b> 1 }"})
        assert refused.status_code == 403
        assert not ask_endpoint(endpoint, "ASK { <http://e.org/a> <http://e.org/b> 1 }")
        assert requests.get(server.url + "/health", timeout=30).json()["updates"] is False


# --- limits and failures ------------------------------------------------------------------

def test_a_query_past_the_time_limit_gets_503_and_the_server_goes_on(tmp_path):
    many = "\n".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(2000))
    with oxigraph_serve(tmp_path / "slow") as oxigraph:
        loaded = requests.put(oxigraph.url + "/store", params={"graph": "http://example.org/g"},
                              data=many, headers={"Content-Type": "text/turtle"},
                              timeout=60)
        assert loaded.status_code in (201, 204)
        with running_server(oxigraph.url, threads=2, query_timeout=1) as server:
            stopped = sparql(server, SLOW)  # 2000³ combinations: the endpoint is still counting
            assert stopped.status_code == 503
            assert "time limit of 1 s" in stopped.text
            assert requests.get(server.url + "/health", timeout=30).status_code == 200
            counted = sparql(server, COUNT_ALL).json()["results"]["bindings"]
            assert counted[0]["n"]["value"] == "2000"


def test_health_is_503_while_the_endpoint_is_down_and_the_server_stays_up(tmp_path):
    oxigraph = OxigraphServer(tmp_path / "store").start()
    try:
        with running_server(oxigraph.url, threads=2) as server:
            oxigraph.stop()
            health = requests.get(server.url + "/health", timeout=30)
            assert health.status_code == 503
            assert health.json()["status"] == "unavailable"
            assert oxigraph.url in health.json()["error"]
            failed = requests.get(server.sparql, params={"query": COUNT_ALL}, timeout=30,
                                  headers={"Accept": "application/json"})
            assert failed.status_code == 503 and oxigraph.url in failed.json()["error"]
            assert requests.get(server.url + "/dump.nq.gz", timeout=30).status_code == 503
            assert requests.get(server.url + "/api", timeout=30).status_code == 200
            oxigraph.start()  # back on the same port: served again, without a restart
            assert requests.get(server.url + "/health", timeout=30).status_code == 200
            assert sparql(server, "ASK {}").json()["boolean"] is True
    finally:
        oxigraph.stop()


# --- the command ------------------------------------------------------------------------

def kg_serve(*args) -> list[str]:
    return [sys.executable, "-m", "kg", "serve", *map(str, args)]


def test_kg_serve_on_an_unreachable_endpoint_says_so_in_one_line():
    url = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run(kg_serve("--store", url, "--port", free_port()), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert url in result.stderr and "cannot reach" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_kg_serve_serves_a_remote_store(endpoint):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(kg_serve("--store", endpoint.url, "--port", port, "--threads", 2,
                                        "--query-url", endpoint.url + "/query"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(600):  # wait until it listens (a guard, not an assertion on time)
            try:
                health = requests.get(url + "/health", timeout=5)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.1)
        assert health.status_code == 200 and health.json()["store"] == endpoint.url
        answer = requests.get(url + "/sparql", timeout=30, headers=JSON, params={
            "query": f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{CKG}Article> }}"})
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "5"
    finally:
        process.terminate()
        process.wait(timeout=30)
