"""The `kg` command as a user runs it: a real subprocess on real files."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from conftest import EXAMPLES


def kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                            text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def nquads(store: Path) -> list[str]:
    text = kg("export", "--store", store, "--format", "nquads").stdout
    return sorted(line for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = kg("build", EXAMPLES, "--store", store)
    assert "5 articles read, 5 extracted" in result.stderr
    return store


def test_build_prints_a_summary(built):
    result = kg("build", EXAMPLES, "--store", built)
    summary = result.stderr.strip().splitlines()[-1]
    for word in ("articles read", "entities", "events", "statements", "casualty claims",
                 "failures", " s"):
        assert word in summary


def test_building_twice_leaves_exactly_the_same_triples(built, tmp_path):
    before = nquads(built)
    kg("build", EXAMPLES, "--store", built)
    assert nquads(built) == before
    again = tmp_path / "again"
    kg("build", EXAMPLES, "--store", again, "--force")
    assert nquads(again) == before, "a fresh build must mint the same IRIs"


def test_a_changed_article_replaces_its_graph(articles_dir, tmp_path):
    store = tmp_path / "store"
    kg("build", articles_dir, "--store", store)
    victim = sorted(articles_dir.glob("*.txt"))[0]
    old_text = victim.read_text(encoding="utf-8")
    victim.write_text("Wednesday, 3 January 2024\n\nDrone strike in Baghdad\n\n"
                      "A US drone strike hit a car in Baghdad on Thursday, officials said.\n",
                      encoding="utf-8")
    result = kg("build", articles_dir, "--store", store)
    assert "1 extracted, 4 unchanged" in result.stderr
    body = kg("query", "--store", store, "--format", "json",
              f'SELECT ?body WHERE {{ ?a <http://purl.org/dc/terms/identifier> "{victim.name}" ; '
              f'<https://w3id.org/conflict-kg/ontology#body> ?body }}').stdout
    bodies = [b["body"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert len(bodies) == 1 and "drone strike hit a car" in bodies[0]
    assert old_text not in bodies[0]


def test_bad_inputs_fail_clearly_and_lose_nothing(articles_dir, tmp_path):
    store = tmp_path / "store"
    kg("build", articles_dir, "--store", store)
    before = nquads(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (bad / "latin1.txt").write_bytes("Frappe a\u00e9rienne".encode("latin-1"))
    (bad / "feed.jsonl").write_text('{"id": "x1", "text": "Rockets hit Erbil."}\n{broken\n',
                                    encoding="utf-8")
    with open(bad / "huge.txt", "wb") as handle:
        handle.truncate(50_000_000)
    result = kg("build", articles_dir, bad, tmp_path / "missing.txt", "--store", store,
                "--failures", tmp_path / "failures.tsv", check=False)
    assert result.returncode == 1, "the exit code must say that some inputs failed"
    for name in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "missing.txt"):
        assert name in result.stderr
    assert "feed.jsonl:2" in result.stderr
    assert "Traceback" not in result.stderr
    report = (tmp_path / "failures.tsv").read_text(encoding="utf-8").splitlines()
    assert report[0] == "source\treason" and len(report) == 7
    after = set(nquads(store))
    assert set(before) <= after, "what was stored before must still be there"
    ids = kg("query", "--store", store, "--format", "csv",
             "SELECT ?id WHERE { ?a a <https://w3id.org/conflict-kg/ontology#Article> ; "
             "<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id").stdout.split()
    assert "x1" in ids and len(ids) == 1 + 6


def test_export_turtle_parses_and_has_readable_prefixes(built, tmp_path):
    out = tmp_path / "kg.ttl"
    kg("export", "--store", built, "--format", "turtle", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "@prefix ckg: <https://w3id.org/conflict-kg/ontology#>" in text
    graph = rdflib.Graph().parse(out, format="turtle")
    ckg = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    assert len(set(graph.subjects(rdflib.RDF.type, ckg.Article))) == 5
    assert "extractionRecord" not in text, "build records are internal"


@pytest.mark.parametrize("fmt, suffix, rdflib_format", [
    ("trig", "trig", "trig"), ("nquads", "nq.gz", "nquads"), ("ntriples", "nt", "nt"),
    ("jsonld", "jsonld", "json-ld")])
def test_export_formats(built, tmp_path, fmt, suffix, rdflib_format):
    out = tmp_path / f"kg.{suffix}"
    kg("export", "--store", built, "--format", fmt, "-o", out)
    data = gzip.decompress(out.read_bytes()) if suffix.endswith(".gz") else out.read_bytes()
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=rdflib_format)
    assert len(dataset) > 500
    if fmt in ("trig", "nquads"):
        graphs = {str(g.identifier) for g in dataset.graphs()}
        assert sum("/resource/article/" in g for g in graphs) == 5, "one graph per article"


def test_export_one_graph(built, tmp_path):
    article = "https://w3id.org/conflict-kg/resource/article/000_601f25e01cf381a1.txt"
    out = kg("export", "--store", built, "--format", "ntriples", "--graph", article).stdout
    assert f"<{article}> <http://purl.org/dc/terms/identifier>" in out
    assert "001_6b2c0f55e145f37a.txt\"" not in out
    missing = kg("export", "--store", built, "--graph", "http://example.org/none", check=False)
    assert missing.returncode == 2 and "no graph" in missing.stderr


def test_query_formats_and_files(built, tmp_path):
    query = ("SELECT ?id WHERE { ?a a <https://w3id.org/conflict-kg/ontology#Article> ; "
             "<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id")
    table = kg("query", "--store", built, query).stdout
    assert "000_601f25e01cf381a1.txt" in table and "5 rows" in table
    as_json = json.loads(kg("query", "--store", built, "--format", "json", query).stdout)
    assert len(as_json["results"]["bindings"]) == 5
    csv = kg("query", "--store", built, "--format", "csv", query).stdout.splitlines()
    assert csv[0].strip() == "id" and len(csv) == 6
    path = tmp_path / "ids.rq"
    path.write_text(query, encoding="utf-8")
    assert kg("query", "--store", built, "--format", "tsv", path).stdout.count("\n") == 6
    construct = kg("query", "--store", built, "--format", "turtle",
                   "CONSTRUCT { ?a ?p ?o } WHERE { ?a a "
                   "<https://w3id.org/conflict-kg/ontology#Article> ; ?p ?o }").stdout
    assert len(rdflib.Graph().parse(data=construct, format="turtle")) > 10


def test_query_errors_are_clear(built):
    bad = kg("query", "--store", built, "SELECT ?x WHERE { ?x ", check=False)
    assert bad.returncode == 2 and "malformed query" in bad.stderr
    assert "Traceback" not in bad.stderr
    nowhere = kg("query", "--store", built.parent / "nothing-here", "ASK {}", check=False)
    assert nowhere.returncode == 2 and "no store here" in nowhere.stderr


def test_canned_query_by_name_with_a_parameter(built):
    out = kg("query", "--store", built, "--format", "json", "article-contents",
             "--param", "article_id=003_a1afa4b16a1fe23b.txt").stdout
    rows = json.loads(out)["results"]["bindings"]
    assert rows and all(r.get("article_id", {}).get("value", "003_a1afa4b16a1fe23b.txt")
                        == "003_a1afa4b16a1fe23b.txt" for r in rows)


def test_validate_and_stats(built):
    report = kg("validate", "--store", built, "--json", check=False)
    data = json.loads(report.stdout)
    assert report.returncode == (0 if data["conforms"] else 1)
    assert data["triples"] > 500
    stats = kg("stats", "--store", built).stdout
    assert "Strike" in stats and "000_601f25e01cf381a1.txt" in stats
    assert "entities linked to Wikidata" in stats


def test_python_dash_m_and_the_console_script_agree(built):
    script = Path(sys.executable).parent / "kg"
    if not script.exists():
        pytest.fail("the kg console script is not installed next to this Python")
    via_script = subprocess.run([str(script), "stats", "--store", str(built)],
                                capture_output=True, text=True, timeout=120)
    assert via_script.returncode == 0
    assert via_script.stdout == kg("stats", "--store", built).stdout
