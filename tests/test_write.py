"""Records → RDF: one date per merged event in every article's graph, and IRIs that do not
collide."""
from __future__ import annotations

from pyoxigraph import NamedNode

from kg.iris import CKG, Minter
from kg.models import Article, ArticleExtraction, Entity, Event, Evidence
from kg.resolve import resolve
from kg.write import article_quads

MINTER = Minter("https://example.org/r/")
EVIDENCE = Evidence(start=0, end=1, rule="test")


def article(article_id, date, entities):
    keys = [e.key for e in entities]
    event = Event(key="event-1", type="Strike", label="strike", date=date, evidence=EVIDENCE,
                  perpetrators=keys[:1], locations=keys[1:])
    return ArticleExtraction(article=Article(id=article_id, text="x"), entities=entities,
                             events=[event])


def us():
    return Entity(key="us", label="United States", type="Country", catalog_id="united-states")


def bukamal(catalog_id="al-bukamal"):
    return Entity(key="place", label="Al Bukamal", type="Place", catalog_id=catalog_id)


def dates_in_graphs(extractions):
    resolution = resolve(extractions, MINTER)
    found = {}
    for extraction in extractions:
        for quad in article_quads(extraction, resolution, MINTER):
            if quad.predicate == NamedNode(CKG + "date"):
                found.setdefault(extraction.article.id, set()).add(quad.object.value)
    return resolution, found


def test_every_article_of_a_merged_event_writes_the_date_its_reports_agree_on():
    extractions = [article("a.txt", "2021-02-25", [us(), bukamal()]),
                   article("b.txt", "2021-02", [us(), bukamal()]),
                   article("c.txt", None, [us(), bukamal()])]
    resolution, found = dates_in_graphs(extractions)
    assert len(set(resolution.event_iri.values())) == 1
    assert found == {"a.txt": {"2021-02-25"}, "b.txt": {"2021-02-25"}, "c.txt": {"2021-02-25"}}


def test_an_event_only_one_article_tells_keeps_its_own_date():
    _, found = dates_in_graphs([article("a.txt", "2021-02", [us(), bukamal()])])
    assert found == {"a.txt": {"2021-02"}}


def test_an_entity_the_catalog_does_not_know_does_not_take_a_catalog_iri():
    linked = article("a.txt", "2021-02-25", [us(), bukamal()])
    unlinked = article("b.txt", "2021-06-27", [us(), bukamal(catalog_id=None)])
    resolution = resolve([linked, unlinked], MINTER)
    catalog_node = resolution.entity_iri[("a.txt", "place")]
    name_node = resolution.entity_iri[("b.txt", "place")]
    assert catalog_node == "https://example.org/r/entity/al-bukamal"
    assert name_node == "https://example.org/r/entity/name/al-bukamal"
    subjects = {q.subject.value for q in article_quads(unlinked, resolution, MINTER)}
    assert name_node in subjects and catalog_node not in subjects
