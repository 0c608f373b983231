"""Scale: articles/s serially, in 2 processes and on a 2-worker Dask cluster (batched tasks,
against one task per article); peak memory per worker; an incremental rebuild after 1% of the
articles changed, against a full rebuild.

    python benchmarks/bench_scale.py [--articles 10000] [--no-dask]

Each configuration runs in a fresh child process, so that peak memory is its own. Stage times
(extract, resolve, write) show where the time goes. Not a test: nothing here asserts; compare
rows of the same run (shared machines are noisy).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, table

sys.path.insert(0, str(ROOT / "tests"))

from synthetic import touch_articles, write_corpus  # noqa: E402


def run_build(corpus: str, store: str, mode: str) -> dict:
    """One build in this process; returns timings and peak memory (MB)."""
    from kg.build import build
    from kg.config import Settings
    from kg.store import open_store

    marks: dict[str, float] = {}

    def progress(stage, done, total):
        marks.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    workers_peak = 0.0
    opened = open_store(store)
    if mode.startswith("dask"):
        from dask.distributed import Client, LocalCluster

        if mode == "dask-per-article":  # the baseline: one task per article
            import kg.distributed
            kg.distributed.BATCH = 1

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            report = build([corpus], opened, Settings(), dask=cluster.scheduler_address,
                           progress=progress)
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            workers_peak = max(peaks.values()) / 1024
    else:
        report = build([corpus], opened, Settings(workers=int(mode)), progress=progress)
        if int(mode) > 1:
            workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    opened.close()
    ended = time.perf_counter()
    stages = {}
    order = [("extract", "resolve"), ("resolve", "write"), ("write", None)]
    for stage, following in order:
        if stage in marks:
            stages[stage] = (marks.get(following, ended) if following else ended) - marks[stage]
    return {"seconds": ended - started, "extracted": report.extracted, "written": report.written,
            "failures": len(report.failures), "stages": stages,
            "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": workers_peak}


def in_child(corpus: Path, store: Path, mode: str) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(store), mode],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def row(name: str, articles: int, result: dict) -> list[object]:
    stages = result["stages"]
    extracted = max(result["extracted"], 1)
    return [name, articles, result["extracted"], result["written"], f"{result['seconds']:.1f}",
            f"{result['extracted'] / result['seconds']:.1f}",
            f"{extracted / stages['extract']:.1f}" if stages.get("extract") else "-",
            f"{stages.get('resolve', 0):.1f}", f"{stages.get('write', 0):.1f}",
            f"{result['main_peak_mb']:.0f}",
            f"{result['worker_peak_mb']:.0f}" if result["worker_peak_mb"] else "(main)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--no-dask", action="store_true", help="skip the LocalCluster row")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_build(*args.child)))
        return

    n = args.articles
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        files = write_corpus(tmp / "articles", n)
        rows.append(row("full, 1 process", n, in_child(tmp / "articles", tmp / "s1", "1")))
        rows.append(row("full, 2 processes", n, in_child(tmp / "articles", tmp / "s2", "2")))
        if not args.no_dask:
            rows.append(row("full, Dask 2 workers", n, in_child(tmp / "articles", tmp / "s3", "dask")))
            rows.append(row("full, Dask 2 workers, a task an article", n,
                            in_child(tmp / "articles", tmp / "s5", "dask-per-article")))
        touch_articles(files, every=100)
        rows.append(row("after 1% changed: incremental", n,
                        in_child(tmp / "articles", tmp / "s2", "2")))
        rows.append(row("after 1% changed: full rebuild", n,
                        in_child(tmp / "articles", tmp / "s4", "2")))
        rows.append(row("nothing changed: incremental", n,
                        in_child(tmp / "articles", tmp / "s2", "2")))
    print(table(["build", "articles", "extracted", "graphs written", "total s",
                 "articles/s", "extract articles/s", "resolve s", "write s", "main peak MB",
                 "worker peak MB"], rows))


if __name__ == "__main__":
    main()
