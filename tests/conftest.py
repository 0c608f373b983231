"""Fixtures shared by the test suite: the example articles and a store built from them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The example articles built once into an embedded store (read it, don't write it)."""
    from kg.build import build
    from kg.config import Settings
    from kg.store import open_store

    path = tmp_path_factory.mktemp("seed") / "store"
    store = open_store(path)
    report = build([EXAMPLES], store, Settings())
    assert report.ok, report.failures
    yield store
    store.close()


@pytest.fixture(scope="session")
def nlp():
    """The extraction pipeline with the built-in catalog (a module may define its own)."""
    from kg.extract import build_pipeline

    return build_pipeline()


@pytest.fixture
def articles_dir(tmp_path) -> Path:
    """A scratch copy of the example articles that a test may change."""
    target = tmp_path / "articles"
    shutil.copytree(EXAMPLES, target)
    return target
