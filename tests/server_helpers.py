"""Real servers for the server tests: a store built from the example articles, copied per test
module, served by waitress on 127.0.0.1 on a free port (never a mock); and `oxigraph serve`
as the SPARQL endpoint behind a remote store."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import requests
from waitress.server import create_server

from kg.config import Settings
from server.app import close_app, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
BASE = "https://w3id.org/conflict-kg/resource/"
CKG = "https://w3id.org/conflict-kg/ontology#"


def build_store(path: Path, articles: Path = EXAMPLES) -> Path:
    """Build `articles` into a store at `path` and close it, so servers can open it."""
    from kg.build import build
    from kg.store import open_store

    store = open_store(path)
    report = build([articles], store, Settings())
    assert report.ok, report.failures
    store.close()
    return path


def copy_store(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


class RunningServer:
    def __init__(self, app, server, thread):
        self.app, self.server, self.thread = app, server, thread
        self.url = f"http://127.0.0.1:{server.effective_port}"

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextmanager
def running_server(location, *, threads: int = 4, **settings):
    """Serve `location` with `settings` until the block ends."""
    app = create_app(location, Settings(**settings), workers=threads)
    server = create_server(app, host="127.0.0.1", port=0, threads=threads,
                           max_request_body_size=app.config["MAX_CONTENT_LENGTH"])
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    running = RunningServer(app, server, thread)
    try:
        with urllib.request.urlopen(running.url + "/health", timeout=30) as response:
            assert response.status == 200
        yield running
    finally:
        stop(server)
        thread.join(10)
        close_app(app)


def stop(server) -> None:
    """Stop a waitress server run in a thread: its loop ends once its socket map is empty."""
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
    for channel in list(server._map.values()):
        try:
            channel.close()
        except OSError:
            pass


_TEMPLATE: dict[str, Path] = {}


def template_store(tmp_path_factory) -> Path:
    """The example articles built once per test session; copy it before serving it."""
    if "seeds" not in _TEMPLATE:
        _TEMPLATE["seeds"] = build_store(tmp_path_factory.mktemp("server-template") / "store")
    return _TEMPLATE["seeds"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real SPARQL endpoint for the remote-store tests: `oxigraph serve` on 127.0.0.1 (the
    `oxigraph` test dependency). It can be stopped and started again on the same port, to see
    an endpoint go away and come back."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> OxigraphServer:
        oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
        self.process = subprocess.Popen([oxigraph, "serve", "--location", str(self.folder),
                                         "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):  # wait until it listens (a guard, not an assertion on time)
            try:
                requests.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1)
                return self
            except requests.ConnectionError:
                assert self.process.poll() is None, "oxigraph serve exited"
                time.sleep(0.1)
        raise AssertionError(f"oxigraph serve did not listen on {self.url}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None


@contextmanager
def oxigraph_serve(folder: Path):
    """An endpoint over the store folder `folder` until the block ends."""
    server = OxigraphServer(folder).start()
    try:
        yield server
    finally:
        server.stop()


def build_remote(url: str, articles: Path = EXAMPLES) -> None:
    """Build `articles` into the store behind the SPARQL endpoint at `url`."""
    from kg.build import build
    from kg.store import open_store

    store = open_store(url)
    report = build([articles], store, Settings())
    assert report.ok, report.failures
    store.close()
