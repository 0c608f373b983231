"""Helpers shared by the benchmarks: corpora made from the example articles, and timing."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"


def replicate_examples(target: Path, count: int) -> Path:
    """`count` articles with distinct ids: the examples, copied round-robin under new names.

    Each copy gets a distinct first line, so that every article has its own content hash.
    """
    target.mkdir(parents=True, exist_ok=True)
    sources = sorted(EXAMPLES.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for i in range(count):
        path = target / f"copy-{i:06d}-{sources[i % len(sources)].name}"
        if not path.exists():
            path.write_text(f"Copy {i}\n{texts[i % len(texts)]}", encoding="utf-8")
    return target


def timed(function, *, repeat: int = 3) -> tuple[float, object]:
    """Median seconds over `repeat` runs, and the last result."""
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
