"""Running the app on waitress, a production WSGI server (pure Python, threads, no C build):
its threads only copy bytes between sockets and the worker pool (or wait on a remote
endpoint), so they are enough."""
from __future__ import annotations

import logging

from waitress import serve

from kg.config import Settings

from .app import close_app, create_app


def run(location, settings: Settings, *, host: str = "127.0.0.1", port: int = 8000,
        threads: int = 8) -> None:
    """Serve until interrupted: one query worker (or slot at a remote endpoint) per waitress
    thread, so no request waits for one while another thread idles."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(location, settings, workers=threads)
    logging.getLogger("conflict-kg.server").info(
        "serving %s on http://%s:%d/ (%d threads, query time limit %g s, updates %s)",
        location, host, port, threads, settings.query_timeout,
        "on" if settings.token else "off")
    try:
        serve(app, host=host, port=port, threads=threads, ident="conflict-kg",
              max_request_body_size=settings.max_request_bytes, channel_timeout=120)
    finally:
        close_app(app)
