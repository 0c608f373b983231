"""Cross-article resolution: one node per real-world entity and per real-world event.

Articles are extracted one by one, in any order, perhaps on other machines. This step sees all
of them at once and decides which reports are the same thing. Its result depends only on the
set of articles, never on their order, so serial, parallel and incremental builds agree.

Entities: one node per catalog entry; an entity the catalog does not know is one node per
normalised name, under a path of its own (`Minter.named_entity`) so that it never takes a
catalog entry's IRI. Its type is the one most of its mentions give.

Events: two reports from different articles are one event when nothing keeps them apart and
they share enough evidence.
  * Apart: dates that disagree; a strike and an attack (unless they share a specific target,
    or the attack names no perpetrator and agrees with the strike on the day and the place);
    countries with nothing in common; places finer than a country that differ (unless both are
    strikes on several sites, on the same day, all in countries both name); one report's
    perpetrator being the other's target; attacks with different kinds of weapon.
  * Evidence, scored: the dates agree (4 the same day; 3 a day against a month-and-day hint,
    or against a weekday in the week before a filing day that falls on it; 2 the same month;
    1 a weekday or month hint that fits); a shared place or target finer than a country (3),
    else a shared country (1); a shared perpetrator, orderer, weapon family (1 each). A score of 3 joins reports
    when the evidence is anchored (a date that agrees, or a shared specific place or target);
    reports that give no date at all may join on the score alone.
  * Answers: two reports that are what already-joined events answer ("in response to") join
    on weaker evidence (2) when each is the only event its article's strike answers.
Strongest pairs are joined first, and two clusters join only when no report of one conflicts
with a report of the other, so the result does not depend on the order of the reports. Pairs
are only compared when they share a blocking key (a specific place or target, a day, a month
with a shared feature...), which keeps the cost roughly linear; `exhaustive=True` compares all
pairs and gives the same result. Each merge records its evidence (ckg:mergeEvidence).
"""
from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .dates import WINDOW, agreement, compatible
from .iris import Minter, short_hash, slug
from .link.catalog import Catalog, load_catalog, normalize_name
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
    event_date: dict[str, str] = field(default_factory=dict)  # iri -> the cluster's date
    merge_evidence: dict[tuple[str, str], str] = field(default_factory=dict)


def entity_id(entity: Entity) -> str:
    if entity.catalog_id:
        return entity.catalog_id
    return slug(normalize_name(entity.label))


def entity_iri(entity: Entity, minter: Minter) -> str:
    """The node of an entity: its catalog entry's, else one per normalised name, minted under
    a path of its own (an unlinked "Deir ez-Zor" is not the catalog's entry `deir-ez-zor`)."""
    if entity.catalog_id:
        return minter.entity(entity.catalog_id)
    return minter.named_entity(entity_id(entity))


def resolve(extractions: Iterable[ArticleExtraction], minter: Minter, *,
            exhaustive: bool = False, catalog: Catalog | None = None) -> Resolution:
    """One node per entity and per event. `exhaustive` compares every pair of event reports
    instead of the pairs that share a blocking key: slower, for tests, the same result.
    `catalog` (the built-in one by default) says in which country a place lies.

    The extractions are read once, in one pass, and only their entities' and events' share is
    kept, so a build can hand them over one at a time (`kg.records`) rather than hold them all."""
    catalog = catalog or load_catalog()
    result = Resolution()
    types: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    countries: dict[str, str] = {}  # iri of a catalogued place -> iri of its country
    articles: list[_ArticleShare] = []
    for extraction in extractions:
        iris = {}
        for entity in extraction.entities:
            iri = iris[entity.key] = entity_iri(entity, minter)
            weight = 3 if entity.catalog_id else 1
            types[iri][entity.type] += weight * max(1, len(entity.mentions))
            labels[iri][entity.label] += weight
            entry = catalog.get(entity.catalog_id) if entity.catalog_id else None
            if entry is not None and entry.country and entry.type != "Country":
                countries[minter.entity(entity.catalog_id)] = minter.entity(entry.country)
        articles.append(_ArticleShare(extraction.article.id, iris, extraction.events))
    articles.sort(key=lambda a: a.id)  # order-independent result
    for article in articles:
        for key, iri in article.entities.items():
            result.entity_iri[(article.id, key)] = iri
    for iri in types:
        result.entity_type[iri] = max(sorted(types[iri]), key=lambda t: types[iri][t])
        result.entity_label[iri] = max(sorted(labels[iri]), key=lambda l: (labels[iri][l], len(l)))
    _resolve_events(articles, minter, result, exhaustive, countries)
    return result


