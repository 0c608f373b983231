"""Records → RDF: the quads of one article's named graph, following CONTRACT.md.

The graph of an article holds everything that article says: its own node, the entities it
names (with every spelling as skos:altLabel), the events, statements and casualty claims with
their evidence (offsets into `ckg:body` and the rule that found them). Shared entity and event
nodes have the same IRI in every article's graph, so the union graph joins them.
"""
from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from .iris import CKG, DCTERMS, OWL, RDF, RDFS, SKOS, WD, XSD, Minter
from .models import ArticleExtraction, Evidence
from .resolve import Resolution

TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
ALT_LABEL = NamedNode(SKOS + "altLabel")
SAME_AS = NamedNode(OWL + "sameAs")
CLOSE_MATCH = NamedNode(SKOS + "closeMatch")
MENTIONED_IN = NamedNode(CKG + "mentionedIn")


def ckg(name: str) -> NamedNode:
    return NamedNode(CKG + name)


def date_literal(value: str) -> Literal:
    kind = "date" if len(value) == 10 else "gYearMonth"
    return Literal(value, datatype=NamedNode(XSD + kind))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def decimal(value: float) -> Literal:
    """In the canonical form a store keeps ("0.85", "1"), so a graph reads back as written."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return Literal(text, datatype=NamedNode(XSD + "decimal"))


class _Graph:
    """Collects the quads of one named graph, without duplicates, in insertion order."""

    def __init__(self, name: str):
        self.name = NamedNode(name)
        self.quads: dict[Quad, None] = {}

    def add(self, subject, predicate, obj) -> None:
        self.quads[Quad(subject, predicate, obj, self.name)] = None


def article_quads(extraction: ArticleExtraction, resolution: Resolution, minter: Minter) -> list[Quad]:
    article = extraction.article
    article_iri = NamedNode(minter.article(article.id))
    g = _Graph(article_iri.value)
    g.add(article_iri, TYPE, ckg("Article"))
    g.add(article_iri, LABEL, Literal(article.title or article.id))
    g.add(article_iri, NamedNode(DCTERMS + "identifier"), Literal(article.id))
    if article.title:
        g.add(article_iri, NamedNode(DCTERMS + "title"), Literal(article.title))
    if article.url:
        g.add(article_iri, NamedNode(DCTERMS + "source"), NamedNode(article.url))
    if article.published:
        g.add(article_iri, NamedNode(DCTERMS + "date"), date_literal(article.published.isoformat()))
    g.add(article_iri, ckg("contentHash"), Literal(article.content_hash))
    g.add(article_iri, ckg("body"), Literal(article.text))

    def evidence(node: NamedNode, ev: Evidence) -> None:
        iri = NamedNode(minter.evidence(article.id, ev.start, ev.end, ev.rule))
        g.add(node, ckg("evidence"), iri)
        g.add(iri, TYPE, ckg("Evidence"))
        g.add(iri, ckg("inArticle"), article_iri)
        g.add(iri, ckg("startOffset"), integer(ev.start))
        g.add(iri, ckg("endOffset"), integer(ev.end))
        g.add(iri, ckg("rule"), Literal(ev.rule))
        g.add(iri, ckg("sentence"), Literal(" ".join(article.text[ev.start:ev.end].split())))

    entity = {e.key: NamedNode(resolution.entity_iri[(article.id, e.key)]) for e in extraction.entities}
    for record in extraction.entities:
        node = entity[record.key]
        g.add(node, TYPE, ckg(resolution.entity_type[node.value]))
        g.add(node, LABEL, Literal(resolution.entity_label[node.value]))
        if record.mentions:
            g.add(node, MENTIONED_IN, article_iri)
        for mention in record.mentions:
            g.add(node, ALT_LABEL, Literal(" ".join(mention.text.split())))
        if record.catalog_id:
            g.add(node, ckg("catalogId"), Literal(record.catalog_id))
        if record.qid:
            g.add(node, SAME_AS, NamedNode(WD + record.qid))
        elif record.candidate_qid:
            g.add(node, CLOSE_MATCH, NamedNode(WD + record.candidate_qid))
        if record.link_confidence is not None:
            g.add(node, ckg("linkConfidence"), decimal(record.link_confidence))
        for country in record.backed_by:
            g.add(node, ckg("backedBy"), entity[country])

    event = {e.key: NamedNode(resolution.event_iri[(article.id, e.key)]) for e in extraction.events}
    for record in extraction.events:
        node = event[record.key]
        g.add(node, TYPE, ckg(resolution.event_type[node.value]))
        g.add(node, LABEL, Literal(resolution.event_label[node.value]))
        g.add(node, MENTIONED_IN, article_iri)
        date = resolution.event_date.get(node.value)
        if date:  # the date the event's reports agree on, the same in every article's graph
            g.add(node, ckg("date"), date_literal(date))
        for slot, prop in (("perpetrators", "perpetrator"), ("ordered_by", "orderedBy"),
                           ("targets", "target"), ("locations", "location")):
            for key in getattr(record, slot):
                g.add(node, ckg(prop), entity[key])
        for key in record.in_response_to:
            g.add(node, ckg("inResponseTo"), event[key])
        for weapon in record.weapons:
            g.add(node, ckg("weapon"), Literal(weapon))
        why = resolution.merge_evidence.get((article.id, record.key))
        if why:
            g.add(node, ckg("mergeEvidence"), Literal(why))
        evidence(node, record.evidence)

    for record in extraction.statements:
        node = NamedNode(minter.statement(article.id, record.evidence.start, record.evidence.end))
        g.add(node, TYPE, ckg("Statement"))
        speaker = resolution.entity_label[entity[record.speaker].value]
        g.add(node, LABEL, Literal(f"{speaker}: {_shorten(record.text)}"))
        g.add(node, MENTIONED_IN, article_iri)
        g.add(node, ckg("speaker"), entity[record.speaker])
        g.add(node, ckg("text"), Literal(record.text))
        if record.about:
            g.add(node, ckg("about"), event[record.about])
        if record.date:
            g.add(node, ckg("date"), date_literal(record.date))
        evidence(node, record.evidence)

    for record in extraction.casualties:
        node = NamedNode(minter.casualty(article.id, record.evidence.start, record.evidence.end,
                                         record.about))
        g.add(node, TYPE, ckg("CasualtyReport"))
        counts = ", ".join(f"{n} {what}" for n, what in ((record.killed, "killed"),
                                                         (record.injured, "injured")) if n is not None)
        source = resolution.entity_label[entity[record.reported_by].value] if record.reported_by else "unnamed sources"
        g.add(node, LABEL, Literal(f"{counts} (according to {source})"))
        g.add(node, MENTIONED_IN, article_iri)
        if record.killed is not None:
            g.add(node, ckg("killed"), integer(record.killed))
        if record.injured is not None:
            g.add(node, ckg("injured"), integer(record.injured))
        if record.reported_by:
            g.add(node, ckg("reportedBy"), entity[record.reported_by])
        if record.about:
            g.add(node, ckg("about"), event[record.about])
        evidence(node, record.evidence)
    return list(g.quads)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
