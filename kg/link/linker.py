"""The linker: which catalog entry, and so which Wikidata item, an extracted entity is.

Users follow `owl:sameAs` to Wikidata, so a wrong link is worse than none. Every link gets a
confidence (`ckg:linkConfidence`); `owl:sameAs` is written only at or above
`Settings.link_threshold`, and below it the candidate is kept as a `skos:closeMatch`.

How a confidence comes about, strongest first:

* the name is a catalog label or alias of exactly one entry of a compatible type (1.0; a little
  less when only the looser form matches, without "al-", a title or a possessive);
* several entries share the name ("Deir ez-Zor": city and governorate): the article decides
  (see `context.py`), and the confidence grows with the lead of the best candidate;
* a spelling close to one catalog name (rapidfuzz), word by word, with no differing
  distinguishing word ("Erbil" is not "Erbil airport"): the similarity, less for short names;
* with `--online`, Wikidata's own search, checked against the expected type (`wikidata.py`).

Only a safe match (at or above the threshold) also takes the catalog's id and label, so that the
node is shared with every other article naming the entry; an unsure one keeps its own node.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..models import ArticleExtraction, Entity
from .catalog import Catalog, CatalogEntry, normalize_name
from .context import ArticleContext

#: Below this a candidate is not even worth a closeMatch.
CANDIDATE_FLOOR = 0.75

GROUP = {"Person": "person", "ArmedGroup": "actor", "Organization": "actor",
         "Country": "place", "Place": "place", "Base": "place"}

#: Words that make two otherwise similar names different things.
DISTINGUISHING = {
    "airport", "base", "airbase", "air", "field", "camp", "crossing", "dam", "bridge", "river",
    "province", "governorate", "region", "district", "state", "city", "county",
    "ministry", "department", "embassy", "university", "council", "party", "agency", "news",
    "network", "post", "times", "institute", "brigade", "brigades", "division", "battalion",
    "army", "navy", "forces", "force", "guard", "corps", "front", "movement", "international",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "new",
}
ARTICLES = {"al", "el", "the", "of", "and", "an", "as", "ash", "ad", "ar", "at", "az"}
TITLES = {
    "president", "former", "us", "vice", "secretary", "defense", "defence", "state",
    "press", "pentagon", "spokesman", "spokesperson", "spokeswoman", "general", "gen", "lt",
    "lieutenant", "colonel", "col", "major", "maj", "admiral", "adm", "rear", "brig", "sheikh",
    "sayyed", "sayyid", "dr", "mr", "mrs", "ms", "prime", "minister", "foreign", "commander",
    "leader", "senator", "sen", "rep", "congresswoman", "congressman", "supreme", "ayatollah",
    "king", "prince", "crown", "chief", "deputy", "acting", "iranian", "iraqi", "syrian",
    "american", "israeli", "russian", "turkish", "lebanese", "militia", "cleric",
}


@dataclass(frozen=True)
class Candidate:
    entry: CatalogEntry
    confidence: float
    method: str  # exact, loose, context, fuzzy, ambiguous, common-word


# --- names --------------------------------------------------------------------------------

def _strip_possessive(text: str) -> str:
    return re.sub(r"[’']s$", "", text.strip())


def loose_key(name: str) -> str:
    """A name without articles ("al-", "the") and spaces: "Al Bukamal" = "al-Bukamal" = "Bukamal"."""
    tokens = [t for t in normalize_name(name).split() if t not in ARTICLES]
    return "".join(tokens)


def _without_titles(name: str) -> str:
    """'US President Joe Biden' -> 'joe biden'; leaves at least one word."""
    tokens = normalize_name(name).split()
    while len(tokens) > 1 and (tokens[0] in TITLES or " ".join(tokens[:2]) in TITLES):
        tokens = tokens[2:] if " ".join(tokens[:2]) in TITLES else tokens[1:]
    return " ".join(tokens)


def _content_tokens(name: str) -> list[str]:
    return [t for t in normalize_name(name).split() if t not in ARTICLES]


def similar_enough(a: str, b: str) -> bool:
    """Whether two names that fuzzy matching finds close are spellings of one name, word by
    word: no word of one is missing from or unlike the other, and numbers and distinguishing
    words agree ("Iraqi Ministry of Defence" is not "Syrian Ministry of Defense")."""
    ta, tb = _content_tokens(a), _content_tokens(b)
    if not ta or not tb:
        return False
    if (set(ta) & DISTINGUISHING) != (set(tb) & DISTINGUISHING):
        return False
    if [t for t in ta if t.isdigit()] != [t for t in tb if t.isdigit()]:
        return False
    if len(ta) != len(tb):
        return fuzz.ratio("".join(ta), "".join(tb)) >= 90
    for x, y in zip(ta, tb):
        if len(x) <= 3 or len(y) <= 3:
            if x != y:
                return False
        elif fuzz.ratio(x, y) < 75:
            return False
    return True


def _case_conflict(mention: str, name: str) -> bool:
    """A one-word name written all in lower case ("hit", "kh") is an ordinary word, not the
    capitalised catalog name ("Hit", "KH")."""
    mention = mention.strip()
    return (len(mention.split()) == 1 and mention.islower() and not name.islower())


# --- the catalog's names, indexed once per catalog ------------------------------------------

class NameIndex:
    """The catalog's names by exact and loose key, and per type group for fuzzy matching."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.exact: dict[str, list[tuple[CatalogEntry, str]]] = {}
        self.loose: dict[str, list[tuple[CatalogEntry, str]]] = {}
        self.fuzzy: dict[str, tuple[list[str], list[tuple[CatalogEntry, str]]]] = {}
        for entry in catalog:
            for name in entry.names:
                self.exact.setdefault(normalize_name(name), []).append((entry, name))
                key = loose_key(name)
                if key:
                    self.loose.setdefault(key, []).append((entry, name))
                if len(normalize_name(name)) >= 4:
                    keys, owners = self.fuzzy.setdefault(GROUP[entry.type], ([], []))
                    keys.append(normalize_name(name))
                    owners.append((entry, name))
        self._fuzzy_cache: dict[tuple[str, str], list[tuple[CatalogEntry, str, float]]] = {}

    def fuzzy_matches(self, name: str, group: str) -> list[tuple[CatalogEntry, str, float]]:
        """Catalog names of a type group close to `name`, best first (cached: corpora repeat)."""
        key = (name, group)
        if key not in self._fuzzy_cache:
            keys, owners = self.fuzzy.get(group, ([], []))
            hits = process.extract(name, keys, scorer=fuzz.ratio, limit=5,
                                   score_cutoff=CANDIDATE_FLOOR * 100)
            self._fuzzy_cache[key] = [(owners[i][0], owners[i][1], score / 100)
                                      for _, score, i in hits]
        return self._fuzzy_cache[key]


