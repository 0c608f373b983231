"""Build throughput, the write path against pyoxigraph's bulk loader, and Turtle export.

    python benchmarks/bench_build.py [--articles 1000] [--repeat 3]

Prints figures side by side with named baselines measured in the same run (shared, noisy
machines: compare the ratios, not the absolute numbers). Not a test: nothing here asserts.
"""
from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from common import replicate_examples, table, timed

from kg.build import build, graph_hash, record_quads, write_article
from kg.config import Settings
from kg.export import export
from kg.iris import Minter
from kg.store import OxigraphStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    minter = Minter(settings.base_iri)
    work = Path(tempfile.mkdtemp(prefix="ckg-bench-"))
    try:
        corpus = replicate_examples(work / "articles", args.articles)

        # 1. the whole build, serial
        started = time.perf_counter()
        store = OxigraphStore(work / "built")
        report = build([corpus], store, settings)
        build_seconds = time.perf_counter() - started
        assert report.ok, report.failures[:3]

        # the article graphs and records the build wrote, to write again in isolation
        from kg.build import stored_records
        from kg.resolve import resolve
        from kg.write import article_quads

        extractions = list(stored_records(store, minter, [p.name for p in corpus.glob("*.txt")]))
        resolution = resolve(extractions, minter)
        graphs = [(e, article_quads(e, resolution, minter)) for e in extractions]
        quad_count = sum(len(q) for _, q in graphs)
        # the baseline loads exactly what a build writes: each article graph and its record
        written = [quads + record_quads(minter, e, graph_hash(quads), "") for e, quads in graphs]
        written_count = sum(len(q) for q in written)
        everything = b"".join(ox.serialize(q, format=ox.RdfFormat.N_QUADS) for q in written)

        # 2. our write path (one transaction per article, with its record) vs bulk_load
        def ours():
            target = OxigraphStore(None)
            for extraction, quads in graphs:
                write_article(target, minter, extraction, quads, graph_hash(quads), new=True)

        replaced = OxigraphStore(None)
        for extraction, quads in graphs:
            write_article(replaced, minter, extraction, quads, graph_hash(quads), new=True)

        def ours_replacing():
            for extraction, quads in graphs:
                write_article(replaced, minter, extraction, quads, graph_hash(quads))

        def bulk():
            target = ox.Store()
            target.bulk_load(everything, ox.RdfFormat.N_QUADS)

        write_s, _ = timed(ours, repeat=args.repeat)
        replace_s, _ = timed(ours_replacing, repeat=args.repeat)
        bulk_s, _ = timed(bulk, repeat=args.repeat)

        # 3. Turtle export of the union graph vs pyoxigraph's own serializer
        def ours_export():
            buffer = io.BytesIO()
            export(store, "turtle", None, stdout=buffer, internal={minter.graph("records")})
            return buffer.getbuffer().nbytes

        def oxigraph_export():
            buffer = io.BytesIO()
            triples = (q.triple for q in store.raw if q.graph_name != ox.NamedNode(minter.graph("records")))
            ox.serialize(triples, buffer, ox.RdfFormat.TURTLE)
            return buffer.getbuffer().nbytes

        ours_export_s, ours_bytes = timed(ours_export, repeat=args.repeat)
        ox_export_s, ox_bytes = timed(oxigraph_export, repeat=args.repeat)
        store.close()

        n = args.articles
        print(f"corpus: {n} articles (the examples replicated), {quad_count} quads in article graphs")
        print(table(["measure", "conflict-kg", "baseline", "baseline is", "ratio (ours/baseline)"], [
            ["build, articles/s (serial, 1 process)", f"{n / build_seconds:.1f}", "", "", ""],
            ["write new articles, quads/s (graph + record, one transaction each)",
             f"{written_count / write_s:,.0f}", f"{written_count / bulk_s:,.0f}",
             "pyoxigraph bulk_load of the same quads", f"{bulk_s / write_s:.2f}"],
            ["replace changed articles, quads/s (SPARQL Update each)",
             f"{written_count / replace_s:,.0f}", f"{written_count / bulk_s:,.0f}",
             "pyoxigraph bulk_load of the same quads", f"{bulk_s / replace_s:.2f}"],
            ["Turtle export of the union, MB/s (ratio: time)", f"{ours_bytes / 1e6 / ours_export_s:.1f}",
             f"{ox_bytes / 1e6 / ox_export_s:.1f}", "pyoxigraph serialize (no dedupe)",
             f"{ox_export_s / ours_export_s:.2f}"],
        ]))
        print(f"medians of {args.repeat} runs; build: one run of {build_seconds:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
