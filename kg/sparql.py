"""Query results for people and programs, and safe parameter binding.

Parameters are bound as pyoxigraph substitutions (values for variables), never spliced into
the query text, so a value cannot change what a query does.
"""
from __future__ import annotations

import re

import pyoxigraph as ox
from rich.table import Table

from .iris import PREFIXES

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


def term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value: '<iri>' or an absolute http(s) IRI is an IRI, else a string."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return ox.NamedNode(value)
    return ox.Literal(value)


def bind_parameters(params: dict[str, str]) -> dict[ox.Variable, ox.Term] | None:
    if not params:
        return None
    bound = {}
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ValueError(f"not a variable name: {name!r}")
        bound[ox.Variable(name)] = term(value)
    return bound


def shorten(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, ox.NamedNode):
        return shorten(value.value)
    if isinstance(value, ox.Literal):
        return value.value
    return str(value)


def render(result, fmt: str, console) -> None:
    """Print a query result: a table for people, or a standard serialization."""
    import sys

    if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
        console.print("true" if bool(result) else "false")
        return
    if isinstance(result, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
        sys.stdout.buffer.write(ox.serialize(result, format=rdf_format,
                                             prefixes=PREFIXES if fmt == "turtle" else None))
        return
    if fmt in RESULT_FORMATS:
        sys.stdout.buffer.write(result.serialize(format=RESULT_FORMATS[fmt]))
        sys.stdout.flush()
        return
    variables = [v.value for v in result.variables]
    table = Table(*variables, show_lines=False)
    rows = 0
    for solution in result:
        table.add_row(*(show(solution[v]) for v in variables))
        rows += 1
    console.print(table)
    console.print(f"{rows} row{'s' if rows != 1 else ''}")
