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

from .dates import agreement, compatible
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
    types: dict[str, str]  # iri -> entity type

    @property
    def id(self) -> tuple[str, str]:
        return (self.article, self.event.key)

    def iris(self, slot: str) -> set[str]:
        return {self.entities[k] for k in getattr(self.event, slot) if k in self.entities}

    def countries(self) -> set[str]:
        return {i for i in self.iris("locations") if self.types.get(i) == "Country"}

    def specific_places(self) -> set[str]:
        """Places finer than a country: where exactly it happened."""
        return {i for i in self.iris("locations") | self.iris("targets")
                if self.types.get(i) in ("Place", "Base")}

    def specific_targets(self) -> set[str]:
        return {i for i in self.iris("targets") if self.types.get(i) != "Country"}

    def dated(self) -> bool:
        return bool(self.event.date or self.event.date_hint)

    def weapon_families(self) -> set[str]:
        return {family for weapon in self.event.weapons for word, family in WEAPON_FAMILY.items()
                if word in weapon.lower()}


#: Weapon families that tell two attacks apart: a rocket attack is not a drone attack.
WEAPON_FAMILY = {"rocket": "rocket", "katyusha": "rocket", "mortar": "mortar", "drone": "drone",
                 "uav": "drone", "unmanned": "drone", "ied": "bomb", "car bomb": "bomb"}


def _dates_agree(a: _Report, b: _Report) -> bool:
    ea, eb = a.event, b.event
    return (compatible(ea.date, eb.date) and compatible(ea.date_hint, eb.date_hint)
            and compatible(ea.date, eb.date_hint) and compatible(ea.date_hint, eb.date))


def _date_evidence(a: _Report, b: _Report) -> int:
    ea, eb = a.event, b.event
    return max(agreement(ea.date, eb.date), agreement(ea.date_hint, eb.date_hint),
               agreement(ea.date, eb.date_hint), agreement(ea.date_hint, eb.date))


def _places_apart(a: _Report, b: _Report, labels: dict[str, str]) -> bool:
    """Both name where it happened, finer than a country, and no place of one is a place of
    the other or named inside it ("Erbil Air Base" is in "Erbil")."""
    pa, pb = a.specific_places(), b.specific_places()
    if not pa or not pb or pa & pb:
        return False
    for x in pa:
        for y in pb:
            lx, ly = normalize_name(labels.get(x, x)), normalize_name(labels.get(y, y))
            if f" {lx} " in f" {ly} " or f" {ly} " in f" {lx} ":
                return False
    return True


def _conflict(a: _Report, b: _Report, labels: dict[str, str]) -> bool:
    """Whether two reports cannot be one event, whatever else they share."""
    if a.article == b.article:
        return True  # within an article, extraction has already joined what is one
    if not _dates_agree(a, b):
        return True
    if a.event.type != b.event.type and not a.specific_targets() & b.specific_targets():
        return True  # "the killing of X" and "the strike that killed X" may differ in kind
    ca, cb = a.countries(), b.countries()
    if ca and cb and not ca & cb:
        return True
    if _places_apart(a, b, labels):
        return True
    if a.iris("perpetrators") & b.iris("targets") or a.iris("targets") & b.iris("perpetrators"):
        return True
    fa, fb = a.weapon_families(), b.weapon_families()
    if "Attack" in (a.event.type, b.event.type) and fa and fb and not fa & fb:
        return True
    return False


def _evidence(a: _Report, b: _Report, labels: dict[str, str]) -> tuple[int, bool, str]:
    """(score, anchored, why): what two reports share. Anchored evidence (a date that agrees,
    a place or target finer than a country) can join them on its own; unanchored evidence only
    joins two reports that give no date at all."""
    def named(kind: str, iris: set[str]) -> list[str]:
        return [f"shared {kind} {labels.get(i, i)}" for i in sorted(iris)]

    reasons = []
    on_date = _date_evidence(a, b)
    if on_date:
        dates = sorted({d for r in (a, b) for d in (r.event.date, r.event.date_hint) if d})
        reasons.append(f"dates agree ({', '.join(dates)})")
    places = a.specific_places() & b.specific_places()
    targets = a.specific_targets() & b.specific_targets()
    countries = a.countries() & b.countries()
    country_targets = (a.iris("targets") & b.iris("targets")) - targets
    perpetrators = a.iris("perpetrators") & b.iris("perpetrators")
    ordered = a.iris("ordered_by") & b.iris("ordered_by")
    weapons = a.weapon_families() & b.weapon_families()
    score = on_date
    score += 3 if places or targets else (1 if countries else 0)
    score += 1 if country_targets and not targets else 0
    score += 1 if perpetrators else 0
    score += 1 if ordered else 0
    score += 1 if weapons else 0
    reasons += named("place", places | (countries if not places else set()))
    reasons += named("target", targets | country_targets)
    reasons += named("perpetrator", perpetrators) + named("orderer", ordered)
    reasons += [f"shared weapon {w}" for w in sorted(weapons)]
    anchored = on_date > 0 or bool(places or targets)
    return score, anchored, "; ".join(reasons)


