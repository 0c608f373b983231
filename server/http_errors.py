"""Errors as HTTP answers: a status and a message a person can read.

Views raise `ProtocolError`; errors from kg (QueryTimeout, QueryError, StoreError, Refused) are
translated here, at the boundary, so each view does not need its own try/except.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError, QueryError, QueryTimeout, StoreError

from .engine import Refused

log = logging.getLogger("conflict-kg.server")


class ProtocolError(Exception):
    """A request the protocol says to refuse, with the status to refuse it with."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    """Plain text for programs and curl; JSON when the client asked for JSON (the query page)."""
    best = request.accept_mimetypes.best_match(["text/plain", "application/json"])
    if best == "application/json" and request.accept_mimetypes["application/json"] > \
            request.accept_mimetypes["text/plain"]:
        body, mimetype = json.dumps({"status": status, "error": message}), "application/json"
    else:
        body, mimetype = message + "\n", "text/plain"
    response = Response(body, status=status, mimetype=mimetype)
    response.headers.update(headers or {})
    return response


def install(app: Flask) -> None:
    @app.errorhandler(ProtocolError)
    def _protocol(error: ProtocolError):
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(QueryTimeout)
    def _timeout(error: QueryTimeout):
        return error_response(503, f"query stopped: {error}")

    @app.errorhandler(Refused)
    def _refused(error: Refused):
        return error_response(error.status, str(error))

    @app.errorhandler(QueryError)
    def _query(error: QueryError):
        return error_response(400, str(error))

    @app.errorhandler(StoreError)
    def _store(error: StoreError):
        log.warning("store error: %s", error)
        return error_response(503, str(error))

    @app.errorhandler(KGError)
    def _kg(error: KGError):
        return error_response(500, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code == 413:
            return error_response(413, "the request is larger than this server accepts")
        return error_response(error.code or 500, error.description or error.name)
