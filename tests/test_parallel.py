"""Parallel and distributed builds give the serial build's graph, quad for quad.

Only extraction is spread out; resolution is one global step, so neither the number of
workers nor the order in which results come back may show in the graph.
"""
from __future__ import annotations

import pytest
from synthetic import canonical_nquads, write_corpus

from kg.build import build
from kg.config import Settings
from kg.store import open_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel") / "articles"
    write_corpus(folder, 30)
    return folder


@pytest.fixture(scope="module")
def serial_graph(corpus):
    store = open_store(None)
    report = build([corpus], store, Settings())
    assert report.ok and report.written == 30
    return canonical_nquads(store.quads())


def test_process_pool_builds_the_serial_graph(corpus, serial_graph):
    store = open_store(None)
    report = build([corpus], store, Settings(workers=2))
    assert report.ok and report.extracted == 30
    assert canonical_nquads(store.quads()) == serial_graph


@pytest.mark.slow
def test_dask_cluster_builds_the_serial_graph(corpus, serial_graph):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster:
        store = open_store(None)
        report = build([corpus], store, Settings(), dask=cluster.scheduler_address)
    assert report.ok and report.extracted == 30
    assert canonical_nquads(store.quads()) == serial_graph


def test_input_order_does_not_matter(corpus, serial_graph, tmp_path):
    """The same articles, handed over in reverse order and in two halves (an incremental
    build that adds the second half later), give the same graph."""
    files = sorted(corpus.glob("*.txt"))
    store = open_store(None)
    build(files[15:][::-1], store, Settings())
    report = build(files[::-1], store, Settings())
    assert report.extracted == 15 and report.unchanged == 15
    assert canonical_nquads(store.quads()) == serial_graph


def test_unreachable_dask_scheduler_is_a_clear_error(corpus):
    from kg.errors import KGError

    with pytest.raises(KGError, match="cannot reach the Dask scheduler"):
        build([corpus], open_store(None), Settings(), dask="tcp://127.0.0.1:9")