class _ArticleShare(NamedTuple):
    """What resolution keeps of one article: its entity keys' IRIs and its events."""

    id: str
    entities: dict[str, str]  # key -> iri
    events: list[Event]


@dataclass
class _Report:
    """One article's report of an event, as the merge rule sees it.

    The merge rule asks each report the same questions millions of times on a big corpus, and
    a report never changes during resolution, so each answer is computed once and kept (as a
    frozenset, which callers cannot change by accident)."""

    article: str
    event: Event
    entities: dict[str, str]  # key -> iri
    types: dict[str, str]  # iri -> entity type
    place_country: dict[str, str] = field(default_factory=dict)  # place iri -> country iri
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> tuple[str, str]:
        return (self.article, self.event.key)

    def iris(self, slot: str) -> frozenset[str]:
        if slot not in self._memo:
            self._memo[slot] = frozenset(self.entities[k] for k in getattr(self.event, slot)
                                         if k in self.entities)
        return self._memo[slot]

    def countries(self) -> frozenset[str]:
        if "countries" not in self._memo:
            self._memo["countries"] = frozenset(i for i in self.iris("locations")
                                                if self.types.get(i) == "Country")
        return self._memo["countries"]

    def specific_places(self) -> frozenset[str]:
        """Places finer than a country: where exactly it happened."""
        if "places" not in self._memo:
            self._memo["places"] = frozenset(i for i in self.iris("locations") | self.iris("targets")
                                             if self.types.get(i) in ("Place", "Base"))
        return self._memo["places"]

    def specific_targets(self) -> frozenset[str]:
        if "specific targets" not in self._memo:
            self._memo["specific targets"] = frozenset(i for i in self.iris("targets")
                                                       if self.types.get(i) != "Country")
        return self._memo["specific targets"]

    def dated(self) -> bool:
        return bool(self.event.date or self.event.date_hint)

    def weapon_families(self) -> frozenset[str]:
        if "weapons" not in self._memo:
            self._memo["weapons"] = frozenset(
                family for weapon in self.event.weapons
                for word, family in WEAPON_FAMILY.items() if word in weapon.lower())
        return self._memo["weapons"]

    def profile(self) -> tuple:
        """Everything the merge rule reads of a report besides its article: two reports with
        one profile join, conflict and share evidence alike."""
        if "profile" not in self._memo:
            e = self.event
            self._memo["profile"] = (e.type, e.date, e.date_hint, self.iris("perpetrators"),
                                     self.iris("ordered_by"), self.iris("targets"),
                                     self.iris("locations"), self.weapon_families())
        return self._memo["profile"]


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


def _one_strike_on_several_sites(a: _Report, b: _Report) -> bool:
    """Two strikes whose dates agree (a day, or a weekday that fits it), that each name
    several sites or countries, and whose places all lie (by the catalog) in countries both
    name: one strike that hit several sites ("targets in Iraq and Syria": Al-Qa'im in one
    report, Al Bukamal in the other)."""
    if a.event.type != "Strike" or b.event.type != "Strike" or not _date_evidence(a, b):
        return False
    shared = a.countries() & b.countries()
    places = a.specific_places() | b.specific_places()
    if not shared or any(a.place_country.get(p) not in shared for p in places):
        return False
    return all(len(r.specific_places()) > 1 or len(r.countries()) > 1 for r in (a, b))


def _conflict(a: _Report, b: _Report, labels: dict[str, str]) -> bool:
    """Whether two reports cannot be one event, whatever else they share."""
    return _conflict_reason(a, b, labels) is not None


def _conflict_reason(a: _Report, b: _Report, labels: dict[str, str]) -> str | None:
    """Why two reports cannot be one event, whatever else they share; None if they can."""
    if a.article == b.article:
        return "same article"  # within an article, extraction has already joined what is one
    return _profile_conflict(a, b, labels)


