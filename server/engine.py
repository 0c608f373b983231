"""The server's one way into the store: checks a request against the settings, then runs it
on the readers or the writer (updates, only when a token enables them).

Every view goes through here, so the rules (no SERVICE off the allow-list, no LOAD, the time
limit, the row cap, the internal graphs kept out of dumps) are enforced in one place, whatever
holds the graph: an embedded store folder (worker processes, `pool.py`) or a remote SPARQL
endpoint (`remote_pool.py`), which take the same jobs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.errors import KGError, QueryError, StoreError
from kg.iris import PREFIXES, Minter
from kg.remote_store import RemoteStore
from kg.store import OxigraphStore

from .pool import Answer, WorkerPool
from .remote_pool import RemotePool
from .sparql_text import analyse


class Refused(KGError):
    """A request asks for something this server does not do (a remote SERVICE, LOAD)."""

    code = "CKG502"

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


@dataclass
class Dataset:
    """The RDF dataset of a query, from the protocol's default-graph-uri / named-graph-uri."""

    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    def options(self, query_has_dataset: bool) -> dict:
        if self.default_graphs or self.named_graphs:
            # The protocol's dataset replaces the query's own (SPARQL 1.1 Protocol, 2.1.4).
            return {"union": False, "default_graph": self.default_graphs,
                    "named_graphs": self.named_graphs}
        # FROM / FROM NAMED in the query: pyoxigraph applies them, unless told to use the union.
        return {"union": not query_has_dataset}


def _is_remote(location_or_store) -> bool:
    return isinstance(location_or_store, RemoteStore) or \
        str(location_or_store).startswith(("http://", "https://"))


def _location(location_or_store) -> str:
    if isinstance(location_or_store, OxigraphStore):
        location = location_or_store.location
    elif hasattr(location_or_store, "location"):
        raise StoreError("the server needs an embedded store folder or a RemoteStore")
    else:
        location = str(location_or_store)
    if location == ":memory:":
        raise StoreError(f"{location}: the server needs an embedded store folder "
                         "(its query workers open it from their own processes)")
    if not Path(location).is_dir():
        raise StoreError(f"{location}: no store here (build one with `kg build ... --store {location}`)")
    return location


def _remote_store(location_or_store, settings: Settings) -> tuple[RemoteStore, bool]:
    """The endpoint's store, and whether we opened it (and so close it)."""
    if isinstance(location_or_store, RemoteStore):
        if settings.token and location_or_store.read_only:
            raise StoreError(f"{location_or_store.location}: updates need a remote store "
                             "opened for writing (read_only=False)")
        return location_or_store, False
    # The server forwards its clients' updates and writes nothing of its own (no ontology).
    return RemoteStore(str(location_or_store), read_only=not settings.token, load_ontology=False,
                       **settings.remote_store()), True


class Engine:
    def __init__(self, location_or_store, settings: Settings, *, workers: int = 4):
        self.settings = settings
        self.records_graph = Minter(settings.base_iri).graph("records")
        self.writer = None
        self._owned_store = None
        if _is_remote(location_or_store):
            store, owned = _remote_store(location_or_store, settings)
            self._owned_store = store if owned else None
            self.location = store.location
            self.readers = RemotePool(store, workers)
            if settings.token:
                self.writer = RemotePool(store, 1)
            return
        self.location = _location(location_or_store)
        if settings.token and isinstance(location_or_store, OxigraphStore) \
                and not location_or_store.read_only:
            raise StoreError("updates need the store folder, not a store opened read-write here: "
                             "the server's writer process opens it itself")
        self.readers = WorkerPool(self.location, workers)
        if settings.token:
            try:
                self.writer = WorkerPool(self.location, 1, writable=True)
            except StoreError:
                self.readers.close()
                raise

    @property
    def remote(self) -> bool:
        return isinstance(self.readers, RemotePool)

    def health(self) -> tuple[dict, int]:
        """What /health says: whether queries can be answered now, and if not, why."""
        answer = {"updates": self.writer is not None}
        if self.remote:
            problem = self.readers.check()
            answer = {"status": "ok" if problem is None else "unavailable",
                      "store": self.location, **answer}
            if problem is not None:
                answer["error"] = f"the SPARQL endpoint does not answer: {problem}"
            return answer, 200 if problem is None else 503
        alive = self.readers.alive
        return {"status": "ok" if alive else "starting", "workers": alive, **answer}, \
            200 if alive else 503

    # --- checks ---------------------------------------------------------------------------

    def check_services(self, text: str, analysis=None) -> None:
        analysis = analysis or analyse(text)
        refused = analysis.forbidden_services(self.settings.service_allow_list)
        if refused:
            allowed = ", ".join(self.settings.service_allow_list) or "none"
            shown = ", ".join("a variable or unresolvable endpoint" if r == "?" else f"<{r}>"
                              for r in refused)
            raise Refused(f"SERVICE calls to {shown} are not allowed on this server "
                          f"(allowed endpoints: {allowed})")

    # --- reads ----------------------------------------------------------------------------

    def query(self, text: str, *, table_format: str | None, graph_format: str | None,
              dataset: Dataset | None = None, substitutions: dict | None = None,
              asked: str | None = None, max_rows: int | None = None,
              union: bool | None = None) -> tuple[dict, bytes]:
        analysis = analyse(text)
        if analysis.is_update:
            raise Refused(f"this is a SPARQL Update ({analysis.form}); send updates to /update",
                          status=400)
        self.check_services(text, analysis)
        job = {"kind": "query", "query": text, "result_format": table_format, "graph_format": graph_format, "asked": asked,
               "max_rows": max_rows or self.settings.max_result_rows, "prefixes": PREFIXES,
               "substitutions": substitutions or None,
               **(dataset or Dataset()).options(analysis.has_dataset)}
        if union is not None:
            job["union"] = union
        answer = self.readers.submit(job, self.settings.query_timeout)
        return answer.head, answer.read()

    def dump(self, fmt: str, *, gzip: bool = False) -> Answer:
        job = {"kind": "dump", "format": fmt, "gzip": gzip, "prefixes": PREFIXES,
               "hidden": [self.records_graph]}
        return self.readers.submit(job, None)

    # --- writes ---------------------------------------------------------------------------

    def update(self, text: str) -> dict:
        if self.writer is None:
            raise Refused("updates are disabled on this server (start it with --token)")
        analysis = analyse(text)
        if analysis.loads:
            raise Refused("LOAD is not allowed on this server: it would fetch a URL. "
                          "Send the data to the Graph Store endpoint /graph instead")
        self.check_services(text, analysis)
        return self.write(text)

    def write(self, text: str, *, check_absent: str | None = None) -> dict:
        """Run an update this server composed itself (Graph Store writes); `check_absent`
        names a graph whose prior existence the answer reports."""
        if self.writer is None:
            raise Refused("updates are disabled on this server (start it with --token)")
        job = {"kind": "update", "update": text, "check_absent": check_absent}
        answer = self.writer.submit(job, self.settings.query_timeout)
        answer.read()
        if answer.status >= 400:
            raise QueryError(answer.head.get("message", "the update failed"))
        return answer.head

    def close(self) -> None:
        self.readers.close()
        if self.writer is not None:
            self.writer.close()
        if self._owned_store is not None:
            self._owned_store.close()
