"""The linker: which catalog entry, and so which Wikidata item, an extracted entity is.

An exact name of the catalog links with full confidence. Other names are compared with
rapidfuzz against the catalog names of the same type; the best score is the confidence.
`owl:sameAs` is only written at or above the threshold (`Settings.link_threshold`); below it
the entity keeps its own IRI and the candidate is recorded as a `skos:closeMatch`.
"""
from __future__ import annotations

from rapidfuzz import fuzz, process

from ..models import ArticleExtraction, Entity
from .catalog import Catalog, CatalogEntry, normalize_name

#: Below this a fuzzy candidate is not even worth a closeMatch.
CANDIDATE_FLOOR = 0.75


def link_extraction(extraction: ArticleExtraction, catalog: Catalog, *,
                    threshold: float) -> ArticleExtraction:
    """The extraction with catalog ids, QIDs and confidences filled in."""
    choices = _choices(catalog)
    linked = []
    for entity in extraction.entities:
        linked.append(link_entity(entity, catalog, choices, threshold=threshold))
    return extraction.model_copy(update={"entities": linked})


def _choices(catalog: Catalog) -> dict[str, dict[str, CatalogEntry]]:
    by_type: dict[str, dict[str, CatalogEntry]] = {}
    for name, entries in catalog.names().items():
        for entry in entries:
            by_type.setdefault(entry.type, {}).setdefault(name, entry)
    return by_type


def link_entity(entity: Entity, catalog: Catalog, choices, *, threshold: float) -> Entity:
    if entity.catalog_id:
        entry = catalog.get(entity.catalog_id)
        if entry is None:
            return entity
        return entity.model_copy(update={"label": entry.label, "qid": entry.qid,
                                         "link_confidence": 1.0 if entry.qid else None})
    best: tuple[float, CatalogEntry] | None = None
    for mention in [entity.label, *(m.text for m in entity.mentions)]:
        name = normalize_name(mention)
        exact = [e for e in catalog.lookup(mention) if e.type == entity.type]
        if len(exact) == 1:
            best = (1.0, exact[0])
            break
        pool = choices.get(entity.type, {})
        if not pool or len(name) < 4:
            continue
        hit = process.extractOne(name, pool.keys(), scorer=fuzz.ratio)
        if hit:
            score = hit[1] / 100
            if best is None or score > best[0]:
                best = (score, pool[hit[0]])
    if best is None or best[0] < CANDIDATE_FLOOR:
        return entity
    score, entry = best
    if score >= threshold:
        return entity.model_copy(update={"catalog_id": entry.id, "label": entry.label,
                                         "qid": entry.qid,
                                         "link_confidence": round(score, 3) if entry.qid else None})
    return entity.model_copy(update={"candidate_qid": entry.qid,
                                     "link_confidence": round(score, 3) if entry.qid else None})