def _profile_conflict(a: _Report, b: _Report, labels: dict[str, str], *,
                      kinds: bool = True) -> str | None:
    """The part of `_conflict_reason` that depends only on what the reports say. Without
    `kinds`, a strike and an attack are not told apart by their kind."""
    if not _dates_agree(a, b):
        return "dates disagree"
    if kinds and a.event.type != b.event.type and \
            not a.specific_targets() & b.specific_targets() and not _strike_told_as_attack(a, b):
        return "a strike and an attack"  # "the killing of X" and "the strike that killed X"
    ca, cb = a.countries(), b.countries()
    if ca and cb and not ca & cb:
        return "different countries"
    if _places_apart(a, b, labels) and not _one_strike_on_several_sites(a, b):
        return "different places"
    if a.iris("perpetrators") & b.iris("targets") or a.iris("targets") & b.iris("perpetrators"):
        return "one's perpetrator is the other's target"
    fa, fb = a.weapon_families(), b.weapon_families()
    if "Attack" in (a.event.type, b.event.type) and fa and fb and not fa & fb:
        return "different weapons"
    return None


def _strike_told_as_attack(a: _Report, b: _Report) -> bool:
    """An outlet that does not say who struck calls a strike an attack ("a drone attack at
    the airport killed ..."): a strike and an attack that names no perpetrator are one kind
    of thing when they agree on the day and share a place finer than a country."""
    attack = a if a.event.type == "Attack" else b
    if attack.event.perpetrators:
        return False
    return _date_evidence(a, b) >= 3 and bool(a.specific_places() & b.specific_places())


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


