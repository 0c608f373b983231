"""Whole-graph downloads, streamed from a worker as it serializes, without the build's
internal extraction records."""
from __future__ import annotations

from flask import Blueprint, Response, current_app

from .formats import CONTENT_TYPES

blueprint = Blueprint("downloads", __name__)


def _download(fmt: str, filename: str, *, gzip: bool) -> Response:
    answer = current_app.extensions["conflict-kg"].dump(fmt, gzip=gzip)
    content_type = "application/gzip" if gzip else CONTENT_TYPES[fmt]
    response = Response(answer, content_type=content_type, direct_passthrough=True)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blueprint.route("/dump.ttl")
def turtle():
    return _download("turtle", "conflict-kg.ttl", gzip=False)


@blueprint.route("/dump.nq.gz")
def nquads():
    return _download("nquads", "conflict-kg.nq.gz", gzip=True)
