"""The records that extraction produces and the RDF writer consumes.

These pydantic models are the one boundary between extraction and RDF: the extractor may be
rewritten, swapped for a trained model or run on another machine, and as long as it hands over
an `ArticleExtraction` the rest of the pipeline (link → resolve → write) does not change.
Everything crossing a process boundary (``--workers``, Dask) travels as these models' JSON.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EntityType = Literal["Person", "ArmedGroup", "Organization", "Country", "Place", "Base"]
EventType = Literal["Attack", "Strike"]

#: ISO day (2021-02-25) or month (2021-02): the precisions ckg:date allows.
PARTIAL_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Article(Record):
    """One input document, already reduced to its body text."""

    id: str = Field(min_length=1, description="dcterms:identifier: file name or JSONL id")
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source: str | None = Field(None, description="where it was read from, for messages")

    @property
    def content_hash(self) -> str:
        """What incremental builds compare: the text and the metadata that reach the graph."""
        digest = hashlib.sha256()
        for part in (self.id, self.title or "", self.url or "", str(self.published or ""), self.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


class Evidence(Record):
    """Where an assertion comes from: character offsets into the article text, and the rule."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule: str

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence ends ({self.end}) before it starts ({self.start})")
        return self


class Mention(Record):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(Record):
    """A named actor or place as one article names it; `key` is unique within the article."""

    key: str
    label: str
    type: EntityType
    mentions: list[Mention] = []
    rule: str = "gazetteer"
    catalog_id: str | None = Field(None, description="the catalog entry it was matched to")
    qid: str | None = Field(None, description="Wikidata QID, set by the linker")
    link_confidence: float | None = Field(None, ge=0.0, le=1.0)
    candidate_qid: str | None = Field(None, description="a link below the threshold")
    backed_by: list[str] = Field([], description="keys of Country entities: 'Iranian-backed'")

    @field_validator("qid", "candidate_qid")
    @classmethod
    def _qid_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"Q[1-9]\d*", value):
            raise ValueError(f"not a Wikidata item id: {value!r}")
        return value


class Event(Record):
    """An attack or strike as one article reports it. Slots hold entity or event keys."""

    key: str
    type: EventType
    label: str
    date: str | None = None
    date_hint: str | None = Field(
        None, description="what the text says of an unresolved date: a weekday, --MM-DD or --MM "
                          "(kg.dates); not in the graph, used to tell events apart")
    perpetrators: list[str] = []
    ordered_by: list[str] = []
    targets: list[str] = []
    locations: list[str] = Field([], description="most specific first, countries last")
    in_response_to: list[str] = []
    weapons: list[str] = []
    evidence: Evidence

    @field_validator("date")
    @classmethod
    def _date_shape(cls, value: str | None) -> str | None:
        if value is not None and not PARTIAL_DATE.match(value):
            raise ValueError(f"event date must be YYYY-MM-DD or YYYY-MM, not {value!r}")
        return value


class Statement(Record):
    speaker: str
    text: str = Field(min_length=1)
    about: str | None = None
    date: str | None = None
    evidence: Evidence


class CasualtyClaim(Record):
    about: str | None = None
    killed: int | None = Field(None, ge=0)
    injured: int | None = Field(None, ge=0)
    reported_by: str | None = None
    evidence: Evidence

    @model_validator(mode="after")
    def _has_a_count(self) -> CasualtyClaim:
        if self.killed is None and self.injured is None:
            raise ValueError("a casualty claim needs a killed or an injured count")
        return self


class ArticleExtraction(Record):
    """Everything one article says, with references between records checked."""

    article: Article
    entities: list[Entity] = []
    events: list[Event] = []
    statements: list[Statement] = []
    casualties: list[CasualtyClaim] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> ArticleExtraction:
        entity_keys = {e.key for e in self.entities}
        event_keys = {e.key for e in self.events}
        if len(entity_keys) != len(self.entities) or len(event_keys) != len(self.events):
            raise ValueError(f"{self.article.id}: duplicate entity or event keys")
        dangling = []
        for event in self.events:
            for slot in (event.perpetrators, event.ordered_by, event.targets, event.locations):
                dangling += [k for k in slot if k not in entity_keys]
            dangling += [k for k in event.in_response_to if k not in event_keys]
        for entity in self.entities:
            dangling += [k for k in entity.backed_by if k not in entity_keys]
        for statement in self.statements:
            dangling += [k for k in [statement.speaker] if k not in entity_keys]
            dangling += [k for k in [statement.about] if k and k not in event_keys]
        for claim in self.casualties:
            dangling += [k for k in [claim.reported_by] if k and k not in entity_keys]
            dangling += [k for k in [claim.about] if k and k not in event_keys]
        if dangling:
            raise ValueError(f"{self.article.id}: references to unknown keys {sorted(set(dangling))}")
        return self

    def entity(self, key: str) -> Entity:
        return next(e for e in self.entities if e.key == key)
