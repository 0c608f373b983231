"""Incremental builds: only what changed is extracted, and the graph equals a full rebuild."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from synthetic import canonical_nquads, touch_articles, write_corpus

import kg.build
from kg.build import build
from kg.config import Settings
from kg.iris import Minter
from kg.store import open_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental") / "articles"
    write_corpus(folder, 20)
    return folder


@pytest.fixture
def live(corpus, tmp_path):
    """A corpus that a test may change, already built into a store."""
    folder = tmp_path / "articles"
    shutil.copytree(corpus, folder)
    store = open_store(tmp_path / "store")
    assert build([folder], store, Settings()).ok
    yield folder, store
    store.close()


def full_build(folder) -> list[str]:
    store = open_store(None)
    build([folder], store, Settings())
    return canonical_nquads(store.quads())


def test_unchanged_corpus_extracts_and_writes_nothing(live):
    folder, store = live
    before = canonical_nquads(store.quads())
    report = build([folder], store, Settings())
    assert (report.extracted, report.unchanged, report.written) == (0, 20, 0)
    assert canonical_nquads(store.quads()) == before


def test_changed_article_alone_is_extracted_and_graph_equals_full_rebuild(live, monkeypatch):
    folder, store = live
    [changed] = touch_articles(sorted(folder.glob("*.txt"))[3:4], every=1)
    extracted = []
    real = kg.build.process_article
    monkeypatch.setattr(kg.build, "process_article",
                        lambda article, settings: extracted.append(article.id) or real(article, settings))
    report = build([folder], store, Settings())
    assert extracted == [changed.name]
    assert report.extracted == 1 and report.unchanged == 19
    assert 1 <= report.written < 20
    assert canonical_nquads(store.quads()) == full_build(folder)


def test_only_articles_whose_resolution_changed_get_their_quads_recomputed(live, monkeypatch):
    folder, store = live
    touch_articles(sorted(folder.glob("*.txt"))[:1], every=1)
    recomputed = []
    real = kg.build.article_quads
    monkeypatch.setattr(kg.build, "article_quads",
                        lambda x, resolution, minter: recomputed.append(x.article.id)
                        or real(x, resolution, minter))
    build([folder], store, Settings())
    assert 1 <= len(recomputed) < 20


def test_prune_removes_the_graphs_of_deleted_articles(live):
    folder, store = live
    gone = sorted(folder.glob("*.txt"))[:2]
    for path in gone:
        path.unlink()
    kept = build([folder], store, Settings())
    assert kept.pruned == 0
    assert f"{Minter(Settings().base_iri).article(gone[0].name)}" in store.graph_names()
    report = build([folder], store, Settings(), prune=True)
    assert report.pruned == 2 and report.extracted == 0
    names = store.graph_names()
    assert not any(Minter(Settings().base_iri).article(p.name) in names for p in gone)
    assert canonical_nquads(store.quads()) == full_build(folder)


def test_each_build_touches_the_generation_marker(live, tmp_path):
    folder, store = live
    marker = tmp_path / "store" / ".generation"
    first = marker.read_text()
    touch_articles(sorted(folder.glob("*.txt"))[:1], every=1)
    build([folder], store, Settings())
    assert int(marker.read_text()) > int(first)


def test_shards_bulk_loaded_by_oxigraph_equal_the_embedded_build(live, tmp_path):
    folder, store = live
    shards = tmp_path / "shards"
    report = build([folder], None, Settings(), shards=shards)
    assert report.written == 20
    files = sorted(shards.glob("*.nq"))
    assert [f.name for f in files] == ["shard-00000.nq", "shared.nq"]
    loaded = tmp_path / "loaded"
    oxigraph = shutil.which("oxigraph", path=str(sys.executable.rsplit("/", 1)[0])) or "oxigraph"
    for file in files:
        subprocess.run([oxigraph, "load", "--location", str(loaded), "--file", str(file)],
                       check=True, capture_output=True)
    bulk = open_store(loaded)
    assert canonical_nquads(bulk.quads()) == canonical_nquads(store.quads())
    again = build([folder], bulk, Settings())  # the records came along: incremental from here
    assert (again.extracted, again.written) == (0, 0)


def test_shards_split_by_article(live, tmp_path, monkeypatch):
    folder, _ = live
    monkeypatch.setattr("kg.shards.ARTICLES_PER_SHARD", 8)
    import kg.shards

    writer = kg.shards.ShardWriter(tmp_path / "s", Minter(Settings().base_iri), articles_per_shard=8)
    monkeypatch.setattr(kg.shards, "ShardWriter", lambda directory, minter: writer)
    build([folder], None, Settings(), shards=tmp_path / "s")
    counts = []
    for path in sorted((tmp_path / "s").glob("shard-*.nq")):
        graphs = {q.graph_name for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS)}
        counts.append(len(graphs) - 1)  # the records graph is in every shard
    assert counts == [8, 8, 4]


def test_a_corpus_with_broken_files_finishes_and_reports_them(tmp_path):
    folder = tmp_path / "articles"
    write_corpus(folder, 198, broken=2)
    store = tmp_path / "store"
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--store", str(store),
                             "--workers", "2"], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    report = (store / "failures.tsv").read_text(encoding="utf-8").splitlines()
    assert report[0] == "source\treason"
    rows = [line.split("\t") for line in report[1:]]
    assert sorted(source.rsplit("/", 1)[-1] for source, _ in rows) == ["broken000.txt", "broken001.txt"]
    assert all(reason for _, reason in rows)
    assert "failures.tsv" in result.stderr
    built = open_store(store, read_only=True)
    rows = built.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/conflict-kg/ontology#Article> }")
    assert int(next(iter(rows))["n"].value) == 198
