"""Online linking against a local stand-in for Wikidata's API (never the real one).

The server on 127.0.0.1 answers from `tests/fixtures/wikidata/` and records every request, so
the tests can check what was asked, with which User-Agent, and that the cache spares a second
ask. A request it has no file for is answered with HTTP 404 and fails the test that made it.
"""
from __future__ import annotations

import json
import socket
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from kg.config import USER_AGENT, Settings
from kg.link.catalog import Catalog, CatalogEntry
from kg.link.linker import link_extraction
from kg.link.wikidata import OnlineLinker, WikidataClient, WikidataUnavailable, online_linker
from kg.models import Article, ArticleExtraction, Entity, Mention

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"


class FakeWikidata:
    def __init__(self):
        self.requests: list[dict] = []
        self.unknown: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                owner.requests.append({"path": url.path, "query": query,
                                       "user_agent": self.headers.get("User-Agent")})
                name = owner.fixture_name(query)
                path = FIXTURES / name if name else None
                if path is None or not path.is_file():
                    owner.unknown.append(self.path)
                    self.send_response(404)
                    self.end_headers()
                    return
                body = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def fixture_name(query: dict) -> str | None:
        if query.get("action") == "wbsearchentities":
            return f"search.{query.get('search', '').replace(' ', '_')}.json"
        if query.get("action") == "wbgetentities":
            ids = "_".join(sorted(query.get("ids", "").split("|")))
            props = "claims" if query.get("props") == "claims" else "full"
            return f"entities.{ids}.{props}.json"
        return None

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wikidata():
    with FakeWikidata() as server:
        yield server
        assert server.unknown == [], "requests without a fixture"


def closed_port_url() -> str:
    """The URL of a port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/w/api.php"


CATALOG = Catalog({e.id: e for e in [
    CatalogEntry(id="united-states", label="United States", type="Country", qid="Q30"),
    CatalogEntry(id="syria", label="Syria", type="Country", qid="Q858"),
]})


def article(name: str, kind: str, countries: list[str]) -> ArticleExtraction:
    text = f"{name} was named. " + " ".join(CATALOG.get(c).label for c in countries)
    entities = [Entity(key="x", label=name, type=kind, rule="names",
                       mentions=[Mention(text=name, start=0, end=len(name))])]
    entities += [Entity(key=c, label=CATALOG.get(c).label, type="Country", catalog_id=c)
                 for c in countries]
    return ArticleExtraction(article=Article(id="a.txt", text=text), entities=entities)


def linker(url: str, cache: Path) -> OnlineLinker:
    client = WikidataClient(url, cache_dir=cache, requests_per_second=1000, timeout=5)
    return OnlineLinker(client, CATALOG, threshold=0.85)


def link(name, kind, countries, online):
    return link_extraction(article(name, kind, countries), CATALOG, threshold=0.85,
                           online=online).entities[0]


def test_a_place_is_linked_when_its_class_and_country_fit(wikidata, tmp_path):
    entity = link("Mayadin", "Place", ["syria"], linker(wikidata.url, tmp_path))
    assert entity.qid == "Q310895"
    assert entity.link_confidence >= 0.85
    actions = [r["query"]["action"] for r in wikidata.requests]
    assert actions == ["wbsearchentities", "wbgetentities"]
    assert all(r["user_agent"] == USER_AGENT for r in wikidata.requests)


def test_a_class_is_checked_one_step_up_its_subclass_of(wikidata, tmp_path):
    entity = link("Deir ez-Zor Governorate", "Place", ["syria"], linker(wikidata.url, tmp_path))
    assert entity.qid == "Q232387"
    asked = [r["query"] for r in wikidata.requests if r["query"].get("props") == "claims"]
    assert asked and asked[0]["ids"] == "Q517351"


def test_an_item_of_the_wrong_type_is_not_linked(wikidata, tmp_path):
    entity = link("Reuters", "Person", ["united-states"], linker(wikidata.url, tmp_path))
    assert entity.qid is None
    assert entity.candidate_qid is None


def test_a_person_needs_the_article_to_name_their_country(wikidata, tmp_path):
    online = linker(wikidata.url, tmp_path)
    with_country = link("Tulsi Gabbard", "Person", ["united-states"], online)
    without = link("Tulsi Gabbard", "Person", ["syria"], online)
    assert with_country.qid == "Q32620"
    assert without.qid is None
    assert without.candidate_qid == "Q32620"  # kept as a skos:closeMatch
    assert without.link_confidence < 0.85


def test_answers_are_cached_on_disk(wikidata, tmp_path):
    link("Mayadin", "Place", ["syria"], linker(wikidata.url, tmp_path))
    asked = len(wikidata.requests)
    again = link("Mayadin", "Place", ["syria"], linker(wikidata.url, tmp_path))  # a new process
    assert again.qid == "Q310895"
    assert len(wikidata.requests) == asked
    assert list(tmp_path.glob("*/*.json"))


def test_without_a_network_the_build_goes_on_with_one_warning(tmp_path):
    online = linker(closed_port_url(), tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = link("Mayadin", "Place", ["syria"], online)
        second = link("Tulsi Gabbard", "Person", ["united-states"], online)
    assert first.qid is None and second.qid is None
    messages = [w for w in caught if issubclass(w.category, WikidataUnavailable)]
    assert len(messages) == 1
    assert "cannot reach Wikidata" in str(messages[0].message)
    assert online.client.available is False  # no second try, no second warning


def test_the_catalog_wins_and_is_never_looked_up(wikidata, tmp_path):
    entity = link("Syria", "Country", [], linker(wikidata.url, tmp_path))
    assert entity.qid == "Q858"
    assert wikidata.requests == []


def test_settings_reach_the_client(tmp_path):
    settings = Settings(online=True, wikidata_api="http://127.0.0.1:9/w/api.php",
                        wikidata_cache=tmp_path, wikidata_requests_per_second=4, http_timeout=3,
                        workers=2)
    client = online_linker(settings, CATALOG, share=settings.workers).client
    assert client.api_url == settings.wikidata_api
    assert client.cache_dir == tmp_path
    assert client.timeout == 3
    assert client.interval == pytest.approx(0.5)  # 4 per second shared by 2 workers
    assert client.session.headers["User-Agent"] == USER_AGENT


def test_offline_builds_never_touch_the_network(monkeypatch):
    from kg.build import process_article

    def refuse(*args, **kwargs):
        raise AssertionError("the network was used without --online")

    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(WikidataClient, "_get", refuse)
    text = "Tulsi Gabbard said the strike in Mayadin, Syria, was illegal."
    extraction = process_article(Article(id="offline.txt", text=text), Settings())
    assert extraction.article.id == "offline.txt"


def test_the_cache_file_holds_the_request_and_the_answer(wikidata, tmp_path):
    link("Mayadin", "Place", ["syria"], linker(wikidata.url, tmp_path))
    records = [json.loads(p.read_text()) for p in tmp_path.glob("*/*.json")]
    assert {r["params"]["action"] for r in records} == {"wbsearchentities", "wbgetentities"}
    assert all("response" in r for r in records)
