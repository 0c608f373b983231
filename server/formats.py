"""Which serialization a request gets: from `format=` or from the Accept header.

A query's form (table or graph) is known only once it runs, so a request is negotiated twice,
once among result-table formats and once among graph formats; the worker picks the one that
fits the result, or answers 406 when the client accepts none of that kind.
"""
from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
}
EXTENSIONS = {"json": "srj", "xml": "srx", "csv": "csv", "tsv": "tsv", "turtle": "ttl",
              "ntriples": "nt", "rdfxml": "rdf", "jsonld": "jsonld"}

#: Media types a client may ask for, best first when it does not care.
RESULT_TYPES = [
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
]
GRAPH_TYPES = [
    ("text/turtle", "turtle"), ("application/x-turtle", "turtle"),
    ("application/n-triples", "ntriples"), ("text/plain", "ntriples"),
    ("application/rdf+xml", "rdfxml"), ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
]
#: `format=` values (for browsers, which cannot set Accept): name -> (table format, graph format)
FORMAT_PARAMETER = {
    "json": ("json", "jsonld"), "srj": ("json", None), "xml": ("xml", "rdfxml"),
    "srx": ("xml", None), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "ntriples": (None, "ntriples"),
    "nt": (None, "ntriples"), "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
}
for _media, _name in RESULT_TYPES:
    FORMAT_PARAMETER.setdefault(_media, (_name, None))
for _media, _name in GRAPH_TYPES:
    FORMAT_PARAMETER.setdefault(_media, (None, _name))
FORMAT_PARAMETER["application/json"] = ("json", "jsonld")
FORMAT_PARAMETER["application/xml"] = ("xml", "rdfxml")


class NotAcceptable(Exception):
    """Neither `format=` nor Accept names a serialization we have."""


def _best(accept: MIMEAccept, candidates: list[tuple[str, str]]) -> str | None:
    if not accept:
        return candidates[0][1]
    media = accept.best_match([m for m, _ in candidates])
    return dict(candidates)[media] if media else None


def negotiate(format_parameter: str | None, accept: MIMEAccept) -> tuple[str | None, str | None]:
    """(table format, graph format) for a request; raises NotAcceptable when both are None."""
    if format_parameter:
        chosen = FORMAT_PARAMETER.get(format_parameter.strip().lower())
        if chosen is None:
            raise NotAcceptable(f"unknown format {format_parameter!r}; use one of "
                                f"{', '.join(sorted(k for k in FORMAT_PARAMETER if '/' not in k))}")
        return chosen
    table, graph = _best(accept, RESULT_TYPES), _best(accept, GRAPH_TYPES)
    if table is None and graph is None:
        raise NotAcceptable(f"no serialization matches Accept: {accept}; we offer "
                            + ", ".join(dict.fromkeys(m for m, _ in RESULT_TYPES + GRAPH_TYPES)))
    return table, graph


def graph_format(format_parameter: str | None, accept: MIMEAccept) -> str:
    """A graph serialization (Graph Store reads, resource descriptions, dumps)."""
    _, graph = negotiate(format_parameter, accept)
    if graph is None:
        raise NotAcceptable("this resource is a graph; ask for Turtle, N-Triples, RDF/XML or JSON-LD")
    return graph


def prefers_html(accept: MIMEAccept) -> bool:
    """True for browsers: text/html ranked at least as high as any RDF serialization."""
    if not accept:
        return False
    html = accept["text/html"]
    rdf = max(accept[m] for m, _ in GRAPH_TYPES)
    return html > 0 and html >= rdf and accept.best in ("text/html", "application/xhtml+xml")
