"""`kg link --report`: the entities a built graph could not link, or linked with doubt.

The list a user works through to grow the catalog: most mentioned first, with every spelling
seen, the Wikidata candidate (`skos:closeMatch`) and the confidence where the linker had one.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..iris import CKG, OWL, RDFS, SKOS, WD, Minter

ENTITY_CLASSES = ("Person", "ArmedGroup", "Organization", "Country", "Place", "Base")
#: When an entity has several of our classes, the most specific one names it.
SPECIFIC_FIRST = ("Country", "Base", "Person", "ArmedGroup", "Organization", "Place")

# Three plain queries joined in Python: one grouped query over spellings x articles is slow.
QUERY = f"""
SELECT DISTINCT ?entity ?class ?label ?item ?candidate ?confidence ?catalog WHERE {{
  ?entity a ?class ; <{RDFS}label> ?label .
  FILTER(?class IN ({", ".join(f"<{CKG}{c}>" for c in ENTITY_CLASSES)}))
  OPTIONAL {{ ?entity <{OWL}sameAs> ?item }}
  OPTIONAL {{ ?entity <{SKOS}closeMatch> ?candidate }}
  OPTIONAL {{ ?entity <{CKG}linkConfidence> ?confidence }}
  OPTIONAL {{ ?entity <{CKG}catalogId> ?catalog }}
}}
"""
SPELLINGS = f"SELECT DISTINCT ?entity ?spelling WHERE {{ ?entity <{SKOS}altLabel> ?spelling }}"
ARTICLES = f"SELECT DISTINCT ?entity ?article WHERE {{ ?entity <{CKG}mentionedIn> ?article }}"


@dataclass
class ReportRow:
    entity: str
    label: str
    type: str
    status: str  # unlinked, no-qid (a catalog row without a QID), candidate (a closeMatch
    # below the threshold), low-confidence (linked, but under `below`)
    qid: str | None = None
    candidate: str | None = None
    confidence: float | None = None
    articles: int = 0
    mentions: int = 0
    spellings: list[str] = field(default_factory=list)
    catalog_id: str | None = None


def _qid(term) -> str | None:
    if term is None or not term.value.startswith(WD):
        return None
    return term.value[len(WD):]


def mention_counts(store, minter: Minter) -> Counter:
    """Mentions per entity IRI, from the extraction records the build keeps in the store.

    The report reads a finished graph, so it may look at the end of the pipeline (`resolve`
    gives each record's entity its IRI)."""
    from ..resolve import entity_iri

    from ..models import ArticleExtraction

    counts: Counter = Counter()
    query = (f"SELECT ?record WHERE {{ GRAPH <{minter.graph('records')}> "
             f"{{ ?article <{CKG}extractionRecord> ?record }} }}")
    for row in store.query(query, union=False):
        try:
            data = json.loads(row["record"].value)
            data["article"].setdefault("text", "")  # records leave the text to ckg:body
            extraction = ArticleExtraction.model_validate(data)
        except (ValueError, KeyError, TypeError):
            continue
        for entity in extraction.entities:
            counts[entity_iri(entity, minter)] += len(entity.mentions)
    return counts


def link_report(store, *, base_iri: str, below: float = 0.95) -> list[ReportRow]:
    """Entities without `owl:sameAs`, and linked ones whose confidence is under `below`."""
    minter = Minter(base_iri)
    rows: dict[str, ReportRow] = {}
    spellings: dict[str, set[str]] = {}
    for solution in store.query(SPELLINGS):
        spellings.setdefault(solution["entity"].value, set()).add(solution["spelling"].value)
    articles: Counter = Counter(s["entity"].value for s in store.query(ARTICLES))
    for solution in store.query(QUERY):
        iri = solution["entity"].value
        if not iri.startswith(base_iri):
            continue
        cls = solution["class"].value[len(CKG):]
        qid, candidate = _qid(solution["item"]), _qid(solution["candidate"])
        confidence = float(solution["confidence"].value) if solution["confidence"] else None
        if qid and (confidence is None or confidence >= below):
            continue
        catalog_id = solution["catalog"].value if solution["catalog"] else None
        status = ("low-confidence" if qid else "candidate" if candidate
                  else "no-qid" if catalog_id else "unlinked")
        row = rows.get(iri)
        if row is None or SPECIFIC_FIRST.index(cls) < SPECIFIC_FIRST.index(row.type):
            rows[iri] = ReportRow(iri, solution["label"].value, cls, status, qid, candidate,
                                  confidence, articles.get(iri, 0), 0,
                                  sorted(spellings.get(iri, ())), catalog_id)
    counts = mention_counts(store, minter)
    for row in rows.values():
        row.mentions = counts.get(row.entity, 0)
    return sorted(rows.values(), key=lambda r: (-r.mentions, -r.articles, r.label, r.entity))


def as_json(rows: list[ReportRow]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2)


def as_tsv(rows: list[ReportRow]) -> str:
    header = ["entity", "label", "type", "status", "qid", "candidate", "confidence", "articles",
              "mentions", "spellings", "catalog_id"]
    lines = ["\t".join(header)]
    for r in rows:
        values = [r.entity, r.label, r.type, r.status, r.qid or "", r.candidate or "",
                  "" if r.confidence is None else f"{r.confidence:.3f}", str(r.articles),
                  str(r.mentions), "|".join(r.spellings), r.catalog_id or ""]
        lines.append("\t".join(v.replace("\t", " ") for v in values))
    return "\n".join(lines) + "\n"