_INDEXES: dict[int, tuple[Catalog, NameIndex]] = {}


def name_index(catalog: Catalog) -> NameIndex:
    held = _INDEXES.get(id(catalog))
    if held is None or held[0] is not catalog:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        held = (catalog, NameIndex(catalog))
        _INDEXES[id(catalog)] = held
    return held[1]


# --- choosing -------------------------------------------------------------------------------

def _compatible(entity: Entity, entry: CatalogEntry) -> float:
    """1 for the same type, a little less for a related one, 0 for another kind of thing."""
    if entity.type == entry.type:
        return 1.0
    return 0.93 if GROUP[entity.type] == GROUP[entry.type] else 0.0


def _surface_names(entity: Entity) -> list[str]:
    names = [m.text for m in entity.mentions]
    if entity.catalog_id is None or not names:
        names.append(entity.label)
    seen, result = set(), []
    for name in names:
        name = " ".join(name.split())
        if name and name not in seen:
            seen.add(name)
            result.append(name)
    return result


def exact_candidates(entity: Entity, index: NameIndex) -> tuple[dict[str, Candidate], bool]:
    """{entry id: candidate} for the catalog names the entity's mentions spell out, and whether
    every such mention looked like an ordinary word rather than the name."""
    found: dict[str, Candidate] = {}
    conflicts = 0
    names = _surface_names(entity)
    for text in names:
        forms = [(normalize_name(text), "exact", 1.0),
                 (normalize_name(_strip_possessive(text)), "exact", 1.0)]
        if entity.type == "Person":
            forms.append((_without_titles(_strip_possessive(text)), "loose", 0.97))
        hits: list[tuple[CatalogEntry, str, str, float]] = []
        for form, method, base in forms:
            hits += [(e, n, method, base) for e, n in index.exact.get(form, ())]
        if not hits:
            key = loose_key(_strip_possessive(text))
            hits = [(e, n, "loose", 0.97) for e, n in index.loose.get(key, ())]
        case_ok = [h for h in hits if not _case_conflict(text, h[1])]
        if hits and not case_ok:
            conflicts += 1
        for entry, _, method, base in case_ok:
            confidence = base * _compatible(entity, entry)
            if confidence and (entry.id not in found or found[entry.id].confidence < confidence):
                found[entry.id] = Candidate(entry, confidence, method)
    return found, bool(names) and conflicts == len(names)


