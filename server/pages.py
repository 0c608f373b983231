"""Pages for people: the query page at `/`, and a page per instance IRI under /resource/.

A /resource/ URL is also Linked Data: a client asking for Turtle or JSON-LD gets what the graph
says about the IRI (outgoing and incoming triples) in that format instead of HTML.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from kg.iris import RDFS
from kg.queries import canned_queries

from .formats import CONTENT_TYPES, NotAcceptable, graph_format, prefers_html
from .http_errors import ProtocolError
from .links import href, requested_iri, short

blueprint = Blueprint("pages", __name__)  # templates/ and static/ are the app's own

ROWS_PER_DIRECTION = 500
# ?s is bound by substitution, which pyoxigraph allows only for variables the query returns;
# {records} is the build's internal graph, a server constant, kept off these pages.
OUTGOING = f"""SELECT ?s ?p ?o (MIN(STR(?l)) AS ?label) WHERE {{{{
  GRAPH ?g {{{{ ?s ?p ?o }}}} FILTER(?g != {{records}})
  OPTIONAL {{{{ ?o <{RDFS}label> ?l }}}}
}}}} GROUP BY ?s ?p ?o ORDER BY ?p ?o LIMIT {ROWS_PER_DIRECTION}"""
INCOMING = f"""SELECT ?s ?x ?p (MIN(STR(?l)) AS ?label) WHERE {{{{
  GRAPH ?g {{{{ ?x ?p ?s }}}} FILTER(?g != {{records}})
  OPTIONAL {{{{ ?x <{RDFS}label> ?l }}}}
}}}} GROUP BY ?s ?x ?p ORDER BY ?p ?x LIMIT {ROWS_PER_DIRECTION}"""
DESCRIBE = """CONSTRUCT {{ ?s ?p ?o . ?x ?q ?s }} WHERE {{
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {records}) }}
  UNION {{ GRAPH ?h {{ ?x ?q ?s }} FILTER(?h != {records}) }}
}}"""


def engine():
    return current_app.extensions["conflict-kg"]


@blueprint.route("/")
def index():
    queries = [{"name": q.name, "title": q.title, "description": q.description,
                "online": q.online, "text": q.text,
                "parameters": [p.name for p in q.parameters]}
               for q in canned_queries().values()]
    return render_template("index.html", queries=queries, base_iri=engine().settings.base_iri,
                           allow_service=bool(engine().settings.service_allow_list))


def _rows(query: str, substitutions: dict) -> list[dict]:
    head, body = engine().query(query, table_format="json", graph_format=None,
                                substitutions=substitutions)
    if head.get("status", 500) >= 400:
        raise ProtocolError(head["status"], head.get("message", "the lookup failed"))
    return json.loads(body)["results"]["bindings"]


def _cell(term: dict | None, label: dict | None, base: str) -> dict:
    if term is None:
        return {"text": ""}
    if term["type"] == "uri":
        return {"text": (label or {}).get("value") or short(term["value"], base),
                "iri": term["value"], "href": href(term["value"], base),
                "short": short(term["value"], base)}
    suffix = ""
    if term.get("xml:lang"):
        suffix = "@" + term["xml:lang"]
    elif term.get("datatype") and not term["datatype"].endswith("#string"):
        suffix = " (" + short(term["datatype"], base) + ")"
    return {"text": term["value"], "note": suffix}


@blueprint.route("/resource/<path:rest>")
def resource(rest: str):
    settings = engine().settings
    iri = requested_iri(rest, request.environ, settings.base_iri)
    try:
        substitutions = {"s": ("iri", ox.NamedNode(iri).value)}
    except ValueError:
        raise ProtocolError(404, f"not an IRI: {iri}") from None
    records = str(ox.NamedNode(engine().records_graph))
    wants_html = prefers_html(request.accept_mimetypes) and "format" not in request.args
    if not wants_html:
        try:
            fmt = graph_format(request.args.get("format"), request.accept_mimetypes)
        except NotAcceptable as error:
            raise ProtocolError(406, str(error)) from None
        head, body = engine().query(DESCRIBE.format(records=records), table_format=None, graph_format=fmt,
                                    substitutions=substitutions, union=False)
        if head.get("status", 500) >= 400:
            raise ProtocolError(head["status"], head.get("message", "the lookup failed"))
        if not body.strip() or body.strip() in (b"[]", b"{}"):
            raise ProtocolError(404, f"the graph says nothing about <{iri}>")
        response = Response(body, content_type=CONTENT_TYPES[fmt])
        response.vary.add("Accept")
        return response
    outgoing = _rows(OUTGOING.format(records=records), substitutions)
    incoming = _rows(INCOMING.format(records=records), substitutions)
    if not outgoing and not incoming:
        return render_template("resource.html", iri=iri, title=short(iri, settings.base_iri),
                               outgoing=[], incoming=[], same_as=[], limit=ROWS_PER_DIRECTION), 404
    base = settings.base_iri
    label = next((row["o"]["value"] for row in outgoing
                  if row["p"]["value"] == RDFS + "label"), short(iri, base))
    same_as = [row["o"]["value"] for row in outgoing
               if row["p"]["value"].endswith("#sameAs") and row["o"]["type"] == "uri"]
    out_rows = [(_cell(r["p"], None, base), _cell(r["o"], r.get("label"), base)) for r in outgoing]
    in_rows = [(_cell(r["x"], r.get("label"), base), _cell(r["p"], None, base)) for r in incoming]
    response = Response(render_template(
        "resource.html", iri=iri, title=label, outgoing=out_rows, incoming=in_rows,
        same_as=[{"iri": s, "href": href(s, base)} for s in same_as], limit=ROWS_PER_DIRECTION))
    response.vary.add("Accept")
    return response
