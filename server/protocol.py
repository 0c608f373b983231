"""The SPARQL 1.1 Protocol: `/sparql` for queries, `/update` for updates.

Errors follow the protocol: 400 for a missing or malformed query (with the parser's message),
415 for a body type we do not read, 406 when no serialization fits Accept, 503 when the time
limit stopped the query.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, url_for

from .auth import require_token
from .engine import Dataset
from .formats import CONTENT_TYPES, NotAcceptable, negotiate, prefers_html
from .http_errors import ProtocolError
from .service_description import service_description

blueprint = Blueprint("protocol", __name__)

FORM = "application/x-www-form-urlencoded"


def engine():
    return current_app.extensions["conflict-kg"]


def _media_type() -> str:
    return (request.mimetype or "").lower()


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"give `{name}` once, not {len(values)} times")
    return values[0] if values else None


def query_request() -> tuple[str | None, Dataset]:
    """The query text and dataset of a protocol request, by GET, form POST or direct POST."""
    if request.method == "GET":
        source = request.args
        text = _one(source.getlist("query"), "query")
    elif _media_type() == FORM:
        source = request.form
        text = _one(source.getlist("query"), "query")
        if text is None and "update" in source:
            raise ProtocolError(400, "this is an update (`update=`); send it to /update")
    elif _media_type() == "application/sparql-query":
        source = request.args
        text = request.get_data(as_text=True)
    elif _media_type() == "application/sparql-update":
        raise ProtocolError(400, "this is a SPARQL Update; send it to /update")
    else:
        raise ProtocolError(415, f"cannot read a query sent as {request.mimetype or 'no type'}; "
                                 f"use {FORM} or application/sparql-query")
    dataset = Dataset(source.getlist("default-graph-uri"), source.getlist("named-graph-uri"))
    return text, dataset


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql():
    text, dataset = query_request()
    if text is None:
        if request.method == "GET" and not request.args:
            if prefers_html(request.accept_mimetypes):
                return redirect(url_for("pages.index"))
            return service_description(engine())
        raise ProtocolError(400, "no query: give it as `query=` or as an application/sparql-query body")
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    if len(text.encode("utf-8")) > engine().settings.max_request_bytes:
        raise ProtocolError(413, "the query is larger than this server accepts")
    fmt = request.values.get("format") or request.values.get("output")
    try:
        table, graph = negotiate(fmt, request.accept_mimetypes)
    except NotAcceptable as error:
        raise ProtocolError(406, str(error)) from None
    head, body = engine().query(text, table_format=table, graph_format=graph, dataset=dataset,
                                asked=fmt or str(request.accept_mimetypes) or None)
    return result_response(head, body)


def result_response(head: dict, body: bytes) -> Response:
    status = head.get("status", 500)
    if status >= 400:
        raise ProtocolError(status, head.get("message", "the query failed"))
    response = Response(body, status=status, content_type=CONTENT_TYPES[head["format"]])
    response.vary.add("Accept")
    if head.get("truncated"):
        response.headers["X-Result-Truncated"] = "true"
        response.headers["X-Result-Limit"] = str(engine().settings.max_result_rows)
    return response


@blueprint.route("/update", methods=["POST"])
def update():
    require_token()
    if _media_type() == FORM:
        texts = request.form.getlist("update")
        text = _one(texts, "update")
        source = request.form
    elif _media_type() == "application/sparql-update":
        text = request.get_data(as_text=True)
        source = request.args
    else:
        raise ProtocolError(415, f"cannot read an update sent as {request.mimetype or 'no type'}; "
                                 f"use {FORM} or application/sparql-update")
    if not text or not text.strip():
        raise ProtocolError(400, "no update: give it as `update=` or as an application/sparql-update body")
    if source.getlist("using-graph-uri") or source.getlist("using-named-graph-uri"):
        raise ProtocolError(400, "using-graph-uri / using-named-graph-uri are not supported; "
                                 "write USING / USING NAMED in the update itself")
    engine().update(text)
    return Response(status=204)
