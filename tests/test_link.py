"""The linker: exact, loose and fuzzy names, types, the article as context, and the threshold."""
from __future__ import annotations

import pytest

from kg.config import DEFAULT_BASE_IRI
from kg.iris import CKG, OWL, SKOS, WD, XSD, Minter
from kg.link.catalog import load_catalog
from kg.link.linker import link_extraction, similar_enough
from kg.models import Article, ArticleExtraction, Entity, Mention


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def extraction(text: str, *names: tuple[str, str], catalog_ids: dict | None = None):
    entities = []
    for n, (name, kind) in enumerate(names):
        start = text.index(name)
        catalog_id = (catalog_ids or {}).get(name)
        entities.append(Entity(key=f"e{n}", label=name, type=kind, catalog_id=catalog_id,
                               mentions=[Mention(text=name, start=start, end=start + len(name))]))
    return ArticleExtraction(article=Article(id="t.txt", text=text), entities=entities)


def linked(catalog, text, *names, threshold=0.85, catalog_ids=None):
    return link_extraction(extraction(text, *names, catalog_ids=catalog_ids), catalog,
                           threshold=threshold).entities


def test_an_exact_name_links_and_joins_the_catalog_node(catalog):
    [entity] = linked(catalog, "Rockets hit Irbil.", ("Irbil", "Place"))
    assert (entity.qid, entity.catalog_id, entity.label) == ("Q132754", "erbil", "Erbil")
    assert entity.link_confidence == 1.0


def test_a_misspelling_links_only_at_or_above_the_threshold(catalog):
    text = "Officials in Damascas denied it."
    [entity] = linked(catalog, text, ("Damascas", "Place"))
    assert entity.qid == "Q3766" and entity.catalog_id == "damascus"
    [strict] = linked(catalog, text, ("Damascas", "Place"), threshold=0.95)
    assert strict.qid is None
    assert strict.candidate_qid == "Q3766"  # a skos:closeMatch, not owl:sameAs
    assert strict.catalog_id is None and strict.label == "Damascas"  # its own node
    assert 0.75 <= strict.link_confidence < 0.95


@pytest.mark.parametrize("a, b", [
    ("iraqi ministry of defense", "syrian ministry of defense"),
    ("erbil airport", "erbil"),
    ("erbil governorate", "erbil"),
    ("kataib sayyid al shuhada", "kataib hezbollah"),
    ("brigade 45", "brigade 54"),
])
def test_similar_strings_that_name_different_things(a, b):
    assert not similar_enough(a, b)


@pytest.mark.parametrize("a, b", [
    ("basher al assad", "bashar al assad"), ("albukamal", "al bukamal"),
    ("qassim suleimani", "qassem soleimani"),
])
def test_spellings_of_one_name(a, b):
    assert similar_enough(a, b)


def test_a_lower_case_word_is_not_the_place_of_that_name(catalog):
    text = "The rockets hit a base near the town."
    [entity] = linked(catalog, text, ("hit", "Place"), catalog_ids={"hit": "hit"})
    assert entity.qid is None and entity.catalog_id is None


def test_the_type_must_fit(catalog):
    [entity] = linked(catalog, "He said Washington would never lie.", ("Washington", "Person"))
    assert entity.qid is None and entity.candidate_qid is None


def test_the_article_settles_a_name_the_gazetteer_guessed(catalog):
    text = "the town of al-Bukamal in the eastern province of Deir Ez-Zor."
    [entity] = linked(catalog, text, ("Deir Ez-Zor", "Place"),
                      catalog_ids={"Deir Ez-Zor": "deir-ez-zor"})
    assert (entity.qid, entity.catalog_id) == ("Q232387", "deir-ez-zor-governorate")
    [city] = linked(catalog, "in the city of Deir ez-Zor, residents fled.",
                    ("Deir ez-Zor", "Place"), catalog_ids={"Deir ez-Zor": "deir-ez-zor-governorate"})
    assert (city.qid, city.catalog_id) == ("Q239097", "deir-ez-zor")


def test_an_ambiguous_name_without_context_is_a_candidate_only(catalog):
    [entity] = linked(catalog, "Fighting near Deir ez-Zor went on.", ("Deir ez-Zor", "Place"),
                      catalog_ids={"Deir ez-Zor": "deir-ez-zor"})
    assert entity.qid is None
    assert entity.catalog_id is None  # not merged into the city's node or the governorate's
    assert entity.candidate_qid in {"Q239097", "Q232387"}
    assert entity.link_confidence < 0.85


def test_confidence_and_candidates_reach_the_graph(catalog):
    from kg.resolve import resolve
    from kg.write import article_quads

    text = "Officials in Damascas and Irbil denied it."
    linked_extraction = link_extraction(
        extraction(text, ("Damascas", "Place"), ("Irbil", "Place")), catalog, threshold=0.9)
    minter = Minter(DEFAULT_BASE_IRI)
    quads = article_quads(linked_extraction, resolve([linked_extraction], minter), minter)
    by_predicate = {}
    for quad in quads:
        by_predicate.setdefault(quad.predicate.value, []).append(quad)
    assert {q.object.value for q in by_predicate[OWL + "sameAs"]} == {WD + "Q132754"}
    assert {q.object.value for q in by_predicate[SKOS + "closeMatch"]} == {WD + "Q3766"}
    confidences = by_predicate[CKG + "linkConfidence"]
    assert len(confidences) == 2
    assert all(q.object.datatype.value == XSD + "decimal" for q in confidences)


def test_the_seeds_link_only_at_or_above_the_threshold(seed_store):
    rows = list(seed_store.query(f"""
        SELECT ?entity ?item ?confidence WHERE {{
          ?entity <{OWL}sameAs> ?item .
          OPTIONAL {{ ?entity <{CKG}linkConfidence> ?confidence }} }}"""))
    assert rows
    for row in rows:
        assert row["confidence"] is not None, row["entity"]
        assert row["confidence"].datatype.value == XSD + "decimal"
        assert float(row["confidence"].value) >= 0.85


def test_the_seeds_link_deir_ez_zor_to_the_governorate(seed_store):
    items = {row["item"].value for row in seed_store.query(f"""
        SELECT ?item WHERE {{ ?e <{SKOS}altLabel> "Deir Ez-Zor" ; <{OWL}sameAs> ?item }}""")}
    assert items == {WD + "Q232387"}
