"""What linking costs a build: the seeds replicated, built with linking on and off.

    python benchmarks/bench_linking.py [--articles 300] [--repeat 3]

Each round builds the same corpus into a fresh store twice, once with linking and once without
(`Settings.linking`), in alternating order so that a noisy, shared machine hurts both alike; the
table gives medians over the rounds and their ratio (the bar: at most 1.20). The linker alone is
timed too, on the extractions of the corpus. Not a test: nothing here asserts.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import replicate_examples, table

from kg.build import build
from kg.config import Settings
from kg.store import OxigraphStore


def build_once(corpus: Path, work: Path, settings: Settings) -> float:
    target = Path(tempfile.mkdtemp(dir=work, prefix="store-"))
    started = time.perf_counter()
    store = OxigraphStore(target)
    report = build([corpus], store, settings)
    seconds = time.perf_counter() - started
    assert report.ok, report.failures[:3]
    store.close()
    shutil.rmtree(target, ignore_errors=True)
    return seconds


def linker_alone(corpus: Path, settings: Settings) -> tuple[float, int]:
    """Seconds the linker takes over the corpus's extractions, and how many entities."""
    from kg.extract import build_pipeline, extract
    from kg.link.catalog import load_catalog
    from kg.link.linker import link_extraction
    from kg.reading import read_paths

    nlp = build_pipeline()
    catalog = load_catalog()
    extractions = [extract(a, nlp) for a in read_paths([corpus], max_bytes=10**8)
                   if not isinstance(a, Exception)]
    started = time.perf_counter()
    for extraction in extractions:
        link_extraction(extraction, catalog, threshold=settings.link_threshold)
    return time.perf_counter() - started, sum(len(x.entities) for x in extractions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ckg-bench-linking-"))
    try:
        corpus = replicate_examples(work / "articles", args.articles)
        on, off = Settings(), Settings(linking=False)
        build_once(corpus, work, on)  # warm: spaCy, the catalog, the OS cache
        times = {"linking on": [], "linking off": []}
        for round_number in range(args.repeat):
            order = [("linking on", on), ("linking off", off)]
            for name, settings in order if round_number % 2 == 0 else reversed(order):
                times[name].append(build_once(corpus, work, settings))
        median_on = statistics.median(times["linking on"])
        median_off = statistics.median(times["linking off"])
        alone, entities = linker_alone(corpus, on)
        rows = [[name, f"{statistics.median(t):.2f}", " ".join(f"{s:.2f}" for s in t)]
                for name, t in times.items()]
        print(f"{args.articles} articles, {args.repeat} rounds (seconds)")
        print(table(["build", "median", "runs"], rows))
        print(f"ratio on/off: {median_on / median_off:.3f}")
        print(f"linker alone: {alone:.3f} s for {entities} entities "
              f"({1e6 * alone / max(entities, 1):.0f} µs per entity)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
