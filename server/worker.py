"""The process that runs queries, so that a query past its time limit can be stopped.

pyoxigraph cannot cancel a running query, but a process can be killed. Each worker holds the
store open read-only (many may, next to one read-write `kg build`), runs one job at a time and
sends back the finished bytes in the requested format, so the server process only copies bytes.

A read-only store is a snapshot taken when it was opened. Before each job the worker compares a
cheap signal, the newest modification time of RocksDB's CURRENT, MANIFEST and WAL files (and of
`.generation`, for builders that touch it), with the one it opened at, and reopens when the
store has moved on.

This module imports only pyoxigraph and the standard library: workers start from a fork server
that preloads it, and must not drag Flask along.

Messages: the server sends a job (a dict); the worker answers with a head (a dict: status,
content type, flags) and then the body as byte chunks, ended by an empty chunk.
"""
from __future__ import annotations

import gzip
import os
import time
import traceback

import pyoxigraph as ox

CHUNK = 1 << 20

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
_SIGNAL_NAMES = ("CURRENT", ".generation")
#: What RocksDB raises when files move under a read-only instance (pyoxigraph maps its
#: corruption and IO errors to these).
STORE_ERRORS = (OSError, RuntimeError)
REOPEN_ATTEMPTS = 10


def store_signal(folder: str) -> int:
    """The newest mtime among the files that change whenever a writer commits."""
    newest = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name in _SIGNAL_NAMES or name.startswith("MANIFEST-") or name.endswith(".log"):
                try:
                    newest = max(newest, entry.stat().st_mtime_ns)
                except FileNotFoundError:  # rotated away while we looked
                    continue
    return newest


class StoreView:
    """The store as this process sees it: read-only and refreshed, or read-write."""

    def __init__(self, location: str, *, writable: bool = False):
        self.location = location
        self.writable = writable
        self.signal = None
        self.store = None
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> None:
        if self.writable:
            if self.store is None:
                self.store = ox.Store(self.location)
            return
        signal = store_signal(self.location)
        if not force and signal == self.signal:
            return
        for attempt in range(REOPEN_ATTEMPTS):
            try:
                self.store = ox.Store.read_only(self.location)
                self.signal = signal
                return
            except STORE_ERRORS:
                # A writer is swapping files (flush, compaction): wait for it to settle.
                time.sleep(0.02 * (attempt + 1))
        if self.store is None:
            raise OSError(f"{self.location}: cannot open the store read-only")


class RowCap:
    """A file-like sink that keeps the first `lines` lines and then stops the serializer."""

    class Full(Exception):
        pass

    def __init__(self, lines: int):
        self.remaining = lines
        self.parts: list[bytes] = []
        self.full = False

    def write(self, data) -> int:
        data = bytes(data)
        if self.full:
            raise RowCap.Full()
        newlines = data.count(b"\n")
        if newlines < self.remaining:
            self.remaining -= newlines
            self.parts.append(data)
            return len(data)
        cut = -1
        for _ in range(self.remaining):
            cut = data.index(b"\n", cut + 1)
        self.parts.append(data[:cut + 1])
        self.full = True
        raise RowCap.Full()

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def _capped(serialize, lines: int) -> tuple[bytes, bool]:
    sink = RowCap(lines)
    try:
        serialize(sink)
    except RowCap.Full:
        pass
    except OSError:
        if not sink.full:
            raise
    return sink.value(), sink.full


def solutions_body(result: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """Serialize at most `max_rows` solutions: through TSV (one row per line, so the cap is a
    line count), then into the requested format."""
    tsv, truncated = _capped(lambda sink: result.serialize(sink, ox.QueryResultsFormat.TSV),
                             max_rows + 1)
    if fmt == "tsv":
        return tsv, truncated
    body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
        format=RESULT_FORMATS[fmt])
    if truncated and fmt == "json":
        note = (b'{"truncated":true,"note":"only the first %d rows; '
                b'add LIMIT/OFFSET to page through the rest",' % max_rows)
        body = note + body[1:]
    return body, truncated


def triples_body(triples, fmt: str, max_rows: int, prefixes: dict | None) -> tuple[bytes, bool]:
    nt, truncated = _capped(lambda sink: ox.serialize(triples, sink, ox.RdfFormat.N_TRIPLES),
                            max_rows)
    if fmt == "ntriples":
        return nt, truncated
    parsed = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=GRAPH_FORMATS[fmt],
                        prefixes=prefixes if fmt == "turtle" else None), truncated


def _term(spec):
    kind, value, *extra = spec
    if kind == "iri":
        return ox.NamedNode(value)
    datatype, language = (extra + [None, None])[:2]
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def query_substitutions(job: dict) -> dict | None:
    """The job's parameter values (term specs, which pickle) as pyoxigraph terms."""
    if not job.get("substitutions"):
        return None
    return {ox.Variable(name): _term(spec) for name, spec in job["substitutions"].items()}


def run_query(view: StoreView, job: dict):
    options = {"use_default_graph_as_union": job.get("union", True)}
    if job.get("default_graph") is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job["default_graph"]]
    if job.get("named_graphs") is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    substitutions = query_substitutions(job)
    if substitutions:
        options["substitutions"] = substitutions
    try:
        result = view.store.query(job["query"], **options)
    except SyntaxError as error:
        return {"status": 400, "message": f"malformed query: {error}"}, b""
    return answer_query(result, job)


