"""All settings in one place.

Every knob a user can turn lives in `Settings`; the CLI and the server only fill it in. Each
field can also come from the environment as ``CKG_<NAME>`` (e.g. ``CKG_BASE_IRI``), which is
how a deployment configures the server without a command line.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

ONTOLOGY_NS = "https://w3id.org/conflict-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/conflict-kg/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/conflict-kg/resource/"
USER_AGENT = "conflict-kg/0.1 (https://w3id.org/conflict-kg; knowledge graphs from conflict news)"


class Settings(BaseModel):
    base_iri: str = Field(DEFAULT_BASE_IRI, description="namespace of minted instance IRIs")
    link_threshold: float = Field(
        0.85, ge=0.0, le=1.0,
        description="owl:sameAs only at or above this confidence; below it skos:closeMatch")
    catalogs: list[Path] = Field([], description="user catalog files merged over the built-in one")
    spacy_model: str | None = Field(None, description="an installed pretrained spaCy pipeline")
    linking: bool = Field(True, description="link entities to Wikidata at all (off: no owl:sameAs, "
                                            "for measuring what linking costs)")
    online: bool = Field(False, description="look names up on Wikidata (needs the internet)")
    wikidata_api: str = Field("https://www.wikidata.org/w/api.php",
                              description="Wikidata's action API (tests point it at a local server)")
    wikidata_cache: Path | None = Field(
        None, description="on-disk cache of Wikidata answers [default: ~/.cache/conflict-kg/wikidata]")
    wikidata_requests_per_second: float = Field(2.0, gt=0, description="rate limit of look-ups")
    http_timeout: float = Field(10.0, gt=0, description="seconds for one HTTP request")
    max_article_bytes: int = Field(20_000_000, gt=0, description="larger inputs are refused")
    workers: int = Field(1, ge=1, description="extraction processes")
    query_timeout: float = Field(30.0, gt=0, description="seconds one SPARQL query may run")
    max_result_rows: int = Field(10_000, gt=0)
    max_request_bytes: int = Field(1_000_000, gt=0)
    service_allow_list: list[str] = Field([], description="SERVICE endpoints queries may call")
    token: str | None = Field(None, description="bearer token that enables updates")
    # a remote store (`--store http://…`): endpoints where they differ from Oxigraph server's
    # layout (/query, /update, /store), and credentials, which never leave this process
    store_query_url: str | None = Field(None, description="SPARQL query endpoint of the store")
    store_update_url: str | None = Field(None, description="SPARQL update endpoint of the store")
    store_gsp_url: str | None = Field(None, description="Graph Store Protocol endpoint")
    store_user: str | None = Field(None, exclude=True, repr=False,
                                   description="HTTP basic user for the store")
    store_password: str | None = Field(None, exclude=True, repr=False,
                                       description="HTTP basic password for the store")
    store_token: str | None = Field(None, exclude=True, repr=False,
                                    description="bearer token for the store")

    def remote_store(self) -> dict[str, str | None]:
        """The keyword arguments of `kg.remote_store.RemoteStore` that come from settings."""
        return {"query_url": self.store_query_url, "update_url": self.store_update_url,
                "gsp_url": self.store_gsp_url, "user": self.store_user,
                "password": self.store_password, "token": self.store_token}

    @field_validator("base_iri")
    @classmethod
    def _ends_with_separator(cls, value: str) -> str:
        if not value.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {value!r}")
        return value

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then ``CKG_*`` environment variables, then explicit overrides (not None)."""
        values: dict = {}
        for name, field in cls.model_fields.items():
            raw = os.environ.get(f"CKG_{name.upper()}")
            if raw is None:
                continue
            if field.annotation in (list[str], list[Path]):
                values[name] = [part for part in raw.split(",") if part]
            else:
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
