"""How fast `kg serve` answers, next to `oxigraph serve` on the same data.

Requests per second and p50/p99 latency at several concurrencies, on a mix of the canned
queries (the offline ones without required parameters), against the example articles copied
N times under distinct names. Both servers run with the same time limit and serve the same
store folder read-only, one after the other per concurrency, so they meet the same machine.

    python benchmarks/bench_server.py --articles 1000 --duration 10

The built store is cached under benchmarks/.cache/ (gitignored), keyed by N and the inputs.
This prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
CACHE = Path(__file__).resolve().parent / ".cache"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def inputs_key(articles: int) -> str:
    digest = hashlib.sha256(str(articles).encode())
    for folder in (EXAMPLES, ROOT / "ontology", ROOT / "kg"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".html", ".jsonl", ".ttl", ".py", ".tsv"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def built_store(articles: int, workers: int) -> Path:
    """The seeds replicated to `articles` files and built once; cached between runs."""
    store = CACHE / f"store-{articles}-{inputs_key(articles)}"
    if (store / "CURRENT").exists():
        return store
    seeds = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(articles):
            seed = seeds[index % len(seeds)]
            shutil.copy(seed, Path(tmp) / f"{index:06d}_{seed.name}")
        partial = store.with_name(store.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        started = time.monotonic()
        subprocess.run([str(BIN / "kg"), "build", tmp, "--store", str(partial),
                        "--workers", str(workers)], check=True)
        print(f"built {articles} articles in {time.monotonic() - started:.0f} s", file=sys.stderr)
        partial.rename(store)
    return store


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            host, port = urllib.parse.urlsplit(url).netloc.split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=5)
            connection.request("GET", urllib.parse.urlsplit(url).path + "?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


class Server:
    def __init__(self, name: str, command: list[str], query_url: str):
        self.name, self.command, self.query_url = name, command, query_url
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_ready(self.query_url, self.process)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def ours(store: Path, timeout: float, threads: int) -> Server:
    port = free_port()
    return Server("kg serve", [str(BIN / "kg"), "serve", "--store", str(store), "--port", str(port),
                               "--threads", str(threads), "--query-timeout", str(timeout)],
                  f"http://127.0.0.1:{port}/sparql")


def oxigraph(store: Path, timeout: float) -> Server:
    port = free_port()
    return Server("oxigraph serve", [str(BIN / "oxigraph"), "serve-read-only", "--location",
                                     str(store), "--bind", f"127.0.0.1:{port}",
                                     "--union-default-graph", "--timeout-s", str(int(timeout))],
                  f"http://127.0.0.1:{port}/query")


def post(connection: http.client.HTTPConnection, path: str, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query})
    connection.request("POST", path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def load(url: str, queries: list[str], concurrency: int, duration: float) -> dict:
    """`concurrency` clients on keep-alive connections, each cycling through the mix."""
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(offset: int):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        mine, failed, index = [], [], offset
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status, _ = post(connection, parts.path, queries[index % len(queries)])
            mine.append(time.perf_counter() - started)
            if status != 200:
                failed.append(status)
            index += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "requests": len(latencies), "errors": len(errors)}


def query_mix(url: str, budget: float) -> tuple[list[str], list[str]]:
    """The canned queries that answer within `budget` seconds here (others are reported)."""
    sys.path.insert(0, str(ROOT))
    from kg.queries import canned_queries

    parts = urllib.parse.urlsplit(url)
    kept, dropped = [], []
    for query in canned_queries().values():
        if query.online or any(p.required for p in query.parameters):
            continue
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=budget + 30)
        started = time.perf_counter()
        status, _ = post(connection, parts.path, query.text)
        seconds = time.perf_counter() - started
        connection.close()
        if status == 200 and seconds <= budget:
            kept.append(query)
        else:
            dropped.append(f"{query.name} ({status}, {seconds:.1f} s)")
    return [q.text for q in kept], [q.name for q in kept] + ["-"] + dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="copies of the seeds to build")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated client counts")
    parser.add_argument("--threads", type=int, default=32, help="kg serve threads (= workers)")
    parser.add_argument("--query-timeout", type=float, default=30.0)
    parser.add_argument("--budget", type=float, default=5.0,
                        help="canned queries slower than this (seconds) are left out of the mix")
    parser.add_argument("--build-workers", type=int, default=2)
    args = parser.parse_args()

    store = built_store(args.articles, args.build_workers)
    ours_server = ours(store, args.budget, args.threads)  # slow queries stop at the budget
    with ours_server:
        queries, names = query_mix(ours_server.query_url, args.budget)
    print(f"store: {store.name}; mix: {', '.join(names)}")
    if not queries:
        sys.exit("no canned query answers within the budget; nothing to measure")
    rows = []
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        measured = {}
        for server in (ours(store, args.query_timeout, args.threads),
                       oxigraph(store, args.query_timeout)):
            with server:
                load(server.query_url, queries, concurrency, min(2.0, args.duration))  # warm up
                measured[server.name] = load(server.query_url, queries, concurrency, args.duration)
        rows.append((concurrency, measured))
    header = (f"{'conc':>4} | {'server':<15} | {'req/s':>8} | {'p50 ms':>8} | {'p99 ms':>8} | "
              f"{'requests':>8} | {'errors':>6} | {'ratio':>6}")
    print(header)
    print("-" * len(header))
    for concurrency, measured in rows:
        baseline = measured["oxigraph serve"]["rps"]
        for name, m in measured.items():
            ratio = m["rps"] / baseline if baseline else float("nan")
            print(f"{concurrency:>4} | {name:<15} | {m['rps']:8.1f} | {m['p50']:8.1f} | "
                  f"{m['p99']:8.1f} | {m['requests']:8d} | {m['errors']:6d} | {ratio:6.2f}")


if __name__ == "__main__":
    main()
