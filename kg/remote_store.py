"""A store behind any SPARQL 1.1 endpoint: the same `GraphStore` as the embedded one, over HTTP.

Queries go through the SPARQL 1.1 Protocol, updates through SPARQL 1.1 Update, and whole graphs
through the Graph Store Protocol, so Oxigraph server, Fuseki, GraphDB or Virtuoso can hold the
graph. One article is still one transaction: its graph and its record travel in one Update
request, which a conforming endpoint applies atomically.

The URL layout defaults to Oxigraph server's (``/query``, ``/update``, ``/store``); other
engines name their endpoints explicitly (``--query-url``, ``--update-url``, ``--gsp-url``).
"""
from __future__ import annotations

import re

import os
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox
import requests

from .config import USER_AGENT
from .errors import QueryError, StoreError
from .store import DATASET_FORMATS, ensure_ontology, ntriples, replace_graph_update

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
#: What a query may answer with: solutions or a boolean as JSON, a graph as N-Triples.
QUERY_ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"


class RemoteStore:
    """A SPARQL 1.1 endpoint with Update and the Graph Store Protocol.

    Credentials: HTTP basic (`user`, `password`) or a bearer `token`; when not given, the
    environment's ``CKG_STORE_USER``/``CKG_STORE_PASSWORD``/``CKG_STORE_TOKEN`` are used.
    `union_default_graph_param` is the query parameter that makes the default graph the union
    of all graphs (Oxigraph server's ``union-default-graph``); set it to None for an endpoint
    configured to do that itself (Fuseki's ``unionDefaultGraph``).
    """

    def __init__(self, url: str, *, read_only: bool = False, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 union_default_graph_param: str | None = "union-default-graph",
                 timeout: float = 300.0):
        base = url.rstrip("/")
        self.location = url
        self.read_only = read_only
        self.query_url = query_url or f"{base}/query"
        self.update_url = update_url or f"{base}/update"
        self.gsp_url = gsp_url or f"{base}/store"
        self.union_param = union_default_graph_param
        self.timeout = timeout
        self._http = requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT
        user = user or os.environ.get("CKG_STORE_USER")
        password = password or os.environ.get("CKG_STORE_PASSWORD")
        token = token or os.environ.get("CKG_STORE_TOKEN")
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"
        elif user:
            self._http.auth = (user, password or "")
        self.ask_alive()
        if not read_only:
            ensure_ontology(self)

    # --- HTTP -------------------------------------------------------------------------------

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self._http.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise StoreError(f"{self.location}: cannot reach the SPARQL endpoint at {url}: "
                             f"{type(error).__name__}: {error}") from None
        if response.status_code in (401, 403):
            raise StoreError(f"{url}: the endpoint refused access (HTTP {response.status_code}); "
                             "give credentials with --user/--password or a token "
                             "(CKG_STORE_USER, CKG_STORE_PASSWORD, CKG_STORE_TOKEN)")
        return response

    @staticmethod
    def _detail(response: requests.Response) -> str:
        return " ".join(response.text.split())[:500] or response.reason

    def ask_alive(self) -> None:
        """Fail at open, with the URL in the message, rather than half-way through a build."""
        response = self._send("POST", self.query_url, data="ASK {}".encode("utf-8"),
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": RESULTS_JSON})
        if response.status_code >= 400:
            raise StoreError(f"{self.query_url}: not a SPARQL query endpoint (HTTP "
                             f"{response.status_code}: {self._detail(response)})")

    # --- GraphStore ---------------------------------------------------------------------------

    def query(self, sparql: str, *, union: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, substitutions: dict | None = None):
        """Results as pyoxigraph objects, like the embedded store gives them.

        Substitutions become a trailing VALUES block: the endpoint cannot pre-bind variables,
        and VALUES keeps the values out of the query text's syntax all the same.
        """
        if substitutions:
            sparql = _with_values(sparql, substitutions)
        params: list[tuple[str, str]] = []
        if default_graph is not None:
            params += [("default-graph-uri", g) for g in default_graph]
        elif union and self.union_param:
            params.append((self.union_param, ""))
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        response = self._send("POST", self.query_url, params=params, data=sparql.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": QUERY_ACCEPT})
        if response.status_code == 400:
            raise QueryError(f"malformed query: {self._detail(response)}")
        if response.status_code >= 400:
            raise StoreError(f"{self.query_url}: query failed (HTTP {response.status_code}): "
                             f"{self._detail(response)}")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            if kind in (N_TRIPLES, "text/turtle"):
                rdf_format = ox.RdfFormat.N_TRIPLES if kind == N_TRIPLES else ox.RdfFormat.TURTLE
                return _as_query_triples(ox.parse(response.content, format=rdf_format))
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise StoreError(f"{self.query_url}: unreadable answer ({kind}): {error}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        response = self._send("POST", self.update_url, data=sparql.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update"})
        if response.status_code == 400:
            raise QueryError(f"malformed update: {self._detail(response)}")
        if response.status_code >= 400:
            raise StoreError(f"{self.update_url}: write failed (HTTP {response.status_code}): "
                             f"{self._detail(response)}. Articles written before this one are "
                             "kept; each article is written whole or not at all")

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad], *, also: str = "") -> None:
        if also:  # the graph and what goes with it (the article's record) in one transaction
            self.update(replace_graph_update(graph, quads, also))
            return
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        body = ntriples(q.triple for q in quads).encode("utf-8")
        response = self._send("PUT", self.gsp_url, params={"graph": graph}, data=body,
                              headers={"Content-Type": N_TRIPLES})
        if response.status_code >= 400:
            raise StoreError(f"{self.gsp_url}: cannot write graph <{graph}> (HTTP "
                             f"{response.status_code}): {self._detail(response)}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def graph_names(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """One graph through the Graph Store Protocol, or the whole dataset as N-Quads."""
        params = {"graph": graph} if graph else {}
        accept = N_TRIPLES if graph else N_QUADS
        response = self._send("GET", self.gsp_url, params=params, headers={"Accept": accept},
                              stream=True)
        if response.status_code == 404:
            return iter(())
        if response.status_code >= 400:
            raise StoreError(f"{self.gsp_url}: cannot read {f'<{graph}>' if graph else 'the dataset'}"
                             f" (HTTP {response.status_code}): {self._detail(response)}")
        response.raw.decode_content = True
        if graph:
            name = ox.NamedNode(graph)
            return (ox.Quad(t.subject, t.predicate, t.object, name)
                    for t in ox.parse(response.raw, format=ox.RdfFormat.N_TRIPLES))
        return iter(ox.parse(response.raw, format=ox.RdfFormat.N_QUADS))

    def dump(self, output: IO[bytes], rdf_format: ox.RdfFormat, *, graph: str | None = None,
             prefixes: dict[str, str] | None = None) -> None:
        if rdf_format in DATASET_FORMATS and graph is None:
            ox.serialize(self.quads(), output, rdf_format, prefixes=prefixes)
        else:
            ox.serialize((q.triple for q in self.quads(graph)), output, rdf_format,
                         prefixes=prefixes)

    def mark_generation(self) -> None:
        """Nothing to do: the endpoint serves every committed update at once."""

    def flush(self) -> None:
        """Nothing to do: each request was committed when it returned."""

    def close(self) -> None:
        self._http.close()


def _as_query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    """CONSTRUCT results as the same type the embedded store returns, so callers need not care
    where the graph came from."""
    scratch = ox.Store()
    scratch.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def _with_values(sparql: str, substitutions: dict) -> str:
    """The query with its parameters as a VALUES block.

    A trailing VALUES joins after GROUP BY, where a grouped query's parameter column is
    empty, so the filter would be lost; placed first inside the one outer `WHERE {` it binds
    the variable before anything is grouped, which is what the embedded store's substitution
    does. Queries with several `WHERE {` (subqueries) get the trailing form.
    """
    names = " ".join(str(variable) for variable in substitutions)
    values = " ".join(str(value) for value in substitutions.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    wheres = list(re.finditer(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE))
    if len(wheres) == 1:
        at = wheres[0].end()
        return f"{sparql[:at]}\n  {block}\n{sparql[at:]}"
    return f"{sparql}\n{block}"
