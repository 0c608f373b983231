"""Where the graph lives: one interface, an embedded Oxigraph store by default.

Every write goes through `replace_graph`, which swaps one named graph in a single transaction,
so an interrupted build never leaves half an article visible. The ontology is loaded into
every store, in its own named graph, when the store is opened for writing.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from .config import ONTOLOGY_IRI, ONTOLOGY_NS
from .errors import QueryError, StoreError
from .resources import ontology_bytes

ONTOLOGY_HASH = ONTOLOGY_NS + "contentHash"

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Formats that keep named graphs.
DATASET_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}


class GraphStore(Protocol):
    """What the rest of conflict-kg needs from a store, whichever engine is behind it."""

    location: str

    def query(self, sparql: str, *, union: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, substitutions: dict | None = None): ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad], *, also: str = "") -> None: ...

    def drop_graph(self, graph: str) -> None: ...

    def graph_names(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def close(self) -> None: ...


def ensure_ontology(store: GraphStore) -> None:
    data = ontology_bytes()
    digest = hashlib.sha256(data).hexdigest()
    marker = f'<{ONTOLOGY_IRI}> <{ONTOLOGY_HASH}> "{digest}"'
    if store.query(f"ASK {{ GRAPH <{ONTOLOGY_IRI}> {{ {marker} }} }}", union=False):
        return
    graph = ox.NamedNode(ONTOLOGY_IRI)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
             for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    store.replace_graph(ONTOLOGY_IRI, quads, also=f"INSERT DATA {{ GRAPH <{ONTOLOGY_IRI}> {{ {marker} }} }}")


def ntriples(triples: Iterable[ox.Triple]) -> str:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def replace_graph_update(graph: str, quads: Iterable[ox.Quad], also: str = "") -> str:
    """One SPARQL Update that swaps a graph's content (plus any `also` operations)."""
    body = ntriples(q.triple for q in quads)
    parts = [f"DROP SILENT GRAPH <{graph}>"]
    if body:
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
    if also:
        parts.append(also)
    return " ;\n".join(parts)


class OxigraphStore:
    """An embedded pyoxigraph (RocksDB) store in a folder; `path=None` keeps it in memory."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.location = str(path) if path else ":memory:"
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not Path(path).is_dir():
                    raise StoreError(f"{path}: no store here (build one with `kg build ... --store {path}`)")
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                if not os.access(path, os.W_OK):
                    raise StoreError(f"{path}: the store folder is not writable")
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store: {error}") from None
        if not read_only:
            self.ensure_ontology()

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for code that needs its native API (bulk loads, benchmarks)."""
        return self._store

    def ensure_ontology(self) -> None:
        """Load the ontology unless this very version of it is there already."""
        ensure_ontology(self)

    def query(self, sparql, *, union=True, default_graph=None, named_graphs=None,
              substitutions=None):
        options: dict = {"use_default_graph_as_union": union and default_graph is None}
        if default_graph is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if substitutions:
            options["substitutions"] = substitutions
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as error:
            raise QueryError(f"malformed query: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.location}: {error}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise QueryError(f"malformed update: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.location}: write failed: {error}") from None

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad], *, also: str = "") -> None:
        self.update(replace_graph_update(graph, quads, also))

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, name)

    def dump(self, output: IO[bytes], rdf_format: ox.RdfFormat, *, graph: str | None = None,
             prefixes: dict[str, str] | None = None) -> None:
        if rdf_format in DATASET_FORMATS and graph is None:
            self._store.dump(output, rdf_format, prefixes=prefixes)
        else:
            name = ox.NamedNode(graph) if graph else None
            quads = self._store.quads_for_pattern(None, None, None, name)
            ox.serialize((q.triple for q in quads), output, rdf_format, prefixes=prefixes)

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        self._store = None  # RocksDB closes when the last reference goes


def open_store(location: str | Path | None, *, read_only: bool = False, **options) -> GraphStore:
    """An embedded store for a folder, or (``http(s)://…``) a remote SPARQL endpoint."""
    if location is not None and str(location).startswith(("http://", "https://")):
        from .remote_store import RemoteStore

        return RemoteStore(str(location), read_only=read_only, **options)
    return OxigraphStore(location, read_only=read_only)
