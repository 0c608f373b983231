"""Who may write: whoever holds the token the server was started with, and nobody without one."""
from __future__ import annotations

import hmac

from flask import current_app, request

from .http_errors import ProtocolError


def require_token() -> None:
    """Refuse a write unless it carries `Authorization: Bearer <token>` (compared in constant
    time, so the answer's timing does not leak how much of a guess was right)."""
    token = current_app.extensions["conflict-kg"].settings.token
    if not token:
        raise ProtocolError(403, "updates are disabled on this server (start it with --token "
                                 "or CKG_TOKEN to enable them)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ProtocolError(401, "this needs a bearer token: Authorization: Bearer <token>",
                            {"WWW-Authenticate": 'Bearer realm="conflict-kg"'})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ProtocolError(403, "wrong token")
