"""Cross-article resolution: one node per real-world entity and per real-world event.

Articles are extracted one by one, in any order, perhaps on other machines. This step sees all
of them at once and decides which reports are the same thing. Its result depends only on the
set of articles, never on their order, so serial, parallel and incremental builds agree.

Entities: one node per catalog entry; an entity the catalog does not know is one node per
normalised name. Its type is the one most of its mentions give.

Events: two reports from different articles are the same event when they are of the same
kind (strike or attack), their dates do not disagree, and they share evidence:
  * the same day; or
  * the same month and a shared place, target or perpetrator; or
  * no date on one side, and a shared place or target that is not a whole country; or
  * both are what events already found to be the same answer to ("in response to").
The rule is applied until nothing changes (transitively). Each merge records its evidence.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .iris import Minter, short_hash, slug
from .link.catalog import normalize_name
from .models import ArticleExtraction, Entity, Event

TYPE_PRIORITY = {"gazetteer": 0}


@dataclass
class Resolution:
    """IRIs for every key of every article, and what the shared nodes are called."""

    entity_iri: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, key)
    entity_type: dict[str, str] = field(default_factory=dict)  # iri -> type
    entity_label: dict[str, str] = field(default_factory=dict)
    event_iri: dict[tuple[str, str], str] = field(default_factory=dict)
    event_type: dict[str, str] = field(default_factory=dict)
    event_label: dict[str, str] = field(default_factory=dict)
    merge_evidence: dict[tuple[str, str], str] = field(default_factory=dict)


def entity_id(entity: Entity) -> str:
    if entity.catalog_id:
        return entity.catalog_id
    return slug(normalize_name(entity.label))


def resolve(extractions: list[ArticleExtraction], minter: Minter) -> Resolution:
    result = Resolution()
    extractions = sorted(extractions, key=lambda x: x.article.id)  # order-independent result
    _resolve_entities(extractions, minter, result)
    _resolve_events(extractions, minter, result)
    return result


def _resolve_entities(extractions, minter, result):
    types: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    for extraction in extractions:
        article = extraction.article.id
        for entity in extraction.entities:
            iri = minter.entity(entity_id(entity))
            result.entity_iri[(article, entity.key)] = iri
            weight = 3 if entity.catalog_id else 1
            types[iri][entity.type] += weight * max(1, len(entity.mentions))
            labels[iri][entity.label] += weight
    for iri in types:
        result.entity_type[iri] = max(sorted(types[iri]), key=lambda t: types[iri][t])
        result.entity_label[iri] = max(sorted(labels[iri]), key=lambda l: (labels[iri][l], len(l)))


@dataclass
class _Report:
    article: str
    event: Event
    entities: dict[str, str]  # key -> iri
    countries: set[str]

    @property
    def id(self) -> tuple[str, str]:
        return (self.article, self.event.key)

    def iris(self, slot: str) -> set[str]:
        return {self.entities[k] for k in getattr(self.event, slot) if k in self.entities}


def _dates_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _evidence(a: _Report, b: _Report, labels: dict[str, str]) -> str | None:
    """Why two reports are the same event, or None when they are not."""
    ea, eb = a.event, b.event
    if ea.type != eb.type or not _dates_agree(ea.date, eb.date):
        return None
    places = (a.iris("locations") & b.iris("locations"))
    specific_places = places - a.countries - b.countries
    targets = a.iris("targets") & b.iris("targets")
    specific_targets = targets - a.countries - b.countries
    perpetrators = a.iris("perpetrators") & b.iris("perpetrators")

    def named(kind: str, iris: set[str]) -> list[str]:
        return [f"shared {kind} {labels.get(i, i)}" for i in sorted(iris)]

    shared = named("location", places) + named("target", targets) + named("perpetrator", perpetrators)
    if ea.date and eb.date and len(ea.date) == len(eb.date) == 10 and ea.date == eb.date:
        a_countries = {i for i in a.iris("locations") if i in a.countries}
        b_countries = {i for i in b.iris("locations") if i in b.countries}
        if a_countries and b_countries and not a_countries & b_countries:
            return None
        return "; ".join([f"same date {ea.date}"] + shared)
    if ea.date and eb.date:  # the same month, at least one side only knows the month
        if specific_places or specific_targets or (places and (targets or perpetrators)):
            return "; ".join([f"same month {min(ea.date, eb.date, key=len)}"] + shared)
        return None
    if specific_places or specific_targets:
        return "; ".join(["no date on one side"] + shared)
    return None


def _resolve_events(extractions, minter, result):
    reports: list[_Report] = []
    for extraction in extractions:
        article = extraction.article.id
        iris = {e.key: result.entity_iri[(article, e.key)] for e in extraction.entities}
        countries = {result.entity_iri[(article, e.key)] for e in extraction.entities
                     if result.entity_type[result.entity_iri[(article, e.key)]] == "Country"}
        for event in extraction.events:
            reports.append(_Report(article, event, iris, countries))
    index = {r.id: i for i, r in enumerate(reports)}
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    evidence: dict[int, str] = {}

    def union(i: int, j: int, why: str) -> bool:
        ri, rj = find(i), find(j)
        if ri == rj:
            return False
        keep, drop = min(ri, rj), max(ri, rj)
        parent[drop] = keep
        evidence.setdefault(j, why)
        evidence.setdefault(i, why)
        return True

    # block by kind so that the pairwise comparison stays affordable on big corpora
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, report in enumerate(reports):
        by_type[report.event.type].append(i)
    for members in by_type.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if reports[i].article == reports[j].article:
                    continue
                why = _evidence(reports[i], reports[j], result.entity_label)
                if why:
                    union(i, j, why)
    changed = True
    while changed:  # events answered by the same event are the same event
        changed = False
        answers: dict[int, list[int]] = defaultdict(list)
        for i, report in enumerate(reports):
            for key in report.event.in_response_to:
                j = index.get((report.article, key))
                if j is not None:
                    answers[find(i)].append(j)
        for answered in answers.values():
            for x, i in enumerate(answered):
                for j in answered[x + 1:]:
                    a, b = reports[i], reports[j]
                    if a.article != b.article and find(i) != find(j) and \
                            a.event.type == b.event.type and _dates_agree(a.event.date, b.event.date):
                        changed |= union(i, j, "both are what the same event answered")
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        clusters[find(i)].append(i)
    used: set[str] = set()
    for members in sorted(clusters.values(), key=lambda m: min(reports[i].id for i in m)):
        group = [reports[i] for i in members]
        iri = minter.event(_event_id(group, result, used))
        event_type = group[0].event.type
        result.event_type[iri] = event_type
        result.event_label[iri] = _event_label(group, result)
        for i in members:
            result.event_iri[reports[i].id] = iri
            if len(members) > 1:
                result.merge_evidence[reports[i].id] = evidence.get(i, "first report")


def _best_date(group: list[_Report]) -> str | None:
    dates = [r.event.date for r in group if r.event.date]
    if not dates:
        return None
    counts = Counter(dates)
    return max(sorted(counts), key=lambda d: (len(d), counts[d]))


def _anchor(group: list[_Report], result: Resolution) -> str | None:
    """The most specific place the reports agree on most."""
    counts: Counter = Counter()
    for report in group:
        for rank, key in enumerate(report.event.locations):
            iri = report.entities.get(key)
            if iri:
                counts[iri] += 1 + (1 if result.entity_type.get(iri) != "Country" else 0)
    if not counts:
        for report in group:
            counts.update(report.iris("targets"))
    if not counts:
        return None
    return max(sorted(counts), key=lambda i: counts[i])


def _event_id(group, result, used: set[str]) -> str:
    anchor = _anchor(group, result)
    parts = [group[0].event.type.lower(), _best_date(group) or "undated"]
    if anchor:
        parts.append(slug(result.entity_label.get(anchor, anchor), 40))
    base = "-".join(parts)
    candidate = base if _best_date(group) else f"{base}-{short_hash(min(r.id for r in group), length=8)}"
    if candidate in used:
        candidate = f"{base}-{short_hash(min(r.id for r in group), length=8)}"
    used.add(candidate)
    return candidate


def _event_label(group, result) -> str:
    event_type = group[0].event.type
    perpetrators = Counter(i for r in group for i in r.iris("perpetrators"))
    anchor = _anchor(group, result)
    words = [("Strike" if event_type == "Strike" else "Attack")]
    if perpetrators:
        top = max(sorted(perpetrators), key=lambda i: perpetrators[i])
        words.append(f"by {result.entity_label.get(top, top)}")
    if anchor:
        words.append(f"in {result.entity_label.get(anchor, anchor)}")
    date = _best_date(group)
    words.append(f"on {date}" if date else "(date unknown)")
    return " ".join(words)
