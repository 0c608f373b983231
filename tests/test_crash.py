"""Crash safety: a killed build leaves whole articles only, and the next build finishes the job;
a read-only store or a full disk is a clear error that loses nothing already stored."""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from synthetic import canonical_nquads, touch_articles, write_corpus

from kg.build import build, graph_hash, stored_articles
from kg.config import Settings
from kg.errors import StoreError
from kg.iris import Minter
from kg.store import open_store

MINTER = Minter(Settings().base_iri)


def assert_whole_articles(store) -> int:
    """Every article graph has its record and the content the record's hash promises, and
    every record has its graph. Returns how many articles the store holds."""
    stored = stored_articles(store, MINTER)
    prefix = MINTER.article("")
    graphs = [g for g in store.graph_names() if g.startswith(prefix)]
    assert sorted(graphs) == sorted(MINTER.article(a) for a in stored)
    for article_id, record in stored.items():
        assert graph_hash(list(store.quads(MINTER.article(article_id)))) == record.graph_hash
    return len(stored)


@pytest.mark.slow
def test_sigkill_during_a_build_then_build_again(tmp_path):
    corpus = tmp_path / "articles"
    write_corpus(corpus, 300)
    location = tmp_path / "store"
    marker = location / ".generation"  # touched after each batch of written articles
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store",
                                str(location), "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not marker.exists() and process.poll() is None:
            time.sleep(0.01)
        assert process.poll() is None, "the build ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL

    store = open_store(location)
    written = assert_whole_articles(store)
    assert 100 <= written < 300
    report = build([corpus], store, Settings(workers=2))
    assert report.ok and report.extracted == 300 - written
    assert assert_whole_articles(store) == 300

    clean = open_store(tmp_path / "clean")
    build([corpus], clean, Settings(workers=2))
    assert canonical_nquads(store.quads()) == canonical_nquads(clean.quads())


@contextlib.contextmanager
def read_only_folder(path):
    """The folder made read-only for real: permissions for a normal user; for root, whom
    permissions do not stop, a read-only bind mount. None when neither is possible here."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [path, *path.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield path
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if mounted.returncode != 0:
        yield None
        return
    try:
        remounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(path)],
                                   capture_output=True)
        yield path if remounted.returncode == 0 else None
    finally:
        subprocess.run(["umount", str(path)], capture_output=True)


def test_read_only_store_is_a_clear_error_and_keeps_its_data(tmp_path, examples_dir, monkeypatch):
    location = tmp_path / "store"
    store = open_store(location)
    build([examples_dir], store, Settings())
    before = canonical_nquads(store.quads())
    store.close()
    del store
    articles = tmp_path / "articles"
    shutil.copytree(examples_dir, articles)
    touch_articles(sorted(articles.glob("*.txt")), every=2)

    with read_only_folder(location) as folder:
        if folder is not None:
            result = subprocess.run([sys.executable, "-m", "kg", "build", str(articles),
                                     "--store", str(folder)], capture_output=True, text=True)
            assert result.returncode == 2
            assert "error:" in result.stderr and "not writable" in result.stderr
            assert "Traceback" not in result.stderr
        else:  # no way to make a folder read-only here: the file system's answer, injected
            import kg.store

            class ReadOnlyFileSystem:
                def __getattr__(self, name):
                    return getattr(kg.store.ox, name)

                @staticmethod
                def Store(path=None):  # noqa: N802 (pyoxigraph's name)
                    raise OSError(errno.EROFS, "Read-only file system")

            monkeypatch.setattr(kg.store, "ox", ReadOnlyFileSystem())
            with pytest.raises(StoreError, match="read-only file system"):
                open_store(location)
            monkeypatch.undo()
    assert canonical_nquads(open_store(location, read_only=True).quads()) == before


class _DiskFull:
    """The pyoxigraph store, except that writes fail the way a full disk makes them fail."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def update(self, sparql):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path, examples_dir):
    articles = tmp_path / "articles"
    shutil.copytree(examples_dir, articles)
    store = open_store(tmp_path / "store")
    build([articles], store, Settings())
    before = canonical_nquads(store.quads())
    touch_articles(sorted(articles.glob("*.txt")), every=1)
    store._store = _DiskFull(store._store)
    with pytest.raises(StoreError) as failure:
        build([articles], store, Settings())
    message = str(failure.value)
    assert "No space left on device" in message and "disk is full" in message
    store._store = store._store._store
    assert canonical_nquads(store.quads()) == before
    assert assert_whole_articles(store) == 5
