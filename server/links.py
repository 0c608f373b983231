"""Where an IRI should take a person: our own pages for our instances, Wikidata for wd: items,
the IRI itself otherwise. Shared by the resource pages and (mirrored) by the query page."""
from __future__ import annotations

from urllib.parse import quote

from kg.iris import WD
from kg.sparql import shorten

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


def href(iri: str, base_iri: str) -> str:
    if iri.startswith(base_iri):
        return "/resource/" + iri[len(base_iri):]
    if iri.startswith(WD):
        return WIKIDATA_PAGE + iri[len(WD):]
    return iri


def short(iri: str, base_iri: str) -> str:
    if iri.startswith(base_iri):
        return iri[len(base_iri):]
    name = shorten(iri)
    return name[1:-1] if name.startswith("<") else name


def requested_iri(rest: str, environ: dict, base_iri: str) -> str:
    """The instance IRI a /resource/ URL names, from the raw request path when the server
    gives it, since the decoded path loses the difference between '/' and '%2F'."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    path = raw.split("?", 1)[0]
    if path.startswith("/resource/"):
        return base_iri + path[len("/resource/"):]
    return base_iri + quote(rest, safe="/:@!$&'()*+,;=-._~")
