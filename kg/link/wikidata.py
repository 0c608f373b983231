"""Online linking (`kg build --online`): names the catalog does not know, looked up on Wikidata.

Only ever used when the user asks for it. Each name goes to the `wbsearchentities` API; the
candidates whose label or alias is the name are fetched with `wbgetentities` and kept only if
their "instance of" (P31, or one step up its "subclass of", P279) is a class of the expected
type: a person must be a human, a place a settlement, region or country, and so on. A candidate
whose country (P17, P27 or P495) is one the article names is more likely; a person needs that
before it is linked, since many people share a name.

Being a good API citizen: a descriptive User-Agent, a rate limit, timeouts, and an on-disk cache
so that rebuilding asks nothing twice. Without a network the build goes on offline, with one
warning (`WikidataUnavailable`).
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import warnings
from pathlib import Path

import requests

from ..config import USER_AGENT, Settings
from ..models import Entity
from .catalog import Catalog, normalize_name
from .context import ArticleContext

#: Wikidata classes that an item of each of our types may be an instance of.
ACCEPTED_CLASSES = {
    "Person": {"Q5"},  # human
    "Country": {"Q6256", "Q3624078", "Q7275"},  # country, sovereign state, state
    "Place": {"Q486972", "Q515", "Q1549591", "Q5119", "Q3957", "Q532", "Q56061", "Q10864048",
              "Q82794", "Q17334923", "Q6256", "Q3624078"},  # settlement, city, big city,
    # capital, town, village, administrative territorial entity, first-level subdivision,
    # geographic region, location (and countries, which are places too)
    "Base": {"Q245016", "Q744099", "Q18691599", "Q1248784"},  # military base, air base,
    # military installation, airport
    "ArmedGroup": {"Q17149090", "Q176799", "Q47459", "Q7278"},  # armed organization, military
    # unit, armed forces, political party (Hezbollah is both)
    "Organization": {"Q43229", "Q327333", "Q192283", "Q11032", "Q7278", "Q163740", "Q4830453",
                     "Q484652", "Q2659904", "Q47459", "Q17149090"},  # organization, government
    # agency, news agency, newspaper, political party, nonprofit, business, international
    # organization, government organization, armed forces, armed organization
}
#: Properties that say which country an item belongs to: country, citizenship, origin.
COUNTRY_PROPERTIES = ("P17", "P27", "P495")
SEARCH_LIMIT = 7


class WikidataUnavailable(UserWarning):
    """Wikidata could not be reached; the build goes on with the catalog alone."""


def default_cache_dir() -> Path:
    """Where answers are kept between builds: the user's cache folder (XDG on Linux)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "conflict-kg" / "wikidata"


class WikidataClient:
    """The two read-only API calls the linker needs, cached on disk and rate-limited."""

    def __init__(self, api_url: str, *, cache_dir: Path | None = None,
                 requests_per_second: float = 2.0, timeout: float = 10.0,
                 user_agent: str = USER_AGENT, session: requests.Session | None = None):
        self.api_url = api_url
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.interval = 1.0 / requests_per_second
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.available = True
        self.requests = 0  # sent over the network, for tests and reports
        self._lock = threading.Lock()
        self._next_request = 0.0

    # --- the API --------------------------------------------------------------------------

    def search(self, name: str, *, language: str = "en") -> list[dict]:
        """The `search` list of wbsearchentities for a name (empty when offline)."""
        data = self._get({"action": "wbsearchentities", "search": name, "language": language,
                          "uselang": language, "type": "item", "limit": str(SEARCH_LIMIT),
                          "format": "json"})
        return list(data.get("search", [])) if data else []

    def entities(self, ids: list[str], *, props: str = "labels|descriptions|aliases|claims",
                 language: str = "en") -> dict[str, dict]:
        """wbgetentities' `entities` for up to 50 ids (missing ones are left out)."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        data = self._get({"action": "wbgetentities", "ids": "|".join(ids[:50]), "props": props,
                          "languages": language, "format": "json"})
        found = data.get("entities", {}) if data else {}
        return {qid: item for qid, item in found.items() if "missing" not in item}

    def cached_entity(self, qid: str, *, language: str = "en") -> dict | None:
        """An item as an earlier look-up fetched it, without asking the network."""
        for path in sorted(self.cache_dir.glob("*/*.json")) if self.cache_dir.is_dir() else ():
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if record.get("params", {}).get("action") == "wbgetentities":
                item = record.get("response", {}).get("entities", {}).get(qid)
                if item and "missing" not in item:
                    return item
        return None

    # --- transport ------------------------------------------------------------------------

    def _cache_path(self, params: dict) -> Path:
        key = hashlib.sha256(json.dumps(params, sort_keys=True).encode("utf-8")).hexdigest()
        return self.cache_dir / key[:2] / f"{key}.json"

    def _get(self, params: dict) -> dict | None:
        path = self._cache_path(params)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["response"]
        except (OSError, ValueError, KeyError):
            pass
        if not self.available:
            return None
        self._wait_turn()
        try:
            response = self.session.get(self.api_url, params=params, timeout=self.timeout)
            self.requests += 1
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            self._give_up(f"cannot reach Wikidata at {self.api_url} ({type(error).__name__}: "
                          f"{error}); linking with the catalog only")
            return None
        if "error" in data:  # the API's own errors (bad parameter, maxlag): this name only
            warnings.warn(WikidataUnavailable(
                f"Wikidata refused a look-up: {data['error'].get('info', data['error'])}"),
                stacklevel=2)
            return None
        self._store(path, params, data)
        return data

    def _store(self, path: Path, params: dict, data: dict) -> None:
        """Written atomically, so that parallel workers never read half a file."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            partial.write_text(json.dumps({"params": params, "response": data},
                                          ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)
        except OSError as error:
            warnings.warn(WikidataUnavailable(f"cannot write the Wikidata cache in "
                                              f"{self.cache_dir}: {error}"), stacklevel=3)

    def _wait_turn(self) -> None:
        with self._lock:
            now = time.monotonic()
            wait = self._next_request - now
            self._next_request = max(now, self._next_request) + self.interval
        if wait > 0:
            time.sleep(wait)

    def _give_up(self, message: str) -> None:
        """One warning, then offline for the rest of the build: no network means every call
        would time out in turn."""
        if self.available:
            self.available = False
            warnings.warn(WikidataUnavailable(message), stacklevel=4)


