"""The conflict-kg server: SPARQL endpoint, Graph Store, query page, canned-query API and
Linked Data pages over an embedded store or a remote SPARQL endpoint.

Imports are deferred so that the query workers, which import `server.worker`, do not load
Flask and the views.
"""
from __future__ import annotations

__all__ = ["create_app", "run"]


def create_app(location_or_store, settings=None, **options):
    from .app import create_app as factory

    return factory(location_or_store, settings, **options)


def run(location, settings, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    from .serve import run as serve

    serve(location, settings, host=host, port=port, threads=threads)