def _resolve_events(extractions, minter, result):
    reports: list[_Report] = []
    for extraction in extractions:
        article = extraction.article.id
        iris = {e.key: result.entity_iri[(article, e.key)] for e in extraction.entities}
        for event in extraction.events:
            reports.append(_Report(article, event, iris, result.entity_type))
    index = {r.id: i for i, r in enumerate(reports)}
    parent = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    evidence: dict[int, str] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, why: str) -> bool:
        """Join the clusters of i and j unless any two of their reports conflict."""
        ri, rj = find(i), find(j)
        if ri == rj:
            return False
        for x in members[ri]:
            for y in members[rj]:
                if _conflict(reports[x], reports[y], result.entity_label):
                    return False
        keep, drop = min(ri, rj), max(ri, rj)
        parent[drop] = keep
        members[keep] += members.pop(drop)
        evidence.setdefault(i, why)
        evidence.setdefault(j, why)
        return True

    pairs = []  # (score, i, j, anchored, why) for reports that may be one event
    by_type_free = range(len(reports))
    for i in by_type_free:
        for j in range(i + 1, len(reports)):
            if _conflict(reports[i], reports[j], result.entity_label):
                continue
            score, anchored, why = _evidence(reports[i], reports[j], result.entity_label)
            if score >= MERGE_SCORE:
                pairs.append((score, i, j, anchored, why))
    # strongest evidence first, ties in the order of the reports' ids: order-independent
    pairs.sort(key=lambda p: (-p[0], reports[p[1]].id, reports[p[2]].id))
    for score, i, j, anchored, why in pairs:
        if anchored:
            union(i, j, why)
    _join_by_responses(reports, index, find, union, result.entity_label)
    for score, i, j, anchored, why in pairs:
        if not anchored and not reports[i].dated() and not reports[j].dated():
            union(i, j, why + " (neither report gives a date)")
    _join_by_responses(reports, index, find, union, result.entity_label)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        clusters[find(i)].append(i)
    used: set[str] = set()
    for group_members in sorted(clusters.values(), key=lambda m: min(reports[i].id for i in m)):
        group = [reports[i] for i in group_members]
        iri = minter.event(_event_id(group, result, used))
        result.event_type[iri] = _cluster_type(group)
        result.event_label[iri] = _event_label(group, result)
        for i in group_members:
            result.event_iri[reports[i].id] = iri
            if len(group_members) > 1:
                result.merge_evidence[reports[i].id] = evidence.get(i, "first report")


#: Evidence needed to join two reports (see `_evidence`): e.g. a day-precise date and a
#: shared country, a month hint with the same orderer and perpetrator, or a shared base.
MERGE_SCORE = 3


def _join_by_responses(reports, index, find, union, labels) -> None:
    """Reports that answer the same event, or that the same event answers, are one event if
    they also share what would join them were they dated (`MERGE_SCORE`): a strike answers one
    attack however each outlet tells it. Repeated until nothing joins."""
    changed = True
    while changed:
        changed = False
        answered_by: dict[int, list[int]] = defaultdict(list)  # answering cluster -> answered
        answering: dict[int, list[int]] = defaultdict(list)  # answered cluster -> answering
        for i, report in enumerate(reports):
            for key in report.event.in_response_to:
                j = index.get((report.article, key))
                if j is not None:
                    answered_by[find(i)].append(j)
                    answering[find(j)].append(i)
        for groups, why in ((answered_by, "both are what the same event answered"),
                            (answering, "both answer the same event")):
            for cluster in sorted(groups):
                linked = sorted(groups[cluster], key=lambda k: reports[k].id)
                for x, i in enumerate(linked):
                    for j in linked[x + 1:]:
                        if find(i) == find(j):
                            continue
                        score, _, shared = _evidence(reports[i], reports[j], labels)
                        if score >= MERGE_SCORE:
                            changed |= union(i, j, f"{why}; {shared}")


def _cluster_type(group: list[_Report]) -> str:
    """A strike is an attack by a state: one report that knows it was a strike settles it."""
    return "Strike" if any(r.event.type == "Strike" for r in group) else "Attack"


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
        for key in report.event.locations:
            iri = report.entities.get(key)
            if iri and result.entity_type.get(iri) != "Country":
                counts[iri] += 1
    if not counts:  # no place finer than a country
        for report in group:
            counts.update(report.iris("locations"))
    if not counts:
        for report in group:
            counts.update(report.iris("targets"))
    if not counts:
        return None
    return max(sorted(counts), key=lambda i: counts[i])


def _event_id(group, result, used: set[str]) -> str:
    anchor = _anchor(group, result)
    parts = [_cluster_type(group).lower(), _best_date(group) or "undated"]
    if anchor:
        parts.append(slug(result.entity_label.get(anchor, anchor), 40))
    base = "-".join(parts)
    candidate = base if _best_date(group) else f"{base}-{short_hash(min(r.id for r in group), length=8)}"
    if candidate in used:
        candidate = f"{base}-{short_hash(min(r.id for r in group), length=8)}"
    used.add(candidate)
    return candidate


def _event_label(group, result) -> str:
    event_type = _cluster_type(group)
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
