"""The SPARQL 1.1 Graph Store HTTP Protocol on /graph: `?graph=IRI` or `?default`.

Reads are always on. Writes need the token, and are composed here as one SPARQL Update each
(a PUT is "drop the graph and insert the new triples" in one transaction), after the payload
has been parsed, so a malformed document changes nothing.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from .auth import require_token
from .formats import CONTENT_TYPES, NotAcceptable, graph_format
from .http_errors import ProtocolError

blueprint = Blueprint("graph_store", __name__)

PAYLOAD_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _target() -> ox.NamedNode | None:
    """The graph the request is about: a NamedNode, or None for the default graph."""
    graph, default = request.args.getlist("graph"), "default" in request.args
    if default and not graph:
        return None
    if len(graph) == 1 and not default:
        try:
            return ox.NamedNode(graph[0])
        except ValueError:
            raise ProtocolError(400, f"not an absolute IRI: {graph[0]!r}") from None
    raise ProtocolError(400, "name exactly one graph: `?graph=IRI` or `?default`")


@blueprint.route("/graph", methods=["GET", "HEAD"])
def read():
    engine = current_app.extensions["conflict-kg"]
    target = _target()
    try:
        fmt = graph_format(request.args.get("format"), request.accept_mimetypes)
    except NotAcceptable as error:
        raise ProtocolError(406, str(error)) from None
    if target is None:
        head, body = engine.query("CONSTRUCT WHERE { ?s ?p ?o }", table_format=None,
                                  graph_format=fmt, union=False)
    else:
        substitutions = {"g": ("iri", target.value)}
        head, exists = engine.query("ASK { GRAPH ?g { ?s ?p ?o } }", table_format="json",
                                    graph_format=None, substitutions=substitutions)
        if head.get("status", 500) >= 400:
            raise ProtocolError(head["status"], head.get("message", "the read failed"))
        if not json.loads(exists).get("boolean"):
            raise ProtocolError(404, f"no graph {target} in the store")
        head, body = engine.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  table_format=None, graph_format=fmt,
                                  substitutions=substitutions)
    if head.get("status", 500) >= 400:
        raise ProtocolError(head["status"], head.get("message", "the read failed"))
    response = Response(body, content_type=CONTENT_TYPES[fmt])
    if head.get("truncated"):
        response.headers["X-Result-Truncated"] = "true"
    return response


def _payload(target: ox.NamedNode | None) -> str:
    media = (request.mimetype or "").lower()
    if media not in PAYLOAD_FORMATS:
        raise ProtocolError(415, f"cannot read a graph sent as {request.mimetype or 'no type'}; "
                                 f"send one of {', '.join(PAYLOAD_FORMATS)}")
    base = target.value if target is not None else request.base_url
    try:
        triples = list(ox.parse(request.get_data(), format=PAYLOAD_FORMATS[media], base_iri=base))
    except SyntaxError as error:
        raise ProtocolError(400, f"malformed {media}: {error}") from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


@blueprint.route("/graph", methods=["PUT", "POST", "DELETE"])
def write():
    require_token()
    engine = current_app.extensions["conflict-kg"]
    target = _target()
    name = str(target) if target is not None else "DEFAULT"
    inside = (lambda body: f"GRAPH {target} {{\n{body}}}") if target is not None else (lambda b: b)
    if request.method == "DELETE":
        head = engine.write(f"DROP SILENT {'GRAPH ' if target is not None else ''}{name}",
                            check_absent=target.value if target is not None else None)
        if head.get("existed") is False:
            raise ProtocolError(404, f"no graph {target} in the store")
        return Response(status=204)
    body = _payload(target)
    parts = [f"DROP SILENT {'GRAPH ' if target is not None else ''}{name}"] \
        if request.method == "PUT" else []
    if body:
        parts.append(f"INSERT DATA {{ {inside(body)} }}")
    if not parts:
        return Response(status=204)
    head = engine.write(" ;\n".join(parts), check_absent=target.value if target is not None else None)
    return Response(status=201 if head.get("existed") is False else 204)
