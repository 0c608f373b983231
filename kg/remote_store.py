"""A store behind any SPARQL 1.1 endpoint: the same `GraphStore` as the embedded one, over HTTP.

Queries go through the SPARQL 1.1 Protocol, updates through SPARQL 1.1 Update, and whole graphs
through the Graph Store Protocol, so Oxigraph server, Fuseki, GraphDB or Virtuoso can hold the
graph. One article is still one transaction: its graph and its record travel in one Update
request, which a conforming endpoint applies atomically.

The URL layout defaults to Oxigraph server's (``/query``, ``/update``, ``/store``); other
engines name their endpoints explicitly (``--query-url``, ``--update-url``, ``--gsp-url``).
"""
from __future__ import annotations

import io
import os
import re
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

import pyoxigraph as ox
import requests
import urllib3

from .config import USER_AGENT
from .errors import QueryError, QueryTimeout, StoreError
from .store import DATASET_FORMATS, ensure_ontology, ntriples, replace_graph_update

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
#: What a query may answer with: solutions or a boolean as JSON, a graph as N-Triples.
QUERY_ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
#: Seconds to open a connection when a request has a time limit: a dead endpoint shows at
#: once, however long the query may run.
CONNECT_TIMEOUT = 10.0


class RemoteStore:
    """A SPARQL 1.1 endpoint with Update and the Graph Store Protocol.

    Credentials: HTTP basic (`user`, `password`) or a bearer `token`; when not given, the
    environment's ``CKG_STORE_USER``/``CKG_STORE_PASSWORD``/``CKG_STORE_TOKEN`` are used.
    `union_default_graph_param` is the query parameter that makes the default graph the union
    of all graphs (Oxigraph server's ``union-default-graph``); set it to None for an endpoint
    configured to do that itself (Fuseki's ``unionDefaultGraph``).

    Opened for writing, it loads the ontology unless the endpoint has this version of it;
    `load_ontology=False` leaves that to the builds (a server forwarding its clients' updates
    must not write on its own). One instance may be shared by threads: each thread gets its
    own HTTP session, since requests does not promise that a session is thread-safe.
    """

    def __init__(self, url: str, *, read_only: bool = False, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 union_default_graph_param: str | None = "union-default-graph",
                 timeout: float = 300.0, load_ontology: bool = True):
        base = url.rstrip("/")
        self.location = url
        self.read_only = read_only
        self.query_url = query_url or f"{base}/query"
        self.update_url = update_url or f"{base}/update"
        self.gsp_url = gsp_url or f"{base}/store"
        self.union_param = union_default_graph_param
        self.timeout = timeout
        self._headers = {"User-Agent": USER_AGENT}
        self._auth = None
        user = user or os.environ.get("CKG_STORE_USER")
        password = password or os.environ.get("CKG_STORE_PASSWORD")
        token = token or os.environ.get("CKG_STORE_TOKEN")
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        elif user:
            self._auth = (user, password or "")
        self._local = threading.local()
        # weak: a session goes with its thread (a server's short-lived download threads)
        self._sessions: weakref.WeakSet[requests.Session] = weakref.WeakSet()
        self._sessions_lock = threading.Lock()
        self.ask_alive()
        if not read_only and load_ontology:
            ensure_ontology(self)

    # --- HTTP -------------------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(self._headers)
            session.auth = self._auth
            with self._sessions_lock:
                self._sessions.add(session)
            self._local.session = session
        return session

    def _send(self, method: str, url: str, *, time_limit: float | None = None,
              **kwargs) -> requests.Response:
        """One request. With a `time_limit`, an answer that does not start within it raises
        QueryTimeout (the endpoint is slow), told apart from one that cannot connect."""
        timeout = self.timeout if time_limit is None else \
            (min(CONNECT_TIMEOUT, time_limit), time_limit)
        try:
            response = self._session().request(method, url, timeout=timeout, **kwargs)
        except requests.ReadTimeout as error:
            if time_limit is not None:
                raise _past_limit(url, time_limit) from None
            raise self._unreachable(url, error) from None
        except requests.RequestException as error:
            raise self._unreachable(url, error) from None
        if response.status_code in (401, 403):
            raise StoreError(f"{url}: the endpoint refused access (HTTP {response.status_code}); "
                             "give credentials with --user/--password or a token "
                             "(CKG_STORE_USER, CKG_STORE_PASSWORD, CKG_STORE_TOKEN)")
        return response

    def _unreachable(self, url: str, error: Exception) -> StoreError:
        return StoreError(f"{self.location}: cannot reach the SPARQL endpoint at {url}: "
                          f"{_reason(error)}")

    @staticmethod
    def _detail(response: requests.Response) -> str:
        return " ".join(response.text.split())[:500] or response.reason

    def ask_alive(self, *, time_limit: float | None = None) -> None:
        """Fail at open, with the URL in the message, rather than half-way through a build;
        a server asks again for /health."""
        response = self._send("POST", self.query_url, data="ASK {}".encode("utf-8"),
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": RESULTS_JSON}, time_limit=time_limit)
        if response.status_code >= 400:
            raise StoreError(f"{self.query_url}: not a SPARQL query endpoint (HTTP "
                             f"{response.status_code}: {self._detail(response)})")

    # --- GraphStore ---------------------------------------------------------------------------

    def query(self, sparql: str, *, union: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, substitutions: dict | None = None,
              time_limit: float | None = None):
        """Results as pyoxigraph objects, like the embedded store gives them.

        Substitutions become a trailing VALUES block: the endpoint cannot pre-bind variables,
        and VALUES keeps the values out of the query text's syntax all the same.
        """
        response = self._post_query(sparql, union=union, default_graph=default_graph,
                                    named_graphs=named_graphs, substitutions=substitutions,
                                    time_limit=time_limit)
        try:
            result = _parsed(response, response.content)
            if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
                return result
            return _as_query_triples(result)
        except SyntaxError as error:
            raise StoreError(f"{self.query_url}: unreadable answer: {error}") from None

    @contextmanager
    def streamed_query(self, sparql: str, *, union: bool = True,
                       default_graph: list[str] | None = None,
                       named_graphs: list[str] | None = None, substitutions: dict | None = None,
                       time_limit: float | None = None) -> Iterator:
        """The answer parsed as it arrives, for a caller that may stop early (a row cap): a
        `QuerySolutions` or `QueryBoolean`, or an iterator of `Triple` for a graph. Leaving the
        block hangs up, so the rest of a big answer is never read.

        Reading stops with QueryTimeout once `time_limit` seconds have passed since the
        request: no single read waits longer than the limit, so a reader is free again after
        at most twice the limit, wherever the endpoint stalls. A SyntaxError while iterating
        means the endpoint sent something unreadable.
        """
        response = self._post_query(sparql, union=union, default_graph=default_graph,
                                    named_graphs=named_graphs, substitutions=substitutions,
                                    time_limit=time_limit, stream=True)
        try:
            result = _parsed(response, _Body(response, self.query_url, time_limit))
            if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
                yield result
            else:
                yield (quad.triple for quad in result)
        finally:
            response.close()

    def _post_query(self, sparql: str, *, union: bool, default_graph: list[str] | None,
                    named_graphs: list[str] | None, substitutions: dict | None,
                    time_limit: float | None, stream: bool = False) -> requests.Response:
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
                                       "Accept": QUERY_ACCEPT},
                              time_limit=time_limit, stream=stream)
        if response.status_code >= 400:
            detail = self._detail(response)
            response.close()
            if response.status_code == 400:
                raise QueryError(f"malformed query: {detail}")
            raise StoreError(f"{self.query_url}: query failed (HTTP {response.status_code}): "
                             f"{detail}")
        return response

    def update(self, sparql: str, *, time_limit: float | None = None) -> None:
        """Past a `time_limit` this raises QueryTimeout, but the endpoint may still apply the
        update: it was sent whole."""
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        response = self._send("POST", self.update_url, data=sparql.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update"},
                              time_limit=time_limit)
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
        with self._sessions_lock:
            sessions = list(self._sessions)
            self._sessions.clear()
        for session in sessions:
            session.close()


