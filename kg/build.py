"""A build: read → extract → link → resolve → write, with a report of what happened.

Extraction and linking are per article and may run in worker processes; resolution is one
global step over every article in the store, so the graph is the same whatever the order or
the number of workers. Each article's graph is written in one transaction together with its
extraction record, so an interrupted build leaves every article either old or new, never half.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from .config import Settings
from .errors import ExtractionError, InputError, KGError
from .iris import CKG, DCTERMS, Minter
from .link.catalog import load_catalog
from .link.linker import link_extraction
from .models import Article, ArticleExtraction
from .reading import read_paths
from .resolve import resolve
from .store import GraphStore, ntriples
from .write import article_quads

RECORD = NamedNode(CKG + "extractionRecord")
GRAPH_HASH = NamedNode(CKG + "graphHash")


@dataclass
class Failure:
    source: str
    reason: str


@dataclass
class BuildReport:
    read: int = 0
    extracted: int = 0
    unchanged: int = 0
    written: int = 0
    pruned: int = 0
    entities: int = 0
    events: int = 0
    statements: int = 0
    casualties: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


# --- per-article work (runs in worker processes too) -------------------------------------

_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings_json: str) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = Settings.model_validate_json(settings_json)


def process_article(article: Article, settings: Settings) -> ArticleExtraction:
    """Extract and link one article. Raises ExtractionError."""
    from .extract import build_pipeline, extract

    catalog_files = tuple(str(p) for p in settings.catalogs)
    nlp = build_pipeline(catalog_files=catalog_files, spacy_model=settings.spacy_model)
    extraction = extract(article, nlp)
    catalog = load_catalog(settings.catalogs)
    return link_extraction(extraction, catalog, threshold=settings.link_threshold)


def _process_in_worker(article_json: str) -> str:
    article = Article.model_validate_json(article_json)
    try:
        return process_article(article, _WORKER_SETTINGS).model_dump_json()
    except KGError as error:
        return json.dumps({"error": str(error)})


def extract_all(articles: list[Article], settings: Settings, *,
                on_done: Callable[[], None] = lambda: None):
    """(extractions, failures) for the articles, serially or in `settings.workers` processes."""
    extractions: list[ArticleExtraction] = []
    failures: list[Failure] = []
    if settings.workers <= 1 or len(articles) <= 1:
        for article in articles:
            try:
                extractions.append(process_article(article, settings))
            except KGError as error:
                failures.append(Failure(article.source or article.id, str(error)))
            on_done()
        return extractions, failures
    with ProcessPoolExecutor(settings.workers, initializer=_init_worker,
                             initargs=(settings.model_dump_json(),)) as pool:
        payloads = [a.model_dump_json() for a in articles]
        for article, result in zip(articles, pool.map(_process_in_worker, payloads, chunksize=4)):
            data = json.loads(result)
            if "error" in data:
                failures.append(Failure(article.source or article.id, data["error"]))
            else:
                extractions.append(ArticleExtraction.model_validate(data))
            on_done()
    return extractions, failures


# --- reading what the store already holds -----------------------------------------------

def stored_articles(store: GraphStore, minter: Minter) -> dict[str, tuple[str, str]]:
    """{article id: (content hash, graph hash)} of the articles the store holds."""
    query = f"""
        SELECT ?id ?hash ?graphHash WHERE {{
          GRAPH <{minter.graph('records')}> {{ ?article <{GRAPH_HASH.value}> ?graphHash }}
          GRAPH ?article {{ ?article <{DCTERMS}identifier> ?id ; <{CKG}contentHash> ?hash }}
        }}"""
    return {row["id"].value: (row["hash"].value, row["graphHash"].value)
            for row in store.query(query, union=False)}


def stored_records(store: GraphStore, minter: Minter, ids: Iterable[str]) -> list[ArticleExtraction]:
    wanted = set(ids)
    query = f"""SELECT ?record WHERE {{ GRAPH <{minter.graph('records')}> {{
                  ?article <{RECORD.value}> ?record }} }}"""
    records = []
    for row in store.query(query, union=False):
        extraction = ArticleExtraction.model_validate_json(row["record"].value)
        if extraction.article.id in wanted:
            records.append(extraction)
    return records


# --- writing ------------------------------------------------------------------------------

def graph_hash(quads: list[Quad]) -> str:
    lines = sorted(ntriples([q.triple]) for q in quads)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def write_article(store: GraphStore, minter: Minter, extraction: ArticleExtraction,
                  quads: list[Quad], digest: str) -> None:
    """The article's graph and its record, swapped in one transaction."""
    article = NamedNode(minter.article(extraction.article.id))
    records = minter.graph("records")
    record = Literal(extraction.model_dump_json())
    also = (f"DELETE WHERE {{ GRAPH <{records}> {{ <{article.value}> ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{records}> {{\n"
            + ntriples([Quad(article, RECORD, record).triple,
                        Quad(article, GRAPH_HASH, Literal(digest)).triple]) + "} }")
    store.replace_graph(article.value, quads, also=also)


