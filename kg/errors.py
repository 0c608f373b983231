"""The errors conflict-kg raises. Users catch these, never a library's own exceptions.

Each carries a stable code (``CKG###``) so that messages can be searched for in the docs and
in logs. Lower-level errors (rdflib, pyoxigraph, OS) are translated where they cross into kg.
"""
from __future__ import annotations


class KGError(Exception):
    """Something conflict-kg could not do; the message says what and where."""

    code = "CKG000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(KGError):
    """An input file or record could not be read as an article."""

    code = "CKG100"

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ExtractionError(KGError):
    """The extractor failed on an article that could be read."""

    code = "CKG200"


class LinkingError(KGError):
    """A catalog file is malformed, or an online look-up failed in a way that matters."""

    code = "CKG300"


class StoreError(KGError):
    """The store could not be opened, read or written (locked, read-only, full disk…)."""

    code = "CKG400"


class QueryError(KGError):
    """A SPARQL query is malformed or failed."""

    code = "CKG500"


class QueryTimeout(QueryError):
    """A SPARQL query ran past its time limit and was stopped."""

    code = "CKG501"
