"""The server's limits: the query time limit, concurrency, the row cap, the request size,
SERVICE off the allow-list, and a `kg build` writing while queries run."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time

import pytest
import requests

from server_helpers import BASE, CKG, EXAMPLES, build_store, copy_store, running_server, template_store

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ARTICLES = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{CKG}Article> }}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("limits") / "s")


def ask_json(url, query, **kwargs):
    return requests.post(url, data={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60, **kwargs)


def n(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_a_query_past_the_time_limit_is_stopped_while_others_are_served(store):
    with running_server(store, threads=4, query_timeout=2) as server:
        stopped: list[requests.Response] = []
        served: list[int] = []

        def run_forever():
            stopped.append(ask_json(server.sparql, FOREVER))

        slow = threading.Thread(target=run_forever)
        slow.start()
        while slow.is_alive():
            served.append(n(ask_json(server.sparql, ARTICLES)))
        slow.join()
        assert stopped[0].status_code == 503
        assert "time limit of 2 s" in stopped[0].text
        assert served and set(served) == {5}  # answered, and right, while the slow one ran
        # the killed worker is replaced: the pool is whole again and still answers
        for _ in range(600):
            if requests.get(server.url + "/health", timeout=10).json()["workers"] == 4:
                break
            time.sleep(0.1)
        assert requests.get(server.url + "/health", timeout=10).json()["workers"] == 4
        assert n(ask_json(server.sparql, ARTICLES)) == 5


def test_fifty_concurrent_clients_get_their_own_right_answers(store):
    with running_server(store, threads=8) as server:
        response = ask_json(server.sparql, f"""SELECT ?e (MIN(STR(?l)) AS ?label) WHERE {{
            ?e <{RDFS_LABEL}> ?l FILTER(STRSTARTS(STR(?e), "{BASE}entity/")) }}
            GROUP BY ?e ORDER BY ?e LIMIT 50""")
        expected = {r["e"]["value"]: r["label"]["value"] for r in response.json()["results"]["bindings"]}
        assert len(expected) == 50
        barrier = threading.Barrier(50)
        answers: dict[str, str] = {}
        failures: list[str] = []

        def client(iri):
            barrier.wait()
            query = f"SELECT (MIN(STR(?l)) AS ?label) WHERE {{ <{iri}> <{RDFS_LABEL}> ?l }}"
            reply = ask_json(server.sparql, query)
            if reply.status_code != 200:
                failures.append(reply.text)
                return
            answers[iri] = reply.json()["results"]["bindings"][0]["label"]["value"]

        threads = [threading.Thread(target=client, args=(iri,)) for iri in expected]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert answers == expected


def test_results_past_the_row_cap_are_truncated_and_say_so(store):
    with running_server(store, threads=2, max_result_rows=5) as server:
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        as_json = ask_json(server.sparql, query)
        assert as_json.headers["X-Result-Truncated"] == "true"
        body = as_json.json()
        assert body["truncated"] is True and "5" in body["note"]
        assert len(body["results"]["bindings"]) == 5
        as_csv = requests.get(server.sparql, params={"query": query, "format": "csv"}, timeout=30)
        assert as_csv.headers["X-Result-Truncated"] == "true"
        assert len(as_csv.text.strip().splitlines()) == 6  # header and five rows
        graph = requests.get(server.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }",
                                                    "format": "nt"}, timeout=30)
        assert graph.headers["X-Result-Truncated"] == "true"
        assert len(graph.text.strip().splitlines()) == 5
        small = ask_json(server.sparql, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
        assert "X-Result-Truncated" not in small.headers
        assert "truncated" not in small.json()


def test_a_request_larger_than_the_limit_is_413(store):
    with running_server(store, threads=2, max_request_bytes=2000) as server:
        padding = "# " + "x" * 3000 + "\n"
        big = requests.post(server.sparql, data=(padding + ARTICLES).encode(),
                            headers={"Content-Type": "application/sparql-query"}, timeout=30)
        assert big.status_code == 413
        as_form = requests.post(server.sparql, data={"query": padding + ARTICLES}, timeout=30)
        assert as_form.status_code == 413
        assert n(ask_json(server.sparql, ARTICLES)) == 5


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { service x:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "BASE <http://127.0.0.1:9/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
])
def test_service_off_the_allow_list_is_refused(store, query):
    with running_server(store, threads=1) as server:
        response = ask_json(server.sparql, query)
        assert response.status_code == 403 and "SERVICE" in response.text


def test_service_in_strings_and_comments_is_not_a_service(store):
    with running_server(store, threads=1) as server:
        query = ('# SERVICE <http://127.0.0.1:9/> is only mentioned here\n'
                 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) }')
        response = ask_json(server.sparql, query)
        assert response.status_code == 200
        assert response.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_service_on_the_allow_list_is_called(store, tmp_path):
    other = copy_store(store, tmp_path / "other")
    with running_server(other, threads=2) as remote:
        with running_server(store, threads=2, service_allow_list=[remote.sparql]) as server:
            query = f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
                SERVICE <{remote.sparql}> {{ ?a a <{CKG}Article> }} }}"""
            assert n(ask_json(server.sparql, query)) == 5
            elsewhere = query.replace(remote.sparql, remote.url + "/elsewhere")
            assert ask_json(server.sparql, elsewhere).status_code == 403


def test_queries_succeed_while_kg_build_writes_and_then_see_its_work(tmp_path):
    three = tmp_path / "three"
    three.mkdir()
    for article in sorted(EXAMPLES.iterdir())[:3]:
        shutil.copy(article, three / article.name)
    store = build_store(tmp_path / "store", three)
    kg = shutil.which("kg", path=str(sys.executable).rsplit("/", 1)[0])
    with running_server(store, threads=4) as server:
        assert n(ask_json(server.sparql, ARTICLES)) == 3
        build = subprocess.Popen([kg, "build", str(EXAMPLES), "--store", str(store)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen: list[int] = []
        errors: list[str] = []

        def client():
            while build.poll() is None:
                reply = ask_json(server.sparql, ARTICLES)
                if reply.status_code == 200:
                    seen.append(n(reply))
                else:
                    errors.append(f"{reply.status_code} {reply.text}")

        clients = [threading.Thread(target=client) for _ in range(3)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        assert build.wait() == 0, build.stderr.read()
        assert errors == []
        assert seen and set(seen) <= {3, 4, 5}
        assert n(ask_json(server.sparql, ARTICLES)) == 5  # no restart needed
