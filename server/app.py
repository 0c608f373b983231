"""The app factory: one Flask app around one Engine (the store, embedded or remote)."""
from __future__ import annotations

from flask import Flask, Response, jsonify, request

from kg.config import Settings

from . import api, downloads, graph_store, http_errors, pages, protocol
from .engine import Engine

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
    "Access-Control-Expose-Headers": "X-Result-Truncated, X-Result-Limit, Content-Disposition",
    "Access-Control-Max-Age": "86400",
}


def create_app(location_or_store, settings: Settings | None = None, *, workers: int = 4) -> Flask:
    """A WSGI app serving the store at `location_or_store`: a folder, or an embedded store
    whose folder the query workers open read-only (they start before this returns); or the
    URL of a SPARQL endpoint, or a `RemoteStore` (the endpoint must answer before this
    returns; `settings` carry its other URLs and credentials)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False
    engine = Engine(location_or_store, settings, workers=workers)
    app.extensions["conflict-kg"] = engine
    http_errors.install(app)
    for module in (protocol, graph_store, pages, api, downloads):
        app.register_blueprint(module.blueprint)

    @app.before_request
    def _preflight():
        if request.method == "OPTIONS":
            return Response(status=204)
        return None

    @app.after_request
    def _cors(response: Response) -> Response:
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.route("/health")
    def health():
        answer, status = engine.health()
        return jsonify(answer), status

    return app


def close_app(app: Flask) -> None:
    """Stop the app's worker processes."""
    app.extensions["conflict-kg"].close()