class _Clusters:
    """Union-find over reports. A cluster keeps its articles and the distinct profiles of its
    reports, so that "no two of its reports conflict" is checked once per pair of profiles."""

    def __init__(self, reports: list[_Report], labels: dict[str, str]):
        self.reports = reports
        self.labels = labels
        self.parent = list(range(len(reports)))
        self.profile = [r.profile() for r in reports]
        self.sample: dict[tuple, int] = {}  # profile -> a report that has it
        for i, profile in enumerate(self.profile):
            self.sample.setdefault(profile, i)
        self.articles = {i: {r.article} for i, r in enumerate(reports)}
        self.profiles = {i: {self.profile[i]} for i in range(len(reports))}
        self.evidence: dict[int, str] = {}
        self._conflicts: dict[tuple, bool] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def profiles_conflict(self, pa: tuple, pb: tuple) -> bool:
        key = (pa, pb) if id(pa) <= id(pb) else (pb, pa)
        if key not in self._conflicts:
            a, b = self.reports[self.sample[pa]], self.reports[self.sample[pb]]
            self._conflicts[key] = _profile_conflict(a, b, self.labels) is not None
        return self._conflicts[key]

    def kind_only_conflict(self, pa: tuple, pb: tuple) -> bool:
        """Whether two conflicting profiles conflict only as a strike and an attack."""
        key = ("kind", pa, pb) if id(pa) <= id(pb) else ("kind", pb, pa)
        if key not in self._conflicts:
            a, b = self.reports[self.sample[pa]], self.reports[self.sample[pb]]
            self._conflicts[key] = a.event.type != b.event.type and \
                _profile_conflict(a, b, self.labels, kinds=False) is None
        return self._conflicts[key]

    def told_as_strike(self, attack: tuple, profiles) -> bool:
        """Whether an attack profile is a strike told as an attack by the evidence of a
        strike among `profiles` that it does not conflict with (the day and the place)."""
        a = self.reports[self.sample[attack]]
        for profile in profiles:
            if profile[0] == "Strike" and not self.profiles_conflict(attack, profile) and \
                    _strike_told_as_attack(a, self.reports[self.sample[profile]]):
                return True
        return False

    def union(self, i: int, j: int, why: str) -> bool:
        """Join the clusters of i and j unless any two of their reports conflict. A strike
        and an attack conflict here only by their kind when the attack is not a strike told
        as an attack to a strike of the joined cluster (`_strike_told_as_attack`)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if self.articles[ri] & self.articles[rj]:
            return False  # within an article, extraction has already joined what is one
        joined = None
        for pa in self.profiles[ri]:
            for pb in self.profiles[rj]:
                if self.profiles_conflict(pa, pb):
                    if not self.kind_only_conflict(pa, pb):
                        return False
                    if joined is None:
                        joined = self.profiles[ri] | self.profiles[rj]
                    if not self.told_as_strike(pa if pa[0] == "Attack" else pb, joined):
                        return False
        keep, drop = min(ri, rj), max(ri, rj)
        self.parent[drop] = keep
        self.articles[keep] |= self.articles.pop(drop)
        self.profiles[keep] |= self.profiles.pop(drop)
        self.evidence.setdefault(i, why)
        self.evidence.setdefault(j, why)
        return True


def _usable(score: int, anchored: bool, a: _Report, b: _Report) -> bool:
    """Whether evidence of this strength joins two reports: anchored evidence when it reaches
    `MERGE_SCORE`, unanchored evidence only when neither report gives a date at all."""
    return score >= MERGE_SCORE and (anchored or not a.dated() and not b.dated())


def _groups(reports: list[_Report], indices: list[int]) -> list[list[int]]:
    """Reports with one profile from different articles (copies of one wire story, or outlets
    that say exactly the same), as lists of report indices in id order. Two reports of one
    profile in one article are two events of that article and go to different groups."""
    groups: dict[tuple, list[tuple[list[int], set[str]]]] = defaultdict(list)
    for i in indices:
        article = reports[i].article
        for group, articles in groups[reports[i].profile()]:
            if article not in articles:
                group.append(i)
                articles.add(article)
                break
        else:
            groups[reports[i].profile()].append(([i], {article}))
    return [group for same in groups.values() for group, _ in same]


def _blocking_keys(report: _Report) -> tuple[set, set]:
    """(keys, probe keys) of a report. Two reports are compared when they share a key, or
    when one's probe key is the other's key. Every pair whose evidence can join them
    (`_usable`) shares one, for `_evidence` scores so:
      * a shared place or target finer than a country (3): the entity;
      * the same day (4): the day;
      * a month, one side knowing only the month (2): the month with one of the actors,
        countries or weapons it must also share;
      * a "--MM-DD" hint on the day (3): the month and day; a "--MM" hint (1), a weekday (1):
        the month number or the weekday, with one of the actors, countries or weapons;
      * neither dated: two of the actors, countries and weapons it must share (3)."""
    keys: set = set()
    probes: set = set()
    for iri in report.specific_places() | report.specific_targets():
        keys.add(("entity", iri))
    features = sorted({("country", i) for i in report.countries()}
                      | {("target", i) for i in report.iris("targets")}
                      | {("perpetrator", i) for i in report.iris("perpetrators")}
                      | {("orderer", i) for i in report.iris("ordered_by")}
                      | {("weapon", w) for w in report.weapon_families()})
    for value in (report.event.date, report.event.date_hint):
        if not value:
            continue
        if value[:1].isdigit():
            keys.update(("month", value[:7], f) for f in features)
            keys.update(("month-number", value[5:7], f) for f in features)
            if len(value) == 10:
                keys.add(("day", value))
                keys.add(("month-day", value[5:]))
                weekday = dt.date.fromisoformat(value).weekday()
                for day in (weekday - 1, weekday, weekday + 1):
                    keys.update(("weekday", day % 7, f) for f in features)
            else:
                probes.update(("month", value[:7], f) for f in features)
        elif value.startswith("--"):
            if len(value) == 7:
                probes.add(("month-day", value[2:]))
                keys.add(("month-day", value[2:]))
            probes.update(("month-number", value[2:4], f) for f in features)
            keys.update(("month-number", value[2:4], f) for f in features)
        else:
            name = value.partition(WINDOW)[0]
            day = [d.lower() for d in calendar.day_name].index(name.lower())
            probes.update(("weekday", day, f) for f in features)
            keys.update(("weekday", day, f) for f in features)
    if not report.dated():
        keys.update(("undated",) + pair for pair in itertools.combinations(features, 2))
    return keys, probes


#: Blocks whose holders are compared only with the reports that probe them.
PROBED_BLOCKS = {"month", "month-number", "month-day", "weekday"}


def _candidate_pairs(reports: list[_Report], groups: list[list[int]], exhaustive: bool,
                     clusters: _Clusters):
    """Pairs of group indices that may be one event, in a deterministic order: every pair
    when `exhaustive`, else the pairs that share a blocking key (`_blocking_keys`). Groups
    with one profile are blocked once, and a pair of profiles whose evidence cannot join
    them (`_usable`) is ruled out once for all their groups."""
    if exhaustive:
        yield from itertools.combinations(range(len(groups)), 2)
        return
    by_profile: dict[tuple, list[int]] = defaultdict(list)
    for g, members in enumerate(groups):
        by_profile[clusters.profile[members[0]]].append(g)
    profiles = list(by_profile)
    holders: dict[tuple, list[int]] = defaultdict(list)
    probing: dict[tuple, list[int]] = defaultdict(list)
    for p, profile in enumerate(profiles):
        keys, probes = _blocking_keys(reports[groups[by_profile[profile][0]][0]])
        for key in keys:
            holders[key].append(p)
        for key in probes:
            probing[key].append(p)
    profile_pairs: set[tuple[int, int]] = {(p, p) for p, profile in enumerate(profiles)
                                           if len(by_profile[profile]) > 1}
    for key, members in holders.items():
        if key[0] in PROBED_BLOCKS:
            for p in probing.get(key, ()):
                profile_pairs.update((min(p, q), max(p, q)) for q in members if q != p)
        else:
            profile_pairs.update(itertools.combinations(members, 2))
    pairs: set[tuple[int, int]] = set()
    labels = clusters.labels
    for p, q in profile_pairs:
        a = reports[groups[by_profile[profiles[p]][0]][0]]
        b = reports[groups[by_profile[profiles[q]][0]][0]]
        if clusters.profiles_conflict(profiles[p], profiles[q]):
            continue
        score, anchored, _ = _evidence(a, b, labels)
        if not _usable(score, anchored, a, b):
            continue
        for g in by_profile[profiles[p]]:
            pairs.update((min(g, h), max(g, h)) for h in by_profile[profiles[q]] if g != h)
    yield from sorted(pairs)


def _resolve_events(articles: list[_ArticleShare], minter, result, exhaustive: bool = False,
                    countries: dict[str, str] | None = None):
    reports: list[_Report] = []
    for article in articles:
        for event in article.events:
            reports.append(_Report(article.id, event, article.entities, result.entity_type,
                                   countries or {}))
    index = {r.id: i for i, r in enumerate(reports)}
    clusters = _Clusters(reports, result.entity_label)
    labels = result.entity_label

    # identical reports from different articles first: one wire story in many outlets
    groups = []
    for group in _groups(reports, list(range(len(reports)))):
        first = reports[group[0]]
        score, anchored, why = _evidence(first, first, labels)
        if len(group) > 1 and _usable(score, anchored, first, first) and \
                _profile_conflict(first, first, labels) is None:
            for i in group[1:]:
                clusters.union(group[0], i, why + " (the same report)")
            groups.append(group)
        else:
            groups.extend([i] for i in group)
    groups.sort(key=lambda g: reports[g[0]].id)

    pairs = []  # (score, i, j, anchored, why) for reports that may be one event
    for gi, gj in _candidate_pairs(reports, groups, exhaustive, clusters):
        i, j = groups[gi][0], groups[gj][0]
        a, b = reports[i], reports[j]
        if a.article == b.article or clusters.profiles_conflict(clusters.profile[i],
                                                                 clusters.profile[j]):
            continue
        score, anchored, why = _evidence(a, b, labels)
        if _usable(score, anchored, a, b):
            if reports[j].id < reports[i].id:
                i, j = j, i
            pairs.append((score, i, j, anchored, why))
    # strongest evidence first, ties in the order of the reports' ids: order-independent
    pairs.sort(key=lambda p: (-p[0], reports[p[1]].id, reports[p[2]].id))
    for score, i, j, anchored, why in pairs:
        if anchored:
            clusters.union(i, j, why)
    _join_by_responses(reports, index, clusters, labels)
    for score, i, j, anchored, why in pairs:
        if not anchored:
            clusters.union(i, j, why + " (neither report gives a date)")
    _join_by_responses(reports, index, clusters, labels)

    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        by_root[clusters.find(i)].append(i)
    used: set[str] = set()
    for group_members in sorted(by_root.values(), key=lambda m: min(reports[i].id for i in m)):
        group = [reports[i] for i in group_members]
        iri = minter.event(_event_id(group, result, used))
        result.event_type[iri] = _cluster_type(group)
        result.event_label[iri] = _event_label(group, result)
        date = _best_date(group)
        if date:
            result.event_date[iri] = date
        for i in group_members:
            result.event_iri[reports[i].id] = iri
            if len(group_members) > 1:
                result.merge_evidence[reports[i].id] = clusters.evidence.get(i, "first report")


#: Evidence needed to join two reports (see `_evidence`): e.g. a day-precise date and a
#: shared country, a month hint with the same orderer and perpetrator, or a shared base.
MERGE_SCORE = 3
#: Evidence enough for two reports that are each the one event that reports of one strike
#: answer ("in retaliation for the drone attack in Jordan"): a country and a weapon.
RESPONSE_SCORE = 2


def _join_by_responses(reports, index, clusters: _Clusters, labels) -> None:
    """Reports that answer the same event, or that the same event answers, are one event if
    they also share what would join them were they dated (`MERGE_SCORE`): a strike answers one
    attack however each outlet tells it. Two reports that are each the only event their
    article's answering report answers need less (`RESPONSE_SCORE`). Repeated until nothing
    joins.

    Reports of one cluster with one profile behave alike, so only the first of them is tried."""
    find = clusters.find
    cache: dict = {}
    changed = True
    while changed:
        changed = False
        answered_by: dict[int, list[int]] = defaultdict(list)  # answering cluster -> answered
        answering: dict[int, list[int]] = defaultdict(list)  # answered cluster -> answering
        sole: set[int] = set()  # reports that are the one event their answering report answers
        for i, report in enumerate(reports):
            for key in report.event.in_response_to:
                j = index.get((report.article, key))
                if j is not None:
                    answered_by[find(i)].append(j)
                    answering[find(j)].append(i)
                    if len(report.event.in_response_to) == 1:
                        sole.add(j)
        for groups, why in ((answered_by, "both are what the same event answered"),
                            (answering, "both answer the same event")):
            for cluster in sorted(groups):
                linked = _distinct(sorted(set(groups[cluster]), key=lambda k: reports[k].id),
                                   clusters)
                position = {i: x for x, i in enumerate(linked)}
                by_profile: dict[tuple, list[int]] = defaultdict(list)
                for i in linked:
                    by_profile[(clusters.profile[i], i in sole)].append(i)
                for i in linked:
                    for (profile, j_sole), others in by_profile.items():
                        later = [j for j in others if position[j] > position[i]]
                        if not later:
                            continue
                        score, _, shared = _evidence_of(reports[i], reports[later[0]], labels,
                                                        cache)
                        needed = RESPONSE_SCORE if groups is answered_by and \
                            i in sole and j_sole else MERGE_SCORE
                        if score < needed:
                            continue  # nothing of this profile joins i
                        for j in later:
                            if find(i) != find(j):
                                changed |= clusters.union(i, j, f"{why}; {shared}")


def _evidence_of(a: _Report, b: _Report, labels, cache: dict):
    """`_evidence`, once per pair of profiles."""
    key = (a.profile(), b.profile())
    if key not in cache:
        cache[key] = _evidence(a, b, labels)
    return cache[key]


def _distinct(linked: list[int], clusters: _Clusters) -> list[int]:
    """The first report of each (cluster, profile) among `linked`, in order."""
    seen, kept = set(), []
    for i in linked:
        key = (clusters.find(i), clusters.profile[i])
        if key not in seen:
            seen.add(key)
            kept.append(i)
    return kept


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
        # the anchor is a place, or (when no report names one) the target
        where = "in" if result.entity_type.get(anchor) in ("Place", "Base", "Country") else "targeting"
        words.append(f"{where} {result.entity_label.get(anchor, anchor)}")
    date = _best_date(group)
    words.append(f"on {date}" if date else "(date unknown)")
    return " ".join(words)
