"""The graph as N-Quads shards, for corpora too big to write one transaction at a time.

A bulk loader (``oxigraph load``, Fuseki's ``tdb2.tdbloader``, GraphDB's ImportRDF) reads
N-Quads far faster than any store accepts SPARQL updates, and it keeps the named graphs.
Each shard holds whole articles (their graph and their record), and appears under its final
name only once complete, so a loader never sees half an article. ``shared.nq`` holds the
graphs that are not per article (the ontology and the Wikidata facts). Loading every file into
an empty store gives the same dataset as ``kg build --store`` would, records included, so
later builds against that store are incremental.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError
from .iris import Minter
from .models import ArticleExtraction
from .store import ontology_quads, write_error

#: Articles per shard: files of a few tens of MB, which loaders and file systems like.
ARTICLES_PER_SHARD = 1000


class ShardWriter:
    """Writes articles, in the order given, into ``shard-00000.nq``, ``shard-00001.nq``, …"""

    def __init__(self, directory: str | Path, minter: Minter, *,
                 articles_per_shard: int = ARTICLES_PER_SHARD):
        self.directory = Path(directory)
        self.minter = minter
        self.articles_per_shard = articles_per_shard
        self.files: list[Path] = []
        self._pending: list[ox.Quad] = []
        self._articles = 0
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in [*self.directory.glob("shard-*.nq"), self.directory / "shared.nq"]:
                old.unlink(missing_ok=True)  # shards of an earlier build would mix in
        except OSError as error:
            raise StoreError(f"{self.directory}: cannot write shards: "
                             f"{error.strerror or error}") from None

    def write_article(self, extraction: ArticleExtraction, quads: list[ox.Quad], digest: str,
                      signature: str) -> None:
        from .build import record_quads

        self._pending += quads
        self._pending += record_quads(self.minter, extraction, digest, signature)
        self._articles += 1
        if self._articles == self.articles_per_shard:
            self._flush()

    def _flush(self) -> None:
        if not self._articles:
            return
        self._write(f"shard-{len(self.files):05d}.nq", self._pending)
        self._pending, self._articles = [], 0

    def _write(self, name: str, quads: list[ox.Quad]) -> None:
        target = self.directory / name
        part = target.with_name(name + ".part")
        try:
            with open(part, "wb") as handle:
                ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
            part.replace(target)
        except OSError as error:
            part.unlink(missing_ok=True)
            raise write_error(str(self.directory), error) from None
        self.files.append(target)

    def close(self, shared: list[ox.Quad]) -> None:
        """The last shard, then the graphs every article shares."""
        self._flush()
        self._write("shared.nq", ontology_quads() + shared)
