"""What an article says around a name, used to choose between catalog entries that share it.

A name such as "Deir ez-Zor" (the city or the governorate) or "Georgia" (the country or the US
state) cannot be linked from the name alone. The article usually settles it: "the province of
Deir Ez-Zor", "the state of Georgia", or the other places it names ("Tbilisi" is in Georgia the
country). Each kind of evidence adds to a candidate's score; the linker links only when one
candidate leads clearly, because a wrong link is worse than none.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import ArticleExtraction, Entity
from .catalog import Catalog, CatalogEntry

#: What kind of place a cue word before or after a name points to.
_BEFORE = [
    ("admin", re.compile(r"\b(province|governorate|region|district|county|state|emirate)\s+of\s+(the\s+)?$")),
    ("settlement", re.compile(r"\b(city|town|village|capital|suburb|municipality)\s+of\s+(the\s+)?$")),
    ("country", re.compile(r"\b(country|republic|nation|kingdom)\s+of\s+$")),
    ("settlement", re.compile(r"\b(the\s+)?(city|town|village)\s+$")),
]
_AFTER = [
    ("admin", re.compile(r"^[’']?s?\s*(province|governorate|region|district|county|state)\b(?!\s+(department|media|tv|television|news))")),
    ("settlement", re.compile(r"^\s*(city|town|village)\b")),
    ("facility", re.compile(r"^\s*(airport|air\s*base|airbase|base|airfield)\b")),
]
_KIND_WORDS = [
    ("facility", ("airport", "air base", "airbase", "airfield", "base", "camp", "facility")),
    ("admin", ("governorate", "province", "region", "district", "state", "county", "subdivision",
               "emirate")),
    ("settlement", ("city", "town", "village", "capital", "municipality", "suburb", "settlement",
                    "neighbourhood", "neighborhood")),
]
WINDOW_BEFORE = 40
WINDOW_AFTER = 30


def entry_kind(entry: CatalogEntry) -> str | None:
    """The kind of place an entry is, from its type and the head of its description
    ("city in Deir ez-Zor Governorate" is a city, not a governorate)."""
    if entry.type == "Country":
        return "country"
    if entry.type == "Base":
        return "facility"
    if entry.type != "Place":
        return None
    head = re.split(r"\s(?:in|of|on|near)\s|,|;", entry.description.lower(), maxsplit=1)[0]
    for kind, words in _KIND_WORDS:
        if any(re.search(rf"\b{word}\b", head) for word in words):
            return kind
    return None


def is_capital(entry: CatalogEntry) -> bool:
    return entry.description.lower().startswith(("capital of", "capital city of", "national capital"))


def cue_kinds(text: str, start: int, end: int) -> set[str]:
    """Kinds of place that the words right around a mention name."""
    before = text[max(0, start - WINDOW_BEFORE):start].lower()
    after = text[end:end + WINDOW_AFTER].lower()
    kinds = {kind for kind, pattern in _BEFORE if pattern.search(before)}
    kinds |= {kind for kind, pattern in _AFTER if pattern.search(after)}
    return kinds


@dataclass
class ArticleContext:
    """The entities of one article that the catalog already knows, for judging the others."""

    text: str
    countries: set[str] = field(default_factory=set)  # catalog ids of Country entities
    place_countries: Counter = field(default_factory=Counter)  # country id -> other places in it
    entry_ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, extraction: ArticleExtraction, catalog: Catalog, unsure: set[str]) -> ArticleContext:
        """`unsure` are the keys of entities whose own entry is in doubt: they are no evidence."""
        context = cls(extraction.article.text)
        for entity in extraction.entities:
            entry = catalog.get(entity.catalog_id) if entity.catalog_id else None
            if entry is None or entity.key in unsure:
                continue
            context.entry_ids.add(entry.id)
            if entry.type == "Country":
                context.countries.add(entry.id)
            elif entry.country:
                context.place_countries[entry.country] += 1
        return context

    def score(self, entry: CatalogEntry, entity: Entity) -> tuple[float, list[str]]:
        """How much the article speaks for `entry` being what `entity` names, and why."""
        score, why = 0.0, []
        kind = entry_kind(entry)
        cues = set()
        for mention in entity.mentions:
            cues |= cue_kinds(self.text, mention.start, mention.end)
        if kind and kind in cues:
            score += 1.0
            why.append(f"cue '{kind}'")
        elif kind and cues - {kind}:
            score -= 0.5
            why.append(f"cue against '{kind}'")
        home = entry.id if entry.type == "Country" else entry.country
        if home:
            if home in self.countries:
                score += 0.1
                why.append(f"{home} named")
            nearby = self.place_countries.get(home, 0)
            if nearby:
                score += min(0.6, 0.3 * nearby)
                why.append(f"{nearby} other place(s) in {home}")
        if kind == "settlement":
            score += 0.2  # news names a city more often than the region of the same name
            why.append("city before region")
            if is_capital(entry) and entry.country in self.countries:
                score += 0.3
                why.append("capital of a country named")
        if entity.catalog_id is None and entity.type == entry.type:
            score += 0.3
            why.append("type agrees")
        return score, why
