"""The worker pool's interface over a remote SPARQL endpoint: the same jobs, run by the
endpoint instead of by worker processes.

Worker processes exist because pyoxigraph cannot cancel a query, and a process can be killed.
A remote endpoint evaluates the query in its own process, so here a job runs in the server
thread that submitted it, as HTTP requests limited to the server's query time. Past the limit
we hang up and the client gets 503, as with the embedded store, but the endpoint may go on
evaluating: we cannot stop it from here. (Oxigraph server drops a query when it finds the
connection closed, which a COUNT over a huge join does not notice until it has its answer.)
Bound such queries in the endpoint's own configuration, where it has a setting for it.

The answer is parsed as it arrives and formatted by the workers' own code
(`worker.answer_query`), so both backends give the same bytes, and the row cap stops the
reading: a huge answer is never held whole. `size` slots bound how many requests this server
has at the endpoint at once, as the number of workers does for an embedded store.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from kg.errors import KGError, QueryError, QueryTimeout, StoreError
from kg.remote_store import RemoteStore

from .worker import answer_query, query_substitutions, stream_dump

log = logging.getLogger("conflict-kg.server")

#: Seconds to wait for the endpoint to say it is there (/health, before a dump): a check
#: that it answers, not a query.
HEALTH_TIME_LIMIT = 5.0


class RemotePool:
    """`size` slots at one endpoint, taking the jobs a worker pool takes."""

    def __init__(self, store: RemoteStore, size: int):
        self.store = store
        self.size = size
        self._slots = threading.BoundedSemaphore(size)

    def submit(self, job: dict, timeout: float | None) -> RemoteAnswer:
        """Run `job` against the endpoint; raise QueryTimeout if no slot frees up, or no
        answer comes, within `timeout`. `timeout=None` waits as long as it takes (dumps)."""
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout(f"all {self.size} query slots stayed busy for {timeout:g} s; "
                               "try again later")
        if job["kind"] == "dump":
            try:  # a dead endpoint is a 503 now, not an empty download after a 200
                self.store.ask_alive(time_limit=HEALTH_TIME_LIMIT)
            except KGError:
                self._slots.release()
                raise
            return RemoteAnswer({"status": 200}, dump=_Dump(
                lambda send: stream_dump(job, send, quads=self.store.quads,
                                         construct=lambda text: _constructed(self.store, text)),
                done=self._slots.release))
        try:
            runner = update_remote if job["kind"] == "update" else query_remote
            head, body = runner(self.store, job, timeout)
        finally:
            self._slots.release()
        return RemoteAnswer(head, body)

    def check(self) -> str | None:
        """Why the endpoint cannot be used now, or None when it answers."""
        try:
            self.store.ask_alive(time_limit=HEALTH_TIME_LIMIT)
        except KGError as error:
            return str(error)
        return None

    def close(self) -> None:
        """Nothing to stop: the store belongs to whoever opened it, and a dump under way ends
        with its download."""


def query_remote(store: RemoteStore, job: dict, time_limit: float | None) -> tuple[dict, bytes]:
    options = {"union": job.get("union", True), "default_graph": job.get("default_graph"),
               "named_graphs": job.get("named_graphs"),
               "substitutions": query_substitutions(job)}
    try:
        with store.streamed_query(job["query"], time_limit=time_limit, **options) as result:
            return answer_query(result, job)
    except QueryTimeout:
        raise
    except QueryError as error:  # the endpoint's 400, said as the workers say it
        return {"status": 400, "message": error.args[0]}, b""
    except SyntaxError as error:  # the answer is parsed while it is formatted
        raise StoreError(f"{store.query_url}: unreadable answer: {error}") from None


def update_remote(store: RemoteStore, job: dict, time_limit: float | None) -> tuple[dict, bytes]:
    existed = None
    if job.get("check_absent"):
        graph = ox.NamedNode(job["check_absent"])  # str() is <iri>
        existed = bool(store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False,
                                   time_limit=time_limit))
    try:
        store.update(job["update"], time_limit=time_limit)
    except QueryTimeout:
        raise
    except QueryError as error:
        return {"status": 400, "message": error.args[0]}, b""
    return {"status": 204, "existed": existed}, b""


def _constructed(store: RemoteStore, text: str) -> Iterator[ox.Triple]:
    """A CONSTRUCT's triples as they arrive; the connection closes when they are all read."""
    with store.streamed_query(text, union=False) as triples:
        yield from triples


class RemoteAnswer:
    """An answer with the worker pool's interface: the head now, the body as byte chunks."""

    def __init__(self, head: dict, body: bytes = b"", *, dump: _Dump | None = None):
        self.head = head
        self.status = head.get("status", 500)
        self._chunks: Iterator[bytes] = dump if dump is not None else iter((body,))
        self._dump = dump

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks

    def read(self) -> bytes:
        return b"".join(self._chunks)

    def close(self) -> None:
        """Called by the WSGI server when the response is done or the client went away."""
        if self._dump is not None:
            self._dump.close()


class _ClientGone(Exception):
    pass


class _Dump:
    """A dump written in a thread of its own: pyoxigraph's serializer pushes bytes out, the
    WSGI server pulls them, and a small queue between them keeps memory flat."""

    def __init__(self, write: Callable[[Callable[[bytes], None]], None],
                 done: Callable[[], None]):
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._gone = threading.Event()
        self._write, self._done = write, done
        threading.Thread(target=self._run, daemon=True, name="remote-dump").start()

    def _run(self) -> None:
        try:
            self._write(self._send)
        except Exception:  # noqa: BLE001 - the head is sent; the download ends short
            if not self._gone.is_set():
                log.exception("a dump from the remote store broke off")
        finally:
            self._done()
            self._put(None)

    def _send(self, chunk: bytes) -> None:
        if not self._put(chunk):
            raise _ClientGone()

    def _put(self, chunk: bytes | None) -> bool:
        while not self._gone.is_set():
            try:
                self._chunks.put(chunk, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        chunk = None if self._gone.is_set() else self._chunks.get()
        if chunk is None:
            self._gone.set()
            raise StopIteration
        return chunk

    def close(self) -> None:
        self._gone.set()
