"""Every query in queries/ on the graph of the example articles returns what a reader of those
articles expects. The expectations are a careful reader's, not the extractor's current output."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.queries import canned_queries
from kg.sparql import bind_parameters

QUERIES = canned_queries()
WD = "http://www.wikidata.org/entity/"


def rows(store, name: str, **params) -> list[dict[str, str]]:
    """The query's solutions as {variable: lexical value}, unbound variables left out."""
    result = store.query(QUERIES[name].text, substitutions=bind_parameters(params))
    variables = [v.value for v in result.variables]
    return [{v: s[v].value for v in variables if s[v] is not None} for s in result]


def cell(row: dict[str, str]) -> str:
    return " | ".join(row.values())


def find(table: list[dict[str, str]], *words: str) -> list[dict[str, str]]:
    return [r for r in table if all(w.lower() in cell(r).lower() for w in words)]


def test_there_are_at_least_twelve_documented_queries():
    assert len(QUERIES) >= 12
    for query in QUERIES.values():
        assert query.title and query.title != query.name, query.name
        assert len(query.description) > 40, query.name
        ox.Store().query(query.text) if not query.online else None  # parses


def test_strikes_by_date_newest_first(seed_store):
    table = rows(seed_store, "strikes-by-date")
    dates = [r["date"] for r in table if "date" in r]
    assert "2021-06-27" in dates and "2021-02-25" in dates
    assert dates.index("2021-06-27") < dates.index("2021-02-25")
    june = find(table, "2021-06-27")
    assert find(june, "Kata'ib Hezbollah") and find(june, "Syria")
    assert find(find(table, "2021-02-25"), "Joe Biden")


def test_who_ordered_what(seed_store):
    biden = find(rows(seed_store, "who-ordered-what"), "Joe Biden")
    assert find(biden, "2021-02-25") and find(biden, "2021-06-27")


def test_statements_by_speaker(seed_store):
    table = rows(seed_store, "statements-by-speaker")
    assert find(table, "John Kirby", "used these facilities")
    assert find(table, "Department of Defense", "unambiguous message")
    assert find(table, "Mohammed Mohi", "did not target Erbil")


def test_conflicting_casualty_claims_side_by_side(seed_store):
    june = find(rows(seed_store, "casualty-claims-by-event"), "2021-06-27")
    assert june, "claims about the June 2021 strike"
    claims = cell(june[0])
    assert "Syrian Observatory for Human Rights" in claims and "5" in claims
    assert "Syrian Arab News Agency" in claims


def test_entities_with_wikidata_links(seed_store):
    table = rows(seed_store, "entities-with-wikidata-links")
    assert find(table, "Joe Biden", WD + "Q6279")
    assert find(table, "Al Bukamal", WD + "Q152828")
    assert not find(table, "Kata'ib Hezbollah", "sameAs"), "no unverified link"


def test_article_contents(seed_store):
    table = rows(seed_store, "article-contents", article_id="003_a1afa4b16a1fe23b.txt")
    assert find(table, "Lloyd Austin") and find(table, "Mohammed Mohi")
    assert not find(table, "Jessica McNulty"), "she is only in another article"


def test_armed_groups_and_backers(seed_store):
    assert find(rows(seed_store, "armed-groups-and-backers"), "Kata'ib Hezbollah", "Iran")


def test_events_in_country(seed_store):
    syria = find(rows(seed_store, "events-in-country"), "Syria")
    assert find(syria, "2021-02-25") and find(syria, "2021-06-27")


def test_attacks_and_the_strikes_that_answered_them(seed_store):
    assert find(rows(seed_store, "attacks-and-responses"), "2021-02-25", "2021-02-15")


def test_articles_per_event(seed_store):
    table = rows(seed_store, "articles-per-event")
    june = find(table, "2021-06-27")
    assert june and all(a in cell(june[0]) for a in ("001_", "002_", "004_"))
    february = find(table, "2021-02-25")
    assert february and all(a in cell(february[0]) for a in ("000_", "003_"))


def test_unlinked_entities(seed_store):
    table = rows(seed_store, "unlinked-entities")
    assert find(table, "Kata'ib Hezbollah")
    assert not find(table, "Joe Biden")


def test_provenance_of_claims(seed_store):
    table = rows(seed_store, "provenance-of-claims", article_id="001_6b2c0f55e145f37a.txt")
    sohr = find(table, "at least five fighters")
    assert sohr, "the sentence a casualty claim came from"
    assert any(r.get("rule") for r in sohr)


def test_strikes_in_country_via_wikidata(seed_store):
    syria = find(rows(seed_store, "strikes-in-country-via-wikidata"), "Syria")
    assert find(syria, "2021-02-25") and find(syria, "2021-06-27")


def test_places_with_coordinates(seed_store):
    assert find(rows(seed_store, "places-with-coordinates"), "Al Bukamal", "POINT(")


def test_weapons_used(seed_store):
    assert find(rows(seed_store, "weapons-used"), "f-15")


def test_actor_activity(seed_store):
    table = rows(seed_store, "actor-activity")
    assert find(table[:10], "Joe Biden")


def test_federated_query_is_marked_online_and_names_wikidata():
    query = QUERIES["wikidata-federated"]
    assert query.online
    assert "SERVICE <https://query.wikidata.org/sparql>" in query.text


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if not q.online))
def test_every_offline_query_runs_on_the_seed_graph(seed_store, name):
    assert rows(seed_store, name) or name in {"article-contents"}, f"{name} returned no rows"
