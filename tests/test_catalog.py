"""The catalog files: the built-in one, and a user's own laid over it with `--catalog FILE`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import LinkingError
from kg.link.catalog import COLUMNS, load_catalog, read_catalog_file

ROOT = Path(__file__).resolve().parent.parent


def row(**values) -> str:
    defaults = {"id": "x", "qid": "", "label": "X", "type": "Place", "evidence": "unverified"}
    defaults.update(values)
    return "\t".join(defaults.get(c, "") for c in COLUMNS)


def write(path: Path, *rows: str, header: str = "\t".join(COLUMNS)) -> Path:
    path.write_text("\n".join(["# my own entities", header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_built_in_catalog_is_sound():
    catalog = load_catalog()
    assert len(catalog) >= 300
    for entry in catalog:
        if entry.qid:
            assert entry.evidence and entry.evidence != "unverified", entry.id
        if entry.country:
            assert catalog.get(entry.country) and catalog.get(entry.country).type == "Country", entry.id


def test_a_user_catalog_adds_entries_and_replaces_same_ids(tmp_path):
    path = write(tmp_path / "mine.tsv",
                 row(id="hajin", qid="Q5639989", label="Hajin", aliases="Hajeen|Al-Hajin",
                     country="syria", description="town in Deir ez-Zor Governorate, Syria"),
                 row(id="my-militia", label="Brigade of the Test", type="ArmedGroup",
                     aliases="BoT"))
    builtin = load_catalog()
    merged = load_catalog([path])
    assert len(merged) == len(builtin) + 1
    assert merged.get("hajin").aliases == ("Hajeen", "Al-Hajin")
    assert [e.id for e in merged.lookup("Al-Hajin")] == ["hajin"]
    assert merged.get("my-militia").type == "ArmedGroup"
    assert builtin.get("my-militia") is None  # the built-in catalog is left as it was


@pytest.mark.parametrize("rows, message", [
    ([row(id="a"), row(id="b", type="Town")], "row 4: type 'Town'"),
    ([row(id="a", qid="42")], "row 3: '42' is not a Wikidata item id"),
    ([row(id="a"), "b\tQ1\tB"], "row 4: 3 fields, expected 12"),
    ([row(id="a"), row(id="a", label="Again")], "row 4: id 'a' is already used on row 3"),
    ([row(id="a", lat="north")], "row 3: not a number: 'north'"),
    ([row(id="", label="")], "row 3: id and label are required"),
])
def test_a_malformed_user_catalog_names_the_file_and_row(tmp_path, rows, message):
    path = write(tmp_path / "broken.tsv", *rows)
    with pytest.raises(LinkingError) as caught:
        load_catalog([path])
    assert str(path.resolve()) in str(caught.value)
    assert message in str(caught.value)


def test_a_wrong_header_is_named(tmp_path):
    path = write(tmp_path / "cols.tsv", row(), header="id\tqid\tlabel")
    with pytest.raises(LinkingError, match=r"cols.tsv: line 2: catalog header"):
        read_catalog_file(path)


def test_kg_build_reports_a_broken_catalog_without_a_traceback(tmp_path):
    path = write(tmp_path / "broken.tsv", row(id="a", type="Town"))
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("Rockets hit Erbil on Monday.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--store",
                             str(tmp_path / "store"), "--catalog", str(path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "broken.tsv: row 3" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_a_user_catalog_links_its_entries_in_a_build(tmp_path):
    from kg.build import process_article
    from kg.config import Settings
    from kg.models import Article

    path = write(tmp_path / "mine.tsv",
                 row(id="test-militia", qid="Q4115189", label="Brigade of the Test",
                     type="ArmedGroup", aliases="Test Brigade", evidence="test fixture"))
    text = "The Test Brigade claimed the attack on the base."
    extraction = process_article(Article(id="a.txt", text=text), Settings(catalogs=[path]))
    linked = [e for e in extraction.entities if e.catalog_id == "test-militia"]
    assert linked and linked[0].qid == "Q4115189"