def _parsed(response: requests.Response, source):
    """The answer as pyoxigraph gives it: solutions or a boolean, or an iterator of quads in
    the default graph for a graph."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip()
    if kind in (N_TRIPLES, "text/turtle"):
        rdf_format = ox.RdfFormat.N_TRIPLES if kind == N_TRIPLES else ox.RdfFormat.TURTLE
        return ox.parse(source, format=rdf_format)
    return ox.parse_query_results(source, format=ox.QueryResultsFormat.JSON)


class _Body(io.RawIOBase):
    """A streamed answer for pyoxigraph's parsers to read: it stops at the time limit, and
    says what went wrong with our errors, not urllib3's."""

    def __init__(self, response: requests.Response, url: str, time_limit: float | None):
        self.raw, self.url, self.time_limit = response.raw, url, time_limit
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.pending = b""  # urllib3 1.x may decode more than was asked for

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _past_limit(self.url, self.time_limit)
        try:
            data = self.pending or self.raw.read(len(buffer), decode_content=True)
        except urllib3.exceptions.ReadTimeoutError:
            if self.time_limit is not None:
                raise _past_limit(self.url, self.time_limit) from None
            raise StoreError(f"{self.url}: the endpoint stopped sending its answer") from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise StoreError(f"{self.url}: the connection broke while reading the answer: "
                             f"{_reason(error)}") from None
        size = min(len(buffer), len(data))
        buffer[:size], self.pending = data[:size], data[size:]
        return size


def _past_limit(url: str, time_limit: float) -> QueryTimeout:
    return QueryTimeout(f"{url}: no answer within the time limit of {time_limit:g} s; stopped "
                        "waiting (the endpoint may still be working on it)")


def _reason(error: BaseException) -> str:
    """The root cause ("Connection refused"), not urllib3's nested report of retries."""
    root = error
    while (root.__cause__ or root.__context__) is not None:
        root = root.__cause__ or root.__context__
    if isinstance(root, OSError) and root.strerror:
        return root.strerror
    if root is not error and str(root):
        return str(root)
    return f"{type(error).__name__}: {error}"


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
