"""The catalog of the domain's entities: a TSV file shipped with the package (see
``kg/catalog/README.md``), optionally overlaid by the user's own files (``--catalog FILE``).

The catalog feeds two stages: extraction's gazetteer (every label and alias is a name to find)
and the linker (which QID a name stands for, and whether the link is safe).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import LinkingError
from ..models import EntityType
from ..resources import catalog_file

COLUMNS = ["id", "qid", "label", "type", "aliases", "description", "country", "lat", "lon",
           "backed_by", "instance_of", "evidence"]
TYPES = {"Person", "ArmedGroup", "Organization", "Country", "Place", "Base"}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u201c": '"',
                         "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def normalize_name(text: str) -> str:
    """The form names are compared in: no accents, case, apostrophes, hyphens, dots or leading
    article ("The Pentagon" = "Pentagon", "Kait’ib" = "Kaitib", "al-Bukamal" = "al bukamal")."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['.]", "", text)
    text = re.sub(r"[-_/,]+", " ", text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    label: str
    type: EntityType
    qid: str | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    backed_by: tuple[str, ...] = ()
    instance_of: str | None = None
    evidence: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Catalog:
    entries: dict[str, CatalogEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name: dict[str, list[CatalogEntry]] = {}
        for entry in self.entries.values():
            for name in entry.names:
                bucket = self._by_name.setdefault(normalize_name(name), [])
                if entry not in bucket:
                    bucket.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries.values())

    def get(self, entry_id: str) -> CatalogEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, name: str) -> list[CatalogEntry]:
        """Entries one of whose names normalises to the same form as `name`."""
        return list(self._by_name.get(normalize_name(name), ()))

    def by_qid(self, qid: str) -> CatalogEntry | None:
        return next((e for e in self.entries.values() if e.qid == qid), None)

    def names(self) -> dict[str, list[CatalogEntry]]:
        return self._by_name


def _float(value: str, where: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise LinkingError(f"{where}: not a number: {value!r}") from None


def read_catalog_file(path: Path) -> list[CatalogEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LinkingError(f"{path}: cannot read catalog: {error}") from None
    # (line number in the file, fields): messages name the line an editor shows
    lines = [(number, next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE)))
             for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0][1]
    if header != COLUMNS:
        raise LinkingError(f"{path}: line {lines[0][0]}: catalog header must be the columns "
                           f"{' '.join(COLUMNS)}, not {' '.join(header)}")
    entries = []
    seen: dict[str, int] = {}
    for number, row in lines[1:]:
        where = f"{path}: row {number}"
        if len(row) != len(COLUMNS):
            raise LinkingError(f"{where}: {len(row)} fields, expected {len(COLUMNS)}")
        values = dict(zip(COLUMNS, (v.strip() for v in row)))
        if values["type"] not in TYPES:
            raise LinkingError(f"{where}: type {values['type']!r} is not one of {sorted(TYPES)}")
        if values["qid"] and not re.fullmatch(r"Q[1-9]\d*", values["qid"]):
            raise LinkingError(f"{where}: {values['qid']!r} is not a Wikidata item id")
        if not values["id"] or not values["label"]:
            raise LinkingError(f"{where}: id and label are required")
        if values["id"] in seen:
            raise LinkingError(f"{where}: id {values['id']!r} is already used on row "
                               f"{seen[values['id']]}")
        seen[values["id"]] = number
        entries.append(CatalogEntry(
            id=values["id"], label=values["label"], type=values["type"],
            qid=values["qid"] or None,
            aliases=tuple(a.strip() for a in values["aliases"].split("|") if a.strip()),
            description=values["description"], country=values["country"] or None,
            lat=_float(values["lat"], where), lon=_float(values["lon"], where),
            backed_by=tuple(b for b in values["backed_by"].split("|") if b),
            instance_of=values["instance_of"] or None, evidence=values["evidence"]))
    return entries


def load_catalog(extra: Iterable[Path] = ()) -> Catalog:
    """The built-in catalog with the user's files laid over it (same id: the user's row wins)."""
    return _load(tuple(Path(p).resolve() for p in extra))


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> Catalog:
    entries: dict[str, CatalogEntry] = {}
    builtin = catalog_file()
    for path in (builtin, *extra):
        if path == builtin and not path.exists():
            continue
        for entry in read_catalog_file(path):
            entries[entry.id] = entry
    return Catalog(entries)
