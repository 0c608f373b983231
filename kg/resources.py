"""Where the ontology, the shapes and the example queries are, installed or in a checkout.

They live at the top of the repository (``ontology/``, ``queries/``) and are copied into the
wheel as ``kg/_bundled/``; an editable install or a plain checkout reads them in place.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"conflict-kg is installed without its {name}/ folder")


def ontology_dir() -> Path:
    return _bundled("ontology")


def queries_dir() -> Path:
    return _bundled("queries")


def ontology_file() -> Path:
    return ontology_dir() / "conflict-kg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def catalog_file() -> Path:
    return PACKAGE / "catalog" / "entities.tsv"


@cache
def ontology_bytes() -> bytes:
    return ontology_file().read_bytes()