def remove_article(store: GraphStore, minter: Minter, article_id: str) -> None:
    article = minter.article(article_id)
    store.update(f"DROP SILENT GRAPH <{article}> ;\n"
                 f"DELETE WHERE {{ GRAPH <{minter.graph('records')}> {{ <{article}> ?p ?o }} }}")


def build(paths: Iterable[str | Path], store: GraphStore, settings: Settings, *,
          force: bool = False, prune: bool = False, progress=None) -> BuildReport:
    """Build or update the graph in `store` from the articles under `paths`.

    `progress`, if given, is called as progress(stage, done, total).
    """
    started = time.perf_counter()
    report = BuildReport()
    minter = Minter(settings.base_iri)
    tick = progress or (lambda stage, done, total: None)

    articles: dict[str, Article] = {}
    for item in read_paths(paths, max_bytes=settings.max_article_bytes):
        if isinstance(item, InputError):
            report.failures.append(Failure(item.source if item.line is None
                                           else f"{item.source}:{item.line}", item.reason))
        elif item.id in articles:
            report.failures.append(Failure(item.source or item.id,
                                           f"duplicate article id {item.id!r} (also in "
                                           f"{articles[item.id].source}); skipped"))
        else:
            articles[item.id] = item
    report.read = len(articles)

    stored = stored_articles(store, minter)
    todo = [a for a in articles.values()
            if force or a.id not in stored or stored[a.id][0] != a.content_hash]
    report.unchanged = len(articles) - len(todo)
    done = 0

    def one_done():
        nonlocal done
        done += 1
        tick("extract", done, len(todo))

    tick("extract", 0, len(todo))
    fresh, failures = extract_all(todo, settings, on_done=one_done)
    report.failures += failures
    report.extracted = len(fresh)

    gone = set(stored) - set(articles) if prune else set()
    keep = set(stored) - {e.article.id for e in fresh} - gone
    everything = stored_records(store, minter, keep) + fresh
    resolution = resolve(everything, minter)

    for article_id in sorted(gone):
        remove_article(store, minter, article_id)
        report.pruned += 1
    fresh_ids = {e.article.id for e in fresh}
    tick("write", 0, len(everything))
    for n, extraction in enumerate(sorted(everything, key=lambda e: e.article.id), start=1):
        quads = article_quads(extraction, resolution, minter)
        digest = graph_hash(quads)
        previous = stored.get(extraction.article.id)
        if extraction.article.id in fresh_ids or previous is None or previous[1] != digest:
            write_article(store, minter, extraction, quads, digest)
            report.written += 1
        tick("write", n, len(everything))
    from .enrich import write_enrichment

    write_enrichment(store, load_catalog(settings.catalogs), minter)
    if hasattr(store, "flush"):
        store.flush()
    for extraction in fresh:
        report.entities += len(extraction.entities)
        report.events += len(extraction.events)
        report.statements += len(extraction.statements)
        report.casualties += len(extraction.casualties)
    report.seconds = time.perf_counter() - started
    return report
