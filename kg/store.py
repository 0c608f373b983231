"""Where the graph lives: one interface, an embedded Oxigraph store by default.

Every write goes through `replace_graph`, which swaps one named graph in a single transaction,
so an interrupted build never leaves half an article visible. The ontology is loaded into
every store, in its own named graph, when the store is opened for writing.

The other implementation, for any SPARQL 1.1 endpoint, is `kg.remote_store.RemoteStore`;
`open_store` picks one from the location.
"""
from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from .config import ONTOLOGY_IRI
from .errors import QueryError, StoreError
from .resources import ontology_bytes

#: Marks which version of the ontology file a store holds (a hash, so any edit reloads it).
ONTOLOGY_HASH = "http://purl.org/dc/terms/hasVersion"

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

    def mark_generation(self) -> None:
        """Tell readers of the store (a running `kg serve`) that new data is there."""

    def flush(self) -> None:
        """Make what was written durable, and let go of the memory that held it."""

    def close(self) -> None: ...


def ontology_quads() -> list[ox.Quad]:
    """The ontology graph, with a marker of its version so that reopening skips reloading it."""
    data = ontology_bytes()
    graph = ox.NamedNode(ONTOLOGY_IRI)
    quads = skolemized(ox.parse(data, format=ox.RdfFormat.TURTLE), graph)
    digest = hashlib.sha256(data).hexdigest()
    quads.append(ox.Quad(graph, ox.NamedNode(ONTOLOGY_HASH), ox.Literal(f"sha256:{digest}"), graph))
    return quads


def skolemized(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads in `graph` with blank nodes replaced by stable IRIs (RDF 1.1 skolem IRIs), so
    that loading the same file twice gives the same triples and dumps compare equal."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    prefix = f"{graph.value}/.well-known/genid/"

    def stable(term):
        return ox.NamedNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(stable(q.subject), q.predicate, stable(q.object), graph) for q in dataset]


def ensure_ontology(store: GraphStore) -> None:
    digest = hashlib.sha256(ontology_bytes()).hexdigest()
    marker = f'<{ONTOLOGY_IRI}> <{ONTOLOGY_HASH}> "sha256:{digest}"'
    if store.query(f"ASK {{ GRAPH <{ONTOLOGY_IRI}> {{ {marker} }} }}", union=False):
        return
    store.replace_graph(ONTOLOGY_IRI, ontology_quads())


def write_error(location: str, error: OSError) -> StoreError:
    """A failed write, said so that the user knows what to do and that nothing was lost."""
    reason = error.strerror or str(error)
    text = str(error).lower()
    if error.errno == errno.ENOSPC or "no space" in text:
        hint = "the disk is full; free some space and run the build again"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM) or "read-only" in text:
        hint = "the store is read-only; build into a writable folder"
    else:
        hint = "run the build again once the cause is fixed"
    return StoreError(f"{location}: write failed ({reason}): {hint}. Articles written before "
                      "this one are kept; each article is written whole or not at all")


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
            raise StoreError(f"{path}: cannot open the store: {_open_reason(error)}") from None
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
            raise write_error(self.location, error) from None

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad], *, also: str = "") -> None:
        self.update(replace_graph_update(graph, quads, also))

    def insert_new_graph(self, graph: str, quads: list[ox.Quad]) -> bool:
        """Add the quads of a graph the store does not hold yet, in one transaction, without the
        cost of an Update's parse; False (and nothing written) if the graph exists already."""
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        if self._store.contains_named_graph(ox.NamedNode(graph)):
            return False
        try:
            self._store.extend(quads)  # atomic: all or nothing
        except OSError as error:
            raise write_error(self.location, error) from None
        return True

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

    def mark_generation(self) -> None:
        """Rewrite ``<store>/.generation`` (nanoseconds since the epoch), which a running server
        watches to reopen its read-only snapshot. Renamed into place, so never seen half-written."""
        if self.location == ":memory:" or self.read_only:
            return
        marker = Path(self.location) / ".generation"
        part = marker.with_name(".generation.part")
        try:
            part.write_text(str(time.time_ns()), encoding="ascii")
            part.replace(marker)
        except OSError as error:
            raise write_error(self.location, error) from None

    def flush(self) -> None:
        if not self.read_only:
            try:
                self._store.flush()
            except OSError as error:
                raise write_error(self.location, error) from None

    def close(self) -> None:
        self.flush()
        self._store = None  # RocksDB closes when the last reference goes


def _open_reason(error: OSError) -> str:
    text = str(error)
    if "lock" in text.lower():
        return ("another process has it open for writing (a running build?); wait for it to "
                f"finish, or read it with a read-only command ({text})")
    if error.errno == errno.EROFS or "read-only" in text.lower():
        return f"the folder is on a read-only file system ({text})"
    return text


def open_store(location: str | Path | None, *, read_only: bool = False, **options) -> GraphStore:
    """An embedded store for a folder, or (``http(s)://…``) a remote SPARQL endpoint."""
    if location is not None and str(location).startswith(("http://", "https://")):
        from .remote_store import RemoteStore

        return RemoteStore(str(location), read_only=read_only, **options)
    return OxigraphStore(location, read_only=read_only)