def answer_query(result, job: dict) -> tuple[dict, bytes]:
    """The head and body for a query's result in the job's format, under its row cap.

    Shared by both backends (the embedded store in a worker, a remote endpoint in the
    server), so that they answer with the same bytes: `result` is a `QueryBoolean`, a
    `QuerySolutions`, or else triples (a `QueryTriples`, or any iterable of them)."""
    max_rows = job["max_rows"]
    if not isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)):
        fmt = job.get("graph_format")
        if fmt is None:
            return _not_acceptable("a graph (CONSTRUCT/DESCRIBE)", job.get("asked")), b""
        body, truncated = triples_body(result, fmt, max_rows, job.get("prefixes"))
        return {"status": 200, "format": fmt, "truncated": truncated}, body
    fmt = job.get("result_format")
    if fmt is None:
        return _not_acceptable("a result table (SELECT/ASK)", job.get("asked")), b""
    if isinstance(result, ox.QueryBoolean):
        return {"status": 200, "format": fmt, "truncated": False}, \
            result.serialize(format=RESULT_FORMATS[fmt])
    body, truncated = solutions_body(result, fmt, max_rows)
    return {"status": 200, "format": fmt, "truncated": truncated}, body


def _not_acceptable(what: str, asked) -> dict:
    return {"status": 406, "message": f"this query returns {what}, which cannot be served as "
                                      f"{asked or 'the requested format'}"}


def run_update(view: StoreView, job: dict):
    if job.get("check_absent"):
        existed = bool(view.store.query("ASK { GRAPH ?g { ?s ?p ?o } }",
                                        substitutions={ox.Variable("g"): ox.NamedNode(job["check_absent"])}))
    else:
        existed = None
    try:
        view.store.update(job["update"])
    except SyntaxError as error:
        return {"status": 400, "message": f"malformed update: {error}"}, b""
    return {"status": 204, "existed": existed}, b""


def stream_dump(job: dict, send, *, quads, construct) -> None:
    """Write a whole-store dump without the internal graphs, in chunks as it is produced.

    Each backend says how to read its store: `quads()` gives every quad, `construct(text)`
    the triples of a CONSTRUCT over the store's own default graph (not the union)."""
    hidden = {ox.NamedNode(g) for g in job.get("hidden", ())}
    chunks = _ChunkSink(send)
    sink = gzip.GzipFile(fileobj=chunks, mode="wb") if job.get("gzip") else chunks
    if job["format"] == "nquads":
        kept = (q for q in quads() if q.graph_name not in hidden)
        ox.serialize(kept, sink, ox.RdfFormat.N_QUADS)
    else:
        filters = " ".join(f"FILTER(?g != {g})" for g in hidden)  # NamedNode str() is <iri>
        query = ("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                 f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} {filters} }} }} }}")
        ox.serialize(construct(query), sink, GRAPH_FORMATS[job["format"]],
                     prefixes=job.get("prefixes"))
    sink.close()
    chunks.close()


class _ChunkSink:
    """Collects writes and passes them on in chunks of about CHUNK bytes."""

    def __init__(self, send):
        self.send = send
        self.buffer = bytearray()

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.send(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.buffer:
            self.send(bytes(self.buffer))
            self.buffer.clear()


def _files_moved(error: Exception) -> bool:
    """True for RocksDB's complaints about files a writer removed, not for query errors
    (a failing SERVICE call also raises OSError)."""
    text = str(error)
    return any(sign in text for sign in ("Corruption", "IO error", "No such file"))


def _send_body(conn, body: bytes) -> None:
    for start in range(0, len(body), CHUNK):
        conn.send_bytes(body[start:start + CHUNK])
    conn.send_bytes(b"")


def main(conn, location: str, writable: bool = False) -> None:
    """The worker loop: open the store, say ready, then answer jobs until the pipe closes."""
    try:
        view = StoreView(location, writable=writable)
    except OSError as error:
        conn.send({"ready": False, "message": f"{location}: cannot open the store: {error}"})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            view.refresh()
            if job["kind"] == "dump":
                conn.send({"status": 200})
                try:
                    stream_dump(job, conn.send_bytes, quads=lambda: iter(view.store),
                                construct=view.store.query)
                except Exception:  # noqa: BLE001 - the head is sent; the download ends short
                    traceback.print_exc()
                conn.send_bytes(b"")
                continue
            runner = run_update if job["kind"] == "update" else run_query
            for attempt in range(REOPEN_ATTEMPTS):
                try:
                    head, body = runner(view, job)
                    break
                except STORE_ERRORS as error:
                    if view.writable or attempt == REOPEN_ATTEMPTS - 1 or not _files_moved(error):
                        raise
                    # a writer deleted files our snapshot still names: reopen and run again
                    time.sleep(0.02 * attempt)
                    view.refresh(force=True)
        except Exception as error:  # noqa: BLE001 - reported to the client, the worker lives on
            head, body = {"status": 500, "message": f"{type(error).__name__}: {error}",
                          "trace": traceback.format_exc(limit=3)}, b""
        conn.send(head)
        _send_body(conn, body)