def fuzzy_candidate(entity: Entity, index: NameIndex) -> Candidate | None:
    """The one catalog entry a misspelt name is close to, or None when none or several are."""
    group = GROUP[entity.type]
    scores: dict[str, tuple[float, CatalogEntry]] = {}
    for text in _surface_names(entity):
        name = normalize_name(_strip_possessive(text))
        if len(name) < 4:
            continue
        for entry, catalog_name, score in index.fuzzy_matches(name, group):
            if not similar_enough(name, catalog_name) or _case_conflict(text, catalog_name):
                continue
            if len(name) < 8:
                score -= 0.08  # one letter off in a short name is often another name
            score *= _compatible(entity, entry)
            if entry.id not in scores or scores[entry.id][0] < score:
                scores[entry.id] = (score, entry)
    if not scores:
        return None
    ranked = sorted(scores.values(), key=lambda s: (-s[0], s[1].id))
    best_score, best = ranked[0]
    if len(ranked) > 1 and ranked[1][0] > best_score - 0.05:
        return Candidate(best, min(best_score, 0.8), "ambiguous")
    return Candidate(best, round(best_score, 3), "fuzzy")


def choose(candidates: dict[str, Candidate], entity: Entity,
           context: ArticleContext) -> Candidate | None:
    """The best of several candidates, with a confidence that says how clearly it leads."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    scored = []
    for candidate in candidates.values():
        score, _ = context.score(candidate.entry, entity)
        scored.append((score + candidate.confidence - 1.0, candidate))
    scored.sort(key=lambda s: (-s[0], s[1].entry.id))
    (best_score, best), (second_score, _) = scored[0], scored[1]
    margin = best_score - second_score
    confidence = min(best.confidence, 0.98, 0.7 + 0.5 * margin)
    return Candidate(best.entry, round(confidence, 3), "context")


# --- linking --------------------------------------------------------------------------------

def _own_label(entity: Entity) -> str:
    """The label an entity keeps when it is not merged with a catalog entry: its commonest
    spelling (not the catalog's label, which it may not be)."""
    if not entity.mentions:
        return entity.label
    counts = Counter(" ".join(m.text.split()) for m in entity.mentions)
    label = max(sorted(counts), key=lambda t: (counts[t], len(t)))
    return label[4:] if label.lower().startswith("the ") else label


def apply(entity: Entity, candidate: Candidate | None, *, threshold: float) -> Entity:
    """The entity with the link decision written into it."""
    if candidate is None:
        return entity
    entry = candidate.entry
    confidence = round(candidate.confidence, 3)
    if confidence >= threshold:
        return entity.model_copy(update={
            "catalog_id": entry.id, "label": entry.label, "qid": entry.qid, "candidate_qid": None,
            "link_confidence": confidence if entry.qid else None})
    unsure = {"catalog_id": None, "qid": None, "label": _own_label(entity)} \
        if entity.catalog_id else {"qid": None}
    if confidence < CANDIDATE_FLOOR or not entry.qid:
        return entity.model_copy(update={**unsure, "candidate_qid": None, "link_confidence": None})
    return entity.model_copy(update={**unsure, "candidate_qid": entry.qid,
                                     "link_confidence": confidence})


class Linker:
    """Links the entities of one article at a time against one catalog (and Wikidata, online)."""

    def __init__(self, catalog: Catalog, *, threshold: float, online=None):
        self.catalog = catalog
        self.index = name_index(catalog)
        self.threshold = threshold
        self.online = online

    def candidates(self, entity: Entity) -> tuple[dict[str, Candidate], bool]:
        found, common_word = exact_candidates(entity, self.index)
        if entity.catalog_id and not common_word:
            entry = self.catalog.get(entity.catalog_id)
            if entry is not None and entry.id not in found:
                found[entry.id] = Candidate(entry, 1.0, "gazetteer")
        return found, common_word

    def link(self, extraction: ArticleExtraction) -> ArticleExtraction:
        decisions: dict[str, tuple[dict[str, Candidate], bool]] = {}
        unsure: set[str] = set()
        for entity in extraction.entities:
            found, common_word = self.candidates(entity)
            decisions[entity.key] = (found, common_word)
            if len(found) != 1 or common_word:
                unsure.add(entity.key)
        context = ArticleContext.of(extraction, self.catalog, unsure)
        linked = []
        for entity in extraction.entities:
            found, common_word = decisions[entity.key]
            if common_word:
                candidate = None
                entity = entity.model_copy(update={"catalog_id": None, "qid": None,
                                                   "label": _own_label(entity)})
            elif found:
                candidate = choose(found, entity, context)
            else:
                candidate = fuzzy_candidate(entity, self.index)
            if self.online is not None and not common_word and (
                    candidate is None or candidate.confidence < self.threshold):
                online = self.online.link(entity, context)
                if online is not None:
                    linked.append(online)
                    continue
            linked.append(apply(entity, candidate, threshold=self.threshold))
        return extraction.model_copy(update={"entities": linked})


def link_extraction(extraction: ArticleExtraction, catalog: Catalog, *, threshold: float,
                    online=None) -> ArticleExtraction:
    """The extraction with catalog ids, QIDs and confidences filled in."""
    return Linker(catalog, threshold=threshold, online=online).link(extraction)

