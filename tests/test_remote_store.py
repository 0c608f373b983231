"""The same build, query and export against a SPARQL endpoint (a real `oxigraph serve`)."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from server_helpers import free_port, oxigraph_serve
from synthetic import canonical_nquads

from kg.errors import StoreError
from kg.store import open_store


@pytest.fixture
def oxigraph_server(tmp_path):
    with oxigraph_serve(tmp_path / "remote") as server:
        yield server.url


def kg(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, **kwargs)


def test_build_query_export_on_a_sparql_endpoint_equal_the_embedded_store(
        oxigraph_server, examples_dir, tmp_path):
    built = kg("build", examples_dir, "--store", oxigraph_server, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    embedded = kg("build", examples_dir, "--store", tmp_path / "embedded")
    assert embedded.returncode == 0, embedded.stderr
    seed_store = open_store(tmp_path / "embedded", read_only=True)
    assert (tmp_path / "failures.tsv").read_text() == "source\treason\n"

    remote = open_store(oxigraph_server, read_only=True)
    assert canonical_nquads(remote.quads()) == canonical_nquads(seed_store.quads())

    query = ("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a "
             "<https://w3id.org/conflict-kg/ontology#Strike> }")
    answer = kg("query", "--store", oxigraph_server, query, "--format", "json")
    assert answer.returncode == 0, answer.stderr
    remote_count = json.loads(answer.stdout)["results"]["bindings"][0]["n"]["value"]
    assert int(remote_count) == int(next(iter(seed_store.query(query)))["n"].value) > 0

    remote_dump, local_dump = tmp_path / "remote.nq", tmp_path / "local.nq"
    assert kg("export", "--store", oxigraph_server, "--format", "nquads", "-o", remote_dump).returncode == 0
    assert kg("export", "--store", seed_store.location, "--format", "nquads",
              "-o", local_dump).returncode == 0
    assert sorted(remote_dump.read_text().splitlines()) == sorted(local_dump.read_text().splitlines())
    assert "graph/records" not in remote_dump.read_text()

    again = kg("build", examples_dir, "--store", oxigraph_server, cwd=tmp_path)
    assert again.returncode == 0 and "0 extracted, 5 unchanged" in again.stderr


def test_remote_store_answers_like_the_embedded_one(oxigraph_server):
    import pyoxigraph as ox

    store = open_store(oxigraph_server)
    graph = "http://example.org/g"
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal("o"), ox.NamedNode(graph))
    store.replace_graph(graph, [quad])
    assert graph in store.graph_names()
    assert list(store.quads(graph)) == [quad]
    assert store.query("ASK { ?s ?p 'o' }")  # default graph = union of all graphs
    assert not store.query("ASK { ?s ?p 'o' }", union=False)
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o }",
                       substitutions={ox.Variable("o"): ox.Literal("o")})
    assert [r["s"] for r in rows] == [quad.subject]
    constructed = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(constructed, ox.QueryTriples)
    store.drop_graph(graph)
    assert graph not in store.graph_names()
    reader = open_store(oxigraph_server, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.update("CLEAR ALL")


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append(self.headers.get("Authorization"))
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def test_credentials_are_sent(recorder, monkeypatch):
    url, seen = recorder
    open_store(url, read_only=True, user="analyst", password="s3cret")
    assert seen[-1] == "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    monkeypatch.setenv("CKG_STORE_TOKEN", "tok")
    open_store(url, read_only=True, query_url=f"{url}/sparql")
    assert seen[-1] == "Bearer tok"


def test_unreachable_endpoint_is_a_clean_error():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        open_store(url)
    result = kg("query", "--store", url, "ASK {}")
    assert result.returncode == 2
    assert "cannot reach" in result.stderr and "Traceback" not in result.stderr
