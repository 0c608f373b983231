"""Corpora of any size made from the example articles, for scale tests and benchmarks.

Each copy moves the example's dates to another year and month, so that the copies report
different events (resolution then has real work, and stays realistic: copies of different
examples in the same month report the same events, as the examples themselves do).
"""
from __future__ import annotations

import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def variant(text: str, number: int) -> str:
    """The text with its 2020/2021 dates moved by `number` (years first, then months)."""
    year_shift = number % 30
    month_shift = (number // 30) % 12
    text = re.sub(r"\b202([01])\b", lambda m: str(1990 + year_shift + int(m.group(1))), text)
    return _MONTH.sub(lambda m: MONTHS[(MONTHS.index(m.group(1)) + month_shift) % 12], text)


def write_corpus(target: Path, count: int, *, broken: int = 0) -> list[Path]:
    """`count` articles as .txt files under `target` (and `broken` unreadable files)."""
    seeds = sorted(EXAMPLES.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        seed = n % len(seeds)
        path = target / f"a{n:05d}_{seeds[seed].stem[:3]}.txt"
        path.write_text(variant(texts[seed], n // len(seeds)), encoding="utf-8")
        files.append(path)
    for n in range(broken):
        path = target / f"broken{n:03d}.txt"
        path.write_bytes(b"\0\x01binary junk" if n % 2 == 0 else b"   \n")
        files.append(path)
    return files


def touch_articles(files: list[Path], every: int) -> list[Path]:
    """Change every `every`-th article (an update appended), as a live corpus does."""
    changed = files[::every]
    for path in changed:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\nUpdate: this report was revised after publication.\n")
    return changed


def canonical_nquads(quads) -> list[str]:
    """The quads as sorted N-Quads lines, blank nodes relabelled canonically: two stores
    hold the same graph exactly when these lists are equal."""
    import pyoxigraph as ox

    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
