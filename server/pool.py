"""A warm pool of worker processes, and the time limit that kills a stuck one.

Starting a process per request would cost more than most queries, so workers start once (from
a fork server that has already imported pyoxigraph) and are reused. A request borrows an idle
worker, sends its job and waits for the head of the answer at most `timeout` seconds; past
that the worker is killed, a replacement starts in the background, and the caller gets
`QueryTimeout`. Other requests are untouched: they hold other workers.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Iterator

from kg.errors import QueryTimeout, StoreError

from . import worker as worker_module

log = logging.getLogger("conflict-kg.server")


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["server.worker"])
        return context
    return multiprocessing.get_context("spawn")


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, context, location: str, writable: bool, start_timeout: float):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_module.main, args=(child, location, writable),
                                       daemon=True, name="conflict-kg-worker")
        self.process.start()
        child.close()
        self.location, self.start_timeout = location, start_timeout

    def wait_ready(self) -> Worker:
        try:
            if not self.conn.poll(self.start_timeout):
                raise StoreError(f"{self.location}: a query worker did not start in "
                                 f"{self.start_timeout:.0f} s")
            hello = self.conn.recv()
        except (EOFError, OSError):
            hello = {"message": f"{self.location}: a query worker exited while starting"}
        if not hello.get("ready"):
            self.kill()
            raise StoreError(hello.get("message", f"{self.location}: a query worker failed to start"))
        return self

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Answer:
    """A worker's answer: the head now, the body as it comes; gives the worker back when read."""

    def __init__(self, pool: WorkerPool, worker: Worker, head: dict):
        self.pool, self.worker, self.head = pool, worker, head
        self.status = head.get("status", 500)

        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self._done:
            raise StopIteration
        try:
            chunk = self.worker.conn.recv_bytes()
        except (EOFError, OSError):
            self._finish(healthy=False)
            raise StopIteration from None
        if not chunk:
            self._finish(healthy=True)
            raise StopIteration
        return chunk

    def close(self) -> None:
        """Called by the WSGI server when the client went away: a half-read worker is killed."""
        self._finish(healthy=False)

    def _finish(self, *, healthy: bool) -> None:
        if not self._done:
            self._done = True
            self.pool._give_back(self.worker, healthy=healthy)

    def read(self) -> bytes:
        return b"".join(self)


class WorkerPool:
    def __init__(self, location: str, size: int, *, writable: bool = False,
                 start_timeout: float = 120.0):
        self.location = location
        self.size = size
        self.writable = writable
        self.start_timeout = start_timeout
        self._context = _context()
        # Last in, first out: the most recently used worker has the warmest caches.
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._closed = False
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        starting = [Worker(self._context, location, writable, start_timeout) for _ in range(size)]
        try:
            for worker in starting:
                self._add(worker.wait_ready())
        except StoreError:
            for worker in starting:
                worker.kill()
            raise

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self) -> None:
        delay = 0.5
        while not self._closed:
            try:
                self._add(Worker(self._context, self.location, self.writable,
                                 self.start_timeout).wait_ready())
                return
            except StoreError as error:
                log.warning("cannot start a query worker, retrying: %s", error)
                time.sleep(delay)
                delay = min(delay * 2, 10)

    def _give_back(self, worker: Worker, *, healthy: bool) -> None:
        if healthy and not self._closed:
            self._idle.put(worker)
            return
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True, name="worker-replace").start()

    def submit(self, job: dict, timeout: float | None) -> Answer:
        """Run `job` on a worker; raise QueryTimeout if no answer comes within `timeout`.

        `timeout=None` waits as long as it takes (dumps, whose length is the store's size)."""
        wait_for_worker = timeout if timeout is not None else None
        try:
            worker = self._idle.get(timeout=wait_for_worker)
        except queue.Empty:
            raise QueryTimeout(f"all {self.size} query workers stayed busy for {timeout:g} s; "
                               "try again later") from None
        try:
            worker.conn.send(job)
            if timeout is not None and not worker.conn.poll(timeout):
                self._give_back(worker, healthy=False)
                raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s "
                                   "and was stopped")
            head = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._give_back(worker, healthy=False)
            raise StoreError("a query worker died while answering; it has been replaced") from None
        return Answer(self, worker, head)

    @property
    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._all if w.process.is_alive())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