# --- reading items --------------------------------------------------------------------------

def claim_ids(item: dict, prop: str) -> list[str]:
    """The item ids that `prop` statements of an item point to (deprecated ones left out)."""
    ids = []
    for statement in item.get("claims", {}).get(prop, []):
        if statement.get("rank") == "deprecated":
            continue
        value = statement.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            ids.append(value["id"])
    return ids


def coordinates(item: dict) -> tuple[float, float] | None:
    """(lat, lon) of the first coordinate location (P625)."""
    for statement in item.get("claims", {}).get("P625", []):
        value = statement.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "latitude" in value:
            return float(value["latitude"]), float(value["longitude"])
    return None


def english(item: dict, field: str) -> str | None:
    value = item.get(field, {}).get("en")
    return value.get("value") if isinstance(value, dict) else None


def _names(hit: dict) -> set[str]:
    names = {hit.get("label", ""), hit.get("match", {}).get("text", "")}
    names |= set(hit.get("aliases", []))
    return {normalize_name(n) for n in names if n}


class OnlineLinker:
    """Links an entity the catalog could not, through the Wikidata API, or leaves it."""

    def __init__(self, client: WikidataClient, catalog: Catalog, *, threshold: float):
        self.client = client
        self.catalog = catalog
        self.threshold = threshold

    def type_matches(self, item: dict, entity_type: str) -> bool:
        accepted = ACCEPTED_CLASSES[entity_type]
        classes = set(claim_ids(item, "P31"))
        if classes & accepted:
            return True
        if not classes:
            return False
        parents = self.client.entities(sorted(classes), props="claims")
        return any(set(claim_ids(parent, "P279")) & accepted for parent in parents.values())

    def candidates(self, entity: Entity, context: ArticleContext) -> list[tuple[float, str]]:
        """(confidence, QID) of the items that fit the name and the type, best first."""
        name = entity.label
        if len(normalize_name(name)) < 3:
            return []
        wanted = normalize_name(name)
        hits = [h for h in self.client.search(name) if wanted in _names(h) and h.get("id")]
        if not hits:
            return []
        items = self.client.entities([h["id"] for h in hits])
        home = {self.catalog.get(c).qid for c in context.countries if self.catalog.get(c)}
        scored = []
        for hit in hits:
            item = items.get(hit["id"])
            if item is None or not self.type_matches(item, entity.type):
                continue
            confidence = 0.75
            if hit.get("match", {}).get("type") == "label":
                confidence += 0.05
            countries = {q for p in COUNTRY_PROPERTIES for q in claim_ids(item, p)}
            if countries & home:
                confidence += 0.15
            elif entity.type == "Person":
                confidence -= 0.05  # a name alone says little about who a person is
            scored.append((round(confidence, 3), hit["id"]))
        scored.sort(key=lambda s: (-s[0], s[1]))
        if len(scored) > 1:  # several items fit: only a clear lead keeps its confidence
            (best, qid), (second, _) = scored[0], scored[1]
            scored[0] = (round(best - (0.15 if best - second < 0.1 else 0.0), 3), qid)
        return scored

    def link(self, entity: Entity, context: ArticleContext) -> Entity | None:
        """The entity linked (or with a closeMatch candidate), or None when Wikidata has
        nothing that fits."""
        scored = self.candidates(entity, context)
        if not scored:
            return None
        confidence, qid = scored[0]
        entry = self.catalog.by_qid(qid)
        if confidence >= self.threshold:
            update = {"qid": qid, "candidate_qid": None, "link_confidence": confidence}
            if entry is not None:
                update |= {"catalog_id": entry.id, "label": entry.label}
            return entity.model_copy(update=update)
        return entity.model_copy(update={"qid": None, "candidate_qid": qid,
                                         "link_confidence": confidence})


_LINKERS: dict[tuple, OnlineLinker] = {}


def online_linker(settings: Settings, catalog: Catalog, *, share: int = 1) -> OnlineLinker:
    """One client per process and settings, so that its rate limit and offline state hold for
    the whole build; `share` divides the rate between parallel workers."""
    key = (settings.wikidata_api, str(settings.wikidata_cache), settings.http_timeout,
           settings.wikidata_requests_per_second, share, id(catalog), settings.link_threshold)
    if key not in _LINKERS:
        client = WikidataClient(settings.wikidata_api, cache_dir=settings.wikidata_cache,
                                requests_per_second=settings.wikidata_requests_per_second / share,
                                timeout=settings.http_timeout)
        _LINKERS[key] = OnlineLinker(client, catalog, threshold=settings.link_threshold)
    return _LINKERS[key]
