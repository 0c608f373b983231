"""The canned queries of queries/ as a JSON API: `/api` lists them, `/api/<name>` runs one.

Parameter values are bound as substitutions (values for the query's variables), never pasted
into the text, and are checked against their declared kind first.
"""
from __future__ import annotations

import datetime
import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request, url_for

from kg.iris import XSD
from kg.queries import CannedQuery, canned_queries

from .engine import Refused
from .formats import CONTENT_TYPES
from .http_errors import ProtocolError

blueprint = Blueprint("api", __name__)


def describe(query: CannedQuery) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description,
            "online": query.online, "url": url_for("api.run", name=query.name, _external=True),
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required,
                            "description": p.description} for p in query.parameters]}


@blueprint.route("/api")
def listing():
    return jsonify(queries=[describe(q) for q in canned_queries().values()])


def substitution(kind: str, name: str, value: str):
    """A parameter value as a term spec for the worker, checked against the declared kind."""
    value = value.strip()
    if kind == "IRI":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        try:
            return ("iri", ox.NamedNode(iri).value)
        except ValueError:
            raise ProtocolError(400, f"parameter {name}: not an absolute IRI: {value!r}") from None
    if kind == "integer":
        try:
            return ("literal", str(int(value)), XSD + "integer")
        except ValueError:
            raise ProtocolError(400, f"parameter {name}: not an integer: {value!r}") from None
    if kind == "date":
        try:
            return ("literal", datetime.date.fromisoformat(value).isoformat(), XSD + "date")
        except ValueError:
            raise ProtocolError(400, f"parameter {name}: not a date (YYYY-MM-DD): {value!r}") from None
    return ("literal", value, None)


@blueprint.route("/api/<name>")
def run(name: str):
    engine = current_app.extensions["conflict-kg"]
    query = canned_queries().get(name)
    if query is None:
        raise ProtocolError(404, f"no canned query {name!r}; see /api for the list")
    if query.online:
        try:
            engine.check_services(query.text)
        except Refused:
            raise ProtocolError(403, f"{name} is an online query (it calls a remote SERVICE), "
                                     "and this server does not allow that endpoint") from None
    declared = {p.name: p for p in query.parameters}
    given = {k: v for k, v in request.args.items() if k != "format" and v != ""}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ProtocolError(400, f"unknown parameter(s) {', '.join(unknown)}; {name} takes "
                                 f"{', '.join(declared) or 'none'}")
    missing = [p.name for p in query.parameters if p.required and p.name not in given]
    if missing:
        raise ProtocolError(400, f"missing required parameter(s): {', '.join(missing)}")
    substitutions = {k: substitution(declared[k].kind, k, v) for k, v in given.items()}
    wants_csv = request.args.get("format") == "csv" or (
        "format" not in request.args
        and request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv")
    head, body = engine.query(query.text, table_format="csv" if wants_csv else "json",
                              graph_format=None, substitutions=substitutions)
    if head.get("status", 500) >= 400:
        raise ProtocolError(head["status"], head.get("message", "the query failed"))
    if wants_csv:
        response = Response(body, content_type=CONTENT_TYPES["csv"])
    else:
        results = json.loads(body)
        columns = results["head"].get("vars", [])
        rows = [{var: cell["value"] for var, cell in binding.items()}
                for binding in results.get("results", {}).get("bindings", [])]
        response = jsonify(query=name, title=query.title, parameters=given, columns=columns,
                           rows=rows, truncated=bool(head.get("truncated")))
    if head.get("truncated"):
        response.headers["X-Result-Truncated"] = "true"
    return response
