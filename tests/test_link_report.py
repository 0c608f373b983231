"""`kg link --report`: what the graph left unlinked, for growing the catalog."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import DEFAULT_BASE_IRI
from kg.link.report import link_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "store"
    subprocess.run([sys.executable, "-m", "kg", "build", str(EXAMPLES), "--store", str(path)],
                   check=True, capture_output=True, cwd=ROOT)
    return path


def kg_link(store_dir, *args):
    return subprocess.run([sys.executable, "-m", "kg", "link", "--store", str(store_dir),
                           "--report", *args], capture_output=True, text=True, cwd=ROOT,
                          check=True)


def test_the_report_lists_unlinked_entities_most_mentioned_first(seed_store):
    rows = link_report(seed_store, base_iri=DEFAULT_BASE_IRI)
    assert rows
    assert all(r.status in {"unlinked", "no-qid", "candidate", "low-confidence"} for r in rows)
    assert [r.mentions for r in rows] == sorted((r.mentions for r in rows), reverse=True)
    assert all(r.mentions >= r.articles >= 1 for r in rows)
    linked = {r["e"].value for r in seed_store.query(
        "SELECT ?e WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?i }")}
    assert not {r.entity for r in rows} & linked  # all seeds' links are confident


def test_kg_link_json(store_dir):
    rows = json.loads(kg_link(store_dir, "--format", "json").stdout)
    assert rows and {"label", "type", "status", "mentions", "articles", "spellings"} <= set(rows[0])
    kataib = [r for r in rows if r["label"] == "Kata'ib Hezbollah"]
    assert kataib and kataib[0]["status"] == "no-qid" and kataib[0]["mentions"] >= 3


def test_kg_link_tsv_and_table(store_dir):
    lines = kg_link(store_dir, "--format", "tsv").stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["entity", "label", "type", "status"]
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)
    table = kg_link(store_dir, "--limit", "3").stdout
    assert "entities to link" in table and "3 entities" in table
