"""Dumps of the store: Turtle with readable prefixes, TriG and N-Quads with the per-article
graphs, N-Triples, JSON-LD; optionally one graph only, optionally gzipped.

Works on any `GraphStore` through its `quads()`, so an export from a remote endpoint and one
from the embedded store of the same build are the same file."""
from __future__ import annotations

import gzip
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import KGError, StoreError
from .iris import PREFIXES
from .store import DATASET_FORMATS, FORMATS


@contextmanager
def _output(path: str | Path | None, stdout: IO[bytes]):
    if path is None or str(path) == "-":
        yield stdout
        return
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(tmp, "wb") as handle:
            yield handle
        tmp.replace(path)  # a reader never sees half a dump
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write the export: {error.strerror or error}") from None


def export(store, rdf_format: str, output: str | Path | None, *, graph: str | None = None,
           stdout: IO[bytes] | None = None, internal: set[str] = frozenset()) -> None:
    """Write the store (or one graph) to `output`; graphs in `internal` (the build's own
    records) are left out of whole-store dumps."""
    try:
        fmt = FORMATS[rdf_format]
    except KeyError:
        raise KGError(f"unknown export format {rdf_format!r}; choose one of "
                      f"{', '.join(sorted(set(FORMATS)))}") from None
    if graph and graph not in store.graph_names():
        raise KGError(f"no graph <{graph}> in the store")
    with _output(output, stdout) as handle:
        _dump(store, fmt, handle, graph, internal)


def _dump(store, fmt, handle, graph, internal):
    """One code path for every store: its quads, streamed, without the internal graphs."""
    hidden = {ox.NamedNode(g) for g in internal}
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if fmt in DATASET_FORMATS:
        quads = store.quads(graph) if graph else \
            (q for q in store.quads() if q.graph_name not in hidden)
        ox.serialize(quads, handle, fmt, prefixes=prefixes)
        return
    if graph:
        ox.serialize((q.triple for q in store.quads(graph)), handle, fmt, prefixes=prefixes)
        return
    # triples formats: the union of all graphs, each triple once
    seen = ox.Dataset()
    for quad in store.quads():
        if quad.graph_name in hidden:
            continue
        seen.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    ox.serialize((q.triple for q in seen), handle, fmt, prefixes=prefixes)
